#define _GNU_SOURCE   /* qsort_r */
/* taxonomy: terms from front matter lists (tags, fields, places…), their
 * pages and the per-language lists; plus the other generated pages (404,
 * aliases). */
#include "site.h"
#include "../data/value.h"
#include "../i18n/locale.h"
#include "../i18n/strings.h"
#include "../util/buf.h"
#include "../util/diag.h"
#include "../util/text.h"

#include <stdlib.h>
#include <string.h>

/* The term a name belongs to: names match by slug, so "Giáo dục" and
 * "giáo dục" are one term (the first spelling seen names it). */
static struct term *find_term(struct site *s, struct taxonomy *t, hmap *spelled, const char *text)
{
    size_t seen = (size_t)hmap_get(spelled, text);   /* this spelling before: no slug to make */
    if (seen) return &t->terms[seen - 1];
    const char *name = arena_strdup(&s->a, text);
    buf b = BUF_INIT;
    text_slugify(name, strlen(name), &b);
    size_t at = (size_t)hmap_get(&t->by_slug, b.data);
    if (at) {
        hmap_put(spelled, name, (void *)at);
        buf_release(&b);
        return &t->terms[at - 1];
    }
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 16;
        t->terms = arena_grow_array(&s->a, t->terms, t->n, t->cap, sizeof *t->terms);
    }
    struct term *term = &t->terms[t->n++];
    memset(term, 0, sizeof *term);
    term->name = name;
    term->slug = arena_strndup(&s->a, b.data, b.len);
    hmap_put(&t->by_slug, term->slug, (void *)t->n);
    hmap_put(spelled, name, (void *)t->n);
    buf_release(&b);
    return term;
}

static void term_add(struct site *s, struct term *t, struct page *p)
{
    if (t->n && t->pages[t->n - 1] == p) return;   /* the same tag twice on one page */
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 8;
        t->pages = arena_grow_array(&s->a, t->pages, t->n, t->cap, sizeof *t->pages);
    }
    t->pages[t->n++] = p;
}

static int cmp_newest(const void *x, const void *y)
{
    const struct page *a = *(struct page *const *)x, *b = *(struct page *const *)y;
    if (a->date_t != b->date_t) return a->date_t > b->date_t ? -1 : 1;
    return strcmp(a->url ? a->url : a->path, b->url ? b->url : b->path);
}

/* Terms in the language's collation order (the collator is the context). */
static int cmp_terms(const void *x, const void *y, void *coll)
{
    const struct term *a = x, *b = y;
    int c = i18n_collate(coll, a->name, b->name);
    return c ? c : strcmp(a->slug, b->slug);
}

static void collect(struct site *s, struct lang_state *ls, size_t ti)
{
    struct taxonomy *t = &ls->tax[ti];
    const char *key = t->def->plural;
    hmap spelled;   /* a term's spellings as written: text -> its index + 1 */
    hmap_init(&spelled);
    for (size_t i = 0; i < s->n_pages; i++) {
        struct page *p = s->pages[i];
        if (p->kind != PK_PAGE || p->L != ls->L) continue;
        value *v = val_get(p->fm, key);
        if (v && v->kind == VAL_STR) {
            value *l = val_list(&s->a);
            val_push(&s->a, l, v);
            v = l;
        }
        if (v && v->kind != VAL_LIST) {
            diag_error(DIAG_FM_NOT_LIST,
                       p->src, v->line, v->col, "front matter: '%s' must be a list, e.g. [a, b]", key);
            continue;
        }
        for (size_t k = 0; v && k < v->u.list.n; k++) {
            buf txt = BUF_INIT;
            val_write_text(v->u.list.items[k], &txt);
            if (txt.len) term_add(s, find_term(s, t, &spelled, txt.data), p);
            buf_release(&txt);
        }
    }
    hmap_release(&spelled);
    struct i18n_collator *coll = i18n_collator_new(ls->L->chain, ls->L->n_chain);
    if (t->n > 1) qsort_r(t->terms, t->n, sizeof *t->terms, cmp_terms, coll);
    i18n_collator_free(coll);
    for (size_t i = 0; i < t->n; i++) hmap_put(&t->by_slug, t->terms[i].slug, (void *)(i + 1));
}

static void make_pages(struct site *s, struct lang_state *ls, struct taxonomy *t)
{
    arena *a = &s->a;
    t->page = site_new_page(s, PK_TAXONOMY, ls->L, t->def->plural);
    t->page->path = t->def->plural;
    t->page->title = t->title;
    t->page->type = "taxonomy";
    t->page->section = t->def->plural;
    t->page->key = arena_printf(a, "t:%s", t->def->plural);
    t->page->owner = t;
    for (size_t i = 0; i < t->n; i++) {
        struct term *term = &t->terms[i];
        qsort(term->pages, term->n, sizeof *term->pages, cmp_newest);
        struct page *p = term->page = site_new_page(s, PK_TERM, ls->L, t->def->plural);
        p->path = arena_printf(a, "%s/%s", t->def->plural, term->slug);
        p->title = term->name;
        p->type = "taxonomy";
        p->section = t->def->plural;
        p->key = arena_printf(a, "t:%s/%s", t->def->plural, term->slug);
        p->owner = term;
        p->parent = t->page;
    }
}

void site_taxonomies(struct site *s)
{
    s->ls = arena_alloc(&s->a, s->cfg.n_langs * sizeof *s->ls);
    for (size_t l = 0; l < s->cfg.n_langs; l++) {
        struct lang_state *ls = &s->ls[l];
        ls->L = &s->cfg.langs[l];
        ls->tax = arena_alloc(&s->a, (s->cfg.n_taxonomies + 1) * sizeof *ls->tax);
        for (size_t ti = 0; ti < s->cfg.n_taxonomies; ti++) {
            struct taxonomy *t = &ls->tax[ti];
            t->def = &s->cfg.taxonomies[ti];
            buf title = BUF_INIT;
            i18n_t_count(s->strings, ls->L->chain, ls->L->n_chain,
                         arena_printf(&s->a, "taxonomy_%s", t->def->plural), 1, &title);
            t->title = title.len ? arena_strdup(&s->a, title.data) : t->def->plural;
            buf_release(&title);
            collect(s, ls, ti);
            if (t->n) make_pages(s, ls, t);
        }
    }
}

static void add_alias(struct site *s, struct page *p, const char *from, const char *out)
{
    if (s->n_aliases == s->cap_aliases) {
        s->cap_aliases = s->cap_aliases ? s->cap_aliases * 2 : 16;
        s->aliases = arena_grow_array(&s->a, s->aliases, s->n_aliases, s->cap_aliases, sizeof *s->aliases);
    }
    s->aliases[s->n_aliases++] = (struct aliases){from, p->url, p, out};
}

void site_special_pages(struct site *s)
{
    for (size_t l = 0; l < s->cfg.n_langs; l++) {
        struct lang_state *ls = &s->ls[l];
        struct page *nf = ls->notfound = site_new_page(s, PK_404, ls->L, "");
        nf->path = "404";
        nf->type = "404";
        nf->section = "";
        nf->key = "404";
        buf title = BUF_INIT;
        i18n_t_count(s->strings, ls->L->chain, ls->L->n_chain, "not_found_title", 1, &title);
        nf->title = arena_strdup(&s->a, title.len ? title.data : "Page not found");
        buf_release(&title);
    }
}

/* After URLs: per-language lists, home pages, aliases. */
/* After URLs: the {name, url} every page shows for each of its terms,
 * built once per term rather than once per page. */
static void term_links(struct site *s, struct lang_state *ls)
{
    for (size_t ti = 0; ti < s->cfg.n_taxonomies; ti++) {
        struct taxonomy *t = &ls->tax[ti];
        for (size_t k = 0; k < t->n; k++) {
            value *e = val_map_sized(&s->a, 2);
            val_add_ref(&s->a, e, "name", val_str_nocopy(&s->a, t->terms[k].name, strlen(t->terms[k].name)));
            val_add_ref(&s->a, e, "url", val_str_nocopy(&s->a, t->terms[k].page->url, strlen(t->terms[k].page->url)));
            t->terms[k].link = e;
        }
    }
}

void site_lang_lists(struct site *s)
{
    for (size_t l = 0; l < s->cfg.n_langs; l++) term_links(s, &s->ls[l]);
    for (size_t l = 0; l < s->cfg.n_langs; l++) {
        struct lang_state *ls = &s->ls[l];
        size_t n = 0;
        for (size_t i = 0; i < s->n_pages; i++) n += s->pages[i]->kind == PK_PAGE && s->pages[i]->L == ls->L;
        ls->regular = arena_alloc(&s->a, (n + 1) * sizeof *ls->regular);
        for (size_t i = 0; i < s->n_pages; i++) {
            struct page *p = s->pages[i];
            if (p->L != ls->L) continue;
            if (p->kind == PK_HOME) ls->home = p;
            if (p->kind == PK_PAGE) ls->regular[ls->n_regular++] = p;
        }
        qsort(ls->regular, ls->n_regular, sizeof *ls->regular, cmp_newest);
    }
    for (size_t i = 0; i < s->n_pages; i++) {
        struct page *p = s->pages[i];
        value *al = val_get(p->fm, "aliases");
        if (p->is_fallback || !al || al->kind != VAL_LIST) continue;
        for (size_t k = 0; k < al->u.list.n; k++) {
            const char *from = val_cstr(al->u.list.items[k]);
            if (!from || !*from) continue;
            const char *u = from[0] == '/' ? from : arena_printf(&s->a, "/%s%s/", p->L->prefix, from);
            size_t ul = strlen(u);
            if (u[ul - 1] != '/' && !strstr(u, ".htm")) u = arena_printf(&s->a, "%s/", u);
            /* the alias file: its URL path in the language's output folder */
            const char *rel = u + 1 + (strncmp(u + 1, p->L->prefix, strlen(p->L->prefix)) ? 0 : strlen(p->L->prefix));
            const char *out = arena_printf(&s->a, "%s%s%s", p->L->out_prefix, rel,
                                           rel[0] && rel[strlen(rel) - 1] == '/' ? "index.html" : "");
            if (site_register_url(s, p, out, al->u.list.items[k]) == 0) add_alias(s, p, u, out);
        }
    }
}
