#include "cards.h"
#include "card_cache.h"
#include "card_draw.h"
#include "card_font.h"
#include "card_layout.h"
#include "card_qr.h"
#include "../data/value.h"
#include "../site/assets.h"
#include "../site/context.h"
#include "../site/site.h"
#include "../site/output.h"
#include "../util/buf.h"
#include "../util/diag.h"
#include "../util/fs.h"
#include "../util/pool.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum out_kind { OUT_SHARE, OUT_SQUARE, OUT_A4, OUT_A3, OUT_QR, N_OUT };
static const char *const out_names[N_OUT] = {"share-card.png", "square-card.png", "poster-a4.pdf",
                                             "poster-a3.pdf", "qr.svg"};
static const char *const out_what[N_OUT] = {"share image", "square card", "A4 poster", "A3 poster",
                                            "QR code"};
/* ISO 216 paper in PostScript points */
#define A4_W 595.2756
#define A4_H 841.8898
#define A3_H 1190.5512
/* a QR code holds about 2,300 bytes at level M: leave room for the domain */
#define QR_MAX_URL 2000

struct card_file {
    const char *url;
    long long size;
};
struct card_page {
    struct card_file f[N_OUT];
    const char *alt;
    int w, h, sq;
};

struct card_set {
    struct card_layout l;
    struct card_font *fonts; /* per site language */
    size_t n_fonts;
    struct card_page *pages; /* per page index */
    size_t n_pages;
    char *cache;
    char theme_key[65]; /* postcard.yml and the logo */
};

struct job {
    enum out_kind kind;
    struct page *p;  /* NULL for an EPUB's QR code */
    const char *rel; /* output file, relative to the output folder */
    struct card_spec spec;
    const struct value *at; /* the text's front matter value, for messages */
    const struct value *bg_at;
    enum card_status status;      /* set by the worker that drew it */
};

struct run {
    struct site *s;
    struct card_set *c;
    struct job *jobs;
    size_t n, cap;
    struct card_fonts **fonts;       /* per worker */
    unsigned char *reported; /* per page: its failure was reported */
    atomic_int failed;
};

int card_is_postcard(const struct page *p)
{
    return p->kind == PK_PAGE && p->ct && ctype_def(p->ct)->drawn_card;
}

static struct job *add_job(struct run *r, enum out_kind k, struct page *p, const char *rel)
{
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 256;
        r->jobs = realloc(r->jobs, r->cap * sizeof *r->jobs);
        if (!r->jobs) die_oom();
    }
    struct job *j = &r->jobs[r->n++];
    memset(j, 0, sizeof *j);
    j->kind = k;
    j->p = p;
    j->rel = rel;
    return j;
}

/* --- what a card says -------------------------------------------------------- */

static const char *hashtags(const struct page *p, arena *a)
{
    const value *h = val_get(p->fm, "hashtags");
    buf b = BUF_INIT;
    for (size_t i = 0; h && h->kind == VAL_LIST && i < h->u.list.n; i++) {
        const char *t = val_scalar_text(a, h->u.list.items[i]);
        if (!t || !*t) continue;
        buf_printf(&b, "%s#%s", b.len ? "  " : "", t + (t[0] == '#'));
    }
    const char *r = b.len ? arena_strndup(a, b.data, b.len) : NULL;
    buf_release(&b);
    return r;
}

/* The page's address without the scheme, as printed under a QR code. */
static const char *address(struct site *s, const struct page *p, arena *a)
{
    const char *u = site_permalink(s, p->L, p->url, a);
    const char *sep = strstr(u, "://");
    return sep ? sep + 3 : u;
}

static const char *iso_date(long long t, arena *a)
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    return arena_printf(a, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                        tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* A postcard's focal point: focal: [x, y], fractions of the image. */
static int focal(const struct page *p, struct card_spec *c)
{
    const value *f = val_get(p->fm, "focal");
    c->focal_x = c->focal_y = 0.5;
    if (!f) return 0;
    const value *x = f->kind == VAL_LIST && f->u.list.n == 2 ? f->u.list.items[0] : NULL;
    const value *y = x ? f->u.list.items[1] : NULL;
    double fx = x && x->kind == VAL_FLOAT ? x->u.f : x && x->kind == VAL_INT ? (double)x->u.i : -1;
    double fy = y && y->kind == VAL_FLOAT ? y->u.f : y && y->kind == VAL_INT ? (double)y->u.i : -1;
    if (fx < 0 || fx > 1 || fy < 0 || fy > 1) {
        diag_error(DIAG_CARD_FOCAL, p->src, f->line, f->col,
                   "focal: is [x, y], two fractions of the background image "
                   "from its top-left corner (e.g. [0.5, 0.3])");
        return -1;
    }
    c->focal_x = fx;
    c->focal_y = fy;
    return 0;
}

static int background(struct site *s, struct page *p, struct job *j, arena *a)
{
    const value *v = val_get(p->fm, "image");
    struct page_image im;
    if (!val_cstr(v) || !*val_cstr(v)) return 0;
    if (asset_resolve(s, p, val_cstr(v), &im, a) < 0 || !im.src_path)
        return 0; /* reported by render */
    if (!im.media_type || (strcmp(im.media_type, "image/png") && strcmp(im.media_type, "image/jpeg"))) {
        diag_error(DIAG_CARD_BACKGROUND, p->src, v->line, v->col,
                   "the postcard's background '%s' must be a PNG or JPEG file; convert it, or "
                   "remove image: to use the theme colour",
                   val_cstr(v));
        return -1;
    }
    j->spec.background = im.src_path;
    j->bg_at = v;
    return focal(p, &j->spec);
}

/* Fills the texts of a card of p: a postcard's slogan, a page's title, or
 * for a home page the site's title. */
static void texts(struct site *s, struct page *p, struct card_spec *c, const value **at, arena *a)
{
    const struct lang *L = p->L;
    const value *sl = val_get(p->fm, "slogan");
    c->lang = L->code;
    c->agency = s->cfg.publisher ? s->cfg.publisher : L->title;
    if (card_is_postcard(p) && val_cstr(sl) && *val_cstr(sl)) {
        c->big = val_cstr(sl);
        *at = sl;
    } else {
        c->big = p->kind == PK_HOME ? (L->title ? L->title : "") : p->title ? p->title : "";
        c->is_title = !card_is_postcard(p);
        *at = val_get(p->fm, "title");
    }
    if (p->kind == PK_HOME && c->agency == L->title) c->agency = NULL; /* not twice */
    if (p->date) c->date = ctx_date(s, L, p->date, 1, a);
    c->tags = card_is_postcard(p) ? hashtags(p, a) : NULL;
    c->pdf_title = c->big;
    long long t = s->o.have_epoch ? s->o.now
        : p->lastmod_t            ? p->lastmod_t
        : p->date_t               ? p->date_t
                                  : s->o.now;
    c->pdf_date = iso_date(t, a);
}

/* --- planning: which files, from what ---------------------------------------- */

static const char *out_dir(const struct page *p, arena *a)
{
    const char *slash = strrchr(p->out_path, '/');
    return slash ? arena_strndup(a, p->out_path, (size_t)(slash - p->out_path + 1)) : "";
}

static int wants_title_card(const struct page *p)
{
    static const char *const own[] = {"image", "hero", "cover"};
    if (p->kind == PK_HOME) return 1;
    if (p->kind != PK_PAGE) return 0;
    for (int i = 0; i < 3; i++)
        if (val_cstr(val_get(p->fm, own[i])) && *val_cstr(val_get(p->fm, own[i]))) return 0;
    return 1;
}

static struct job *plan_file(struct run *r, struct page *p, enum out_kind k, const char *dir)
{
    arena *a = &r->s->a;
    struct card_page *cp = &r->c->pages[p->index];
    cp->f[k].url = arena_printf(a, "%s%s", p->url, out_names[k]);
    return add_job(r, k, p, arena_printf(a, "%s%s", dir, out_names[k]));
}

static void size_of(struct run *r, struct job *j)
{
    const struct card_layout *l = &r->c->l;
    static const double paper[2][2] = {{A4_W, A4_H}, {A4_H, A3_H}};
    if (j->kind == OUT_SHARE) j->spec.width = l->share_w, j->spec.height = l->share_h;
    if (j->kind == OUT_SQUARE) j->spec.width = l->square_w, j->spec.height = l->square_h;
    if (j->kind == OUT_A4 || j->kind == OUT_A3) {
        j->spec.width = paper[j->kind - OUT_A4][0];
        j->spec.height = paper[j->kind - OUT_A4][1];
    }
}

/* Checks that the language's font draws every character of the texts. */
static int covered(struct run *r, struct page *p, const struct card_spec *c, const value *at)
{
    const struct card_font *f = &r->c->fonts[p->L->index];
    const char *const all[] = {c->big, c->agency, c->date, c->tags};
    for (int i = 0; i < 4; i++) {
        unsigned cp = all[i] ? card_font_missing(f, all[i]) : 0;
        if (!cp) continue;
        diag_error(DIAG_CARD_GLYPH, p->src, at && i == 0 ? at->line : 0, at && i == 0 ? at->col : 0,
                   "font '%s' has no glyph for U+%04X in the card text for language '%s'; name a "
                   "font that covers it under fonts: in %s",
                   f->family, cp, p->lang, r->c->l.file);
        return -1;
    }
    return 0;
}

static int plan_page(struct run *r, struct page *p)
{
    struct site *s = r->s;
    int postcard = card_is_postcard(p), qr = postcard || r->c->l.qr_pages;
    if (!p->url || !p->out_path || p->kind == PK_404) return 0;
    qr = qr && strlen(p->url) < QR_MAX_URL;
    const char *dir = out_dir(p, &s->a);
    if (qr) plan_file(r, p, OUT_QR, dir)->spec.qr = site_permalink(s, p->L, p->url, &s->a);
    if (p->is_fallback || !(postcard || (r->c->l.title_cards && wants_title_card(p)))) return 0;
    struct card_spec spec = {0};
    const value *at = NULL;
    texts(s, p, &spec, &at, &s->a);
    spec.family = r->c->fonts[p->L->index].family;
    if (covered(r, p, &spec, at) != 0) return -1;
    r->c->pages[p->index].alt = spec.big;
    enum out_kind last = postcard ? OUT_A3 : OUT_SHARE;
    for (enum out_kind k = OUT_SHARE; k <= last; k++) {
        if ((k == OUT_A4 && !r->c->l.poster_a4) || (k == OUT_A3 && !r->c->l.poster_a3)) continue;
        struct job *j = plan_file(r, p, k, dir);
        j->spec = spec;
        j->at = at;
        size_of(r, j);
        if (k != OUT_SHARE && (k != OUT_SQUARE || r->c->l.square_qr) && qr) {
            j->spec.qr = site_permalink(s, p->L, p->url, &s->a);
            j->spec.address = address(s, p, &s->a);
        }
        if (postcard && background(s, p, j, &s->a) != 0) return -1;
    }
    return 0;
}

static void plan_books(struct run *r)
{
    struct site *s = r->s;
    for (size_t i = 0; r->c->l.qr_pages && i < s->n_pubs; i++) {
        const struct publication *pub = &s->pubs[i];
        if (pub->size <= 0) continue;
        const struct lang *L = config_lang(&s->cfg, pub->lang);
        size_t n = strlen(pub->out_rel) - (sizeof ".epub" - 1);
        struct job *j =
            add_job(r, OUT_QR, NULL, arena_printf(&s->a, "%.*s.qr.svg", (int)n, pub->out_rel));
        j->spec.qr = site_permalink(s, L, pub->url, &s->a);
    }
}

/* --- fonts ----------------------------------------------------------------------- */

/* A script font (Noto Sans Thai) draws the Latin letters and digits that
 * Thai or Lao text carries with the default font after it: pango is given
 * both families, and the glyph check accepts either. */
static int with_default(struct card_set *c, arena *a, struct card_font *f)
{
    const char *df = c->l.default_font;
    if (!df || !strcmp(df, f->family)) return 0;
    struct card_font d;
    const char *closest = "";
    if (card_font_resolve(a, df, &d, &closest) != 0) return 0;   /* reported for its language */
    f->fallback = d.charset;
    f->family = arena_printf(a, "%s, %s", f->family, df);
    return 0;
}

static int lang_font(struct card_set *c, arena *a, const struct lang *L)
{
    const value *at;
    const char *family = card_layout_font(&c->l, L->code, &at);
    const char *closest = "";
    struct card_font *f = &c->fonts[L->index];
    if (card_font_resolve(a, family, f, &closest) != 0) {
        diag_error(DIAG_CARD_FONT_MISSING,
            c->l.file, at ? at->line : 0, at ? at->col : 0,
            "font '%s' for language '%s' is not "
            "installed (fontconfig offers '%s' instead); install it (Debian: fonts-noto-core) or "
            "list its file under font_files:",
            family, L->code, closest);
        return -1;
    }
    unsigned miss = 0;
    if (card_font_covers_lang(f, L->code, &miss) == 0) {
        diag_error(DIAG_CARD_GLYPH,
            c->l.file, at ? at->line : 0, at ? at->col : 0,
            "font '%s' cannot draw language '%s' "
            "(%s): it has no glyph for U+%04X; name a font that covers its script under fonts:",
            family, L->code, L->name, miss);
        return -1;
    }
    return with_default(c, a, f);
}

static int fonts(struct site *s, struct card_set *c)
{
    const char *badf = NULL;
    if (card_font_register(c->l.font_files, c->l.n_font_files, &badf) != 0) {
        diag_error(DIAG_CARD_FONT_FILE, badf, 0, 0,
                   "fontconfig cannot read this font file; use a TrueType or OpenType file");
        return -1;
    }
    c->fonts = calloc(s->cfg.n_langs, sizeof *c->fonts);
    if (!c->fonts) die_oom();
    c->n_fonts = s->cfg.n_langs;
    int bad = 0;
    for (size_t i = 0; i < s->cfg.n_langs; i++)
        if (lang_font(c, &s->a, &s->cfg.langs[i]) != 0) bad = -1;
    return bad;
}

/* --- drawing ------------------------------------------------------------------ */

static void job_key(struct run *r, const struct job *j, char hex[65])
{
    const struct card_spec *c = &j->spec;
    const struct card_font *f = &r->c->fonts[j->p->L->index];
    struct card_key *k = card_key_new();
    card_key_add(k, "loa-card-1 " LOA_VERSION);
    card_key_add(k, r->c->theme_key);
    card_key_add(k, out_names[j->kind]);
    card_key_addf(k, c->width);
    card_key_addf(k, c->height);
    const char *const strs[] = {f->family,  f->files[0], f->files[1],  c->lang,
                                c->big,     c->agency,   c->date,      c->tags,
                                c->address, c->qr,       c->pdf_title, c->pdf_date};
    for (size_t i = 0; i < sizeof strs / sizeof *strs; i++) card_key_add(k, strs[i]);
    card_key_addf(k, (double)f->stamp);
    card_key_addf(k, c->is_title);
    card_key_addf(k, c->focal_x);
    card_key_addf(k, c->focal_y);
    if (c->background) card_key_file(k, c->background);
    card_key_finish(k, hex);
}

static void report(struct run *r, const struct job *j, enum card_status st)
{
    struct page *p = j->p;
    if (r->reported[p->index]++) return;   /* one message per page, not one per format */
    const value *at = st == CARD_BAD_BACKGROUND ? j->bg_at : j->at;
    unsigned line = at ? at->line : 0, col = at ? at->col : 0;
    const char *fam = r->c->fonts[p->L->index].family;
    if (st == CARD_TOO_LONG)
        diag_error(DIAG_CARD_FIT, p->src, line, col,
                   "slogan does not fit on the %s (%gx%g) even at its smallest size; "
                   "shorten it, or lower slogan: min_size in %s",
                   out_what[j->kind], j->spec.width, j->spec.height, r->c->l.file);
    else if (st == CARD_BAD_BACKGROUND)
        diag_error(DIAG_CARD_BACKGROUND, p->src, line, col,
                   "the background image cannot be read; re-save it as PNG or JPEG");
    else if (st == CARD_MISSING_GLYPH)
        diag_error(DIAG_CARD_GLYPH, p->src, line, col,
                   "font '%s' cannot draw every character of this text for language "
                   "'%s'; name a font that covers it under fonts: in %s",
                   fam, p->lang, r->c->l.file);
    else
        diag_error(DIAG_CARD_DRAW,
                   p->src, 0, 0, "cannot draw the %s (cairo failed; check logo: in %s)",
                   out_what[j->kind], r->c->l.file);
}

static enum card_status draw(struct run *r, const struct job *j, unsigned w, buf *out)
{
    if (!r->fonts[w]) r->fonts[w] = card_fonts_new();
    if (j->kind == OUT_A4 || j->kind == OUT_A3)
        return card_draw_pdf(&r->c->l, &j->spec, r->fonts[w], out);
    return card_draw_png(&r->c->l, &j->spec, r->fonts[w], out);
}

/* Puts the drawing in place: a hard link to the cache entry (no copy, and
 * the same inode and modification time build after build), else a copy. */
static int place(struct run *r, const struct job *j, const char *key, const char *ext,
                 const buf *drawn)
{
    /* the output path is made and checked in one place (site/output.c) */
    char *dest = output_file(r->s->out, j->rel);
    long long size = 0;
    int ok = dest && card_cache_link(r->c->cache, key, ext, dest, &size) == 0;
    free(dest);
    if (ok) {
        r->c->pages[j->p->index].f[j->kind].size = size;
        return 0;
    }
    buf b = BUF_INIT;
    if (!drawn && card_cache_get(r->c->cache, key, ext, &b) == 0) drawn = &b;
    int res = drawn ? site_write(r->s, j->rel, drawn->data, drawn->len) : -1;
    if (res == 0) r->c->pages[j->p->index].f[j->kind].size = (long long)drawn->len;
    buf_release(&b);
    return res;
}

static void run_job(void *ctx, size_t i, unsigned w)
{
    struct run *r = ctx;
    struct job *j = &r->jobs[i];
    buf out = BUF_INIT;
    if (j->kind == OUT_QR) {
        if (card_qr_svg(j->spec.qr, &out) == 0) site_write(r->s, j->rel, out.data, out.len);
        buf_release(&out);
        return;
    }
    char key[65];
    const char *ext = j->kind == OUT_A4 || j->kind == OUT_A3 ? "pdf" : "png";
    job_key(r, j, key);
    if (place(r, j, key, ext, NULL) == 0) return;
    enum card_status st = draw(r, j, w, &out);
    if (st != CARD_OK) {
        j->status = st;   /* reported after the run, in a stable order */
        r->failed = 1;
    } else {
        card_cache_put(r->c->cache, key, ext, out.data, out.len);
        if (place(r, j, key, ext, &out) != 0) r->failed = 1;
    }
    buf_release(&out);
}

static void theme_key(struct card_set *c)
{
    struct card_key *k = card_key_new();
    card_key_file(k, c->l.file);
    if (c->l.logo) card_key_file(k, c->l.logo);
    card_key_finish(k, c->theme_key);
}

static int plan(struct run *r)
{
    struct site *s = r->s;
    int bad = 0;
    for (size_t i = 0; i < s->n_pages; i++)
        if (plan_page(r, s->pages[i]) != 0) bad = -1;
    plan_books(r);
    return bad;
}

int card_stage(struct site *s)
{
    struct card_set *c = calloc(1, sizeof *c);
    if (!c) die_oom();
    int lr = card_layout_load(&s->a, s->theme_dir, &c->l);
    if (lr != 0) {
        free(c);
        return lr < 0 ? -1 : 0;
    }
    s->cards = c;
    c->n_pages = s->n_pages;
    c->pages = calloc(s->n_pages + 1, sizeof *c->pages);
    c->cache = fs_join(s->cache_dir, "cards");
    if (!c->pages || !c->cache) die_oom();
    if (fonts(s, c) != 0) return -1;
    theme_key(c);
    struct run r = {.s = s, .c = c};
    r.reported = calloc(s->n_pages + 1, 1);
    r.fonts = calloc(s->o.jobs, sizeof *r.fonts);
    if (!r.reported || !r.fonts) die_oom();
    int bad = plan(&r);
    if (bad == 0 && !s->o.dry) pool_run(r.n, s->o.jobs, run_job, &r);   /* loa check: no drawing */
    for (size_t i = 0; i < r.n; i++)
        if (r.jobs[i].status != CARD_OK) report(&r, &r.jobs[i], r.jobs[i].status);
    for (unsigned w = 0; w < s->o.jobs; w++) card_fonts_free(r.fonts[w]);
    free(r.fonts);
    free((void *)r.reported);
    free(r.jobs);
    return bad || r.failed ? -1 : 0;
}

void card_set_free(struct card_set *c)
{
    if (!c) return;
    for (size_t i = 0; i < c->n_fonts; i++) card_font_release(&c->fonts[i]);
    free(c->fonts);
    free(c->pages);
    free(c->cache);
    free(c);
}

/* --- values for templates ------------------------------------------------------ */

static value *file_val(struct site *s, const struct page *p, const struct card_file *f, arena *a)
{
    value *v = val_map(a);
    val_add_ref(a, v, "url", val_str(a, f->url));
    val_add_ref(a, v, "permalink", val_str(a, site_permalink(s, p->L, f->url, a)));
    if (f->size) val_add_ref(a, v, "size_human", val_str(a, ctx_size_human(f->size, a)));
    return v;
}

/* The page whose card p shows: its own, the original of a fallback copy,
 * else the home page of its language (the site's card). */
static const struct page *card_owner(struct site *s, const struct page *p, int site_card)
{
    const struct card_set *c = s->cards;
    if (p->is_fallback && p->fallback_of) p = p->fallback_of;
    if (p->index < c->n_pages && s->pages[p->index] == p && c->pages[p->index].f[OUT_SHARE].size)
        return p;
    const struct page *home = site_card ? s->ls[p->L->index].home : NULL;
    return home && home->index < c->n_pages && c->pages[home->index].f[OUT_SHARE].size ? home
                                                                                       : NULL;
}

int card_drawn_for(const struct site *s, const struct page *p)
{
    const struct card_set *c = s->cards;
    if (!c) return 0;
    if (p->is_fallback && p->fallback_of) p = p->fallback_of;
    if (p->index >= c->n_pages || s->pages[p->index] != p) return 0;
    for (int k = OUT_SHARE; k < OUT_QR; k++)
        if (c->pages[p->index].f[k].size) return 1;
    return 0;
}

value *card_og_image(struct site *s, const struct page *p, int site_card, arena *a)
{
    if (!s->cards) return NULL;
    const struct page *o = card_owner(s, p, site_card);
    if (!o) return NULL;
    const struct card_page *cp = &s->cards->pages[o->index];
    value *v = file_val(s, o, &cp->f[OUT_SHARE], a);
    val_add_ref(a, v, "width", val_int(a, s->cards->l.share_w));
    val_add_ref(a, v, "height", val_int(a, s->cards->l.share_h));
    val_add_ref(a, v, "alt", val_str(a, cp->alt ? cp->alt : ""));
    val_add_ref(a, v, "type", val_str(a, "image/png"));
    return v;
}

value *card_page_value(struct site *s, const struct page *p, arena *a)
{
    if (!s->cards || !card_is_postcard(p)) return NULL;
    const struct page *o = p->is_fallback && p->fallback_of ? p->fallback_of : p;
    if (o->index >= s->cards->n_pages || s->pages[o->index] != o) return NULL;
    const struct card_page *cp = &s->cards->pages[o->index];
    if (!cp->f[OUT_SHARE].size) return NULL;
    value *v = val_map(a), *posters = val_list(a);
    value *share = file_val(s, o, &cp->f[OUT_SHARE], a),
          *sq = file_val(s, o, &cp->f[OUT_SQUARE], a);
    val_add_ref(a, share, "width", val_int(a, s->cards->l.share_w));
    val_add_ref(a, share, "height", val_int(a, s->cards->l.share_h));
    val_add_ref(a, sq, "width", val_int(a, s->cards->l.square_w));
    val_add_ref(a, sq, "height", val_int(a, s->cards->l.square_h));
    val_add_ref(a, v, "share", share);
    val_add_ref(a, v, "square", sq);
    val_add_ref(a, v, "alt", val_str(a, cp->alt ? cp->alt : ""));
    for (int k = OUT_A4; k <= OUT_A3; k++) {
        if (!cp->f[k].size) continue;
        value *e = file_val(s, o, &cp->f[k], a);
        val_add_ref(a, e, "paper", val_str(a, k == OUT_A4 ? "A4" : "A3"));
        val_push(a, posters, e);
    }
    val_add_ref(a, v, "posters", posters);
    if (cp->f[OUT_QR].url) val_add_ref(a, v, "qr", file_val(s, o, &cp->f[OUT_QR], a));
    return v;
}

value *card_qr_value(struct site *s, const struct page *p, arena *a)
{
    if (!s->cards || p->index >= s->cards->n_pages || s->pages[p->index] != p) return NULL;
    const struct card_file *f = &s->cards->pages[p->index].f[OUT_QR];
    return f->url ? file_val(s, p, f, a) : NULL;
}
