#include "card_layout.h"
#include "../data/value.h"
#include "../data/yaml.h"
#include "../util/arena.h"
#include "../util/diag.h"
#include "../util/fs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void bad(const struct card_layout *l, const value *v, const char *what)
{
    diag_error(DIAG_CARD_LAYOUT,
               l->file, v ? v->line : 0, v ? v->col : 0, "postcard.yml: %s", what);
}

static double num(const value *v, double dflt)
{
    if (v && v->kind == VAL_INT) return (double)v->u.i;
    if (v && v->kind == VAL_FLOAT) return v->u.f;
    return dflt;
}

/* A fraction of the shorter side: (0, 1]. */
static double frac(struct card_layout *l, const value *map, const char *key, double dflt, int *err)
{
    const value *v = val_get(map, key);
    double f = num(v, dflt);
    if (v && (f <= 0 || f > 1 || (v->kind != VAL_INT && v->kind != VAL_FLOAT))) {
        bad(l, v,
            "a size is a fraction of the picture's shorter side, between 0 and 1 (e.g. 0.05)");
        *err = 1;
        return dflt;
    }
    return f;
}

static int hex2(const char *s)
{
    int v = 0;
    for (int i = 0; i < 2; i++) {
        char c = s[i];
        int d = c >= '0' && c <= '9' ? c - '0'
            : c >= 'a' && c <= 'f'   ? c - 'a' + 10
            : c >= 'A' && c <= 'F'   ? c - 'A' + 10
                                     : -1;
        if (d < 0) return -1;
        v = v * 16 + d;
    }
    return v;
}

/* "#rrggbb" or "#rrggbbaa". */
static int parse_colour(const char *s, struct card_rgba *out)
{
    size_t n = s ? strlen(s) : 0;
    if ((n != 7 && n != 9) || s[0] != '#') return -1;
    int c[4] = {0, 0, 0, 255};
    for (size_t i = 0; i < (n - 1) / 2; i++)
        if ((c[i] = hex2(s + 1 + 2 * i)) < 0) return -1;
    *out = (struct card_rgba){c[0] / 255.0, c[1] / 255.0, c[2] / 255.0, c[3] / 255.0};
    return 0;
}

/* A colour: "#hex", or the name of an entry of colours:. */
static void colour(struct card_layout *l, const value *v, struct card_rgba *out, int *err)
{
    if (!v) return;
    const char *s = val_cstr(v);
    const value *named = s && s[0] != '#' ? val_get(val_get(l->root, "colours"), s) : NULL;
    if (named) s = val_cstr(named);
    if (parse_colour(s, out) != 0) {
        bad(l, v, "a colour is \"#rrggbb\", \"#rrggbbaa\" or the name of an entry under colours:");
        *err = 1;
    }
}

static void text_style(struct card_layout *l, const char *key, struct card_text_style *st, int *err)
{
    const value *m = val_get(l->root, key);
    if (m && m->kind != VAL_MAP) {
        bad(l, m, "a text style is a map: {size, min_size, max_size, weight, line_height, colour}");
        *err = 1;
        return;
    }
    double size = frac(l, m, "size", st->max_size, err);
    st->max_size = frac(l, m, "max_size", size, err);
    st->min_size = frac(l, m, "min_size", val_get(m, "size") ? size : st->min_size, err);
    if (st->min_size > st->max_size) {
        bad(l, val_get(m, "min_size"), "min_size is larger than max_size");
        *err = 1;
    }
    const char *w = val_cstr(val_get(m, "weight"));
    if (w) st->bold = !strcmp(w, "bold");
    st->line_height = num(val_get(m, "line_height"), st->line_height);
    colour(l, val_get(m, "colour"), &st->colour, err);
}

static void sizes(struct card_layout *l, const char *key, int *w, int *h, int *err)
{
    const value *m = val_get(l->root, key);
    *w = (int)num(val_get(m, "width"), *w);
    *h = (int)num(val_get(m, "height"), *h);
    if (*w < 64 || *h < 64 || *w > 8192 || *h > 8192) {
        bad(l, m, "width and height are pixels between 64 and 8192");
        *err = 1;
    }
}

static void posters(struct card_layout *l, int *err)
{
    const value *p = val_get(l->root, "posters");
    if (!p) return;
    l->poster_a4 = l->poster_a3 = 0;
    for (size_t i = 0; p->kind == VAL_LIST && i < p->u.list.n; i++) {
        const char *s = val_cstr(p->u.list.items[i]);
        if (s && !strcmp(s, "A4"))
            l->poster_a4 = 1;
        else if (s && !strcmp(s, "A3"))
            l->poster_a3 = 1;
        else {
            bad(l, p->u.list.items[i], "posters: lists paper sizes, A4 and/or A3");
            *err = 1;
        }
    }
}

static void files(struct card_layout *l, arena *a, const char *theme_dir, int *err)
{
    const value *logo = val_get(l->root, "logo");
    if (val_cstr(logo)) {
        l->logo = arena_printf(a, "%s/%s", theme_dir, val_cstr(logo));
        const char *dot = strrchr(l->logo, '.');
        if (!fs_is_file(l->logo) || !dot || (strcmp(dot, ".png") && strcmp(dot, ".svg"))) {
            bad(l, logo, "logo: names a PNG or SVG file in the theme folder");
            *err = 1;
        }
    }
    const value *ff = val_get(l->root, "font_files");
    size_t n = ff && ff->kind == VAL_LIST ? ff->u.list.n : 0;
    l->font_files = arena_alloc(a, (n + 1) * sizeof *l->font_files);
    for (size_t i = 0; i < n; i++) {
        const char *f = val_cstr(ff->u.list.items[i]);
        const char *path = f ? arena_printf(a, "%s/%s", theme_dir, f) : NULL;
        if (!path || !fs_is_file(path)) {
            bad(l, ff->u.list.items[i], "font_files: names a font file in the theme folder");
            *err = 1;
            continue;
        }
        l->font_files[l->n_font_files++] = path;
    }
}

static void defaults(struct card_layout *l)
{
    struct card_rgba white = {1, 1, 1, 1}, gold = {0.95, 0.76, 0.31, 1};
    l->share_w = 1200, l->share_h = 630;
    l->square_w = 1080, l->square_h = 1080;
    l->square_qr = 1;
    l->poster_a4 = l->poster_a3 = 1;
    l->margin = 0.07, l->qr_size = 0.22, l->logo_size = 0.1;
    l->background = (struct card_rgba){0.62, 0.11, 0.12, 1};
    l->scrim = (struct card_rgba){0, 0, 0, 0.6};
    l->accent = gold;
    l->qr_colour = (struct card_rgba){0, 0, 0, 1};
    l->slogan = (struct card_text_style){0.12, 0.045, 1, 1.0, white};
    l->title = (struct card_text_style){0.1, 0.05, 1, 1.0, white};
    l->agency = (struct card_text_style){0.04, 0.04, 1, 1.2, gold};
    l->date = (struct card_text_style){0.035, 0.035, 0, 1.2, white};
    l->hashtags = (struct card_text_style){0.035, 0.035, 0, 1.2, gold};
    l->default_font = "Noto Sans";
}

static void general(struct card_layout *l, int *err)
{
    const value *r = l->root;
    sizes(l, "share", &l->share_w, &l->share_h, err);
    sizes(l, "square", &l->square_w, &l->square_h, err);
    const value *sq = val_get(val_get(r, "square"), "qr");
    if (sq) l->square_qr = val_truthy(sq);
    posters(l, err);
    l->margin = frac(l, r, "margin", l->margin, err);
    l->logo_size = frac(l, r, "logo_size", l->logo_size, err);
    l->qr_size = frac(l, val_get(r, "qr"), "size", l->qr_size, err);
    l->qr_pages = val_truthy(val_get(val_get(r, "qr"), "pages"));
    const value *tc = val_get(r, "title_cards");
    l->title_cards = !tc || val_truthy(tc);
    const char *al = val_cstr(val_get(val_get(r, "slogan"), "align"));
    l->center = al && !strcmp(al, "center");
    const value *c = val_get(r, "colours");
    colour(l, val_get(c, "background"), &l->background, err);
    colour(l, val_get(c, "scrim"), &l->scrim, err);
    colour(l, val_get(c, "accent"), &l->accent, err);
    colour(l, val_get(c, "qr"), &l->qr_colour, err);
    struct card_rgba text = l->slogan.colour;
    colour(l, val_get(c, "text"), &text, err);
    l->slogan.colour = l->title.colour = l->date.colour = text;
    l->agency.colour = l->hashtags.colour = l->accent;
}

int card_layout_load(arena *a, const char *theme_dir, struct card_layout *l)
{
    memset(l, 0, sizeof *l);
    l->file = arena_printf(a, "%s/postcard.yml", theme_dir);
    if (!fs_is_file(l->file)) return 1;
    value *root = yaml_load_file(a, l->file);
    if (!root) return -1;
    if (root->kind != VAL_MAP) {
        bad(l, root, "expected a map of settings (see the comments in themes/portal/postcard.yml)");
        return -1;
    }
    l->root = root;
    defaults(l);
    int err = 0;
    general(l, &err);
    text_style(l, "slogan", &l->slogan, &err);
    text_style(l, "title", &l->title, &err);
    text_style(l, "agency", &l->agency, &err);
    text_style(l, "date", &l->date, &err);
    text_style(l, "hashtags", &l->hashtags, &err);
    files(l, a, theme_dir, &err);
    l->fonts = val_get(root, "fonts");
    const char *df = val_cstr(val_get(l->fonts, "default"));
    if (df) l->default_font = df;
    return err ? -1 : 0;
}

const char *card_layout_font(const struct card_layout *l, const char *lang, const value **at)
{
    const value *v = val_get(l->fonts, lang);
    const char *dash = strchr(lang, '-');
    if (!val_cstr(v) && dash) v = val_getn(l->fonts, lang, (size_t)(dash - lang));
    if (!val_cstr(v)) v = val_get(l->fonts, "default");
    *at = v;
    return val_cstr(v) ? val_cstr(v) : l->default_font;
}
