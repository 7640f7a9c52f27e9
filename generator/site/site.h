/* site: the build.  A build is a pipeline of stages, each a function of
 * what the previous ones produced:
 *
 *   config_load → loader_scan → read (parallel) → model (URLs, sections,
 *   translations, taxonomies, list pages) → books (EPUB) → pages
 *   (parallel: Markdown + layout + write) → listings (parallel) → feeds,
 *   sitemaps, aliases, static files → swap staging into output/
 *
 * The page index (struct page) is separate from page bodies; the only
 * dependencies between pages are the explicit ones in the index (parent,
 * children, translations, terms, prev/next), which a preview server can
 * follow to rebuild what one edit affects. */
#pragma once
#include <pthread.h>
#include <stddef.h>

#include "../config/config.h"
#include "../content/loader.h"
#include "../content/page.h"
#include "../util/arena.h"
#include "../util/hmap.h"

struct value;
struct mus_cache;
struct i18n_strings;

/* A book of the site already built and its inputs' key (book_key.h). */
struct book_key { const char *out_rel; unsigned long long key; };

struct build_opts {
    const char *content_dir;  /* default "content" */
    const char *theme_dir;    /* default themes/<site.yml theme> */
    const char *out_dir;      /* default "output" */
    const char *base_url;     /* overrides site.yml */
    int drafts, future, expired;
    int strict, quiet, no_epub;
    int dry;                  /* loa check: every check of a build, nothing written */
    unsigned jobs;
    long long now;            /* SOURCE_DATE_EPOCH or the clock */
    int have_epoch;
    unsigned shard_k, shard_n;   /* --shard K/N (site/output.h); 0/0: the whole site */
    const char *explain;      /* --explain: an output path whose dependencies to print */
    int record_deps;          /* keep what each output read (set for --explain and serve) */
    /* loa serve: the books now in out_dir; one whose inputs have the same
     * key is linked from there instead of made again */
    const struct book_key *books_before; size_t n_books_before;
    int books_later;          /* and one whose inputs changed, until site_books_later */
};

struct term {
    const char *name, *slug;
    struct page **pages; size_t n, cap;
    struct page *page;        /* the term's listing page */
    struct value *link;       /* {name, url}, shared by every page that has the term */
};

struct taxonomy {
    const struct taxonomy_def *def;
    const char *title;
    struct term *terms; size_t n, cap;
    hmap by_slug;             /* slug → index in terms + 1 (terms moves as it grows) */
    struct page *page;        /* the index of terms */
};

/* Per language: what its templates share. */
struct lang_state {
    const struct lang *L;
    struct value *site_val;   /* `site` */
    struct value *t;          /* `t` */
    struct page *home, *notfound;
    struct taxonomy *tax;     /* cfg.n_taxonomies */
    struct page **regular; size_t n_regular;   /* regular pages, newest first */
    struct value *publications;
    struct page **sections; size_t n_sections;   /* top level, configured order (theme_data.c) */
    struct value *t_lang;     /* `t_lang`: key → language of a borrowed UI string */
    struct page **parts; size_t n_parts;   /* e-magazine parts, series by series (theme_data.c) */
};

struct publication {
    const char *slug, *lang, *title, *subtitle, *url, *out_rel, *cover_url;
    struct page *series;      /* e-magazine series page, or NULL for a collection */
    struct page **chapters; size_t n_chapters;
    struct value *spec;       /* site.yml entry, or NULL */
    long long size;
    unsigned long long key;   /* of its inputs (book_key.h), once made */
    int later;                /* the served copy stands in until site_books_later */
};

struct site {
    arena a;
    struct build_opts o;
    struct site_config cfg;
    const char *theme_dir;
    struct content_list cl;
    struct page **pages; size_t n_pages, cap_pages;
    struct lang_state *ls;
    hmap by_url;              /* url → page, for collisions */
    hmap by_src;              /* "lang\0path" source path → page, for link rewriting */
    hmap probes;              /* content path → what is there (assets.c), under probe_lock */
    pthread_mutex_t probe_lock;
    struct value *data;       /* content/data */
    struct mus_cache *tpl;
    struct i18n_strings *strings;
    struct publication *pubs; size_t n_pubs;
    struct output *out;       /* the staging folder and the swap (site/output.h) */
    int books_planned;        /* site_plan_books ran */
    const char *cache_dir;    /* .loa-cache beside the content folder (photos, cards) */
    unsigned skipped[4];      /* by skip reason */
    size_t n_rendered;        /* HTML pages rendered, listings' pages included */
    struct aliases { const char *from, *to; struct page *p; const char *out; } *aliases; size_t n_aliases, cap_aliases;
    arena *worker_arenas;     /* one per job, live as long as the build */
    long long content_time;   /* site_content_time, set after the model stage */
    struct site_search *search;   /* search_pages.c; NULL when search is off */
    struct card_set *cards;   /* drawn share images and posters (cards/), or NULL */
    struct deps *deps;        /* what each output read (deps.h), after rendering */
    struct list_job *jobs; size_t n_jobs;   /* every listing page (render.c's plan) */
    hmap *out_index;          /* output path -> page or job, for site_render_again */
    unsigned long n_resolved; /* template names resolved by views (LOA_TIMINGS, tests) */
    hmap dates;               /* dates as languages write them (context.c's ctx_date) */
    arena dates_a;
    pthread_mutex_t dates_lock;
    /* Some pages could not be read (reported) and are left out of a model
     * that is otherwise whole: the later stages still run so that their
     * errors come in the same run, and a link to such a page is not
     * reported again as missing.  Nothing is published. */
    int partial;
};

/* The whole build.  Returns 0 on success, 1 when content errors were
 * reported (output/ untouched), 2 on usage or configuration errors. */
int site_build(const struct build_opts *o);
/* The same, and on success *keep is the build, model and dependency record
 * kept for site_update (site_release frees it); NULL otherwise. */
int site_build_keep(const struct build_opts *o, struct site **keep);

/* Stages, in site_model.c, site_render.c ... (internal to site/). */
int site_read(struct site *s);
int site_model(struct site *s);
/* sec's children sorted again and their prev/next set (loa serve, after
 * a title edit among pages of one weight and date). */
void site_order_section(struct site *s, struct page *sec);
int site_books(struct site *s);
/* Which books there are (s->pubs), without writing them; site_books calls
 * it, and loa report reads the plan.  Runs once. */
void site_plan_books(struct site *s);
/* loa serve, after a whole build with books_later: makes the books left
 * for later, straight into the served folder (*n_made: how many).  1 when
 * a size changed (the model's publications are updated: the pages that
 * show them must be rendered again), 0 when not, -1 after reporting an
 * error. */
int site_books_later(struct site *s, size_t *n_made);
/* The books made and their keys, for the next build's books_before
 * (malloc'd, out_rel copied); book_keys_free frees them. */
size_t site_book_keys(const struct site *s, struct book_key **out);
void book_keys_free(struct book_key *k, size_t n);
int site_render_pages(struct site *s);
/* loa serve's quick path: renders these outputs (regular pages and
 * listing pages) again from the model, replacing their dependency
 * records, and writes them through s->out.  -1 when one is neither, or
 * after reporting an error. */
int site_render_again(struct site *s, const char *const *paths, size_t n);
/* The map of output paths site_render_again uses, made on the first call
 * (site_build_keep makes it with the build, not at the first save). */
hmap *site_output_index(struct site *s);
/* loa serve's quick path (update.c): when every path is the body of a page
 * already built (front matter unchanged), renders again that page and the
 * outputs that read its body or summary, in place in s->o.out_dir, and
 * returns 1 (*n_written: how many).  0: a whole build is needed; -1: the
 * edit has an error (a whole build reports it). */
int site_update(struct site *s, const char *const *paths, size_t n, size_t *n_written);
/* loa serve, after a whole build with books_later: site_books_later, then
 * the pages that show the books' sizes rendered again when one changed.
 * 1 when pages were replaced (*n_written), 0 when none needed to be, -1
 * after reporting an error (a book that cannot be made). */
int site_update_books(struct site *s, size_t *n_books, size_t *n_written);
/* Drops every compiled template: the next use reads the theme again
 * (loa serve, after a layout or partial edit). */
void site_reload_templates(struct site *s);
int site_write_extras(struct site *s);
/* The time that stands for the whole site where a date is required and
 * no page says one (site.year, Atom <updated>, a book's dcterms:modified):
 * SOURCE_DATE_EPOCH when set; else the newest date or lastmod of a page
 * being built; else the newest modification time of its content files.
 * Never the clock, so two builds of one tree are identical. */
long long site_content_time(const struct site *s);
void site_add_page(struct site *s, struct page *p);   /* model stage (one thread) only */
/* The URL of a site path in language L: its base path, then rel without a
 * leading '/' ("stories/x/" gives "/vanlang/stories/x/"), allocated in a.
 * Every URL a page links to is made here or from one made here. */
const char *site_url(const struct lang *L, const char *rel, struct arena *a);
/* The site path of such a URL ("/vanlang/stories/x/" gives "stories/x/"); a
 * pointer into url. */
const char *site_url_rel(const struct lang *L, const char *url);
/* Absolute URL of a URL made by site_url in language L (the base_url's
 * origin before it), allocated in a. */
const char *site_permalink(struct site *s, const struct lang *L, const char *url, struct arena *a);
/* Writes data to the staging folder at rel; counts it.  0 or -1 (reported). */
int site_write(struct site *s, const char *rel, const char *data, size_t len);
struct buf;
/* Reads a content file (at most LIMIT_CONTENT_FILE bytes), checks UTF-8,
 * normalises to NFC (warning once when warn is set).  hash (may be NULL)
 * identifies the bytes: 0 on the first read, set on return; on a later
 * read a different hash is the error "changed during the build".  With
 * was_clean pointing at 1 (the same bytes passed both checks when first
 * read) the checks are skipped; on return *was_clean says whether the
 * file needed no change.  *size: the file's size, set on return; when set
 * on entry, the size of the first read (a later read then costs one read
 * call).  0, or -1 reported. */
int site_load_text(const char *path, struct buf *text, int warn, int *was_clean,
                   unsigned long long *hash, unsigned long long *size);

/* model helpers shared by the stages */
struct page *site_new_page(struct site *s, enum page_kind k, const struct lang *L, const char *rel_dir);
/* at: the front matter value that asked for the file (an alias), or NULL. */
/* Reads rel from the theme, never outside it (see build.c); out may be
 * NULL to test existence.  0, or -1 with errno. */
int site_theme_read(const struct site *s, const char *rel, struct buf *out);
/* 1 if layouts/<type>/NAME, layouts/<section>/NAME or layouts/_default/NAME
 * exists in the theme (front matter 'layout: NAME', render.c). */
int site_layout_exists(struct site *s, const struct page *p, const char *name);
int site_register_url(struct site *s, struct page *p, const char *out_path, const struct value *at);
void site_taxonomies(struct site *s);
void site_special_pages(struct site *s);
void site_lang_lists(struct site *s);
struct md_result;
/* Renders p's Markdown (HTML, or XHTML for books) with links and images
 * resolved; allocations in a.  0, or -1 reported. */
int site_markdown(struct site *s, const struct page *p, int xhtml, struct arena *a, struct md_result *md);
struct md_link_hooks;
int site_markdown_hooks(struct site *s, const struct page *p, int xhtml, struct arena *a,
                        struct md_result *md, const struct md_link_hooks *hooks);
/* Search (search_pages.c): begin numbers the pages to index (after the
 * model), page indexes one rendered page (any worker thread), end writes
 * the indexes and search pages (after rendering), release frees. */
int site_search_begin(struct site *s);
void site_search_page(struct site *s, const struct page *p, const struct md_result *md, unsigned w,
                      struct arena *a);
int site_search_end(struct site *s);
void site_search_release(struct site *s);
/* For commands that need the model but no output (loa check). */
struct site *site_new(const struct build_opts *o);
/* config … model: 0; -1 after content errors; -2 after configuration
 * errors (site.yml, the theme folder, with check_out the output folder). */
int site_prepare(struct site *s, int check_out);
void site_release(struct site *s);                 /* frees s */
