/* bench_epub: one 300-chapter book, as the site build makes it: every
 * chapter (~1,500 words of Vietnamese-like text with headings, emphasis,
 * footnotes, a pull quote now and then, a few images) rendered through
 * md_render in XHTML mode, then epub_write.  Prints wall time per stage
 * and peak RSS.  For comparison, pandoc needs about 2 s and 235 MB for the
 * same book.
 *
 *   make build/bench-epub && ./build/bench-epub [chapters] [out.epub] */
#include "../../generator/epub/epub.h"
#include "../../generator/markdown/markdown.h"
#include "../../generator/util/arena.h"
#include "../../generator/util/buf.h"
#include "../../generator/util/diag.h"
#include "../../generator/util/fs.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { N_IMAGES = 5, WORDS_PER_CHAPTER = 1500 };

static const char *const words[] = {
    "người", "đường", "núi", "sông", "những", "một", "và", "của", "trong", "khi",
    "được", "làng", "mùa", "nước", "trời", "đất", "chúng", "tôi", "bản", "xa",
    "gió", "mưa", "rừng", "chợ", "phiên", "ruộng", "bậc", "thang", "sương", "sớm",
    "chiều", "đêm", "lửa", "bếp", "nhà", "sàn", "câu", "chuyện", "kể", "lại",
    "nhớ", "quên", "đi", "về", "đến", "qua", "giữa", "trên", "dưới", "bên",
    "ngày", "tháng", "năm", "xưa", "nay", "mới", "cũ", "đẹp", "buồn", "vui",
};

static uint32_t rng = 2463534242u;
static uint32_t next(void) { rng ^= rng << 13; rng ^= rng >> 17; rng ^= rng << 5; return rng; }
static const char *word(void) { return words[next() % (sizeof words / sizeof words[0])]; }

static void paragraph(buf *md, int n, int *note)
{
    for (int i = 0; i < n; i++) {
        const char *w = word();
        if (i == 0) buf_printf(md, "%c%s", w[0] >= 'a' && w[0] <= 'z' ? w[0] - 32 : w[0], w + 1);
        else if (next() % 40 == 0) buf_printf(md, " *%s*", w);
        else if (next() % 60 == 0) buf_printf(md, " **%s**", w);
        else buf_printf(md, " %s", w);
        if (next() % 12 == 0 && i + 1 < n) buf_putc(md, ',');
    }
    if (*note < 3 && next() % 4 == 0) buf_printf(md, "[^%d]", ++*note);
    buf_puts(md, ".\n\n");
}

static void chapter_md(buf *md, size_t k)
{
    int words_left = WORDS_PER_CHAPTER, note = 0, section = 0;
    while (words_left > 0) {
        if (words_left % 400 < 100 && section < 4)
            buf_printf(md, "## Phần %d: %s %s\n\n", ++section, word(), word());
        int n = 60 + (int)(next() % 60);
        paragraph(md, n, &note);
        words_left -= n;
        if (next() % 25 == 0) buf_printf(md, "> [!PULLQUOTE]\n> %s %s %s %s.\n\n", word(), word(), word(), word());
    }
    if (k % 60 == 0) buf_printf(md, "![Ảnh minh hoạ số %zu](img%zu.png)\n\n", k / 60, k / 60 % N_IMAGES);
    for (int i = 1; i <= note; i++) buf_printf(md, "[^%d]: Chú thích %d: %s %s %s.\n", i, i, word(), word(), word());
}

/* --- images: stored-deflate PNGs, as in test_epub ------------------------- */

static uint32_t crc(const unsigned char *p, size_t n)
{
    uint32_t c = ~0u;
    while (n--) {
        c ^= *p++;
        for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1)));
    }
    return ~c;
}

static void be32(buf *b, uint32_t v)
{
    unsigned char x[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16), (unsigned char)(v >> 8),
                          (unsigned char)v};
    buf_put(b, x, 4);
}

static void chunk(buf *b, const char *type, const void *d, size_t n)
{
    be32(b, (uint32_t)n);
    size_t at = b->len;
    buf_put(b, type, 4);
    buf_put(b, d, n);
    be32(b, crc((const unsigned char *)b->data + at, n + 4));
}

static void write_png(const char *path, unsigned w, unsigned h)
{
    buf raw = BUF_INIT, z = BUF_INIT, png = BUF_INIT;
    for (unsigned y = 0; y < h; y++) {
        buf_putc(&raw, 0);
        for (unsigned x = 0; x < w; x++) buf_put(&raw, (char[]){(char)x, (char)y, (char)(x ^ y)}, 3);
    }
    buf_put(&z, "\x78\x01", 2);
    uint32_t s1 = 1, s2 = 0;
    for (size_t off = 0; off < raw.len;) {
        size_t n = raw.len - off > 65535 ? 65535 : raw.len - off;
        unsigned char hd[5] = {off + n == raw.len, (unsigned char)n, (unsigned char)(n >> 8),
                               (unsigned char)~n, (unsigned char)(~n >> 8)};
        buf_put(&z, hd, 5);
        buf_put(&z, raw.data + off, n);
        for (size_t i = off; i < off + n; i++) {
            s1 = (s1 + (unsigned char)raw.data[i]) % 65521;
            s2 = (s2 + s1) % 65521;
        }
        off += n;
    }
    be32(&z, s2 << 16 | s1);
    buf_put(&png, "\x89PNG\r\n\x1a\n", 8);
    unsigned char ihdr[13] = {0, 0, 0, 0, 0, 0, 0, 0, 8, 2, 0, 0, 0};
    for (int i = 0; i < 4; i++) {
        ihdr[i] = (unsigned char)(w >> (24 - 8 * i));
        ihdr[4 + i] = (unsigned char)(h >> (24 - 8 * i));
    }
    chunk(&png, "IHDR", ihdr, 13);
    chunk(&png, "IDAT", z.data, z.len);
    chunk(&png, "IEND", "", 0);
    fs_write_file(path, png.data, png.len);
    buf_release(&raw);
    buf_release(&z);
    buf_release(&png);
}

/* --- the run ---------------------------------------------------------------- */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *img_hook(void *ud, const char *src, const char *alt, unsigned l, unsigned c)
{
    (void)alt; (void)l; (void)c;
    return arena_printf(ud, "images/%s", src);
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? (size_t)atoi(argv[1]) : 300;
    const char *out = argc > 2 ? argv[2] : "/tmp/loa-bench-epub/book.epub";
    char dir[] = "/tmp/loa-bench-epub";
    fs_mkdir_p(dir);
    arena a = ARENA_INIT;
    struct epub_image images[N_IMAGES];
    for (int i = 0; i < N_IMAGES; i++) {
        const char *p = arena_printf(&a, "%s/img%d.png", dir, i);
        write_png(p, 400, 300);
        images[i] = (struct epub_image){p, arena_printf(&a, "images/img%d.png", i)};
    }
    buf md = BUF_INIT;
    size_t md_bytes = 0;
    const char **src = arena_alloc(&a, n * sizeof *src);
    for (size_t k = 0; k < n; k++) {   /* the corpus, made before the clock starts */
        buf_clear(&md);
        chapter_md(&md, k);
        src[k] = arena_strndup(&a, md.data, md.len);
        md_bytes += md.len;
    }
    struct epub_chapter *ch = arena_alloc(&a, n * sizeof *ch);
    struct md_link_hooks hooks = {&a, NULL, img_hook};
    double t0 = now();
    for (size_t k = 0; k < n; k++) {
        struct md_opts o = {.file = "bench.md", .xhtml = 1, .hooks = &hooks};
        struct md_result r;
        if (md_render(&a, src[k], strlen(src[k]), &o, &r) != 0) return 1;
        ch[k] = (struct epub_chapter){arena_printf(&a, "Chương %zu", k + 1), arena_printf(&a, "%zu", k + 1),
                                      r.html, "bench.md", r.headings, r.n_headings};
    }
    double t1 = now();
    struct epub_book b = {
        .id_seed = "bench", .title = "Sách đo", .lang = "vi", .creator = "loa", .modified = 1714550400,
        .chapters = ch, .n_chapters = n, .images = images, .n_images = N_IMAGES,
        .cover_path = images[0].src_path, .cover_alt = "Bìa",
    };
    if (epub_write(&b, out) != 0) return 1;
    double t2 = now();
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    struct stat st;
    stat(out, &st);
    printf("epub: %zu chapters, %.1f MB Markdown -> %s (%.1f MB)\n", n, md_bytes / 1e6, out,
           st.st_size / 1e6);
    printf("  md_render %.3f s, epub_write %.3f s, total %.3f s, peak RSS %.1f MB\n", t1 - t0, t2 - t1,
           t2 - t0, ru.ru_maxrss / 1024.0);
    buf_release(&md);
    arena_release(&a);
    return 0;
}
