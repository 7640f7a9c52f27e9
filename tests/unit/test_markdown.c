#include "../test.h"
#include "../../generator/markdown/markdown.h"
#include "../../generator/util/arena.h"
#include "../../generator/util/buf.h"
#include "../../generator/util/diag.h"

#include <pthread.h>
#include <stdlib.h>
#include <sys/wait.h>

static arena A = ARENA_INIT;
static struct md_result R;

/* Renders with the given mode; diagnostics land in *diags when not NULL. */
static int render(const char *md, int xhtml, int unsafe, buf *diags)
{
    struct md_opts o = {.file = "x.md", .unsafe_html = unsafe, .xhtml = xhtml};
    if (diags) diag_capture(diags);
    int rc = md_render(&A, md, strlen(md), &o, &R);
    if (diags) diag_capture(NULL);
    return rc;
}

static const char *html(const char *md) { render(md, 0, 0, NULL); return R.html; }

/* Is <body>html</body> well-formed XML?  1 yes, 0 no (xmllint says why
 * on stderr), -1 when xmllint (libxml2-utils) is not installed. */
static int xml_check(const char *body)
{
    if (system("command -v xmllint >/dev/null 2>&1") != 0) return -1;
    char path[] = "/tmp/loa-md-XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fd < 0 ? NULL : fdopen(fd, "w");
    if (!f) return -1;
    fprintf(f, "<body xmlns=\"http://www.w3.org/1999/xhtml\" "
               "xmlns:epub=\"http://www.idpf.org/2007/ops\">\n%s</body>\n", body);
    fclose(f);
    char cmd[64];
    snprintf(cmd, sizeof cmd, "xmllint --noout %s", path);
    int st = system(cmd);
    remove(path);
    return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

#define CHECK_XML(body) do { const char *b_ = (body); int ok_ = xml_check(b_); \
    if (ok_ < 0) fprintf(stderr, "    (xmllint missing: well-formedness not checked)\n"); \
    else if (!CHECK(ok_)) fprintf(stderr, "%s\n", b_); } while (0)

static void test_gfm(void)
{
    const char *h = html("| a | b |\n|:--|--:|\n| 1 | **2** |\n");
    CHECK_HAS(h, "<table>\n<thead>\n<tr>\n<th style=\"text-align: left\">a</th>");
    CHECK_HAS(h, "<td style=\"text-align: right\"><strong>2</strong></td>");
    CHECK_STR(html("~~gone~~ and ~one~"), "<p><del>gone</del> and <del>one</del></p>\n");
    h = html("See www.example.com, <https://loa.vn/x> and tin@loa.vn.");
    CHECK_HAS(h, "<a href=\"http://www.example.com\">www.example.com</a>");
    CHECK_HAS(h, "<a href=\"https://loa.vn/x\">https://loa.vn/x</a>");
    CHECK_HAS(h, "<a href=\"mailto:tin@loa.vn\">tin@loa.vn</a>");
    h = html("- [ ] todo\n- [x] done\n");
    CHECK_HAS(h, "<li><input type=\"checkbox\" disabled=\"\" /> todo</li>");
    CHECK_HAS(h, "<input type=\"checkbox\" checked=\"\" disabled=\"\" /> done");
}

static void test_raw_html(void)
{
    /* Default: raw HTML is shown as text, never run. */
    CHECK_STR(html("a <b>bold</b> <script>x()</script>"),
              "<p>a &lt;b&gt;bold&lt;/b&gt; &lt;script&gt;x()&lt;/script&gt;</p>\n");
    CHECK_STR(html("<div class=\"x\">\nhi\n</div>\n"),
              "<p>&lt;div class=&quot;x&quot;&gt;\nhi\n&lt;/div&gt;</p>\n");
    /* A refused link is a warning at its position (util/escape.h has the rule). */
    buf warned = BUF_INIT;
    diag_capture(&warned);
    CHECK_STR(html("[x](javascript:alert(1))"), "<p><a href=\"\">x</a></p>\n");
    CHECK_STR(html("[x](JavaScript:y) [d](data:text/html,z) ![i](data:image/png;base64,AA)"),
              "<p><a href=\"\">x</a> <a href=\"\">d</a> <img src=\"data:image/png;base64,AA\" alt=\"i\" /></p>\n");
    CHECK_STR(html("[x](java&#x09;script:y) [f](ftp://x.test/)"),
              "<p><a href=\"\">x</a> <a href=\"\">f</a></p>\n");
    diag_capture(NULL);
    CHECK_HAS(warned.data, "x.md:1:1: warning: link 'javascript:alert(1)': only http, https, "
                           "mailto and tel links or site paths are allowed; it is written with an "
                           "empty address");
    CHECK_HAS(warned.data, "x.md:1:19: warning: link 'data:text/html,z'");
    CHECK_HAS(warned.data, "warning: link 'ftp://x.test/'");
    CHECK_NOT_HAS(warned.data, "data:image/png");
    buf_release(&warned);
    /* unsafe_html: passed through, but tagfilter still defuses <script>. */
    render("[x](javascript:y)", 0, 1, NULL);
    CHECK_STR(R.html, "<p><a href=\"javascript:y\">x</a></p>\n");
    render("a <b>bold</b> <script>x()</script>", 0, 1, NULL);
    CHECK_STR(R.html, "<p>a <b>bold</b> &lt;script>x()&lt;/script></p>\n");
    render("<div class=\"x\">\n\n*hi*\n\n</div>\n", 0, 1, NULL);
    CHECK_STR(R.html, "<div class=\"x\">\n<p><em>hi</em></p>\n</div>\n");
    CHECK_STR(R.plain, "hi\n");
}

static int size_hook(void *ud, const char *src, unsigned *w, unsigned *h)
{
    (void)ud;
    if (strcmp(src, "/img/a.png")) return -1;
    *w = 640;
    *h = 480;
    return 0;
}

static const char *rewrite_img(void *ud, const char *src, const char *alt, unsigned line, unsigned col)
{
    (void)ud; (void)alt; (void)line; (void)col;
    return !strcmp(src, "a.png") ? "/img/a.png" : NULL;
}

static int srcset_hook(void *ud, const char *src, const char **set, const char **webp,
                       const char **avif)
{
    *avif = NULL;
    (void)ud;
    if (strcmp(src, "/img/a.png")) return -1;
    *set = "/img/a-320w.png 320w, /img/a.png 640w";
    *webp = "/img/a-320w.webp 320w, /img/a-640w.webp 640w";
    return 0;
}

/* Narrower copies: a <picture> with WebP first, lazy; never in books. */
static void test_image_srcset(void)
{
    struct md_link_hooks h = {NULL, NULL, rewrite_img, size_hook, srcset_hook};
    arena a = ARENA_INIT;
    struct md_result r;
    struct md_opts o = {.file = "x.md", .hooks = &h};
    const char *t = "![A](a.png)\n";
    CHECK_INT(md_render(&a, t, strlen(t), &o, &r), 0);
    CHECK_HAS(r.html, "<picture><source type=\"image/webp\" srcset=\"/img/a-320w.webp 320w, "
                      "/img/a-640w.webp 640w\" sizes=\"" MD_IMAGE_SIZES "\"><img src=\"/img/a.png\" "
                      "srcset=\"/img/a-320w.png 320w, /img/a.png 640w\" sizes=\"" MD_IMAGE_SIZES "\" "
                      "alt=\"A\" width=\"640\" height=\"480\" loading=\"lazy\" decoding=\"async\"></picture>");
    o.xhtml = 1;
    CHECK_INT(md_render(&a, t, strlen(t), &o, &r), 0);
    CHECK_NOT_HAS(r.html, "picture");
    CHECK_NOT_HAS(r.html, "srcset");
    arena_release(&a);
}

/* Sizes known to the build are written into <img>, so pages do not shift. */
static void test_image_sizes(void)
{
    struct md_link_hooks h = {NULL, NULL, rewrite_img, size_hook, NULL};
    arena a = ARENA_INIT;
    struct md_result r;
    struct md_opts o = {.file = "x.md", .hooks = &h};
    const char *t = "![Đắk \"Lắk\"](a.png \"T\") ![b](b.png)\n";
    CHECK_INT(md_render(&a, t, strlen(t), &o, &r), 0);
    CHECK_HAS(r.html, "<img src=\"/img/a.png\" alt=\"Đắk &quot;Lắk&quot;\" title=\"T\" width=\"640\" "
                      "height=\"480\" loading=\"lazy\" decoding=\"async\">");
    CHECK_HAS(r.html, "<img src=\"b.png\" alt=\"b\"");
    o.xhtml = 1;
    CHECK_INT(md_render(&a, t, strlen(t), &o, &r), 0);
    CHECK_HAS(r.html, "width=\"640\" height=\"480\" />");
    arena_release(&a);
}

static void test_headings(void)
{
    render("# Quyền con người\n\n## Đắk Lắk\n\n## Đắk Lắk\n\n## Đắk Lắk 2\n\n### *Bà Rịa* – Vũng Tàu\n\n"
           "## !!!\n\n## 中文 标题\n",
           0, 0, NULL);
    CHECK_HAS(R.html, "<h1 id=\"quyen-con-nguoi\">Quyền con người</h1>\n");
    CHECK_HAS(R.html, "<h2 id=\"dak-lak\">Đắk Lắk</h2>\n<h2 id=\"dak-lak-2\">Đắk Lắk</h2>\n");
    CHECK_HAS(R.html, "<h2 id=\"dak-lak-2-2\">Đắk Lắk 2</h2>");
    CHECK_HAS(R.html, "<h3 id=\"ba-ria-vung-tau\"><em>Bà Rịa</em> – Vũng Tàu</h3>");
    CHECK_HAS(R.html, "<h2 id=\"section\">!!!</h2>");
    CHECK_HAS(R.html, "<h2 id=\"中文-标题\">中文 标题</h2>");
    CHECK_INT(R.n_headings, 7);
    CHECK_INT(R.headings[4].level, 3);
    CHECK_STR(R.headings[4].id, "ba-ria-vung-tau");
    CHECK_STR(R.headings[4].text, "Bà Rịa – Vũng Tàu");
    /* Setext headings and decomposed input give the same ids. */
    render("Quye\xCC\x80n\n=====\n", 0, 0, NULL);
    CHECK_HAS(R.html, "<h1 id=\"quyen\">");
    /* a heading shaped like a footnote id keeps clear of the notes' ids */
    render("## Fn 1\n\nText[^1]\n\n[^1]: note\n", 1, 0, NULL);
    CHECK_HAS(R.html, "<h2 id=\"fn-1-h\">Fn 1</h2>");
    CHECK_HAS(R.html, "id=\"fn-1\"");
}

static void test_toc(void)
{
    render("# T\n\n## A\n\ntext\n\n### A1\n\n#### A1a\n\n## B\n\n#### B1\n\n### B2\n\n##### deep\n", 0, 0, NULL);
    CHECK_STR(R.toc_html,
              "<ul>\n"
              "<li><a href=\"#a\">A</a>\n<ul>\n"
              "<li><a href=\"#a1\">A1</a>\n<ul>\n<li><a href=\"#a1a\">A1a</a></li>\n</ul>\n</li>\n"
              "</ul>\n</li>\n"
              "<li><a href=\"#b\">B</a>\n<ul>\n"
              "<li><a href=\"#b1\">B1</a></li>\n<li><a href=\"#b2\">B2</a></li>\n"
              "</ul>\n</li>\n"
              "</ul>\n");
    CHECK_XML(R.toc_html);
    render("# Only\n\n## One\n\ntext\n", 0, 0, NULL);
    CHECK_STR(R.toc_html, "");
    render("## Tin tức & <b>\n\n## 中文\n", 0, 0, NULL);
    CHECK_HAS(R.toc_html, "<a href=\"#tin-tuc-b\">Tin tức &amp; &lt;b&gt;</a>");
    CHECK_HAS(R.toc_html, "<a href=\"#%E4%B8%AD%E6%96%87\">中文</a>");
}

static void test_summary(void)
{
    struct md_opts o = {.file = "x.md", .summary_chars = 40};
    const char *md = "# Tiêu đề\n\n```\ncode code code\n```\n\n"
                     "Đoạn *đầu tiên* có ![ảnh](a.png). Và một câu rất dài nữa ở đây.\n\nĐoạn hai.\n";
    md_render(&A, md, strlen(md), &o, &R);
    CHECK_STR(R.summary, "Đoạn đầu tiên có. Và một câu rất dài nữa…");
    CHECK_INT(R.word_count, 2 + 3 + 13 + 2);   /* heading, code, paragraph with alt, paragraph */
    CHECK_HAS(R.plain, "code code code\n");
    CHECK_HAS(R.plain, "Đoạn đầu tiên có ảnh. Và");

    render("Short one.\n\nSecond   para\nline.\n", 0, 0, NULL);
    CHECK_STR(R.summary, "Short one. Second para line.");

    /* No space within the limit (Chinese): cut at a character. */
    o.summary_chars = 5;
    md = "我爱北京天安门，天安门上太阳升。";
    md_render(&A, md, strlen(md), &o, &R);
    CHECK_STR(R.summary, "我爱北京天…");

    /* Quotes, notes, tables and footnotes stay out of the summary. */
    o.summary_chars = 200;
    md = "> [!PULLQUOTE]\n> Pulled.\n\n| t |\n|---|\n| cell |\n\nBody[^1].\n\n[^1]: Note text.\n";
    md_render(&A, md, strlen(md), &o, &R);
    CHECK_STR(R.summary, "Body.");
    CHECK_INT(R.word_count, 6);   /* Pulled, t, cell, Body, Note, text */
    CHECK(R.has_footnotes);
}

static void test_boxes(void)
{
    CHECK_STR(html("> [!PULLQUOTE]\n> Tự do là *quyền*.\n"),
              "<blockquote class=\"pullquote\">\n<p>Tự do là <em>quyền</em>.</p>\n</blockquote>\n");
    CHECK_STR(html("> [!note]  \n>\n> One.\n>\n> Two.\n"),
              "<div class=\"note\" role=\"note\">\n<p>One.</p>\n<p>Two.</p>\n</div>\n");
    CHECK_STR(html("> [!PULLQUOTE] not alone\n"),
              "<blockquote>\n<p>[!PULLQUOTE] not alone</p>\n</blockquote>\n");
    CHECK_STR(html("> Plain quote.\n"), "<blockquote>\n<p>Plain quote.</p>\n</blockquote>\n");
    CHECK_STR(R.plain, "Plain quote.\n");
}

static void test_footnotes(void)
{
    const char *md = "Một[^a] hai[^b] ba[^a].\n\n[^b]: Bê.\n[^a]: A *nhấn*.\n[^unused]: x\n";
    render(md, 0, 0, NULL);
    CHECK_HAS(R.html, "<sup class=\"footnote-ref\"><a href=\"#fn-a\" id=\"fnref-a\" data-footnote-ref>1</a></sup>");
    CHECK_HAS(R.html, "<section class=\"footnotes\" data-footnotes>\n<ol>\n<li id=\"fn-a\">");
    CHECK_NOT_HAS(R.html, "unused");
    CHECK(R.has_footnotes);

    render(md, 1, 0, NULL);
    CHECK_HAS(R.html, "Một<a epub:type=\"noteref\" role=\"doc-noteref\" href=\"#fn-1\" id=\"fnref-1\">1</a>"
                      " hai<a epub:type=\"noteref\" role=\"doc-noteref\" href=\"#fn-2\" id=\"fnref-2\">2</a>"
                      " ba<a epub:type=\"noteref\" role=\"doc-noteref\" href=\"#fn-1\" id=\"fnref-1-2\">1</a>.");
    CHECK_HAS(R.html, "<aside epub:type=\"footnote\" role=\"doc-footnote\" id=\"fn-1\">\n"
                      "<p><a href=\"#fnref-1\" role=\"doc-backlink\">1.</a> A <em>nhấn</em>.</p>\n</aside>\n"
                      "<aside epub:type=\"footnote\" role=\"doc-footnote\" id=\"fn-2\">\n"
                      "<p><a href=\"#fnref-2\" role=\"doc-backlink\">2.</a> Bê.</p>\n</aside>\n");
    CHECK_NOT_HAS(R.html, "data-footnote");
    CHECK_NOT_HAS(R.html, "<section");
    CHECK_XML(R.html);
    /* Table cells take no custom nodes: the reference is raw HTML there. */
    render("| a |\n|---|\n| b[^n] |\n\n[^n]: Note.\n", 1, 0, NULL);
    CHECK_HAS(R.html, "<td>b<a epub:type=\"noteref\" role=\"doc-noteref\" href=\"#fn-1\" id=\"fnref-1\">1</a></td>");
    CHECK_XML(R.html);
    render("No notes.\n", 1, 0, NULL);
    CHECK(!R.has_footnotes);
}

struct hook_log { buf b; };

static const char *on_link(void *ud, const char *href, unsigned line, unsigned col)
{
    struct hook_log *l = ud;
    buf_printf(&l->b, "link %s %u:%u\n", href, line, col);
    size_t n = strlen(href);
    if (n > 3 && !strcmp(href + n - 3, ".md")) return arena_printf(&A, "/%.*s/", (int)(n - 3), href);
    return NULL;
}

static const char *on_image(void *ud, const char *src, const char *alt, unsigned line, unsigned col)
{
    struct hook_log *l = ud;
    buf_printf(&l->b, "image %s [%s] %u:%u\n", src, alt, line, col);
    return !strcmp(src, "a.jpg") ? "/media/a.jpg" : NULL;
}

static void test_hooks(void)
{
    struct hook_log log = {BUF_INIT};
    struct md_link_hooks h = {&log, on_link, on_image, NULL, NULL};
    struct md_opts o = {.file = "x.md", .line_offset = 4, .hooks = &h};   /* 4 lines of front matter */
    const char *md = "Mở đầu [bài](bai-viet.md \"T\") và ![Ảnh *đẹp*](a.jpg).\n"
                     "\n"
                     "> trích [q](https://x.vn)\n"
                     "> ![](b.png)\n"
                     "\n"
                     "- mục <https://y.vn>\n";
    md_render(&A, md, strlen(md), &o, &R);
    CHECK_STR(log.b.data,
              "link bai-viet.md 5:8\n"
              "image a.jpg [Ảnh đẹp] 5:34\n"
              "link https://x.vn 7:9\n"
              "image b.png [] 8:3\n"
              "link https://y.vn 10:7\n");
    CHECK_HAS(R.html, "<a href=\"/bai-viet/\" title=\"T\">bài</a>");
    CHECK_HAS(R.html, "<img src=\"/media/a.jpg\" alt=\"Ảnh đẹp\" />");
    CHECK_HAS(R.html, "<img src=\"b.png\" alt=\"\" />");
    /* GFM autolinks, which cmark-gfm misplaces; email ones have no column. */
    buf_clear(&log.b);
    md = "x\n\nsee www.loa.vn now\nwww.vn\n\n> - <http://q.vn> a@b.vn\n";
    md_render(&A, md, strlen(md), &o, &R);
    CHECK_STR(log.b.data, "link http://www.loa.vn 7:5\nlink http://www.vn 8:1\n"
                          "link http://q.vn 10:5\nlink mailto:a@b.vn 10:0\n");
    buf_release(&log.b);
}

static void test_xhtml(void)
{
    const char *md = "# Tiêu đề\n\nDòng một  \nhai<br>ba &amp; &copy; &nbsp; &#x1F600;\n\n---\n\n"
                     "![ảnh](a.png)\n\n- [x] xong\n\n| a |\n|---|\n| b |\n\n"
                     "Có <span class=x data-y='1 < 2'>nội dung</span> và <input disabled type=checkbox>.\n\n"
                     "<div class=\"box\">\n\n*Markdown* bên trong &hearts; &bogus; & <3\n\n</div>\n\n"
                     "<!-- a comment -- with dashes -->\n\n<p>Đoạn<BR>HTML</P>\n\n"
                     "ctrl \x01 char\n";
    int rc = render(md, 1, 1, NULL);
    CHECK_INT(rc, 0);
    CHECK_HAS(R.html, "Dòng một<br />\nhai<br />ba &amp; © \xC2\xA0 \xF0\x9F\x98\x80</p>");
    CHECK_HAS(R.html, "<hr />");
    CHECK_HAS(R.html, "<img src=\"a.png\" alt=\"ảnh\" />");
    CHECK_HAS(R.html, "<input type=\"checkbox\" checked=\"\" disabled=\"\" />");
    CHECK_HAS(R.html, "<span class=\"x\" data-y=\"1 &lt; 2\">nội dung</span>");
    CHECK_HAS(R.html, "<input disabled=\"disabled\" type=\"checkbox\" />");
    /* Markdown text inside raw HTML blocks is cmark's: entities decoded. */
    CHECK_HAS(R.html, "<div class=\"box\">\n<p><em>Markdown</em> bên trong ♥ &amp;bogus; &amp; &lt;3</p>\n</div>");
    CHECK_NOT_HAS(R.html, "comment");
    CHECK_HAS(R.html, "<p>Đoạn<BR />HTML</p>");
    CHECK_HAS(R.html, "ctrl \xEF\xBF\xBD char");   /* U+FFFD, as in every escaper (util/escape.h) */
    CHECK_XML(R.html);
    /* Entities in raw HTML become numeric: XHTML has no DTD for &nbsp;. */
    render("<p>a&nbsp;b&mdash;c &#160; &#0; &lt; &hearts; &ngE; &bogus; &copy &</p>\n", 1, 1, NULL);
    CHECK_STR(R.html, "<p>a&#160;b&#8212;c &#160; &#xFFFD; &lt; &#9829; &#8807;&#824; "
                      "&amp;bogus; &amp;copy &amp;</p>\n");
    /* Element names keep their case but close as opened; SVG self-closes. */
    rc = render("<DIV class=a>x</div>\n\n<svg viewBox=\"0 0 1 1\"><rect width=\"1\" height=\"1\"/></svg>\n\n"
                "a <![CDATA[x<y]]> <?php echo 1; ?> b\n\n"
                "<details>\n<summary>Tóm tắt</summary>\n\nNội dung > 2.\n\n</details>\n", 1, 1, NULL);
    CHECK_INT(rc, 0);
    CHECK_HAS(R.html, "<DIV class=\"a\">x</DIV>");
    CHECK_HAS(R.html, "<svg viewBox=\"0 0 1 1\"><rect width=\"1\" height=\"1\" /></svg>");
    CHECK_HAS(R.html, "<p>a <![CDATA[x<y]]>  b</p>");
    CHECK_HAS(R.html, "<details>\n<summary>Tóm tắt</summary>\n<p>Nội dung &gt; 2.</p>\n</details>");
    CHECK_XML(R.html);
    /* Safe mode in XHTML: raw HTML is text, so always well-formed. */
    render("a <b>b <br> <i>\n\n<div>\n", 1, 0, NULL);
    CHECK_XML(R.html);
}

static void test_xhtml_errors(void)
{
    buf d = BUF_INIT;
    struct md_opts o = {.file = "content/vi/x.md", .line_offset = 4, .unsafe_html = 1,
                        .xhtml = 1};
    const char *md = "Mở đầu.\n\nĐoạn có <span>mở mà không đóng.\n";
    diag_capture(&d);
    int rc = md_render(&A, md, strlen(md), &o, &R);
    diag_capture(NULL);
    CHECK_INT(rc, -1);
    CHECK_STR(d.data, "content/vi/x.md:7:9: error: inline HTML '<span>' is not closed; close it or remove it [LOA-E0511]\n");

    buf_clear(&d);
    md = "<div class=\"box\">\n\ntext\n";
    diag_capture(&d);
    rc = md_render(&A, md, strlen(md), &o, &R);
    diag_capture(NULL);
    CHECK_INT(rc, -1);
    CHECK_STR(d.data, "content/vi/x.md:5:1: error: inline HTML '<div>' is not closed; close it or remove it [LOA-E0511]\n");

    /* Misnested across Markdown emphasis; stray closing tag; bad syntax
     * inside a block quote (columns count the "> " prefix). */
    buf_clear(&d);
    md = "*a <b>c* d</b>\n\ntext </em> more\n\n> <p>\n> <a href=\"x\" href=\"y\">z</a>\n> </p>\n";
    diag_capture(&d);
    rc = md_render(&A, md, strlen(md), &o, &R);
    diag_capture(NULL);
    CHECK_INT(rc, -1);
    CHECK_HAS(d.data, "content/vi/x.md:5:4: error: inline HTML '<b>' is not closed; close it or remove it [LOA-E0511]\n");
    CHECK_HAS(d.data, "content/vi/x.md:5:11: error: inline HTML '</b>' has no matching '<b>'; "
                      "remove it or add the opening tag [LOA-E0511]\n");
    CHECK_HAS(d.data, "content/vi/x.md:7:6: error: inline HTML '</em>' has no matching '<em>'");
    CHECK_HAS(d.data, "content/vi/x.md:10:3: error: inline HTML '<a>' repeats the attribute 'href'; "
                      "XML allows each once [LOA-E0511]\n");

    /* Tags that cannot be read; the output stays well-formed regardless. */
    buf_clear(&d);
    md = "<div\n\n<div>\n<p class=>y</p> <b \"q\">z</b>\n</div>\n\nx <b \"q\">y</b>\n";
    diag_capture(&d);
    rc = md_render(&A, md, strlen(md), &o, &R);
    diag_capture(NULL);
    CHECK_INT(rc, -1);
    CHECK_HAS(d.data, "x.md:5:1: error: inline HTML '<div' has no closing '>' [LOA-E0511]\n");
    CHECK_HAS(d.data, "x.md:8:1: error: inline HTML '<p>' has '=' without a value [LOA-E0511]\n");
    CHECK_HAS(d.data, "x.md:8:12: error: inline HTML '</p>' has no matching '<p>'");
    CHECK_HAS(d.data, "x.md:8:17: error: inline HTML '<b>' has a malformed attribute at '\"' [LOA-E0511]\n");
    CHECK_HAS(d.data, "x.md:8:25: error: inline HTML '</b>' has no matching '<b>'");
    /* In a paragraph cmark reads a malformed tag as text: only </b> is HTML. */
    CHECK_HAS(d.data, "x.md:11:11: error: inline HTML '</b>' has no matching '<b>'");
    CHECK_NOT_HAS(d.data, "'<div>'");
    CHECK_XML(R.html);
    buf_release(&d);

    /* The same documents are fine as HTML. */
    o.xhtml = 0;
    CHECK_INT(md_render(&A, md, strlen(md), &o, &R), 0);
}

/* md_render from several threads at once gives what one thread gives. */
struct job { const char *md; const char *expect; int ok; };

static void *worker(void *p)
{
    struct job *j = p;
    arena a = ARENA_INIT;
    struct md_opts o = {.file = "t.md", .unsafe_html = 1, .xhtml = 1};
    j->ok = 1;
    for (int i = 0; i < 200; i++) {
        struct md_result r;
        md_render(&a, j->md, strlen(j->md), &o, &r);
        j->ok &= strcmp(r.html, j->expect) == 0;
        arena_reset(&a);
    }
    arena_release(&a);
    return NULL;
}

static void test_threads(void)
{
    const char *md = "# Tiêu đề\n\nCó chú thích[^1] và ~~gạch~~ <b>x</b>.\n\n| a |\n|---|\n| b |\n\n[^1]: Chú.\n";
    render(md, 1, 1, NULL);
    const char *expect = R.html;
    pthread_t t[4];
    struct job j[4];
    for (int i = 0; i < 4; i++) {
        j[i] = (struct job){md, expect, 0};
        pthread_create(&t[i], NULL, worker, &j[i]);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        CHECK(j[i].ok);
    }
}

void suite_markdown(void)
{
    test_image_sizes();
    test_image_srcset();
    test_gfm();
    test_raw_html();
    test_headings();
    test_toc();
    test_summary();
    test_boxes();
    test_footnotes();
    test_hooks();
    test_xhtml();
    test_xhtml_errors();
    test_threads();
    arena_release(&A);
}
