#define _GNU_SOURCE   /* qsort_r */
#include "theme_data.h"
#include "../data/value.h"
#include "../i18n/strings.h"
#include "../util/buf.h"
#include "../util/diag.h"

#include <stdlib.h>
#include <string.h>

/* --- agency identity ------------------------------------------------------ */

static const char *const agency_fields[] = {"name", "emblem", "governing_body", "address",
    "phone", "email", "responsible_person", "licence", "contact_page", "accessibility_page", 0};

/* A field for L: text as it is, or the first language of L's chain in a
 * per-language map (config.c checked the shapes). */
static const char *agency_str_in(struct site *s, const char *key, const struct lang *L,
                                 const char **lang, arena *a)
{
    const value *v = val_get(s->cfg.agency, key);
    *lang = L->code;
    if (!v) return NULL;
    if (v->kind != VAL_MAP) return val_scalar_text(a, v);
    for (size_t c = 0; c < L->n_chain; c++) {
        const value *t = val_get(v, L->chain[c]);
        *lang = L->chain[c];
        if (t) return val_scalar_text(a, t);
    }
    return NULL;
}

/* In the build arena: the model stage only (one thread). */
static const char *agency_str(struct site *s, const char *key, const struct lang *L)
{
    const char *lang;
    return agency_str_in(s, key, L, &lang, &s->a);
}

/* Root-relative page URLs get the language's prefix, as menu URLs do. */
static const char *agency_url(const char *url, const struct lang *L, struct arena *a)
{
    size_t n = strlen(L->prefix);
    if (url[0] != '/' || url[1] == '/' || !n || !strncmp(url + 1, L->prefix, n)) return url;
    return arena_printf(a, "/%s%s", L->prefix, url + 1);
}

value *tdata_agency(struct site *s, const struct lang *L, struct arena *a)
{
    value *v = val_map(a), *langs = val_map(a);
    for (size_t i = 0; agency_fields[i]; i++) {
        const char *k = agency_fields[i], *from;
        const char *t = agency_str_in(s, k, L, &from, a);
        if (!t || !*t) continue;
        /* pages get the language's prefix; the emblem is a file, the same in every language */
        int page = !strcmp(k, "contact_page") || !strcmp(k, "accessibility_page");
        if (page) t = agency_url(t, L, a);
        if ((page || !strcmp(k, "emblem")) && t[0] == '/' && t[1] != '/')
            t = site_url(L, t, a);   /* under a sub-folder base_url */
        val_add_ref(a, v, k, val_str(a, t));
        if (strcmp(from, L->code)) val_add_ref(a, langs, k, val_str(a, from));
    }
    val_add_ref(a, v, "lang", langs);   /* lang.KEY: the language of a borrowed field */
    return v;
}

/* Decree 42/2022/NĐ-CP (art. 11): an agency portal names the agency, the
 * body that governs it, its address, a phone or e-mail, the person
 * responsible and its licence.  Checked in the default language, which
 * every chain ends with. */
static void check_agency(struct site *s)
{
    if (!s->cfg.agency) return;
    static const char *const need[] = {"name", "governing_body", "address", "responsible_person",
                                       "licence", 0};
    const struct lang *D = s->cfg.default_lang;
    buf miss = BUF_INIT;
    for (size_t i = 0; need[i]; i++) {
        const char *t = agency_str(s, need[i], D);
        if (!t || !*t) buf_printf(&miss, "%s%s", miss.len ? ", " : "", need[i]);
    }
    const char *ph = agency_str(s, "phone", D), *em = agency_str(s, "email", D);
    if ((!ph || !*ph) && (!em || !*em)) buf_printf(&miss, "%sphone or email", miss.len ? ", " : "");
    if (miss.len)
        diag_warn(DIAG_CFG_AGENCY_MISSING, s->cfg.file, s->cfg.agency->line, s->cfg.agency->col, "agency: no %s in %s; "
                  "Decree 42/2022/NĐ-CP expects them on an agency portal; add them under 'agency:'",
                  miss.data, D->code);
    buf_release(&miss);
}

/* --- sections and types ----------------------------------------------------- */

struct rank_ctx { struct site *s; const struct lang *L; };

/* The position of sec's URL in the language's menu (its chain's when it
 * has none), or a large number. */
static long menu_rank(struct site *s, const struct lang *L, const struct page *sec)
{
    const value *m = L->menu;
    for (size_t c = 1; !m && c < L->n_chain; c++) m = config_lang(&s->cfg, L->chain[c])->menu;
    size_t n = strlen(L->prefix);
    for (size_t i = 0; m && m->kind == VAL_LIST && i < m->u.list.n; i++) {
        const char *url = val_cstr(val_get(m->u.list.items[i], "url"));
        if (!url || url[0] != '/') continue;
        const char *path = url + 1;
        if (n && !strncmp(path, L->prefix, n)) path += n;
        size_t k = strlen(path);
        if (k && path[k - 1] == '/') k--;
        if (k == strlen(sec->path) && !strncmp(path, sec->path, k)) return (long)i;
    }
    return 1000000;
}

/* menu order, else weight, else title */
static int cmp_sections(const void *x, const void *y, void *vctx)
{
    struct rank_ctx *c = vctx;
    const struct page *a = *(struct page *const *)x, *b = *(struct page *const *)y;
    long ra = menu_rank(c->s, c->L, a), rb = menu_rank(c->s, c->L, b);
    if (ra != rb) return ra < rb ? -1 : 1;
    if (a->has_weight != b->has_weight) return a->has_weight ? -1 : 1;
    if (a->weight != b->weight) return a->weight < b->weight ? -1 : 1;
    int t = strcmp(a->title ? a->title : "", b->title ? b->title : "");
    return t ? t : strcmp(a->path, b->path);
}

static size_t count_pages(const struct page *sec)
{
    size_t n = sec->n_children;
    for (size_t i = 0; i < sec->n_sub; i++) n += count_pages(sec->subsections[i]);
    return n;
}

static void order_sections(struct site *s, struct lang_state *ls)
{
    const struct page *home = ls->home;
    ls->n_sections = 0;
    if (!home) return;
    ls->sections = arena_alloc(&s->a, (home->n_sub + 1) * sizeof *ls->sections);
    for (size_t i = 0; i < home->n_sub; i++) {
        struct page *sec = home->subsections[i];
        if (count_pages(sec)) ls->sections[ls->n_sections++] = sec;
    }
    struct rank_ctx c = {s, ls->L};
    qsort_r(ls->sections, ls->n_sections, sizeof *ls->sections, cmp_sections, &c);
}

/* What a section shows on the home page: its pages in the section's own
 * order (weight, then newest; series parts in part order), or its
 * sub-sections (the series of an e-magazine section) when it has no pages. */
static value *section_pages(const struct page *sec, arena *a)
{
    value *l = val_list(a);
    struct page *const *from = sec->n_children ? sec->children : sec->subsections;
    size_t n = sec->n_children ? sec->n_children : sec->n_sub;
    for (size_t i = 0; i < n && l->u.list.n < TDATA_HOME_ITEMS; i++)
        if (from[i]->summary_val) val_push(a, l, from[i]->summary_val);
    return l;
}

value *tdata_sections(struct site *s, const struct lang_state *ls, int with_pages, arena *a)
{
    value *list = val_list(a);
    for (size_t i = 0; i < ls->n_sections; i++) {
        const struct page *sec = ls->sections[i];
        value *e = val_map(a);
        size_t n = count_pages(sec);
        val_add_ref(a, e, "title", val_str(a, sec->title ? sec->title : sec->path));
        val_add_ref(a, e, "url", val_str(a, sec->url));
        val_add_ref(a, e, "type", val_str(a, sec->type ? sec->type : ""));
        val_add_ref(a, e, "section", val_str(a, sec->path));
        val_add_ref(a, e, "description", val_str(a, sec->description ? sec->description : ""));
        val_add_ref(a, e, "content_lang", val_str(a, tdata_content_lang(sec)));
        val_add_ref(a, e, "count", val_int(a, (long long)n));
        buf c = BUF_INIT;
        i18n_t_count(s->strings, ls->L->chain, ls->L->n_chain, "pages_count", (double)n, &c);
        val_add_ref(a, e, "count_text", val_strn(a, c.data ? c.data : "", c.len));
        buf_release(&c);
        if (with_pages) {
            value *l = section_pages(sec, a);
            val_add_ref(a, e, "pages", l);
            val_add_ref(a, e, "has_pages", val_bool(a, l->u.list.n > 0));
            val_add_ref(a, e, "has_more", val_bool(a, n > l->u.list.n));
        }
        val_push(a, list, e);
    }
    return list;
}

/* The listing of a type: the top-level section its newest page is in
 * (stories/ for type story, emagazine/ for the parts of its series), or
 * NULL for pages at the root. */
static const struct page *type_section(const struct lang_state *ls, const char *type)
{
    for (size_t i = 0; i < ls->n_regular; i++) {
        const struct page *p = ls->regular[i];
        if (!p->type || strcmp(p->type, type)) continue;
        while (p->parent && p->parent->kind == PK_SECTION) p = p->parent;
        return p->kind == PK_SECTION ? p : NULL;
    }
    return NULL;
}

static size_t add_type(const char **types, size_t *counts, size_t n, const char *t)
{
    size_t k = 0;
    while (k < n && strcmp(types[k], t)) k++;
    if (k == n) {
        types[n] = t;
        counts[n++] = 0;
    }
    return n;
}

/* Types of the language's regular pages, in section order, then in the
 * order their newest page appears; counts[k] pages of types[k]. */
static size_t collect_types(const struct lang_state *ls, const char **types, size_t *counts)
{
    size_t n = 0;
    for (size_t i = 0; i < ls->n_sections; i++)
        if (ls->sections[i]->type) n = add_type(types, counts, n, ls->sections[i]->type);
    for (size_t i = 0; i < ls->n_regular; i++)
        if (ls->regular[i]->type) n = add_type(types, counts, n, ls->regular[i]->type);
    for (size_t i = 0; i < ls->n_regular; i++)
        for (size_t k = 0; k < n; k++)
            if (ls->regular[i]->type && !strcmp(ls->regular[i]->type, types[k])) counts[k]++;
    return n;
}

value *tdata_types(struct site *s, const struct lang_state *ls, arena *a)
{
    const char **types = malloc((ls->n_regular + ls->n_sections + 1) * sizeof *types);
    size_t *counts = malloc((ls->n_regular + ls->n_sections + 1) * sizeof *counts);
    if (!types || !counts) die_oom();
    size_t n = collect_types(ls, types, counts);
    value *list = val_list(a);
    for (size_t k = 0; k < n; k++) {
        if (!counts[k]) continue;   /* a section whose pages all have other types */
        const struct page *sec = type_section(ls, types[k]);
        value *e = val_map(a);
        val_add_ref(a, e, "type", val_str(a, types[k]));
        val_add_ref(a, e, "title", val_str(a, sec && sec->title ? sec->title : types[k]));
        val_add_ref(a, e, "url", val_str(a, sec ? sec->url : ""));
        val_add_ref(a, e, "count", val_int(a, (long long)counts[k]));
        val_push(a, list, e);
    }
    free(types);
    free(counts);
    (void)s;
    return list;
}

value *tdata_has_type(struct site *s, const struct lang_state *ls, arena *a)
{
    value *m = val_map(a), *types = tdata_types(s, ls, a);
    for (size_t i = 0; i < types->u.list.n; i++)
        val_set(a, m, val_cstr(val_get(types->u.list.items[i], "type")), val_bool(a, 1));
    return m;
}

/* --- languages ------------------------------------------------------------------- */

const char *tdata_content_lang(const struct page *p)
{
    if (!p->fallback_of || p->fallback_of->L == p->L) return "";
    return p->fallback_of->lang;
}

value *tdata_language_links(struct site *s, const struct page *p, arena *a)
{
    value *list = val_list(a);
    for (size_t l = 0; l < s->cfg.n_langs; l++) {
        const struct lang *L = &s->cfg.langs[l];
        const struct page *q = p->L == L ? p : p->tr ? p->tr[l] : NULL;
        if (q && !q->url) q = NULL;
        const struct page *home = s->ls[l].home;
        value *e = val_map(a);
        val_add_ref(a, e, "code", val_str(a, L->code));
        val_add_ref(a, e, "name", val_str(a, L->name));
        val_add_ref(a, e, "dir", val_str(a, L->dir));
        val_add_ref(a, e, "url", val_str(a, q ? q->url : home ? home->url : "/"));
        val_add_ref(a, e, "current", val_bool(a, p->L == L));
        val_add_ref(a, e, "translated", val_bool(a, q && !q->is_fallback));
        val_push(a, list, e);
    }
    return list;
}

/* t_lang: for each UI string the language's own file lacks, the language
 * it is borrowed from, so a template can write lang="{{t_lang.KEY}}". */
static value *borrowed_strings(struct site *s, const struct lang *L)
{
    value *m = val_map(&s->a);
    value *all = i18n_strings_for(s->strings, L->chain, L->n_chain, &s->a);
    for (size_t i = 0; all && i < all->u.map.n; i++) {
        size_t found = 0;
        const char *k = all->u.map.e[i].key;
        if (!i18n_t(s->strings, L->chain, L->n_chain, k, &found) || !found) continue;
        if (strcmp(L->chain[found], L->code)) val_set(&s->a, m, k, val_str(&s->a, L->chain[found]));
    }
    return m;
}

/* --- listings ---------------------------------------------------------------------- */

static int is_series(const struct page *p)
{
    return p->kind == PK_SECTION && p->ct && ctype_def(p->ct)->series_book && p->n_children;
}

/* Depth first through the sections in their order: each series' parts. */
static void gather_parts(struct lang_state *ls, const struct page *sec)
{
    if (is_series(sec))
        for (size_t i = 0; i < sec->n_children; i++) ls->parts[ls->n_parts++] = sec->children[i];
    for (size_t i = 0; i < sec->n_sub; i++) gather_parts(ls, sec->subsections[i]);
}

static void order_parts(struct site *s, struct lang_state *ls)
{
    size_t n = 0;
    for (size_t i = 0; i < s->n_pages; i++) n += s->pages[i]->L == ls->L && is_series(s->pages[i])
                                                 ? s->pages[i]->n_children : 0;
    ls->parts = arena_alloc(&s->a, (n + 1) * sizeof *ls->parts);
    ls->n_parts = 0;
    for (size_t i = 0; i < ls->n_sections; i++) gather_parts(ls, ls->sections[i]);
}

size_t tdata_series_parts(const struct lang_state *ls, struct page ***out)
{
    *out = ls->parts;
    return ls->n_parts;
}

const char *tdata_schema_type(const struct page *p)
{
    const struct ctype_def *d = ctype_def(p->ct);
    if (p->kind == PK_PAGE) return d ? d->schema_type : "Article";
    int listing = p->kind == PK_SECTION || p->kind == PK_TERM || p->kind == PK_TAXONOMY;
    if (listing) return "CollectionPage";
    return "WebPage";
}

/* --- typography ------------------------------------------------------------------ */

int tdata_has_reading_time(const struct page *p)
{
    const struct ctype_def *d = ctype_def(p->ct);
    return !d || d->reading_time;
}

int tdata_date_long(struct site *s, const struct lang *L)
{
    const char *st = val_cstr(i18n_t(s->strings, L->chain, L->n_chain, "date_style", NULL));
    return !st || strcmp(st, "short");
}

/* --- the model stage ----------------------------------------------------------------- */

void tdata_model(struct site *s)
{
    size_t regular = 0;
    for (size_t l = 0; l < s->cfg.n_langs; l++) {
        struct lang_state *ls = &s->ls[l];
        order_sections(s, ls);
        order_parts(s, ls);
        ls->t_lang = borrowed_strings(s, ls->L);
        regular += ls->n_regular;
    }
    check_agency(s);
    if (!regular && !s->partial)   /* pages left out for their errors are not missing */
        diag_warn(DIAG_SITE_EMPTY, s->cfg.file, 0, 0, "the site has no pages, so its home page "
                  "has nothing to show and its menu nothing to link to; add Markdown files "
                  "(loa new story TITLE) under the content folder");
}
