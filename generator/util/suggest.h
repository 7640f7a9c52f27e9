/* suggest: "did you mean ...?" for misspelt names (front matter keys,
 * language codes, layouts).  Pure functions, thread-safe. */
#pragma once
#include <stddef.h>

/* Levenshtein distance between a and b (bytes), capped: returns limit + 1
 * as soon as the distance is known to exceed limit. */
size_t suggest_distance(const char *a, const char *b, size_t limit);

/* The candidate closest to word, or NULL when none is close enough to be
 * a plausible typo (distance at most 1 for words of up to 4 bytes, 2 up to
 * 8, else 3; case is ignored).  cands is NULL-terminated; the first of
 * equally close candidates wins, so the result is deterministic. */
const char *suggest_closest(const char *word, const char *const *cands);
