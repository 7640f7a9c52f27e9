/* front_matter: split a content file into YAML front matter and Markdown
 * body, and read the standard fields with positions.  Errors name
 * file:line:col and say what to write instead. */
#pragma once
#include <stddef.h>

struct arena;
struct page;

/* Finds the front matter: the file starts with a line "---" and the YAML
 * ends at the next line "---" (or "...").  Sets yaml and ylen (may be empty),
 * *body_off and *body_line.  Returns 0, or -1 (reported) when the closing
 * line is missing. */
int fm_split(const char *file, const char *text, size_t len, const char **yaml, size_t *ylen,
             size_t *body_off, unsigned *body_line);

/* Parses the YAML and fills the standard fields of p (p->src must be set).
 * Returns 0, or -1 after reporting every problem found. */
int fm_parse(struct arena *a, struct page *p, const char *yaml, size_t ylen);

/* Parses YYYY-MM-DD or an RFC 3339 date-time.  Returns 0 and sets *t (UTC
 * seconds) or -1. */
int fm_parse_date(const char *s, long long *t);

/* True if key is a standard field (not copied to page.params). */
int fm_is_standard(const char *key);
