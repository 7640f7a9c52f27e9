/* text: Unicode text helpers on UTF-8 bytes (utf8proc underneath).
 * Validation with positions, NFC normalisation with a fast path, slugs
 * for URLs and heading ids, URL escaping and word counts.
 *
 * All functions take (s, len) and never read past len; s need not be
 * NUL-terminated.  Functions writing to a buf append to it.  Everything
 * here is thread-safe: the one shared table (the NFC quick-check set)
 * is built once under pthread_once and read-only afterwards. */
#pragma once
#include <stddef.h>
#include <stdint.h>

struct buf;

/* The code point at s (len > 0 bytes left) when it is a valid two-byte
 * UTF-8 sequence or in U+1E00-U+1EFF (Vietnamese letters with a tone), its
 * length in *n; -1 for anything else, ASCII included.  The fast path of
 * the loops over text (NFC check, word count, search words): most
 * non-ASCII letters loa sees, decoded without a table. */
static inline int32_t text_latin_cp(const unsigned char *s, size_t len, size_t *n)
{
    if (s[0] >= 0xC2 && s[0] <= 0xDF && len >= 2 && (s[1] & 0xC0) == 0x80) {
        *n = 2;
        return (int32_t)((s[0] & 0x1Fu) << 6 | (s[1] & 0x3Fu));
    }
    if (s[0] == 0xE1 && len >= 3 && s[1] >= 0xB8 && s[1] <= 0xBB && (s[2] & 0xC0) == 0x80) {
        *n = 3;
        return (int32_t)(0x1000u | (s[1] & 0x3Fu) << 6 | (s[2] & 0x3Fu));
    }
    return -1;
}

/* 1 if s is valid UTF-8 (no overlongs, surrogates or code points above
 * U+10FFFF).  Otherwise 0, and *bad_offset (if not NULL) is the byte
 * offset where the first invalid sequence starts. */
int text_utf8_check(const char *s, size_t len, size_t *bad_offset);

/* The 1-based line and column of byte offset off in s, for diagnostics.
 * The column counts characters (code points), not bytes, so it matches
 * what an editor shows for Vietnamese text.  off may equal len. */
void text_line_col(const char *s, size_t len, size_t off, unsigned *line, unsigned *col);

/* Number of code points in s (continuation bytes are not counted). */
size_t text_char_count(const char *s, size_t len);

/* NFC-normalise s.  Returns 1 if s already is NFC: nothing is appended
 * (use s as it is) and nothing is allocated when the quick check settles
 * it, which it does for ASCII and for precomposed Vietnamese.  Returns 0
 * if s changed: the NFC form is appended to out.  Returns -1 if s is not
 * valid UTF-8 (check with text_utf8_check first); out is untouched. */
int text_nfc(const char *s, size_t len, struct buf *out);

/* The first 1-based line of s that is not NFC, or 0 if s is NFC.  For
 *   file:12: warning: text is not in Unicode NFC form; loa normalised it */
unsigned text_nfc_first_bad_line(const char *s, size_t len);

/* Appends the URL slug of s:
 *   "Quyền con người" -> "quyen-con-nguoi", "Đắk Lắk" -> "dak-lak",
 *   "Bà Rịa – Vũng Tàu" -> "ba-ria-vung-tau".
 * Latin letters lose their diacritics (canonical and compatibility
 * decomposition, marks stripped, case folded; đ/Đ -> d, æ -> ae, ø -> o,
 * ł -> l, ß -> ss ...).  Letters and digits of other scripts (Chinese,
 * Khmer, Tai Viet, Greek ...) are kept as lower-case UTF-8 with their
 * marks: browsers and servers handle them as percent-encoded UTF-8, see
 * text_url_escape.  Apostrophes vanish ("don't" -> "dont"); every other
 * run of non-letters becomes one '-'; no leading or trailing '-'.  Long
 * slugs are cut at TEXT_SLUG_MAX bytes, at a '-' when there is one.
 * Works the same on NFC and decomposed input.  An empty result becomes
 * "page"; callers that need uniqueness add "-2", "-3" ... themselves. */
void text_slugify(const char *s, size_t len, struct buf *out);
/* The same with another word for the empty case (headings use "section").
 * Returns 0 if the fallback was used, 1 otherwise. */
int text_slugify_or(const char *s, size_t len, const char *fallback, struct buf *out);
#define TEXT_SLUG_MAX 80

/* Appends s with every byte that may not appear raw in a URL
 * percent-encoded (%XX): all non-ASCII bytes (so UTF-8 slugs become
 * /tin-t%E1%BB%A9c/ style), spaces, controls and " < > \ ^ ` { | }.
 * Reserved characters (/ ? # & = : @ ...) and existing %XX escapes are
 * kept, so it is safe on whole URLs.  The result still needs HTML/XML
 * escaping (buf_put_html) inside an attribute. */
void text_url_escape(const char *s, size_t len, struct buf *out);

/* Words in plain text: runs of Unicode letters, digits and marks (an
 * apostrophe inside a word does not split it); each CJK ideograph or
 * kana counts as one word, as word processors do. */
size_t text_word_count(const char *s, size_t len);
