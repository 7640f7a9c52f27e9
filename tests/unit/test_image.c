/* image: header probing.  Every sample is built here byte by byte (no
 * binary fixtures in the repository); then each is truncated at every
 * length and mutated at random, which must never crash (run it under
 * ASan) and never report an I/O error. */
#include "../test.h"
#include "../../generator/util/buf.h"
#include "../../generator/util/fs.h"
#include "../../generator/util/image.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

static void be16(buf *b, unsigned v) { buf_putc(b, (int)(v >> 8 & 0xff)); buf_putc(b, (int)(v & 0xff)); }
static void be32(buf *b, uint32_t v) { be16(b, v >> 16); be16(b, v & 0xffff); }
static void le16(buf *b, unsigned v) { buf_putc(b, (int)(v & 0xff)); buf_putc(b, (int)(v >> 8 & 0xff)); }
static void le32(buf *b, uint32_t v) { le16(b, v & 0xffff); le16(b, v >> 16); }
#define PUT(b, lit) buf_put((b), (lit), sizeof(lit) - 1)

static void png(buf *b, uint32_t w, uint32_t h)
{
    PUT(b, "\x89PNG\r\n\x1a\n");
    be32(b, 13);
    PUT(b, "IHDR");
    be32(b, w);
    be32(b, h);
    PUT(b, "\x08\x06\x00\x00\x00");   /* 8-bit RGBA */
    be32(b, 0x12345678);              /* CRC: not checked */
    be32(b, 0);
    PUT(b, "IEND\xae\x42\x60\x82");
}

static void gif(buf *b, unsigned w, unsigned h)
{
    PUT(b, "GIF89a");
    le16(b, w);
    le16(b, h);
    PUT(b, "\x00\x00\x00;");
}

static void segment(buf *b, unsigned marker, const char *data, size_t n)
{
    be16(b, marker);
    be16(b, (unsigned)n + 2);
    buf_put(b, data, n);
}

/* APP1 with an IFD0 holding two tags, orientation second. */
static void exif(buf *b, int big_endian, unsigned orientation)
{
    buf t = BUF_INIT;
    void (*u16)(buf *, unsigned) = big_endian ? be16 : le16;
    void (*u32)(buf *, uint32_t) = big_endian ? be32 : le32;
    PUT(&t, "Exif\0\0");
    buf_puts(&t, big_endian ? "MM" : "II");
    u16(&t, 42);
    u32(&t, 8);
    u16(&t, 2);
    u16(&t, 0x010f); u16(&t, 2); u32(&t, 4); u32(&t, 0);          /* Make */
    u16(&t, 0x0112); u16(&t, 3); u32(&t, 1); u16(&t, orientation); u16(&t, 0);
    u32(&t, 0);
    segment(b, 0xFFE1, t.data, t.len);
    buf_release(&t);
}

static void jpeg(buf *b, unsigned sof, unsigned w, unsigned h, int orient_be, unsigned orientation)
{
    PUT(b, "\xff\xd8");
    segment(b, 0xFFE0, "JFIF\0\x01\x01\0\0\x01\0\x01\0\0", 14);
    if (orientation) exif(b, orient_be, orientation);
    char dqt[65] = {0};
    segment(b, 0xFFDB, dqt, sizeof dqt);
    PUT(b, "\xff\xff");   /* fill bytes before a marker are allowed */
    char f[15] = {8, (char)(h >> 8), (char)h, (char)(w >> 8), (char)w, 3};
    segment(b, sof, f, sizeof f);
    segment(b, 0xFFDA, "\x03\x01\0\x02\x11\x03\x11\0\x3f\0", 10);
    PUT(b, "\x12\x34\xff\xd9");
}

static void riff(buf *b, const char *chunk, const char *data, size_t n)
{
    PUT(b, "RIFF");
    le32(b, (uint32_t)(n + 12));
    PUT(b, "WEBP");
    buf_put(b, chunk, 4);
    le32(b, (uint32_t)n);
    buf_put(b, data, n);
}

static void webp_vp8(buf *b, unsigned w, unsigned h)
{
    char d[30] = {0x50, 0x2a, 0x00, (char)0x9d, 0x01, 0x2a,
                  (char)(w & 0xff), (char)(w >> 8), (char)(h & 0xff), (char)(h >> 8)};
    riff(b, "VP8 ", d, sizeof d);
}

static void webp_vp8l(buf *b, unsigned w, unsigned h)
{
    uint32_t bits = (w - 1) | (uint32_t)(h - 1) << 14;
    char d[10] = {0x2f, (char)(bits & 0xff), (char)(bits >> 8 & 0xff), (char)(bits >> 16 & 0xff),
                  (char)(bits >> 24)};
    riff(b, "VP8L", d, sizeof d);
}

static void webp_vp8x(buf *b, uint32_t w, uint32_t h)
{
    w--, h--;
    char d[10] = {0x10, 0, 0, 0, (char)(w & 0xff), (char)(w >> 8 & 0xff), (char)(w >> 16),
                  (char)(h & 0xff), (char)(h >> 8 & 0xff), (char)(h >> 16)};
    riff(b, "VP8X", d, sizeof d);
}

/* Probes bytes in memory; exp_type NULL means it must fail with -1. */
static void check_mem(const char *what, const buf *b, unsigned w, unsigned h, const char *exp_type)
{
    struct image_info info;
    int r = image_probe_mem(b->data, b->len, &info);
    if (!exp_type) {
        if (!t_check(r == -1 && info.media_type == NULL, __FILE__, __LINE__, what))
            fprintf(stderr, "    got %d %ux%u\n", r, info.width, info.height);
        return;
    }
    int ok = r == 0 && info.width == w && info.height == h && info.media_type
          && !strcmp(info.media_type, exp_type);
    if (!t_check(ok, __FILE__, __LINE__, what))
        fprintf(stderr, "    got %d %ux%u %s, expected %ux%u %s\n", r, info.width, info.height,
                info.media_type ? info.media_type : "(none)", w, h, exp_type);
}

static void check_svg(const char *text, unsigned w, unsigned h)
{
    buf b = BUF_INIT;
    buf_puts(&b, text);
    check_mem(text, &b, w, h, "image/svg+xml");
    buf_release(&b);
}

static void check_not_image(const char *text, size_t n)
{
    buf b = BUF_INIT;
    buf_put(&b, text, n);
    check_mem(text, &b, 0, 0, NULL);
    buf_release(&b);
}

static void test_raster(void)
{
    buf b = BUF_INIT;
    png(&b, 640, 480);               check_mem("png", &b, 640, 480, "image/png");        buf_clear(&b);
    png(&b, 0, 480);                 check_mem("png 0 wide", &b, 0, 0, NULL);            buf_clear(&b);
    gif(&b, 3, 5);                   check_mem("gif", &b, 3, 5, "image/gif");            buf_clear(&b);
    jpeg(&b, 0xFFC0, 640, 480, 0, 0); check_mem("jpeg", &b, 640, 480, "image/jpeg");     buf_clear(&b);
    jpeg(&b, 0xFFC2, 1, 65535, 0, 0); check_mem("progressive", &b, 1, 65535, "image/jpeg"); buf_clear(&b);
    jpeg(&b, 0xFFC0, 640, 480, 1, 6); check_mem("exif MM 6", &b, 480, 640, "image/jpeg"); buf_clear(&b);
    jpeg(&b, 0xFFC0, 640, 480, 0, 8); check_mem("exif II 8", &b, 480, 640, "image/jpeg"); buf_clear(&b);
    jpeg(&b, 0xFFC0, 640, 480, 0, 3); check_mem("exif II 3", &b, 640, 480, "image/jpeg"); buf_clear(&b);
    jpeg(&b, 0xFFC0, 640, 0, 0, 0);  check_mem("jpeg DNL height", &b, 0, 0, NULL);       buf_clear(&b);
    webp_vp8(&b, 400, 300);          check_mem("vp8", &b, 400, 300, "image/webp");       buf_clear(&b);
    webp_vp8l(&b, 16383, 1);         check_mem("vp8l", &b, 16383, 1, "image/webp");      buf_clear(&b);
    webp_vp8x(&b, 16777216, 5);      check_mem("vp8x", &b, 16777216, 5, "image/webp"); buf_clear(&b);
    /* A scan before any frame header: corrupt. */
    PUT(&b, "\xff\xd8\xff\xda\x00\x02\xff\xd9");
    check_mem("sos first", &b, 0, 0, NULL);
    buf_release(&b);
}

static void test_svg(void)
{
    check_svg("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"120\" height=\"80px\"/>", 120, 80);
    check_svg("<svg width='2in' height='1cm'></svg>", 192, 38);
    check_svg("<svg viewBox=\"0 0 300 150\"></svg>", 300, 150);
    check_svg("<svg viewBox=\"-10,-10, 300.5,150\" width=\"600\"></svg>", 600, 300);
    check_svg("<svg viewBox=\"0 0 300 150\" height=\"1.5e2\"></svg>", 300, 150);
    check_svg("<svg width=\"100%\" height=\"100%\" viewBox=\"0 0 40 30\"></svg>", 40, 30);
    check_svg("<svg width=\"100%\" height=\"100%\"></svg>", 0, 0);
    check_svg("<svg width=\"10em\" height=\"auto\"></svg>", 0, 0);
    check_svg("<svg viewBox=\"0 0 1e-300 5\" width=\"10\"></svg>", 10, 0);
    check_svg("\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- a > comment -->\n"
              "<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"x.dtd\" [\n"
              "  <!ENTITY ns \"http://example.org/>\">\n]>\n"
              "<svg:svg\n  xmlns:svg=\"http://www.w3.org/2000/svg\"\n  width = \"64\" height=\"32\">", 64, 32);
    check_not_image("<!DOCTYPE html><html><body></body></html>", 41);
    check_not_image("<svg width=\"10\" height=\"10\"", 27);   /* tag never closed */
    check_not_image("<svgx width=\"10\">", 17);
    check_not_image("<svg width=10>", 14);
    check_not_image("hello", 5);
    check_not_image("", 0);
    check_not_image("\x00\x01\x02\x03", 4);
}

static uint32_t rng_state = 2463534242u;
static uint32_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state;
}

/* Truncations and mutations: any answer but a crash or an I/O error. */
static void hammer(const buf *sample)
{
    struct image_info info;
    int bad = 0;
    for (size_t n = 0; n <= sample->len; n++)
        bad += image_probe_mem(sample->data, n, &info) < -1;
    unsigned char *m = malloc(sample->len + 1);
    for (int i = 0; i < 3000; i++) {
        memcpy(m, sample->data, sample->len);
        for (int k = 1 + (int)(rnd() % 4); k > 0; k--) {
            static const unsigned char hot[] = {0x00, 0xFF, 0x7F, 0x80, '<', '"', 'e', 0xE1, 0xC0};
            m[rnd() % sample->len] = rnd() % 2 ? (unsigned char)rnd() : hot[rnd() % sizeof hot];
        }
        bad += image_probe_mem(m, (size_t)(rnd() % (sample->len + 1)), &info) < -1;
    }
    free(m);
    CHECK_INT(bad, 0);
}

static void test_hostile(void)
{
    buf b = BUF_INIT;
    png(&b, 1, 1);                      hammer(&b); buf_clear(&b);
    gif(&b, 1, 1);                      hammer(&b); buf_clear(&b);
    jpeg(&b, 0xFFC0, 9, 9, 1, 6);       hammer(&b); buf_clear(&b);
    jpeg(&b, 0xFFC1, 9, 9, 0, 5);       hammer(&b); buf_clear(&b);
    webp_vp8(&b, 9, 9);                 hammer(&b); buf_clear(&b);
    webp_vp8l(&b, 9, 9);                hammer(&b); buf_clear(&b);
    webp_vp8x(&b, 9, 9);                hammer(&b); buf_clear(&b);
    buf_puts(&b, "<?xml version='1.0'?><!DOCTYPE svg [<!ENTITY a 'b'>]><!-- c -->"
             "<svg width='1.5e1mm' height='2pc' viewBox='0,0,10,5'>");
    hammer(&b);
    /* An APP1 that claims an IFD far past its end, and endless fill bytes. */
    buf_clear(&b);
    PUT(&b, "\xff\xd8\xff\xe1\x00\x16" "Exif\0\0MM\0*\xff\xff\xff\xf0\0\0\0\0\0\0");
    PUT(&b, "\xff\xc0\x00\x0b\x08\x00\x02\x00\x03\x01\x01\x11\x00");
    check_mem("exif bad ifd", &b, 3, 2, "image/jpeg");
    buf_clear(&b);
    PUT(&b, "\xff\xd8");
    for (int i = 0; i < 200; i++) buf_putc(&b, 0xff);
    check_mem("fill bytes", &b, 0, 0, NULL);
    buf_release(&b);
}

static void test_files(void)
{
    char tmpl[] = "/tmp/loa-image-XXXXXX";
    char *dir = mkdtemp(tmpl);
    if (!CHECK(dir != NULL)) return;
    char *p = fs_join(dir, "a.jpg");
    buf b = BUF_INIT;
    jpeg(&b, 0xFFC0, 800, 600, 1, 6);
    buf_puts(&b, "trailing data");
    CHECK_INT(fs_write_file(p, b.data, b.len), 0);
    struct image_info info;
    CHECK_INT(image_probe(p, &info), 0);
    CHECK_INT(info.width, 600);
    CHECK_INT(info.height, 800);
    CHECK_STR(info.media_type, "image/jpeg");
    /* Truncated files read through pread: never an I/O error, never a crash. */
    int bad = 0;
    for (size_t n = 0; n < b.len; n += 7) {
        fs_write_file(p, b.data, n);
        bad += image_probe(p, &info) < -1;
    }
    CHECK_INT(bad, 0);
    /* An SVG whose root comes after a long comment needs the second read. */
    char *svg = fs_join(dir, "long.svg");
    buf_clear(&b);
    buf_puts(&b, "<?xml version=\"1.0\"?><!--");
    for (int i = 0; i < 2000; i++) buf_puts(&b, " padding");
    buf_puts(&b, " --><svg width=\"5\" height=\"6\"/>");
    CHECK_INT(fs_write_file(svg, b.data, b.len), 0);
    CHECK_INT(image_probe(svg, &info), 0);
    CHECK_INT(info.width, 5);
    CHECK_INT(info.height, 6);
    CHECK_STR(info.media_type, "image/svg+xml");
    free(svg);
    char *missing = fs_join(dir, "missing.png");
    errno = 0;
    CHECK_INT(image_probe(missing, &info), -2);
    CHECK_INT(errno, ENOENT);
    CHECK_INT(image_probe(dir, &info), -2);
    CHECK_INT(errno, EISDIR);
    free(missing);
    buf_release(&b);
    free(p);
    fs_remove_tree(dir);
}

/* Probes b and checks the failure and the start of its reason. */
static void check_problem(const char *what, const buf *b, const char *reason)
{
    struct image_info info;
    int r = image_probe_mem(b->data, b->len, &info);
    if (!t_check(r == -1 && !info.media_type && !info.width, __FILE__, __LINE__, what))
        fprintf(stderr, "    got %d %ux%u\n", r, info.width, info.height);
    CHECK_HAS(info.problem, reason);
}

/* Sizes and files no reader should be given (util/limits.h). */
static void test_bounds(void)
{
    buf b = BUF_INIT;
    png(&b, 100000, 100000);
    check_problem("png 10 gigapixels", &b, "is 100000x100000 pixels (10000 megapixels), more than "
                  "the limit of 100 megapixels");
    buf_clear(&b);
    png(&b, 10000, 10000);   /* exactly the limit */
    check_mem("png 100 megapixels", &b, 10000, 10000, "image/png");
    buf_clear(&b);
    webp_vp8x(&b, 16777216, 20000);
    check_problem("vp8x canvas", &b, "more than the limit");
    buf_clear(&b);
    /* A PNG cut inside its image data; then one with no IEND at all. */
    png(&b, 4, 4);
    buf_truncate(&b, 33);
    be32(&b, 1000);
    PUT(&b, "IDAT");
    buf_puts(&b, "only part of the data");
    check_problem("truncated png", &b, "is a truncated PNG (it ends inside its 'IDAT' chunk)");
    buf_truncate(&b, 33);
    check_problem("png without IEND", &b, "is a truncated PNG (it has no IEND chunk)");
    buf_clear(&b);
    buf_puts(&b, "Just some text saved as photo.jpg\n");
    check_problem("text as jpeg", &b, "is not a PNG, JPEG, WebP, GIF or SVG file");
    buf_clear(&b);
    buf_puts(&b, "<svg width=\"99999999999999999999\" height=\"10\"/>");
    check_problem("svg huge width", &b, "is an SVG whose width is 10,000,000 px or more");
    buf_clear(&b);
    buf_puts(&b, "<svg width=\"10\" height=\"1e999999\"/>");
    check_problem("svg infinite height", &b, "whose height is");
    buf_clear(&b);
    /* A vector image is not decoded at its viewBox size: no pixel limit. */
    check_svg("<svg viewBox=\"0 0 1000000 500000\"/>", 1000000, 500000);
    /* A success leaves no reason behind. */
    struct image_info info;
    png(&b, 2, 2);
    CHECK_INT(image_probe_mem(b.data, b.len, &info), 0);
    CHECK_STR(info.problem, "");
    buf_release(&b);
}

void suite_image(void)
{
    test_bounds();
    test_raster();
    test_svg();
    test_hostile();
    test_files();
}
