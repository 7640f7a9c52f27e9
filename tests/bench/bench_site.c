/* bench-site: the whole-site benchmark.  Generates a synthetic corpus
 * (PAGES pages per language in vi and en, with realistic Vietnamese and
 * English text, front matter, tags and sections) into DIR if it is not
 * there yet, then runs `loa build` on it RUNS times and prints pages per
 * second and the peak RSS of the build process.
 *
 *   build/bench-site LOA DIR [PAGES] [RUNS]
 *
 * A benchmark, never a test: make bench runs it, make test does not. */
#define _GNU_SOURCE   /* wait4 */
#include "../../generator/util/buf.h"
#include "../../generator/util/fs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *const vi_words[] = {"quyền", "con", "người", "Việt", "Nam", "bảo", "đảm", "công", "ước",
    "thực", "hiện", "chính", "sách", "người", "dân", "tộc", "thiểu", "số", "giảm", "nghèo", "giáo", "dục",
    "y", "tế", "trẻ", "em", "phụ", "nữ", "bình", "đẳng", "giới", "xã", "huyện", "tỉnh", "phát", "triển",
    "bền", "vững", "cộng", "đồng", "tín", "ngưỡng", "tôn", "giáo", "tự", "do", "pháp", "luật", "nhà", "nước"};
static const char *const en_words[] = {"human", "rights", "Viet", "Nam", "ensures", "convention", "policy",
    "people", "ethnic", "minority", "poverty", "reduction", "education", "health", "children", "women",
    "equality", "commune", "district", "province", "development", "sustainable", "community", "belief",
    "religion", "freedom", "law", "state", "report", "progress", "school", "clinic", "road", "village"};
static const char *const sections[] = {"stories", "conventions", "news", "postcards", "reports"};
static const char *const tags_vi[] = {"giảm nghèo", "giáo dục", "y tế", "dân tộc thiểu số", "trẻ em", "phụ nữ",
    "người khuyết tật", "tôn giáo"};
static const char *const tags_en[] = {"poverty", "education", "health", "ethnic minorities", "children", "women",
    "disability", "religion"};

static unsigned long long rng = 88172645463325252ULL;
static unsigned rnd(unsigned n) { rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17; return (unsigned)(rng % n); }

static void words(buf *b, const char *const *w, size_t nw, int n)
{
    for (int i = 0; i < n; i++) {
        buf_puts(b, w[rnd((unsigned)nw)]);
        buf_putc(b, i + 1 == n ? '.' : ' ');
    }
}

static void page(const char *dir, int i, int en)
{
    buf b = BUF_INIT, path = BUF_INIT;
    const char *const *w = en ? en_words : vi_words;
    size_t nw = en ? sizeof en_words / sizeof *en_words : sizeof vi_words / sizeof *vi_words;
    const char *const *tags = en ? tags_en : tags_vi;
    buf_printf(&b, "---\ntitle: \"%s %d: ", en ? "Story" : "Câu chuyện", i);
    words(&b, w, nw, 6);
    buf_printf(&b, "\"\ndate: 20%02d-%02d-%02d\ntags: [\"%s\", \"%s\"]\nfields: [\"%s\"]\n---\n",
               15 + rnd(10), 1 + rnd(12), 1 + rnd(28), tags[rnd(8)], tags[rnd(8)], tags[rnd(8)]);
    for (int p = 0; p < 8; p++) {
        if (p == 3) { buf_puts(&b, "\n## "); words(&b, w, nw, 4); buf_puts(&b, "\n"); }
        buf_putc(&b, '\n');
        words(&b, w, nw, 40 + (int)rnd(40));
        if (p == 5) buf_puts(&b, " **Đậm** và *nghiêng* [liên kết](https://example.org/).");
        buf_putc(&b, '\n');
    }
    buf_printf(&path, "%s/content/%s/p%05d%s.md", dir, sections[i % 5], i, en ? ".en" : "");
    fs_write_file(path.data, b.data, b.len);
    buf_release(&b);
    buf_release(&path);
}

static void generate(const char *dir, int pages)
{
    buf p = BUF_INIT, t = BUF_INIT;
    buf_printf(&p, "%s/content/site.yml", dir);
    buf_puts(&t, "title: Bench\nbase_url: https://bench.test/\ntheme: portal\npaginate: 10\n"
                 "languages:\n  vi: {name: Tiếng Việt}\n  en: {name: English}\n");
    fs_write_file(p.data, t.data, t.len);
    for (int i = 0; i < pages; i++) { page(dir, i, 0); page(dir, i, 1); }
    buf_release(&p);
    buf_release(&t);
}

int main(int argc, char **argv)
{
    if (argc < 3) { fprintf(stderr, "usage: bench-site LOA DIR [PAGES] [RUNS]\n"); return 2; }
    const char *loa = argv[1], *dir = argv[2];
    int pages = argc > 3 ? atoi(argv[3]) : 10000, runs = argc > 4 ? atoi(argv[4]) : 3;
    buf marker = BUF_INIT;
    buf_printf(&marker, "%s/content/.pages-%d", dir, pages);
    if (!fs_exists(marker.data)) {
        buf rm = BUF_INIT;
        buf_printf(&rm, "rm -rf '%s/content'", dir);
        if (system(rm.data) != 0) return 1;
        buf_release(&rm);
        generate(dir, pages);
        fs_write_file(marker.data, "", 0);
    }
    double best = 1e9;
    long rss = 0;
    for (int r = 0; r < runs; r++) {
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        pid_t pid = fork();
        if (pid == 0) {
            buf c = BUF_INIT, o = BUF_INIT;
            buf_printf(&c, "%s/content", dir);
            buf_printf(&o, "%s/output", dir);
            execl(loa, loa, "build", "--content", c.data, "--theme", "themes/portal", "--out", o.data, "--quiet",
                  "--no-epub", (char *)NULL);
            _exit(127);
        }
        int st;
        struct rusage ru;
        wait4(pid, &st, 0, &ru);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) { fprintf(stderr, "bench-site: the build failed\n"); return 1; }
        double s = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
        if (s < best) best = s;
        if (ru.ru_maxrss > rss) rss = ru.ru_maxrss;
    }
    int total = pages * 2;
    printf("site: %d content pages (%d per language, vi+en), best of %d: %.2f s, %.0f pages/s, peak RSS %.1f MiB\n",
           total, pages, runs, best, total / best, rss / 1024.0);
    buf_release(&marker);
    return 0;
}
