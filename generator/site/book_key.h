/* book_key: a fingerprint of everything one EPUB is made from, so that
 * loa serve's whole builds link the book already served instead of making
 * it again when nothing it holds changed.
 *
 * The key covers every text of the book (metadata, labels, chapters'
 * XHTML, headings, title page) and, for each file it packs (cover,
 * images, fonts, the theme's epub/ templates), the path, size,
 * modification time and inode: a file replaced under the same name gives
 * another key.  The built-in templates are part of the program, the same
 * for one server's life.  One process only: keys are never stored. */
#pragma once
#include <stddef.h>

struct epub_book;

/* Never 0 (0 means "no key"). */
unsigned long long book_key(const struct epub_book *b);
