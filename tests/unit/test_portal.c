/* The portal theme on sites that are not the demo (issue 17): the plain site of the
 * browser checks (tests/cases/plain) and the multilingual golden case, built with
 * themes/portal.  The browser checks (axe, keyboard, 320 px, zoom) are `make test-browser`;
 * these are what a build can show without a browser. */
#include "../test.h"
#include "../../generator/util/buf.h"
#include "../../generator/util/fs.h"

#include <stdlib.h>
#include <string.h>

#define EPOCH "SOURCE_DATE_EPOCH=1767225600 "

static int build(const char *content, const char *out, buf *log)
{
    buf cmd = BUF_INIT;
    buf_printf(&cmd, EPOCH "%s build --content %s --theme themes/portal --out %s 2>&1",
               t_loa(), content, out);
    int r = t_run(cmd.data, log);
    buf_release(&cmd);
    return r;
}

static char *slurp(const char *out, const char *rel)
{
    buf p = BUF_INIT, text = BUF_INIT;
    buf_printf(&p, "%s/%s", out, rel);
    int ok = fs_read_file(p.data, &text) == 0;
    buf_release(&p);
    if (!ok) {
        buf_release(&text);
        return NULL;
    }
    return buf_detach(&text);
}

#define PAGE_HAS(o, rel, needle) do { char *s_ = slurp(o, rel); CHECK_HAS(s_, needle); free(s_); } while (0)
#define PAGE_HAS_NOT(o, rel, needle) do { char *s_ = slurp(o, rel); CHECK_NOT_HAS(s_, needle); free(s_); } while (0)

/* The part of a page between two marks, for checks that must not match elsewhere. */
static char *part(const char *out, const char *rel, const char *from, const char *to)
{
    char *s = slurp(out, rel);
    char *a = s ? strstr(s, from) : NULL;
    char *b = a ? strstr(a, to) : NULL;
    char *r = b ? strndup(a, (size_t)(b - a)) : strdup("");
    free(s);
    return r;
}

/* A plain site: blocks and navigation from its own sections, nothing of the demo. */
static void plain_site(void)
{
    char *d = t_tmpdir("portal-plain");
    char *out = fs_join(d, "out");
    buf log = BUF_INIT;
    CHECK_INT(build("tests/cases/plain/content", out, &log), 0);
    CHECK_NOT_HAS(log.data, "warning");
    /* the home page: one block per section, each linking to it, with its cards */
    char *main = part(out, "index.html", "<main", "</main>");
    CHECK_HAS(main, "<h2 class=\"section-title\"><a href=\"/guides/\">Hướng dẫn</a></h2>");
    CHECK_HAS(main, "<h2 class=\"section-title\"><a href=\"/news/\">Tin tức</a></h2>");
    CHECK_HAS(main, "<a href=\"/guides/lam-the/\">Làm thẻ thư viện</a>");
    CHECK(strstr(main, "/guides/") < strstr(main, "/news/"));   /* weight 2 before no weight */
    CHECK_NOT_HAS(main, "hero-kicker");                          /* the home sets none */
    CHECK_NOT_HAS(main, "<li><a class=\"button\"");
    free(main);
    /* the main menu from the sections when site.yml has no menus: */
    char *nav = part(out, "news/tin-1/index.html", "<nav class=\"site-nav\"", "</nav>");
    CHECK_HAS(nav, "<a href=\"/\">Trang chủ</a>");
    CHECK_HAS(nav, "<a href=\"/news/\">Tin tức</a>");
    CHECK_HAS(nav, "<a href=\"/guides/\">Hướng dẫn</a>");
    free(nav);
    /* one language: no switcher; no agency: no identity list; no credit line */
    PAGE_HAS_NOT(out, "index.html", "lang-switch");
    PAGE_HAS_NOT(out, "index.html", "class=\"agency\"");
    PAGE_HAS_NOT(out, "index.html", "Trang được tạo bằng");
    PAGE_HAS_NOT(out, "index.html", "phase-banner");
    PAGE_HAS(out, "404.html", "<li><a href=\"/news/\">Tin tức</a></li>");
    /* none of the demo's wording */
    static const char *const demo[] = {"công ước", "Công ước", "Nhân quyền", "nhân quyền",
                                       "UDHR", "Bưu thiếp", "Cổng thông tin điện tử"};
    static const char *const pages[] = {"index.html", "news/index.html", "guides/lam-the/index.html",
                                        "tags/index.html", "404.html"};
    for (size_t p = 0; p < sizeof pages / sizeof *pages; p++)
        for (size_t w = 0; w < sizeof demo / sizeof *demo; w++) PAGE_HAS_NOT(out, pages[p], demo[w]);
    /* valid HTML (the Nu HTML Checker, as for the demo in test_demo.c) */
    buf cmd = BUF_INIT;
    buf_printf(&cmd, "sh tests/tools/check-html.sh %s 2>&1", out);
    buf_clear(&log);
    CHECK_INT(t_run(cmd.data, &log), 0);
    CHECK_HAS(log.data, "0 errors");
    buf_release(&cmd);
    buf_release(&log);
    free(out);
    CHECK_INT(t_tmpdir_done(d), 0);
}

static const char *const typed_site =
    "title: T\nbase_url: https://t.example/\ntheme: portal\ndefault_language: vi\n"
    "languages: {vi: {name: Tiếng Việt}}\ntaxonomies: {tags: tag}\n"
    "agency:\n  name: Sở Tư pháp tỉnh Mẫu\n  governing_body: UBND tỉnh Mẫu\n"
    "  address: Số 1 đường A\n  phone: \"0200 000 000\"\n  responsible_person: Nguyễn Văn B\n"
    "  licence: Giấy phép số 1/GP\n  contact_page: /lien-he/\n";

/* Mixed listings label each card's type; the agency identity is in the footer. */
static void typed_listing(void)
{
    char *d = t_tmpdir("portal-typed");
    t_write(d, "content/site.yml", typed_site);
    t_write(d, "content/_index.md", "---\ntitle: Trang chủ\n---\n");
    t_write(d, "content/lien-he.md", "---\ntitle: Liên hệ\n---\nGọi cho chúng tôi.\n");
    t_write(d, "content/stories/_index.md", "---\ntitle: Câu chuyện\ntype: story\n---\n");
    t_write(d, "content/stories/a.md", "---\ntitle: Chuyện A\ndate: 2025-01-02\ntags: [chung]\n"
                                       "province: Lai Châu\n---\nMột.\n");
    t_write(d, "content/news/_index.md", "---\ntitle: Tin\n---\n");
    t_write(d, "content/news/b.md", "---\ntitle: Tin B\ndate: 2025-01-03\ntags: [chung]\n---\nHai.\n");
    t_write(d, "content/emag/s/_index.md", "---\ntitle: Chuyên đề\ntype: emagazine\n---\n");
    t_write(d, "content/emag/s/p.md", "---\ntitle: Kỳ 1\ntype: emagazine\ndate: 2025-01-04\n---\nBa.\n");
    char *content = fs_join(d, "content"), *out = fs_join(d, "out");
    buf log = BUF_INIT;
    CHECK_INT(build(content, out, &log), 0);
    CHECK_NOT_HAS(log.data, "error");
    PAGE_HAS(out, "tags/chung/index.html", "<p class=\"card-type\">Câu chuyện</p>");
    /* a type with no type_<type> string has no label, rather than a raw name */
    PAGE_HAS_NOT(out, "tags/chung/index.html", "<p class=\"card-type\">news</p>");
    PAGE_HAS_NOT(out, "stories/index.html", "card-type");   /* one type: no labels */
    char *foot = part(out, "news/b/index.html", "<footer", "</footer>");
    CHECK_HAS(foot, "<p class=\"footer-title\">Sở Tư pháp tỉnh Mẫu</p>");
    CHECK_HAS(foot, "<dt>Cơ quan chủ quản</dt><dd>UBND tỉnh Mẫu</dd>");
    CHECK_HAS(foot, "<dt>Chịu trách nhiệm chính</dt><dd>Nguyễn Văn B</dd>");
    CHECK_HAS(foot, "<dt>Giấy phép</dt><dd>Giấy phép số 1/GP</dd>");
    CHECK_HAS(foot, "<a href=\"/lien-he/\">Liên hệ</a>");
    CHECK_NOT_HAS(foot, "Tuyên bố về khả năng truy cập");   /* no accessibility_page given */
    free(foot);
    PAGE_HAS(out, "index.html", "<span class=\"brand-agency\">Sở Tư pháp tỉnh Mẫu</span>");
    /* a series without credits has no empty credits heading */
    PAGE_HAS(out, "emag/s/index.html", "<h1>Chuyên đề</h1>");
    PAGE_HAS_NOT(out, "emag/s/index.html", "credits-title");
    buf_release(&log);
    free(content);
    free(out);
    CHECK_INT(t_tmpdir_done(d), 0);
}

static const char *const lang_site =
    "title: T\nbase_url: https://t.example/\ntheme: portal\ndefault_language: vi\n"
    "languages:\n  vi: {name: Tiếng Việt}\n  en: {name: English, fallback: vi}\n"
    "  hmn: {name: Hmoob, fallback: vi, untranslated: fallback}\n"
    "agency: {name: Sở Mẫu, emblem: /img/emblem.svg}\n";

/* Fallback copies: a notification banner in the page's language, the text marked with
 * its own; the switcher goes to the same page's translation; borrowed strings marked. */
static void languages(void)
{
    char *d = t_tmpdir("portal-lang");
    t_write(d, "content/site.yml", lang_site);
    t_write(d, "content/_index.md", "---\ntitle: Trang chủ\n---\n");
    t_write(d, "content/_index.en.md", "---\ntitle: Home\n---\n");
    t_write(d, "content/_index.hmn.md", "---\ntitle: Tsev\n---\n");
    t_write(d, "content/news/_index.md", "---\ntitle: Tin\n---\n");
    t_write(d, "content/news/a.md", "---\ntitle: Tin A\ndate: 2025-01-02\ntranslationKey: a\n---\nMột.\n");
    t_write(d, "content/news/a.en.md", "---\ntitle: News A\ndate: 2025-01-02\ntranslationKey: a\n---\nOne.\n");
    t_write(d, "content/cards/_index.md", "---\ntitle: Thiếp\ntype: postcard\n---\n");
    t_write(d, "content/cards/c.md", "---\ntitle: Thiếp C\ntype: postcard\ndate: 2025-01-05\n"
                                     "slogan: Khẩu hiệu\n---\nBa.\n");
    char *content = fs_join(d, "content"), *out = fs_join(d, "out");
    buf log = BUF_INIT;
    CHECK_INT(build(content, out, &log), 0);
    CHECK_NOT_HAS(log.data, "error");
    const char *fb = "hmn/news/a/index.html";
    PAGE_HAS(out, fb, "<div class=\"notification-banner\" role=\"region\" "
                      "aria-labelledby=\"fallback-banner-title\">");
    PAGE_HAS(out, fb, "<div class=\"prose\" lang=\"vi\">");
    PAGE_HAS_NOT(out, "en/news/a/index.html", "fallback-banner-title");
    char *sw = part(out, fb, "<nav class=\"lang-switch\"", "</nav>");
    CHECK_HAS(sw, "<a href=\"/en/news/a/\" lang=\"en\" hreflang=\"en\">");
    CHECK_HAS(sw, "<a href=\"/hmn/news/a/\" lang=\"hmn\" hreflang=\"hmn\" aria-current=\"page\">");
    free(sw);
    /* a UI string hmn borrows from vi is marked lang="vi"; en has its own */
    PAGE_HAS(out, fb, "<h2 class=\"footer-heading\" lang=\"vi\">");
    PAGE_HAS(out, "en/news/a/index.html", "<h2 class=\"footer-heading\">");
    /* the home lists the sections with their pages; hmn's cards are marked vi */
    PAGE_HAS(out, "hmn/index.html", "<article class=\"card\" lang=\"vi\">");
    PAGE_HAS(out, "en/index.html", "<a href=\"/en/news/a/\">News A</a>");
    /* the emblem is one file for every language, not prefixed like a page */
    PAGE_HAS(out, "en/news/a/index.html", "<img class=\"brand-emblem\" src=\"/img/emblem.svg\"");
    /* postcards: the slogan once, as text, the image then alt=""; no reading time */
    PAGE_HAS_NOT(out, "cards/c/index.html", "phút đọc");
    PAGE_HAS(out, "cards/c/index.html", "<figcaption class=\"slogan\">Khẩu hiệu</figcaption>");
    PAGE_HAS(out, "cards/c/index.html", "alt=\"\" width=\"1200\"");
    buf_release(&log);
    free(content);
    free(out);
    CHECK_INT(t_tmpdir_done(d), 0);
}

void suite_portal(void)
{
    plain_site();
    typed_listing();
    languages();
}
