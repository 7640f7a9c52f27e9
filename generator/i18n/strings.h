/* strings: the UI strings of a theme ("Read more", "{count} minutes") in
 * every site language, for templates (as the map `t`) and for code.
 *
 * For each language, THEME/i18n/<code>.yml is read, then
 * CONTENT/i18n/<code>.yml overrides it key by key; either may be missing.
 * A value is text, or a plural map whose keys are CLDR categories and
 * which must have `other`:
 *     read_more: Đọc tiếp
 *     minutes: {one: "{count} minute", other: "{count} minutes"}
 * Numbers and booleans are taken as their text.  date_long and date_short
 * hold ICU date patterns (checked when loaded).
 *
 * A key is looked up along the language's chain (hmn, then vi, ...).  A key
 * that some language defines but a language's whole chain lacks is warned
 * about once per key and language, naming the file it belongs in; pages
 * then print nothing for it.  Date keys are exempt: ICU's own long/short
 * style (or loa's built-in pattern) is a complete fallback.
 *
 * After loading, the object is read-only and may be shared by threads. */
#pragma once
#include <stddef.h>
#include "locale.h"

struct arena;
struct buf;
struct value;

#define I18N_DATE_LONG_KEY "date_long"
#define I18N_DATE_SHORT_KEY "date_short"

struct i18n_lang {
    const char *code;             /* "hmn": the file is i18n/hmn.yml */
    const char *name;             /* "H'Mông", for messages; NULL: the code alone */
    const char *const *chain;     /* code itself, then its fallbacks; NULL: just code */
    size_t n_chain;
};

struct i18n_strings;

/* Loads the files of every language; theme_dir and content_dir may be NULL.
 * Always returns an object: malformed files and entries are reported
 * through diag (FILE:LINE:COL: error: ...) and left out, so the build can
 * go on and report everything else.  Free with i18n_strings_free. */
struct i18n_strings *i18n_strings_load(const char *theme_dir, const char *content_dir,
                                       const struct i18n_lang *langs, size_t n);
void i18n_strings_free(struct i18n_strings *s);

/* The map `t` for a chain: every known key, each from the first language
 * of the chain that has it; plural maps stay maps ({{t.minutes.other}}).
 * The map is allocated in a; its values belong to s, which must outlive it. */
struct value *i18n_strings_for(struct i18n_strings *s, const char *const *chain, size_t n,
                               struct arena *a);

/* One key along the chain, or NULL.  *found (may be NULL) gets the index
 * in the chain of the language that had it. */
const struct value *i18n_t(struct i18n_strings *s, const char *const *chain, size_t n,
                           const char *key, size_t *found);

/* Appends key's text for count: the plural form that the language whose
 * text is used selects for count (i18n_plural; `other` if the map lacks
 * that form), with every {count} replaced by count in the number format
 * of the chain's locale ("1.234" in vi).  Plain text works too.
 * Returns 0, or -1 (nothing appended) if no language in the chain has key. */
int i18n_t_count(struct i18n_strings *s, const char *const *chain, size_t n,
                 const char *key, double count, struct buf *out);

/* The date pattern for style from the i18n files, looked up along the chain
 * only as far as the language whose ICU locale formats the date (a vi
 * pattern must not format an en page); NULL when none, and
 * i18n_format_date then uses the built-in pattern or ICU's style. */
const char *i18n_date_pattern(struct i18n_strings *s, const char *const *chain, size_t n,
                              enum i18n_date_style style);
