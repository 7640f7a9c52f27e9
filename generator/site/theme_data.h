/* theme_data: what a portal theme needs to fit any site, computed from the
 * model (themes/portal/README.md documents every field):
 *   - the agency's identity from site.yml `agency:`, per language, and the
 *     check for what Decree 42/2022/NĐ-CP expects on an agency portal;
 *   - the site's top-level sections in their configured order and the
 *     content types that have pages, so a home page shows only what exists;
 *   - the language switcher's links to this page's translations, the real
 *     language of borrowed text, and where borrowed UI strings come from.
 * tdata_model runs once, at the end of the model stage; the builders are
 * read-only over the index and allocate in the arena they are given. */
#pragma once
#include "site.h"

/* How many pages each entry of home.sections carries. */
enum { TDATA_HOME_ITEMS = 6 };

/* Orders each language's sections, finds where borrowed UI strings come
 * from, and warns about an incomplete agency identity or an empty site. */
void tdata_model(struct site *s);
/* site.agency: every field resolved for L ({} without `agency:`). */
struct value *tdata_agency(struct site *s, const struct lang *L, struct arena *a);
/* site.sections (with_pages 0) or home.sections (the first TDATA_HOME_ITEMS
 * summaries of each; only once pages have rendered). */
struct value *tdata_sections(struct site *s, const struct lang_state *ls, int with_pages,
                             struct arena *a);
/* site.types: [{type, title, url, count}] and site.has_type.TYPE. */
struct value *tdata_types(struct site *s, const struct lang_state *ls, struct arena *a);
struct value *tdata_has_type(struct site *s, const struct lang_state *ls, struct arena *a);
/* page.language_links: [{code, name, dir, url, current, translated}]. */
struct value *tdata_language_links(struct site *s, const struct page *p, struct arena *a);
/* The language the page's text is really in when borrowed from another
 * language (a fallback copy, a section that borrowed its _index.md), else "". */
const char *tdata_content_lang(const struct page *p);
/* The home page's e-magazine parts: every series of the language (newest
 * series first, as its section lists them), each series' parts in part
 * order.  Made by tdata_model. */
size_t tdata_series_parts(const struct lang_state *ls, struct page ***out);
/* schema.org type of the page's JSON-LD: NewsArticle for a story,
 * Article for another regular page, CollectionPage for a listing (a
 * section, term or taxonomy), WebPage for the home and 404 pages. */
const char *tdata_schema_type(const struct page *p);
/* page.reading_time is for text to read: not for postcards. */
int tdata_has_reading_time(const struct page *p);
/* The one date style of a language: 1 long, 0 short, from the i18n key
 * date_style ("long" unless it says "short"); date_formatted.text uses it. */
int tdata_date_long(struct site *s, const struct lang *L);
