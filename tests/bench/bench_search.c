/* bench-search: what search adds to a build and costs a reader.  Generates
 * PAGES pages per language (vi, en) with a Zipf-distributed vocabulary
 * (about 4,700 Vietnamese syllables with their tones, 20,000 English
 * words: a realistic index, unlike a small word list) into DIR once, with
 * a copy of the portal theme that draws no cards (a title card and a QR
 * code per page would be most of the build and say nothing of search), then
 *   - builds it RUNS times with `search: false` and RUNS times with search
 *     on, alternating (after one untimed build in each mode), and prints
 *     the median wall and CPU (user + system) times of each mode and the
 *     share of the CPU time the index adds;
 *   - runs tests/bench/search-fetch.mjs on the output: index bytes per
 *     1,000 pages, bytes (gzip) a first and a second query fetch, and the
 *     script's query time in Node;
 *   - runs tests/bench/search-browser.mjs: the same queries typed on the
 *     search page in headless Chromium, the site served with gzip: bytes on
 *     the wire and the time to results.
 *
 *   build/bench-search LOA DIR [PAGES] [RUNS]
 *
 * A benchmark, never a test: make bench runs it, make test does not. */
#define _GNU_SOURCE
#include "../../generator/util/buf.h"
#include "../../generator/util/fs.h"
#include "../../generator/util/text.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "bench_stats.h"

static unsigned long long rng = 0x9E3779B97F4A7C15ULL;
static unsigned rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

/* Common words first (the queries use them: the longest posting lists). */
static const char *const vi_top[] = {"và",   "của",  "quyền", "người",  "trẻ",  "em",  "con",
                                     "được", "công", "ước",   "việt",   "nam",  "dân", "tộc",
                                     "giáo", "dục",  "đến",   "trường", "bình", "đẳng"};
static const char *const en_top[] = {"the",        "of",       "and",    "rights",    "human",
                                     "to",         "children", "in",     "education", "women",
                                     "convention", "school",   "health", "viet",      "nam",
                                     "equality",   "people",   "law",    "minority",  "poverty"};
static const char *const onsets[] = {"",   "b",  "c", "ch", "d",  "đ",  "g",  "gi",
                                     "h",  "kh", "l", "m",  "n",  "ng", "nh", "ph",
                                     "qu", "s",  "t", "th", "tr", "v",  "x"};
static const char *const rhymes[] = {"a",  "ai", "an", "ang", "anh",  "ao",   "at",  "ac", "e",
                                     "em", "en", "i",  "in",  "inh",  "o",    "oi",  "on", "ong",
                                     "u",  "ui", "un", "ung", "ươ",   "ương", "ươc", "ân", "âm",
                                     "ê",  "ô",  "ơ",  "iên", "uyên", "ư",    "ưa"};
/* combining tone marks: none, grave, acute, hook, tilde, dot below */
static const char *const tones[] = {"", "\xcc\x80", "\xcc\x81", "\xcc\x89", "\xcc\x83", "\xcc\xa3"};

struct vocab {
    char **w;
    size_t n;
    double *cum;
};

static void add_word(struct vocab *v, const char *s, size_t len)
{
    v->w = realloc(v->w, (v->n + 1) * sizeof *v->w);
    v->w[v->n] = strndup(s, len);
    v->n++;
}

/* A syllable: the tone mark goes after the rhyme's first vowel, then NFC. */
static void vi_syllable(struct vocab *v, const char *on, const char *rh, const char *tone)
{
    buf raw = BUF_INIT, nfc = BUF_INIT;
    buf_puts(&raw, on);
    size_t first = strcspn(rh, "bcdghklmnpqrstvx");
    size_t vlen = first ? 1 : 0;
    while (vlen < first && ((unsigned char)rh[vlen] & 0xC0) == 0x80) vlen++;
    buf_put(&raw, rh, vlen);
    buf_puts(&raw, tone);
    buf_puts(&raw, rh + vlen);
    if (text_nfc(raw.data, raw.len, &nfc) == 1)
        add_word(v, raw.data, raw.len);
    else
        add_word(v, nfc.data, nfc.len);
    buf_release(&raw);
    buf_release(&nfc);
}

static void zipf(struct vocab *v)
{
    v->cum = malloc(v->n * sizeof *v->cum);
    double s = 0;
    for (size_t i = 0; i < v->n; i++) v->cum[i] = s += 1.0 / (double)(i + 1);
    for (size_t i = 0; i < v->n; i++) v->cum[i] /= s;
}

static const char *draw(const struct vocab *v)
{
    double x = rnd(1u << 30) / (double)(1u << 30);
    size_t lo = 0, hi = v->n - 1;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (v->cum[mid] < x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return v->w[lo];
}

static void vocabularies(struct vocab *vi, struct vocab *en)
{
    for (size_t i = 0; i < sizeof vi_top / sizeof *vi_top; i++)
        add_word(vi, vi_top[i], strlen(vi_top[i]));
    for (size_t t = 0; t < 6; t++)
        for (size_t r = 0; r < sizeof rhymes / sizeof *rhymes; r++)
            for (size_t o = 0; o < sizeof onsets / sizeof *onsets; o++)
                vi_syllable(vi, onsets[o], rhymes[r], tones[t]);
    for (size_t i = 0; i < sizeof en_top / sizeof *en_top; i++)
        add_word(en, en_top[i], strlen(en_top[i]));
    static const char cons[] = "bcdfghklmnprstvw", vow[] = "aeiou";
    for (int i = 0; i < 20000; i++) {
        char w[16];
        int len = 2 + (int)rnd(3), k = 0;
        for (int s = 0; s < len; s++) {
            w[k++] = cons[rnd(16)];
            w[k++] = vow[rnd(5)];
        }
        if (rnd(2)) w[k++] = cons[rnd(16)];
        add_word(en, w, (size_t)k);
    }
    zipf(vi);
    zipf(en);
}

static void sentence(buf *b, const struct vocab *v, int n)
{
    for (int i = 0; i < n; i++) {
        const char *w = draw(v);
        buf_puts(b, w);
        buf_puts(b, i + 1 == n ? ". " : " ");
    }
}

static void page(const char *dir, int i, int en, const struct vocab *v)
{
    buf b = BUF_INIT, path = BUF_INIT;
    buf_puts(&b, "---\ntitle: \"");
    sentence(&b, v, 6);
    buf_printf(&b, "\"\ndate: 20%02d-%02d-%02d\n---\n", 15 + rnd(10), 1 + rnd(12), 1 + rnd(28));
    for (int p = 0; p < 8; p++) {
        if (p == 3) {
            buf_puts(&b, "\n## ");
            sentence(&b, v, 4);
            buf_puts(&b, "\n");
        }
        buf_putc(&b, '\n');
        for (int s = 0; s < 5; s++) sentence(&b, v, 8 + (int)rnd(12));
        buf_putc(&b, '\n');
    }
    buf_printf(&path, "%s/content/s%d/p%05d%s.md", dir, i % 5, i, en ? ".en" : "");
    fs_write_file(path.data, b.data, b.len);
    buf_release(&b);
    buf_release(&path);
}

static void site_yml(const char *dir, int search)
{
    buf p = BUF_INIT, t = BUF_INIT;
    buf_printf(&p, "%s/content/site.yml", dir);
    buf_printf(&t,
               "title: Bench\nbase_url: https://bench.test/\ntheme: portal\nsearch: %s\n"
               "languages:\n  vi: {name: Tiếng Việt}\n  en: {name: English}\n",
               search ? "true" : "false");
    fs_write_file(p.data, t.data, t.len);
    buf_release(&p);
    buf_release(&t);
}

static void generate(const char *dir, int pages)
{
    struct vocab vi = {0}, en = {0};
    vocabularies(&vi, &en);
    for (int i = 0; i < pages; i++) {
        page(dir, i, 0, &vi);
        page(dir, i, 1, &en);
    }
    printf("corpus: %d pages per language, %zu Vietnamese syllables, %zu English words (Zipf)\n",
           pages, vi.n, en.n);
    fflush(stdout);
}

/* Seconds; cpu: user + system of the build; search: the processor time the
 * build itself counted in search (LOA_TIMINGS=1), 0 without search. */
struct timing { double wall, cpu, search; };

/* The build's "search   processor time N ms" line in log, in seconds. */
static double search_time(const char *log)
{
    buf text = BUF_INIT;
    const char *key = "search   processor time ";
    const char *at = fs_read_file(log, &text) == 0 ? strstr(text.data, key) : NULL;
    double ms = at ? atof(at + strlen(key)) : 0;
    buf_release(&text);
    return ms / 1000;
}

static int build(const char *loa, const char *dir, struct timing *t)
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    if (pid == 0) {
        buf c = BUF_INIT, o = BUF_INIT, t = BUF_INIT, log = BUF_INIT;
        buf_printf(&log, "%s/timings.log", dir);
        if (!freopen(log.data, "w", stderr)) _exit(126);
        setenv("LOA_TIMINGS", "1", 1);
        buf_printf(&c, "%s/content", dir);
        buf_printf(&o, "%s/output", dir);
        buf_printf(&t, "%s/theme", dir);
        execl(loa, loa, "build", "--content", c.data, "--theme", t.data, "--out", o.data,
              "--quiet", "--no-epub", (char *)NULL);
        _exit(127);
    }
    int st;
    struct rusage ru;
    wait4(pid, &st, 0, &ru);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) return -1;
    t->wall = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
    t->cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
             (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
    buf log = BUF_INIT;
    buf_printf(&log, "%s/timings.log", dir);
    t->search = search_time(log.data);
    buf_release(&log);
    return 0;
}

/* Builds in mode search (0 or 1); the site.yml is rewritten first. */
static int build_mode(const char *loa, const char *dir, int search, struct timing *t)
{
    site_yml(dir, search);
    return build(loa, dir, t);
}

/* The medians of runs builds per mode, after one untimed build in each
 * (the first build after a switch also deletes or adds the index's
 * files).  The modes alternate so that a change in the machine's load
 * falls on both. */
static int medians(const char *loa, const char *dir, int runs, struct timing *off,
                   struct timing *on)
{
    struct timing t;
    if (build_mode(loa, dir, 0, &t) != 0 || build_mode(loa, dir, 1, &t) != 0) return -1;
    double *v = calloc((size_t)runs * 5 + 1, sizeof *v);
    for (int r = 0; r < runs; r++) {
        for (int mode = 0; mode < 2; mode++) {
            if (build_mode(loa, dir, mode, &t) != 0) return -1;
            v[(mode * 2) * runs + r] = t.wall;
            v[(mode * 2 + 1) * runs + r] = t.cpu;
            printf("  round %d, search %s: %.2f s, CPU %.2f s", r + 1, mode ? "on " : "off",
                   t.wall, t.cpu);
            if (mode) {
                v[4 * runs + r] = t.search / (t.cpu - t.search) * 100;
                printf(", of which search %.2f s (+%.1f%% on the rest)", t.search,
                       v[4 * runs + r]);
            }
            printf("\n");
            fflush(stdout);
        }
    }
    *off = (struct timing){median(v, runs), median(v + runs, runs), 0};
    *on = (struct timing){median(v + 2 * runs, runs), median(v + 3 * runs, runs),
                          median(v + 4 * runs, runs)};
    free(v);
    return 0;
}

/* The portal theme without cards (no postcard.yml), in DIR/theme. */
static int copy_theme(const char *dir)
{
    buf cmd = BUF_INIT;
    buf_printf(&cmd,
               "rm -rf '%s/theme' && cp -r themes/portal '%s/theme' && "
               "rm '%s/theme/postcard.yml'",
               dir, dir, dir);
    int r = system(cmd.data);
    buf_release(&cmd);
    return r == 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench-search LOA DIR [PAGES] [RUNS]\n");
        return 2;
    }
    const char *loa = argv[1], *dir = argv[2];
    int pages = argc > 3 ? atoi(argv[3]) : 10000, runs = argc > 4 ? atoi(argv[4]) : 3;
    buf marker = BUF_INIT, cmd = BUF_INIT;
    buf_printf(&marker, "%s/content/.pages-%d", dir, pages);
    if (!fs_exists(marker.data)) {
        buf_printf(&cmd, "rm -rf '%s/content' '%s/output'", dir, dir);
        if (system(cmd.data) != 0) return 1;
        generate(dir, pages);
        fs_write_file(marker.data, "", 0);
    }
    if (runs < 1) runs = 1;
    struct timing off, on;
    if (copy_theme(dir) != 0 || medians(loa, dir, runs, &off, &on) != 0) {
        fprintf(stderr, "bench-search: the build failed\n");
        return 1;
    }
    printf("search: build of %d pages, median of %d: without search %.2f s (CPU %.2f s), with "
           "it %.2f s (CPU %.2f s): +%.1f%% time, +%.1f%% CPU\n",
           pages * 2, runs, off.wall, off.cpu, on.wall, on.cpu,
           (on.wall - off.wall) / off.wall * 100, (on.cpu - off.cpu) / off.cpu * 100);
    printf("search: measured inside the builds with search (thread processor time in search's "
           "code, against the rest of the same build), median of %d: +%.1f%%\n",
           runs, on.search);
    buf_clear(&cmd);
    buf_printf(
        &cmd,
        "node tests/bench/search-fetch.mjs '%s/output' '' 'quyen tre em' 'giao duc binh dang' && "
        "node tests/bench/search-fetch.mjs '%s/output' en/ 'children rights' 'education law' && "
        "node tests/bench/search-browser.mjs '%s/output' '' 'quyen tre em' 'giao duc binh dang' && "
        "node tests/bench/search-browser.mjs '%s/output' en/ 'children rights' 'education law'",
        dir, dir, dir, dir);
    fflush(stdout);
    int r = system(cmd.data);
    buf_release(&cmd);
    buf_release(&marker);
    return r == 0 ? 0 : 1;
}
