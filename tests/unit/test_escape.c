/* util/escape: each output context's escaper on tables of tricky input
 * (UTF-8, controls, U+2028, obfuscated schemes), the Mustache engine's
 * URL attributes, the URL check of YAML trees, and whole builds with
 * hostile front matter and site.yml, checked in the HTML, the feeds
 * (xmllint) and the books (epubcheck). */
#include "../test.h"
#include "../../generator/data/value.h"
#include "../../generator/data/yaml.h"
#include "../../generator/templates/mustache.h"
#include "../../generator/util/arena.h"
#include "../../generator/util/buf.h"
#include "../../generator/util/diag.h"
#include "../../generator/util/escape.h"
#include "../../generator/util/fs.h"

#include <stdlib.h>
#include <string.h>

#define FFFD "\xEF\xBF\xBD"

struct row { const char *in, *out; };

typedef void escaper(buf *b, const char *s, size_t n);

static void table(const char *what, escaper *f, const struct row *rows, size_t n)
{
    buf b = BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        buf_clear(&b);
        f(&b, rows[i].in, strlen(rows[i].in));
        if (!CHECK_STR(b.data, rows[i].out)) fprintf(stderr, "    %s, row %zu\n", what, i);
    }
    buf_release(&b);
}

#define TABLE(f, rows) table(#f, f, rows, sizeof rows / sizeof rows[0])

static void html_and_xml(void)
{
    static const struct row text[] = {
        {"", ""},
        {"plain Tiếng Việt", "plain Tiếng Việt"},
        {"a < b && c > d", "a &lt; b &amp;&amp; c &gt; d"},
        {"\"quoted\" 'x'", "\"quoted\" 'x'"},
        {"<!-- <script>", "&lt;!-- &lt;script&gt;"},
        {"a\x01" "b", "a" FFFD "b"},
        {"tab\tlf\ncr\r", "tab\tlf\ncr\r"},
        {"ff\x0c" "del\x7f", "ff" FFFD "del" FFFD},
        {"nel\xc2\x85 nbsp\xc2\xa0", "nel" FFFD " nbsp\xc2\xa0"},
        {"\xef\xbf\xbe\xef\xbf\xbf\xef\xbf\xbd", FFFD FFFD FFFD},
        {"\xe2\x80\xa8", "\xe2\x80\xa8"},
        {"end\xc2", "end\xc2"},
    };
    static const struct row attr[] = {
        {"\"><svg onload=alert(1)>", "&quot;&gt;&lt;svg onload=alert(1)&gt;"},
        {"en\"><svg onload=alert(1)>", "en&quot;&gt;&lt;svg onload=alert(1)&gt;"},
        {"it's & <b>", "it&#39;s &amp; &lt;b&gt;"},
        {"a\x01" "b", "a" FFFD "b"},
    };
    static const struct row xml[] = {
        {"a\x01" "b </script> ]]>", "a" FFFD "b &lt;/script&gt; ]]&gt;"},
        {"R&D \"x\"", "R&amp;D &quot;x&quot;"},
    };
    static const struct row clean[] = {
        {"<p>a\x01" "b &amp; c</p>", "<p>a" FFFD "b &amp; c</p>"},
        {"<p>ok</p>\n", "<p>ok</p>\n"},
    };
    TABLE(esc_html_text, text);
    TABLE(esc_html_attr, attr);
    TABLE(esc_xml, xml);
    TABLE(esc_markup_clean, clean);
    /* a NUL inside a string is a control like the others */
    buf b = BUF_INIT;
    esc_html_attr(&b, "a\0b", 3);
    CHECK_STR(b.data, "a" FFFD "b");
    buf_release(&b);
    /* the old name gives the same bytes */
    buf_put_html(&b, "<a href=\"x\">&'</a>", 18);
    CHECK_STR(b.data, "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
    buf_release(&b);
}

/* The fast checks before escaping agree with the escapers, on both sides
 * of their eight-byte steps. */
static void clean_lengths(void)
{
    CHECK_INT(esc_html_clean_len("", 0), 0);
    CHECK_INT(esc_html_clean_len("abc&d", 5), 3);
    CHECK_INT(esc_html_clean_len("Quyền con người\tx\n", strlen("Quyền con người\tx\n")),
              strlen("Quyền con người\tx\n"));
    CHECK_INT(esc_html_clean_len("0123456789abc<", 14), 13);
    CHECK_INT(esc_html_clean_len("01234567\x01", 9), 8);
    CHECK_INT(esc_html_clean_len("0123456\xc2\xa0", 9), 7);   /* a lead byte to look at */
    CHECK_INT(esc_url_clean_len("/stories/ban-muong/", 19), 19);
    CHECK_INT(esc_url_clean_len("/a b/", 5), 2);
    CHECK_INT(esc_url_clean_len("https://x.test/?a=1&b=2", 23), 19);
    CHECK_INT(esc_url_clean_len("javascript:alert(1)", 19), 0);
}

static void json(void)
{
    static const struct row rows[] = {
        {"", "\"\""},
        {"Quyền con người", "\"Quyền con người\""},
        {"say \"hi\" \\ back", "\"say \\\"hi\\\" \\\\ back\""},
        {"l1\nl2\tt\rr\x01\x1f", "\"l1\\nl2\\tt\\rr\\u0001\\u001f\""},
        {"</script><!-- <script>", "\"\\u003c/script\\u003e\\u003c!-- \\u003cscript\\u003e\""},
        {"R&D", "\"R\\u0026D\""},
        {"a\xe2\x80\xa8" "b\xe2\x80\xa9" "c", "\"a\\u2028b\\u2029c\""},
        {"\xe2\x80\xa6", "\"\xe2\x80\xa6\""},
    };
    TABLE(esc_json, rows);
}

static void urls(void)
{
    static const struct { const char *u; int ok; unsigned flags; } rows[] = {
        {"https://www.ohchr.org/en/instruments", 1, 0},
        {"HTTP://X.TEST/", 1, 0},
        {"mailto:so@tttt.gov.vn", 1, 0},
        {"tel:+84-24-1234", 1, 0},
        {"/stories/ban-muong/", 1, 0},
        {"../x.html", 1, 0},
        {"#dieu-6", 1, 0},
        {"?page=2", 1, 0},
        {"//cdn.test/x.png", 1, 0},
        {"tin-tức/", 1, 0},
        {"a b/c", 1, 0},
        {"", 1, 0},
        {"./javascript:alert(1)", 1, 0},
        {"/x?next=javascript:alert(1)", 1, 0},
        {"javascript:alert(1)", 0, 0},
        {"JaVaScRiPt:alert(1)", 0, 0},
        {" JaVaScript:alert(1)", 0, 0},
        {"\x01\x02 javascript:alert(1)", 0, 0},
        {"java\tscript:alert(1)", 0, 0},
        {"java\nscript:alert(1)", 0, 0},
        {"java&#x09;script:alert(1)", 0, 0},
        {"java&#9;script:alert(1)", 0, 0},
        {"java&Tab;script:alert(1)", 0, 0},
        {"&#106;avascript:alert(1)", 0, 0},
        {"&#x6A&#x61&#x76&#x61script:alert(1)", 0, 0},
        {"javascript&colon;alert(1)", 0, 0},
        {"vbscript:msgbox(1)", 0, 0},
        {"file:///etc/passwd", 0, 0},
        {"ftp://x.test/", 0, 0},
        {"data:text/html,<script>alert(1)</script>", 0, 0},
        {"data:image/png;base64,iVBO", 0, 0},
        {"data:image/png;base64,iVBO", 1, ESC_URL_IMAGE},
        {"DATA:image/webp,xx", 1, ESC_URL_IMAGE},
        {"data:image/svg+xml,<svg onload=alert(1)>", 0, ESC_URL_IMAGE},
        {"data:text/html,x", 0, ESC_URL_IMAGE},
        {"tom&jerry:x", 0, 0},
        {"a b:c", 0, 0},
        {"1http://x", 0, 0},
        {"averyveryverylongschemename:x", 0, 0},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        int got = esc_url_allowed(rows[i].u, strlen(rows[i].u), rows[i].flags);
        if (!CHECK_INT_OK(got, rows[i].ok)) fprintf(stderr, "    url: [%s]\n", rows[i].u);
    }
    static const struct row attr[] = {
        {"/a b/?q=1&r=\"2\"", "/a%20b/?q=1&amp;r=&quot;2&quot;"},
        {"https://x.test/<x>", "https://x.test/&lt;x&gt;"},
        {" JaVaScript:alert(1)", ESC_URL_REFUSED},
        {"java&#x09;script:alert(1)", ESC_URL_REFUSED},
        {"/ok\x01", "/ok%01"},
    };
    TABLE(esc_url_attr, attr);
}

/* ---- the Mustache engine ------------------------------------------------ */

static char *no_partials(void *ud, const char *name, char **path)
{
    (void)ud; (void)name; (void)path;
    return NULL;
}

static void render(const char *tpl, const value *data, buf *out)
{
    mus_cache *c = mus_cache_new(no_partials, NULL);
    mus_template *t = mus_compile(c, "t", "t.mustache", tpl, strlen(tpl));
    buf_clear(out);
    CHECK(t && mus_render(c, t, &mus_value_ops, NULL, data, NULL, out) == 0);
    mus_cache_free(c);
}

static void mustache_contexts(void)
{
    arena a = ARENA_INIT;
    const char *y = "u: \" JaVaScript:alert(1)\"\nok: /a b/\n"
                    "j: \"java&#x09;script:x\"\n";
    value *d = yaml_parse(&a, y, strlen(y), "d.yml", 0);
    /* YAML refuses control characters; a value built in code may still hold one */
    val_set_str(&a, d, "t", "a\x01<b>");
    buf o = BUF_INIT;
    /* a value that starts a URL attribute is checked, in any quoting */
    render("<a href=\"{{u}}\">{{u}}</a>", d, &o);
    CHECK_STR(o.data, "<a href=\"" ESC_URL_REFUSED "\"> JaVaScript:alert(1)</a>");
    render("<img SRC = '{{j}}'><form action={{u}}>", d, &o);
    CHECK_STR(o.data, "<img SRC = '" ESC_URL_REFUSED "'><form action=" ESC_URL_REFUSED ">");
    render("<a href=\"{{ok}}\">", d, &o);
    CHECK_STR(o.data, "<a href=\"/a%20b/\">");
    /* elsewhere the value is text, and the scheme decides nothing */
    render("<a title=\"{{u}}\" href=\"/x/{{u}}\">", d, &o);
    CHECK_STR(o.data, "<a title=\" JaVaScript:alert(1)\" href=\"/x/ JaVaScript:alert(1)\">");
    render("<p>{{t}}</p>{{{t}}}", d, &o);
    CHECK_STR(o.data, "<p>a" FFFD "&lt;b&gt;</p>a\x01<b>");
    /* "data-href=" is not href= */
    render("<a data-href=\"{{u}}\">", d, &o);
    CHECK_STR(o.data, "<a data-href=\" JaVaScript:alert(1)\">");
    buf_release(&o);
    arena_release(&a);
}

/* ---- URL-valued fields of YAML ------------------------------------------- */

static void url_fields(void)
{
    arena a = ARENA_INIT;
    const char *y =
        "title: x\n"
        "text_url: \"javascript:alert(1)\"\n"
        "menus:\n"
        "  vi:\n"
        "    - {name: A, url: /a/}\n"
        "    - {name: B, url: \" JaVaScript:alert(1)\"}\n"
        "links: [{url: \"https://ok.test/\"}, {url: \"vbscript:x\"}]\n"
        "note: \"javascript:alert(1) is only text here\"\n";
    value *v = yaml_parse(&a, y, strlen(y), "site.yml", 0);
    buf msgs = BUF_INIT;
    diag_capture(&msgs);
    unsigned e0 = diag_errors();
    CHECK_INT(esc_check_urls("site.yml", v), -1);
    diag_capture(NULL);
    CHECK_INT(diag_errors() - e0, 3);
    CHECK_HAS(msgs.data, "site.yml:2:11: error: 'text_url' is 'javascript:alert(1)', which is not "
                         "a safe link; only http, https, mailto and tel links or site paths are "
                         "allowed");
    CHECK_HAS(msgs.data, "site.yml:6:22: error: 'url' is ' JaVaScript:alert(1)'");
    CHECK_HAS(msgs.data, "site.yml:7:42: error: 'url' is 'vbscript:x'");
    CHECK_NOT_HAS(msgs.data, "only text here");
    const char *good = "text_url: https://x.test/\n"
                       "menus: {vi: [{url: /a/}, {url: \"mailto:a@b.vn\"}]}\n";
    CHECK_INT(esc_check_urls("g.yml", yaml_parse(&a, good, strlen(good), "g.yml", 0)), 0);
    buf_release(&msgs);
    arena_release(&a);
}

/* ---- whole builds ---------------------------------------------------------- */

#define EPOCH "SOURCE_DATE_EPOCH=1767225600 "

static int build_site(const char *d, buf *log)
{
    buf cmd = BUF_INIT;
    buf_clear(log);
    buf_printf(&cmd, EPOCH "%s build --content %s/content --theme themes/portal --out %s/out "
               "--quiet 2>&1", t_loa(), d, d);
    int r = t_run(cmd.data, log);
    buf_release(&cmd);
    return r;
}

static char *read_out(const char *d, const char *rel)
{
    buf path = BUF_INIT, b = BUF_INIT;
    buf_printf(&path, "%s/out/%s", d, rel);
    if (fs_read_file(path.data, &b) != 0) buf_puts(&b, "(missing)");
    buf_release(&path);
    return buf_detach(&b);
}

/* The text of every <script type="application/ld+json"> in html holds no
 * '<', so nothing in it can end or comment out the element. */
static int jsonld_has_lt(const char *html)
{
    const char *open = "<script type=\"application/ld+json\">";
    int found = 0;
    for (const char *p = strstr(html, open); p; p = strstr(p, open)) {
        p += strlen(open);
        const char *end = strstr(p, "</script>");
        if (!end || memchr(p, '<', (size_t)(end - p))) return 1;
        found = 1;
    }
    return !found;
}

static void hostile_site(const char *d)
{
    t_write(d, "content/site.yml",
            "title: \"Site <!-- <script>\"\nbase_url: https://x.test/\ndefault_language: vi\n"
            "languages: {vi: {name: \"Tiếng Việt\"}}\n"
            "menus: {vi: [{name: \"A </script>\", url: /conventions/}]}\n"
            "publications:\n  - {slug: book, section: conventions, languages: [vi], "
            "title: {vi: \"Book <!-- <script>\"}}\n");
    t_write(d, "content/_index.md", "---\ntitle: \"Home </script>\"\n---\nHi.\n");
    t_write(d, "content/conventions/_index.md", "---\ntitle: Conventions\ntype: convention\n---\n");
    t_write(d, "content/conventions/x.md",
            "---\ntitle: \"<!-- <script> & </script>\"\ndate: 2024-01-01\n"
            "summary: \"line\\u2028sep </script> \\\"q\\\"\"\n"
            "text_url: \"https://www.ohchr.org/x?a=1&b=2\"\n---\n"
            "Body with \x01 a control, & and <b>.\n");
}

static void hostile_build(void)
{
    char *d = t_tmpdir("esc-hostile");
    hostile_site(d);
    buf log = BUF_INIT, cmd = BUF_INIT, res = BUF_INIT;
    if (!CHECK_INT_OK(build_site(d, &log), 0)) fprintf(stderr, "%s", log.data);
    char *page = read_out(d, "conventions/x/index.html");
    CHECK(!jsonld_has_lt(page));
    CHECK_HAS(page, "\\u003c!-- \\u003cscript\\u003e \\u0026 \\u003c/script\\u003e");
    CHECK_HAS(page, "line\\u2028sep");
    CHECK_HAS(page, "href=\"https://www.ohchr.org/x?a=1&amp;b=2\"");
    CHECK_HAS(page, "Body with " FFFD " a control");
    CHECK_NOT_HAS(page, "\x01");
    free(page);
    char *home = read_out(d, "index.html");
    CHECK(!jsonld_has_lt(home));
    free(home);
    buf_printf(&cmd, "find %s/out -name '*.xml' | sort | xargs xmllint --noout 2>&1", d);
    if (!CHECK_INT_OK(t_run(cmd.data, &res), 0)) fprintf(stderr, "%s", res.data);
    buf_clear(&cmd);
    buf_clear(&res);
    buf_printf(&cmd, "sh tests/tools/epubcheck.sh %s/out 2>&1", d);
    if (!CHECK_INT_OK(t_run(cmd.data, &res), 0)) fprintf(stderr, "%s", res.data);
    CHECK_HAS(res.data, "1 books checked");
    t_tmpdir_done(d);
    buf_release(&log); buf_release(&cmd); buf_release(&res);
}

/* A C0 control from a YAML escape: refused where it is read, or replaced
 * on output; either way every feed, page and book stays well-formed. */
static void control_in_title(void)
{
    char *d = t_tmpdir("esc-c0");
    hostile_site(d);
    t_write(d, "content/conventions/x.md", "---\ntitle: \"a\\x01b\"\ndate: 2024-01-01\n"
            "summary: \"s\\x02t\"\n---\nText.\n");
    buf log = BUF_INIT, cmd = BUF_INIT, res = BUF_INIT;
    int r = build_site(d, &log);
    if (r != 0) {   /* refused at input, with its position */
        CHECK_INT(r, 1);
        CHECK_HAS(log.data, "conventions/x.md:2:");
    } else {
        buf_printf(&cmd, "grep -rl --include='*.html' --include='*.xml' '[\x01\x02]' %s/out; "
                   "for f in $(find %s/out -name '*.xml'); do xmllint --noout $f || exit 1; done; "
                   "sh tests/tools/epubcheck.sh %s/out", d, d, d);
        if (!CHECK_INT_OK(t_run(cmd.data, &res), 0)) fprintf(stderr, "%s", res.data);
        CHECK_NOT_HAS(res.data, "/out/");   /* grep -l found no file with a raw control */
        char *atom = read_out(d, "atom.xml");
        CHECK_HAS(atom, "<title>a" FFFD "b</title>");
        free(atom);
    }
    t_tmpdir_done(d);
    buf_release(&log); buf_release(&cmd); buf_release(&res);
}

/* A hostile language code: refused where it is read (BCP 47), or escaped
 * in <html lang>, hreflang, href, feeds and sitemaps. */
static void hostile_lang(void)
{
    char *d = t_tmpdir("esc-lang");
    t_write(d, "content/site.yml", "title: T\nbase_url: https://x.test/\ndefault_language: vi\n"
            "default_language_in_subdir: true\nlanguages:\n  vi: {name: V}\n"
            "  'en\"><svg onload=alert(1)>': {name: E}\n");
    t_write(d, "content/_index.md", "---\ntitle: H\n---\nx\n");
    t_write(d, "content/a.md", "---\ntitle: A\ndate: 2024-01-01\naliases: [old/a]\n---\nx\n");
    t_write(d, "content/a.en\"><svg onload=alert(1)>.md",
            "---\ntitle: A\ndate: 2024-01-01\n---\nx\n");
    buf log = BUF_INIT, cmd = BUF_INIT, res = BUF_INIT;
    int r = build_site(d, &log);
    if (r != 0) {
        CHECK_INT(r, 2);   /* a configuration error */
        CHECK_HAS(log.data, "site.yml:7:");
    } else {
        buf_printf(&cmd, "cd %s/out && grep -rl --include='*.html' --include='*.xml' '<svg' . ; "
                   "find . -name '*.xml' -print0 | xargs -0 xmllint --noout", d);
        if (!CHECK_INT_OK(t_run(cmd.data, &res), 0)) fprintf(stderr, "%s", res.data);
        CHECK_STR(res.data, "");
        char *idx = read_out(d, "index.html");
        CHECK_HAS(idx, "hreflang=\"en&quot;&gt;&lt;svg onload=alert(1)&gt;\"");
        free(idx);
    }
    t_tmpdir_done(d);
    buf_release(&log); buf_release(&cmd); buf_release(&res);
}

static void refused(const char *tag, const char *file, const char *text, const char *msg)
{
    char *d = t_tmpdir(tag);
    hostile_site(d);
    t_write(d, file, text);
    buf log = BUF_INIT;
    int r = build_site(d, &log);
    int want = strstr(file, "site.yml") ? 2 : 1;   /* configuration, or content */
    if (!CHECK_INT_OK(r, want)) fprintf(stderr, "[%s] exit %d\n%s", tag, r, log.data);
    CHECK_HAS(log.data, msg);
    buf path = BUF_INIT;
    buf_printf(&path, "%s/out", d);
    CHECK(!fs_is_dir(path.data));   /* a failed first build leaves no output */
    t_tmpdir_done(d);
    buf_release(&log);
    buf_release(&path);
}

static void refused_urls(void)
{
    refused("esc-text-url", "content/conventions/x.md",
            "---\ntitle: X\ntext_url: \"javascript:alert(1)\"\n---\nx\n",
            "content/conventions/x.md:3:11: error: 'text_url' is 'javascript:alert(1)', which is "
            "not a safe link; only http, https, mailto and tel links or site paths are allowed");
    refused("esc-menu-url", "content/site.yml",
            "title: T\nlanguages: {vi: {name: V}}\n"
            "menus: {vi: [{name: M, url: \" JaVaScript:alert(1)\"}]}\n",
            "content/site.yml:3:29: error: 'url' is ' JaVaScript:alert(1)', which is not a safe "
            "link");
    refused("esc-param-url", "content/site.yml",
            "title: T\nparams: {logo_url: \"java&#x09;script:alert(1)\"}\n",
            "content/site.yml:2:20: error: 'logo_url' is 'java&#x09;script:alert(1)'");
}

void suite_escape(void)
{
    html_and_xml();
    clean_lengths();
    json();
    urls();
    mustache_contexts();
    url_fields();
    hostile_build();
    control_in_title();
    hostile_lang();
    refused_urls();
}
