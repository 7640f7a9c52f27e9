/* locale: what ICU knows about a language: plural categories, dates,
 * numbers, collation, OpenGraph locales.
 *
 * Every function takes a language's fallback chain (the language itself
 * first, e.g. {"hmn", "vi"}) and uses the first language in it that ICU
 * has real locale data for.  A language ICU does not know (hmn, rad, blt)
 * is skipped, never an error; if no language in the chain is known, the
 * ICU root locale is used: plural "other", dates as 2023-12-10 (month
 * names in a pattern print as "M12"), CLDR root collation order, numbers
 * as 1,234.5.  Codes may be BCP 47 ("pt-BR", "zh-Hant") or ICU ("pt_BR").
 *
 * Thread-safety: every function may be called from any thread, except
 * i18n_locale_cleanup.  ICU objects are opened once per locale (and date
 * pattern) and kept for the process; each thread borrows its own copy for
 * the length of a call.  The caches grow with the distinct codes and
 * patterns seen, which come from configuration.  A collator belongs to
 * one thread at a time (clone it for others). */
#pragma once
#include <stddef.h>

struct buf;

/* 1 if ICU has locale data for lang's language (not just a syntactically
 * valid code that would silently fall back to the root locale). */
int i18n_icu_knows(const char *lang);

/* CLDR plural category of count: "zero", "one", "two", "few", "many" or
 * "other" (static strings).  "other" if no language in the chain is known. */
const char *i18n_plural(const char *const *chain, size_t n_chain, double count);

/* Appends count formatted with the locale's decimal format ("1.234" in vi,
 * "1,234" in en, at most 3 fraction digits).  Returns 0, -1 on ICU error
 * (nothing appended). */
int i18n_format_number(const char *const *chain, size_t n_chain, double count, struct buf *out);

enum i18n_date_style { I18N_DATE_LONG, I18N_DATE_SHORT };

/* loa's own pattern for lang when no i18n file gives one (vi: "'ngày' d
 * 'tháng' M 'năm' y" and "dd/MM/y"; the root locale: "y-MM-dd"), or NULL
 * to use ICU's style. */
const char *i18n_builtin_date_pattern(const char *lang, enum i18n_date_style style);

/* 0 if pattern is a usable ICU date pattern; else -1 and a reason is
 * appended to why (NULL allowed).  ICU itself silently prints nothing for
 * "ngày d tháng M năm y" (unquoted n, g are not pattern letters), so loa
 * checks: ASCII letters outside quotes must be ICU pattern letters. */
int i18n_date_pattern_check(const char *pattern, struct buf *why);

/* Appends the calendar date y-m-d (proleptic Gregorian, formatted in UTC
 * so no time zone can shift the day).  pattern is an ICU date pattern in
 * UTF-8 (month and day names come from the locale), or NULL for the
 * built-in pattern of the locale, else ICU's long/short style.
 * Returns 0, or -1 for an impossible date (m 13, Feb 30, year outside
 * 1..9999) or a pattern i18n_date_pattern_check rejects; nothing is appended then. */
int i18n_format_date(const char *const *chain, size_t n_chain, int y, int m, int d,
                     enum i18n_date_style style, const char *pattern, struct buf *out);

/* Collation.  A collator is used by one thread at a time; clone it for
 * other threads (cheap: the rules are shared). */
struct i18n_collator;

/* Never fails: root collation if no language in the chain is known. */
struct i18n_collator *i18n_collator_new(const char *const *chain, size_t n_chain);
struct i18n_collator *i18n_collator_clone(const struct i18n_collator *c);
void i18n_collator_free(struct i18n_collator *c);
/* <0, 0, >0 like strcmp; a and b are UTF-8 (ill-formed bytes sort as U+FFFD). */
int i18n_collate(struct i18n_collator *c, const char *a, const char *b);
/* Appends the ICU sort key of s to out and returns its length.  Keys
 * compare with strcmp (they hold no NUL bytes) in collation order, so
 * sorting many items costs one key per item instead of a collation per
 * comparison. */
size_t i18n_sort_key(struct i18n_collator *c, const char *s, struct buf *out);
/* Sorts items in place by collation (stable: equal items keep their order). */
void i18n_sort_strings(struct i18n_collator *c, const char **items, size_t n);

/* OpenGraph og:locale for lang: "vi" -> "vi_VN", "en" -> "en_US",
 * "zh" -> "zh_CN", "pt-BR" -> "pt_BR" (from ICU likely subtags); lang
 * itself when ICU cannot name a region.  The string lives until
 * i18n_locale_cleanup (or is lang itself). */
const char *i18n_og_locale(const char *lang);

/* The og:locale for a language's chain: the first language of the chain
 * whose OpenGraph locale is one Facebook accepts (its published list of
 * locales, e.g. vi_VN, en_US, ar_AR, es_LA), so hmn -> vi gives vi_VN;
 * a locale outside the list takes the list's entry for its language
 * (en_AU -> en_US).  "" when no language of the chain has one.  The string
 * is static or lives until i18n_locale_cleanup. */
const char *i18n_og_locale_chain(const char *const *chain, size_t n_chain);

/* 1 if lang is written right to left (ICU's character orientation for the
 * language with its likely script: ar, he, fa, ur, ps, dv, yi ...). */
int i18n_is_rtl(const char *lang);

/* The quotation marks of the first language of the chain ICU knows (CLDR
 * delimiters: vi and en “ ”, fr « », de „ “), as UTF-8 into open and
 * close (cap bytes each); “ ” for the root locale.  0, or -1 with “ ”. */
int i18n_quotes(const char *const *chain, size_t n_chain, char *open, char *close, size_t cap);

/* Frees the cached ICU objects.  Call once at exit with no other thread
 * inside i18n (tests, sanitizer runs); the caches refill if used again. */
void i18n_locale_cleanup(void);
