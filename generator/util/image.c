#include "image.h"
#include "diag.h"
#include "limits.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Bytes come from a file, read at offsets so that a JPEG's large EXIF and
 * ICC segments are stepped over rather than read, or from memory. */
struct src {
    int fd;                      /* -1: mem */
    const unsigned char *mem;
    uint64_t len;                /* bytes in the file or in memory */
    int io_error;                /* errno of a failed read, else 0 */
};

/* Up to n bytes at off; fewer at the end of the input. */
static size_t rd_some(struct src *s, uint64_t off, void *dst, size_t n)
{
    if (s->fd < 0) {
        if (off >= s->len) return 0;
        size_t k = s->len - (size_t)off < n ? s->len - (size_t)off : n;
        memcpy(dst, s->mem + off, k);
        return k;
    }
    size_t got = 0;
    while (got < n) {
        ssize_t r = pread(s->fd, (char *)dst + got, n - got, (off_t)(off + got));
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) s->io_error = errno;
        if (r <= 0) break;
        got += (size_t)r;
    }
    return got;
}

static int rd(struct src *s, uint64_t off, void *dst, size_t n)
{
    return rd_some(s, off, dst, n) == n ? 0 : -1;
}

static unsigned be16(const unsigned char *p) { return (unsigned)p[0] << 8 | p[1]; }
static unsigned le16(const unsigned char *p) { return (unsigned)p[1] << 8 | p[0]; }
static uint32_t le24(const unsigned char *p) { return (uint32_t)p[2] << 16 | le16(p); }
static uint32_t be32(const unsigned char *p) { return (uint32_t)be16(p) << 16 | be16(p + 2); }
static uint32_t le32(const unsigned char *p) { return (uint32_t)le16(p + 2) << 16 | le16(p); }

static int fail(struct image_info *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct image_info *out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out->problem, sizeof out->problem, fmt, ap);
    va_end(ap);
    return -1;
}

static int found(struct image_info *out, uint32_t w, uint32_t h, const char *type)
{
    unsigned long long px = (unsigned long long)w * h;
    if (px > LIMIT_IMAGE_PIXELS && strcmp(type, "image/svg+xml"))
        return fail(out, "is %" PRIu32 "x%" PRIu32 " pixels (%llu megapixels), more than the limit "
                    "of %llu megapixels; resize it", w, h, px / 1000000,
                    LIMIT_IMAGE_PIXELS / 1000000);
    out->width = w;
    out->height = h;
    out->media_type = type;
    return 0;
}

/* --- PNG, GIF, WebP: the size is at a fixed place near the start ------------------------ */

/* Walks the chunks (length, type, data, CRC) from the signature to IEND
 * without reading their data: a file cut short ends inside one. */
static int png_complete(struct src *s, struct image_info *out)
{
    uint64_t off = 8;
    for (unsigned i = 0; i < (1u << 20); i++) {
        unsigned char c[8];
        if (rd(s, off, c, 8)) break;
        uint32_t len = be32(c);
        if (len > 0x7fffffff)
            return fail(out, "is a corrupt PNG (a chunk claims %" PRIu32 " bytes)", len);
        if (!memcmp(c + 4, "IEND", 4)) return 0;
        if (off + 12 + len > s->len)
            return fail(out, "is a truncated PNG (it ends inside its '%.4s' chunk); "
                        "export it again", (const char *)c + 4);
        off += 12 + (uint64_t)len;
    }
    return fail(out, "is a truncated PNG (it has no IEND chunk); export it again");
}

static int probe_png(struct src *s, const unsigned char *h, size_t n, struct image_info *out)
{
    if (n < 24 || memcmp(h + 12, "IHDR", 4)) return -1;
    uint32_t w = be32(h + 16), ht = be32(h + 20);
    if (!w || !ht || w > 0x7fffffff || ht > 0x7fffffff) return -1;   /* the PNG limit */
    if (png_complete(s, out) != 0) return -1;
    return found(out, w, ht, "image/png");
}

static int probe_gif(const unsigned char *h, size_t n, struct image_info *out)
{
    if (n < 10 || !le16(h + 6) || !le16(h + 8)) return -1;
    return found(out, le16(h + 6), le16(h + 8), "image/gif");
}

static int probe_webp(const unsigned char *h, size_t n, struct image_info *out)
{
    const unsigned char *chunk = h + 12, *d = h + 20;
    if (n >= 30 && !memcmp(chunk, "VP8 ", 4)) {   /* lossy: key frame header */
        uint32_t w = le16(d + 6) & 0x3fff, ht = le16(d + 8) & 0x3fff;
        if (memcmp(d + 3, "\x9d\x01\x2a", 3) || !w || !ht) return -1;
        return found(out, w, ht, "image/webp");
    }
    if (n >= 25 && !memcmp(chunk, "VP8L", 4)) {   /* lossless: 14-bit sizes minus one */
        if (d[0] != 0x2f) return -1;
        uint32_t bits = le32(d + 1);
        return found(out, (bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1, "image/webp");
    }
    if (n >= 30 && !memcmp(chunk, "VP8X", 4))      /* extended: 24-bit canvas minus one */
        return found(out, le24(d + 4) + 1, le24(d + 7) + 1, "image/webp");
    return -1;
}

/* --- JPEG: walk the segments up to the first SOF ---------------------------------------- */

/* EXIF orientation from an APP1 payload, 1 if absent or unreadable. */
static unsigned exif_orientation(const unsigned char *d, size_t n)
{
    if (n < 14 || memcmp(d, "Exif\0\0", 6)) return 1;
    const unsigned char *t = d + 6;   /* TIFF header; offsets count from here */
    size_t tn = n - 6;
    int le = !memcmp(t, "II*\0", 4);
    if (!le && memcmp(t, "MM\0*", 4)) return 1;
    uint32_t ifd = le ? le32(t + 4) : be32(t + 4);
    if (ifd > tn - 2) return 1;
    unsigned count = le ? le16(t + ifd) : be16(t + ifd);
    for (unsigned i = 0; i < count; i++) {
        size_t e = ifd + 2 + (size_t)i * 12;
        if (e + 12 > tn) break;
        unsigned tag = le ? le16(t + e) : be16(t + e);
        if (tag == 0x0112) return le ? le16(t + e + 8) : be16(t + e + 8);
    }
    return 1;
}

static unsigned read_orientation(struct src *s, uint64_t off, unsigned len)
{
    unsigned char *d = malloc(len);
    if (!d) die_oom();
    unsigned o = rd(s, off, d, len) == 0 ? exif_orientation(d, len) : 1;
    free(d);
    return o;
}

static int is_sof(unsigned m)
{
    return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
}

/* The marker code at off (after its 0xFF and any fill bytes); off moves past it. */
static int next_marker(struct src *s, uint64_t *off)
{
    unsigned char c;
    if (rd(s, (*off)++, &c, 1) || c != 0xFF) return -1;
    for (int fill = 0; fill < 64; fill++) {
        if (rd(s, (*off)++, &c, 1)) return -1;
        if (c != 0xFF) return c;
    }
    return -1;
}

static int probe_jpeg(struct src *s, struct image_info *out)
{
    uint64_t off = 2;
    unsigned orientation = 1;
    for (int seg = 0; seg < 4096; seg++) {
        int m = next_marker(s, &off);
        if (m < 0 || m == 0x00 || m == 0xD9 || m == 0xDA) return -1;   /* no frame before data */
        if (m == 0x01 || m == 0xD8 || (m >= 0xD0 && m <= 0xD7)) continue;   /* no length */
        unsigned char b[7];
        if (rd(s, off, b, 2) || be16(b) < 2) return -1;
        unsigned len = be16(b);
        if (is_sof((unsigned)m)) {
            if (len < 7 || rd(s, off + 2, b, 5) || !be16(b + 1) || !be16(b + 3)) return -1;
            int turned = orientation >= 5 && orientation <= 8;   /* a quarter turn */
            return found(out, be16(turned ? b + 1 : b + 3), be16(turned ? b + 3 : b + 1),
                         "image/jpeg");
        }
        if (m == 0xE1 && orientation == 1 && len >= 16) orientation = read_orientation(s, off + 2, len - 2);
        off += len;
    }
    return -1;
}

/* --- SVG: the root element's width, height and viewBox -------------------------------- */

#define SVG_HEAD (256 * 1024)   /* enough for any prolog, comments and DOCTYPE */

struct cur { const char *p, *e; };

static int is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
static void skip_ws(struct cur *c) { while (c->p < c->e && is_ws(*c->p)) c->p++; }

static int starts(const struct cur *c, const char *lit)
{
    size_t n = strlen(lit);
    return (size_t)(c->e - c->p) >= n && !memcmp(c->p, lit, n);
}

static int skip_past(struct cur *c, const char *lit)
{
    for (; c->p < c->e; c->p++)
        if (starts(c, lit)) { c->p += strlen(lit); return 0; }
    return -1;
}

/* <!DOCTYPE svg ... [ <!ENTITY ...> ]>: quotes and the internal subset may hold '>'. */
static int skip_decl(struct cur *c)
{
    int depth = 0;
    char q = 0;
    for (c->p += 2; c->p < c->e; c->p++) {
        char ch = *c->p;
        if (q) { if (ch == q) q = 0; }
        else if (ch == '"' || ch == '\'') q = ch;
        else if (ch == '[') depth++;
        else if (ch == ']') depth--;
        else if (ch == '>' && depth <= 0) { c->p++; return 0; }
    }
    return -1;
}

/* Moves to the '<' of the root element. */
static int skip_prolog(struct cur *c)
{
    if (starts(c, "\xEF\xBB\xBF")) c->p += 3;
    for (int i = 0; i < 10000; i++) {
        skip_ws(c);
        int r = starts(c, "<?") ? skip_past(c, "?>")
              : starts(c, "<!--") ? skip_past(c, "-->")
              : starts(c, "<!") ? skip_decl(c)
              : starts(c, "<") ? 1 : -1;
        if (r != 0) return r > 0 ? 0 : -1;
    }
    return -1;
}

/* A decimal number with optional sign, fraction and exponent (not strtod:
 * that follows LC_NUMERIC). */
static int parse_number(struct cur *c, double *out)
{
    double v = 0, scale = 1;
    int neg = 0, digits = 0;
    if (c->p < c->e && (*c->p == '-' || *c->p == '+')) neg = *c->p++ == '-';
    for (; c->p < c->e && *c->p >= '0' && *c->p <= '9'; c->p++, digits++) v = v * 10 + (*c->p - '0');
    if (c->p < c->e && *c->p == '.')
        for (c->p++; c->p < c->e && *c->p >= '0' && *c->p <= '9'; c->p++, digits++)
            v += (*c->p - '0') * (scale /= 10);
    if (!digits) return -1;
    if (c->p < c->e && (*c->p == 'e' || *c->p == 'E')) {   /* "1e3"; but "1em" is a unit */
        const char *q = c->p + 1;
        int ex = 0, exneg = 0;
        if (q < c->e && (*q == '-' || *q == '+')) exneg = *q++ == '-';
        if (q < c->e && *q >= '0' && *q <= '9')
            for (c->p = q; c->p < c->e && *c->p >= '0' && *c->p <= '9'; c->p++)
                if (ex < 1000) ex = ex * 10 + (*c->p - '0');
        while (ex-- > 0) v = exneg ? v / 10 : v * 10;
    }
    *out = neg ? -v : v;
    return 0;
}

/* A length attribute in CSS px; 0 when unknown (%, em, auto, junk); -1
 * when it is a number no image has (10,000,000 px or more). */
static double parse_length(const char *s, const char *e)
{
    static const struct { const char *unit; double px; } units[] = {
        {"", 1}, {"px", 1}, {"in", 96}, {"cm", 96 / 2.54}, {"mm", 96 / 25.4},
        {"pt", 96.0 / 72}, {"pc", 16}, {"Q", 96 / 101.6},
    };
    struct cur c = {s, e};
    double v;
    skip_ws(&c);
    if (parse_number(&c, &v) != 0 || !(v > 0)) return 0;
    const char *u = c.p;
    while (c.e > u && is_ws(c.e[-1])) c.e--;
    for (size_t i = 0; i < sizeof units / sizeof *units; i++)
        if ((size_t)(c.e - u) == strlen(units[i].unit) && !memcmp(u, units[i].unit, (size_t)(c.e - u)))
            return v * units[i].px < 1e7 ? v * units[i].px : -1;
    return 0;
}

/* viewBox="min-x min-y width height"; 0 if malformed. */
static int parse_viewbox(const char *s, const char *e, double *w, double *h)
{
    struct cur c = {s, e};
    double v[4];
    for (int i = 0; i < 4; i++) {
        while (c.p < c.e && (is_ws(*c.p) || *c.p == ',')) c.p++;
        if (parse_number(&c, &v[i]) != 0) return 0;
    }
    if (!(v[2] > 0 && v[2] < 1e7 && v[3] > 0 && v[3] < 1e7)) return 0;
    *w = v[2];
    *h = v[3];
    return 1;
}

struct svg_size { double w, h, vw, vh; };

static void svg_attr(struct svg_size *z, const char *name, size_t nl, const char *v, const char *ve)
{
    if (nl == 5 && !memcmp(name, "width", 5)) z->w = parse_length(v, ve);
    else if (nl == 6 && !memcmp(name, "height", 6)) z->h = parse_length(v, ve);
    else if (nl == 7 && !memcmp(name, "viewBox", 7) && !parse_viewbox(v, ve, &z->vw, &z->vh))
        z->vw = z->vh = 0;
}

/* Reads the attributes of the root element; c is just past its name. */
static int svg_attrs(struct cur *c, struct svg_size *z)
{
    for (;;) {
        skip_ws(c);
        if (c->p >= c->e) return -1;
        if (*c->p == '>' || *c->p == '/') return 0;
        const char *name = c->p;
        while (c->p < c->e && !is_ws(*c->p) && *c->p != '=' && *c->p != '>' && *c->p != '/') c->p++;
        size_t nl = (size_t)(c->p - name);
        skip_ws(c);
        if (c->p >= c->e || *c->p++ != '=') return -1;
        skip_ws(c);
        if (c->p >= c->e || (*c->p != '"' && *c->p != '\'')) return -1;
        char q = *c->p++;
        const char *v = c->p;
        while (c->p < c->e && *c->p != q) c->p++;
        if (c->p >= c->e) return -1;
        svg_attr(z, name, nl, v, c->p++);
    }
}

/* Whole pixels; 0 (unknown) for sizes no image has, which a viewBox with
 * an extreme aspect ratio can produce. */
static unsigned px(double v)
{
    if (!(v > 0 && v < 1e7)) return 0;
    return v < 1 ? 1 : (unsigned)(v + 0.5);
}

/* Missing sides come from the viewBox, keeping its aspect ratio. */
static int svg_result(const struct svg_size *z, struct image_info *out)
{
    if (z->w < 0 || z->h < 0)
        return fail(out, "is an SVG whose %s is 10,000,000 px or more; give it a real size "
                    "(or only a viewBox)", z->w < 0 ? "width" : "height");
    double w = z->w, h = z->h;
    if (z->vw > 0) {
        if (w > 0 && !(h > 0)) h = w * z->vh / z->vw;
        else if (h > 0 && !(w > 0)) w = h * z->vw / z->vh;
        else if (!(w > 0) && !(h > 0)) { w = z->vw; h = z->vh; }
    }
    return found(out, px(w), px(h), "image/svg+xml");
}

static int parse_svg(const char *text, size_t n, struct image_info *out)
{
    struct cur c = {text, text + n};
    if (skip_prolog(&c) != 0) return -1;
    const char *name = ++c.p;
    while (c.p < c.e && !is_ws(*c.p) && *c.p != '>' && *c.p != '/') c.p++;
    const char *local = name;
    for (const char *q = name; q < c.p; q++) if (*q == ':') local = q + 1;   /* svg:svg */
    if (c.p - local != 3 || memcmp(local, "svg", 3)) return -1;
    struct svg_size z = {0, 0, 0, 0};
    if (svg_attrs(&c, &z) != 0) return -1;
    return svg_result(&z, out);
}

static int probe_svg(struct src *s, struct image_info *out)
{
    if (s->fd < 0) return parse_svg((const char *)s->mem, s->len, out);
    /* Most roots are in the first few KB; a long prolog gets a second, big read. */
    for (size_t cap = 8192;; cap = SVG_HEAD) {
        char *text = malloc(cap);
        if (!text) die_oom();
        size_t n = rd_some(s, 0, text, cap);
        int r = parse_svg(text, n, out);
        free(text);
        if (r == 0 || n < cap || cap == SVG_HEAD) return r;
    }
}

/* --- entry points ------------------------------------------------------------------------ */

static int probe(struct src *s, struct image_info *out)
{
    unsigned char h[32];
    size_t n = rd_some(s, 0, h, sizeof h);
    if (n >= 8 && !memcmp(h, "\x89PNG\r\n\x1a\n", 8)) return probe_png(s, h, n, out);
    if (n >= 6 && (!memcmp(h, "GIF87a", 6) || !memcmp(h, "GIF89a", 6))) return probe_gif(h, n, out);
    if (n >= 12 && !memcmp(h, "RIFF", 4) && !memcmp(h + 8, "WEBP", 4)) return probe_webp(h, n, out);
    if (n >= 3 && h[0] == 0xFF && h[1] == 0xD8 && h[2] == 0xFF) return probe_jpeg(s, out);
    if (n > 0 && memchr("<\xEF \t\r\n", h[0], 6)) return probe_svg(s, out);
    return -1;
}

static int run(struct src *s, struct image_info *out)
{
    memset(out, 0, sizeof *out);
    int r = probe(s, out);
    if (s->io_error) { errno = s->io_error; r = -2; }
    if (r == -1 && !out->problem[0])
        snprintf(out->problem, sizeof out->problem, "is not a PNG, JPEG, WebP, GIF or SVG file "
                 "(or is corrupt); export it again in one of these formats");
    if (r != 0) out->width = out->height = 0, out->media_type = NULL;
    if (r != -1) out->problem[0] = '\0';
    return r;
}

int image_probe_mem(const void *data, size_t len, struct image_info *out)
{
    struct src s = {-1, data, len, 0};
    return run(&s, out);
}

int image_probe(const char *path, struct image_info *out)
{
    memset(out, 0, sizeof *out);
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);   /* a FIFO must not hang us */
    if (fd < 0) return -2;
    struct stat st;
    int e = fstat(fd, &st) != 0 ? errno : S_ISREG(st.st_mode) ? 0 : EISDIR;
    if (e) {
        close(fd);
        errno = e;
        return -2;
    }
    struct src s = {fd, NULL, (uint64_t)st.st_size, 0};
    int r = run(&s, out);
    e = errno;
    close(fd);
    errno = e;
    return r;
}
