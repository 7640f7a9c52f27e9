#define _GNU_SOURCE
#include "photo.h"
#include "../util/buf.h"
#include "../util/diag.h"
#include "../util/fs.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <dlfcn.h>
#include <vips/vips.h>

/* libvips is opened when the first photo is published, not linked: it
 * brings some hundred libraries, whose loading cost every run of loa
 * (build, serve, new, help) about 17 ms before main.  The functions loa
 * calls, with their own types, through one table. */
#define LOA_VIPS_FNS(X) X(vips_init) X(vips_concurrency_set) X(vips_cache_set_max) \
    X(vips_image_get_fields) X(vips_image_remove) X(vips_autorot) X(vips_image_get_typeof) \
    X(vips_icc_transform) X(vips_heifsave_buffer) X(vips_webpsave_buffer) \
    X(vips_pngsave_buffer) X(vips_jpegsave_buffer) X(vips_resize) X(vips_image_copy_memory) \
    X(vips_image_new_from_buffer) X(vips_error_buffer) X(vips_error_clear)
#define VIPS_FIELD(f) __typeof__(f) *f;
static struct { LOA_VIPS_FNS(VIPS_FIELD) } vips_api;
#define VIPS_NAME(f) #f,
static const char *const vips_names[] = {LOA_VIPS_FNS(VIPS_NAME)};
_Static_assert(sizeof vips_api == sizeof vips_names / sizeof *vips_names * sizeof(void *),
               "one pointer per name, no padding");
#define VIPS_USE(f) vips_api.f
#define vips_init VIPS_USE(vips_init)
#define vips_concurrency_set VIPS_USE(vips_concurrency_set)
#define vips_cache_set_max VIPS_USE(vips_cache_set_max)
#define vips_image_get_fields VIPS_USE(vips_image_get_fields)
#define vips_image_remove VIPS_USE(vips_image_remove)
#define vips_autorot VIPS_USE(vips_autorot)
#define vips_image_get_typeof VIPS_USE(vips_image_get_typeof)
#define vips_icc_transform VIPS_USE(vips_icc_transform)
#define vips_heifsave_buffer VIPS_USE(vips_heifsave_buffer)
#define vips_webpsave_buffer VIPS_USE(vips_webpsave_buffer)
#define vips_pngsave_buffer VIPS_USE(vips_pngsave_buffer)
#define vips_jpegsave_buffer VIPS_USE(vips_jpegsave_buffer)
#define vips_resize VIPS_USE(vips_resize)
#define vips_image_copy_memory VIPS_USE(vips_image_copy_memory)
#define vips_image_new_from_buffer VIPS_USE(vips_image_new_from_buffer)
#define vips_error_buffer VIPS_USE(vips_error_buffer)
#define vips_error_clear VIPS_USE(vips_error_clear)

#ifndef LOA_VIPS_SONAME
#define LOA_VIPS_SONAME "libvips.so.42"
#endif

static pthread_once_t vips_once = PTHREAD_ONCE_INIT;
static int vips_ok;
static char vips_why[256];   /* why libvips could not start */

/* The table filled from the library; 0, or -1 with vips_why set. */
static int open_vips(void)
{
    const char *lib = getenv("LOA_VIPS_LIBRARY");   /* another libvips, by name or path */
    if (!lib || !*lib) lib = LOA_VIPS_SONAME;
    void *h = dlopen(lib, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        snprintf(vips_why, sizeof vips_why, "libvips is not installed (%s; on Debian: "
                 "apt install libvips42)", dlerror());
        return -1;
    }
    unsigned char *table = (unsigned char *)&vips_api;
    for (size_t i = 0; i < sizeof vips_names / sizeof *vips_names; i++) {
        void *sym = dlsym(h, vips_names[i]);
        /* POSIX: a function's address fits a void *; copied as bytes, not
         * stored through a pointer of another type */
        memcpy(table + i * sizeof sym, &sym, sizeof sym);
        if (sym) continue;
        snprintf(vips_why, sizeof vips_why, "%s has no %s: install the libvips loa was built "
                 "with (" LOA_VIPS_SONAME ")", lib, vips_names[i]);
        return -1;
    }
    return 0;
}

static void quiet(const gchar *domain, GLogLevelFlags level, const gchar *msg, gpointer ud)
{
    (void)domain;
    (void)level;
    (void)msg;
    (void)ud;
}

static void start_vips(void)
{
    if (open_vips() != 0) return;
    /* VIPS_INIT's check of the library's version is the dlsym of each
     * function above: a library without one of them is refused */
    vips_ok = vips_init("loa") == 0;
    if (!vips_ok) snprintf(vips_why, sizeof vips_why, "libvips could not start");
    /* libvips warns on stderr about what loa reports itself, with the
     * file and the page ("IHDR: CRC error") */
    g_log_set_handler("VIPS", G_LOG_LEVEL_WARNING, quiet, NULL);
    /* loa runs its own worker threads: one vips thread each keeps the
     * machine's cores busy without oversubscribing them */
    vips_concurrency_set(1);
    vips_cache_set_max(0);
}

static int fail(char *err, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, n, fmt, ap);
    va_end(ap);
    return -1;
}

enum kind { K_JPEG, K_PNG, K_WEBP };

static int sniff(const unsigned char *d, size_t n, enum kind *k)
{
    if (n >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF) *k = K_JPEG;
    else if (n >= 8 && !memcmp(d, "\x89PNG\r\n\x1a\n", 8)) *k = K_PNG;
    else if (n >= 12 && !memcmp(d, "RIFF", 4) && !memcmp(d + 8, "WEBP", 4)) *k = K_WEBP;
    else return -1;
    return 0;
}

/* ---- the cache ------------------------------------------------------------ */

static void set_hash(struct photo_set *ps, const buf *src, const struct photo_opts *o)
{
    GChecksum *c = g_checksum_new(G_CHECKSUM_SHA256);
    g_checksum_update(c, (const guchar *)src->data, src->len);
    char opts[256];
    int n = snprintf(opts, sizeof opts, "loa-photo-3 q%d w%d a%d m%d l%d", o->quality, o->webp, o->avif,
                     o->keep_metadata, o->largest_only);
    for (size_t i = 0; i < o->n_widths && n < 200; i++)
        n += snprintf(opts + n, sizeof opts - (size_t)n, " %u", o->widths[i]);
    g_checksum_update(c, (const guchar *)opts, (gssize)strlen(opts));
    snprintf(ps->hash, sizeof ps->hash, "%.32s", g_checksum_get_string(c));
    g_checksum_free(c);
}

/* Writes data to path through a temporary file in the same folder. */
static int write_atomic(const char *path, const void *data, size_t len)
{
    char tmp[4096];
    static unsigned long counter;
    unsigned long k = __atomic_add_fetch(&counter, 1, __ATOMIC_RELAXED);
    snprintf(tmp, sizeof tmp, "%s.tmp-%ld-%lu", path, (long)getpid(), k);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0) return -1;
    const char *p = data;
    size_t left = len;
    while (left > 0) {
        ssize_t w = write(fd, p, left);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) {
            close(fd);
            unlink(tmp);
            return -1;
        }
        p += w;
        left -= (size_t)w;
    }
    if (close(fd) != 0 || rename(tmp, path) != 0) {
        unlink(tmp);
        return -1;
    }
    return 0;
}

static const char *ext_of(enum kind k)
{
    return k == K_WEBP ? "webp" : k == K_PNG ? "png" : "jpg";
}

static const char *media_of(const char *ext)
{
    if (!strcmp(ext, "webp")) return "image/webp";
    if (!strcmp(ext, "avif")) return "image/avif";
    return !strcmp(ext, "png") ? "image/png" : "image/jpeg";
}

static void add_file(struct photo_set *ps, const char *dir, unsigned w, unsigned h, const char *ext)
{
    struct photo_file *f = realloc(ps->files, (ps->n + 1) * sizeof *f);
    if (!f) die_oom();
    ps->files = f;
    f = &ps->files[ps->n++];
    f->width = w;
    f->height = h;
    f->ext = !strcmp(ext, "webp") ? "webp" : !strcmp(ext, "avif") ? "avif"
           : !strcmp(ext, "png") ? "png" : "jpg";
    f->media_type = media_of(ext);
    buf p = BUF_INIT;
    buf_printf(&p, "%s/%u.%s", dir, w, f->ext);
    f->path = buf_detach(&p);
}

/* The manifest: "W H\n" for the original, then "W H EXT\n" per file. */
static int read_manifest(struct photo_set *ps, const char *dir)
{
    char *m = fs_join(dir, "manifest");
    buf b = BUF_INIT;
    int r = fs_read_file(m, &b);
    free(m);
    if (r != 0) {
        buf_release(&b);
        return -1;
    }
    const char *p = b.data;
    int used = 0;
    if (sscanf(p, "%u %u\n%n", &ps->width, &ps->height, &used) != 2) r = -1;
    for (p += used; r == 0 && *p; p += used) {
        unsigned w, h;
        char ext[8];
        if (sscanf(p, "%u %u %7s\n%n", &w, &h, ext, &used) != 3) r = -1;
        else add_file(ps, dir, w, h, ext);
    }
    buf_release(&b);
    return r;
}

/* ---- making the variants ------------------------------------------------ */

/* Every metadata field goes, not only the EXIF, XMP and IPTC blocks:
 * libvips keeps parsed EXIF fields beside the blocks (exif-ifd3-GPS...)
 * and its WebP writer rebuilds an EXIF block from them, even with strip
 * (seen with Debian's libvips 8.14). */
static void strip_fields(VipsImage *im)
{
    char **names = vips_image_get_fields(im);
    for (size_t i = 0; names && names[i]; i++) vips_image_remove(im, names[i]);
    g_strfreev(names);
}

static VipsImage *upright_srgb(VipsImage *in, int keep)
{
    VipsImage *rot = NULL, *icc = NULL;
    if (vips_autorot(in, &rot, NULL) != 0) return NULL;
    if (vips_image_get_typeof(rot, VIPS_META_ICC_NAME)) {
        int r = vips_icc_transform(rot, &icc, "srgb", "embedded", TRUE, "intent",
                                   VIPS_INTENT_PERCEPTUAL, NULL);
        g_object_unref(rot);
        if (r != 0) return NULL;
        rot = icc;
    }
    if (!keep) strip_fields(rot);
    return rot;
}

static unsigned le32(const unsigned char *p)
{
    return p[0] | (unsigned)p[1] << 8 | (unsigned)p[2] << 16 | (unsigned)p[3] << 24;
}

static void put_le32(unsigned char *p, unsigned v)
{
    for (int i = 0; i < 4; i++) p[i] = (unsigned char)(v >> (8 * i));
}

/* Drops the EXIF and XMP chunks of a WebP file in place and clears their
 * flags in VP8X: Debian's libvips 8.14 writes an EXIF chunk even with
 * strip set.  Returns the new length. */
static size_t webp_strip(unsigned char *d, size_t len)
{
    if (len < 12 || memcmp(d, "RIFF", 4) || memcmp(d + 8, "WEBP", 4)) return len;
    size_t in = 12, out = 12;
    while (in + 8 <= len) {
        size_t n = le32(d + in + 4), whole = 8 + n + (n & 1);
        if (whole > len - in) break;
        int drop = !memcmp(d + in, "EXIF", 4) || !memcmp(d + in, "XMP ", 4);
        if (!memcmp(d + in, "VP8X", 4) && n >= 1) d[in + 8] &= (unsigned char)~0x0C;
        if (!drop) memmove(d + out, d + in, whole);
        out += drop ? 0 : whole;
        in += whole;
    }
    put_le32(d + 4, (unsigned)(out - 8));
    return out;
}

static int save(VipsImage *im, const char *ext, const struct photo_opts *o, void **data,
                size_t *len)
{
    int strip = !o->keep_metadata;
    if (!strcmp(ext, "avif"))   /* libheif's AV1 encoder; no metadata is written with strip */
        return vips_heifsave_buffer(im, data, len, "compression", VIPS_FOREIGN_HEIF_COMPRESSION_AV1,
                                    "Q", o->quality > 30 ? o->quality - 25 : o->quality, "strip",
                                    strip, NULL);
    if (!strcmp(ext, "webp")) {
        int r = vips_webpsave_buffer(im, data, len, "Q", o->quality, "strip", strip,
                                     "effort", 4, NULL);
        if (r == 0 && strip) *len = webp_strip(*data, *len);
        return r;
    }
    if (!strcmp(ext, "png"))
        return vips_pngsave_buffer(im, data, len, "compression", 6, "strip", strip, NULL);
    return vips_jpegsave_buffer(im, data, len, "Q", o->quality, "strip", strip,
                                "optimize_coding", TRUE, "interlace", TRUE, NULL);
}

int photo_webp_at(const struct photo_opts *o, unsigned w, unsigned orig)
{
    return w < orig || !o->n_widths || orig <= o->widths[o->n_widths - 1];
}

/* One width, resized from src (the next wider copy, or the original);
 * *made is the copy, for the next narrower width.  WebP too, except at
 * the original size of a photo wider than every configured width (the
 * original stays at its URL for links; pages never ask for it). */
static int make_width(VipsImage *src, unsigned w, unsigned orig, enum kind k,
                      const struct photo_opts *o, struct photo_set *ps, const char *dir,
                      VipsImage **made)
{
    VipsImage *im = NULL;
    if (w == (unsigned)src->Xsize) {
        im = src;
        g_object_ref(im);
    } else if (vips_resize(src, &im, (double)w / (double)src->Xsize, "kernel",
                           VIPS_KERNEL_LANCZOS3, NULL) != 0) {
        return -1;
    }
    /* the copy is read again for the next width: compute it once */
    VipsImage *mem = vips_image_copy_memory(im);
    g_object_unref(im);
    if (!mem) return -1;
    im = mem;
    const char *exts[3] = {"avif", "webp", ext_of(k == K_WEBP ? K_JPEG : k)};
    int modern = photo_webp_at(o, w, orig);
    int r = 0;
    for (int i = 0; r == 0 && i < 3; i++) {
        if (i == 0 && !(modern && o->avif)) continue;
        if (i == 1 && !(modern && o->webp)) continue;
        void *data = NULL;
        size_t len = 0;
        r = save(im, exts[i], o, &data, &len);
        if (r == 0) {
            add_file(ps, dir, (unsigned)im->Xsize, (unsigned)im->Ysize, exts[i]);
            r = write_atomic(ps->files[ps->n - 1].path, data, len);
        }
        g_free(data);
    }
    *made = im;
    return r;
}

/* By width, WebP before the fallback: the order the manifest keeps. */
static int cmp_file(const void *x, const void *y)
{
    const struct photo_file *a = x, *b = y;
    if (a->width != b->width) return a->width < b->width ? -1 : 1;
    int wa = !strcmp(a->ext, "avif") * 2 + !strcmp(a->ext, "webp");
    int wb = !strcmp(b->ext, "avif") * 2 + !strcmp(b->ext, "webp");
    return wb - wa;
}

size_t photo_plan(const struct photo_opts *o, unsigned orig, unsigned *out)
{
    size_t n = 0;
    if (o->largest_only && o->n_widths) {
        unsigned top = o->widths[o->n_widths - 1];
        out[0] = top < orig ? top : orig;
        return 1;
    }
    for (size_t i = 0; i < o->n_widths && i < 32; i++)
        if (o->widths[i] < orig) out[n++] = o->widths[i];
    out[n++] = orig;
    return n;
}

static int make_all(const buf *src, enum kind k, const struct photo_opts *o,
                    struct photo_set *ps, const char *dir, char *err, size_t errlen)
{
    VipsImage *in = vips_image_new_from_buffer(src->data, src->len, "", "fail", TRUE, NULL);
    if (!in) return fail(err, errlen, "the image is damaged or truncated (%s); export it again",
                         vips_error_buffer());
    unsigned long long px = (unsigned long long)in->Xsize * (unsigned long long)in->Ysize;
    if (px > o->max_pixels) {
        g_object_unref(in);
        return fail(err, errlen, "the image is %llu megapixels, more than the limit of %llu; "
                    "scale it down first", px / 1000000, o->max_pixels / 1000000);
    }
    VipsImage *up = upright_srgb(in, o->keep_metadata);
    g_object_unref(in);
    if (!up) return fail(err, errlen, "the image cannot be decoded (%s)", vips_error_buffer());
    ps->width = (unsigned)up->Xsize;
    ps->height = (unsigned)up->Ysize;
    unsigned widths[64];
    size_t n = photo_plan(o, ps->width, widths);
    int r = 0;
    /* widest first, each copy made from the one before: a 12 MP photo is
     * resized once, not once per width */
    VipsImage *from = up;
    for (size_t i = n; r == 0 && i-- > 0;) {
        VipsImage *made = NULL;
        r = make_width(from, widths[i], ps->width, k, o, ps, dir, &made);
        g_object_unref(from);
        from = made;
    }
    if (from) g_object_unref(from);
    qsort(ps->files, ps->n, sizeof *ps->files, cmp_file);
    buf manifest = BUF_INIT;
    buf_printf(&manifest, "%u %u\n", ps->width, ps->height);
    for (size_t i = 0; i < ps->n; i++)
        buf_printf(&manifest, "%u %u %s\n", ps->files[i].width, ps->files[i].height,
                   ps->files[i].ext);
    char *m = fs_join(dir, "manifest");
    if (r == 0) r = write_atomic(m, manifest.data, manifest.len);
    free(m);
    buf_release(&manifest);
    if (r != 0) fail(err, errlen, "cannot make the web versions in %s (%s)", dir,
                     *vips_error_buffer() ? vips_error_buffer() : strerror(errno));
    vips_error_clear();
    return r;
}

static struct photo_opts defaults(const struct photo_opts *o)
{
    struct photo_opts d = *o;
    if (d.quality <= 0 || d.quality > 100) d.quality = 80;
    if (!d.max_pixels) d.max_pixels = PHOTO_MAX_PIXELS;
    if (!d.max_bytes) d.max_bytes = PHOTO_MAX_BYTES;
    if (d.n_widths > 32) d.n_widths = 32;
    return d;
}

static int read_source(const char *src, const struct photo_opts *o, buf *b, enum kind *k,
                       char *err, size_t errlen)
{
    struct stat st;
    if (stat(src, &st) != 0) return fail(err, errlen, "cannot read the image: %s", strerror(errno));
    if ((unsigned long long)st.st_size > o->max_bytes)
        return fail(err, errlen, "the image is %.1f MB, more than the limit of %llu MB; "
                    "export it smaller first", st.st_size / 1048576.0, o->max_bytes >> 20);
    if (fs_read_file(src, b) != 0)
        return fail(err, errlen, "cannot read the image: %s", strerror(errno));
    if (sniff((const unsigned char *)b->data, b->len, k) != 0)
        return fail(err, errlen, "not a JPEG, PNG or WebP file (whatever its name says); "
                    "export it as JPEG or PNG");
    return 0;
}

int photo_publish(const char *src, const struct photo_opts *opts, const char *cache_dir,
                  struct photo_set *ps, char *err, size_t errlen)
{
    memset(ps, 0, sizeof *ps);
    pthread_once(&vips_once, start_vips);
    if (!vips_ok) return fail(err, errlen, "%s", vips_why);
    struct photo_opts o = defaults(opts);
    buf b = BUF_INIT;
    enum kind k = K_JPEG;
    int r = read_source(src, &o, &b, &k, err, errlen);
    char *dir = NULL;
    if (r == 0) {
        set_hash(ps, &b, &o);
        buf d = BUF_INIT;
        buf_printf(&d, "%s/photos/%s", cache_dir, ps->hash);
        dir = buf_detach(&d);
        if (fs_mkdir_p(dir) != 0) r = fail(err, errlen, "cannot create %s: %s", dir, strerror(errno));
    }
    if (r == 0 && read_manifest(ps, dir) == 0) ps->from_cache = 1;
    else if (r == 0) {
        photo_set_release(ps);   /* a manifest cut short by a killed build */
        r = make_all(&b, k, &o, ps, dir, err, errlen);
    }
    free(dir);
    buf_release(&b);
    if (r != 0) photo_set_release(ps);
    return r;
}

void photo_set_release(struct photo_set *ps)
{
    for (size_t i = 0; i < ps->n; i++) free(ps->files[i].path);
    free(ps->files);
    ps->files = NULL;
    ps->n = 0;
}
