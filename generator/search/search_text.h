/* search_text: how the search index sees text.  Words are cut out of
 * plain text and given two forms:
 *
 *   exact  lower case, NFC kept:              "Quyền" -> "quyền"
 *   key    lower case, Latin marks removed,   "Quyền" -> "quyen",
 *          đ -> d, ø -> o, ł -> l, æ -> ae,   "đến"  -> "den"
 *          œ -> oe, ß -> ss
 *
 * The index is grouped by key (what a reader types without tone marks
 * finds every tone), and each key keeps its exact forms so that a query
 * typed with tones ranks the same tones first.  themes/portal/static/js/
 * search.js folds queries the same way (lower case, NFD, U+0300-U+036F
 * removed, NFC, the table above); keep the two in step.
 *
 * Scripts written without spaces between words (Thai, Lao, Khmer,
 * Myanmar, Chinese, Japanese) are cut with ICU's dictionary word break,
 * as the browser's Intl.Segmenter does for the query.
 *
 * Thread-safe: no shared state. */
#pragma once
#include <stddef.h>

struct buf;

/* Words longer than this (in bytes) are not indexed: URLs, hashes. */
#define SEARCH_WORD_MAX 48

/* Appends the match key of the word s[0..len). */
void search_fold(const char *s, size_t len, struct buf *out);
/* Appends the exact form of the word s[0..len). */
void search_lower(const char *s, size_t len, struct buf *out);
/* The same into out[SEARCH_LOWER_MAX] for a word of at most
 * SEARCH_WORD_MAX bytes (lower case takes at most 1.5 times the bytes);
 * returns its length.  No allocation: it runs for every word indexed. */
#define SEARCH_LOWER_MAX (SEARCH_WORD_MAX * 2)
size_t search_lower_word(const char *s, size_t len, char *out);

/* Called for each word of a text, in order; w is not NUL-terminated. */
typedef void (*search_word_fn)(void *ud, const char *w, size_t len);
/* Cuts s[0..len) (valid UTF-8) into words: runs of letters, marks and
 * digits; runs in scripts without spaces are cut by ICU for language
 * lang (a BCP 47 code, may be NULL).  Words over SEARCH_WORD_MAX bytes
 * are skipped. */
void search_words(const char *s, size_t len, const char *lang, search_word_fn fn, void *ud);
