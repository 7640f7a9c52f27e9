/* front_matter: split a content file into YAML front matter and Markdown
 * body, and read the standard fields with positions.  Errors name
 * file:line:col and say what to write instead. */
#pragma once
#include "../util/limits.h"
#include <stddef.h>

struct arena;
struct page;

/* The largest front matter loa reads (documented in loa.1, LIMITS). */
#define FM_MAX_BYTES LIMIT_FRONT_MATTER

/* Finds the front matter: the file starts with a line "---" and the YAML
 * ends at the next line "---" (or "...").  Sets yaml and ylen (may be empty),
 * *body_off and *body_line.  Returns 0, or -1 (reported) when the closing
 * line is missing, the front matter is larger than FM_MAX_BYTES, the file
 * holds a NUL byte, or it has front matter loa would show as text: TOML
 * ("+++"), JSON ("{") or "---" after blank lines.  An empty file is a
 * warning. */
int fm_split(const char *file, const char *text, size_t len, const char **yaml, size_t *ylen,
             size_t *body_off, unsigned *body_line);

/* -1 (reported) if ylen exceeds FM_MAX_BYTES. */
int fm_check_size(const char *file, size_t ylen);

/* Parses the YAML and fills the standard fields of p (p->src must be set).
 * The entries of a 'params:' mapping are copied to the top level (a field
 * of the same name there wins, with a warning), so templates read them as
 * page.params.NAME.
 * Returns 0, or -1 after reporting every problem found. */
int fm_parse(struct arena *a, struct page *p, const char *yaml, size_t ylen);

/* Parses YYYY-MM-DD or an RFC 3339 date-time.  Returns 0 and sets *t (UTC
 * seconds) or -1. */
int fm_parse_date(const char *s, long long *t);

/* True if key is a standard field (not copied to page.params). */
int fm_is_standard(const char *key);

/* Warns (with "did you mean") for each field of p's front matter that no
 * page of this type reads: the standard fields, the fields templates read
 * for every page and for the four content types (convention, story,
 * postcard, emagazine), the names in extra (NULL-terminated: the site's
 * taxonomies) and what came from 'params:'.  type is the page's resolved
 * type.  Thread-safe. */
void fm_check_keys(const struct page *p, const char *type, const char *const *extra);
