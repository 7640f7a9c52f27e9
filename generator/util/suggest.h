/* suggest: "did you mean ...?" for mistyped names (commands, flags,
 * front matter keys, language codes).  Thread-safe, allocates nothing. */
#pragma once
#include <stddef.h>

/* Optimal string alignment distance (Damerau-Levenshtein with adjacent
 * transpositions) between a and b, counted in bytes, case-insensitive
 * for ASCII.  Strings longer than SUGGEST_MAX_LEN compare as far apart. */
size_t suggest_distance(const char *a, const char *b);
#define SUGGEST_MAX_LEN 64

/* The candidate closest to word, or NULL when none is close enough to be
 * a likely typo: at most 1 edit for words of up to 4 bytes, 2 up to 8,
 * 3 beyond.  Ties go to the earlier candidate, so callers order the
 * list by how common each name is. */
const char *suggest_closest(const char *word, const char *const *cands, size_t n);
