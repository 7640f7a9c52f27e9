/* bench-serve: from a file's save to the reload event of `loa serve`.
 *
 *   build/bench-serve LOA DIR N [ROUNDS]
 *
 * Uses the `make bench-compare` corpus of N pages per language (generated
 * by build/bench-compare when missing), starts `loa serve` on it, listens
 * to its server-sent events like an open tab does, and saves three kinds
 * of edit the way editors do (a new file renamed over the old one): a body
 * edit, a title edit (listings, feeds and neighbours change) and a layout
 * edit.  Each is timed from just before the rename to the "reload" event,
 * ROUNDS times, then undone (the undo is not timed).  Prints the medians,
 * the server's peak memory (VmHWM) and a cold `loa build`'s, side by side.
 *
 * A benchmark, never a test: `make bench-serve N=10000` runs it. */
#define _GNU_SOURCE
#include "../../generator/util/buf.h"
#include "../../generator/util/fs.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "bench_stats.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int connect_to(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof a) == 0) return fd;
    if (fd >= 0) close(fd);
    return -1;
}

/* Sends a GET and returns the socket, or -1. */
static int get(int port, const char *path)
{
    int fd = connect_to(port);
    if (fd < 0) return -1;
    char req[256];
    int n = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", path);
    if (write(fd, req, (size_t)n) != n) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Waits until the server answers "/" with 200 (the first build is done). */
static int wait_ready(int port, double limit_ms)
{
    double t0 = now_ms();
    while (now_ms() - t0 < limit_ms) {
        int fd = get(port, "/");
        char b[64] = "";
        if (fd >= 0) {
            ssize_t n = read(fd, b, sizeof b - 1);
            close(fd);
            if (n > 12 && !strncmp(b + 9, "200", 3)) return 0;
        }
        usleep(50000);
    }
    return -1;
}

/* Reads the event stream until an "event: NAME" line; returns 1 for
 * reload or css, 0 for error, -1 on timeout or a closed stream. */
static int next_event(int fd, buf *pending, double limit_ms)
{
    double t0 = now_ms();
    for (;;) {
        char *ev = pending->len ? strstr(pending->data, "event: ") : NULL;
        char *nl = ev ? strchr(ev, '\n') : NULL;
        if (nl) {
            int ok = !strncmp(ev + 7, "reload", 6) || !strncmp(ev + 7, "css", 3);
            int err = !strncmp(ev + 7, "error", 5);
            size_t rest = pending->len - (size_t)(nl + 1 - pending->data);
            memmove(pending->data, nl + 1, rest);
            pending->len = rest;
            pending->data[rest] = '\0';
            if (ok) return 1;
            if (err) return 0;
            continue;   /* a comment or another event: keep reading */
        }
        double left = limit_ms - (now_ms() - t0);
        if (left <= 0) return -1;
        struct pollfd p = {fd, POLLIN, 0};
        if (poll(&p, 1, (int)left) <= 0) return -1;
        char b[4096];
        ssize_t n = read(fd, b, sizeof b);
        if (n <= 0) return -1;
        buf_put(pending, b, (size_t)n);
    }
}

/* Saves text at path as editors do: a new file renamed over the old. */
static void save(const char *path, const char *text, size_t len)
{
    buf tmp = BUF_INIT;
    buf_printf(&tmp, "%s.bench-tmp~", path);
    if (fs_write_file(tmp.data, text, len) != 0 || rename(tmp.data, path) != 0) {
        fprintf(stderr, "bench-serve: cannot save %s: %s\n", path, strerror(errno));
        exit(1);
    }
    buf_release(&tmp);
}

struct edit { const char *name, *file, *from, *to; };

/* One edit, timed to its reload, then undone. */
static double edit_once(const struct edit *e, const char *orig, int ev, buf *pending, int round)
{
    const char *at = strstr(orig, e->from);
    if (!at) {
        fprintf(stderr, "bench-serve: '%s' not found in %s\n", e->from, e->file);
        exit(1);
    }
    buf b = BUF_INIT;
    buf_put(&b, orig, (size_t)(at - orig));
    buf_printf(&b, "%s %d", e->to, round);
    buf_puts(&b, at + strlen(e->from));
    double t0 = now_ms();
    save(e->file, b.data, b.len);
    int r = next_event(ev, pending, 600000);
    double ms = now_ms() - t0;
    if (r != 1) {
        fprintf(stderr, "bench-serve: no reload after the %s (%s)\n", e->name,
                r == 0 ? "the rebuild failed" : "timeout");
        exit(1);
    }
    save(e->file, orig, strlen(orig));
    if (next_event(ev, pending, 600000) != 1) {
        fprintf(stderr, "bench-serve: no reload after undoing the %s\n", e->name);
        exit(1);
    }
    buf_release(&b);
    return ms;
}

static long vm_hwm_kb(pid_t pid)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    FILE *f = fopen(path, "r");
    long kb = -1;
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, "VmHWM:", 6)) kb = atol(line + 6);
    if (f) fclose(f);
    return kb;
}

/* A cold build's wall time and peak memory, for the comparison. */
static double cold_build(const char *loa, const char *c, const char *t, const char *o, long *kb)
{
    buf rm = BUF_INIT;
    buf_printf(&rm, "rm -rf '%s' '%s'.loa-* 2>/dev/null", o, o);
    if (system(rm.data) != 0) fprintf(stderr, "bench-serve: could not clean %s\n", o);
    buf_release(&rm);
    double t0 = now_ms();
    pid_t pid = fork();
    if (pid == 0) {
        if (!freopen("/dev/null", "w", stderr)) _exit(126);
        execl(loa, loa, "build", "--content", c, "--theme", t, "--out", o, "--quiet", "--no-epub",
              (char *)NULL);
        _exit(127);
    }
    int st;
    struct rusage ru;
    wait4(pid, &st, 0, &ru);
    *kb = ru.ru_maxrss;
    return now_ms() - t0;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: bench-serve LOA DIR N [ROUNDS]\n");
        return 2;
    }
    const char *loa = argv[1];
    int n = atoi(argv[3]), rounds = argc > 4 ? atoi(argv[4]) : 5;
    if (rounds < 1 || rounds > 64) rounds = 5;
    buf root = BUF_INIT, cmd = BUF_INIT;
    buf_printf(&root, "%s/n%d", argv[2], n);
    buf_printf(&cmd, "%s/.ready", root.data);
    if (!fs_exists(cmd.data)) {
        fprintf(stderr, "bench-serve: no corpus in %s; run make bench-compare N=%d first\n",
                root.data, n);
        return 2;
    }
    char *c = fs_join(root.data, "loa/content"), *t = fs_join(root.data, "loa/themes/bench");
    char *o = fs_join(root.data, "loa/out");
    long build_kb = 0;
    double build_ms = cold_build(loa, c, t, o, &build_kb);
    int port = 20000 + (int)(getpid() % 20000);
    char port_s[16];
    snprintf(port_s, sizeof port_s, "%d", port);
    pid_t srv = fork();
    if (srv == 0) {
        if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr)) _exit(126);
        execl(loa, loa, "serve", "--content", c, "--theme", t, "--port", port_s, (char *)NULL);
        _exit(127);
    }
    double t0 = now_ms();
    if (wait_ready(port, 900000) != 0) {
        fprintf(stderr, "bench-serve: the server did not start\n");
        kill(srv, SIGTERM);
        return 1;
    }
    double first_ms = now_ms() - t0;
    int ev = get(port, "/__loa/events");
    buf pending = BUF_INIT;
    usleep(200000);   /* let the stream's headers arrive before the first save */
    char rel[64];   /* a story past the series, as bench-compare numbers them */
    snprintf(rel, sizeof rel, "stories/p%06d.md", n - n % 4 - 4);
    char *body = fs_join(c, rel), *layout = fs_join(t, "layouts/base.mustache");
    const struct edit edits[] = {
        {"body edit", body, "\n\n", "\n\nSửa đổi"},
        {"title edit", body, "title: \"", "title: \"Sửa"},
        {"layout edit", layout, "</main>", "<!-- edit --></main>"},
    };
    double med[3];
    for (size_t k = 0; k < 3; k++) {
        buf orig = BUF_INIT;
        if (fs_read_file(edits[k].file, &orig) != 0) {
            fprintf(stderr, "bench-serve: cannot read %s\n", edits[k].file);
            return 1;
        }
        double v[64];
        for (int r = 0; r < rounds; r++) v[r] = edit_once(&edits[k], orig.data, ev, &pending, r);
        med[k] = median(v, rounds);
        fprintf(stderr, "  %s: median %.0f ms of %d\n", edits[k].name, med[k], rounds);
        buf_release(&orig);
    }
    long srv_kb = vm_hwm_kb(srv);
    kill(srv, SIGINT);
    waitpid(srv, NULL, 0);
    close(ev);
    printf("| N/lang | cold build s | first serve s | body edit ms | title edit ms | "
           "layout edit ms | server peak MiB | build peak MiB | server/build |\n"
           "|---|---|---|---|---|---|---|---|---|\n");
    printf("| %d | %.2f | %.2f | %.0f | %.0f | %.0f | %.0f | %.0f | %.2f |\n", n, build_ms / 1e3,
           first_ms / 1e3, med[0], med[1], med[2], srv_kb / 1024.0, build_kb / 1024.0,
           (double)srv_kb / (double)build_kb);
    free(c); free(t); free(o); free(body); free(layout);
    buf_release(&root); buf_release(&cmd); buf_release(&pending);
    return 0;
}
