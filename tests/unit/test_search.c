/* Search: folding and cutting words (generator/search/search_text), the
 * index files (search_index), and whole builds with the portal theme whose
 * index is queried by the theme's own script in Node
 * (tests/tools/search-query.mjs), so ranking is tested on real output. */
#include "../test.h"
#include "../../generator/search/search_index.h"
#include "../../generator/search/search_text.h"
#include "../../generator/util/buf.h"
#include "../../generator/util/fs.h"

#include <stdlib.h>
#include <utf8proc.h>

static const char *folded(const char *s, buf *b)
{
    buf_clear(b);
    search_fold(s, strlen(s), b);
    return b->data;
}

static const char *lowered(const char *s, buf *b)
{
    buf_clear(b);
    search_lower(s, strlen(s), b);
    return b->data;
}

static void folding(void)
{
    buf b = BUF_INIT;
    CHECK_STR(folded("Quyền", &b), "quyen");
    CHECK_STR(folded("quyên", &b), "quyen");
    CHECK_STR(folded("ĐẾN", &b), "den");
    CHECK_STR(folded("đến", &b), "den");
    CHECK_STR(folded("Đắk Lắk", &b), "dak lak");
    CHECK_STR(folded("Ngọc", &b), "ngoc");
    CHECK_STR(folded("Hmoob", &b), "hmoob");
    CHECK_STR(folded("Ærø Łódź Straße", &b), "aero lodz strasse");
    CHECK_STR(folded("ภาษาไทย", &b), "ภาษาไทย"); /* Thai vowel marks are not tones */
    /* the exact form keeps NFC letters whole (lunr's add-on turns "giá" into "gi") */
    CHECK_STR(lowered("Giá", &b), "giá");
    CHECK_STR(lowered("QUYỀN", &b), "quyền");
    /* decomposed input folds the same */
    CHECK_STR(folded("quye\xcc\x82\xcc\x80n", &b), "quyen");
    buf_release(&b);
}

static void collect(void *ud, const char *w, size_t len)
{
    buf *b = ud;
    if (b->len) buf_putc(b, '|');
    buf_put(b, w, len);
}

static const char *cut(const char *s, const char *lang, buf *b)
{
    buf_clear(b);
    search_words(s, strlen(s), lang, collect, b);
    return b->data;
}

static void cutting(void)
{
    buf b = BUF_INIT;
    CHECK_STR(cut("Quyền trẻ em, 2024: tự-do!", "vi", &b), "Quyền|trẻ|em|2024|tự|do");
    CHECK_STR(cut("  ", "vi", &b), "");
    CHECK_STR(cut("ภาษาไทย", "th", &b), "ภาษา|ไทย");
    CHECK_STR(cut("abcภาษาไทย def", "th", &b), "abc|ภาษา|ไทย|def");
    CHECK_STR(cut("ສິດທິມະນຸດ", "lo", &b), "ສິດທິ|ມະນຸດ");
    /* over SEARCH_WORD_MAX bytes: not a word anyone types */
    CHECK_STR(cut("a aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa b", "en", &b),
              "a|b");
    buf_release(&b);
}

/* Files written by search_index_write, concatenated "rel\n<data>\n". */
static int keep(void *ud, const char *rel, const char *data, size_t len)
{
    buf *b = ud;
    buf_printf(b, "%s\n", rel);
    buf_put(b, data, len);
    buf_putc(b, '\n');
    return 0;
}

static void small_index(buf *out, unsigned jobs)
{
    struct search_index *x = search_index_new(3, jobs, "vi");
    const char *h[] = {"Quyền được học"};
    const char *t2 = "Trẻ em có quyền. Quyền, quyền.", *t0 = "quyên góp cho trẻ em";
    search_index_add(x, 0, 2, "Quyền trẻ em", h, 1, t2, strlen(t2));
    search_index_add(x, jobs - 1, 0, "Quyên góp", NULL, 0, t0, strlen(t0));
    search_index_add(x, 0, 1, "Đến trường", NULL, 0, "đến", strlen("đến"));
    CHECK_INT(search_index_write(x, keep, out), 0);
    struct search_stats st;
    search_index_stats(x, &st);
    CHECK_INT(st.docs, 3);
    CHECK_INT(st.shards, 1);
    search_index_free(x);
}

static void index_files(void)
{
    buf a = BUF_INIT, b = BUF_INIT;
    small_index(&a, 1);
    CHECK_HAS(a.data,
              "meta.json\n{\"v\":2,\"lang\":\"vi\",\"docs\":3,\"group\":4,\"shards\":[[\"cho\",\"w/0-");
    /* doc 2: title 8 + heading 4 + 3 in the text = 15 -> (2+1)*16+15; doc 0 ("quyên") -> 1*16+8+1 */
    CHECK_HAS(a.data, "[\"quyen\",\"quyên\",[25],\"quyền\",[63]]");
    CHECK_HAS(a.data, "[\"den\",\"đến\",[41]]"); /* doc 1: title and once in the text */
    CHECK_HAS(a.data, "[\"em\",\"\",[17,41]]"); /* doc 0 once; doc 2 title + twice */
    small_index(&b, 3); /* other workers, same bytes */
    CHECK_STR(a.data, b.data);
    buf_release(&a);
    buf_release(&b);
}

static void many_shards(void)
{
    enum { N = 400 };
    struct search_index *x = search_index_new(N, 1, "en");
    buf text = BUF_INIT, out = BUF_INIT;
    for (int d = 0; d < N; d++) {
        buf_clear(&text);
        for (int w = 0; w < 60; w++) buf_printf(&text, "w%dx%d ", (d * 7 + w * 13) % 3000, w % 5);
        search_index_add(x, 0, (size_t)d, "Title", NULL, 0, text.data, text.len);
    }
    CHECK_INT(search_index_write(x, keep, &out), 0);
    struct search_stats st;
    search_index_stats(x, &st);
    CHECK(st.shards > 3);
    /* every shard is under the limit but for its last key, and the entry lists them in order */
    CHECK_HAS(out.data, "\"docs\":400,\"group\":4,\"shards\":[[\"title\",\"w/0-");
    CHECK(strstr(out.data, "w/1-") != NULL);
    buf_release(&text);
    buf_release(&out);
    search_index_free(x);
}

/* --- whole builds, queried with the theme's script -------------------------------- */

static void page(const char *dir, const char *rel, const char *title, const char *date,
                 const char *body)
{
    buf b = BUF_INIT;
    buf_printf(&b, "---\ntitle: \"%s\"\ndate: %s\n---\n%s\n", title, date, body);
    t_write(dir, rel, b.data);
    buf_release(&b);
}

static void site(const char *d)
{
    t_write(d, "content/site.yml",
            "title: T\ntheme: portal\nbase_url: https://x.test/sub/\n"
            "default_language: vi\nlanguages:\n  vi: {name: Tiếng Việt}\n  en: {name: English}\n"
            "  th: {name: ไทย}\n  lo: {name: ລາວ}\n  km: {name: ខ្មែរ}\n");
    t_write(d, "content/_index.md", "---\ntitle: Trang chủ\n---\n");
    t_write(d, "content/tin/_index.md", "---\ntitle: Tin tức\n---\n");
    page(d, "content/tin/crc.md", "Công ước về quyền trẻ em", "2024-01-01",
         "Mọi trẻ em đều có quyền được học.\n\n## Điều 28\n\nGiáo dục.");
    page(d, "content/tin/gop.md", "Quyên góp sách vở", "2024-02-01",
         "Bà con quyên góp cho trẻ em vùng cao; quyên góp.");
    page(d, "content/tin/den.md", "Đường đến trường", "2024-03-01", "Đi học đến lớp mỗi ngày.");
    page(d, "content/tin/khac.md", "Trẻ em và quyền", "2024-04-01", "Một bài khác về trẻ em.");
    page(d, "content/tin/crc.en.md", "Convention on the Rights of the Child", "2024-01-01",
         "Every child has the right to education.");
    page(d, "content/tin/gop.en.md", "Book drive", "2024-02-01", "Rights and books for children.");
    page(d, "content/tin/crc.th.md", "อนุสัญญาว่าด้วยสิทธิเด็ก", "2024-01-01", "เด็กทุกคนมีสิทธิในการศึกษา");
    page(d, "content/tin/gop.th.md", "บริจาคหนังสือ", "2024-02-01", "หนังสือสำหรับเด็ก");
    page(d, "content/tin/crc.lo.md", "ສົນທິສັນຍາວ່າດ້ວຍສິດທິເດັກ", "2024-01-01", "ເດັກທຸກຄົນມີສິດທິໃນການສຶກສາ");
    page(d, "content/tin/gop.lo.md", "ບໍລິຈາກປຶ້ມ", "2024-02-01", "ປຶ້ມສຳລັບເດັກນ້ອຍ");
    page(d, "content/tin/crc.km.md", "អនុសញ្ញាស្តីពីសិទ្ធិកុមារ", "2024-01-01", "កុមារគ្រប់រូបមានសិទ្ធិទទួលការអប់រំ");
    page(d, "content/tin/gop.km.md", "ការបរិច្ចាគសៀវភៅ", "2024-02-01", "សៀវភៅសម្រាប់កុមារ");
}

static char *query(const char *out, const char *prefix, const char *q)
{
    buf cmd = BUF_INIT, res = BUF_INIT;
    buf_printf(&cmd, "node tests/tools/search-query.mjs %s '%s' '%s' 2>&1", out, prefix, q);
    if (!CHECK_INT_OK(t_run(cmd.data, &res), 0)) fprintf(stderr, "%s\n", res.data);
    buf_release(&cmd);
    return buf_detach(&res);
}

/* The URL of the first result, "" if none. */
static void first_is(const char *out, const char *prefix, const char *q, const char *url)
{
    char *r = query(out, prefix, q);
    char *nl = strchr(r, '\n');
    char *tab = nl ? strchr(nl + 1, '\t') : NULL;
    const char *got = tab ? (*tab = '\0', nl + 1) : "";
    if (!CHECK_STR(got, url)) fprintf(stderr, "    query '%s' gave:\n%s", q, r);
    free(r);
}

static void built_index(void)
{
    char *d = t_tmpdir("search");
    site(d);
    buf cmd = BUF_INIT, log = BUF_INIT;
    buf_printf(
        &cmd,
        "cd %s && SOURCE_DATE_EPOCH=1767225600 %s build --theme %s/themes/portal --quiet 2>&1", d,
        t_loa(), getenv("PWD") ? getenv("PWD") : ".");
    if (!CHECK_INT_OK(t_run(cmd.data, &log), 0)) fprintf(stderr, "%s\n", log.data);
    char *out = fs_join(d, "output");
    buf f = BUF_INIT;
    char *meta = fs_join(out, "search/meta.json");
    CHECK_INT(fs_read_file(meta, &f), 0);
    CHECK_HAS(f.data, "\"lang\":\"vi\",\"docs\":5,"); /* 4 pages and the section with text */
    free(meta);
    buf_clear(&f);
    char *frag = fs_join(out, "en/search/f/0.json");
    CHECK_INT(fs_read_file(frag, &f), 0);
    CHECK_HAS(f.data, "[{\"url\":\"tin/crc/\",\"title\":\"Convention on the Rights of the Child\"");
    free(frag);
    buf_clear(&f);
    /* results go 4 to a file, oldest first: the fifth vi page is alone in f/1.json */
    frag = fs_join(out, "search/f/1.json");
    CHECK_INT(fs_read_file(frag, &f), 0);
    CHECK(f.data[0] == '[' && f.data[1] == '{' && strstr(f.data, "},") == NULL);
    CHECK_HAS(f.data, "\"url\":\"tin/khac/\"");
    free(frag);
    buf_clear(&f);
    frag = fs_join(out, "search/f/0.json");
    CHECK_INT(fs_read_file(frag, &f), 0);
    CHECK(f.data[0] == '[' && strstr(f.data, "\"url\":\"tin/crc/\"") != NULL &&
          strstr(f.data, "\"url\":\"tin/den/\"") != NULL);
    free(frag);
    buf_clear(&f);
    char *html = fs_join(out, "en/search/index.html");
    CHECK_INT(fs_read_file(html, &f), 0);
    CHECK_HAS(f.data, "<h1>Search</h1>");
    CHECK_HAS(f.data, "data-loa-search data-page=\"1\"");
    CHECK_HAS(f.data, "<noscript>");
    CHECK_HAS(f.data, "href=\"/sub/en/tin/\""); /* the sections, under base_url */
    free(html);
    first_is(out, "", "quyen tre em", "tin/crc/");
    first_is(out, "", "den", "tin/den/");
    first_is(out, "", "quyền", "tin/crc/"); /* title and text have the word */
    first_is(out, "", "quyên", "tin/gop/");
    first_is(out, "", "quyên góp", "tin/gop/");
    first_is(out, "", "cong uoc quyen tre em", "tin/crc/");
    first_is(out, "en/", "rights of the child", "tin/crc/");
    first_is(out, "en/", "book", "tin/gop/");
    first_is(out, "th/", "สิทธิ", "tin/crc/"); /* prefix of what is typed in Thai */
    first_is(out, "th/", "อนุสัญ", "tin/crc/");
    first_is(out, "th/", "หนังสื", "tin/gop/"); /* typed half-way through a word */
    first_is(out, "lo/", "ສິດທິ", "tin/crc/");
    first_is(out, "lo/", "ປຶ້", "tin/gop/");
    first_is(out, "km/", "សិទ្ធិ", "tin/crc/");
    first_is(out, "km/", "សៀវភ", "tin/gop/");
    /* with tones, the same tones first (quyên is the strongest match for
     * "quyen" but comes after both quyền pages); prefix while typing */
    char *r = query(out, "", "quyền");
    CHECK(strstr(r, "tin/khac/") && strstr(r, "tin/gop/") &&
          strstr(r, "tin/khac/") < strstr(r, "tin/gop/"));
    free(r);
    r = query(out, "", "quyen");
    CHECK(strstr(r, "tin/gop/") && strstr(r, "tin/khac/") &&
          strstr(r, "tin/gop/") < strstr(r, "tin/khac/"));
    free(r);
    r = query(out, "", "quy");
    CHECK(strstr(r, "tin/crc/") && strstr(r, "tin/gop/") && strstr(r, "tin/khac/"));
    free(r);
    buf_release(&f);
    buf_release(&cmd);
    buf_release(&log);
    free(out);
    CHECK_INT(t_tmpdir_done(d), 0);
}

static void turned_off(void)
{
    char *d = t_tmpdir("search-off");
    site(d);
    t_write(d, "content/site.yml", "title: T\ntheme: portal\nsearch: false\n");
    buf cmd = BUF_INIT, log = BUF_INIT;
    buf_printf(&cmd, "cd %s && %s build --theme %s/themes/portal --quiet 2>&1 && ls output", d,
               t_loa(), getenv("PWD") ? getenv("PWD") : ".");
    CHECK_INT(t_run(cmd.data, &log), 0);
    CHECK_NOT_HAS(log.data, "search");
    buf_release(&cmd);
    buf_release(&log);
    CHECK_INT(t_tmpdir_done(d), 0);
}

/* A content page at /search/ keeps its URL; the search page steps aside. */
static void content_wins(void)
{
    char *d = t_tmpdir("search-taken");
    site(d);
    page(d, "content/search.md", "Tra cứu văn bản", "2024-05-01", "Trang của nội dung.");
    buf cmd = BUF_INIT, log = BUF_INIT;
    buf_printf(&cmd,
               "cd %s && %s build --theme %s/themes/portal 2>&1 && cat output/search/index.html", d,
               t_loa(), getenv("PWD") ? getenv("PWD") : ".");
    CHECK_INT(t_run(cmd.data, &log), 0);
    CHECK_HAS(log.data,
              "warning: the search page /sub/search/ is not written: a content page has that URL");
    CHECK_HAS(log.data, "Trang của nội dung.");
    buf_release(&cmd);
    buf_release(&log);
    CHECK_INT(t_tmpdir_done(d), 0);
}

/* Pages are indexed in batches of 256 KB of text per worker: 300 pages of
 * 3 KB on two workers take several batches (and the last one at write);
 * every page's postings come out as if indexed one by one, and one form
 * written three ways (case, tones) is one key with its two exact forms. */
static void batches(void)
{
    enum { N = 300 };
    struct search_index *x = search_index_new(N, 2, "vi");
    buf text = BUF_INIT, out = BUF_INIT, want = BUF_INIT;
    for (int d = 0; d < N; d++) {
        buf_clear(&text);
        buf_printf(&text, "doc%dx %s ", d, d % 2 ? "QUYỀN Quyền" : "quyên");
        while (text.len < 3000) buf_puts(&text, "lorem ipsum ");
        search_index_add(x, (unsigned)(d % 2), (size_t)d, NULL, NULL, 0, text.data, text.len);
    }
    CHECK_INT(search_index_write(x, keep, &out), 0);
    int bad = 0;
    for (int d = 0; d < N; d++) {   /* once in the text: (d - -1) * 16 + 1 */
        buf_clear(&want);
        buf_printf(&want, "[\"doc%dx\",\"\",[%d]]", d, (d + 1) * 16 + 1);
        bad += strstr(out.data, want.data) == NULL;
    }
    CHECK_INT(bad, 0);
    /* odd pages have "quyền" twice (weight 2), even ones "quyên" once; deltas of 2 docs */
    CHECK_HAS(out.data, "[\"quyen\",\"quyên\",[17,33,33,");
    CHECK_HAS(out.data, "\"quyền\",[34,34,34,");
    buf_release(&text);
    buf_release(&out);
    buf_release(&want);
    search_index_free(x);
}

/* Two-byte letters and U+1E00-U+1EFF are lowered and classed from tables
 * (no utf8proc per letter): each must agree with utf8proc, alone and
 * between ASCII letters. */
static int latin_agrees(utf8proc_int32_t cp)
{
    char in[8] = "a", want[8] = "a", out[SEARCH_LOWER_MAX];
    size_t n = 1 + (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)in + 1);
    utf8proc_int32_t lo = utf8proc_tolower(cp);
    size_t wn = 1 + (size_t)utf8proc_encode_char(lo, (utf8proc_uint8_t *)want + 1);
    size_t got = search_lower_word(in, n, out);
    utf8proc_category_t c = utf8proc_category(cp);
    int word = (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_ME) ||
               (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO);
    buf b = BUF_INIT, w = BUF_INIT;
    buf_put(&w, in, word ? n : 1);   /* a letter joins a and b, anything else parts them */
    buf_puts(&w, word ? "b" : "|b");
    in[n++] = 'b';
    in[n] = '\0';
    search_words(in, n, "vi", collect, &b);
    int ok = got == wn && !memcmp(out, want, wn);
    ok = ok && b.len == w.len && !memcmp(b.data, w.data, b.len);
    buf_release(&b);
    buf_release(&w);
    return ok;
}

static void latin_tables(void)
{
    int bad = 0;
    for (utf8proc_int32_t cp = 0x80; cp < 0x800; cp++) bad += !latin_agrees(cp);
    for (utf8proc_int32_t cp = 0x1E00; cp < 0x1F00; cp++) bad += !latin_agrees(cp);
    CHECK_INT(bad, 0);
    char out[SEARCH_LOWER_MAX];
    CHECK_INT((int)search_lower_word("Ngọc ĐẾN", strlen("Ngọc ĐẾN"), out), 13);
    CHECK(!memcmp(out, "ngọc đến", 13));
    buf b = BUF_INIT;
    CHECK_STR(cut("Quyền trẻ em, Đắk Lắk; İstanbul", "vi", &b), "Quyền|trẻ|em|Đắk|Lắk|İstanbul");
    buf_release(&b);
}

/* JSON strings of the result and index files: runs of eight plain bytes
 * copied at once, every control character, quote and backslash escaped
 * wherever it falls in a run of eight, UTF-8 kept as it is. */
static void json_strings(void)
{
    static const struct { const char *in, *out; } cases[] = {
        {"", "\"\""},
        {"plain text of more than eight bytes", "\"plain text of more than eight bytes\""},
        {"a\nb", "\"a\\u000ab\""},
        {"12345678\"12345678\\1234567\t", "\"12345678\\\"12345678\\\\1234567\\u0009\""},
        {"Quyền trẻ em\x1f\x7f", "\"Quyền trẻ em\\u001f\x7f\""},
        {"\x01\x02\x03\x04\x05\x06\x07\x08\x09", "\"\\u0001\\u0002\\u0003\\u0004\\u0005"
                                                "\\u0006\\u0007\\u0008\\u0009\""},
        {"</script> & <b>", "\"</script> & <b>\""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        buf b = BUF_INIT;
        search_json_str(&b, cases[i].in, strlen(cases[i].in));
        CHECK_STR(b.data, cases[i].out);
        buf_release(&b);
    }
}

void suite_search(void)
{
    json_strings();
    folding();
    latin_tables();
    batches();
    cutting();
    index_files();
    many_shards();
    built_index();
    turned_off();
    content_wins();
}
