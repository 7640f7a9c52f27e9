/* epub_res: the book's binary files.  Images are probed (media type,
 * size); fonts are recognised by their first bytes, never by extension,
 * because a mislabelled font is an epubcheck error and a blank page on
 * some readers. */
#include "epub_impl.h"
#include "../util/diag.h"
#include "../util/fs.h"
#include "../util/image.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>

int epub_compressible(const char *media_type)
{
    /* PNG, JPEG, GIF, WOFF and WOFF2 are compressed already: deflating
     * them again costs time and saves nothing. */
    return !strncmp(media_type, "application/", 12) || !strncmp(media_type, "text/", 5) ||
           !strcmp(media_type, "image/svg+xml") || !strcmp(media_type, "font/ttf") ||
           !strcmp(media_type, "font/otf");
}

static int read_res(struct epub_res *r, const char *what)
{
    buf_init(&r->data);
    if (fs_read_file(r->src_path, &r->data) == 0) return 0;
    diag_error(DIAG_EPUB_RESOURCE,
               r->src_path, 0, 0, "cannot read book %s: %s", what, fs_read_error(errno));
    buf_release(&r->data);
    return -1;
}

/* --- images ------------------------------------------------------------------ */

static const char *image_ext(const char *media_type)
{
    if (!strcmp(media_type, "image/jpeg")) return "jpg";
    if (!strcmp(media_type, "image/png")) return "png";
    if (!strcmp(media_type, "image/gif")) return "gif";
    if (!strcmp(media_type, "image/svg+xml")) return "svg";
    return NULL;
}

/* Reads and probes an image.  EPUB core image types only: WebP became
 * one in EPUB 3.3, but epubcheck 4 and many readers in use reject it. */
static int load_image(struct epub_res *r, const char *what)
{
    if (read_res(r, what) < 0) return -1;
    struct image_info info;
    const char *err = NULL;
    if (image_probe_mem(r->data.data, r->data.len, &info) != 0)
        err = info.problem;   /* not an image, corrupt, or over LIMIT_IMAGE_PIXELS */
    else if (!image_ext(info.media_type))
        err = "is WebP, which EPUB readers do not all support (use PNG or JPEG)";
    if (err) {
        diag_error(DIAG_EPUB_RESOURCE, r->src_path, 0, 0, "book %s %s", what, err);
        buf_release(&r->data);
        return -1;
    }
    r->media_type = info.media_type;
    r->width = (int)info.width;
    r->height = (int)info.height;
    return 0;
}

static int href_taken(const struct epub_writer *w, const char *href)
{
    for (size_t i = 0; i < w->n_images; i++)
        if (!strcmp(w->images[i].href, href)) return 1;
    return 0;
}

/* The cover is one of the chapter images when the caller lists it, else a
 * file of its own. */
static int add_cover(struct epub_writer *w)
{
    const char *path = w->b->cover_path;
    for (size_t i = 0; i < w->n_images; i++) {
        if (!strcmp(w->images[i].src_path, path)) {
            w->cover = &w->images[i];
            w->cover->id = "cover-image";
            return 0;
        }
    }
    struct epub_res *r = &w->images[w->n_images];
    memset(r, 0, sizeof *r);
    r->src_path = path;
    r->id = "cover-image";
    if (load_image(r, "cover") < 0) return -1;
    const char *ext = image_ext(r->media_type);
    r->href = arena_printf(&w->a, "images/cover.%s", ext);
    for (int k = 1; href_taken(w, r->href); k++)
        r->href = arena_printf(&w->a, "images/cover-%d.%s", k, ext);
    w->cover = r;
    w->n_images++;
    return 0;
}

static int add_image(struct epub_writer *w, const struct epub_image *im)
{
    if (href_taken(w, im->href)) return 0;   /* listed twice: same file (checked) */
    struct epub_res *r = &w->images[w->n_images];
    memset(r, 0, sizeof *r);
    r->src_path = im->src_path;
    r->href = im->href;
    r->id = arena_printf(&w->a, "img-%zu", w->n_images + 1);
    if (load_image(r, "image") < 0) return -1;
    w->n_images++;
    return 0;
}

int epub_load_images(struct epub_writer *w)
{
    const struct epub_book *b = w->b;
    int rc = 0;
    w->images = arena_alloc(&w->a, (b->n_images + 1) * sizeof *w->images);
    for (size_t i = 0; i < b->n_images; i++)
        if (add_image(w, &b->images[i]) < 0) rc = -1;
    if (b->cover_path && add_cover(w) < 0) rc = -1;
    return rc;
}

/* --- fonts ------------------------------------------------------------------- */

static uint16_t be16(const unsigned char *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static const char *font_media_type(const buf *d)
{
    const char *p = d->data;
    if (d->len < 12) return NULL;
    if (!memcmp(p, "OTTO", 4)) return "font/otf";
    if (!memcmp(p, "\0\1\0\0", 4) || !memcmp(p, "true", 4)) return "font/ttf";
    if (!memcmp(p, "wOFF", 4)) return "font/woff";
    if (!memcmp(p, "wOF2", 4)) return "font/woff2";
    return NULL;
}

/* The OS/2 table of an sfnt (TTF/OTF), or of a WOFF whose OS/2 table is
 * stored uncompressed; NULL otherwise (WOFF2 is Brotli throughout). */
static const unsigned char *find_os2(const buf *d, const char *mt)
{
    const unsigned char *p = (const unsigned char *)d->data;
    int woff = !strcmp(mt, "font/woff");
    if (!woff && strcmp(mt, "font/ttf") && strcmp(mt, "font/otf")) return NULL;
    size_t dir = woff ? 44 : 12, rec = woff ? 20 : 16;
    size_t n = be16(p + (woff ? 12 : 4));
    for (size_t i = 0; i < n && dir + (i + 1) * rec <= d->len; i++) {
        const unsigned char *e = p + dir + i * rec;
        uint32_t off = be32(e + (woff ? 4 : 8)), len = be32(e + (woff ? 8 : 12));
        if (memcmp(e, "OS/2", 4)) continue;
        if (woff && len != be32(e + 12)) return NULL;   /* zlib-compressed */
        return len >= 64 && off <= d->len && len <= d->len - off ? p + off : NULL;
    }
    return NULL;
}

static int has_word(const char *s, const char *w) { return strstr(s, w) != NULL; }

/* File-name conventions ("NotoSerif-SemiBoldItalic.ttf") for what the
 * font file does not tell us readably. */
static void style_from_name(struct epub_res *r, const char *style)
{
    r->italic = has_word(style, "Italic") || has_word(style, "Oblique") ||
                (strlen(style) >= 2 && !strcmp(style + strlen(style) - 2, "It"));
    r->weight = 400;
    static const struct { const char *word; int weight; } w[] = {
        {"Thin", 100}, {"ExtraLight", 200}, {"UltraLight", 200}, {"Light", 300},
        {"Medium", 500}, {"SemiBold", 600}, {"DemiBold", 600}, {"ExtraBold", 800},
        {"UltraBold", 800}, {"Black", 900}, {"Heavy", 900}, {"Bold", 700},
    };
    for (size_t i = 0; i < sizeof w / sizeof w[0]; i++)
        if (has_word(style, w[i].word)) { r->weight = w[i].weight; return; }
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* Family from the file name: "DejaVuSerif-Bold.ttf" and "DejaVuSerif.ttf"
 * are both "DejaVuSerif"; "Literata[opsz,wght].ttf" is "Literata".  The
 * name only has to agree across one family's files: it never leaves the
 * book's stylesheet. */
static void name_font(struct epub_writer *w, struct epub_res *r)
{
    const char *base = base_name(r->src_path);
    size_t n = strcspn(base, ".[");
    const char *dash = memchr(base, '-', n);
    const char *last = dash;
    while (dash && (dash = memchr(dash + 1, '-', (size_t)(base + n - dash - 1))) != NULL)
        last = dash;
    const char *style = last ? arena_strndup(&w->a, last + 1, (size_t)(base + n - last - 1)) : "";
    r->family = arena_strndup(&w->a, base, last ? (size_t)(last - base) : n);
    style_from_name(r, style);
    const unsigned char *os2 = find_os2(&r->data, r->media_type);
    if (os2) {
        int wc = be16(os2 + 4);
        if (wc >= 100 && wc <= 900) r->weight = wc;
        r->italic = (be16(os2 + 62) & 0x201) != 0;   /* ITALIC or OBLIQUE */
    }
}

static const char *font_href(struct epub_writer *w, const char *path)
{
    char *name = arena_strdup(&w->a, base_name(path));
    for (char *p = name; *p; p++)
        if (!epub_slug_char((unsigned char)*p)) *p = '-';
    return arena_printf(&w->a, "fonts/%s", name);
}

static int add_font(struct epub_writer *w, const char *path)
{
    struct epub_res *r = &w->fonts[w->n_fonts];
    memset(r, 0, sizeof *r);
    r->src_path = path;
    if (read_res(r, "font") < 0) return -1;
    r->media_type = font_media_type(&r->data);
    if (!r->media_type) {
        diag_error(DIAG_EPUB_FONT,
                   path, 0, 0, "book font is not a TrueType, OpenType, WOFF or WOFF2 file");
        buf_release(&r->data);
        return -1;
    }
    r->href = font_href(w, path);
    for (size_t i = 0; i < w->n_fonts; i++) {
        if (!strcmp(w->fonts[i].href, r->href)) {
            diag_error(DIAG_EPUB_FONT,
                       path, 0, 0, "book font has the same file name as %s", w->fonts[i].src_path);
            buf_release(&r->data);
            return -1;
        }
    }
    r->id = arena_printf(&w->a, "font-%zu", w->n_fonts + 1);
    name_font(w, r);
    w->n_fonts++;
    return 0;
}

int epub_load_fonts(struct epub_writer *w)
{
    int rc = 0;
    w->fonts = arena_alloc(&w->a, (w->b->n_fonts + 1) * sizeof *w->fonts);
    for (size_t i = 0; i < w->b->n_fonts; i++)
        if (add_font(w, w->b->font_paths[i]) < 0) rc = -1;
    return rc;
}

static const char *generic_family(const char *family)
{
    if (strstr(family, "Mono")) return "monospace";
    if (strstr(family, "Sans")) return "sans-serif";
    return "serif";
}

/* Appended to the theme's stylesheet, so these rules win over its body
 * font: the fonts were chosen for this book's language. */
void epub_font_css(const struct epub_writer *w, buf *css)
{
    if (!w->n_fonts) return;
    buf_puts(css, "\n/* Fonts embedded in this book (added by loa) */\n");
    for (size_t i = 0; i < w->n_fonts; i++) {
        const struct epub_res *f = &w->fonts[i];
        buf_printf(css, "@font-face {\n  font-family: \"%s\";\n  font-style: %s;\n"
                   "  font-weight: %d;\n  src: url(\"%s\");\n}\n",
                   f->family, f->italic ? "italic" : "normal", f->weight, f->href);
    }
    buf_printf(css, "body {\n  font-family: \"%s\", %s;\n}\n", w->fonts[0].family,
               generic_family(w->fonts[0].family));
}

void epub_release_res(struct epub_writer *w)
{
    for (size_t i = 0; i < w->n_images; i++) buf_release(&w->images[i].data);
    for (size_t i = 0; i < w->n_fonts; i++) buf_release(&w->fonts[i].data);
    w->n_images = w->n_fonts = 0;
}
