/* context: the values templates see (documented in themes/portal/README.md).
 * Pages, the root and `site` are view nodes (view.h): each name is
 * resolved when a layout asks for it, by one resolver per name (the
 * pfields table for pages), and recorded in the view's deps_rec.
 * Resolvers never modify the index; they allocate in the view's arena, so
 * pages can be rendered from several threads with one view each. */
#pragma once
#include "site.h"

struct md_result;
struct view;

/* Page N of a listing (1-based) of total, and its URL. */
struct ctx_listing { size_t num, total; const char *url; };

/* `page` for p's own layout; md (may be NULL) gives content and toc; url
 * (may be NULL) replaces url and permalink on page N of a listing. */
struct value *ctx_page_node(struct view *v, struct page *p, const struct md_result *md,
                            const char *url);
/* What listings show of p (a subset of the names of ctx_page_node). */
struct value *ctx_summary_node(struct view *v, struct page *p);
/* The root {site, page, t}, plus pages, has_pages, paginator, sections,
 * home and terms when list is given (a listing page). */
struct value *ctx_root_node(struct view *v, struct page *p, struct value *page,
                            const struct ctx_listing *list);
/* What a listing lists (a section's members, a term's pages, the home
 * page's regular pages); none for other kinds.  Borrowed from the index. */
void ctx_list_items(struct site *s, struct page *p, struct page ***items, size_t *n);
/* Page num of p's listing: p->url, then p->url + "page/N/". */
const char *ctx_pager_url(const struct page *p, size_t num, struct arena *a);

/* `site` for one language; built once after the books are written. */
struct value *ctx_site(struct site *s, struct lang_state *ls);
/* The fields listings show of a page, as a plain value tree (sections
 * for the search page); p->summary must be set. */
struct value *ctx_summary(struct site *s, struct page *p, struct arena *a);
/* Everything a page's own layout sees under `page`, as plain values (the
 * search page edits it).  md may be NULL. */
struct value *ctx_page(struct site *s, struct page *p, const struct md_result *md, struct arena *a);
/* The root {site, page, t} (+ listing fields the caller adds). */
struct value *ctx_root(struct site *s, struct page *p, struct value *page_val, struct arena *a);
/* Formats an ISO date in the page's language: long or short. */
const char *ctx_date(struct site *s, const struct lang *L, const char *iso, int longform, struct arena *a);
const char *ctx_size_human(long long n, struct arena *a);
struct value *ctx_fm_image(struct site *s, const struct page *p, const char *key, const char *alt_key,
                           struct page_image *out, struct arena *a);
