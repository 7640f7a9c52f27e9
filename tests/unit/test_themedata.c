/* What a theme needs to fit any site (generator/site/theme_data.c and the
 * issue-17 fixes): agency identity, languages (direction, og:locale,
 * switcher links, borrowed text), sections and types for the home page,
 * listings and feeds, books.  Each test builds a small site whose theme
 * prints the fields under test. */
#include "../test.h"
#include "../../generator/util/buf.h"
#include "../../generator/util/fs.h"
#include "../../generator/util/text.h"

#include <stdlib.h>

#define EPOCH "SOURCE_DATE_EPOCH=1767225600 "

static int build_dir(const char *d, buf *log)
{
    buf cmd = BUF_INIT;
    buf_printf(&cmd, EPOCH "%s build --content %s/content --theme %s/theme --out %s/out 2>&1",
               t_loa(), d, d, d);
    int r = t_run(cmd.data, log);
    buf_release(&cmd);
    return r;
}

static char *slurp(const char *d, const char *rel)
{
    buf p = BUF_INIT;
    buf_printf(&p, "%s/out/%s", d, rel);
    buf text = BUF_INIT;
    int ok = fs_read_file(p.data, &text) == 0;
    buf_release(&p);
    if (!ok) {
        buf_release(&text);
        return NULL;
    }
    return buf_detach(&text);
}

#define PAGE_HAS(d, rel, needle) \
    do { char *s_ = slurp(d, rel); CHECK_HAS(s_, needle); free(s_); } while (0)
#define PAGE_HAS_NOT(d, rel, needle) \
    do { char *s_ = slurp(d, rel); CHECK_NOT_HAS(s_, needle); free(s_); } while (0)

static const char *const single_tpl =
    "<html lang=\"{{page.lang}}\" dir=\"{{page.dir}}\">"
    "A[{{#site.agency}}{{name}}|{{governing_body}}|{{phone}}|{{contact_page}}|"
    "{{#lang.name}}name-in-{{.}}{{/lang.name}}{{/site.agency}}]"
    "C[{{#site.credit}}made with loa{{/site.credit}}]"
    "L[{{#page.language_links}}{{code}}={{url}}{{#current}}*{{/current}}"
    "{{#translated}}+{{/translated}};{{/page.language_links}}]"
    "O[{{page.og.locale}}{{#page.og.locale_alternates}},{{locale}}{{/page.og.locale_alternates}}]"
    "F[{{page.content_lang}}|{{#page.is_fallback}}fallback{{/page.is_fallback}}]"
    "T[{{t.hello}}{{#t_lang.hello}}@{{.}}{{/t_lang.hello}}]"
    "S[{{#site.sections}}{{title}}:{{url}}:{{type}}:{{count}};{{/site.sections}}]"
    "Y[{{#site.types}}{{type}}={{url}}:{{count}};{{/site.types}}]"
    "{{#page.reading_time}}R[{{page.reading_time}}]{{/page.reading_time}}"
    "{{{page.content}}}</html>\n";

static const char *const list_tpl =
    "<html lang=\"{{page.lang}}\" dir=\"{{page.dir}}\">O[{{page.og.locale}}]"
    "H[{{#home.sections}}{{title}}({{#pages}}{{title}},{{/pages}});"
    "{{/home.sections}}]E[{{#home.emagazines}}{{title}},{{/home.emagazines}}]"
    "P[{{#pages}}{{title}},{{/pages}}]K[{{page.canonical}}]J[{{{page.jsonld}}}]"
    "{{{page.content}}}</html>\n";

static void site_files(const char *d, const char *site_yml)
{
    t_write(d, "content/site.yml", site_yml);
    t_write(d, "theme/layouts/_default/single.mustache", single_tpl);
    t_write(d, "theme/layouts/_default/list.mustache", list_tpl);
    t_write(d, "theme/i18n/vi.yml", "hello: Xin chào\n");
    t_write(d, "theme/i18n/en.yml", "hello: Hello\n");
    t_write(d, "theme/i18n/ar.yml", "hello: مرحبا\n");
    t_write(d, "theme/i18n/hmn.yml", "# a draft: hello is borrowed\n");
}

static const char *const langs_yml =
    "title: T\nbase_url: https://x.test/\ndefault_language: vi\n"
    "languages:\n  vi: {name: Tiếng Việt}\n  en: {name: English}\n"
    "  hmn: {name: Hmoob, fallback: vi, untranslated: fallback}\n"
    "  ar: {name: العربية}\n";

static void agency(void)
{
    char *d = t_tmpdir("td-agency");
    buf log = BUF_INIT, yml = BUF_INIT;
    buf_printf(&yml, "%sagency:\n  name: {vi: Sở A, en: Department A}\n"
               "  governing_body: UBND tỉnh A\n  address: Số 1\n  phone: \"0200\"\n"
               "  responsible_person: Ông B\n  licence: GP 1\n  contact_page: /lien-he/\n"
               "generator_credit: true\n", langs_yml);
    site_files(d, yml.data);
    t_write(d, "content/a.md", "---\ntitle: A\ndate: 2023-01-01\n---\nHello.\n");
    t_write(d, "content/a.en.md", "---\ntitle: A\ndate: 2023-01-01\n---\nHello.\n");
    CHECK_INT(build_dir(d, &log), 0);
    CHECK_NOT_HAS(log.data, "warning");
    PAGE_HAS(d, "a/index.html", "A[Sở A|UBND tỉnh A|0200|/lien-he/|]");
    PAGE_HAS(d, "en/a/index.html", "A[Department A|UBND tỉnh A|0200|/en/lien-he/|]");
    PAGE_HAS(d, "hmn/a/index.html", "A[Sở A|UBND tỉnh A|0200|/hmn/lien-he/|name-in-vi]");
    PAGE_HAS(d, "a/index.html", "C[made with loa]");
    /* Decree 42: what is missing is named, at the agency map */
    t_write(d, "content/site.yml", "title: T\nagency:\n  name: Sở A\n  email: a@x.test\n");
    buf_clear(&log);
    CHECK_INT(build_dir(d, &log), 0);
    CHECK_HAS(log.data, "site.yml:3:3: warning: agency: no governing_body, address, "
              "responsible_person, licence in vi; Decree 42/2022/NĐ-CP expects them");
    PAGE_HAS(d, "a/index.html", "C[]");
    /* shapes are errors at their position */
    t_write(d, "content/site.yml", "title: T\nagency:\n  name: {xx: A}\n  phone: [1, 2]\n");
    buf_clear(&log);
    CHECK_INT(build_dir(d, &log), 2);
    CHECK_HAS(log.data, "site.yml:3:14: error: agency.name: 'xx' is not a language of this site");
    CHECK_HAS(log.data, "site.yml:4:10: error: agency.phone must be text");
    t_tmpdir_done(d);
    buf_release(&log);
    buf_release(&yml);
}

static void languages(void)
{
    char *d = t_tmpdir("td-langs");
    buf log = BUF_INIT;
    site_files(d, langs_yml);
    t_write(d, "content/a.md", "---\ntitle: A\ndate: 2023-01-01\n---\nHello.\n");
    t_write(d, "content/a.en.md", "---\ntitle: A en\ndate: 2023-01-01\n---\nHello.\n");
    t_write(d, "content/b.md", "---\ntitle: B\ndate: 2023-01-02\n---\nB.\n");
    t_write(d, "content/s/_index.md", "---\ntitle: Chuyên đề\ntranslationKey: sk\n---\n");
    t_write(d, "content/s/p.md", "---\ntitle: P\n---\nP.\n");
    CHECK_INT(build_dir(d, &log), 0);
    /* direction from ICU, with no dir: in site.yml */
    PAGE_HAS(d, "ar/index.html", "<html lang=\"ar\" dir=\"rtl\">");
    PAGE_HAS(d, "a/index.html", "dir=\"ltr\"");
    /* og:locale along the chain; hmn -> vi_VN, not repeated */
    PAGE_HAS(d, "a/index.html", "O[vi_VN,en_US]");
    PAGE_HAS(d, "hmn/a/index.html", "O[vi_VN,en_US]");
    PAGE_HAS(d, "ar/index.html", "O[ar_AR");
    /* the switcher goes to the translation, else the language's home */
    PAGE_HAS(d, "a/index.html", "L[vi=/a/*+;en=/en/a/+;hmn=/hmn/a/;ar=/ar/;]");
    PAGE_HAS(d, "b/index.html", "L[vi=/b/*+;en=/en/;hmn=/hmn/b/;ar=/ar/;]");
    /* borrowed text and strings carry their real language */
    PAGE_HAS(d, "hmn/b/index.html", "F[vi|fallback]");
    PAGE_HAS(d, "b/index.html", "F[|]");
    PAGE_HAS(d, "hmn/b/index.html", "T[Xin chào@vi]");
    PAGE_HAS(d, "en/a/index.html", "T[Hello]");
    /* a section whose _index.md has a translationKey lends its title */
    PAGE_HAS(d, "hmn/s/index.html", "Chuyên đề");
    t_tmpdir_done(d);
    buf_release(&log);
}

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay ? strstr(hay, needle) : NULL; p; p = strstr(p + 1, needle)) n++;
    return n;
}

/* A site with a story section, an e-magazine series, a convention section
 * outside the menu and an undated page. */
static void listing_site(const char *d, const char *extra_yml)
{
    buf yml = BUF_INIT;
    buf_printf(&yml, "title: T\nbase_url: https://x.test/\npaginate: 2\n"
               "menus:\n  vi:\n    - {name: E, url: /em/}\n    - {name: S, url: /stories/}\n%s",
               extra_yml);
    site_files(d, yml.data);
    buf_release(&yml);
    t_write(d, "content/stories/_index.md", "---\ntitle: Câu chuyện\ntype: story\n---\n");
    for (int i = 1; i <= 3; i++) {
        char rel[64], text[128];
        snprintf(rel, sizeof rel, "content/stories/s%d.md", i);
        snprintf(text, sizeof text, "---\ntitle: S%d\ndate: 2023-01-0%d\n---\nText.\n", i, i);
        t_write(d, rel, text);
    }
    t_write(d, "content/em/_index.md", "---\ntitle: Tạp chí\n---\n");
    t_write(d, "content/em/x/_index.md", "---\ntitle: Chuỗi\ntype: emagazine\n---\n");
    for (int i = 1; i <= 3; i++) {   /* part 1 is the newest: part order is not date order */
        char rel[64], text[128];
        snprintf(rel, sizeof rel, "content/em/x/p%d.md", i);
        snprintf(text, sizeof text, "---\ntitle: Ky%d\nweight: %d\ndate: 2022-0%d-01\n---\nT.\n",
                 i, i, 4 - i);
        t_write(d, rel, text);
    }
    t_write(d, "content/conventions/_index.md", "---\ntitle: Công ước\nweight: 1\n---\n");
    t_write(d, "content/conventions/crc.md", "---\ntitle: CRC\ntype: convention\n---\nC.\n");
    t_write(d, "content/about.md", "---\ntitle: Giới thiệu\n---\nUndated.\n");
}

static void listings_and_feeds(void)
{
    char *d = t_tmpdir("td-lists");
    buf log = BUF_INIT;
    listing_site(d, "feed_limit: 2\n");
    if (!CHECK_INT_OK(build_dir(d, &log), 0)) fprintf(stderr, "%s", log.data);
    /* page 2 of a listing is its own canonical page */
    PAGE_HAS(d, "stories/page/2/index.html", "K[https://x.test/stories/page/2/]");
    PAGE_HAS(d, "stories/index.html", "K[https://x.test/stories/]");
    /* a story listing is a collection, a story an article */
    PAGE_HAS(d, "stories/index.html", "\"@type\":\"CollectionPage\"");
    PAGE_HAS_NOT(d, "stories/index.html", "NewsArticle");
    /* feed_limit, and undated pages are in no feed */
    char *rss = slurp(d, "index.xml"), *atom = slurp(d, "atom.xml");
    CHECK_INT(count(rss, "<item>"), 2);
    CHECK_INT(count(atom, "<entry>"), 2);
    CHECK_NOT_HAS(rss, "gioi-thieu");
    free(rss);
    free(atom);
    /* e-magazine parts on the home in part order, though part 1 is newest */
    PAGE_HAS(d, "index.html", "E[Ky1,Ky2,Ky3,]");
    /* home sections: menu order, then weight; each with its first pages */
    PAGE_HAS(d, "index.html", "H[Tạp chí(Chuỗi,);Câu chuyện(S3,S2,S1,);Công ước(CRC,);]");
    PAGE_HAS(d, "about/index.html", "S[Tạp chí:/em/:em:3;Câu chuyện:/stories/:story:3;"
             "Công ước:/conventions/:conventions:1;]");
    PAGE_HAS(d, "about/index.html", "Y[story=/stories/:3;emagazine=/em/:3;page=:1;"
             "convention=/conventions/:1;]");
    t_write(d, "content/site.yml", "title: T\nfeed_limit: 0\n");
    CHECK_INT(build_dir(d, &log), 0);
    rss = slurp(d, "index.xml");
    CHECK_INT(count(rss, "<item>"), 6);
    free(rss);
    t_tmpdir_done(d);
    buf_release(&log);
}

/* Nothing to show: a warning, not a silent empty home page. */
static void empty_site(void)
{
    char *d = t_tmpdir("td-empty");
    buf log = BUF_INIT;
    site_files(d, "title: T\n");
    CHECK_INT(build_dir(d, &log), 0);
    CHECK_HAS(log.data, "site.yml: warning: the site has no pages, so its home page has nothing");
    t_tmpdir_done(d);
    buf_release(&log);
}

/* Book warnings and e-magazine heroes in books. */
static void books(void)
{
    char *d = t_tmpdir("td-books");
    buf log = BUF_INIT, cmd = BUF_INIT;
    site_files(d, "title: T\nbase_url: https://x.test/\n"
               "languages:\n  vi: {name: V}\n  en: {name: E}\n"
               "publications:\n  - id: all\n    section: stories\n    title: Một tên\n");
    t_write(d, "content/stories/a.md", "---\ntitle: A\n---\nA.\n");
    t_write(d, "content/stories/a.en.md", "---\ntitle: A\n---\nA.\n");
    t_write(d, "content/em/x/_index.md", "---\ntitle: Chuỗi\ntype: emagazine\n---\nX.\n");
    t_write(d, "content/em/x/p1.md", "---\ntitle: Kỳ 1\nweight: 1\nhero: h.png\n"
            "hero_alt: Tranh\n---\nP.\n");
    buf_printf(&cmd, "cp content/emagazine/udhr-75/part-1.png %s/content/em/x/h.png", d);
    CHECK_INT(t_run(cmd.data, NULL), 0);
    CHECK_INT(build_dir(d, &log), 0);
    CHECK_HAS(log.data, "site.yml:9:12: warning: publication 'all' has one title for its 2 "
              "language editions, so every book is called 'Một tên'; give one per language");
    CHECK_HAS(log.data, "em/x/_index.md: warning: the e-magazine series 'Chuỗi' has no cover");
    buf_clear(&cmd);
    buf_clear(&log);
    buf_printf(&cmd, "unzip -l %s/out/vi/epub/x.epub; unzip -p %s/out/vi/epub/x.epub "
               "EPUB/chap-1.xhtml", d, d);
    t_run(cmd.data, &log);
    CHECK_HAS(log.data, "EPUB/images/1-h.png");
    CHECK_HAS(log.data, "<figure class=\"hero\"><img src=\"images/1-h.png\" alt=\"Tranh\"/>");
    buf_clear(&cmd);
    buf_clear(&log);
    buf_printf(&cmd, "sh tests/tools/epubcheck.sh %s/out 2>&1", d);
    if (!CHECK_INT_OK(t_run(cmd.data, &log), 0)) fprintf(stderr, "%s", log.data);
    t_tmpdir_done(d);
    buf_release(&log);
    buf_release(&cmd);
}

/* Quotes per language, one <h1>, one date style, reading time. */
static void typography(void)
{
    char *d = t_tmpdir("td-type");
    buf log = BUF_INIT;
    site_files(d, "title: T\nbase_url: https://x.test/\n"
               "languages:\n  vi: {name: V}\n  en: {name: E}\n  fr: {name: F}\n");
    t_write(d, "theme/i18n/fr.yml", "hello: Bonjour\n");
    t_write(d, "theme/i18n/en.yml", "hello: Hello\ndate_style: short\n");
    t_write(d, "theme/i18n/vi.yml", "hello: Xin chào\nreading_time: \"{count} phút đọc\"\n");
    t_write(d, "theme/layouts/_default/single.mustache",
            "D[{{page.date_formatted.text}}]{{#page.reading_time}}R[{{.}}]{{/page.reading_time}}"
            "{{{page.content}}}\n");
    const char *body = "---\ntitle: A\ndate: 2023-12-10\n---\n# Lớn\n\n"
                       "Nói \"xin chào\" -- `\"code\"`.\n\n## Nhỏ\n";
    t_write(d, "content/a.md", body);
    t_write(d, "content/a.en.md", body);
    t_write(d, "content/a.fr.md", body);
    t_write(d, "content/postcards/p.md", "---\ntitle: P\ntype: postcard\n---\nSlogan.\n");
    CHECK_INT(build_dir(d, &log), 0);
    /* the language's quotation marks, smart dashes, code untouched */
    PAGE_HAS(d, "a/index.html", "Nói “xin chào” – <code>&quot;code&quot;</code>.");
    PAGE_HAS(d, "fr/a/index.html", "Nói «xin chào» –");
    /* a body "# heading" is an <h2>, and the rest shift with it */
    PAGE_HAS(d, "a/index.html", "<h2 id=\"lon\">Lớn</h2>");
    PAGE_HAS(d, "a/index.html", "<h3 id=\"nho\">Nhỏ</h3>");
    PAGE_HAS_NOT(d, "a/index.html", "<h1");
    /* one date style per language: long unless i18n says date_style: short */
    PAGE_HAS(d, "a/index.html", "D[ngày 10 tháng 12 năm 2023]");
    PAGE_HAS(d, "en/a/index.html", "D[12/10/23]");   /* ICU's short style */
    /* reading time on articles, none on postcards */
    PAGE_HAS(d, "a/index.html", "R[1 phút đọc]");
    PAGE_HAS_NOT(d, "postcards/p/index.html", "R[");
    t_tmpdir_done(d);
    buf_release(&log);
    /* words of scripts without spaces, by ICU's dictionary word break */
    const char *thai = "สิทธิมนุษยชนเป็นของทุกคน";   /* human rights belong to everyone */
    CHECK(text_word_count(thai, strlen(thai)) >= 4);
    const char *khmer = "សិទ្ធិមនុស្សជារបស់មនុស្សគ្រប់គ្នា";
    CHECK(text_word_count(khmer, strlen(khmer)) >= 4);
    CHECK_INT(text_word_count("Việt Nam ไทย", strlen("Việt Nam ไทย")), 3);
}

void suite_themedata(void)
{
    typography();
    books();
    agency();
    languages();
    listings_and_feeds();
    empty_site();
}
