/* output: the staging folder and the swap.  A build writes everything into
 * OUT/.loa-staging/; only when the whole build succeeded are the entries
 * moved into OUT/ (each with an atomic rename or exchange) and the old ones
 * removed.  A failed build removes its staging folder and leaves OUT/ as it
 * was.  Nothing outside OUT/ is written or deleted: OUT/ must be empty, new,
 * or marked by a previous loa build (OUT/.loa-output). */
#pragma once

/* Checks that out may be used: not the content or theme folder, the
 * project root, '/', $HOME or an ancestor of content/theme; empty, missing
 * or a previous loa output.  Reports and returns -1 if refused. */
int output_check(const char *out, const char *content, const char *theme);
/* Creates a fresh staging folder inside out; returns its path (malloc'd). */
char *output_stage(const char *out);
/* Moves staging into place.  0 ok, -1 reported. */
int output_swap(const char *out, const char *stage);
/* Removes a staging folder after a failed build. */
void output_discard(const char *stage);
