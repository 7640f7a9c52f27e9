/* context: the values templates see (documented in themes/portal/README.md).
 * Builders never modify the index; they allocate in the arena they are
 * given, so pages can be built from several threads with one arena each. */
#pragma once
#include "site.h"

struct md_result;

/* `site` for one language; built once after the books are written. */
struct value *ctx_site(struct site *s, struct lang_state *ls);
/* The fields listings show of a page; p->summary must be set. */
struct value *ctx_summary(struct site *s, struct page *p, struct arena *a);
/* Everything a page's own layout sees under `page`. md may be NULL. */
struct value *ctx_page(struct site *s, struct page *p, const struct md_result *md, struct arena *a);
/* The root {site, page, t} (+ listing fields the caller adds). */
struct value *ctx_root(struct site *s, struct page *p, struct value *page_val, struct arena *a);
/* Formats an ISO date in the page's language: long or short. */
const char *ctx_date(struct site *s, const struct lang *L, const char *iso, int longform, struct arena *a);
const char *ctx_size_human(long long n, struct arena *a);
struct value *ctx_fm_image(struct site *s, const struct page *p, const char *key, const char *alt_key,
                           struct page_image *out, struct arena *a);
