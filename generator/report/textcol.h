/* textcol: text in fixed-width terminal columns.  Widths are display
 * columns (utf8proc_charwidth: a Vietnamese letter with its marks is one,
 * a CJK character two), and text is only ever cut between characters, so
 * a cut title stays valid UTF-8. */
#pragma once
#include <stddef.h>

struct buf;

/* Display width of s (invalid bytes count one column each). */
size_t textcol_width(const char *s);
/* Appends s to out in exactly width columns: cut with "…" when wider,
 * padded with spaces when narrower. */
void textcol_put(struct buf *out, const char *s, size_t width);
/* Appends s padded on the left to width columns (numbers). */
void textcol_put_right(struct buf *out, const char *s, size_t width);
