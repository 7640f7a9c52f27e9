#include "suggest.h"
#include "diag.h"

#include <stdlib.h>
#include <string.h>

static char fold(char c) { return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c; }

static size_t min3(size_t a, size_t b, size_t c)
{
    size_t m = a < b ? a : b;
    return m < c ? m : c;
}

size_t suggest_distance(const char *a, const char *b, size_t limit)
{
    size_t n = strlen(a), m = strlen(b);
    if ((n > m ? n - m : m - n) > limit) return limit + 1;
    size_t *row = malloc((m + 1) * sizeof *row);
    if (!row) die_oom();
    for (size_t j = 0; j <= m; j++) row[j] = j;
    size_t best = 0;
    for (size_t i = 1; i <= n; i++) {
        size_t diag = row[0];
        row[0] = i;
        best = i;
        for (size_t j = 1; j <= m; j++) {
            size_t up = row[j];
            size_t cost = fold(a[i - 1]) != fold(b[j - 1]);
            row[j] = min3(up + 1, row[j - 1] + 1, diag + cost);
            diag = up;
            if (row[j] < best) best = row[j];
        }
        if (best > limit) break;   /* every later row is at least as far */
    }
    size_t d = best > limit ? limit + 1 : row[m];
    free(row);
    return d > limit ? limit + 1 : d;
}

const char *suggest_closest(const char *word, const char *const *cands)
{
    size_t len = strlen(word);
    size_t limit = len <= 4 ? 1 : len <= 8 ? 2 : 3;
    const char *best = NULL;
    size_t best_d = limit + 1;
    for (; *cands; cands++) {
        size_t d = suggest_distance(word, *cands, limit);
        if (d < best_d) { best = *cands; best_d = d; }
    }
    return best;
}
