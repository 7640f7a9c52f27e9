/* bench-photo: publishing phone photos (photos/, libvips).
 *
 *   build/bench-photo DIR [N] [JOBS]
 *
 * Makes N distinct 4032x3024 JPEGs (a phone's 12 MP, quality 92, with
 * orientation and GPS fields) in DIR once, then publishes them all with
 * the default settings (480, 960, 1600 wide, WebP and JPEG) on JOBS
 * threads, cold (empty cache) and again from the cache, and prints the
 * time, peak memory, and the bytes a reader on a 360 px phone (2x
 * display: a 720 px slot) downloads for one photo before and after.
 * A benchmark, never a test: make bench runs it. */
#define _GNU_SOURCE
#include "../../generator/photos/photo.h"
#include "../../generator/util/buf.h"
#include "../../generator/util/fs.h"
#include "../../generator/util/pool.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <time.h>
#include <vips/vips.h>

static const unsigned widths[] = {480, 960, 1600};

/* A fractal surface per colour band: detail at every scale, as in a
 * photo of a landscape, so the narrower copies are not trivially small.
 * Made once; each photo is a different 4032x3024 window of it. */
static VipsImage *base;

static int make_base(void)
{
    VipsImage *band[3] = {NULL, NULL, NULL}, *rgb = NULL;
    int r = 0;
    for (int b = 0; b < 3 && !r; b++) {
        VipsImage *f = NULL;
        r = vips_fractsurf(&f, 5120, 4096, 2.4, NULL);
        if (!r) r = vips_linear1(f, &band[b], 40.0, 110.0 + 20 * b, NULL);
        if (f) g_object_unref(f);
    }
    if (!r) r = vips_bandjoin(band, &rgb, 3, NULL);
    if (!r) r = vips_cast_uchar(rgb, &base, NULL);
    for (int b = 0; b < 3; b++)
        if (band[b]) g_object_unref(band[b]);
    if (rgb) g_object_unref(rgb);
    if (!r) {
        VipsImage *mem = vips_image_copy_memory(base);
        g_object_unref(base);
        base = mem;
    }
    return r || !base;
}

static int make_photo(const char *path, int seed)
{
    if (!base && make_base() != 0) return -1;
    VipsImage *win = NULL;
    int r = vips_extract_area(base, &win, (seed * 37) % 1000, (seed * 53) % 1000, 4032, 3024, NULL);
    if (!r) r = vips_jpegsave(win, path, "Q", 92, NULL);
    if (win) g_object_unref(win);
    return r;
}

struct ctx { char **srcs; const char *cache; int failed; };

static void one(void *vx, size_t i, unsigned w)
{
    (void)w;
    struct ctx *x = vx;
    struct photo_opts o = {.widths = widths, .n_widths = 3, .webp = 1};
    struct photo_set ps;
    char err[256];
    if (photo_publish(x->srcs[i], &o, x->cache, &ps, err, sizeof err) != 0) {
        fprintf(stderr, "%s: %s\n", x->srcs[i], err);
        x->failed = 1;
        return;
    }
    photo_set_release(&ps);
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static long long size_of(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 ? (long long)st.st_size : 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench-photo DIR [N] [JOBS]\n");
        return 2;
    }
    int n = argc > 2 ? atoi(argv[2]) : 1000;
    unsigned jobs = argc > 3 ? (unsigned)atoi(argv[3]) : 2;
    char **srcs = calloc((size_t)n, sizeof *srcs);
    fs_mkdir_p(argv[1]);
    for (int i = 0; i < n; i++) {
        buf p = BUF_INIT;
        buf_printf(&p, "%s/photo-%05d.jpg", argv[1], i);
        srcs[i] = buf_detach(&p);
    }
    /* the photos are made in a process of its own: what is measured here
     * is the publishing alone (time and peak memory), and libvips is not
     * safe to use across fork() */
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        if (VIPS_INIT(argv[0])) _exit(1);
        for (int i = 0; i < n; i++)
            if (!fs_exists(srcs[i]) && make_photo(srcs[i], i + 1) != 0) {
                fprintf(stderr, "bench-photo: cannot make %s\n", srcs[i]);
                _exit(1);
            }
        _exit(0);
    }
    int st;
    waitpid(pid, &st, 0);
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) return 1;
    buf cache = BUF_INIT, rm = BUF_INIT;
    buf_printf(&cache, "%s/cache", argv[1]);
    buf_printf(&rm, "rm -rf '%s'", cache.data);
    if (system(rm.data) != 0) return 1;
    struct ctx x = {srcs, cache.data, 0};
    double t0 = now();
    pool_run((size_t)n, jobs, one, &x);
    double cold = now() - t0;
    t0 = now();
    pool_run((size_t)n, jobs, one, &x);
    double warm = now() - t0;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    /* one photo as a 360 px phone at 2x fetches it: the 960 px WebP */
    struct photo_opts o = {.widths = widths, .n_widths = 3, .webp = 1};
    struct photo_set ps;
    char err[256];
    photo_publish(srcs[0], &o, cache.data, &ps, err, sizeof err);
    long long before = size_of(srcs[0]), after = 0;
    for (size_t i = 0; i < ps.n; i++)
        if (ps.files[i].width == 960 && !strcmp(ps.files[i].ext, "webp")) after = size_of(ps.files[i].path);
    printf("photos: %d phone JPEGs (4032x3024) on %u threads: cold %.1f s (%.1f photos/s), "
           "cached %.2f s; peak RSS %.0f MiB\n", n, jobs, cold, n / cold, warm,
           ru.ru_maxrss / 1024.0);
    printf("photos: a 360 px phone (2x) downloads %.0f KB per photo instead of %.0f KB (%.0fx less)\n",
           after / 1024.0, before / 1024.0, after ? (double)before / (double)after : 0);
    photo_set_release(&ps);
    return x.failed;
}
