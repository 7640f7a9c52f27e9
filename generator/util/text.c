#include "text.h"
#include "buf.h"
#include "diag.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include <unicode/ubrk.h>
#include <unicode/ustring.h>

/* ---- decoding ----------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at s[0..n), or 0 if it is invalid. */
static size_t seq_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    if (c < 0x80) return 1;
    size_t need = c < 0xC2 ? 0 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF5 ? 4 : 0;
    if (!need || need > n) return 0;
    for (size_t k = 1; k < need; k++)
        if ((s[k] & 0xC0) != 0x80) return 0;
    /* Overlong three/four-byte forms, surrogates, and above U+10FFFF. */
    if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] >= 0xA0) ||
        (c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] >= 0x90))
        return 0;
    return need;
}

/* Decodes one code point; invalid bytes decode as U+FFFD, one byte each,
 * so loops always make progress on bad input.  Two- and three-byte
 * sequences (all of Vietnamese) take the short way. */
static size_t decode(const char *p, size_t n, int32_t *cp)
{
    const unsigned char *s = (const unsigned char *)p;
    unsigned c = s[0];
    if (c < 0x80) { *cp = (int32_t)c; return 1; }
    if (c >= 0xC2 && c < 0xE0 && n >= 2 && (s[1] & 0xC0) == 0x80) {
        *cp = (int32_t)((c & 0x1F) << 6 | (s[1] & 0x3F));
        return 2;
    }
    size_t k = seq_len(s, n);
    if (k == 3) {
        *cp = (int32_t)((c & 0x0F) << 12 | (s[1] & 0x3F) << 6 | (s[2] & 0x3F));
    } else if (k == 4) {
        *cp = (int32_t)((c & 0x07) << 18 | (s[1] & 0x3F) << 12 | (s[2] & 0x3F) << 6 | (s[3] & 0x3F));
    } else {
        *cp = 0xFFFD;
        k = 1;
    }
    return k;
}

static void put_cp(buf *out, int32_t cp)
{
    utf8proc_uint8_t tmp[4];
    buf_put(out, tmp, (size_t)utf8proc_encode_char(cp, tmp));
}

/* The end of the run of ASCII bytes at s[i], eight bytes a step: most of
 * English text and the Markdown syntax of every page. */
static size_t ascii_end(const char *s, size_t i, size_t len)
{
    for (uint64_t w; i + 8 <= len; i += 8) {
        memcpy(&w, s + i, 8);
        if (w & 0x8080808080808080ull) break;
    }
    while (i < len && (unsigned char)s[i] < 0x80) i++;
    return i;
}

int text_utf8_check(const char *s, size_t len, size_t *bad_offset)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < len;) {
        if (u[i] < 0x80) { i = ascii_end(s, i, len); continue; }
        size_t k = seq_len(u + i, len - i);
        if (!k) {
            if (bad_offset) *bad_offset = i;
            return 0;
        }
        i += k;
    }
    return 1;
}

size_t text_char_count(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

void text_line_col(const char *s, size_t len, size_t off, unsigned *line, unsigned *col)
{
    if (off > len) off = len;
    unsigned ln = 1;
    size_t start = 0;
    for (size_t i = 0; i < off; i++)
        if (s[i] == '\n') { ln++; start = i + 1; }
    *line = ln;
    *col = (unsigned)text_char_count(s + start, off - start) + 1;
}

/* ---- NFC ------------------------------------------------------------------ */

/* Unicode's NFC_Quick_Check is not in utf8proc, so we derive the BMP part
 * once: a bit is set for a code point that is not "Yes" -- one that can
 * combine with what precedes it (a later element of some canonical
 * decomposition, or a Hangul vowel/trailing jamo) or that NFC replaces
 * (singletons, composition exclusions).  Precomposed Vietnamese letters
 * are "Yes", so NFC text in Latin scripts never leaves the fast path. */
static unsigned char nfc_not_yes[0x10000 / 8];
/* A bit per BMP code point with a combining class other than 0: the
 * others need no property lookup in nfc_quick. */
static unsigned char nfc_ccc[0x10000 / 8];
static pthread_once_t nfc_once = PTHREAD_ONCE_INIT;

static void nfc_mark(int32_t c)
{
    if (c >= 0 && c < 0x10000) nfc_not_yes[c >> 3] |= (unsigned char)(1u << (c & 7));
}

static int has_canonical_decomp(const utf8proc_property_t *p)
{
    return p->decomp_seqindex != UINT16_MAX && p->decomp_type == 0;
}

static void nfc_init_one(int32_t c)
{
    utf8proc_int32_t d[8];
    int bc = 0;
    utf8proc_ssize_t n = utf8proc_decompose_char(c, d, 8, UTF8PROC_DECOMPOSE, &bc);
    if (n < 1 || n > 8) { nfc_mark(c); return; }
    for (utf8proc_ssize_t k = 1; k < n; k++) nfc_mark(d[k]);
    utf8proc_ssize_t m = utf8proc_normalize_utf32(d, n, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
    if (m != 1 || d[0] != c) nfc_mark(c);
}

static void nfc_init(void)
{
    for (int32_t c = 0x80; c < 0x10000; c++) {
        if (c >= 0xD800 && c < 0xE000) continue;
        if (c >= 0xAC00 && c < 0xAC00 + 11172) continue;   /* Hangul syllables compose back */
        const utf8proc_property_t *p = utf8proc_get_property(c);
        if (p->combining_class) nfc_ccc[c >> 3] |= (unsigned char)(1u << (c & 7));
        if (has_canonical_decomp(p)) nfc_init_one(c);
    }
    for (int32_t c = 0x1161; c <= 0x1175; c++) nfc_mark(c);
    for (int32_t c = 0x11A7; c <= 0x11C2; c++) nfc_mark(c);   /* utf8proc also takes 11A7 */
}

static int nfc_maybe(int32_t c, const utf8proc_property_t *p)
{
    if (c < 0x10000) return nfc_not_yes[c >> 3] >> (c & 7) & 1;
    /* Outside the BMP, be conservative: any mark or decomposable letter. */
    return has_canonical_decomp(p) || p->category == UTF8PROC_CATEGORY_MN ||
           p->category == UTF8PROC_CATEGORY_MC;
}

/* 1 if s certainly is NFC, 0 if it needs the full check. */
static int nfc_quick(const char *s, size_t len)
{
    int last_ccc = 0;
    for (size_t i = 0; i < len;) {
        if ((unsigned char)s[i] < 0x80) { i = ascii_end(s, i, len); last_ccc = 0; continue; }
        int32_t c;
        size_t k;
        if ((c = text_latin_cp((const unsigned char *)s + i, len - i, &k)) >= 0) {
            i += k;   /* no seq_len */
        } else {
            k = seq_len((const unsigned char *)s + i, len - i);
            if (!k) return 0;
            decode(s + i, k, &c);
            i += k;
        }
        if (c < 0x10000 && !(nfc_ccc[c >> 3] >> (c & 7) & 1)) {   /* class 0: no lookup */
            if (nfc_not_yes[c >> 3] >> (c & 7) & 1) return 0;
            last_ccc = 0;
            continue;
        }
        const utf8proc_property_t *p = utf8proc_get_property(c);
        int ccc = p->combining_class;
        if (ccc && last_ccc > ccc) return 0;    /* marks out of canonical order */
        if (nfc_maybe(c, p)) return 0;
        last_ccc = ccc;
    }
    return 1;
}

/* Full check: 1 unchanged, 0 changed (result appended), -1 invalid. */
static int nfc_full(const char *s, size_t len, buf *out)
{
    utf8proc_uint8_t *dst = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &dst,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (n < 0) {
        if (n == UTF8PROC_ERROR_NOMEM) die_oom();
        return -1;
    }
    int same = (size_t)n == len && memcmp(dst, s, len) == 0;
    if (!same && out) buf_put(out, dst, (size_t)n);
    free(dst);
    return same;
}

int text_nfc(const char *s, size_t len, buf *out)
{
    pthread_once(&nfc_once, nfc_init);
    if (nfc_quick(s, len)) return 1;
    if (!text_utf8_check(s, len, NULL)) return -1;
    return nfc_full(s, len, out);
}

unsigned text_nfc_first_bad_line(const char *s, size_t len)
{
    pthread_once(&nfc_once, nfc_init);
    unsigned line = 1;
    for (size_t i = 0; i < len; line++) {
        const char *nl = memchr(s + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - s) : len;
        /* A newline never composes, so lines can be checked one by one. */
        if (!nfc_quick(s + i, end - i) && nfc_full(s + i, end - i, NULL) == 0) return line;
        i = end + 1;
    }
    return 0;
}

/* ---- slugs ---------------------------------------------------------------- */

/* Latin letters (and the Latin-1 symbols, whose compatibility forms are
 * ASCII: ² -> 2, ª -> a) lose their marks; other scripts keep theirs. */
static int is_latin(int32_t c)
{
    return (c >= 0xA0 && c <= 0x2AF) || (c >= 0x1E00 && c <= 0x1EFF) ||
           (c >= 0x2C60 && c <= 0x2C7F) || (c >= 0xA720 && c <= 0xA7FF) ||
           (c >= 0xFF10 && c <= 0xFF5A);   /* full-width digits and letters */
}

/* Latin letters that have no decomposition but an obvious ASCII spelling. */
static const char *latin_ascii(int32_t c)
{
    switch (c) {
    case 0x111: case 0xF0: return "d";   /* đ (Vietnamese), ð */
    case 0xF8: return "o";
    case 0x142: return "l";
    case 0xE6: return "ae";
    case 0x153: return "oe";
    case 0xFE: return "th";
    case 0x131: return "i";
    case 0x127: return "h";
    default: return NULL;
    }
}

static int is_letter_or_digit(utf8proc_category_t cat)
{
    return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
           (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO);
}

static int is_mark(utf8proc_category_t cat)
{
    return cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME;
}

struct slug {
    buf *out;
    size_t start;   /* where this slug begins in out */
    int sep;        /* a separator is pending */
    int latin;      /* the last letter was Latin: drop following marks */
};

static void slug_sep(struct slug *g) { g->sep = 1; g->latin = 0; }

static void slug_put(struct slug *g, const char *p, size_t n)
{
    if (g->sep && g->out->len > g->start) buf_putc(g->out, '-');
    g->sep = 0;
    buf_put(g->out, p, n);
}

static void slug_latin_part(struct slug *g, int32_t c)
{
    const char *a = latin_ascii(c);
    if (c < 0x80 && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
        char ch = (char)c;
        slug_put(g, &ch, 1);
    } else if (c < 0x80 && c >= 'A' && c <= 'Z') {
        char ch = (char)(c - 'A' + 'a');
        slug_put(g, &ch, 1);
    } else if (a) {
        slug_put(g, a, strlen(a));
    } else if (c >= 0x80 && is_letter_or_digit(utf8proc_category(c))) {
        utf8proc_uint8_t tmp[4];
        slug_put(g, (const char *)tmp, (size_t)utf8proc_encode_char(utf8proc_tolower(c), tmp));
    } else {
        slug_sep(g);
        return;
    }
    g->latin = 1;
}

static void slug_latin(struct slug *g, int32_t c)
{
    utf8proc_int32_t d[18];
    int bc = 0;
    utf8proc_ssize_t n = utf8proc_decompose_char(
        c, d, 18, UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK, &bc);
    if (n < 1 || n > 18) { slug_sep(g); return; }
    for (utf8proc_ssize_t k = 0; k < n; k++) slug_latin_part(g, d[k]);
}

static void slug_other(struct slug *g, int32_t c)
{
    utf8proc_category_t cat = utf8proc_category(c);
    if (c == 0x2019 || c == 0x02BC) return;       /* ’ as apostrophe: no break */
    if (is_mark(cat)) {
        if (!g->latin && !g->sep && g->out->len > g->start) put_cp(g->out, c);
        return;
    }
    if (!is_letter_or_digit(cat)) { slug_sep(g); return; }
    utf8proc_uint8_t tmp[4];
    slug_put(g, (const char *)tmp, (size_t)utf8proc_encode_char(utf8proc_tolower(c), tmp));
    g->latin = 0;
}

static void slug_cut(buf *out, size_t start)
{
    if (out->len - start <= TEXT_SLUG_MAX) return;
    size_t cut = start + TEXT_SLUG_MAX;
    while (cut > start && ((unsigned char)out->data[cut] & 0xC0) == 0x80) cut--;
    const char *dash = NULL;
    for (size_t i = cut; i > start + TEXT_SLUG_MAX / 2; i--)
        if (out->data[i] == '-') { dash = out->data + i; break; }
    buf_truncate(out, dash ? (size_t)(dash - out->data) : cut);
}

int text_slugify_or(const char *s, size_t len, const char *fallback, buf *out)
{
    struct slug g = {out, out->len, 0, 0};
    for (size_t i = 0; i < len;) {
        int32_t c;
        i += decode(s + i, len - i, &c);
        if (c == '\'') continue;
        if (c < 0x80 || is_latin(c)) {
            if (c < 0x80) slug_latin_part(&g, c);
            else slug_latin(&g, c);
        } else {
            slug_other(&g, c);
        }
    }
    slug_cut(out, g.start);
    if (out->len > g.start) return 1;
    buf_puts(out, fallback);
    return 0;
}

void text_slugify(const char *s, size_t len, buf *out)
{
    text_slugify_or(s, len, "page", out);
}

/* ---- URLs ----------------------------------------------------------------- */

static int url_keep(unsigned char c)
{
    if (c >= 0x80 || c <= 0x20 || c == 0x7F) return 0;
    return !strchr("\"<>\\^`{|}", c);
}

void text_url_escape(const char *s, size_t len, buf *out)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t start = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (url_keep(c)) continue;
        buf_put(out, s + start, i - start);
        char esc[3] = {'%', hex[c >> 4], hex[c & 15]};
        buf_put(out, esc, 3);
        start = i + 1;
    }
    buf_put(out, s + start, len - start);
}

/* ---- words ---------------------------------------------------------------- */

static int is_cjk(int32_t c)
{
    return (c >= 0x3040 && c <= 0x30FF) ||     /* hiragana, katakana */
           (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3134F);
}

/* Latin-1, Latin Extended-A/B and Vietnamese letters, without utf8proc's
 * table lookups: most of loa's non-ASCII text. */
static int latin_letter(int32_t c)
{
    return (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) || (c >= 0x1E00 && c <= 0x1EFF);
}

/* Scripts written without spaces between words: Thai, Lao, Myanmar, Khmer. */
static int is_unspaced(int32_t c)
{
    return (c >= 0x0E00 && c <= 0x0EFF) || (c >= 0x1000 && c <= 0x109F) ||
           (c >= 0x1780 && c <= 0x17FF);
}

/* Words of a run of unspaced script, by ICU's dictionary word break (one
 * per run when ICU fails: never less than the old count). */
static size_t unspaced_words(const char *s, size_t len)
{
    UErrorCode e = U_ZERO_ERROR;
    int32_t ulen = 0;
    u_strFromUTF8(NULL, 0, &ulen, s, (int32_t)len, &e);
    UChar *u = malloc(((size_t)ulen + 1) * sizeof *u);
    if (!u) die_oom();
    e = U_ZERO_ERROR;
    u_strFromUTF8(u, ulen + 1, NULL, s, (int32_t)len, &e);
    UBreakIterator *bi = U_SUCCESS(e) ? ubrk_open(UBRK_WORD, "", u, ulen, &e) : NULL;
    size_t words = 0;
    if (bi && U_SUCCESS(e)) {
        for (int32_t b = ubrk_first(bi); (b = ubrk_next(bi)) != UBRK_DONE;)
            words += ubrk_getRuleStatus(bi) != UBRK_WORD_NONE;
    }
    if (bi) ubrk_close(bi);
    free(u);
    return words ? words : 1;
}

/* 1 for the ASCII letters and digits: a load, not two range checks, in
 * the loop over the rest of a word (most of the text). */
#define AL10 1, 1, 1, 1, 1, 1, 1, 1, 1, 1
#define AL26 AL10, AL10, 1, 1, 1, 1, 1, 1
static const uint8_t alnum_tab[256] = {
    ['0'] = AL10, ['A'] = AL26, ['a'] = AL26,
};
#undef AL10
#undef AL26

static int ascii_alnum(unsigned char b)
{
    return alnum_tab[b];
}

#define WC_ONES 0x0101010101010101ull
#define WC_HIGH 0x8080808080808080ull

/* 0x80 in each byte of c (eight ASCII bytes) that is in lo..hi. */
static uint64_t in_range8(uint64_t c, unsigned char lo, unsigned char hi)
{
    return (c + WC_ONES * (0x80 - lo)) & ~(c + WC_ONES * (0x7F - hi)) & WC_HIGH;
}

/* Words starting in eight ASCII bytes with no apostrophe, given whether a
 * word runs into them; *in_word is set to whether one runs out. */
static size_t words8(uint64_t c, int *in_word)
{
    uint64_t alnum = in_range8(c, '0', '9') | in_range8(c | WC_ONES * 0x20, 'a', 'z');
    uint64_t before = alnum << 8 | (*in_word ? 0x80u : 0);   /* byte i: was byte i-1 in a word */
    *in_word = (int)(alnum >> 63);
    uint64_t starts = (alnum & ~before) >> 7;   /* 0 or 1 a byte: their sum in the top byte */
    return (size_t)((starts * WC_ONES) >> 56);
}

size_t text_word_count(const char *s, size_t len)
{
    size_t words = 0;
    int in_word = 0;
    size_t retry = 0;   /* where eight bytes at once are tried again */
    for (size_t i = 0; i < len;) {
        uint64_t eight;
        if (i >= retry && i + 8 <= len) {
            memcpy(&eight, s + i, 8);
            if (!(eight & WC_HIGH) && !in_range8(eight, '\'', '\'')) {   /* ASCII, no apostrophe */
                words += words8(eight, &in_word);
                i += 8;
                continue;
            }
            retry = i + 8;   /* these eight a byte or a letter at a time (Vietnamese text) */
        }
        unsigned char b = (unsigned char)s[i];
        if (b < 0x80) {
            if (!ascii_alnum(b)) {
                in_word = in_word && b == '\'';
                i++;
                continue;
            }
            words += !in_word;
            in_word = 1;
            for (i++; i < len && ascii_alnum((unsigned char)s[i]); i++) {}   /* the rest of it */
            continue;
        }
        size_t k;
        int32_t c = text_latin_cp((const unsigned char *)s + i, len - i, &k);
        if (c >= 0 && latin_letter(c)) {   /* most non-ASCII letters: no utf8proc */
            words += !in_word;
            in_word = 1;
            i += k;
            continue;
        }
        size_t at = i;
        i += decode(s + i, len - i, &c);
        if (is_unspaced(c)) {
            size_t end = i;
            while (end < len && (unsigned char)s[end] >= 0x80) {
                size_t k = end + decode(s + end, len - end, &c);
                if (!is_unspaced(c)) break;
                end = k;
            }
            words += unspaced_words(s + at, end - at);
            in_word = 0;
            i = end;
            continue;
        }
        if (latin_letter(c)) {
            words += !in_word;
            in_word = 1;
            continue;
        }
        if (is_cjk(c)) { words++; in_word = 0; continue; }
        utf8proc_category_t cat = utf8proc_category(c);
        int w = is_letter_or_digit(cat) || (in_word && is_mark(cat));
        if (w && !in_word) words++;
        in_word = w || (in_word && c == 0x2019);
    }
    return words;
}
