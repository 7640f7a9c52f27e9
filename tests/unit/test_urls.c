/* Sites in a sub-folder and sites opened from disk: the demo and a small
 * site built with base_url https://tinh.gov.vn/vanlang/, then every URL in
 * every output file (and in every book) checked to start with the base
 * path and to lead to a file of the output; with relative_urls: true every
 * local reference of every HTML file checked to lead to a file on disk,
 * and one page opened in Chromium from file:// (tests/browser/fileurl.mjs);
 * loa serve under the base path; the rewriting functions on their own. */
#include "../test.h"
#include "../../generator/site/relurl.h"
#include "../../generator/util/buf.h"
#include "../../generator/util/fs.h"

#include <ctype.h>
#include <signal.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define EPOCH "SOURCE_DATE_EPOCH=1767225600 "
#define ORIGIN "https://tinh.gov.vn"
#define BASE "/vanlang/"

/* ---- the crawl ----------------------------------------------------------- */

struct crawl {
    const char *out;     /* the output folder: what URLs resolve against */
    int relative;        /* relative_urls: HTML references resolve against the file */
    size_t checked, bad;
    buf report;          /* the first bad references */
};

static void complain(struct crawl *c, const char *file, const char *u, size_t n, const char *why)
{
    if (c->bad++ < 12) buf_printf(&c->report, "    %s: '%.*s' %s\n", file, (int)n, u, why);
}

/* "%C3%A0" → bytes; the query and fragment cut off */
static char *decoded_path(const char *u, size_t n)
{
    buf b = BUF_INIT;
    for (size_t i = 0; i < n && u[i] != '?' && u[i] != '#'; i++) {
        unsigned v;
        if (u[i] == '%' && i + 2 < n && sscanf(u + i + 1, "%2x", &v) == 1) {
            buf_putc(&b, (int)v);
            i += 2;
        } else {
            buf_putc(&b, u[i]);
        }
    }
    return buf_detach(&b);
}

/* path (relative to dir) names a file; a folder counts only with its
 * index.html, and only when a server is there to add it. */
static int resolves(const char *dir, const char *path, int folder_ok)
{
    char *f = fs_join(dir, *path ? path : ".");
    int ok = fs_is_file(f);
    if (!ok && folder_ok && fs_is_dir(f)) {
        char *idx = fs_join(f, "index.html");
        ok = fs_is_file(idx);
        free(idx);
    }
    free(f);
    return ok;
}

/* A URL written from the site's root ("/vanlang/x/") or from its origin. */
static void site_url(struct crawl *c, const char *file, const char *u, size_t n)
{
    c->checked++;
    if (n < strlen(BASE) || strncmp(u, BASE, strlen(BASE))) {
        complain(c, file, u, n, "does not start with " BASE);
        return;
    }
    char *p = decoded_path(u + strlen(BASE), n - strlen(BASE));
    if (strstr(p, "..") || !resolves(c->out, p, 1)) complain(c, file, u, n, "leads to no file");
    free(p);
}

/* A reference in an HTML file of a relative_urls site. */
static void relative_url(struct crawl *c, const char *dir, const char *file, const char *u,
                         size_t n)
{
    c->checked++;
    if (u[0] == '/') {
        complain(c, file, u, n, "is not relative");
        return;
    }
    char *p = decoded_path(u, n);
    char *d = fs_join(c->out, dir);
    if (!resolves(d, p, 0)) complain(c, file, u, n, "leads to no file (from file://)");
    free(d);
    free(p);
}

/* Every https://tinh.gov.vn... in a text. */
static void origin_urls(struct crawl *c, const char *file, const char *t)
{
    for (const char *p = strstr(t, ORIGIN); p; p = strstr(p + 1, ORIGIN)) {
        const char *u = p + strlen(ORIGIN);
        size_t n = strcspn(u, "\"'<> \n\t)&");
        site_url(c, file, u, n);
    }
}

/* One attribute value: a local reference, or nothing to check. */
static void reference(struct crawl *c, const char *dir, const char *file, const char *u,
                      size_t n)
{
    if (!n || u[0] == '#' || (n > 1 && u[0] == '/' && u[1] == '/')) return;
    size_t colon = strcspn(u, ":/?#");
    if (colon < n && u[colon] == ':') return;   /* https:, mailto:, data: */
    if (c->relative) relative_url(c, dir, file, u, n);
    else if (u[0] == '/') site_url(c, file, u, n);
}

static void srcset(struct crawl *c, const char *dir, const char *file, const char *v, size_t n)
{
    for (size_t i = 0; i < n;) {
        while (i < n && (v[i] == ' ' || v[i] == ',')) i++;
        size_t s = i;
        while (i < n && v[i] != ' ' && v[i] != ',') i++;
        reference(c, dir, file, v + s, i - s);
        while (i < n && v[i] != ',') i++;
    }
}

static void attributes(struct crawl *c, const char *dir, const char *file, const char *t)
{
    static const char *const names[] = {" href=\"", " src=\"", " action=\"", " poster=\"",
                                        " srcset=\"", " content=\""};
    for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
        for (const char *p = strstr(t, names[k]); p; p = strstr(p + 1, names[k])) {
            const char *v = p + strlen(names[k]);
            size_t n = strcspn(v, "\"");
            if (k == 4) srcset(c, dir, file, v, n);
            else if (k < 5) reference(c, dir, file, v, n);
            else if (isdigit((unsigned char)v[0]) && strstr(v, "url=") &&
                     strstr(v, "url=") < v + n) {   /* <meta http-equiv="refresh"> */
                const char *u = strstr(v, "url=") + 4;
                reference(c, dir, file, u, n - (size_t)(u - v));
            }
        }
    }
}

static int has_ext(const char *name, const char *const *exts)
{
    const char *dot = strrchr(name, '.');
    for (; dot && *exts; exts++)
        if (!strcmp(dot + 1, *exts)) return 1;
    return 0;
}

static void check_file(struct crawl *c, const char *dir, const char *path, const char *name)
{
    static const char *const text[] = {"html", "xhtml", "xml", "json", "webmanifest", "txt",
                                       "opf", "ncx", "css", 0};
    static const char *const html[] = {"html", 0};
    if (!has_ext(name, text)) return;
    buf b = BUF_INIT;
    if (fs_read_file(path, &b) == 0) {
        origin_urls(c, path, b.data);
        if (has_ext(name, html)) attributes(c, dir, path, b.data);
    }
    buf_release(&b);
}

/* Every file under out/dir (dir "" is out itself). */
static void walk(struct crawl *c, const char *root, const char *dir)
{
    char *at = fs_join(root, *dir ? dir : "."), **names;
    size_t n;
    if (fs_list_dir(at, &names, &n) != 0) n = 0;
    for (size_t i = 0; i < n; i++) {
        char *path = fs_join(at, names[i]);
        char *rel = *dir ? fs_join(dir, names[i]) : buf_strdup(names[i]);
        if (fs_is_dir(path)) walk(c, root, rel);
        else check_file(c, dir, path, names[i]);
        free(rel);
        free(path);
    }
    fs_free_list(names, n);
    free(at);
}

/* Crawls root (the output, or a book's unpacked files checked against the
 * output); returns the number of references checked. */
static size_t crawl(const char *out, const char *root, int relative, const char *what)
{
    struct crawl c = {.out = out, .relative = relative, .report = BUF_INIT};
    walk(&c, root, "");
    if (!t_check(c.bad == 0, __FILE__, __LINE__, what))
        fprintf(stderr, "    %zu bad of %zu references:\n%s", c.bad, c.checked, c.report.data);
    buf_release(&c.report);
    return c.checked;
}

/* ---- building ------------------------------------------------------------ */

static int build(const char *site, const char *extra, buf *log)
{
    buf cmd = BUF_INIT;
    buf_clear(log);
    buf_printf(&cmd, "cd %s && " EPOCH "%s build --theme %s/themes/portal --quiet %s 2>&1", site,
               t_loa(), getenv("PWD") ? getenv("PWD") : ".", extra);
    int r = t_run(cmd.data, log);
    buf_release(&cmd);
    return r;
}

static void small_site(const char *d, const char *extra_yml)
{
    buf yml = BUF_INIT;
    buf_printf(&yml, "title: Văn Lãng\nbase_url: " ORIGIN BASE "\ndefault_language: vi\n"
                     "paginate: 1\n%s"
                     "languages:\n  vi: {name: Tiếng Việt}\n  en: {name: English}\n"
                     "menus:\n  vi:\n    - {name: Tin, url: /tin/}\n"
                     "  en:\n    - {name: News, url: /tin/}\n"
                     "params:\n  emblem: /img/emblem.svg\n"
                     "publications:\n  - id: sach\n    kind: collection\n    section: tin\n"
                     "    languages:\n      vi: {title: Sách tin}\n", extra_yml);
    t_write(d, "content/site.yml", yml.data);
    buf_release(&yml);
    t_write(d, "content/_index.md", "---\ntitle: Trang chủ\n---\nXem [tin](/tin/).\n");
    t_write(d, "content/_index.en.md", "---\ntitle: Home\n---\n");
    t_write(d, "content/tin/_index.md", "---\ntitle: Tin\n---\n");
    static const char *const theme_links[] = {"conventions", "downloads", "stories", "postcards"};
    for (size_t i = 0; i < 4; i++) {   /* the theme's home page links to these */
        buf p = BUF_INIT;
        buf_printf(&p, "content/%s/_index.md", theme_links[i]);
        t_write(d, p.data, "---\ntitle: Mục\n---\n");
        buf_clear(&p);
        buf_printf(&p, "content/%s/_index.en.md", theme_links[i]);
        t_write(d, p.data, "---\ntitle: Section\n---\n");
        buf_release(&p);
    }
    t_write(d, "content/tin/a/index.md",
            "---\ntitle: Bài A\ndate: 2025-01-02\ntags: [quyền]\naliases: [/cu/a/]\n---\n"
            "![Ảnh làng](anh.png)\n\n[Mục tin](/tin/), [bài B](../b.md), [trang chủ](/), "
            "[bài B nữa](../b/), [mục Tin](../_index.md).\n");
    t_write(d, "content/tin/b.md",
            "---\ntitle: Bài B\ndate: 2025-01-01\ntags: [quyền]\n---\nB.\n");
    t_write(d, "content/tin/b.en.md", "---\ntitle: Story B\ndate: 2025-01-01\n---\nB.\n");
    buf cmd = BUF_INIT;
    buf_printf(&cmd, "cp content/emagazine/udhr-75/part-4.png %s/content/tin/a/anh.png", d);
    t_run(cmd.data, NULL);
    buf_release(&cmd);
}

static char *read_out(const char *d, const char *rel)
{
    buf b = BUF_INIT;
    char *out = fs_join(d, "output");
    char *p = fs_join(out, rel);
    fs_read_file(p, &b);
    free(p);
    free(out);
    return buf_detach(&b);
}

static void under_path(void)
{
    char *d = t_tmpdir("urls-sub");
    buf log = BUF_INIT;
    small_site(d, "");
    if (!CHECK_INT_OK(build(d, "", &log), 0)) fprintf(stderr, "%s\n", log.data);
    char *out = fs_join(d, "output");
    CHECK(crawl(out, out, 0, "every URL of the small site under " BASE) > 200);
    buf cmd = BUF_INIT;   /* the book's links back to the site */
    buf_printf(&cmd, "cd %s && mkdir book && cd book && unzip -q ../output/vi/epub/sach.epub", d);
    CHECK_INT(t_run(cmd.data, NULL), 0);
    buf_release(&cmd);
    char *book = fs_join(d, "book");
    CHECK(crawl(out, book, 0, "every link from the book to the site") >= 2);
    free(book);
    char *a = read_out(d, "tin/a/index.html");
    CHECK_HAS(a, "<link rel=\"stylesheet\" href=\"/vanlang/css/site.css\">");
    CHECK_HAS(a, "src=\"/vanlang/img/emblem.svg\"");     /* params.emblem */
    CHECK_HAS(a, "href=\"/vanlang/tin/\"");              /* menu and "/tin/" in Markdown */
    CHECK_HAS(a, "href=\"/vanlang/tin/b/\"");            /* ../b.md */
    CHECK_HAS(a, "href=\"/vanlang/\"");                  /* "/" in Markdown */
    CHECK_HAS(a, "href=\"../b/\"");                      /* a relative link stays relative */
    CHECK_HAS(a, "src=\"/vanlang/tin/a/anh.png\"");
    CHECK_HAS(a, "<link rel=\"canonical\" href=\"https://tinh.gov.vn/vanlang/tin/a/\">");
    char *alias = read_out(d, "cu/a/index.html");
    CHECK_HAS(alias, "url=https://tinh.gov.vn/vanlang/tin/a/");
    char *robots = read_out(d, "robots.txt");
    CHECK_HAS(robots, "Allow: /vanlang/\n\nSitemap: https://tinh.gov.vn/vanlang/sitemap.xml");
    char *list = read_out(d, "tin/index.html");
    CHECK_HAS(list, "href=\"/vanlang/tin/page/2/\"");
    free(a);
    free(alias);
    free(robots);
    free(list);
    free(out);
    buf_release(&log);
    CHECK(t_tmpdir_done(d) == 0);
}

static void from_disk(void)
{
    char *d = t_tmpdir("urls-rel");
    buf log = BUF_INIT;
    small_site(d, "relative_urls: true\n");
    if (!CHECK_INT_OK(build(d, "", &log), 0)) fprintf(stderr, "%s\n", log.data);
    char *out = fs_join(d, "output");
    CHECK(crawl(out, out, 1, "every reference of every HTML file opens from disk") > 200);
    char *a = read_out(d, "tin/a/index.html");
    CHECK_HAS(a, "<link rel=\"stylesheet\" href=\"../../css/site.css\">");
    CHECK_HAS(a, "href=\"../index.html\"");              /* /tin/ from tin/a/ */
    CHECK_HAS(a, "href=\"../b/index.html\"");            /* ../b/ written in Markdown */
    CHECK_HAS(a, "href=\"../../index.html\"");           /* the home page */
    CHECK_HAS(a, "src=\"anh.png\"");
    CHECK_HAS(a, "<link rel=\"canonical\" href=\"https://tinh.gov.vn/vanlang/tin/a/\">");
    CHECK_HAS(a, "<meta property=\"og:url\" content=\"https://tinh.gov.vn/vanlang/tin/a/\">");
    char *alias = read_out(d, "cu/a/index.html");
    CHECK_HAS(alias, "content=\"0; url=../../tin/a/index.html\"");
    char *feed = read_out(d, "index.xml");
    CHECK_HAS(feed, "<link>https://tinh.gov.vn/vanlang/tin/a/</link>");
    free(a);
    free(alias);
    free(feed);
    /* and in Chromium, from file://, with the network cut off */
    buf cmd = BUF_INIT;
    buf_printf(&cmd, "node tests/browser/fileurl.mjs %s tin/a/index.html 2>&1", out);
    if (!CHECK_INT_OK(t_run(cmd.data, &log), 0)) fprintf(stderr, "%s\n", log.data);
    CHECK_HAS(log.data, "5 passed, 0 failed");
    buf_release(&cmd);
    /* a language on a domain of its own has no place in one folder on a disk */
    t_write(d, "content/site.yml", "title: T\nrelative_urls: true\nlanguages:\n  vi: {name: V}\n"
                                   "  en: {name: E, base_url: https://en.example.org/}\n");
    CHECK_INT(build(d, "", &log), 2);
    CHECK_HAS(log.data, "site.yml:2:16: error: relative_urls: true cannot be used with a "
                        "language on a domain of its own ('en' has its own base_url)");
    free(out);
    buf_release(&log);
    CHECK(t_tmpdir_done(d) == 0);
}

static void bad_base(void)
{
    char *d = t_tmpdir("urls-bad");
    buf log = BUF_INIT;
    small_site(d, "");
    t_write(d, "content/site.yml", "title: T\nbase_url: https://x.test/văn lang/\n");
    CHECK_INT(build(d, "", &log), 2);
    CHECK_HAS(log.data, "site.yml:2:11: error: base_url 'https://x.test/văn lang/' has a space");
    t_write(d, "content/site.yml", "title: T\nbase_url: https://x.test/a/../b/\n");
    CHECK_INT(build(d, "", &log), 2);
    CHECK_HAS(log.data, "has an empty, '.' or '..' folder in its path");
    t_write(d, "content/site.yml", "title: T\n");
    CHECK_INT(build(d, "--base-url 'https://x.test/a?b=1'", &log), 2);
    CHECK_HAS(log.data, "error: --base-url 'https://x.test/a?b=1' has a space, a quote, '?'");
    CHECK_INT(build(d, "--base-url tinh.gov.vn/x", &log), 2);
    CHECK_HAS(log.data, "is neither an absolute URL (https://host/path/) nor a path (/path/)");
    buf_release(&log);
    CHECK(t_tmpdir_done(d) == 0);
}

/* The demo under a sub-folder: pages, feeds, sitemaps, search, photos,
 * cards, book downloads. */
static void demo(void)
{
    char *d = t_tmpdir("urls-demo");
    buf cmd = BUF_INIT, log = BUF_INIT;
    buf_printf(&cmd, EPOCH "%s build --quiet --base-url " ORIGIN BASE " --out %s/out 2>&1",
               t_loa(), d);
    if (!CHECK_INT_OK(t_run(cmd.data, &log), 0)) fprintf(stderr, "%s\n", log.data);
    char *out = fs_join(d, "out");
    CHECK(crawl(out, out, 0, "every URL of the demo under " BASE) > 5000);
    free(out);
    buf_release(&cmd);
    buf_release(&log);
    CHECK(t_tmpdir_done(d) == 0);
}

/* ---- loa serve under the path -------------------------------------------- */

static void get(const char *url, const char *path, buf *out)
{
    buf cmd = BUF_INIT;
    buf_clear(out);
    buf_printf(&cmd, "curl -s -o /dev/null -w '%%{http_code} %%{redirect_url}' '%s%s'", url, path);
    t_run(cmd.data, out);
    buf_release(&cmd);
}

/* Polls until path answers 200 (a rebuild is under way); 0 when it did. */
static int wait_200(const char *url, const char *path)
{
    buf o = BUF_INIT;
    for (int i = 0; i < 150; i++) {
        get(url, path, &o);
        if (!strncmp(o.data, "200", 3)) break;
        nanosleep(&(struct timespec){0, 100000000}, NULL);
    }
    int r = strncmp(o.data, "200", 3) ? -1 : 0;
    buf_release(&o);
    return r;
}

static void serve_checks(const char *d, const char *origin)
{
    buf o = BUF_INIT, cmd = BUF_INIT;
    get(origin, "/", &o);
    CHECK_HAS(o.data, "302 http://127.0.0.1:");
    buf_printf(&cmd, "curl -sI '%s/' | tr -d '\\r' | grep -i '^Location:'", origin);
    t_run(cmd.data, &o);
    CHECK_HAS(o.data, "Location: /vanlang/");
    get(origin, "/vanlang/tin/a/", &o);
    CHECK_STR(o.data, "200 ");
    get(origin, "/vanlang/css/site.css", &o);
    CHECK_STR(o.data, "200 ");
    buf_clear(&cmd);
    buf_clear(&o);
    buf_printf(&cmd, "curl -s '%s/vanlang/tin/a/'", origin);
    t_run(cmd.data, &o);
    CHECK_HAS(o.data, "href=\"/vanlang/css/site.css\"");
    CHECK_HAS(o.data, "<script src=\"/__loa/live.js\"></script>");
    get(origin, "/__loa/live.js", &o);
    CHECK_STR(o.data, "200 ");
    /* base_url changes while serving: the server follows */
    t_write(d, "content/site.yml", "title: T\nbase_url: https://tinh.gov.vn/khac/\n");
    CHECK_INT(wait_200(origin, "/khac/tin/a/"), 0);
    get(origin, "/vanlang/tin/a/", &o);
    CHECK_HAS(o.data, "404");
    buf_release(&cmd);
    buf_release(&o);
}

static void serve(void)
{
    char *d = t_tmpdir("urls-serve");
    small_site(d, "");
    buf cmd = BUF_INIT, o = BUF_INIT;
    buf_printf(&cmd, "cd %s && (" EPOCH "%s serve --port 0 --theme %s/themes/portal > serve.log "
                     "2>&1 & echo $!)", d, t_loa(), getenv("PWD") ? getenv("PWD") : ".");
    t_run(cmd.data, &o);
    long pid = strtol(o.data, NULL, 10);
    buf_clear(&cmd);
    buf_clear(&o);
    buf_printf(&cmd, "for i in $(seq 300); do grep -o 'http://127.0.0.1:[0-9]*/vanlang/' "
                     "%s/serve.log && exit 0; sleep 0.1; done; cat %s/serve.log; exit 1", d, d);
    if (CHECK_INT_OK(t_run(cmd.data, &o), 0)) {
        char *origin = buf_strdup(o.data);
        *strstr(origin, "/vanlang/") = '\0';
        serve_checks(d, origin);
        free(origin);
    } else {
        fprintf(stderr, "%s\n", o.data);
    }
    if (pid > 0) kill((pid_t)pid, SIGTERM);
    buf_clear(&cmd);
    buf_printf(&cmd, "for i in $(seq 50); do kill -0 %ld 2>/dev/null || exit 0; sleep 0.1; done; "
                     "exit 1", pid);
    CHECK_INT(t_run(cmd.data, NULL), 0);
    buf_release(&cmd);
    buf_release(&o);
    CHECK(t_tmpdir_done(d) == 0);
}

/* ---- the rewriting functions ----------------------------------------------- */

static char *rel_path(const char *page, const char *target)
{
    buf b = BUF_INIT;
    relurl_path(page, target, strlen(target), &b);
    return buf_detach(&b);
}

static char *rewrite(const char *page, const char *html)
{
    buf b = BUF_INIT;
    relurl_rewrite(BASE, page, html, strlen(html), &b);
    return buf_detach(&b);
}

#define CHECK_REL(page, target, exp) do { char *r_ = rel_path(page, target); \
    CHECK_STR(r_, exp); free(r_); } while (0)
#define CHECK_REWRITE(page, html, exp) do { char *r_ = rewrite(page, html); \
    CHECK_STR(r_, exp); free(r_); } while (0)

static void functions(void)
{
    CHECK_REL("index.html", "css/site.css", "css/site.css");
    CHECK_REL("stories/x/index.html", "css/site.css", "../../css/site.css");
    CHECK_REL("stories/x/index.html", "stories/y/", "../y/index.html");
    CHECK_REL("stories/x/index.html", "stories/x/", "index.html");
    CHECK_REL("stories/x/index.html", "", "../../index.html");
    CHECK_REL("storiesx/index.html", "stories/a.png", "../stories/a.png");
    CHECK_REL("en/404.html", "en/", "index.html");
    CHECK_REWRITE("a/b/index.html", "<a href=\"/vanlang/a/c/#top\">x</a>",
                  "<a href=\"../c/index.html#top\">x</a>");
    CHECK_REWRITE("a/index.html", "<img src='/vanlang/i.png' srcset=\"/vanlang/i-1w.png 1w, "
                  "/vanlang/i.png 2w\">",
                  "<img src='../i.png' srcset=\"../i-1w.png 1w, ../i.png 2w\">");
    CHECK_REWRITE("a/index.html", "<link rel=canonical href=https://x/vanlang/a/>"
                  "<a href=\"//cdn/vanlang/x\"><a href=\"/other/\"><a href=\"mailto:a@b\">",
                  "<link rel=canonical href=https://x/vanlang/a/>"
                  "<a href=\"//cdn/vanlang/x\"><a href=\"/other/\"><a href=\"mailto:a@b\">");
    CHECK_REWRITE("a/index.html", "<form action=\"./\"><a href=\"../b/?q=1\"><a href=\"..\">",
                  "<form action=\"./index.html\"><a href=\"../b/index.html?q=1\">"
                  "<a href=\"../index.html\">");
    CHECK_REWRITE("a/index.html", "<!-- <a href=\"/vanlang/\"> -->"
                  "<script>x='<a href=\"/vanlang/\">'</script><p>href=\"/vanlang/\"</p>",
                  "<!-- <a href=\"/vanlang/\"> -->"
                  "<script>x='<a href=\"/vanlang/\">'</script><p>href=\"/vanlang/\"</p>");
    CHECK_REWRITE("x/index.html", "<meta http-equiv=\"refresh\" content=\"0; url=/vanlang/y/\">"
                  "<meta name=\"description\" content=\"/vanlang/\">",
                  "<meta http-equiv=\"refresh\" content=\"0; url=../y/index.html\">"
                  "<meta name=\"description\" content=\"/vanlang/\">");
}

void suite_urls(void)
{
    functions();
    under_path();
    from_disk();
    bad_base();
    serve();
    demo();
}
