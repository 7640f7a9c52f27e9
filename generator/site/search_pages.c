/* search_pages: the build's side of search (generator/search does the
 * indexing): which pages are indexed and in what order, their results
 * written in groups as they render, then per language the index and the
 * search page (the theme's layouts/search.mustache) at /[lang/]search/.
 *
 * Nothing is done when site.yml says `search: false` or when the theme
 * has no search layout (its pages could not use an index). */
#include "site.h"
#include "context.h"
#include "../data/value.h"
#include "../i18n/strings.h"
#include "../markdown/markdown.h"
#include "../search/search_index.h"
#include "../templates/mustache.h"
#include "../util/buf.h"
#include "../util/diag.h"
#include "../util/fs.h"
#include "../util/hmap.h"
#include "../util/pool.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Text kept in a result file for its snippet, in bytes. */
#define SNIPPET_TEXT_MAX 1600

/* The results of one language, SEARCH_GROUP to a file (f/G.json holds
 * docs G * SEARCH_GROUP ...): one file per page cost more of the build
 * than indexing its words.  A result is kept until the last of its group
 * renders; that page's thread writes the file. */
struct groups {
    char **frag;                 /* per doc: its JSON, NULL until rendered */
    _Atomic unsigned *left;      /* per group: results not rendered yet */
    size_t n_docs;
};

/* Dates as the results show them, per worker and language: formatting a
 * date with ICU costs more than indexing the page's words, and a site has
 * far fewer dates than pages. */
struct dates { hmap m; arena a; };

struct site_search {
    struct search_index **idx;   /* per language */
    struct groups *g;            /* per language */
    struct dates *dates;         /* per worker * n_langs + language */
    long *doc;                   /* per page index: its doc id in its language, -1 if none */
    size_t n_pages;
    /* processor time, all threads (LOA_TIMINGS): indexing words, result files, the index */
    _Atomic unsigned long long words_ns, results_ns, index_ns;
    int timed;                   /* LOA_TIMINGS: the clocks above are read (a system call each) */
};

/* The processor time of the calling thread, user and system, in ns: what
 * search costs is measured inside the build, where a busy machine slows
 * the rest of the build as much (a build with and one without search, run
 * one after the other, differ by more than search costs). */
static unsigned long long thread_ns(const struct site_search *ss)
{
    if (!ss->timed) return 0;
    struct timespec t;
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t) != 0) return 0;
    return (unsigned long long)t.tv_sec * 1000000000ULL + (unsigned long long)t.tv_nsec;
}

static void groups_init(struct groups *g, size_t n_docs)
{
    size_t n = (n_docs + SEARCH_GROUP - 1) / SEARCH_GROUP;
    g->n_docs = n_docs;
    g->frag = calloc(n_docs + 1, sizeof *g->frag);
    g->left = calloc(n + 1, sizeof *g->left);
    if (!g->frag || !g->left) die_oom();
    for (size_t i = 0; i < n; i++)
        g->left[i] = (unsigned)(n_docs - i * SEARCH_GROUP < SEARCH_GROUP
                                ? n_docs - i * SEARCH_GROUP : SEARCH_GROUP);
}

static void groups_release(struct groups *g)
{
    for (size_t i = 0; i < g->n_docs; i++) free(g->frag[i]);
    free(g->frag);
    free(g->left);
}

static int indexed(const struct page *p)
{
    if (p->is_fallback) return 0;
    return p->kind == PK_PAGE || (p->kind == PK_SECTION && p->src);
}

/* Oldest first, so a new page takes a new id and the result files of the
 * others stay as they were (the next build links them, see site_write). */
static int cmp_pages(const void *a, const void *b)
{
    const struct page *x = *(struct page *const *)a, *y = *(struct page *const *)b;
    if (x->date_t != y->date_t) return x->date_t < y->date_t ? -1 : 1;
    return strcmp(x->url, y->url);
}

static size_t number_docs(struct site *s, struct site_search *ss, const struct lang *L,
                          struct page **tmp)
{
    size_t n = 0;
    for (size_t i = 0; i < s->n_pages; i++)
        if (s->pages[i]->L == L && indexed(s->pages[i])) tmp[n++] = s->pages[i];
    qsort(tmp, n, sizeof *tmp, cmp_pages);
    for (size_t d = 0; d < n; d++) ss->doc[tmp[d]->index] = (long)d;
    return n;
}

int site_search_begin(struct site *s)
{
    char *layout = fs_join(s->theme_dir, "layouts/search.mustache");
    int on = s->cfg.search && fs_is_file(layout);
    free(layout);
    if (!on) return 0;
    struct site_search *ss = calloc(1, sizeof *ss);
    struct page **tmp = malloc((s->n_pages + 1) * sizeof *tmp);
    if (!ss || !tmp) die_oom();
    ss->n_pages = s->n_pages;
    ss->timed = getenv("LOA_TIMINGS") && *getenv("LOA_TIMINGS") == '1';
    ss->doc = malloc((s->n_pages + 1) * sizeof *ss->doc);
    ss->idx = calloc(s->cfg.n_langs, sizeof *ss->idx);
    if (!ss->doc || !ss->idx) die_oom();
    for (size_t i = 0; i < s->n_pages; i++) ss->doc[i] = -1;
    ss->g = calloc(s->cfg.n_langs, sizeof *ss->g);
    ss->dates = calloc((size_t)s->o.jobs * s->cfg.n_langs + 1, sizeof *ss->dates);
    if (!ss->g || !ss->dates) die_oom();
    for (size_t i = 0; i < (size_t)s->o.jobs * s->cfg.n_langs; i++) {
        hmap_init(&ss->dates[i].m);
        arena_init(&ss->dates[i].a);
    }
    for (size_t l = 0; l < s->cfg.n_langs; l++) {
        const struct lang *L = &s->cfg.langs[l];
        size_t n = number_docs(s, ss, L, tmp);
        ss->idx[l] = search_index_new(n, s->o.jobs, L->code);
        groups_init(&ss->g[l], n);
    }
    free(tmp);
    s->search = ss;
    return 0;
}

/* The page's URL relative to its language's home ("stories/x/"): the
 * script resolves it against the search folder's parent, which keeps
 * results right under a sub-folder base_url. */
static const char *home_relative(const struct page *p)
{
    size_t n = strlen(p->L->prefix);
    const char *u = site_url_rel(p->L, p->url);
    return strncmp(u, p->L->prefix, n) == 0 ? u + n : u;
}

static const char *type_label(const struct page *p)
{
    const struct page *sec = p->kind == PK_PAGE ? p->parent : p;
    return sec && sec->kind == PK_SECTION && sec->title ? sec->title : "";
}

/* ,"name":"value" (the name is one of ours: plain ASCII), without printf:
 * seven fields a page. */
static void put_field(buf *b, const char *name, const char *v, size_t n)
{
    if (b->len > 1) buf_putc(b, ',');
    buf_putc(b, '"');
    buf_puts(b, name);
    buf_puts(b, "\":");
    search_json_str(b, v ? v : "", v ? n : 0);
}

/* Up to SNIPPET_TEXT_MAX bytes, cut before a UTF-8 continuation byte. */
static size_t snippet_len(const char *t)
{
    size_t n = strlen(t);
    if (n <= SNIPPET_TEXT_MAX) return n;
    n = SNIPPET_TEXT_MAX;
    while (n > 0 && ((unsigned char)t[n] & 0xC0) == 0x80) n--;
    return n;
}

/* Writes group gi of the language of prefix: its results in doc order,
 * null for one that never rendered (its page failed: so did the build). */
static void write_group(struct site *s, struct groups *g, size_t gi, const char *prefix, arena *a)
{
    buf b = BUF_INIT;
    buf_putc(&b, '[');
    for (size_t d = gi * SEARCH_GROUP; d < g->n_docs && d < (gi + 1) * SEARCH_GROUP; d++) {
        if (d > gi * SEARCH_GROUP) buf_puts(&b, ",\n");
        buf_puts(&b, g->frag[d] ? g->frag[d] : "null");
        free(g->frag[d]);
        g->frag[d] = NULL;
    }
    buf_puts(&b, "]\n");
    site_write(s, arena_printf(a, "%ssearch/f/%zu.json", prefix, gi), b.data, b.len);
    buf_release(&b);
}

static const char *short_date(struct site *s, const struct page *p, unsigned w, arena *a)
{
    if (!p->date) return "";
    struct dates *d = &s->search->dates[(size_t)w * s->cfg.n_langs + p->L->index];
    const char *r = hmap_get(&d->m, p->date);
    if (r) return r;
    r = arena_strdup(&d->a, ctx_date(s, p->L, p->date, 0, a));
    hmap_put(&d->m, arena_strdup(&d->a, p->date), (void *)r);
    return r;
}

static void fragment(struct site *s, const struct page *p, const struct md_result *md, long doc,
                     unsigned w, arena *a)
{
    const char *text = md->plain ? md->plain : "";
    size_t text_len = snippet_len(text);
    buf b = BUF_INIT;
    buf_grow(&b, text_len + 512);   /* one allocation for most results */
    buf_putc(&b, '{');
    const char *url = home_relative(p);
    put_field(&b, "url", url, strlen(url));
    put_field(&b, "title", p->title, p->title ? strlen(p->title) : 0);
    const char *date = short_date(s, p, w, a);
    put_field(&b, "date", date, strlen(date));
    put_field(&b, "type", p->type, p->type ? strlen(p->type) : 0);
    const char *label = type_label(p);
    put_field(&b, "label", label, strlen(label));
    put_field(&b, "summary", p->summary, p->summary ? strlen(p->summary) : 0);
    put_field(&b, "text", text, text_len);
    buf_putc(&b, '}');
    struct groups *g = &s->search->g[p->L->index];
    g->frag[doc] = b.data;   /* the buffer is handed over, not released */
    if (atomic_fetch_sub(&g->left[doc / SEARCH_GROUP], 1) == 1)
        write_group(s, g, (size_t)doc / SEARCH_GROUP, p->L->out_prefix, a);
}

void site_search_page(struct site *s, const struct page *p, const struct md_result *md, unsigned w,
                      arena *a)
{
    struct site_search *ss = s->search;
    if (!ss || p->index >= ss->n_pages || ss->doc[p->index] < 0) return;
    long doc = ss->doc[p->index];
    unsigned long long t0 = thread_ns(ss);
    const char **heads = arena_alloc(a, (md->n_headings + 1) * sizeof *heads);
    for (size_t i = 0; i < md->n_headings; i++) heads[i] = md->headings[i].text;
    const char *text = md->plain ? md->plain : "";
    search_index_add(ss->idx[p->L->index], w, (size_t)doc, p->title, heads, md->n_headings, text,
                     strlen(text));
    unsigned long long t1 = thread_ns(ss);
    fragment(s, p, md, doc, w, a);
    ss->words_ns += t1 - t0;
    ss->results_ns += thread_ns(ss) - t1;
}

/* --- the index files and the search page -------------------------------------------- */

struct index_out { struct site *s; const char *dir; };

static int write_index_file(void *ud, const char *rel, const char *data, size_t len)
{
    struct index_out *o = ud;
    char *path = fs_join(o->dir, rel);
    int r = site_write(o->s, path, data, len);
    free(path);
    return r;
}

static const char *t_str(struct site *s, const struct lang *L, const char *key, const char *dflt,
                         arena *a)
{
    buf t = BUF_INIT;
    i18n_t_count(s->strings, L->chain, L->n_chain, key, 1, &t);
    const char *r = arena_strdup(a, t.len ? t.data : dflt);
    buf_release(&t);
    return r;
}

/* hreflang alternates: the search pages of the other languages. */
static value *alternates(struct site *s, arena *a)
{
    value *l = val_list(a);
    for (size_t i = 0; i < s->cfg.n_langs; i++) {
        const struct lang *L = &s->cfg.langs[i];
        value *e = val_map(a);
        val_add_ref(a, e, "hreflang", val_str(a, L->code));
        const char *url = site_url(L, arena_printf(a, "%ssearch/", L->prefix), a);
        val_add_ref(a, e, "permalink", val_str(a, site_permalink(s, L, url, a)));
        val_push(a, l, e);
    }
    return l;
}

static value *sections(struct lang_state *ls, arena *a)
{
    value *l = val_list(a);
    struct page *home = ls->home;
    for (size_t i = 0; home && i < home->n_sub; i++)
        if (home->subsections[i]->summary_val) val_push(a, l, home->subsections[i]->summary_val);
    return l;
}

static int search_page(struct site *s, struct lang_state *ls, const mus_template *t, arena *a)
{
    if (!ls->notfound) return 0;
    struct page sp = *ls->notfound;   /* a generated page of the language, without text */
    sp.url = site_url(ls->L, arena_printf(a, "%ssearch/", ls->L->prefix), a);
    sp.out_path = arena_printf(a, "%ssearch/index.html", ls->L->out_prefix);
    sp.title = t_str(s, ls->L, "search_title", "Search", a);
    sp.type = "search";
    sp.summary_val = NULL;
    if (hmap_get(&s->by_url, sp.out_path)) {
        diag_warn(DIAG_SEARCH_PAGE_TAKEN, s->cfg.file, 0, 0,
                  "the search page %s is not written: a content page has that URL; "
                  "move that page or set 'search: false'", sp.url);
        return 0;
    }
    value *pv = ctx_page(s, &sp, NULL, a);
    val_set(a, pv, "kind", val_str(a, "search"));
    val_set(a, pv, "is_404", val_bool(a, 0));
    val_set(a, pv, "is_search", val_bool(a, 1));
    val_set(a, pv, "alternates", alternates(s, a));
    val_set(a, pv, "translations", val_list(a));
    val_set(a, pv, "has_translations", val_bool(a, 0));
    val_set(a, pv, "jsonld", val_str(a, ""));
    value *root = ctx_root(s, &sp, pv, a);
    value *secs = sections(ls, a);
    val_add_ref(a, root, "sections", secs);
    val_add_ref(a, root, "has_sections", val_bool(a, secs->u.list.n > 0));
    buf out = BUF_INIT;
    struct mus_render_opts o = {.strict = s->o.strict};
    int r = mus_render(s->tpl, t, &mus_value_ops, NULL, root, &o, &out);
    if (r == 0) r = site_write(s, sp.out_path, out.data, out.len);
    buf_release(&out);
    return r;
}

/* LOA_TIMINGS=1: what the index holds, for benchmarks. */
static void report(const struct search_index *x, const char *lang)
{
    const char *on = getenv("LOA_TIMINGS");
    if (!on || *on != '1') return;
    struct search_stats st;
    search_index_stats(x, &st);
    fprintf(stderr, "loa: search   %s: %zu pages, %zu keys, %zu forms, %zu postings, %zu shards, "
            "%zu bytes\n",
            lang, st.docs, st.keys, st.forms, st.postings, st.shards, st.bytes);
}

struct end_ctx { struct site *s; const mus_template *t; _Atomic int bad; };

/* One language: its index, then its page (languages run in parallel). */
static void end_lang(void *vx, size_t l, unsigned w)
{
    (void)w;
    struct end_ctx *x = vx;
    struct site *s = x->s;
    unsigned long long t0 = thread_ns(s->search);
    arena a;
    arena_init(&a);
    struct groups *g = &s->search->g[l];
    for (size_t gi = 0; gi * SEARCH_GROUP < g->n_docs; gi++)
        if (g->left[gi] != 0) write_group(s, g, gi, s->cfg.langs[l].out_prefix, &a);
    struct index_out o = {s, arena_printf(&a, "%ssearch", s->cfg.langs[l].out_prefix)};
    if (search_index_write(s->search->idx[l], write_index_file, &o) != 0) x->bad = 1;
    report(s->search->idx[l], s->cfg.langs[l].code);
    if (x->t && search_page(s, &s->ls[l], x->t, &a) != 0) x->bad = 1;
    arena_release(&a);
    s->search->index_ns += thread_ns(s->search) - t0;
}

int site_search_end(struct site *s)
{
    if (!s->search) return 0;
    struct end_ctx x = {s, mus_get(s->tpl, "search"), 0};
    pool_run(s->cfg.n_langs, s->o.jobs, end_lang, &x);
    const char *on = getenv("LOA_TIMINGS");
    struct site_search *ss = s->search;
    if (on && *on == '1')
        fprintf(stderr, "loa: search   processor time %.1f ms, all threads: words %.1f ms, "
                "result files %.1f ms, index files %.1f ms\n",
                (double)(ss->words_ns + ss->results_ns + ss->index_ns) / 1e6,
                (double)ss->words_ns / 1e6, (double)ss->results_ns / 1e6,
                (double)ss->index_ns / 1e6);
    return x.bad || !x.t ? -1 : 0;
}

void site_search_release(struct site *s)
{
    struct site_search *ss = s->search;
    if (!ss) return;
    for (size_t l = 0; l < s->cfg.n_langs; l++) {
        search_index_free(ss->idx[l]);
        groups_release(&ss->g[l]);
    }
    for (size_t i = 0; i < (size_t)s->o.jobs * s->cfg.n_langs; i++) {
        hmap_release(&ss->dates[i].m);
        arena_release(&ss->dates[i].a);
    }
    free(ss->dates);
    free(ss->idx);
    free(ss->g);
    free(ss->doc);
    free(ss);
    s->search = NULL;
}
