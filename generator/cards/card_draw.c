#include "card_draw.h"
#include "card_layout.h"
#include "card_qr.h"
#include "../util/buf.h"
#include "../util/diag.h"

#include <cairo.h>
#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <librsvg/rsvg.h>
#include <pango/pangocairo.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct card_fonts {
    PangoFontMap *map;
};

struct card_fonts *card_fonts_new(void)
{
    struct card_fonts *f = calloc(1, sizeof *f);
    if (!f) die_oom();
    f->map = pango_cairo_font_map_new();
    return f;
}

void card_fonts_free(struct card_fonts *f)
{
    if (!f) return;
    g_object_unref(f->map);
    free(f);
}

/* What one drawing needs, so the helpers take one argument. */
struct pen {
    cairo_t *cr;
    PangoContext *pc;
    const struct card_layout *l;
    const struct card_spec *c;
    double w, h, u, m; /* size, shorter side, margin */
};

static PangoLayout *text(struct pen *p, const struct card_text_style *st, double size,
                         const char *s, double width)
{
    PangoLayout *lay = pango_layout_new(p->pc);
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family(fd, p->c->family);
    pango_font_description_set_weight(fd, st->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    pango_layout_set_font_description(lay, fd);
    pango_font_description_free(fd);
    pango_layout_set_text(lay, s, -1);
    pango_layout_set_width(lay, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(lay, PANGO_WRAP_WORD);
    pango_layout_set_line_spacing(lay, (float)st->line_height);
    return lay;
}

static void extents(PangoLayout *lay, double *w, double *h)
{
    PangoRectangle ink, logical;
    pango_layout_get_extents(lay, &ink, &logical);
    *w = (double)logical.width / PANGO_SCALE;
    *h = (double)logical.height / PANGO_SCALE;
}

static int fits(PangoLayout *lay, double w, double h)
{
    double lw, lh;
    extents(lay, &lw, &lh);
    return lw <= w + 0.5 && lh <= h + 0.5;
}

static void show(struct pen *p, PangoLayout *lay, double x, double y, const struct card_rgba *c)
{
    cairo_set_source_rgba(p->cr, c->r, c->g, c->b, c->a);
    cairo_move_to(p->cr, x, y);
    pango_cairo_show_layout(p->cr, lay);
}

/* One pixel of gdk-pixbuf's RGB(A) as cairo's premultiplied ARGB32. */
static uint32_t argb(const guchar *px, int alpha)
{
    unsigned a = alpha ? px[3] : 255;
    unsigned r = px[0] * a / 255, g = px[1] * a / 255, b = px[2] * a / 255;
    return (uint32_t)a << 24 | r << 16 | g << 8 | b;
}

/* A PNG or JPEG file as a cairo surface, turned upright by its EXIF
 * orientation; NULL when gdk-pixbuf cannot read it. */
static cairo_surface_t *load_photo(const char *path)
{
    GError *err = NULL;
    GdkPixbuf *raw = gdk_pixbuf_new_from_file(path, &err);
    if (!raw) {
        g_error_free(err);
        return NULL;
    }
    GdkPixbuf *pb = gdk_pixbuf_apply_embedded_orientation(raw);
    g_object_unref(raw);
    int w = gdk_pixbuf_get_width(pb), h = gdk_pixbuf_get_height(pb);
    int n = gdk_pixbuf_get_n_channels(pb), rs = gdk_pixbuf_get_rowstride(pb);
    int alpha = gdk_pixbuf_get_has_alpha(pb);
    const guchar *px = gdk_pixbuf_read_pixels(pb);
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
    if (cairo_surface_status(img) == CAIRO_STATUS_SUCCESS) {
        unsigned char *d = cairo_image_surface_get_data(img);
        int ds = cairo_image_surface_get_stride(img);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                *(uint32_t *)(d + y * ds + 4 * x) = argb(px + y * rs + n * x, alpha);
        cairo_surface_mark_dirty(img);
    }
    g_object_unref(pb);
    return img;
}

/* The background photo, scaled to cover the card with the focal point as
 * near the middle as the crop allows. */
static enum card_status photo(struct pen *p)
{
    cairo_surface_t *img = load_photo(p->c->background);
    if (!img || cairo_surface_status(img) != CAIRO_STATUS_SUCCESS) {
        if (img) cairo_surface_destroy(img);
        return CARD_BAD_BACKGROUND;
    }
    double iw = cairo_image_surface_get_width(img), ih = cairo_image_surface_get_height(img);
    double k = p->w / iw > p->h / ih ? p->w / iw : p->h / ih;
    double ox = p->w / 2 - p->c->focal_x * iw * k, oy = p->h / 2 - p->c->focal_y * ih * k;
    if (ox > 0) ox = 0;
    if (ox < p->w - iw * k) ox = p->w - iw * k;
    if (oy > 0) oy = 0;
    if (oy < p->h - ih * k) oy = p->h - ih * k;
    cairo_save(p->cr);
    cairo_translate(p->cr, ox, oy);
    cairo_scale(p->cr, k, k);
    cairo_set_source_surface(p->cr, img, 0, 0);
    cairo_pattern_set_filter(cairo_get_source(p->cr), CAIRO_FILTER_GOOD);
    cairo_paint(p->cr);
    cairo_restore(p->cr);
    cairo_surface_destroy(img);
    const struct card_rgba *s = &p->l->scrim; /* keeps white text readable on any photo */
    cairo_set_source_rgba(p->cr, s->r, s->g, s->b, s->a);
    cairo_paint(p->cr);
    return CARD_OK;
}

static enum card_status background(struct pen *p)
{
    const struct card_rgba *b = &p->l->background;
    cairo_set_source_rgb(p->cr, b->r, b->g, b->b);
    cairo_paint(p->cr);
    return p->c->background ? photo(p) : CARD_OK;
}

static int logo_svg(struct pen *p, double x, double y, double size)
{
    GError *err = NULL;
    RsvgHandle *h = rsvg_handle_new_from_file(p->l->logo, &err);
    if (!h) {
        g_error_free(err);
        return -1;
    }
    RsvgRectangle vp = {x, y, size, size};
    int ok = rsvg_handle_render_document(h, p->cr, &vp, &err);
    if (!ok) g_error_free(err);
    g_object_unref(h);
    return ok ? 0 : -1;
}

static int logo_png(struct pen *p, double x, double y, double size)
{
    cairo_surface_t *img = cairo_image_surface_create_from_png(p->l->logo);
    int ok = cairo_surface_status(img) == CAIRO_STATUS_SUCCESS;
    if (ok) {
        double iw = cairo_image_surface_get_width(img), ih = cairo_image_surface_get_height(img);
        double k = size / (iw > ih ? iw : ih);
        cairo_save(p->cr);
        cairo_translate(p->cr, x, y);
        cairo_scale(p->cr, k, k);
        cairo_set_source_surface(p->cr, img, 0, 0);
        cairo_paint(p->cr);
        cairo_restore(p->cr);
    }
    cairo_surface_destroy(img);
    return ok ? 0 : -1;
}

/* Logo and agency name along the top; returns the band's bottom edge. */
static double top_band(struct pen *p, int *bad)
{
    double ls = p->l->logo ? p->l->logo_size * p->u : 0, x = p->m;
    if (ls > 0) {
        const char *dot = strrchr(p->l->logo, '.');
        int r = !strcmp(dot, ".svg") ? logo_svg(p, p->m, p->m, ls) : logo_png(p, p->m, p->m, ls);
        if (r != 0) *bad = 1;
        x += ls * 1.3;
    }
    double band = ls;
    if (p->c->agency && *p->c->agency) {
        const struct card_text_style *st = &p->l->agency;
        PangoLayout *lay = text(p, st, st->max_size * p->u, p->c->agency, p->w - p->m - x);
        pango_layout_set_ellipsize(lay, PANGO_ELLIPSIZE_END);
        pango_layout_set_height(lay, -2); /* two lines at most */
        double lw, lh;
        extents(lay, &lw, &lh);
        show(p, lay, x, p->m + (ls > lh ? (ls - lh) / 2 : 0), &st->colour);
        if (lh > band) band = lh;
        g_object_unref(lay);
    }
    return p->m + band;
}

/* Date, hashtags and address, stacked up from the bottom margin beside the
 * QR code; returns the top edge of what was drawn. */
static double bottom_band(struct pen *p)
{
    double qs = p->c->qr ? p->l->qr_size * p->u : 0;
    double width = p->w - 2 * p->m - (qs > 0 ? qs + p->m / 2 : 0), y = p->h - p->m;
    const char *lines[3] = {p->c->address, p->c->tags, p->c->date};
    const struct card_text_style *st[3] = {&p->l->date, &p->l->hashtags, &p->l->date};
    for (int i = 0; i < 3; i++) {
        if (!lines[i] || !*lines[i]) continue;
        PangoLayout *lay = text(p, st[i], st[i]->max_size * p->u, lines[i], width);
        pango_layout_set_ellipsize(lay, PANGO_ELLIPSIZE_END);
        pango_layout_set_height(lay, i == 2 ? -1 : -2);
        double lw, lh;
        extents(lay, &lw, &lh);
        y -= lh;
        show(p, lay, p->m, y, &st[i]->colour);
        y -= st[i]->max_size * p->u * 0.25;
        g_object_unref(lay);
    }
    if (qs > 0) {
        const struct card_rgba *c = &p->l->qr_colour;
        card_qr_draw(p->cr, p->c->qr, p->w - p->m - qs, p->h - p->m - qs, qs, c->r, c->g, c->b);
        if (p->h - p->m - qs < y) y = p->h - p->m - qs;
    }
    return y;
}

/* The widest line as narrow as it can be without adding a line: balanced
 * lines instead of a full first line and a lone word on the last. */
static void balance(PangoLayout *lay, double w, double h)
{
    int n = pango_layout_get_line_count(lay);
    if (n < 2) return;
    double lo = w / 2, hi = w;
    for (int i = 0; i < 12; i++) {
        double mid = (lo + hi) / 2;
        pango_layout_set_width(lay, (int)(mid * PANGO_SCALE));
        if (pango_layout_get_line_count(lay) == n && fits(lay, mid, h))
            hi = mid;
        else
            lo = mid;
    }
    pango_layout_set_width(lay, (int)(hi * PANGO_SCALE));
}

/* The biggest size from max down to min at which the text fits the box. */
static PangoLayout *fit(struct pen *p, const struct card_text_style *st, double w, double h)
{
    double size = st->max_size * p->u, min = st->min_size * p->u;
    for (;;) {
        PangoLayout *lay = text(p, st, size, p->c->big, w);
        if (fits(lay, w, h)) {
            balance(lay, w, h);
            return lay;
        }
        g_object_unref(lay);
        if (size <= min) return NULL;
        size = size * 0.95 < min ? min : size * 0.95;
    }
}

static enum card_status big_text(struct pen *p, double top, double bottom)
{
    const struct card_text_style *st = p->c->is_title ? &p->l->title : &p->l->slogan;
    double bar = 0.012 * p->u, w = p->w - 2 * p->m;
    double y0 = top + p->m * 0.6, h = bottom - p->m * 0.5 - y0 - bar - p->m * 0.4;
    PangoLayout *lay = h > 0 ? fit(p, st, w, h) : NULL;
    if (!lay && !p->c->is_title) return CARD_TOO_LONG;
    if (!lay) { /* a long title: the smallest size, cut to the box with an ellipsis */
        lay = text(p, st, st->min_size * p->u, p->c->big, w);
        pango_layout_set_ellipsize(lay, PANGO_ELLIPSIZE_END);
        pango_layout_set_height(lay, (int)((h > 0 ? h : 1) * PANGO_SCALE));
    }
    if (p->l->center) pango_layout_set_alignment(lay, PANGO_ALIGN_CENTER);
    double lw, lh;
    extents(lay, &lw, &lh);
    double bw = (double)pango_layout_get_width(lay) / PANGO_SCALE;
    double x = p->l->center ? p->m + (w - bw) / 2 : p->m;
    double y = y0 + (h - lh) / 2; /* middle of the free space */
    const struct card_rgba *a = &p->l->accent;
    cairo_set_source_rgba(p->cr, a->r, a->g, a->b, a->a);
    cairo_rectangle(p->cr, p->l->center ? p->w / 2 - 0.06 * p->u : p->m, y - bar - p->m * 0.4,
                    0.12 * p->u, bar);
    cairo_fill(p->cr);
    int unknown = pango_layout_get_unknown_glyphs_count(lay);
    show(p, lay, x, y, &st->colour);
    g_object_unref(lay);
    return unknown ? CARD_MISSING_GLYPH : CARD_OK;
}

static enum card_status draw(cairo_t *cr, const struct card_layout *l, const struct card_spec *c,
                             struct card_fonts *f)
{
    double u = c->width < c->height ? c->width : c->height;
    struct pen p = {
        cr, pango_font_map_create_context(f->map), l, c, c->width, c->height, u, l->margin * u};
    pango_cairo_update_context(cr, p.pc);
    /* unhinted outlines: the same shapes at every size and on every surface */
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
    pango_cairo_context_set_font_options(p.pc, fo);
    cairo_font_options_destroy(fo);
    pango_context_set_language(p.pc, pango_language_from_string(c->lang));
    int bad_logo = 0;
    enum card_status st = background(&p);
    if (st == CARD_OK) {
        double top = top_band(&p, &bad_logo);
        double bottom = bottom_band(&p);
        st = big_text(&p, top, bottom);
    }
    g_object_unref(p.pc);
    if (st == CARD_OK && (bad_logo || cairo_status(cr) != CAIRO_STATUS_SUCCESS)) st = CARD_FAILED;
    return st;
}

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int len)
{
    buf_put(closure, data, len);
    return CAIRO_STATUS_SUCCESS;
}

enum card_status card_draw_png(const struct card_layout *l, const struct card_spec *c,
                               struct card_fonts *f, buf *out)
{
    cairo_surface_t *s =
        cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)c->width, (int)c->height);
    cairo_t *cr = cairo_create(s);
    enum card_status st = draw(cr, l, c, f);
    cairo_destroy(cr);
    if (st == CARD_OK && cairo_surface_write_to_png_stream(s, to_buf, out) != CAIRO_STATUS_SUCCESS)
        st = CARD_FAILED;
    cairo_surface_destroy(s);
    return st;
}

enum card_status card_draw_pdf(const struct card_layout *l, const struct card_spec *c,
                               struct card_fonts *f, buf *out)
{
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_buf, out, c->width, c->height);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, c->pdf_title ? c->pdf_title : "");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "loa");
    if (c->pdf_date) {
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, c->pdf_date);
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, c->pdf_date);
    }
    cairo_t *cr = cairo_create(s);
    enum card_status st = draw(cr, l, c, f);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    if (st == CARD_OK && cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) st = CARD_FAILED;
    cairo_surface_destroy(s);
    return st;
}
