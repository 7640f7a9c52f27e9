/* render: pages through their layouts.  The model is finished first: the
 * listings' pages are planned (their URLs registered) and the Markdown of
 * pages whose summaries other pages show while they render (series parts)
 * is made.  Then regular pages (in parallel: Markdown, view, layout,
 * write; each keeps only its summary for the listings), then the listings
 * (sections, home, taxonomies, terms, 404), paginated, also in parallel.
 * Templates read the model through a view (view.h); what each output
 * reads is recorded in s->deps. */
#include "site.h"
#include "assets.h"
#include "media.h"
#include "context.h"
#include "deps.h"
#include "output.h"
#include "view.h"
#include "../data/value.h"
#include "../i18n/strings.h"
#include "../markdown/markdown.h"
#include "../templates/mustache.h"
#include "../util/buf.h"
#include "../util/diag.h"
#include "../util/fs.h"
#include "../util/pool.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

struct worker { arena scratch; buf out; deps_rec *rec; unsigned long resolved; };

/* One page of one listing; the plan is kept with the build for loa serve. */
struct list_job { struct page *p; struct ctx_listing list; const char *out_path; };

struct render_ctx {
    struct site *s;
    struct worker *w;
    struct page **items; size_t n;
    struct list_job *jobs;
    pthread_mutex_t layout_lock;
    hmap layouts;
    _Atomic int failed;
    atomic_size_t done;       /* pages rendered, for the progress line */
    size_t total;
    int progress;             /* on a terminal, not --quiet, a long build */
    int again;                /* site_render_again: records replace the build's */
    pthread_mutex_t deps_lock;   /* site_render_again: deps_replace runs on one thread at a time */
};

/* "loa: 12000/35000 pages" on the terminal's last line, now and then. */
static void progress(struct render_ctx *x)
{
    size_t d = atomic_fetch_add(&x->done, 1) + 1;
    if (x->progress && (d % 1000 == 0 || d == x->total))
        fprintf(stderr, "\rloa: %zu/%zu pages%s", d, x->total, d == x->total ? "\r\033[K" : "");
}

static const char *const kind_names[] = {"page", "section", "home", "taxonomy", "term", "404"};

/* Front matter 'layout: NAME' (as in Hugo): a plain name, else ignored
 * (site_lint warns). */
static const char *fm_layout(const struct page *p)
{
    const char *l = val_cstr(val_get(p->fm, "layout"));
    return l && *l && !strchr(l, '/') && !strchr(l, '.') ? l : NULL;
}

static size_t leaf_names(const struct page *p, const char *leaf, const char **names, arena *a)
{
    size_t n = 0;
    const char *ty = p->type, *sec = p->section;
    if (ty && *ty) names[n++] = arena_printf(a, "%s/%s", ty, leaf);
    if (sec && *sec && (!ty || strcmp(ty, sec))) names[n++] = arena_printf(a, "%s/%s", sec, leaf);
    names[n++] = arena_printf(a, "_default/%s", leaf);
    return n;
}

/* Candidate layout names in lookup order (see themes/portal/README.md). */
static size_t layout_names(const struct page *p, const char *names[7], arena *a)
{
    size_t n = 0;
    switch (p->kind) {
    case PK_PAGE:
    case PK_SECTION:
        if (fm_layout(p)) n = leaf_names(p, fm_layout(p), names, a);
        n += leaf_names(p, p->kind == PK_PAGE ? "single" : "list", names + n, a);
        break;
    case PK_HOME: names[n++] = "index"; names[n++] = "_default/list"; break;
    case PK_TAXONOMY: names[n++] = "taxonomy/terms"; names[n++] = "_default/list"; break;
    case PK_TERM: names[n++] = "taxonomy/term"; names[n++] = "_default/list"; break;
    case PK_404: names[n++] = "404"; names[n++] = "_default/single"; break;
    }
    return n;
}

/* type comes from front matter and names a folder of the theme:
 * '../../x' would read a layout from outside it. */
static int type_ok(const struct page *p)
{
    const char *why = p->type ? fs_check_rel(p->type) : NULL;
    if (!why) return 1;
    const value *tv = val_get(p->fm, "type");
    diag_error(DIAG_LAYOUT_TYPE_BAD,
               p->src, tv ? tv->line : 0, tv ? tv->col : 0, "type '%s' is not the name of a "
               "layout folder in the theme (%s); use a plain name such as 'story'", p->type, why);
    return 0;
}

static const mus_template *find_layout(struct render_ctx *x, const struct page *p,
                                       const char *key, arena *a)
{
    const char *names[7];
    size_t n = layout_names(p, names, a);
    const mus_template *t = NULL;
    for (size_t i = 0; i < n && !t; i++) t = mus_get(x->s->tpl, names[i]);
    int exists = 0;   /* a layout that exists but does not compile was reported already */
    for (size_t i = 0; i < n && !t; i++)
        exists |= !site_theme_read(x->s, arena_printf(a, "layouts/%s.mustache", names[i]), NULL);
    if (t) hmap_put(&x->layouts, arena_strdup(&x->s->a, key), (void *)t);
    else if (exists) hmap_put(&x->layouts, arena_printf(&x->s->a, "!%s", key), (void *)1);
    else {
        buf tried = BUF_INIT;
        for (size_t i = 0; i < n; i++)
            buf_printf(&tried, "%s%s/layouts/%s.mustache", i ? ", " : "", x->s->theme_dir,
                       names[i]);
        diag_error(DIAG_LAYOUT_MISSING, p->src ? p->src : x->s->theme_dir, 0, 0,
                   "no layout for this %s page (type '%s'): add one of %s", kind_names[p->kind],
                   p->type ? p->type : "", tried.data);
        buf_release(&tried);
        hmap_put(&x->layouts, arena_printf(&x->s->a, "!%s", key), (void *)1);
    }
    return t;
}

static const mus_template *layout_for(struct render_ctx *x, const struct page *p, arena *a)
{
    const char *key = arena_printf(a, "%d|%s|%s|%s", (int)p->kind, p->type ? p->type : "",
                                   p->section ? p->section : "", fm_layout(p) ? fm_layout(p) : "");
    pthread_mutex_lock(&x->layout_lock);
    const mus_template *t = hmap_get(&x->layouts, key);
    if (!t && !hmap_get(&x->layouts, arena_printf(a, "!%s", key))) {
        if (type_ok(p)) t = find_layout(x, p, key, a);
        else hmap_put(&x->layouts, arena_printf(&x->s->a, "!%s", key), (void *)1);
    }
    pthread_mutex_unlock(&x->layout_lock);
    return t;
}

int site_layout_exists(struct site *s, const struct page *p, const char *name)
{
    const char *names[3];
    arena a;
    arena_init(&a);
    size_t n = leaf_names(p, name, names, &a);
    int found = 0;
    for (size_t i = 0; i < n && !found; i++)
        found = !site_theme_read(s, arena_printf(&a, "layouts/%s.mustache", names[i]), NULL);
    arena_release(&a);
    return found;
}

static void used_template(void *rec, const mus_template *t)
{
    deps_template(rec, mus_template_path(t));
}

/* A view for one output on worker w: its nodes live in the scratch arena,
 * what it reads goes in w's record. */
static struct view view_for(struct render_ctx *x, struct worker *w)
{
    deps_rec_reset(w->rec);
    return (struct view){x->s, &w->scratch, w->rec, 0};
}

static int render_to(struct render_ctx *x, struct worker *w, const struct page *p, struct view *v,
                     value *root, const char *out_path)
{
    const mus_template *t = layout_for(x, p, &w->scratch);
    if (!t) return -1;
    buf_clear(&w->out);
    struct mus_render_opts o = {.strict = x->s->o.strict, .subject = p->src ? p->src : out_path,
                                .used = used_template, .used_ud = w->rec};
    int r = mus_render(x->s->tpl, t, &view_ops, v, root, &o, &w->out);
    w->resolved += v->resolved;
    if (r != 0) return -1;
    if (x->again) {
        pthread_mutex_lock(&x->deps_lock);
        deps_replace(x->s->deps, out_path, w->rec);
        pthread_mutex_unlock(&x->deps_lock);
    } else {
        deps_commit(x->s->deps, out_path, w->rec);
    }
    return site_write(x->s, out_path, w->out.data, w->out.len);
}

/* --- Markdown with links and images resolved ------------------------------ */

struct hook_ctx { struct site *s; const struct page *p; arena *a; int bad; };

static const char *hook_link(void *ud, const char *href, unsigned line, unsigned col)
{
    struct hook_ctx *h = ud;
    const char *frag;
    int missing;
    struct page *t = asset_link_target(h->s, h->p, href, &frag, &missing, h->a);
    if (missing < 0) h->bad = 1;
    if (missing < 0) return NULL;
    if (missing) {
        diag_error(DIAG_LINK_MISSING,
                   h->p->src, line, col, "link to '%s': no such content file; fix the path "
                   "(it is relative to this file)", href);
        h->bad = 1;
        return NULL;
    }
    if (t) return arena_printf(h->a, "%s%s", t->url, frag);
    const char *why, *to = asset_link_resolve(h->s, h->p, href, &why, h->a);
    if (why) {
        diag_error(DIAG_LINK_BAD, h->p->src, line, col, "link to '%s': %s", href, why);
        h->bad = 1;
    }
    return to;
}

static const char *hook_image(void *ud, const char *src, const char *alt, unsigned line, unsigned col)
{
    struct hook_ctx *h = ud;
    struct page_image im;
    int r = asset_resolve(h->s, h->p, src, &im, h->a);
    if (r < 0) {
        diag_error(DIAG_IMAGE_MISSING,
                   h->p->src, line, col, "image '%s' does not exist; fix the path (relative to this file) "
                   "or add the file", src);
        h->bad = 1;
        return NULL;
    }
    const char *why = r == 0 ? asset_image_problem(h->s, h->p, src, h->a) : NULL;
    if (why) {
        diag_error(DIAG_IMAGE_BAD, h->p->src, line, col, "image '%s' %s", src, why);
        h->bad = 1;
    }
    if (!alt || !*alt)
        diag_warn(DIAG_IMAGE_NO_ALT,
                  h->p->src, line, col, "image '%s' has no alt text; describe it in ![...] for readers "
                  "who cannot see it", src);
    return r == 0 ? im.url : NULL;
}

static int hook_size(void *ud, const char *src, unsigned *w, unsigned *h)
{
    struct hook_ctx *hc = ud;
    struct page_image im;
    if (asset_resolve(hc->s, hc->p, src, &im, hc->a) != 0 || !im.width || !im.height) return -1;
    *w = (unsigned)im.width;
    *h = (unsigned)im.height;
    return 0;
}

static int hook_srcset(void *ud, const char *src, const char **srcset, const char **webp,
                       const char **avif)
{
    struct hook_ctx *hc = ud;
    struct page_image im;
    struct media_srcsets set;
    if (asset_resolve(hc->s, hc->p, src, &im, hc->a) != 0) return -1;
    if (media_srcset(hc->s, &im, hc->a, &set) != 0) return -1;
    *srcset = set.fallback;
    *webp = set.webp;
    *avif = set.avif;
    return 0;
}

int site_markdown(struct site *s, const struct page *p, int xhtml, arena *a, struct md_result *md)
{
    return site_markdown_hooks(s, p, xhtml, a, md, NULL);
}

int site_markdown_hooks(struct site *s, const struct page *p, int xhtml, arena *a, struct md_result *md,
                        const struct md_link_hooks *given)
{
    const struct page *from = p->fallback_of && p->kind != PK_PAGE ? p->fallback_of : p;
    memset(md, 0, sizeof *md);
    if (!from->src) return 0;
    buf text = BUF_INIT;
    int clean = from->text_clean;
    unsigned long long hash = from->text_hash, size = from->text_size;
    if (site_load_text(from->src, &text, 0, &clean, &hash, &size) != 0) { buf_release(&text); return -1; }
    struct hook_ctx h = {s, p, a, 0};
    struct md_link_hooks hooks = {&h, hook_link, hook_image, hook_size, hook_srcset};
    const struct lang *text_lang = p->fallback_of ? p->fallback_of->L : p->L;
    struct md_opts o = {
        .file = from->src, .line_offset = from->body_line - 1, .unsafe_html = s->cfg.unsafe_html,
        .xhtml = xhtml, .hooks = given ? given : &hooks, .summary_chars = (size_t)s->cfg.summary_chars,
        .repeat = p->is_fallback,
        .lang_chain = p->L ? p->L->chain : NULL, .n_lang_chain = p->L ? p->L->n_chain : 0,
        .data_dir = s->cl.data_dir ? s->cl.data_dir : arena_printf(a, "%s/data", s->o.content_dir),
        .quote_open = text_lang ? text_lang->quote_open : NULL,   /* the text's language's marks */
        .quote_close = text_lang ? text_lang->quote_close : NULL,
        .shift_headings = 1,
        .utf8_checked = 1,   /* site_load_text refuses invalid UTF-8 */
    };
    size_t off = from->body_off < text.len ? from->body_off : text.len;
    int r = md_render(a, text.data + off, text.len - off, &o, md);
    buf_release(&text);
    return r != 0 || h.bad ? -1 : 0;
}

/* Front matter images are checked once, with their position. */
static int check_fm_images(struct site *s, const struct page *p, arena *a)
{
    static const char *const keys[] = {"image", "hero", "cover"};
    int bad = 0;
    if (p->is_fallback) return 0;
    for (int i = 0; i < 3; i++) {
        value *v = val_get(p->fm, keys[i]);
        struct page_image im;
        if (!val_cstr(v) || !*val_cstr(v)) continue;
        const char *why;
        if (asset_resolve(s, p, val_cstr(v), &im, a) < 0) {
            diag_error(DIAG_IMAGE_MISSING,
                       p->src, v->line, v->col, "image '%s' does not exist; fix the path (relative to this "
                       "file) or add the file", val_cstr(v));
            bad = 1;
        } else if ((why = asset_image_problem(s, p, val_cstr(v), a))) {
            diag_error(DIAG_IMAGE_BAD, p->src, v->line, v->col, "image '%s' %s", val_cstr(v), why);
            bad = 1;
        } else if (!val_cstr(val_get(p->fm, arena_printf(a, "%s_alt", keys[i])))) {
            diag_warn(DIAG_IMAGE_NO_ALT,
                      p->src, v->line, v->col, "image '%s' has no alt text; add '%s_alt:' describing it",
                      val_cstr(v), keys[i]);
        }
    }
    value *ph = val_get(p->fm, "photos");
    const char *why;
    for (size_t k = 0; ph && ph->kind == VAL_LIST && k < ph->u.list.n; k++) {
        value *it = ph->u.list.items[k], *src = val_get(it, "src");
        struct page_image im;
        if (!val_cstr(src)) {
            diag_error(DIAG_PHOTO_NO_SRC,
                       p->src, it->line, it->col, "each photo needs 'src:' (and 'alt:', 'caption:')");
            bad = 1;
        } else if (asset_resolve(s, p, val_cstr(src), &im, a) < 0) {
            diag_error(DIAG_IMAGE_MISSING,
                       p->src, src->line, src->col, "image '%s' does not exist", val_cstr(src));
            bad = 1;
        } else if ((why = asset_image_problem(s, p, val_cstr(src), a))) {
            diag_error(DIAG_IMAGE_BAD,
                       p->src, src->line, src->col, "image '%s' %s", val_cstr(src), why);
            bad = 1;
        } else if (!val_cstr(val_get(it, "alt"))) {
            diag_warn(DIAG_IMAGE_NO_ALT,
                      p->src, src->line, src->col, "photo '%s' has no alt text; add 'alt:'", val_cstr(src));
        }
    }
    return bad ? -1 : 0;
}

/* --- regular pages ------------------------------------------------------------ */

/* What one page's Markdown gives the others: set before any page that
 * shows it renders, by the page's own render (listings render after every
 * regular page) or by prepare_part (series parts show each other's). */
static void set_summary(struct page *p, const struct md_result *md, arena *keep)
{
    const char *sum = p->summary_fm ? p->summary_fm : md->summary ? md->summary : "";
    /* loa serve renders pages again: most keep theirs, and a copy each time would grow */
    if (!p->summary || strcmp(p->summary, sum)) p->summary = arena_strdup(keep, sum);
    p->word_count = md->word_count;
}

/* A part of an e-magazine series: its page lists every part with its
 * summary (context.c, series_val). */
static int is_series_part(const struct page *p)
{
    const struct page *sec = p->parent;
    return sec && sec->kind == PK_SECTION && sec->ct && ctype_def(sec->ct)->series_book &&
           sec->n_children;
}

/* Series parts read each other's summaries while they render: their
 * Markdown is made first, in a pass of its own, and kept for their render
 * (no page reads a summary another thread is writing). */
static void prepare_part(void *vx, size_t i, unsigned wi)
{
    struct render_ctx *x = vx;
    struct page *p = x->items[i];
    arena *keep = &x->s->worker_arenas[wi];
    struct md_result *md = arena_alloc(keep, sizeof *md);
    p->md_failed = site_markdown(x->s, p, 0, keep, md) != 0;
    set_summary(p, md, keep);
    p->md = md;
}

static void render_regular(void *vx, size_t i, unsigned wi)
{
    struct render_ctx *x = vx;
    struct site *s = x->s;
    struct worker *w = &x->w[wi];
    struct page *p = x->items[i];
    arena *keep = &s->worker_arenas[wi];
    arena_reset(&w->scratch);
    struct md_result md;
    int bad = check_fm_images(s, p, &w->scratch);
    if (p->md) {
        md = *p->md;
        bad |= p->md_failed;
    } else {
        if (site_markdown(s, p, 0, &w->scratch, &md) != 0) bad = 1;
        set_summary(p, &md, keep);
    }
    if (bad) { x->failed = 1; return; }
    site_search_page(s, p, &md, wi, &w->scratch);
    if (!output_take(s->out, p->out_path)) return;   /* another shard's */
    struct view v = view_for(x, w);
    value *root = ctx_root_node(&v, p, ctx_page_node(&v, p, &md, NULL), NULL);
    if (render_to(x, w, p, &v, root, p->out_path) != 0) x->failed = 1;
    progress(x);
}

/* --- listings ------------------------------------------------------------------ */

static void render_list(void *vx, size_t i, unsigned wi)
{
    struct render_ctx *x = vx;
    struct site *s = x->s;
    struct worker *w = &x->w[wi];
    struct list_job *j = &x->jobs[i];
    struct page *p = j->p;
    arena *a = &w->scratch;
    arena_reset(a);
    struct md_result md;
    size_t num = j->list.num;
    if (num == 1 && site_markdown(s, p, 0, a, &md) != 0) { x->failed = 1; return; }
    if (num == 1) site_search_page(s, p, &md, wi, a);
    if (!output_take(s->out, j->out_path)) return;   /* another shard's */
    if (num > 1) memset(&md, 0, sizeof md);
    struct view v = view_for(x, w);
    value *pv = ctx_page_node(&v, p, &md, num > 1 ? j->list.url : NULL);
    value *root = ctx_root_node(&v, p, pv, &j->list);
    if (render_to(x, w, p, &v, root, j->out_path) != 0) x->failed = 1;
    progress(x);
}

static void plan_lists(struct site *s, struct render_ctx *x)
{
    size_t cap = 64, n = 0;
    x->jobs = malloc(cap * sizeof *x->jobs);
    for (size_t i = 0; i < s->n_pages; i++) {
        struct page *p = s->pages[i];
        if (p->kind == PK_PAGE) continue;
        if (!p->summary_val) {
            p->summary = p->summary_fm ? p->summary_fm : "";
            p->summary_val = ctx_summary(s, p, &s->a);
        }
        struct page **items;
        size_t ni, per = (size_t)s->cfg.paginate;
        ctx_list_items(s, p, &items, &ni);
        size_t total = p->kind == PK_SECTION || p->kind == PK_TERM ? (ni + per - 1) / per : 1;
        if (total < 1) total = 1;
        for (size_t k = 1; k <= total; k++) {
            if (n == cap) { cap *= 2; x->jobs = realloc(x->jobs, cap * sizeof *x->jobs); }
            if (!x->jobs) die_oom();
            struct list_job *j = &x->jobs[n++];
            j->p = p;
            j->list = (struct ctx_listing){k, total, ctx_pager_url(p, k, &s->a)};
            /* out_path ends in index.html: page N goes in page/N/ beside it */
            j->out_path = k == 1 ? p->out_path : arena_printf(&s->a, "%.*spage/%zu/index.html",
                                         (int)(strlen(p->out_path) - strlen("index.html")), p->out_path, k);
            if (k > 1) site_register_url(s, p, j->out_path, NULL);
        }
    }
    x->n = n;
}

/* Series parts show each other's summaries: their Markdown is made in a
 * pass of its own, before any page renders. */
static void prepare_parts(struct site *s, struct render_ctx *x, struct page **regular, size_t n)
{
    x->items = malloc((n + 1) * sizeof *x->items);
    if (!x->items) die_oom();
    x->n = 0;
    for (size_t i = 0; i < n; i++)
        if (is_series_part(regular[i])) x->items[x->n++] = regular[i];
    pool_run(x->n, s->o.jobs, prepare_part, x);
    free(x->items);
    x->items = NULL;
}

/* Everything one page may read of another is made here, before any
 * rendering: `site` and `t` per language, the listings' pages and their
 * URLs, the summaries of sections and of series parts.  Rendering only
 * reads the model. */
static void finish_model(struct site *s, struct render_ctx *x, struct page **regular, size_t n)
{
    for (size_t l = 0; l < s->cfg.n_langs; l++) {
        struct lang_state *ls = &s->ls[l];
        ls->t = i18n_strings_for(s->strings, ls->L->chain, ls->L->n_chain, &s->a);
        ls->site_val = ctx_site(s, ls);
    }
    plan_lists(s, x);
    size_t n_jobs = x->n;
    prepare_parts(s, x, regular, n);
    x->n = n_jobs;
}

static void workers_end(struct site *s, struct render_ctx *x)
{
    for (unsigned k = 0; k < s->o.jobs; k++) {
        s->n_resolved += x->w[k].resolved;
        arena_release(&x->w[k].scratch);
        buf_release(&x->w[k].out);
        deps_rec_free(x->w[k].rec);
    }
    free(x->w);
}

int site_render_pages(struct site *s)
{
    unsigned jobs = s->o.jobs;
    struct render_ctx x = {.s = s};
    x.w = calloc(jobs, sizeof *x.w);
    if (!x.w) die_oom();
    /* what each output reads is kept for loa serve and --explain only: a
     * one-shot build would sort and store it for nobody */
    for (unsigned k = 0; s->o.record_deps && k < jobs; k++) x.w[k].rec = deps_rec_new();
    if (!s->deps && s->o.record_deps) s->deps = deps_new();
    pthread_mutex_init(&x.layout_lock, NULL);
    hmap_init(&x.layouts);
    struct page **regular = malloc((s->n_pages + 1) * sizeof *regular);
    if (!regular) die_oom();
    size_t n_regular = 0;
    for (size_t i = 0; i < s->n_pages; i++)
        if (s->pages[i]->kind == PK_PAGE) regular[n_regular++] = s->pages[i];
    finish_model(s, &x, regular, n_regular);
    size_t n_lists = x.n;
    x.total = n_regular + n_lists;
    x.progress = !s->o.quiet && isatty(2) && x.total >= 2000;
    atomic_init(&x.done, 0);
    x.items = regular;
    pool_run(n_regular, jobs, render_regular, &x);
    free(regular);
    x.items = NULL;
    pool_run(n_lists, jobs, render_list, &x);
    s->jobs = x.jobs;   /* kept for site_render_again; freed by site_release */
    s->n_jobs = n_lists;
    s->n_rendered = atomic_load(&x.done);
    deps_finish(s->deps);
    workers_end(s, &x);
    hmap_release(&x.layouts);
    pthread_mutex_destroy(&x.layout_lock);
    return x.failed ? -1 : 0;
}

/* --- loa serve: outputs rendered again ------------------------------------------ */

/* out_path -> regular page, or listing job shifted and tagged by the low
 * bit; kept with the build (outputs do not move in loa serve's quick
 * path). */
hmap *site_output_index(struct site *s)
{
    if (s->out_index) return s->out_index;
    hmap *where = malloc(sizeof *where);
    if (!where) die_oom();
    hmap_init(where);
    for (size_t i = 0; i < s->n_pages; i++)
        if (s->pages[i]->kind == PK_PAGE && s->pages[i]->out_path)
            hmap_put(where, s->pages[i]->out_path, s->pages[i]);
    for (size_t k = 0; k < s->n_jobs; k++)
        hmap_put(where, s->jobs[k].out_path, (void *)(((uintptr_t)k << 1) | 1));
    s->out_index = where;
    return where;
}

/* Sorts paths into the regular pages (x->items) and the listing pages
 * (x->jobs, copies of the plan's); -1 when one is neither. */
static int sort_again(struct site *s, struct render_ctx *x, const char *const *paths, size_t n,
                      size_t *n_regular)
{
    hmap *where = site_output_index(s);
    x->items = malloc((n + 1) * sizeof *x->items);
    x->jobs = malloc((n + 1) * sizeof *x->jobs);
    if (!x->items || !x->jobs) die_oom();
    *n_regular = x->n = 0;
    for (size_t i = 0; i < n; i++) {
        uintptr_t v = (uintptr_t)hmap_get(where, paths[i]);
        if (!v) return -1;   /* not a page or a listing: the caller builds the whole site */
        if (v & 1) x->jobs[x->n++] = s->jobs[v >> 1];
        else x->items[(*n_regular)++] = (struct page *)v;
    }
    return 0;
}

int site_render_again(struct site *s, const char *const *paths, size_t n)
{
    unsigned jobs = s->o.jobs;
    struct render_ctx x = {.s = s, .again = 1};
    x.w = calloc(jobs, sizeof *x.w);
    if (!x.w) die_oom();
    for (unsigned k = 0; k < jobs; k++) x.w[k].rec = deps_rec_new();
    pthread_mutex_init(&x.layout_lock, NULL);
    pthread_mutex_init(&x.deps_lock, NULL);
    hmap_init(&x.layouts);
    atomic_init(&x.done, 0);
    size_t n_regular;
    int r = sort_again(s, &x, paths, n, &n_regular);
    /* regular pages first: they set the summaries listings show */
    if (r == 0) pool_run(n_regular, jobs, render_regular, &x);
    if (r == 0) pool_run(x.n, jobs, render_list, &x);
    s->n_rendered = atomic_load(&x.done);
    free(x.items);
    free(x.jobs);
    workers_end(s, &x);
    hmap_release(&x.layouts);
    pthread_mutex_destroy(&x.layout_lock);
    pthread_mutex_destroy(&x.deps_lock);
    return r != 0 || x.failed ? -1 : 0;
}
