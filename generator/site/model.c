#define _GNU_SOURCE   /* qsort_r */
/* model: from parsed pages to the site index: publishing filters, sections,
 * URLs, translation groups and fallbacks, parents and children, ordering,
 * taxonomies, list pages, URL collisions.  Single-threaded and cheap: it
 * touches only the index, never a body. */
#include "site.h"
#include "../util/fs.h"
#include "lint.h"
#include "theme_data.h"
#include "../data/value.h"
#include "../i18n/locale.h"
#include "../util/buf.h"
#include "../util/diag.h"
#include "../util/text.h"

#include <stdlib.h>
#include <string.h>

static const char *slug_of(arena *a, const char *s)
{
    buf b = BUF_INIT;
    text_slugify(s, strlen(s), &b);
    const char *r = arena_strndup(a, b.data, b.len);
    buf_release(&b);
    return r;
}

/* "Ảnh/Đắk Lắk" → "anh/dak-lak": every folder name slugified. */
static const char *slug_path(arena *a, const char *rel)
{
    buf out = BUF_INIT;
    const char *p = rel;
    while (*p) {
        const char *e = strchr(p, '/');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (out.len) buf_putc(&out, '/');
        buf tmp = BUF_INIT;
        text_slugify(p, n, &tmp);
        buf_put(&out, tmp.data, tmp.len);
        buf_release(&tmp);
        p += n + (e != NULL);
    }
    const char *r = arena_strndup(a, out.data, out.len);
    buf_release(&out);
    return r;
}

static const char *dirname_of(arena *a, const char *rel)
{
    const char *sl = strrchr(rel, '/');
    return sl ? arena_strndup(a, rel, (size_t)(sl - rel)) : "";
}

static const char *first_component(arena *a, const char *rel)
{
    const char *sl = strchr(rel, '/');
    return sl ? arena_strndup(a, rel, (size_t)(sl - rel)) : rel;
}

static const char *stem_of(const struct page *p)
{
    const char *base = strrchr(p->src, '/');
    return base ? base + 1 : p->src;
}

static void filter(struct site *s)
{
    size_t k = 0;
    for (size_t i = 0; i < s->n_pages; i++) {
        struct page *p = s->pages[i];
        if (p->draft && !s->o.drafts) p->skip_reason = 1;
        else if (p->date_t > s->o.now && !s->o.future) p->skip_reason = 2;
        else if (p->expiry && p->expiry_t <= s->o.now && !s->o.expired) p->skip_reason = 3;
        if (p->skip_reason) { s->skipped[p->skip_reason]++; continue; }
        s->pages[k] = p;
        p->index = k++;
    }
    s->n_pages = k;
}

/* slug_path, once per folder: a section's pages share theirs. */
static const char *slug_dir(arena *a, hmap *dirs, const char *rel)
{
    const char *r = hmap_get(dirs, rel);
    if (r) return r;
    r = slug_path(a, rel);
    hmap_put(dirs, rel, (void *)r);   /* rel lives as long as the page */
    return r;
}

/* The page's own slug: front matter slug wins, then the file or bundle name. */
static void assign_path(struct site *s, struct page *p, hmap *dirs)
{
    arena *a = &s->a;
    if (p->kind == PK_HOME) { p->path = ""; return; }
    if (p->kind == PK_SECTION) { p->path = slug_dir(a, dirs, p->rel_dir); return; }
    const char *parent_dir = p->bundle_dir ? dirname_of(a, p->rel_dir) : p->rel_dir;
    const char *own;
    if (p->slug && *p->slug) own = slug_of(a, p->slug);
    else if (p->bundle_dir) {
        const char *sl = strrchr(p->rel_dir, '/');
        own = slug_of(a, sl ? sl + 1 : p->rel_dir);
    } else {
        char *st = arena_strdup(a, stem_of(p));
        char *dot = strchr(st, '.');
        if (dot) *dot = '\0';
        own = slug_of(a, st);
    }
    const char *pd = slug_dir(a, dirs, parent_dir);
    p->path = *pd ? arena_cat(a, pd, "/", own, (char *)NULL) : own;
}

static void set_url(struct site *s, struct page *p)
{
    const char *pre = p->L->prefix, *out = p->L->out_prefix;
    if (p->kind == PK_404) {
        p->url = site_url(p->L, arena_printf(&s->a, "%s404.html", pre), &s->a);
        p->out_path = arena_printf(&s->a, "%s404.html", out);
        return;
    }
    p->url = site_url(p->L, *p->path ? arena_cat(&s->a, pre, p->path, "/", (char *)NULL) : pre,
                      &s->a);
    p->out_path = arena_cat(&s->a, out, p->path, *p->path ? "/" : "", "index.html", (char *)NULL);
}

struct page *site_new_page(struct site *s, enum page_kind k, const struct lang *L, const char *rel_dir)
{
    struct page *p = arena_alloc(&s->a, sizeof *p);
    p->kind = k;
    p->L = L;
    p->lang = L->code;
    p->rel_dir = rel_dir;
    p->fm = val_map(&s->a);
    site_add_page(s, p);
    return p;
}

static const char *group_key(struct site *s, struct page *p)
{
    if (p->translation_key) return arena_cat(&s->a, "k:", p->translation_key, (char *)NULL);
    if (p->kind == PK_HOME) return "home";
    if (p->kind == PK_SECTION) return arena_cat(&s->a, "s:", p->rel_dir, (char *)NULL);
    if (p->bundle_dir) return arena_cat(&s->a, "b:", p->rel_dir, (char *)NULL);
    char *st = arena_cat(&s->a, "p:", p->rel_dir, "/", stem_of(p), (char *)NULL);
    char *dot = strchr(st + 3 + strlen(p->rel_dir), '.');
    if (dot) *dot = '\0';
    return st;
}

/* Groups pages by key; pages already grouped keep their group (the second
 * call, after sections are generated, only places the new ones). */
static void link_groups(struct site *s)
{
    hmap groups;
    hmap_init(&groups);
    size_t nl = s->cfg.n_langs;
    for (size_t i = 0; i < s->n_pages; i++)
        if (s->pages[i]->tr) hmap_put(&groups, s->pages[i]->key, s->pages[i]->tr);
    for (size_t i = 0; i < s->n_pages; i++) {
        struct page *p = s->pages[i];
        if (p->tr) continue;
        if (!p->key) p->key = group_key(s, p);
        struct page **g = hmap_get(&groups, p->key);
        if (!g) {
            g = arena_alloc(&s->a, nl * sizeof *g);
            hmap_put(&groups, p->key, g);
        }
        struct page *other = g[p->L->index];
        if (other) {
            const value *tk = val_get(p->fm, "translationKey");
            diag_error(DIAG_PAGE_SAME_TRANSLATION,
                       p->src, tk ? tk->line : 0, tk ? tk->col : 0, "this page and %s are both the %s version of the same page "
                       "(same translationKey or file name); give one another translationKey",
                       other->src, p->lang);
        }
        g[p->L->index] = p;
        p->tr = g;
    }
    hmap_release(&groups);
}

/* Section pages for every folder that holds pages, home pages for every
 * language, in every language that has a member. */
static struct page *ensure_section(struct site *s, hmap *secs, const struct lang *L, const char *rel_dir)
{
    const char *k = arena_cat(&s->a, L->code, "\n", rel_dir, (char *)NULL);
    struct page *sec = hmap_get(secs, k);
    if (sec) return sec;
    sec = site_new_page(s, *rel_dir ? PK_SECTION : PK_HOME, L, rel_dir);
    hmap_put(secs, k, sec);
    sec->path = *rel_dir ? slug_path(&s->a, rel_dir) : "";
    sec->key = *rel_dir ? arena_printf(&s->a, "s:%s", rel_dir) : "home";
    /* the folder's _index.md in another language may have a translationKey:
     * join its group, so this section borrows its title and front matter */
    for (size_t c = 0; c < L->n_chain; c++) {
        const struct page *o = hmap_get(secs, arena_printf(&s->a, "%s\n%s", L->chain[c], rel_dir));
        if (o && o != sec && o->src && o->key) { sec->key = o->key; break; }
    }
    return sec;
}

static void add_child(struct site *s, struct page *parent, struct page *c)
{
    if (c->kind == PK_SECTION) {
        if (parent->n_sub == parent->cap_sub) {
            parent->cap_sub = parent->cap_sub ? parent->cap_sub * 2 : 8;
            parent->subsections = arena_grow_array(&s->a, parent->subsections, parent->n_sub,
                                                   parent->cap_sub, sizeof(struct page *));
        }
        parent->subsections[parent->n_sub++] = c;
    } else {
        if (parent->n_children == parent->cap_children) {
            parent->cap_children = parent->cap_children ? parent->cap_children * 2 : 16;
            parent->children = arena_grow_array(&s->a, parent->children, parent->n_children,
                                                parent->cap_children, sizeof(struct page *));
        }
        parent->children[parent->n_children++] = c;
    }
    c->parent = parent;
}

static void build_sections(struct site *s)
{
    hmap secs;
    hmap_init(&secs);
    size_t n = s->n_pages;
    for (size_t i = 0; i < n; i++) {   /* existing _index.md pages first */
        struct page *p = s->pages[i];
        if (p->kind == PK_SECTION || p->kind == PK_HOME)
            hmap_put(&secs, arena_cat(&s->a, p->lang, "\n", p->rel_dir, (char *)NULL), p);
    }
    for (size_t l = 0; l < s->cfg.n_langs; l++) ensure_section(s, &secs, &s->cfg.langs[l], "");
    for (size_t i = 0; i < s->n_pages; i++) {   /* s->n_pages grows as sections appear */
        struct page *p = s->pages[i];
        if (p->kind == PK_HOME) continue;
        const char *dir = p->kind == PK_PAGE && !p->bundle_dir ? p->rel_dir : dirname_of(&s->a, p->rel_dir);
        if (p->kind == PK_PAGE && p->bundle_dir) dir = dirname_of(&s->a, p->rel_dir);
        add_child(s, ensure_section(s, &secs, p->L, dir), p);
    }
    hmap_release(&secs);
}

/* weight ascending (pages with a weight first), then newest first, then title. */
static int cmp_children(const void *x, const void *y)
{
    const struct page *a = *(struct page *const *)x, *b = *(struct page *const *)y;
    if (a->has_weight != b->has_weight) return a->has_weight ? -1 : 1;
    if (a->weight != b->weight) return a->weight < b->weight ? -1 : 1;
    if (a->date_t != b->date_t) return a->date_t > b->date_t ? -1 : 1;
    int c = strcmp(a->title ? a->title : "", b->title ? b->title : "");
    return c ? c : strcmp(a->src ? a->src : "", b->src ? b->src : "");
}

/* conventions_order in site.yml: short names in the order the convention
 * section lists them, before weight.  The list is the comparator's context
 * (qsort_r), not a global. */
static long conv_rank(const struct page *p, const value *order)
{
    const char *sn = val_cstr(val_get(p->fm, "short_name"));
    for (size_t i = 0; sn && i < order->u.list.n; i++)
        if (val_cstr(order->u.list.items[i]) && !strcmp(val_cstr(order->u.list.items[i]), sn))
            return (long)i;
    return 1000000;
}

static int cmp_conventions(const void *x, const void *y, void *order)
{
    const struct page *a = *(struct page *const *)x, *b = *(struct page *const *)y;
    long ra = conv_rank(a, order), rb = conv_rank(b, order);
    return ra != rb ? (ra < rb ? -1 : 1) : cmp_children(x, y);
}

/* sec's children in their order (conventions_order, weight, date, title)
 * and their prev/next. */
void site_order_section(struct site *s, struct page *sec)
{
    value *order = s->cfg.conventions_order && s->cfg.conventions_order->kind == VAL_LIST
                   ? s->cfg.conventions_order : NULL;
    const struct ctype_def *d = ctype_def(sec->ct);
    int conv = order && d && d->order == CT_ORDER_CONVENTIONS;
    if (sec->n_children > 1 && conv)
        qsort_r(sec->children, sec->n_children, sizeof *sec->children, cmp_conventions, order);
    else if (sec->n_children > 1)
        qsort(sec->children, sec->n_children, sizeof *sec->children, cmp_children);
    for (size_t k = 0; k < sec->n_children; k++) {
        sec->children[k]->prev = k ? sec->children[k - 1] : NULL;
        sec->children[k]->next = k + 1 < sec->n_children ? sec->children[k + 1] : NULL;
    }
}

static void order_children(struct site *s)
{
    for (size_t i = 0; i < s->n_pages; i++) {
        struct page *p = s->pages[i];
        site_order_section(s, p);
        if (p->n_sub > 1) qsort(p->subsections, p->n_sub, sizeof *p->subsections, cmp_children);
    }
}

/* A section with no _index.md in this language borrows front matter from
 * the first language of its chain that has one. */
static void adopt_sections(struct site *s)
{
    for (size_t i = 0; i < s->n_pages; i++) {
        struct page *p = s->pages[i];
        if ((p->kind != PK_SECTION && p->kind != PK_HOME) || p->src) continue;
        for (size_t c = 0; c < p->L->n_chain; c++) {
            struct page *from = p->tr[config_lang(&s->cfg, p->L->chain[c])->index];
            if (!from || !from->src) continue;
            p->fm = from->fm;
            p->title = from->title;
            p->type = from->type;
            p->description = from->description;
            p->summary_fm = from->summary_fm;
            p->weight = from->weight;
            p->has_weight = from->has_weight;
            p->image = from->image;
            p->fallback_of = from;
            break;
        }
    }
}

static void inherit(struct site *s)
{
    for (size_t i = 0; i < s->n_pages; i++) {
        struct page *p = s->pages[i];
        if (p->kind != PK_PAGE && p->kind != PK_SECTION) continue;
        p->section = first_component(&s->a, p->rel_dir);
        if (!p->type) {
            /* a section's _index.md type cascades to its pages and sub-sections */
            for (struct page *q = p->parent; q && !p->type; q = q->parent)
                if (q->type) p->type = q->type;
        }
        if (!p->type) p->type = *p->section ? p->section : "page";
        p->ct = ctype_of(p->type);
        if (!p->title) p->title = p->kind == PK_SECTION ? p->rel_dir : stem_of(p);
    }
}

/* Fallback copies: in a language that asks for them, every group without
 * that language shows the first language of its chain that has the page. */
static void add_fallbacks(struct site *s)
{
    size_t n = s->n_pages;
    for (size_t l = 0; l < s->cfg.n_langs; l++) {
        const struct lang *L = &s->cfg.langs[l];
        if (L->untranslated != UNTRANSLATED_FALLBACK) continue;
        for (size_t i = 0; i < n; i++) {
            struct page *p = s->pages[i];
            if (p->kind != PK_PAGE || p->tr[l] || p->is_fallback) continue;
            struct page *from = NULL;
            for (size_t c = 1; c < L->n_chain && !from; c++)
                from = p->tr[config_lang(&s->cfg, L->chain[c])->index];
            if (from != p) continue;   /* handle each group once, from its chosen source */
            struct page *f = arena_alloc(&s->a, sizeof *f);
            *f = *from;
            f->L = L;
            f->lang = L->code;
            f->is_fallback = 1;
            f->fallback_of = from;
            f->children = NULL;
            f->n_children = f->cap_children = 0;
            p->tr[l] = f;
            site_add_page(s, f);
        }
    }
}

static void check_slugs(struct site *s)
{
    hmap seen;
    hmap_init(&seen);
    for (size_t i = 0; i < s->n_pages; i++) {
        struct page *p = s->pages[i];
        if (p->kind == PK_HOME) continue;
        struct page *other = hmap_put(&seen, arena_cat(&s->a, p->lang, "\n", p->path, (char *)NULL), p);
        const value *sv = val_get(p->fm, "slug");
        /* runs before inherit(): p->section is not set yet, the path says where */
        const char *last = strrchr(p->path, '/');
        const char *dir = last ? arena_strndup(&s->a, p->path, (size_t)(last - p->path)) : "";
        if (other && other->src && p->src && !p->is_fallback && !other->is_fallback)
            diag_error(DIAG_PAGE_SAME_SLUG,
                       p->src, sv ? sv->line : 0, sv ? sv->col : 0, "this page and %s have the "
                       "same slug '%s' in %s%s%s; set a different 'slug' in one of them",
                       other->src, last ? last + 1 : p->path, *dir ? "section '" : "the top level",
                       dir, *dir ? "'" : "");
    }
    hmap_release(&seen);
}

/* Every output path is checked here, at model time, so a hostile alias
 * ("../../x", "/../../srv/.htm/../victim.txt") is an error at its front
 * matter position before anything is written (output_write checks again). */
static int out_path_ok(const struct page *p, const char *out_path, const value *at)
{
    const char *why = fs_check_rel(out_path);
    if (!why) return 1;
    const char *what = at && at->kind == VAL_STR ? at->u.str.s : out_path;
    diag_error(DIAG_ALIAS_OUTSIDE, p->src, at ? at->line : 0, at ? at->col : 0,
               "'%s' would be written outside the output folder (%s); write an alias as a "
               "path of this site, e.g. 'old/page' or '/old/page/'", what, why);
    return 0;
}

/* Two pages may not be written to one file: keyed by output path. */
int site_register_url(struct site *s, struct page *p, const char *out_path, const value *at)
{
    if (!out_path_ok(p, out_path, at)) return -1;
    struct page *other = hmap_put(&s->by_url, out_path, p);
    if (!other || other == p) return 0;
    if (at && val_cstr(at)) {   /* only aliases come with a position */
        diag_error(DIAG_ALIAS_TAKEN,
                   p->src, at->line, at->col, "alias '%s' would be written to %s, which %s "
                   "already uses; change or remove the alias", val_cstr(at), out_path,
                   other->src ? other->src : other->url);
        return -1;
    }
    diag_error(DIAG_PAGE_SAME_OUTPUT,
               p->src ? p->src : other->src, at ? at->line : 0, at ? at->col : 0,
               "two pages would be written to %s: %s and %s; "
               "change the slug or file name of one", out_path, p->src ? p->src : p->url,
               other->src ? other->src : other->url);
    return -1;
}

static void register_sources(struct site *s)
{
    for (size_t i = 0; i < s->n_pages; i++) {
        struct page *p = s->pages[i];
        if (p->src && !p->is_fallback) hmap_put(&s->by_src, p->src, p);
    }
}

int site_model(struct site *s)
{
    unsigned e0 = diag_errors();
    filter(s);
    link_groups(s);
    hmap dirs;
    hmap_init(&dirs);
    for (size_t i = 0; i < s->n_pages; i++) assign_path(s, s->pages[i], &dirs);
    hmap_release(&dirs);
    check_slugs(s);
    add_fallbacks(s);
    build_sections(s);
    link_groups(s);
    adopt_sections(s);
    inherit(s);
    order_children(s);
    site_taxonomies(s);
    site_special_pages(s);
    link_groups(s);   /* the generated list pages join their groups too */
    for (size_t i = 0; i < s->n_pages; i++) {
        struct page *p = s->pages[i];
        set_url(s, p);
        site_register_url(s, p, p->out_path, NULL);
    }
    register_sources(s);
    site_lang_lists(s);
    tdata_model(s);
    site_lint(s);
    return diag_errors() > e0 ? -1 : 0;
}
