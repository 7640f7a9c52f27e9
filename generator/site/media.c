#include "media.h"
#include "../data/value.h"
#include "../photos/photo.h"
#include "../util/buf.h"
#include "../util/diag.h"
#include "../util/fs.h"
#include "../util/hmap.h"
#include "../util/image.h"
#include "../util/pool.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The format an image file is in, by its bytes, as a file extension. */
static const char *own_ext(const char *media_type)
{
    if (!media_type) return NULL;
    if (!strcmp(media_type, "image/jpeg")) return "jpg";
    if (!strcmp(media_type, "image/png")) return "png";
    if (!strcmp(media_type, "image/webp")) return "webp";
    return NULL;
}

static const char *ext_by_name(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (!dot || strchr(dot, '/')) return NULL;
    if (!strcasecmp(dot, ".jpg") || !strcasecmp(dot, ".jpeg")) return "jpg";
    if (!strcasecmp(dot, ".png")) return "png";
    if (!strcasecmp(dot, ".webp")) return "webp";
    return NULL;
}

int media_handles(const struct site *s, const char *path)
{
    return s->cfg.images.process && ext_by_name(path) != NULL;
}

static struct photo_opts web_opts(const struct site *s)
{
    const struct image_settings *im = &s->cfg.images;
    return (struct photo_opts){.widths = im->widths, .n_widths = im->n_widths,
                               .quality = im->quality, .webp = im->webp, .avif = im->avif,
                               .keep_metadata = im->keep_metadata,
                               .max_pixels = im->max_pixels, .max_bytes = im->max_bytes};
}

/* The output name of one variant: the original's own name for the
 * original size in its own format, else NAME-Ww.EXT beside it. */
static void variant_rel(const char *rel, unsigned w, const char *ext, int own, buf *out)
{
    buf_clear(out);
    if (own) {
        buf_puts(out, rel);
        return;
    }
    const char *slash = strrchr(rel, '/');
    const char *dot = strrchr(rel, '.');
    size_t stem = dot && (!slash || dot > slash) ? (size_t)(dot - rel) : strlen(rel);
    buf_printf(out, "%.*s-%uw.%s", (int)stem, rel, w, ext);
}

static int keeps_metadata(const struct site *s, const char *rel)
{
    const value *l = s->cfg.images.keep_for;
    for (size_t i = 0; l && i < l->u.list.n; i++)
        if (val_cstr(l->u.list.items[i]) && !strcmp(val_cstr(l->u.list.items[i]), rel)) return 1;
    return s->cfg.images.keep_metadata;
}

struct pub_ctx {
    struct site *s;
    struct static_file **files;
    const char *cache;
    int failed;
    pthread_mutex_t lock;
};

static int write_variants(struct site *s, const struct static_file *f, const struct photo_set *ps)
{
    buf rel = BUF_INIT, data = BUF_INIT;
    struct image_info info;
    int r = image_probe(f->path, &info) == 0 ? 0 : -1;
    const char *own = r == 0 ? own_ext(info.media_type) : NULL;
    for (size_t i = 0; r == 0 && i < ps->n; i++) {
        const struct photo_file *pf = &ps->files[i];
        variant_rel(f->out_rel, pf->width, pf->ext, pf->width == ps->width && own &&
                    !strcmp(pf->ext, own), &rel);
        buf_clear(&data);
        if (fs_read_file(pf->path, &data) != 0) {
            diag_error(DIAG_MEDIA_CACHE_READ,
                       pf->path, 0, 0, "cannot read the cached image; delete .loa-cache/ and build "
                       "again");
            r = -1;
        } else {
            r = site_write(s, rel.data, data.data, data.len);
        }
    }
    buf_release(&rel);
    buf_release(&data);
    return r;
}

static void probe_only(struct pub_ctx *x, const char *path)
{
    struct image_info info;
    if (image_probe(path, &info) == 0) return;
    diag_error(DIAG_MEDIA_NOT_IMAGE,
               path, 0, 0, "not an image loa can read (PNG, JPEG, GIF, WebP); re-save it in one "
               "of these formats");
    pthread_mutex_lock(&x->lock);
    x->failed = 1;
    pthread_mutex_unlock(&x->lock);
}

static void publish_one(void *vx, size_t i, unsigned w)
{
    (void)w;
    struct pub_ctx *x = vx;
    const struct static_file *f = x->files[i];
    struct photo_opts o = web_opts(x->s);
    o.keep_metadata = keeps_metadata(x->s, f->out_rel);
    struct photo_set ps;
    char err[512];
    if (x->s->o.dry) {   /* loa check: the photo is read, not resized nor cached */
        probe_only(x, f->path);
        return;
    }
    int r = photo_publish(f->path, &o, x->cache, &ps, err, sizeof err);
    if (r != 0) diag_error(DIAG_MEDIA_PROCESS, f->path, 0, 0, "%s", err);
    else r = write_variants(x->s, f, &ps);
    if (r == 0 && o.keep_metadata)
        diag_note(DIAG_MEDIA_KEPT_METADATA,
                  f->path, 0, 0, "published with its metadata (EXIF, GPS) kept, as "
             "images.keep_metadata asks");
    photo_set_release(&ps);
    if (r != 0) {
        pthread_mutex_lock(&x->lock);
        x->failed = 1;
        pthread_mutex_unlock(&x->lock);
    }
}

/* anh.jpg and anh.png in one folder would make the same anh-480w.webp */
static int check_clashes(struct site *s, struct static_file **files, size_t n)
{
    hmap seen;
    hmap_init(&seen);
    int bad = 0;
    for (size_t i = 0; i < n; i++) {
        const char *rel = files[i]->out_rel, *dot = strrchr(rel, '.');
        char *stem = arena_strndup(&s->a, rel, (size_t)(dot - rel));
        const struct static_file *other = hmap_put(&seen, stem, files[i]);
        if (!other) continue;
        diag_error(DIAG_MEDIA_SAME_NAMES,
                   files[i]->path, 0, 0, "'%s' and '%s' would publish their smaller copies under "
                   "the same names; rename one", files[i]->path, other->path);
        bad = 1;
    }
    hmap_release(&seen);
    return bad ? -1 : 0;
}

int media_publish_all(struct site *s)
{
    if (!s->cfg.images.process) return 0;
    struct pub_ctx x = {.s = s, .cache = s->cache_dir};
    size_t n = 0;
    x.files = malloc((s->cl.n_files + 1) * sizeof *x.files);
    if (!x.files) die_oom();
    for (size_t i = 0; i < s->cl.n_files; i++)
        if (media_handles(s, s->cl.files[i].path)) x.files[n++] = &s->cl.files[i];
    pthread_mutex_init(&x.lock, NULL);
    if (check_clashes(s, x.files, n) != 0) x.failed = 1;
    else pool_run(n, s->o.jobs, publish_one, &x);
    pthread_mutex_destroy(&x.lock);
    free(x.files);
    return x.failed ? -1 : 0;
}

static int local_raster(const struct site *s, const struct page_image *im)
{
    if (!s->cfg.images.process || !im->src_path || !im->url || !im->width) return 0;
    if (!own_ext(im->media_type) || !ext_by_name(im->src_path)) return 0;
    const char *cd = s->o.content_dir;
    size_t n = strlen(cd);
    return !strncmp(im->src_path, cd, n) && im->src_path[n] == '/';
}

/* "u-480w.webp 480w, ..." for one modern format, or NULL when it is off */
static const char *modern_set(const struct photo_opts *o, const struct page_image *im,
                              const unsigned *widths, size_t n, const char *ext, arena *a)
{
    const char *own = own_ext(im->media_type);
    buf b = BUF_INIT, rel = BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        if (!photo_webp_at(o, widths[i], (unsigned)im->width)) continue;
        variant_rel(im->url, widths[i], ext, i + 1 == n && !strcmp(own, ext), &rel);
        buf_printf(&b, "%s%s %uw", b.len ? ", " : "", rel.data, widths[i]);
    }
    const char *r = b.len ? arena_strndup(a, b.data, b.len) : NULL;
    buf_release(&b);
    buf_release(&rel);
    return r;
}

int media_srcset(const struct site *s, const struct page_image *im, arena *a,
                 struct media_srcsets *out)
{
    memset(out, 0, sizeof *out);
    if (!local_raster(s, im)) return -1;
    struct photo_opts o = web_opts(s);
    unsigned widths[40];
    size_t n = photo_plan(&o, (unsigned)im->width, widths);
    const char *own = own_ext(im->media_type);
    const char *fallback = !strcmp(own, "webp") ? "jpg" : own;
    buf fb = BUF_INIT, rel = BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        variant_rel(im->url, widths[i], fallback, i + 1 == n && !strcmp(fallback, own), &rel);
        buf_printf(&fb, "%s%s %uw", i ? ", " : "", rel.data, widths[i]);
    }
    out->fallback = arena_strndup(a, fb.data, fb.len);
    out->webp = o.webp ? modern_set(&o, im, widths, n, "webp", a) : NULL;
    out->avif = o.avif ? modern_set(&o, im, widths, n, "avif", a) : NULL;
    buf_release(&fb);
    buf_release(&rel);
    return 0;
}

const char *media_book_file(struct site *s, const char *src_path, arena *a)
{
    if (!media_handles(s, src_path) || s->o.dry) return src_path;   /* loa check: no cache */
    const char *cd = s->o.content_dir;
    if (strncmp(src_path, cd, strlen(cd))) return src_path;   /* a theme file */
    unsigned widths[1] = {s->cfg.images.book_width};
    struct photo_opts o = web_opts(s);
    o.widths = widths;
    o.n_widths = 1;
    o.webp = 0;
    o.avif = 0;   /* books take JPEG and PNG only (EPUB core media types) */
    o.largest_only = 1;
    struct photo_set ps;
    char err[512];
    const char *r = NULL;
    if (photo_publish(src_path, &o, s->cache_dir, &ps, err, sizeof err) != 0)
        diag_error(DIAG_MEDIA_PROCESS, src_path, 0, 0, "%s", err);
    else if (ps.n)
        r = arena_strdup(a, ps.files[0].path);
    photo_set_release(&ps);
    return r;
}
