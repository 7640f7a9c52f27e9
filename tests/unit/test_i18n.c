/* i18n: ICU-backed plurals, numbers, dates, collation and OpenGraph
 * locales (locale.c), and the UI strings of i18n/<code>.yml (strings.c). */
#include "../test.h"
#include "../../generator/i18n/locale.h"
#include "../../generator/i18n/strings.h"
#include "../../generator/data/value.h"
#include "../../generator/util/arena.h"
#include "../../generator/util/buf.h"
#include "../../generator/util/diag.h"
#include "../../generator/util/fs.h"

#include <pthread.h>
#include <stdlib.h>

#define CHAIN(...) (const char *const[]){__VA_ARGS__}, \
    sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *)

static void test_knows(void)
{
    CHECK(i18n_icu_knows("vi"));
    CHECK(i18n_icu_knows("en"));
    CHECK(i18n_icu_knows("km"));
    CHECK(i18n_icu_knows("vi-VN"));
    CHECK(i18n_icu_knows("pt_BR"));
    CHECK(i18n_icu_knows("zh-Hant"));
    CHECK(!i18n_icu_knows("hmn"));
    CHECK(!i18n_icu_knows("rad"));
    CHECK(!i18n_icu_knows("blt"));
    CHECK(!i18n_icu_knows("default"));
    CHECK(!i18n_icu_knows(""));
    CHECK(!i18n_icu_knows(NULL));
    CHECK(!i18n_icu_knows("vi VN"));
    CHECK(!i18n_icu_knows("root"));
}

static void test_plurals(void)
{
    CHECK_STR(i18n_plural(CHAIN("vi"), 1), "other");
    CHECK_STR(i18n_plural(CHAIN("vi"), 0), "other");
    CHECK_STR(i18n_plural(CHAIN("en"), 1), "one");
    CHECK_STR(i18n_plural(CHAIN("en"), 0), "other");
    CHECK_STR(i18n_plural(CHAIN("en"), 2), "other");
    CHECK_STR(i18n_plural(CHAIN("fr"), 0), "one");
    CHECK_STR(i18n_plural(CHAIN("fr"), 1.5), "one");
    CHECK_STR(i18n_plural(CHAIN("fr"), 2), "other");
    CHECK_STR(i18n_plural(CHAIN("fr"), 1000000), "many");
    CHECK_STR(i18n_plural(CHAIN("ru"), 1), "one");
    CHECK_STR(i18n_plural(CHAIN("ru"), 21), "one");
    CHECK_STR(i18n_plural(CHAIN("ru"), 3), "few");
    CHECK_STR(i18n_plural(CHAIN("ru"), 5), "many");
    CHECK_STR(i18n_plural(CHAIN("ru"), 11), "many");
    CHECK_STR(i18n_plural(CHAIN("ru"), 1.5), "other");
    CHECK_STR(i18n_plural(CHAIN("ar"), 0), "zero");
    CHECK_STR(i18n_plural(CHAIN("ar"), 2), "two");
    CHECK_STR(i18n_plural(CHAIN("ar"), 3), "few");
    CHECK_STR(i18n_plural(CHAIN("ar"), 11), "many");
    CHECK_STR(i18n_plural(CHAIN("ar"), 100), "other");
    /* hmn is skipped: the next language's rules apply. */
    CHECK_STR(i18n_plural(CHAIN("hmn", "vi"), 1), "other");
    CHECK_STR(i18n_plural(CHAIN("hmn", "en"), 1), "one");
    CHECK_STR(i18n_plural(CHAIN("hmn", "rad", "blt"), 1), "other");
    CHECK_STR(i18n_plural(NULL, 0, 1), "other");
}

static void check_number(const char *lang, double x, const char *exp)
{
    buf b = BUF_INIT;
    CHECK_INT(i18n_format_number(&lang, 1, x, &b), 0);
    CHECK_STR(b.data, exp);
    buf_release(&b);
}

static void test_numbers(void)
{
    check_number("vi", 1234, "1.234");
    check_number("en", 1234, "1,234");
    check_number("fr", 1234.5, "1\u202f234,5");
    check_number("hmn", 7, "7");   /* root locale */
}

/* Formats and compares; exp NULL means the call must fail. */
static void check_date(const char *const *chain, size_t n, int y, int m, int d,
                       enum i18n_date_style st, const char *pattern, const char *exp)
{
    buf b = BUF_INIT;
    int r = i18n_format_date(chain, n, y, m, d, st, pattern, &b);
    if (exp) {
        CHECK_INT(r, 0);
        CHECK_STR(b.data, exp);
    } else {
        CHECK_INT(r, -1);
        CHECK_INT(b.len, 0);
    }
    buf_release(&b);
}

static void test_dates(void)
{
    const char *vi_long = "'ngày' d 'tháng' M 'năm' y";
    check_date(CHAIN("vi"), 2023, 12, 10, I18N_DATE_LONG, NULL, "ngày 10 tháng 12 năm 2023");
    check_date(CHAIN("vi"), 2023, 12, 10, I18N_DATE_LONG, vi_long, "ngày 10 tháng 12 năm 2023");
    check_date(CHAIN("vi"), 2023, 12, 10, I18N_DATE_SHORT, NULL, "10/12/2023");
    check_date(CHAIN("vi"), 2024, 1, 5, I18N_DATE_SHORT, NULL, "05/01/2024");
    check_date(CHAIN("vi"), 2023, 12, 10, I18N_DATE_LONG, "d MMMM y", "10 tháng 12 2023");
    check_date(CHAIN("en"), 2023, 12, 10, I18N_DATE_LONG, NULL, "December 10, 2023");
    check_date(CHAIN("en"), 2023, 12, 10, I18N_DATE_SHORT, NULL, "12/10/23");
    check_date(CHAIN("fr"), 2023, 12, 10, I18N_DATE_LONG, NULL, "10 décembre 2023");
    check_date(CHAIN("en"), 2023, 12, 10, I18N_DATE_LONG, "EEEE d MMMM", "Sunday 10 December");
    /* hmn: ICU-less; the vi locale formats, with hmn's own or vi's pattern. */
    check_date(CHAIN("hmn", "vi"), 2023, 12, 10, I18N_DATE_LONG, NULL, "ngày 10 tháng 12 năm 2023");
    check_date(CHAIN("hmn", "vi"), 2023, 12, 10, I18N_DATE_LONG, "'hnub' d 'lub' M 'xyoo' y",
               "hnub 10 lub 12 xyoo 2023");
    check_date(CHAIN("hmn", "en"), 2023, 12, 10, I18N_DATE_LONG, "d MMMM y", "10 December 2023");
    check_date(CHAIN("rad"), 2023, 12, 10, I18N_DATE_SHORT, "dd.MM.y", "10.12.2023");
    check_date(CHAIN("rad", "blt"), 2023, 12, 10, I18N_DATE_LONG, NULL, "2023-12-10");
    /* Calendar dates: no time zone shifts at the edges of the year. */
    check_date(CHAIN("en"), 2024, 1, 1, I18N_DATE_LONG, "y-MM-dd", "2024-01-01");
    check_date(CHAIN("en"), 2023, 12, 31, I18N_DATE_LONG, "y-MM-dd", "2023-12-31");
    check_date(CHAIN("en"), 2024, 2, 29, I18N_DATE_LONG, "y-MM-dd", "2024-02-29");
    check_date(CHAIN("en"), 1500, 3, 1, I18N_DATE_LONG, "y-MM-dd", "1500-03-01");
    check_date(CHAIN("en"), 1, 1, 1, I18N_DATE_LONG, "y-MM-dd", "1-01-01");
    check_date(CHAIN("en"), 2023, 2, 29, I18N_DATE_LONG, NULL, NULL);
    check_date(CHAIN("en"), 2023, 13, 1, I18N_DATE_LONG, NULL, NULL);
    check_date(CHAIN("en"), 2023, 4, 31, I18N_DATE_LONG, NULL, NULL);
    check_date(CHAIN("en"), 0, 1, 1, I18N_DATE_LONG, NULL, NULL);
    /* ICU would print nothing for unquoted Vietnamese: loa refuses it. */
    check_date(CHAIN("vi"), 2023, 12, 10, I18N_DATE_LONG, "ngày d tháng M năm y", NULL);
    check_date(CHAIN("vi"), 2023, 12, 10, I18N_DATE_LONG, "d 'tháng M", NULL);
    check_date(CHAIN("en"), 2023, 12, 10, I18N_DATE_LONG, "d 'o''clock'", "10 o'clock");
    buf why = BUF_INIT;
    CHECK_INT(i18n_date_pattern_check("ngày d", &why), -1);
    CHECK_STR(why.data, "letter 'n' is not an ICU date field; put literal text in single "
              "quotes, e.g. 'ngày' d 'tháng' M 'năm' y");
    buf_release(&why);
}

static void check_sorted(const char *lang, const char **items, size_t n, const char *exp)
{
    struct i18n_collator *c = i18n_collator_new(&lang, 1);
    i18n_sort_strings(c, items, n);
    buf got = BUF_INIT;
    for (size_t i = 0; i < n; i++) buf_printf(&got, "%s%s", i ? ", " : "", items[i]);
    CHECK_STR(got.data, exp);
    buf_release(&got);
    i18n_collator_free(c);
}

static int sign(int x) { return (x > 0) - (x < 0); }

static void test_collation(void)
{
    const char *prov[] = {"Đắk Lắk", "Điện Biên", "Dân tộc", "Em", "Bình Định"};
    check_sorted("vi", prov, 5, "Bình Định, Dân tộc, Đắk Lắk, Điện Biên, Em");
    const char *tones[] = {"ạ", "á", "a", "ã", "à", "ả"};
    check_sorted("vi", tones, 6, "a, à, ả, ã, á, ạ");
    const char *en[] = {"egg", "Zoo", "école", "apple", "eagle", "Apple"};
    check_sorted("en", en, 6, "apple, Apple, eagle, école, egg, Zoo");
    const char *root[] = {"b", "a", "B"};
    check_sorted("hmn", root, 3, "a, b, B");

    struct i18n_collator *vi = i18n_collator_new(CHAIN("hmn", "vi"));
    struct i18n_collator *cl = i18n_collator_clone(vi);
    CHECK(i18n_collate(vi, "Dân tộc", "Đắk Lắk") < 0);
    CHECK(i18n_collate(cl, "Em", "Điện Biên") > 0);
    CHECK(i18n_collate(cl, "Huế", "Huế") == 0);
    const char *pairs[][2] = {{"Dân", "Đắk"}, {"Em", "Điện"}, {"a", "ạ"}, {"x", "x"}, {"\xff", "a"}};
    for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
        buf ka = BUF_INIT, kb = BUF_INIT;
        CHECK(i18n_sort_key(vi, pairs[i][0], &ka) == ka.len);
        i18n_sort_key(vi, pairs[i][1], &kb);
        CHECK_INT(sign(strcmp(ka.data, kb.data)), sign(i18n_collate(vi, pairs[i][0], pairs[i][1])));
        buf_release(&ka);
        buf_release(&kb);
    }
    i18n_collator_free(cl);
    i18n_collator_free(vi);
}

static void test_og(void)
{
    CHECK_STR(i18n_og_locale("vi"), "vi_VN");
    CHECK_STR(i18n_og_locale("en"), "en_US");
    CHECK_STR(i18n_og_locale("fr"), "fr_FR");
    CHECK_STR(i18n_og_locale("zh"), "zh_CN");
    CHECK_STR(i18n_og_locale("km"), "km_KH");
    CHECK_STR(i18n_og_locale("pt-BR"), "pt_BR");
    CHECK_STR(i18n_og_locale("zh-Hant"), "zh_TW");
    CHECK_STR(i18n_og_locale("blt"), "blt_VN");
    CHECK_STR(i18n_og_locale("hmn"), "hmn");
    CHECK_STR(i18n_og_locale("rad"), "rad");
    CHECK_STR(i18n_og_locale("not a code"), "not a code");
}

/* Two threads (and more) share the cached formatters. */
static void *worker(void *arg)
{
    int *bad = arg;
    for (int i = 0; i < 300; i++) {
        buf b = BUF_INIT;
        i18n_format_date(CHAIN("hmn", "vi"), 2023, 12, 1 + i % 28, I18N_DATE_LONG, NULL, &b);
        buf want = BUF_INIT;
        buf_printf(&want, "ngày %d tháng 12 năm 2023", 1 + i % 28);
        if (strcmp(b.data, want.data)) (*bad)++;
        if (strcmp(i18n_plural(CHAIN("ru"), 3 + i % 2), "few")) (*bad)++;
        buf_clear(&b);
        i18n_format_number(CHAIN("en"), 1234, &b);
        if (strcmp(b.data, "1,234")) (*bad)++;
        buf_release(&b);
        buf_release(&want);
    }
    return NULL;
}

static void test_threads(void)
{
    pthread_t th[4];
    int bad[4] = {0};
    i18n_locale_cleanup();   /* the threads race to fill an empty cache */
    for (int i = 0; i < 4; i++) pthread_create(&th[i], NULL, worker, &bad[i]);
    for (int i = 0; i < 4; i++) pthread_join(th[i], NULL);
    CHECK_INT(bad[0] + bad[1] + bad[2] + bad[3], 0);
}

/* --- UI strings ---------------------------------------------------------------------- */

static char *tmp_tree(void)
{
    char tmpl[] = "/tmp/loa-i18n-XXXXXX";
    char *d = mkdtemp(tmpl);
    if (!d) { CHECK(!"mkdtemp"); return NULL; }
    return strdup(d);
}

static void put(const char *root, const char *rel, const char *text)
{
    char *p = fs_join(root, rel);
    CHECK_INT(fs_write_file(p, text, strlen(text)), 0);
    free(p);
}

static void write_site(const char *root)
{
    put(root, "themes/portal/i18n/vi.yml",
        "read_more: Đọc tiếp\nminutes: \"{count} phút\"\n"
        "date_long: \"'ngày' d 'tháng' M 'năm' y\"\nshare: Chia sẻ\n");
    put(root, "themes/portal/i18n/en.yml",
        "read_more: Read more\nminutes: {one: \"{count} minute\", other: \"{count} minutes\"}\n"
        "share: Share\nonly_en: English only\nyear: 2023\n");
    put(root, "themes/portal/i18n/hmn.yml", "read_more: Nyeem ntxiv\n");
    put(root, "content/i18n/en.yml", "promo: Visit Huế\n");
    put(root, "content/i18n/vi.yml", "share: Chia sẻ ngay\nsite_motto: Vì nhân dân\nyear: 2023\n");
}

static const struct i18n_lang *site_langs(void)
{
    static const char *const vi[] = {"vi"}, *const en[] = {"en", "vi"}, *const hmn[] = {"hmn", "vi"};
    static const struct i18n_lang langs[] = {
        {"vi", "Tiếng Việt", vi, 1}, {"en", "English", en, 2}, {"hmn", "H'Mông", hmn, 2}};
    return langs;
}

static struct i18n_strings *load_site(const char *root, buf *msgs)
{
    char *theme = fs_join(root, "themes/portal"), *content = fs_join(root, "content");
    diag_capture(msgs);
    struct i18n_strings *s = i18n_strings_load(theme, content, site_langs(), 3);
    diag_capture(NULL);
    free(theme);
    free(content);
    return s;
}

static void test_strings_resolve(struct i18n_strings *s)
{
    arena a = ARENA_INIT;
    value *vi = i18n_strings_for(s, CHAIN("vi"), &a);
    value *hmn = i18n_strings_for(s, CHAIN("hmn", "vi"), &a);
    value *en = i18n_strings_for(s, CHAIN("en", "vi"), &a);
    CHECK_STR(val_cstr(val_get(vi, "read_more")), "Đọc tiếp");
    CHECK_STR(val_cstr(val_get(vi, "share")), "Chia sẻ ngay");          /* content wins */
    CHECK_STR(val_cstr(val_get(vi, "year")), "2023");                   /* number as text */
    CHECK(val_get(vi, "only_en") == NULL);
    CHECK_STR(val_cstr(val_get(hmn, "read_more")), "Nyeem ntxiv");
    CHECK_STR(val_cstr(val_get(hmn, "share")), "Chia sẻ ngay");         /* from vi */
    CHECK_STR(val_cstr(val_get(en, "site_motto")), "Vì nhân dân");      /* from vi */
    CHECK_STR(val_cstr(val_path(en, "minutes.other")), "{count} minutes");
    CHECK_STR(val_cstr(val_path(en, "minutes.one")), "{count} minute");
    CHECK_INT(vi->u.map.n, 6);   /* date_long minutes read_more share site_motto year */
    arena_release(&a);
}

static void check_count(struct i18n_strings *s, const char *const *chain, size_t n,
                        const char *key, double count, const char *exp)
{
    buf b = BUF_INIT;
    CHECK_INT(i18n_t_count(s, chain, n, key, count, &b), exp ? 0 : -1);
    CHECK_STR(b.data, exp ? exp : "");
    buf_release(&b);
}

static void test_strings_count(struct i18n_strings *s)
{
    check_count(s, CHAIN("en", "vi"), "minutes", 1, "1 minute");
    check_count(s, CHAIN("en", "vi"), "minutes", 5, "5 minutes");
    check_count(s, CHAIN("en", "vi"), "minutes", 1234, "1,234 minutes");
    check_count(s, CHAIN("vi"), "minutes", 1234, "1.234 phút");
    check_count(s, CHAIN("hmn", "vi"), "minutes", 1, "1 phút");
    /* fr has no file: en's text, so en's grammar (0 is "one" in fr), fr digits. */
    check_count(s, CHAIN("fr", "en"), "minutes", 0, "0 minutes");
    check_count(s, CHAIN("fr", "en"), "minutes", 1500, "1\u202f500 minutes");
    check_count(s, CHAIN("en"), "read_more", 3, "Read more");
    check_count(s, CHAIN("hmn"), "minutes", 2, NULL);
    check_count(s, CHAIN("vi"), "nope", 2, NULL);
}

static void test_strings_dates(struct i18n_strings *s)
{
    const char *p = i18n_date_pattern(s, CHAIN("hmn", "vi"), I18N_DATE_LONG);
    CHECK_STR(p, "'ngày' d 'tháng' M 'năm' y");
    check_date(CHAIN("hmn", "vi"), 2023, 12, 10, I18N_DATE_LONG, p, "ngày 10 tháng 12 năm 2023");
    /* en stops at en: vi's pattern must not format an English date. */
    CHECK(i18n_date_pattern(s, CHAIN("en", "vi"), I18N_DATE_LONG) == NULL);
    CHECK(i18n_date_pattern(s, CHAIN("vi"), I18N_DATE_SHORT) == NULL);
}

static void test_strings(void)
{
    char *root = tmp_tree();
    if (!root) return;
    write_site(root);
    buf msgs = BUF_INIT, exp = BUF_INIT;
    unsigned w0 = diag_warnings();
    struct i18n_strings *s = load_site(root, &msgs);
    /* By language, then key; the file is where the key's other languages have it. */
    buf_printf(&exp,
        "%s/themes/portal/i18n/vi.yml: warning: UI string 'only_en' is missing for vi "
        "(Tiếng Việt); add it or it falls back to nothing [LOA-W1010]\n"
        "%s/content/i18n/vi.yml: warning: UI string 'promo' is missing for vi "
        "(Tiếng Việt); add it or it falls back to nothing [LOA-W1010]\n"
        "%s/themes/portal/i18n/hmn.yml: warning: UI string 'only_en' is missing for hmn "
        "(H'Mông); add it or it falls back to nothing [LOA-W1010]\n"
        "%s/content/i18n/hmn.yml: warning: UI string 'promo' is missing for hmn "
        "(H'Mông); add it or it falls back to nothing [LOA-W1010]\n", root, root, root, root);
    CHECK_STR(msgs.data, exp.data);
    CHECK_INT(diag_warnings() - w0, 4);
    test_strings_resolve(s);
    test_strings_count(s);
    test_strings_dates(s);
    i18n_strings_free(s);

    /* --strict: the same warnings are errors. */
    buf_clear(&msgs);
    unsigned e0 = diag_errors();
    diag_set_strict(1);
    i18n_strings_free(load_site(root, &msgs));
    diag_set_strict(0);
    CHECK_INT(diag_errors() - e0, 4);
    CHECK_HAS(msgs.data, "vi.yml: error: UI string 'only_en' is missing for vi (Tiếng Việt)");
    buf_release(&msgs);
    buf_release(&exp);
    fs_remove_tree(root);
    free(root);
}

static void test_strings_content_only(void)
{
    /* No theme folder, a language without a name: the content file is named. */
    char *root = tmp_tree();
    if (!root) return;
    put(root, "content/i18n/en.yml", "hello: Hello\n");
    char *content = fs_join(root, "content");
    static const char *const en[] = {"en"};
    struct i18n_lang langs[] = {{"en", NULL, en, 1}, {"rad", NULL, NULL, 0}};
    buf msgs = BUF_INIT, exp = BUF_INIT;
    diag_capture(&msgs);
    struct i18n_strings *s = i18n_strings_load(NULL, content, langs, 2);
    diag_capture(NULL);
    /* no strings anywhere in its chain: one warning naming the file to add, not one per string */
    buf_printf(&exp, "%s/i18n/rad.yml: warning: language rad has no UI strings, nor has any "
               "language it falls back to, so its menus and labels would be empty; add this file "
               "(copy %s/i18n/en.yml and translate it) [LOA-W1009]\n", content, content);
    CHECK_STR(msgs.data, exp.data);
    check_count(s, CHAIN("rad", "en"), "hello", 1, "Hello");
    i18n_strings_free(s);
    buf_release(&msgs);
    buf_release(&exp);
    free(content);
    fs_remove_tree(root);
    free(root);
}

static void test_strings_errors(void)
{
    char *root = tmp_tree();
    if (!root) return;
    put(root, "t/i18n/vi.yml",
        "ok: Fine\n"
        "list_value:\n"
        "  - a\n"
        "no_other: {one: \"x\"}\n"
        "bad_cat: {single: \"x\", other: \"y\"}\n"
        "nested: {other: [1]}\n"
        "empty:\n"
        "date_long: \"ngày d tháng M năm y\"\n"
        "date_short: {other: x}\n");
    put(root, "t/i18n/en.yml", "- just\n- a list\n");
    char *theme = fs_join(root, "t");
    static const char *const vi[] = {"vi"}, *const en[] = {"en", "vi"};
    struct i18n_lang langs[] = {{"vi", NULL, vi, 1}, {"en", NULL, en, 2}};
    buf msgs = BUF_INIT;
    unsigned e0 = diag_errors();
    diag_capture(&msgs);
    struct i18n_strings *s = i18n_strings_load(theme, NULL, langs, 2);
    diag_capture(NULL);
    CHECK_INT(diag_errors() - e0, 8);
    CHECK_HAS(msgs.data, "vi.yml:3:3: error: UI string 'list_value' is a list; give text, or "
              "plural forms like {one: \"{count} minute\", other: \"{count} minutes\"}");
    CHECK_HAS(msgs.data, "vi.yml:4:11: error: plural forms of UI string 'no_other' lack "
              "'other', the form every language falls back to; add other: \"...\"");
    CHECK_HAS(msgs.data, "vi.yml:5:19: error: 'single' is not a plural category of UI string "
              "'bad_cat'; use zero, one, two, few, many or other");
    CHECK_HAS(msgs.data, "vi.yml:6:17: error: plural form 'other' of UI string 'nested' must be text");
    CHECK_HAS(msgs.data, "vi.yml:7:7: error: UI string 'empty' has no value; give it text");
    CHECK_HAS(msgs.data, "vi.yml:8:12: error: 'date_long' is not an ICU date pattern: letter 'n' "
              "is not an ICU date field");
    CHECK_HAS(msgs.data, "vi.yml:9:13: error: 'date_short' must be an ICU date pattern in quotes");
    CHECK_HAS(msgs.data, "en.yml:1:1: error: an i18n file maps UI string names to text");
    CHECK_NOT_HAS(msgs.data, "warning");
    check_count(s, CHAIN("en", "vi"), "ok", 1, "Fine");   /* good entries survive */
    i18n_strings_free(s);
    buf_release(&msgs);
    free(theme);
    fs_remove_tree(root);
    free(root);
}

void suite_i18n(void)
{
    test_knows();
    test_plurals();
    test_numbers();
    test_dates();
    test_collation();
    test_og();
    test_threads();
    test_strings();
    test_strings_content_only();
    test_strings_errors();
    /* Not u_cleanup(): other suites in this process may still hold ICU objects. */
    i18n_locale_cleanup();
}
