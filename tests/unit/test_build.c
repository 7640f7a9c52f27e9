/* Whole builds through the loa binary: golden trees, bad input, output
 * guards, determinism, the translation report.  Golden cases live in
 * tests/cases/NAME/{content,theme,expected}; LOA_UPDATE_GOLDEN=1 rewrites
 * expected/ from the current build (review the diff before committing). */
#include "../test.h"
#include "../../generator/util/buf.h"
#include "../../generator/util/fs.h"

#include <stdlib.h>

#define EPOCH "SOURCE_DATE_EPOCH=1767225600 "

static int build(const char *content, const char *theme, const char *out, const char *extra, buf *log)
{
    buf cmd = BUF_INIT;
    buf_printf(&cmd, EPOCH "%s build --content %s%s%s --out %s --quiet %s 2>&1", t_loa(), content,
               theme ? " --theme " : "", theme ? theme : "", out, extra ? extra : "");
    int r = t_run(cmd.data, log);
    buf_release(&cmd);
    return r;
}

static void golden(const char *name)
{
    buf b = BUF_INIT, log = BUF_INIT;
    char *tmp = t_tmpdir(name);
    buf_printf(&b, "tests/cases/%s", name);
    char *content = fs_join(b.data, "content"), *theme = fs_join(b.data, "theme");
    char *expected = fs_join(b.data, "expected"), *out = fs_join(tmp, "out");
    int r = build(content, theme, out, "--jobs 2", &log);
    if (!CHECK(r == 0)) fprintf(stderr, "%s\n", log.data);
    buf cmd = BUF_INIT;
    /* books are compared by epubcheck and rebuild identity below, not byte by byte here */
    buf_printf(&cmd, "cp -R %s %s/cmp && rm -rf %s/cmp/*/epub %s/cmp/.loa-output && find %s/cmp -type d -empty -delete",
               out, tmp, tmp, tmp, tmp);
    t_run(cmd.data, NULL);
    buf_clear(&cmd);
    if (getenv("LOA_UPDATE_GOLDEN")) {
        buf_printf(&cmd, "rm -rf %s && cp -R %s/cmp %s", expected, tmp, expected);
        t_run(cmd.data, NULL);
        buf_clear(&cmd);
    }
    buf diff = BUF_INIT;
    buf_printf(&cmd, "diff -r %s %s/cmp 2>&1 | head -60", expected, tmp);
    t_run(cmd.data, &diff);
    if (!CHECK(diff.len == 0)) fprintf(stderr, "golden '%s' differs (LOA_UPDATE_GOLDEN=1 to accept):\n%s", name, diff.data);
    /* every feed and sitemap is well-formed XML; every book passes epubcheck */
    buf_clear(&cmd);
    buf_clear(&diff);
    buf_printf(&cmd, "find %s -name '*.xml' | sort | xargs xmllint --noout 2>&1", out);
    CHECK_INT(t_run(cmd.data, &diff), 0);
    if (diff.len) fprintf(stderr, "%s", diff.data);
    buf_clear(&cmd);
    buf_clear(&diff);
    buf_printf(&cmd, "sh tests/tools/epubcheck.sh %s 2>&1", out);
    if (!CHECK_INT_OK(t_run(cmd.data, &diff), 0)) fprintf(stderr, "%s", diff.data);
    /* every HTML page is valid (Nu HTML Checker) */
    buf_clear(&cmd);
    buf_clear(&diff);
    buf_printf(&cmd, "sh tests/tools/check-html.sh %s 2>&1", out);
    if (!CHECK_INT_OK(t_run(cmd.data, &diff), 0)) fprintf(stderr, "%s", diff.data);
    /* a second build, with another job count, gives the same bytes (EPUBs included) */
    char *out2 = fs_join(tmp, "out2");
    build(content, theme, out2, "--jobs 1", NULL);
    buf_clear(&cmd);
    buf_clear(&diff);
    buf_printf(&cmd, "diff -r %s %s 2>&1 | head -20", out, out2);
    t_run(cmd.data, &diff);
    if (!CHECK(diff.len == 0)) fprintf(stderr, "two builds differ:\n%s", diff.data);
    buf_clear(&cmd);
    free(content); free(theme); free(expected); free(out); free(out2);
    t_tmpdir_done(tmp);
    buf_release(&b); buf_release(&log); buf_release(&cmd); buf_release(&diff);
}

/* A minimal valid site in dir, to break one thing at a time. */
static void mini_site(const char *dir)
{
    t_write(dir, "content/site.yml", "title: T\ntheme: t\nbase_url: https://x.test/\n");
    t_write(dir, "content/a.md", "---\ntitle: A\ndate: 2023-01-01\n---\nHello.\n");
    t_write(dir, "theme/layouts/_default/single.mustache", "<p>{{page.title}}</p>{{{page.content}}}\n");
    t_write(dir, "theme/layouts/_default/list.mustache", "<ul>{{#pages}}<li>{{title}}</li>{{/pages}}</ul>\n");
}

/* Builds dir's site into dir/output twice: once good, once with `file`
 * set to `text`; the second must fail with `msg` and leave output alone. */
static void bad_input(const char *tag, const char *file, const char *text, const char *msg)
{
    char *d = t_tmpdir(tag);
    mini_site(d);
    buf c = BUF_INIT, t = BUF_INIT, o = BUF_INIT, log = BUF_INIT, cmd = BUF_INIT, before = BUF_INIT, after = BUF_INIT;
    buf_printf(&c, "%s/content", d);
    buf_printf(&t, "%s/theme", d);
    buf_printf(&o, "%s/output", d);
    CHECK_INT(build(c.data, t.data, o.data, NULL, &log), 0);
    buf_printf(&cmd, "cd %s && find output -type f | sort | xargs md5sum", d);
    t_run(cmd.data, &before);
    t_write(d, file, text);
    buf_clear(&log);
    int r = build(c.data, t.data, o.data, NULL, &log);
    if (!CHECK(r == 1)) fprintf(stderr, "[%s] exit %d\n%s", tag, r, log.data);
    CHECK_HAS(log.data, msg);
    t_run(cmd.data, &after);
    if (!CHECK_STR(after.data, before.data)) fprintf(stderr, "[%s] output changed\n", tag);
    t_tmpdir_done(d);
    buf_release(&c); buf_release(&t); buf_release(&o); buf_release(&log); buf_release(&cmd);
    buf_release(&before); buf_release(&after);
}

static void bad_inputs(void)
{
    bad_input("yaml", "content/b.md", "---\ntitle: [unclosed\n---\nx\n",
              "content/b.md:3:1: error: invalid YAML");
    bad_input("notmap", "content/b.md", "---\n- a\n- b\n---\nx\n",
              "content/b.md:2:1: error: front matter must be a mapping");
    bad_input("date", "content/b.md", "---\ntitle: B\ndate: 10/12/2023\n---\nx\n",
              "content/b.md:3:7: error: front matter: 'date' is not a date (expected YYYY-MM-DD");
    bad_input("draft", "content/b.md", "---\ntitle: B\ndraft: maybe\n---\nx\n",
              "content/b.md:3:8: error: front matter: 'draft' must be true or false");
    bad_input("utf8", "content/b.md", "---\ntitle: B\n---\nbad \xff byte\n",
              "content/b.md:4:5: error: invalid UTF-8 at byte offset 21");
    bad_input("unclosed", "content/b.md", "---\ntitle: B\nx\n",
              "content/b.md:1:1: error: front matter opened with '---' is never closed");
    bad_input("same-url", "content/b.md", "---\ntitle: B\nslug: a\n---\nx\n",
              "content/b.md:3:7: error: this page and");
    bad_input("link", "content/b.md", "---\ntitle: B\n---\nSee [x](missing.md).\n",
              "content/b.md:4:5: error: link to 'missing.md': no such content file");
    bad_input("image", "content/b.md", "---\ntitle: B\nimage: nope.png\n---\nx\n",
              "content/b.md:3:8: error: image 'nope.png' does not exist");
    bad_input("template", "theme/layouts/_default/single.mustache", "{{#page}}\n",
              "single.mustache:2:1: error: section 'page' opened at 1:1 is never closed");
}

static void unreadable_and_collisions(void)
{
    char *d = t_tmpdir("unreadable");
    mini_site(d);
    t_write(d, "content/b.md", "---\ntitle: B\naliases: [a]\n---\nx\n");
    buf log = BUF_INIT, cmd = BUF_INIT;
    buf_printf(&cmd, "cd %s && ln -s nowhere.md content/c.md && %s build --content content --theme theme --out output 2>&1",
               d, t_loa());
    CHECK_INT(t_run(cmd.data, &log), 1);
    CHECK_HAS(log.data, "content/c.md: error: cannot read the file: No such file or directory");
    buf_clear(&cmd);
    buf_clear(&log);
    buf_printf(&cmd, "cd %s && rm content/c.md && %s build --content content --theme theme --out output 2>&1", d, t_loa());
    CHECK_INT(t_run(cmd.data, &log), 1);
    CHECK_HAS(log.data, "content/b.md:3:11: error: alias 'a' would be written to a/index.html, which content/a.md already uses; change or remove the alias");
    buf_clear(&cmd);
    buf_clear(&log);
    /* two pages claiming to be one page's translation in the same language */
    t_write(d, "content/c.md", "---\ntitle: C\ntranslationKey: same\n---\nx\n");
    t_write(d, "content/e.md", "---\ntitle: E\ntranslationKey: same\n---\nx\n");
    buf_printf(&cmd, "cd %s && %s build --content content --theme theme --out output 2>&1", d, t_loa());
    CHECK_INT(t_run(cmd.data, &log), 1);
    CHECK_HAS(log.data, "content/e.md:3:17: error: this page and content/c.md are both the vi version of the same page");
    buf_clear(&cmd);
    buf_clear(&log);
    /* the theme named in site.yml, when it is not there: a configuration error */
    buf_printf(&cmd, "cd %s && %s build 2>&1", d, t_loa());
    CHECK_INT(t_run(cmd.data, &log), 2);
    CHECK_HAS(log.data, "content/site.yml:2:8: error: theme folder 'themes/t' does not exist");
    t_tmpdir_done(d);
    buf_release(&log); buf_release(&cmd);
}

static void many_errors_reported(void)
{
    char *d = t_tmpdir("many");
    mini_site(d);
    t_write(d, "content/b.md", "---\ndate: nope\n---\n");
    t_write(d, "content/c.md", "---\ndraft: 3\n---\n");
    buf log = BUF_INIT, cmd = BUF_INIT;
    buf_printf(&cmd, "cd %s && %s build --content content --theme theme --out output 2>&1", d, t_loa());
    CHECK_INT(t_run(cmd.data, &log), 1);
    CHECK_HAS(log.data, "content/b.md:2:7: error");
    CHECK_HAS(log.data, "content/c.md:2:8: error");
    CHECK_HAS(log.data, "build failed with 2 errors");
    buf_clear(&cmd);
    buf_printf(&cmd, "test ! -e %s/output/index.html", d);
    CHECK_INT(t_run(cmd.data, NULL), 0);
    t_tmpdir_done(d);
    buf_release(&log); buf_release(&cmd);
}

static void missing_layout(void)
{
    char *d = t_tmpdir("layout");
    mini_site(d);
    buf log = BUF_INIT, cmd = BUF_INIT;
    buf_printf(&cmd, "cd %s && rm theme/layouts/_default/single.mustache && %s build --content content "
                     "--theme theme --out output 2>&1", d, t_loa());
    CHECK_INT(t_run(cmd.data, &log), 1);
    CHECK_HAS(log.data, "content/a.md: error: no layout for this page page (type 'page'): add one of "
                        "theme/layouts/page/single.mustache, theme/layouts/_default/single.mustache");
    t_tmpdir_done(d);
    buf_release(&log); buf_release(&cmd);
}

static void out_guards(void)
{
    char *d = t_tmpdir("guard");
    mini_site(d);
    t_write(d, "precious/notes.txt", "keep me\n");
    static const char *const outs[] = {"content", "theme", ".", "/", "precious", ".."};
    static const char *const why[] = {"content folder", "theme", "refusing to write the site here", "root folder",
                                      "not written by loa", "refusing to write the site here"};
    for (int i = 0; i < 6; i++) {
        buf log = BUF_INIT, cmd = BUF_INIT;
        buf_printf(&cmd, "cd %s && %s build --content content --theme theme --out %s 2>&1", d, t_loa(), outs[i]);
        int r = t_run(cmd.data, &log);
        if (!CHECK(r == 2)) fprintf(stderr, "--out %s was accepted (exit %d)\n", outs[i], r);
        CHECK_HAS(log.data, why[i]);
        buf_release(&log); buf_release(&cmd);
    }
    buf cmd = BUF_INIT;
    buf_printf(&cmd, "test \"$(cat %s/precious/notes.txt)\" = 'keep me' && test -f %s/content/a.md", d, d);
    CHECK_INT(t_run(cmd.data, NULL), 0);
    /* a rebuild keeps output/.keep and files loa did not write (stale.html here; files
     * loa wrote and no longer writes are removed: see test_safety.c) */
    buf_clear(&cmd);
    buf_printf(&cmd, "cd %s && mkdir -p output && touch output/.keep && %s build --content content --theme theme --out output -q "
                     "&& touch output/stale.html && %s build --content content --theme theme --out output -q "
                     "&& test -f output/.keep && test -f output/stale.html && test -f output/a/index.html "
                     "&& test ! -e output.loa-staging && test ! -e output.loa-old", d, t_loa(), t_loa());
    CHECK_INT(t_run(cmd.data, NULL), 0);
    buf_clear(&cmd);
    buf_release(&cmd);
    t_tmpdir_done(d);
}

static char *slurp(const char *dir, const char *rel)
{
    buf b = BUF_INIT;
    char *p = fs_join(dir, rel);
    if (fs_read_file(p, &b) != 0) fprintf(stderr, "cannot read %s\n", p);
    free(p);
    return buf_detach(&b);
}

#define HAS(file, needle) do { char *t_ = slurp(ex, file); CHECK_HAS(t_, needle); free(t_); } while (0)
#define HAS_NOT(file, needle) do { char *t_ = slurp(ex, file); CHECK_NOT_HAS(t_, needle); free(t_); } while (0)

/* The multilingual golden site, asserted feature by feature so a wrong
 * golden file cannot hide a wrong feature. */
static void multilingual_facts(void)
{
    const char *ex = "tests/cases/multilingual/expected";
    /* URLs: default language at the root, others under /code/; slugs from file names */
    HAS("stories/quyen-con-nguoi/index.html", "<h1>Quyền con người ở cơ sở</h1>");
    HAS("en/stories/giam-ngheo/index.html", "<html lang=\"en\"");
    /* switcher and hreflang, x-default on the default language */
    HAS("en/stories/giam-ngheo/index.html", "<li>[English]</li>");
    HAS("en/stories/giam-ngheo/index.html", "hreflang=\"x-default\" href=\"https://example.gov.vn/stories/giam-ngheo/\"");
    HAS("stories/giam-ngheo/index.html", "hreflang=\"en\" href=\"https://example.gov.vn/en/stories/giam-ngheo/\"");
    /* translations linked by translationKey across different file names */
    HAS("conventions/crc/index.html", "hreflang=\"en\" href=\"https://example.gov.vn/en/conventions/child-rights/\"");
    HAS("en/conventions/child-rights/index.html", "hreflang=\"hmn\" href=\"https://example.gov.vn/hmn/conventions/crc/\"");
    /* fallback: H'Mông shows the Vietnamese text, marked, canonical to the original */
    HAS("hmn/stories/giam-ngheo/index.html", "<p class=\"fallback\">Trang này chưa được dịch (Tiếng Việt)</p>");
    HAS("hmn/stories/giam-ngheo/index.html", "<link rel=\"canonical\" href=\"https://example.gov.vn/stories/giam-ngheo/\">");
    HAS_NOT("sitemap-hmn.xml", "hmn/stories/giam-ngheo");
    HAS("hmn/conventions/crc/index.html", "<p class=\"draft\">Bản dịch nháp</p>");
    /* dates: Vietnamese long and short forms, English from ICU; hmn (unknown to ICU) as vi */
    HAS("stories/giam-ngheo/index.html", "ngày 10 tháng 5 năm 2023</time> · 10/05/2023");
    HAS("en/stories/giam-ngheo/index.html", "May 10, 2023</time> · May 10, 2023");
    HAS("hmn/stories/giam-ngheo/index.html", "ngày 10 tháng 5 năm 2023");
    /* plurals: English one/other, Vietnamese other only */
    HAS("en/stories/giam-ngheo/index.html", "1 minute read");
    HAS("stories/giam-ngheo/index.html", "1 phút đọc");
    HAS("en/tags/index.html", "Poverty reduction</a> 1 page");
    HAS("tags/index.html", "Dân tộc thiểu số</a> 3 bài");
    /* collation: Vietnamese order puts Đ after D */
    char *tags = slurp(ex, "tags/index.html");
    const char *d1 = strstr(tags, "Dân chủ"), *d2 = strstr(tags, "Dân tộc"), *dd = strstr(tags, "Đoàn kết"),
               *g = strstr(tags, "Giảm nghèo");
    CHECK(d1 && d2 && dd && g && d1 < d2 && d2 < dd && dd < g);
    free(tags);
    /* decomposed input was normalised: the output holds NFC text */
    HAS("stories/quyen-con-nguoi/index.html", "Người dân được bảo đảm quyền");
    /* sitemaps: an index, per-language files, alternates */
    HAS("sitemap.xml", "<loc>https://example.gov.vn/sitemap-hmn.xml</loc>");
    HAS("sitemap-vi.xml", "<xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://example.gov.vn/en/stories/giam-ngheo/\"/>");
    HAS("robots.txt", "Sitemap: https://example.gov.vn/sitemap.xml");
    /* feeds: RSS 2.0 and Atom with absolute URLs, escaped, newest first */
    HAS("index.xml", "<rss version=\"2.0\"");
    HAS("index.xml", "<atom:link href=\"https://example.gov.vn/index.xml\" rel=\"self\"");
    HAS("index.xml", "<guid isPermaLink=\"true\">https://example.gov.vn/stories/truong-hoc/</guid>");
    HAS("index.xml", "<pubDate>Mon, 15 Jan 2024 00:00:00 +0000</pubDate>");
    HAS("stories/atom.xml", "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"vi\">");
    HAS("stories/atom.xml", "<author><name>Sở Thông tin và Truyền thông</name></author>");
    HAS("tags/giao-duc/index.xml", "<title>Trường học mới ở Lai Châu</title>");
    /* taxonomy pagination, section pagination */
    HAS("tags/dan-toc-thieu-so/page/2/index.html", "<a href=\"/tags/dan-toc-thieu-so/\">prev</a>");
    HAS("stories/index.html", "Trang 1/3 <a href=\"/stories/page/2/\">next</a>");
    /* menus: the current page and its section marked */
    HAS("stories/index.html", "<a href=\"/stories/\" aria-current=\"page\">Câu chuyện</a>");
    HAS("stories/giam-ngheo/index.html", "<a href=\"/stories/\" class=\"active\">Câu chuyện</a>");
    /* menus with the chain's menu for a language without one */
    HAS("hmn/index.html", "<nav><a href=\"/hmn/stories/\">Câu chuyện</a>");
    /* aliases, link rewriting, images with dimensions */
    HAS("cu/giam-ngheo/index.html", "<meta http-equiv=\"refresh\" content=\"0; url=https://example.gov.vn/stories/giam-ngheo/\">");
    HAS("stories/giam-ngheo/index.html", "<a href=\"/conventions/icescr/#dieu-11\">Công ước ICESCR</a>");
    HAS("en/stories/giam-ngheo/index.html", "<a href=\"/en/conventions/icescr/\">ICESCR</a>");
    HAS("stories/ban-muong/index.html", "<img src=\"/stories/ban-muong/anh.svg\" alt=\"Bản Mường nhìn từ đồi\" width=\"120\" height=\"80\">");
    HAS("stories/ban-muong/index.html", "<img src=\"/stories/ban-muong/anh.svg\" alt=\"Con đường mới\" width=\"120\" height=\"80\" loading=\"lazy\" decoding=\"async\">");
    /* content types */
    HAS("conventions/crc/index.html", "<dt>Phê chuẩn</dt><dd>ngày 28 tháng 2 năm 1990</dd>");
    HAS("conventions/index.html", "Công ước Quyền trẻ em</a> 2023-01-01 — Việt Nam là nước đầu tiên ở châu Á phê chuẩn. [CRC]");
    HAS("postcards/hello/index.html", "#NhanQuyen #UDHR75");
    HAS("emagazine/udhr75/01-ra-doi/index.html", "<blockquote class=\"pullquote\">");
    HAS("emagazine/udhr75/02-y-nghia/index.html", "2/2<ol><li><a href=\"/emagazine/udhr75/01-ra-doi/\">Sự ra đời</a>");
    /* JSON-LD: NewsArticle for stories, Article otherwise, breadcrumbs */
    HAS("stories/giam-ngheo/index.html", "\"@type\":\"NewsArticle\"");
    HAS("conventions/crc/index.html", "\"@type\":\"Article\"");
    HAS("conventions/crc/index.html", "\"@type\":\"BreadcrumbList\"");
    /* publishing controls */
    char *p = fs_join(ex, "stories/nhap/index.html");
    CHECK(!fs_exists(p));
    free(p);
    p = fs_join(ex, "stories/tuong-lai/index.html");
    CHECK(!fs_exists(p));
    free(p);
}

static void publishing_flags(void)
{
    char *d = t_tmpdir("flags");
    buf log = BUF_INIT, cmd = BUF_INIT;
    buf_printf(&cmd, EPOCH "%s build --content tests/cases/multilingual/content --theme tests/cases/multilingual/theme "
                     "--out %s/o --drafts --future --expired 2>&1 && test -f %s/o/stories/nhap/index.html "
                     "&& test -f %s/o/stories/tuong-lai/index.html && test -f %s/o/stories/het-han/index.html",
               t_loa(), d, d, d, d);
    if (!CHECK_INT_OK(t_run(cmd.data, &log), 0)) fprintf(stderr, "%s\n", log.data);
    CHECK_NOT_HAS(log.data, "skipped");
    buf_clear(&cmd); buf_clear(&log);
    buf_printf(&cmd, EPOCH "%s build --content tests/cases/multilingual/content --theme tests/cases/multilingual/theme "
                     "--out %s/o 2>&1", t_loa(), d);
    CHECK_INT(t_run(cmd.data, &log), 0);
    CHECK_HAS(log.data, "(skipped: 1 draft (use --drafts), 1 dated in the future (use --future), 1 expired (use --expired))");
    CHECK_HAS(log.data, "Quyền con người.md:2: warning: text is not in Unicode NFC form");
    CHECK_HAS(log.data, "02-y-nghia.md:10:1: warning: remote image 'https://example.org/anh.png' cannot go into "
                        "the book 'udhr75'; it is left out and its alt text shown instead");
    buf_clear(&cmd);
    buf_clear(&log);
    buf_printf(&cmd, "unzip -p %s/o/vi/epub/udhr75.epub EPUB/chap-2.xhtml", d);
    t_run(cmd.data, &log);
    CHECK_HAS(log.data, "<span class=\"image-left-out\">Ảnh từ xa</span>");
    CHECK_NOT_HAS(log.data, "example.org");
    t_tmpdir_done(d);
    buf_release(&log); buf_release(&cmd);
}

/* A book refuses what a web page only warns about. */
static void book_errors(void)
{
    char *d = t_tmpdir("book");
    mini_site(d);
    t_write(d, "content/site.yml", "title: T\ntheme: t\nunsafe_html: true\n");
    t_write(d, "content/mag/_index.md", "---\ntitle: Mag\ntype: emagazine\n---\n");
    t_write(d, "content/mag/p.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"/>");
    t_write(d, "content/mag/1.md", "---\ntitle: One\nweight: 1\n---\nText\n\n![](p.svg)\n\n![x](nope.png)\n\n<div>open\n");
    buf log = BUF_INIT, cmd = BUF_INIT;
    buf_printf(&cmd, "cd %s && %s build --content content --theme theme --out output 2>&1", d, t_loa());
    CHECK_INT(t_run(cmd.data, &log), 1);
    CHECK_HAS(log.data, "content/mag/1.md:7:1: error: image 'p.svg' has no alt text; every image in a book needs one");
    CHECK_HAS(log.data, "content/mag/1.md:9:1: error: image 'nope.png' does not exist");
    CHECK_HAS(log.data, "content/mag/1.md:11:1: error: inline HTML '<div>' is not closed");
    t_tmpdir_done(d);
    buf_release(&log); buf_release(&cmd);
}

static void languages_in_subdirs(void)
{
    char *d = t_tmpdir("subdir");
    t_write(d, "content/site.yml", "theme: t\nbase_url: https://x.test/\ndefault_language_in_subdir: true\n"
            "languages: {vi: {name: Tiếng Việt}, en: {name: English, base_url: https://en.x.test/}}\n");
    t_write(d, "content/a.md", "---\ntitle: A\n---\nx\n");
    t_write(d, "content/a.en.md", "---\ntitle: A\n---\nx\n");
    t_write(d, "theme/layouts/_default/single.mustache", "{{page.permalink}}{{#page.alternates}} {{hreflang}}={{permalink}}{{/page.alternates}}\n");
    t_write(d, "theme/layouts/_default/list.mustache", "L\n");
    buf log = BUF_INIT, cmd = BUF_INIT;
    buf_printf(&cmd, "cd %s && %s build --theme theme -q && cat output/vi/a/index.html output/en/a/index.html output/index.html 2>&1",
               d, t_loa());
    CHECK_INT(t_run(cmd.data, &log), 0);
    /* vi under /vi/; en on its own domain, with no prefix */
    CHECK_HAS(log.data, "https://x.test/vi/a/ vi=https://x.test/vi/a/ x-default=https://x.test/vi/a/ en=https://en.x.test/a/");
    CHECK_HAS(log.data, "<meta http-equiv=\"refresh\" content=\"0; url=https://x.test/vi/\">");
    buf_clear(&cmd);
    buf_clear(&log);
    buf_printf(&cmd, "cd %s && cat output/en/sitemap.xml output/en/robots.txt output/sitemap.xml", d);
    CHECK_INT(t_run(cmd.data, &log), 0);
    CHECK_HAS(log.data, "<loc>https://en.x.test/a/</loc>");
    CHECK_HAS(log.data, "Sitemap: https://en.x.test/sitemap.xml");
    CHECK_NOT_HAS(log.data, "sitemap-en.xml");
    t_tmpdir_done(d);
    buf_release(&log); buf_release(&cmd);
}

/* UI strings missing along a language's whole chain: a warning, an error with --strict */
static void missing_strings(void)
{
    char *d = t_tmpdir("strings");
    t_write(d, "content/site.yml", "theme: t\nlanguages: {vi: {name: V}, en: {name: E}, fr: {name: F, fallback: [en]}}\n");
    t_write(d, "content/a.md", "---\ntitle: A\n---\n");
    t_write(d, "theme/layouts/_default/single.mustache", "{{t.read_more}}\n");
    t_write(d, "theme/layouts/_default/list.mustache", "L\n");
    t_write(d, "theme/i18n/en.yml", "read_more: Read more\n");
    buf log = BUF_INIT, cmd = BUF_INIT;
    buf_printf(&cmd, "cd %s && %s build --theme theme 2>&1", d, t_loa());
    CHECK_INT(t_run(cmd.data, &log), 0);
    CHECK_HAS(log.data, "theme/i18n/vi.yml: warning: language vi (V) has no UI strings, nor has any language it falls back to");
    CHECK_NOT_HAS(log.data, "for fr");   /* fr falls back to en, which has it */
    buf_clear(&cmd);
    buf_clear(&log);
    buf_printf(&cmd, "cd %s && %s build --theme theme --strict 2>&1", d, t_loa());
    CHECK_INT(t_run(cmd.data, &log), 1);
    CHECK_HAS(log.data, "theme/i18n/vi.yml: error: language vi (V) has no UI strings, nor has any language it falls back to");
    t_tmpdir_done(d);
    buf_release(&log); buf_release(&cmd);
}

static void cli(void)
{
    buf out = BUF_INIT, cmd = BUF_INIT;
    buf_printf(&cmd, "%s --version", t_loa());
    CHECK_INT(t_run(cmd.data, &out), 0);
    CHECK_HAS(out.data, "loa ");
    buf_clear(&cmd); buf_clear(&out);
    buf_printf(&cmd, "%s build --help", t_loa());
    CHECK_INT(t_run(cmd.data, &out), 0);
    CHECK_HAS(out.data, "--drafts");
    buf_clear(&cmd); buf_clear(&out);
    buf_printf(&cmd, "%s build --bogus 2>&1", t_loa());
    CHECK_INT(t_run(cmd.data, &out), 2);
    CHECK_HAS(out.data, "unknown option '--bogus'");
    buf_release(&out); buf_release(&cmd);
}

static void translations_report(void)
{
    buf out = BUF_INIT, cmd = BUF_INIT;
    buf_printf(&cmd, "%s check --translations --content tests/cases/multilingual/content "
                     "--theme tests/cases/multilingual/theme --format json 2>&1", t_loa());
    CHECK_INT(t_run(cmd.data, &out), 0);
    CHECK_HAS(out.data, "\"title\":\"Trường học mới ở Lai Châu\",\"languages\":{\"vi\":\"ok\",\"en\":\"missing\",\"hmn\":\"missing\"}");
    CHECK_HAS(out.data, "{\"code\":\"hmn\",\"kind\":\"minority\",\"pages\":1,");
    CHECK_HAS(out.data, "\"minority_foreign_share\":");
    buf_clear(&cmd); buf_clear(&out);
    /* a translation older than its source is stale (by lastmod) */
    char *d = t_tmpdir("stale");
    t_write(d, "content/site.yml", "theme: t\nlanguages: {vi: {name: V}, en: {name: E}}\n");
    t_write(d, "content/a.md", "---\ntitle: A\nlastmod: 2024-05-01\n---\n");
    t_write(d, "content/a.en.md", "---\ntitle: A en\nlastmod: 2024-01-01\n---\n");
    t_write(d, "theme/layouts/_default/single.mustache", "x");
    buf_printf(&cmd, "cd %s && %s check --translations --theme theme 2>&1", d, t_loa());
    CHECK_INT(t_run(cmd.data, &out), 0);
    CHECK_HAS(out.data, "  A                                        ok      stale   content/a.md\n");
    CHECK_HAS(out.data, "target 15-20%: met");
    t_tmpdir_done(d);
    buf_release(&out); buf_release(&cmd);
}

/* --shard K/N: three parts copied into one folder equal the whole build,
 * byte for byte (books and cards included, the marker too); each part
 * holds only some of the pages; a bad K/N is a usage error. */
static void shards(void)
{
    const char *c = "tests/cases/multilingual/content", *t = "tests/cases/multilingual/theme";
    char *tmp = t_tmpdir("shard");
    buf cmd = BUF_INIT, log = BUF_INIT, diff = BUF_INIT;
    buf_printf(&cmd, "%s/whole", tmp);
    CHECK_INT(build(c, t, cmd.data, "--jobs 2", &log), 0);
    size_t whole = 0, parts = 0;
    for (int k = 1; k <= 3; k++) {
        buf_clear(&cmd);
        buf_printf(&cmd, "%s/s%d", tmp, k);
        char extra[32];
        snprintf(extra, sizeof extra, "--shard %d/3", k);
        CHECK_INT(build(c, t, cmd.data, extra, &log), 0);
        buf_clear(&cmd);
        buf_printf(&cmd, "mkdir -p %s/all && cp -a %s/s%d/. %s/all/", tmp, tmp, k, tmp);
        CHECK_INT(t_run(cmd.data, NULL), 0);
        buf_clear(&cmd);
        buf_printf(&cmd, "find %s/s%d -name '*.html' | wc -l", tmp, k);
        buf n = BUF_INIT;
        t_run(cmd.data, &n);
        CHECK(atoi(n.data) > 0);
        parts += (size_t)atoi(n.data);
        buf_release(&n);
    }
    buf_clear(&cmd);
    buf_printf(&cmd, "find %s/whole -name '*.html' | wc -l", tmp);
    buf n = BUF_INIT;
    t_run(cmd.data, &n);
    whole = (size_t)atoi(n.data);
    buf_release(&n);
    CHECK_INT(parts, whole);
    buf_clear(&cmd);
    buf_printf(&cmd, "diff -r %s/whole %s/all 2>&1 | head -20", tmp, tmp);
    t_run(cmd.data, &diff);
    if (!CHECK(diff.len == 0)) fprintf(stderr, "shards differ from the whole build:\n%s", diff.data);
    const char *bad[] = {"0/3", "4/3", "2", "1/0", "a/b", "1/99999"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        buf_clear(&cmd);
        buf_clear(&log);
        buf_printf(&cmd, "%s build --content %s --theme %s --out %s/bad --shard %s 2>&1", t_loa(),
                   c, t, tmp, bad[i]);
        CHECK_INT(t_run(cmd.data, &log), 2);
        CHECK_HAS(log.data, "--shard takes K/N");
    }
    t_tmpdir_done(tmp);
    buf_release(&cmd); buf_release(&log); buf_release(&diff);
}

void suite_build(void)
{
    shards();
    cli();
    languages_in_subdirs();
    missing_strings();
    golden("multilingual");
    multilingual_facts();
    publishing_flags();
    book_errors();
    bad_inputs();
    many_errors_reported();
    unreadable_and_collisions();
    missing_layout();
    out_guards();
    translations_report();
}
