/* loa serve: build, serve on loopback, rebuild on every save, reload the
 * open pages.  The site is built into a private temporary folder (never
 * output/), so a preview cannot disturb what will be published. */
#define _GNU_SOURCE
#include "cli.h"
#include "../serve/srv.h"
#include "../serve/watch.h"
#include "../site/site.h"
#include "../config/config.h"
#include "../util/arena.h"
#include "../util/buf.h"
#include "../util/diag.h"
#include "../util/fs.h"
#include "../util/suggest.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

static const char serve_usage[] =
    "usage: loa serve [--port 1313] [--bind 127.0.0.1] [--drafts] [--future] [--open]\n"
    "                 [--content DIR] [--theme DIR]\n"
    "\n"
    "Builds the site, serves it at http://127.0.0.1:1313/ (under base_url's path,\n"
    "such as /vanlang/, when it has one) and rebuilds on every save; open pages\n"
    "reload when the new build is ready, and show the errors of a failed build\n"
    "over the last good one.  Drafts and future pages only with --drafts and\n"
    "--future.  Ctrl+C stops it.\n";

static volatile sig_atomic_t stop_flag;

/* After quick updates, a whole build once the edits stop for this long. */
#define SETTLE_MS 700

/* The served site goes in /dev/shm when this much of it is free. */
#define SHM_MIN (2ull << 30)

static void on_signal(int sig)
{
    (void)sig;
    stop_flag = 1;
}

struct serve_opts {
    struct build_opts b;
    const char *bind;
    unsigned port;
    int open;
    buf origin;              /* http://127.0.0.1:1313 */
    buf url;                 /* the origin and the site's base path: the build's base_url */
};

/* The path of site.yml's base_url ("/vanlang/"): the preview serves the
 * site where it will live.  "/" when site.yml has errors (the build that
 * follows reports them). */
static char *site_base_path(const char *content_dir)
{
    arena a;
    arena_init(&a);
    struct site_config cfg;
    buf quiet = BUF_INIT;
    diag_capture(&quiet);
    int r = config_load(&a, content_dir, &cfg);
    diag_capture(NULL);
    diag_reset();
    char *p = buf_strdup(r == 0 && cfg.base_path ? cfg.base_path : "/");
    buf_release(&quiet);
    arena_release(&a);
    return p;
}

/* Follows site.yml's base_url: the build's URLs and the server's path. */
static void set_base(struct serve_opts *so, struct srv *s)
{
    char *path = site_base_path(so->b.content_dir);
    buf_clear(&so->url);
    buf_printf(&so->url, "%s%s", so->origin.data, path);
    so->b.base_url = so->url.data;
    srv_set_base_path(s, path);
    free(path);
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* The last good build, kept for the quick path (site_update), and whether
 * the last build succeeded: after a failed one, only a whole build can
 * tell that every error is gone. */
static struct site *live;
static int last_ok;
/* The books in the served folder and their inputs' keys: a whole build
 * links those whose inputs did not change instead of making them again. */
static struct book_key *books;
static size_t n_books;

/* A fresh diagnostics context for one build or update (each counts its
 * own errors), its messages captured in msgs; *was is the one to go back
 * to with captured_end. */
static struct diag_ctx *captured_begin(buf *msgs, int strict, struct diag_ctx **was)
{
    struct diag_ctx *dc = diag_ctx_new();
    *was = diag_ctx_use(dc);
    diag_set_strict(strict);
    diag_capture(msgs);
    return dc;
}

static void captured_end(struct diag_ctx *dc, struct diag_ctx *was)
{
    diag_ctx_use(was);
    diag_ctx_free(dc);
}

/* After a whole build has been shown: the books whose inputs changed are
 * made (the served copies stood in), and the pages that show their sizes
 * are replaced.  A book that cannot be made is an error like a failed
 * build's: shown over the pages, and the next change builds the whole
 * site.  Then the books' keys are kept for the next build. */
static void books_later(const struct build_opts *o, struct srv *s)
{
    buf msgs = BUF_INIT;
    struct diag_ctx *was, *dc = captured_begin(&msgs, o->strict, &was);
    double t0 = now_ms();
    size_t made = 0, pages = 0;
    int r = site_update_books(live, &made, &pages);
    captured_end(dc, was);
    fputs(msgs.data, stderr);
    if (r < 0) {
        last_ok = 0;
        srv_notify(s, SRV_ERROR, msgs.data);
    } else if (made) {
        fprintf(stderr, "loa serve: made %zu book%s in %.0f ms\n", made, made == 1 ? "" : "s",
                now_ms() - t0);
        if (r == 1) srv_notify(s, SRV_RELOAD, NULL);
    }
    buf_release(&msgs);
    book_keys_free(books, n_books);
    n_books = site_book_keys(live, &books);
}

/* One whole build; its messages go to the terminal and, when it failed, to
 * the open pages.  notify 0: a build that only brings feeds, the search
 * index and books in line after quick updates (the pages are already
 * shown).  Returns 0 when it succeeded. */
static int rebuild(const struct build_opts *o, struct srv *s, int css_only, int notify)
{
    buf msgs = BUF_INIT;
    /* each build counts its own errors: a fresh context, not a reset one */
    struct diag_ctx *was, *dc = captured_begin(&msgs, o->strict, &was);
    double t0 = now_ms();
    struct site *next = NULL;
    /* the old model is not kept through the build: two at once would
     * double the server's peak memory, and after a failed build the quick
     * path waits for a whole one anyway */
    if (live) site_release(live);
    live = NULL;
    struct build_opts bo = *o;
    bo.books_before = books;
    bo.n_books_before = n_books;
    bo.books_later = 1;
    int r = site_build_keep(&bo, &next);
    last_ok = r == 0;
    captured_end(dc, was);
    fputs(msgs.data, stderr);
    if (r == 0) {
        live = next;
        fprintf(stderr, "loa serve: rebuilt in %.0f ms\n", now_ms() - t0);
        if (notify) srv_notify(s, css_only ? SRV_CSS : SRV_RELOAD, NULL);
        books_later(o, s);
    } else {
        srv_notify(s, SRV_ERROR, msgs.data);
    }
    buf_release(&msgs);
    fflush(stdout);
    return r;
}

/* The quick path: 1 when the changes were bodies of pages and the pages
 * that show them are replaced (the tabs reload at once); 0 when a whole
 * build is needed.  Its messages are dropped: a whole build follows
 * whenever it could not finish, and reports them. */
static int quick(struct srv *s, const struct watch_changes *c)
{
    if (!live || !last_ok) return 0;
    buf msgs = BUF_INIT;
    /* its messages are the quick path's own */
    struct diag_ctx *was, *dc = captured_begin(&msgs, 0, &was);
    double t0 = now_ms();
    size_t n = 0;
    int r = site_update(live, (const char *const *)c->paths, c->n, &n);
    captured_end(dc, was);
    buf_release(&msgs);
    if (r != 1) return 0;
    fprintf(stderr, "loa serve: updated %zu page%s in %.0f ms\n", n, n == 1 ? "" : "s",
            now_ms() - t0);
    srv_notify(s, SRV_RELOAD, NULL);
    return 1;
}

static int all_css(const struct watch_changes *c)
{
    for (size_t i = 0; i < c->n; i++) {
        size_t n = strlen(c->paths[i]);
        if (n < 4 || strcmp(c->paths[i] + n - 4, ".css")) return 0;
    }
    return c->n > 0;
}

static void open_browser(const char *url)
{
    pid_t pid = fork();
    if (pid != 0) return;
    int null = open("/dev/null", O_WRONLY);
    if (null >= 0) {
        dup2(null, 1);
        dup2(null, 2);
    }
    execlp("xdg-open", "xdg-open", url, (char *)NULL);
    _exit(127);
}

/* Made before the first build, so a file saved while it runs is seen. */
static struct watch *watch_start(const struct serve_opts *so)
{
    const char *roots[3] = {so->b.content_dir, so->b.theme_dir ? so->b.theme_dir : "themes", NULL};
    struct watch *w = watch_new(roots, 2);
    if (!w) {
        fprintf(stderr, "loa serve: cannot watch for changes (inotify); serving without "
                        "rebuilds\n");
    }
    return w;
}

static void watch_loop(struct serve_opts *so, struct srv *s, struct watch *w)
{
    int settle = 0;   /* quick updates left feeds, search and books behind */
    while (!stop_flag) {
        struct watch_changes c;
        if (!w) {
            sleep(1);
            continue;
        }
        /* editors save in a few close events (a temporary file renamed over
         * the old one): 15 ms of quiet ends a save */
        int n = watch_wait(w, settle ? SETTLE_MS : 500, 15, &c);
        if (n > 0) {
            fprintf(stderr, "loa serve: changed: %s%s\n", c.paths[0], n > 1 ? " and more" : "");
            if (quick(s, &c)) {
                settle = 1;
            } else {
                set_base(so, s);
                rebuild(&so->b, s, all_css(&c), 1);
                settle = 0;
            }
        } else if (n == 0 && settle) {
            rebuild(&so->b, s, 0, 0);
            settle = 0;
        }
        watch_changes_release(&c);
    }
    if (live) site_release(live);
    live = NULL;
    book_keys_free(books, n_books);
    books = NULL;
    n_books = 0;
    watch_free(w);
}

static int bad_option(const char *a)
{
    static const char *const flags[] = {"--port", "--bind", "--drafts", "--future", "--open",
                                        "--content", "--theme", "--help"};
    const char *s = suggest_closest(a, flags, sizeof flags / sizeof *flags);
    fprintf(stderr, "loa serve: unknown option '%s'", a);
    if (s) fprintf(stderr, "; did you mean '%s'?", s);
    fprintf(stderr, "\n");
    return 2;
}

static int parse(int argc, char **argv, struct serve_opts *so)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int more = i + 1 < argc;
        if (!strcmp(a, "--drafts")) so->b.drafts = 1;
        else if (!strcmp(a, "--future")) so->b.future = 1;
        else if (!strcmp(a, "--open")) so->open = 1;
        else if (!strcmp(a, "--bind") && more) so->bind = argv[++i];
        else if (!strcmp(a, "--content") && more) so->b.content_dir = argv[++i];
        else if (!strcmp(a, "--theme") && more) so->b.theme_dir = argv[++i];
        else if (!strcmp(a, "--port") && more) {
            char *end;
            long p = strtol(argv[++i], &end, 10);
            if (*end || p < 0 || p > 65535) {
                fprintf(stderr, "loa serve: --port takes a number from 0 to 65535\n");
                return 2;
            }
            so->port = (unsigned)p;
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(serve_usage, stdout);
            return 1;
        } else {
            return bad_option(a);
        }
    }
    return 0;
}

/* Where the served site is built: in memory (/dev/shm, a tmpfs) when it
 * has room, since on a disk file system each save makes as many new files
 * as pages rendered again and ext4 spends most of the update finding them
 * inodes (1 s for 2,000 pages); else /tmp. */
static const char *work_parent(void)
{
    struct statvfs v;
    if (statvfs("/dev/shm", &v) == 0 && access("/dev/shm", W_OK) == 0 &&
        (unsigned long long)v.f_bavail * v.f_frsize >= SHM_MIN)
        return "/dev/shm";
    return "/tmp";
}

/* Removes the folders of servers killed before they could (SIGKILL, a
 * crash): each live server holds a lock on its folder's lock file.  A
 * folder younger than a minute may be a server's that has not locked it
 * yet. */
static void clean_stale(const char *parent)
{
    DIR *d = opendir(parent);
    struct dirent *e;
    time_t now = time(NULL);
    while (d && (e = readdir(d))) {
        if (strncmp(e->d_name, "loa-serve-", 10)) continue;
        char *dir = fs_join(parent, e->d_name), *lock = fs_join(dir, "lock");
        struct stat st;
        int old = lstat(dir, &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == getuid() &&
                  now - st.st_ctime > 60;
        int fd = old ? open(lock, O_RDWR | O_CLOEXEC | O_NOFOLLOW) : -1;
        if (fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0) fs_remove_tree(dir);
        if (fd >= 0) close(fd);
        free(dir);
        free(lock);
    }
    if (d) closedir(d);
}

/* The server's private folder, locked for its life; NULL on failure. */
static char *work_dir(void)
{
    const char *parent = work_parent();
    clean_stale(parent);
    buf b = BUF_INIT;
    buf_printf(&b, "%s/loa-serve-XXXXXX", parent);
    if (!mkdtemp(b.data)) {
        perror("loa serve: mkdtemp");
        buf_release(&b);
        return NULL;
    }
    char *lock = fs_join(b.data, "lock");
    int fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    free(lock);
    if (fd < 0 || flock(fd, LOCK_EX | LOCK_NB) != 0) {   /* kept open: the lock lasts */
        perror("loa serve: lock");
        fs_remove_tree(b.data);
        buf_release(&b);
        return NULL;
    }
    return buf_detach(&b);
}

static int loopback(const char *bind)
{
    return !strncmp(bind, "127.", 4) || !strcmp(bind, "::1");
}

int cmd_serve(int argc, char **argv)
{
    struct serve_opts so = {.b = {.content_dir = "content"}, .bind = "127.0.0.1", .port = 1313,
                            .origin = BUF_INIT, .url = BUF_INIT};
    int pr = parse(argc, argv, &so);
    if (pr) return pr == 1 ? 0 : pr;
    if (!fs_is_dir(so.b.content_dir)) {
        fprintf(stderr, "loa serve: there is no '%s' folder here; run loa in your site's folder, "
                        "pass --content DIR, or start a site with: loa new site DIR\n",
                so.b.content_dir);
        return 2;
    }
    if (!loopback(so.bind))
        fprintf(stderr, "loa serve: warning: serving on %s: other machines on the network can "
                        "see drafts and unpublished pages\n", so.bind);
    char err[256];
    struct srv_opts sopt = {.bind = so.bind, .port = so.port, .base_path = "/"};
    char *tmpl = work_dir();
    if (!tmpl) return 3;
    char *out = fs_join(tmpl, "site");
    sopt.root = out;
    struct srv *s = srv_start(&sopt, err, sizeof err);
    if (!s) {
        fprintf(stderr, "loa serve: %s\n", err);
        fs_remove_tree(tmpl);
        free(tmpl);
        free(out);
        return 2;
    }
    int v6 = strchr(so.bind, ':') != NULL;
    buf_printf(&so.origin, "http://%s%s%s:%u", v6 ? "[" : "", so.bind, v6 ? "]" : "", srv_port(s));
    so.b.out_dir = out;
    set_base(&so, s);
    if (cli_build_time(&so.b) != 0) {
        srv_stop(s);
        fs_remove_tree(tmpl);
        free(tmpl);
        free(out);
        buf_release(&so.url);
        buf_release(&so.origin);
        return 2;
    }
    struct sigaction sa = {.sa_handler = on_signal};
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGCHLD, SIG_IGN);
    struct watch *w = watch_start(&so);
    rebuild(&so.b, s, 0, 1);
    printf("Serving at %s (Ctrl+C to stop)\n", so.url.data);
    fflush(stdout);
    if (so.open) open_browser(so.url.data);
    watch_loop(&so, s, w);
    srv_stop(s);
    fs_remove_tree(tmpl);
    free(tmpl);
    free(out);
    buf_release(&so.url);
    buf_release(&so.origin);
    fprintf(stderr, "loa serve: stopped\n");
    return 0;
}
