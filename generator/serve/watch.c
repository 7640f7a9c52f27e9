#define _GNU_SOURCE
#include "watch.h"
#include "../util/buf.h"
#include "../util/diag.h"
#include "../util/fs.h"

#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MASK (IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | \
              IN_DELETE_SELF | IN_ATTRIB | IN_DONT_FOLLOW | IN_ONLYDIR)
#define WATCH_MAX_WAIT_MS 1000

struct dir_watch {
    int wd;
    char *path;
};

struct watch {
    int fd;
    struct dir_watch *dirs;
    size_t n, cap;
};

int watch_ignored(const char *n)
{
    size_t len = strlen(n);
    if (!len || n[len - 1] == '~' || !strcmp(n, "4913")) return 1;
    if (n[0] == '#' || !strncmp(n, ".#", 2) || !strncmp(n, ".goutputstream-", 15)) return 1;
    static const char *const tails[] = {".swp", ".swx", ".swo", ".tmp", ".part", ".crdownload"};
    for (size_t i = 0; i < sizeof tails / sizeof *tails; i++) {
        size_t t = strlen(tails[i]);
        if (len >= t && !strcmp(n + len - t, tails[i])) return 1;
    }
    return 0;
}

static const char *dir_of(struct watch *w, int wd)
{
    for (size_t i = 0; i < w->n; i++)
        if (w->dirs[i].wd == wd) return w->dirs[i].path;
    return NULL;
}

static void add_dir(struct watch *w, const char *path)
{
    int wd = inotify_add_watch(w->fd, path, MASK);
    if (wd < 0) return;
    if (dir_of(w, wd)) return;   /* already watched (moved back in) */
    if (w->n == w->cap) {
        w->cap = w->cap ? w->cap * 2 : 64;
        w->dirs = realloc(w->dirs, w->cap * sizeof *w->dirs);
        if (!w->dirs) die_oom();
    }
    w->dirs[w->n].wd = wd;
    w->dirs[w->n].path = buf_strdup(path);
    w->n++;
    DIR *d = opendir(path);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (e->d_name[0] == '.') continue;   /* ., .., .git and the like */
        char *sub = fs_join(path, e->d_name);
        struct stat st;
        if (lstat(sub, &st) == 0 && S_ISDIR(st.st_mode)) add_dir(w, sub);
        free(sub);
    }
    if (d) closedir(d);
}

static void drop_dir(struct watch *w, int wd)
{
    for (size_t i = 0; i < w->n; i++) {
        if (w->dirs[i].wd != wd) continue;
        free(w->dirs[i].path);
        w->dirs[i] = w->dirs[--w->n];
        return;
    }
}

struct watch *watch_new(const char *const *roots, size_t n)
{
    struct watch *w = calloc(1, sizeof *w);
    if (!w) die_oom();
    w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (w->fd < 0) {
        free(w);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        if (roots[i] && fs_is_dir(roots[i])) add_dir(w, roots[i]);
    return w;
}

void watch_free(struct watch *w)
{
    if (!w) return;
    for (size_t i = 0; i < w->n; i++) free(w->dirs[i].path);
    free(w->dirs);
    close(w->fd);
    free(w);
}

static void add_change(struct watch_changes *c, const char *p)
{
    for (size_t i = 0; i < c->n; i++)
        if (!strcmp(c->paths[i], p)) return;
    char **np = realloc(c->paths, (c->n + 1) * sizeof *np);
    if (!np) die_oom();
    c->paths = np;
    c->paths[c->n++] = buf_strdup(p);
}

static void on_event(struct watch *w, const struct inotify_event *ev, struct watch_changes *c)
{
    if (ev->mask & IN_IGNORED) {
        drop_dir(w, ev->wd);
        return;
    }
    const char *dir = dir_of(w, ev->wd);
    if (!dir || (ev->len && (ev->name[0] == '.' || watch_ignored(ev->name)))) return;
    if (ev->mask & IN_ATTRIB && !(ev->mask & IN_ISDIR)) return;   /* touch, chmod */
    char *p = ev->len ? fs_join(dir, ev->name) : buf_strdup(dir);
    if ((ev->mask & (IN_CREATE | IN_MOVED_TO)) && (ev->mask & IN_ISDIR)) add_dir(w, p);
    /* a file created empty is not a change yet: its close after writing is */
    if (!(ev->mask & IN_CREATE) || (ev->mask & IN_ISDIR)) add_change(c, p);
    free(p);
}

/* Reads what inotify has; 1 if anything was read. */
static int drain(struct watch *w, struct watch_changes *c)
{
    char bufr[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
    int any = 0;
    for (;;) {
        ssize_t n = read(w->fd, bufr, sizeof bufr);
        if (n <= 0) return any;
        any = 1;
        for (char *p = bufr; p < bufr + n;) {
            const struct inotify_event *ev = (const struct inotify_event *)p;
            on_event(w, ev, c);
            p += sizeof *ev + ev->len;
        }
    }
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int watch_wait(struct watch *w, int timeout_ms, int quiet_ms, struct watch_changes *out)
{
    memset(out, 0, sizeof *out);
    struct pollfd pf = {w->fd, POLLIN, 0};
    int r = poll(&pf, 1, timeout_ms);
    if (r < 0) return errno == EINTR ? 0 : -1;
    if (r == 0) return 0;
    long long start = now_ms();
    drain(w, out);
    while (now_ms() - start < WATCH_MAX_WAIT_MS) {
        r = poll(&pf, 1, quiet_ms);
        if (r <= 0) break;
        drain(w, out);
    }
    qsort(out->paths, out->n, sizeof *out->paths, cmp_str);
    return (int)out->n;
}

void watch_changes_release(struct watch_changes *c)
{
    for (size_t i = 0; i < c->n; i++) free(c->paths[i]);
    free(c->paths);
    c->paths = NULL;
    c->n = 0;
}
