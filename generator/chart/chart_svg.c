/* chart_svg: the drawing.  One coordinate system 640 units wide (the
 * figure scales it with viewBox), text in currentColor so it follows the
 * page's colour in light and dark mode, and every series filled with a
 * pattern: a colour that has 3:1 contrast on both the light and the dark
 * page background, plus hatching, dots or lines of its own, so series
 * differ without colour too.  Only SVG 1.1 elements that EPUB readers
 * know; no <use>, no CSS needed. */
#include "chart.h"
#include "../util/arena.h"
#include "../util/buf.h"
#include "../util/text.h"

#include <math.h>
#include <string.h>

enum { W = 640 };
static const double CHAR_W = 8; /* a generous average advance of a 14 px sans-serif letter */

/* 3:1 or more against white, #faf6ee, #15171b and #1d2026 (the portal
 * theme's light and dark backgrounds): the same colours serve both modes. */
static const char *const palette[CHART_MAX_SERIES] = {
    "#2f73b4", "#c0512a", "#2e8540", "#8a5abd", "#a07400", "#00838f", "#c43a8a", "#687585",
};

/* The marks drawn over the colour, in an 8x8 tile (index 0 is plain). */
static const char *const hatch[CHART_MAX_SERIES] = {
    "",
    "M-2 2L2-2M0 8L8 0M6 10L10 6",
    "",
    "M0 4H8",
    "M0 0L8 8M8 0L0 8",
    "M4 0V8",
    "M0 0L8 8M-2 6L2 10M6-2L10 2",
    "M0 4H8M4 0V8",
};

/* Line charts: a dash pattern per series, as well as a marker shape. */
static const char *const dashes[CHART_MAX_SERIES] = {
    "", "8 4", "2 4", "10 4 2 4", "4 4", "12 4", "2 2", "6 2 2 2",
};

struct draw {
    arena *a;
    const struct chart *c;
    const struct chart_env *env;
    buf *b;
    buf tmp;
};

static const char *colour(const struct chart *c, size_t k)
{
    if (c->type != CHART_PIE && k < CHART_MAX_SERIES && c->colours[k]) return c->colours[k];
    if (c->type == CHART_PIE && c->colours[k % CHART_MAX_SERIES])
        return c->colours[k % CHART_MAX_SERIES];
    return palette[k % CHART_MAX_SERIES];
}

/* ---- small writers --------------------------------------------------------------------------- */

static void put_text(struct draw *d, double x, double y, const char *anchor, const char *s)
{
    buf_printf(d->b, "<text x=\"%.1f\" y=\"%.1f\"", x, y);
    if (anchor) buf_printf(d->b, " text-anchor=\"%s\"", anchor);
    buf_puts(d->b, ">");
    buf_put_html(d->b, s, strlen(s));
    buf_puts(d->b, "</text>\n");
}

static double text_w(const char *s) { return (double)text_char_count(s, strlen(s)) * CHAR_W; }

/* s cut to fit px, ending in "…"; the table below has the full text. */
static const char *fit(struct draw *d, const char *s, double px)
{
    size_t max = px > CHAR_W ? (size_t)(px / CHAR_W + 0.01) : 1, n = text_char_count(s, strlen(s));
    if (n <= max) return s;
    const char *p = s;
    for (size_t k = 0; k + 1 < max && *p; k++) {
        p++;
        while ((*p & 0xC0) == 0x80) p++;
    }
    return arena_printf(d->a, "%.*s…", (int)(p - s), s);
}

static const char *num(struct draw *d, double v)
{
    buf_clear(&d->tmp);
    chart_number(d->c, d->env, v, &d->tmp);
    return arena_strndup(d->a, d->tmp.data, d->tmp.len);
}

static void fill_attr(struct draw *d, size_t k)
{
    buf_printf(d->b, " fill=\"url(#%s-p%zu)\"", d->env->id, k);
}

static void patterns(struct draw *d, size_t n)
{
    buf_puts(d->b, "<defs>\n");
    for (size_t k = 0; k < n; k++) {
        /* past 8 slices, colours come round again with other marks */
        size_t h = k < CHART_MAX_SERIES ? k : (k * 3 + 1) % CHART_MAX_SERIES;
        buf_printf(
            d->b,
            "<pattern id=\"%s-p%zu\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\">"
            "<rect width=\"8\" height=\"8\" fill=\"%s\"/>",
            d->env->id, k, colour(d->c, k));
        if (h == 2)
            buf_puts(d->b, "<circle cx=\"4\" cy=\"4\" r=\"1.6\" fill=\"#ffffff\"/>");
        else if (*hatch[h])
            buf_printf(d->b, "<path d=\"%s\" stroke=\"#ffffff\" stroke-width=\"1.5\"/>", hatch[h]);
        buf_puts(d->b, "</pattern>\n");
    }
    buf_puts(d->b, "</defs>\n");
}

static void marker(struct draw *d, size_t k, double x, double y);

/* A line chart's key is a piece of its line, with its dashes and marker. */
static void line_key(struct draw *d, double x, double y, size_t k)
{
    buf_printf(d->b, "<path d=\"M%.1f %.1fh20\" fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\"",
               x - 2, y + 8, colour(d->c, k));
    if (*dashes[k]) buf_printf(d->b, " stroke-dasharray=\"%s\"", dashes[k]);
    buf_puts(d->b, "/>\n");
    marker(d, k, x + 8, y + 8);
}

static void swatch(struct draw *d, double x, double y, size_t k)
{
    if (d->c->type == CHART_LINE) {
        line_key(d, x, y, k);
        return;
    }
    buf_printf(d->b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"16\" height=\"16\"", x, y);
    fill_attr(d, k);
    buf_puts(d->b, " stroke=\"currentColor\" stroke-width=\"0.5\"/>\n");
}

/* Legend of the series (or slices), wrapped to the width; returns its height. */
static double legend_row(struct draw *d, const char *const *names, size_t n, double y)
{
    double x = 0, h = 24;
    for (size_t k = 0; k < n; k++) {
        const char *s = fit(d, names[k], 240);
        double w = 24 + text_w(s) + 18;
        if (x > 0 && x + w > W) {
            x = 0;
            y += 24;
            h += 24;
        }
        swatch(d, x, y, k);
        put_text(d, x + 22, y + 13, NULL, s);
        x += w;
    }
    return h;
}

/* ---- value axis ------------------------------------------------------------------------------ */

struct scale {
    double lo, hi, step;
};

static double nice_step(double span)
{
    double raw = span / 5, mag = pow(10, floor(log10(raw))), f = raw / mag;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
}

static struct scale make_scale(double lo, double hi)
{
    struct scale s = {lo < 0 ? lo : 0, hi > 0 ? hi : 0, 1};
    if (s.hi - s.lo <= 0) s.hi = s.lo + 1;
    s.step = nice_step(s.hi - s.lo);
    s.lo = floor(s.lo / s.step + 1e-9) * s.step;
    s.hi = ceil(s.hi / s.step - 1e-9) * s.step;
    return s;
}

/* Smallest and largest value drawn: sums of a row when stacked. */
static void extent(const struct chart *c, double *lo, double *hi)
{
    *lo = *hi = 0;
    for (size_t i = 0; i < c->n_rows; i++) {
        double sum = 0;
        for (size_t k = 0; k < c->n_series; k++) {
            double v = c->v[i * c->n_series + k];
            sum += v;
            if (!c->stacked && v < *lo) *lo = v;
            if (!c->stacked && v > *hi) *hi = v;
        }
        if (c->stacked && sum > *hi) *hi = sum;
    }
}

static double at(const struct scale *s, double v, double p0, double p1)
{
    return p0 + (v - s->lo) / (s->hi - s->lo) * (p1 - p0);
}

static size_t n_ticks(const struct scale *s)
{
    double n = (s->hi - s->lo) / s->step;
    return n >= 0 && n <= 20 ? (size_t)llround(n) + 1 : 2; /* nice_step gives 5 to 10 */
}

/* Grid lines across the plot, with their numbers; horizontal: the value
 * axis runs left to right along the bottom. */
static void grid(struct draw *d, const struct scale *s, int horizontal, double x0, double x1,
                 double y0, double y1)
{
    buf_puts(d->b, "<g stroke=\"currentColor\" stroke-opacity=\"0.3\">\n");
    for (size_t i = 0; i < n_ticks(s); i++) {
        double v = s->lo + (double)i * s->step;
        if (horizontal)
            buf_printf(d->b, "<path d=\"M%.1f %.1fV%.1f\"/>\n", at(s, v, x0, x1), y0, y1);
        else
            buf_printf(d->b, "<path d=\"M%.1f %.1fH%.1f\"/>\n", x0, at(s, v, y1, y0), x1);
    }
    buf_puts(d->b, "</g>\n");
    for (size_t i = 0; i < n_ticks(s); i++) {
        double v = s->lo + (double)i * s->step;
        if (horizontal)
            put_text(d, at(s, v, x0, x1), y1 + 18, "middle",
                     num(d, fabs(v) < s->step / 1e6 ? 0 : v));
        else
            put_text(d, x0 - 6, at(s, v, y1, y0) + 5, "end",
                     num(d, fabs(v) < s->step / 1e6 ? 0 : v));
    }
}

static double max_label_w(const struct chart *c)
{
    double m = 0;
    for (size_t i = 0; i < c->n_rows; i++)
        if (text_w(c->labels[i]) > m) m = text_w(c->labels[i]);
    return m;
}

static double legend(struct draw *d, double y)
{
    return d->c->n_series > 1 ? legend_row(d, d->c->series, d->c->n_series, y) + 8 : 0;
}

/* ---- bars ------------------------------------------------------------------------------------ */

static void bar_rect(struct draw *d, size_t k, double x, double y, double w, double h)
{
    buf_printf(d->b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"", x, y, w, h);
    fill_attr(d, k);
    buf_puts(d->b, "/>\n");
}

static void hbar_row(struct draw *d, const struct scale *s, size_t i, double x0, double x1,
                     double y)
{
    const struct chart *c = d->c;
    double zero = at(s, 0, x0, x1), acc = 0, bh = c->stacked || c->n_series == 1 ? 22 : 16;
    for (size_t k = 0; k < c->n_series; k++) {
        double v = c->v[i * c->n_series + k];
        double a = at(s, c->stacked ? acc : 0, x0, x1), b = at(s, c->stacked ? acc + v : v, x0, x1);
        double by = c->stacked ? y : y + (double)k * bh;
        bar_rect(d, k, a < b ? a : b, by, fabs(b - a), bh - 2);
        if (!c->stacked) put_text(d, (v < 0 ? zero : b) + 4, by + bh / 2 + 3, NULL, num(d, v));
        acc += v;
    }
    if (c->stacked) put_text(d, at(s, acc, x0, x1) + 4, y + 15, NULL, num(d, acc));
}

static double hbar(struct draw *d, double top)
{
    const struct chart *c = d->c;
    double lo, hi;
    extent(c, &lo, &hi);
    struct scale s = make_scale(lo, hi);
    double label_w = fmin(max_label_w(c) + 12, 220), x0 = label_w, x1 = W - 80;
    double band = (c->stacked || c->n_series == 1 ? 22 : 16 * (double)c->n_series) + 12;
    double y1 = top + band * (double)c->n_rows;
    grid(d, &s, 1, x0, x1, top, y1);
    for (size_t i = 0; i < c->n_rows; i++) {
        double y = top + band * (double)i + 6;
        put_text(d, x0 - 8, y + (band - 12) / 2 + 5, "end", fit(d, c->labels[i], label_w - 12));
        hbar_row(d, &s, i, x0, x1, y);
    }
    return y1 + 28;
}

static void vbar_col(struct draw *d, const struct scale *s, size_t i, double x, double bw,
                     double y0, double y1)
{
    const struct chart *c = d->c;
    double acc = 0, w = c->stacked ? bw : bw / (double)c->n_series;
    int labels = text_w(num(d, s->hi)) + 4 <= w;
    for (size_t k = 0; k < c->n_series; k++) {
        double v = c->v[i * c->n_series + k];
        double a = at(s, c->stacked ? acc : 0, y1, y0), b = at(s, c->stacked ? acc + v : v, y1, y0);
        double bx = c->stacked ? x : x + (double)k * w;
        bar_rect(d, k, bx, a < b ? a : b, w - 2, fabs(b - a));
        if (!c->stacked && labels)
            put_text(d, bx + w / 2, v < 0 ? b + 16 : b - 5, "middle", num(d, v));
        acc += v;
    }
    if (c->stacked && text_w(num(d, acc)) <= bw + 8)
        put_text(d, x + bw / 2, at(s, acc, y1, y0) - 5, "middle", num(d, acc));
}

/* Room left of a vertical plot for the numbers of the value axis. */
static double axis_w(struct draw *d, const struct scale *s)
{
    double w = fmax(text_w(num(d, s->lo)), text_w(num(d, s->hi)));
    return fmax(w + 14, 40);
}

static void categories(struct draw *d, double x0, double band, double y)
{
    for (size_t i = 0; i < d->c->n_rows; i++)
        put_text(d, x0 + band * ((double)i + 0.5), y, "middle", fit(d, d->c->labels[i], band - 4));
}

/* A plot with the value axis upright and a band per row: columns and lines. */
struct vplot { struct scale s; double x0, band, y0, y1; };

static struct vplot vplot_begin(struct draw *d, double top)
{
    double lo, hi;
    extent(d->c, &lo, &hi);
    struct vplot p = {.s = make_scale(lo, hi), .y0 = top + 20};
    p.x0 = axis_w(d, &p.s);
    p.y1 = p.y0 + 240;
    p.band = (W - 10 - p.x0) / (double)d->c->n_rows;
    grid(d, &p.s, 0, p.x0, W - 10, p.y0, p.y1);
    return p;
}

static double vplot_end(struct draw *d, const struct vplot *p)
{
    categories(d, p->x0, p->band, p->y1 + 20);
    return p->y1 + 34;
}

static double vbar(struct draw *d, double top)
{
    struct vplot p = vplot_begin(d, top);
    for (size_t i = 0; i < d->c->n_rows; i++)
        vbar_col(d, &p.s, i, p.x0 + p.band * ((double)i + 0.15), p.band * 0.7, p.y0, p.y1);
    return vplot_end(d, &p);
}

/* ---- lines ----------------------------------------------------------------------------------- */

/* A marker shape per series (circle, square, triangle, diamond ...). */
static void marker(struct draw *d, size_t k, double x, double y)
{
    const char *col = colour(d->c, k);
    switch (k % 4) {
    case 0:
        buf_printf(d->b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"%s\"/>\n", x, y, col);
        break;
    case 1:
        buf_printf(d->b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"10\" height=\"10\" fill=\"%s\"/>\n",
                   x - 5, y - 5, col);
        break;
    case 2:
        buf_printf(d->b, "<path d=\"M%.1f %.1fl6 10h-12z\" fill=\"%s\"/>\n", x, y - 6, col);
        break;
    default:
        buf_printf(d->b, "<path d=\"M%.1f %.1fl6 6-6 6-6-6z\" fill=\"%s\"/>\n", x, y - 6, col);
        break;
    }
}

static void series_line(struct draw *d, const struct scale *s, size_t k, double x0, double band,
                        double y0, double y1)
{
    const struct chart *c = d->c;
    buf_printf(d->b, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\"", colour(c, k));
    if (*dashes[k]) buf_printf(d->b, " stroke-dasharray=\"%s\"", dashes[k]);
    buf_puts(d->b, " points=\"");
    for (size_t i = 0; i < c->n_rows; i++)
        buf_printf(d->b, "%s%.1f,%.1f", i ? " " : "", x0 + band * ((double)i + 0.5),
                   at(s, c->v[i * c->n_series + k], y1, y0));
    buf_puts(d->b, "\"/>\n");
    for (size_t i = 0; i < c->n_rows; i++) {
        double x = x0 + band * ((double)i + 0.5), y = at(s, c->v[i * c->n_series + k], y1, y0);
        marker(d, k, x, y);
        if (c->n_series == 1 && text_w(num(d, c->v[i])) <= band)
            put_text(d, x, y - 10, "middle", num(d, c->v[i]));
    }
}

static double line(struct draw *d, double top)
{
    struct vplot p = vplot_begin(d, top);
    for (size_t k = 0; k < d->c->n_series; k++)
        series_line(d, &p.s, k, p.x0, p.band, p.y0, p.y1);
    return vplot_end(d, &p);
}

/* ---- pie and donut --------------------------------------------------------------------------- */

enum { PIE_CX = 150, PIE_R = 130, DONUT_R = 70 };

static void pt(double frac, double r, double cy, double *x, double *y)
{
    double a = frac * 2 * 3.14159265358979323846;
    *x = PIE_CX + r * sin(a);
    *y = cy - r * cos(a);
}

static void slice(struct draw *d, size_t k, double f0, double f1, double cy)
{
    double r = PIE_R, h = d->c->donut ? DONUT_R : 0, ax, ay, bx, by, cx_, cy_, dx, dy;
    int large = f1 - f0 > 0.5;
    buf_puts(d->b, "<path");
    fill_attr(d, k);
    buf_puts(
        d->b,
        " stroke=\"#ffffff\" stroke-width=\"1.5\" class=\"chart-gap\" fill-rule=\"evenodd\" d=\"");
    if (f1 - f0 > 0.9999) { /* one slice is everything: two half circles */
        buf_printf(d->b, "M%d %.1fa%g %g 0 1 0 0 %g a%g %g 0 1 0 0 %g", PIE_CX, cy - r, r, r, 2 * r,
                   r, r, -2 * r);
        if (h)
            buf_printf(d->b, "M%d %.1fa%g %g 0 1 0 0 %g a%g %g 0 1 0 0 %g", PIE_CX, cy - h, h, h,
                       2 * h, h, h, -2 * h);
        buf_puts(d->b, "z\"/>\n");
        return;
    }
    pt(f0, r, cy, &ax, &ay);
    pt(f1, r, cy, &bx, &by);
    pt(f1, h, cy, &cx_, &cy_);
    pt(f0, h, cy, &dx, &dy);
    buf_printf(d->b, "M%.2f %.2fA%d %d 0 %d 1 %.2f %.2fL%.2f %.2f", ax, ay, PIE_R, PIE_R, large, bx,
               by, cx_, cy_);
    if (h) buf_printf(d->b, "A%d %d 0 %d 0 %.2f %.2f", DONUT_R, DONUT_R, large, dx, dy);
    buf_puts(d->b, "z\"/>\n");
}

static double pie(struct draw *d, double top)
{
    const struct chart *c = d->c;
    double sum = 0, acc = 0, cy = top + PIE_R + 10, ly = top + 10;
    for (size_t i = 0; i < c->n_rows; i++) sum += c->v[i];
    for (size_t i = 0; i < c->n_rows; i++) {
        if (c->v[i] > 0) slice(d, i, acc / sum, (acc + c->v[i]) / sum, cy);
        acc += c->v[i];
    }
    for (size_t i = 0; i < c->n_rows; i++, ly += 26) {
        swatch(d, 310, ly, i);
        buf_clear(&d->tmp);
        chart_number(c, d->env, c->v[i], &d->tmp);
        buf_puts(&d->tmp, " (");
        chart_percent(d->env, c->v[i] / sum * 100, &d->tmp);
        buf_puts(&d->tmp, ")");
        const char *val = arena_strndup(d->a, d->tmp.data, d->tmp.len);
        double room = W - 334 - text_w(val) - 10;
        put_text(d, 334, ly + 13, NULL,
                 arena_printf(d->a, "%s: %s", fit(d, c->labels[i], room), val));
    }
    return fmax(cy + PIE_R + 14, ly + 8);
}

/* ---- pictogram ------------------------------------------------------------------------------- */

enum { ICON = 18, ICONS_PER_LINE = 20 };

/* A person: a head and shoulders, 16 units wide. */
static void icon(struct draw *d, double x, double y, const char *extra)
{
    buf_printf(
        d->b,
        "<path%s d=\"M%.1f %.1fa3.5 3.5 0 1 0 7 0a3.5 3.5 0 1 0-7 0zM%.1f %.1fv-6.5a5.5 4.5 0 0 1 "
        "11 0v6.5z\"/>\n",
        extra, x + 4.5, y + 4.5, x + 2.5, y + 20);
}

/* The last icon of a row, cut to frac of its width. */
static void part_icon(struct draw *d, size_t i, double x, double y, double frac)
{
    icon(d, x, y, " fill-opacity=\"0.25\"");
    buf_printf(d->b,
               "<clipPath id=\"%s-c%zu\"><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\"/>"
               "</clipPath>\n",
               d->env->id, i, x, y, 2.5 + frac * 11, ICON + 4);
    icon(d, x, y, arena_printf(d->a, " clip-path=\"url(#%s-c%zu)\"", d->env->id, i));
}

static double picto_row(struct draw *d, size_t i, double x0, double y)
{
    const struct chart *c = d->c;
    double n = c->v[i] / c->icon_value, whole = floor(n + 1e-9), frac = n - whole;
    size_t count = (size_t)whole + (frac > 0.01);
    buf_printf(d->b, "<g fill=\"%s\">\n", colour(c, 0));
    for (size_t k = 0; k < count; k++) {
        double x = x0 + (double)(k % ICONS_PER_LINE) * ICON,
               iy = y + (double)(k / ICONS_PER_LINE) * (ICON + 4);
        if (k < (size_t)whole)
            icon(d, x, iy, "");
        else
            part_icon(d, i, x, iy, frac);
    }
    buf_puts(d->b, "</g>\n");
    size_t lines = count ? (count + ICONS_PER_LINE - 1) / ICONS_PER_LINE : 1;
    return fmax(40, (double)lines * (ICON + 4)) + 12;
}

static double pictogram(struct draw *d, double top)
{
    const struct chart *c = d->c;
    double label_w = fmin(fmax(max_label_w(c), 60) + 12, 240), y = top;
    buf_printf(d->b, "<g fill=\"%s\">\n", colour(c, 0));
    icon(d, 0, y, "");
    buf_puts(d->b, "</g>\n");
    buf_clear(&d->tmp);
    buf_puts(&d->tmp, "= ");
    chart_number(c, d->env, c->icon_value, &d->tmp);
    if (*c->units && strcmp(c->units, "%")) buf_printf(&d->tmp, " %s", c->units);
    put_text(d, ICON + 6, y + 15, NULL, arena_strndup(d->a, d->tmp.data, d->tmp.len));
    y += 34;
    for (size_t i = 0; i < c->n_rows; i++) {
        put_text(d, 0, y + 15, NULL, fit(d, c->labels[i], label_w - 12));
        buf_puts(d->b, "<g font-weight=\"bold\">");
        put_text(d, 0, y + 34, NULL, num(d, c->v[i]));
        buf_puts(d->b, "</g>\n");
        y += picto_row(d, i, label_w, y);
    }
    return y + 4;
}

/* ---- the element ----------------------------------------------------------------------------- */

static double body(struct draw *d)
{
    const struct chart *c = d->c;
    switch (c->type) {
    case CHART_BAR: {
        double top = legend(d, 0);
        return c->horizontal ? hbar(d, top) : vbar(d, top);
    }
    case CHART_LINE: return line(d, legend(d, 0));
    case CHART_PIE: return pie(d, 0);
    default: return pictogram(d, 0);
    }
}

void chart_svg(arena *a, const struct chart *c, const struct chart_env *env, buf *out)
{
    struct draw d = {a, c, env, out, BUF_INIT};
    buf drawing = BUF_INIT;
    d.b = &drawing;
    patterns(&d, c->type == CHART_PIE ? c->n_rows : c->n_series);
    buf_puts(&drawing, "<g fill=\"currentColor\">\n");
    double h = body(&d);
    buf_puts(&drawing, "</g>\n");
    buf_printf(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart-svg\" viewBox=\"0 0 %d %.0f\" "
        "role=\"img\" aria-labelledby=\"%s-t%s%s\" font-size=\"14\">\n",
        W, ceil(h), env->id, *c->description ? " " : "",
        *c->description ? arena_printf(a, "%s-d", env->id) : "");
    buf_printf(out, "<title id=\"%s-t\">", env->id);
    buf_put_html(out, c->title, strlen(c->title));
    buf_puts(out, "</title>\n");
    if (*c->description) {
        buf_printf(out, "<desc id=\"%s-d\">", env->id);
        buf_put_html(out, c->description, strlen(c->description));
        buf_puts(out, "</desc>\n");
    }
    buf_put(out, drawing.data, drawing.len);
    buf_puts(out, "</svg>\n");
    buf_release(&drawing);
    buf_release(&d.tmp);
}
