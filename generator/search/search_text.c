/* search_text: word cutting and folding for the search index. */
#include "search_text.h"
#include "../util/buf.h"
#include "../util/diag.h"
#include "../util/text.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include <unicode/ubrk.h>
#include <unicode/ustring.h>

/* The code point at s[off], its length in bytes (<= 0: invalid). */
static utf8proc_ssize_t next_cp(const char *s, size_t len, size_t off, utf8proc_int32_t *cp)
{
    return utf8proc_iterate((const utf8proc_uint8_t *)s + off, (utf8proc_ssize_t)(len - off), cp);
}

static void put_cp(buf *b, utf8proc_int32_t cp)
{
    utf8proc_uint8_t u[4];
    utf8proc_ssize_t n = utf8proc_encode_char(cp, u);
    buf_put(b, u, (size_t)n);
}

/* Letters that do not decompose into a base and a mark. */
static const char *special_fold(utf8proc_int32_t cp)
{
    switch (cp) {
    case 0x111: return "d";    /* đ */
    case 0xF8: return "o";     /* ø */
    case 0x142: return "l";    /* ł */
    case 0xE6: return "ae";    /* æ */
    case 0x153: return "oe";   /* œ */
    case 0xDF: return "ss";    /* ß */
    default: return NULL;
    }
}

static int is_strip_mark(utf8proc_int32_t cp)
{
    return cp >= 0x300 && cp <= 0x36F;
}

/* One code point, already lower case, folded: its decomposition without
 * the combining diacritics U+0300-U+036F, when that leaves one letter
 * (what NFD, removing the marks and NFC do in the browser). */
static void fold_cp(buf *out, utf8proc_int32_t cp)
{
    const char *sp = special_fold(cp);
    if (sp) {
        buf_puts(out, sp);
        return;
    }
    if (cp < 0xC0 || is_strip_mark(cp)) {
        if (!is_strip_mark(cp)) put_cp(out, cp);
        return;
    }
    utf8proc_int32_t d[8];
    int last = 0;
    utf8proc_ssize_t n = utf8proc_decompose_char(cp, d, 8, UTF8PROC_DECOMPOSE, &last);
    utf8proc_ssize_t kept = 0;
    for (utf8proc_ssize_t i = 0; i < n && n <= 8; i++) kept += !is_strip_mark(d[i]);
    if (n > 1 && n <= 8 && kept == 1 && !is_strip_mark(d[0])) cp = d[0];
    put_cp(out, cp);
}

void search_fold(const char *s, size_t len, buf *out)
{
    utf8proc_ssize_t off = 0;
    while ((size_t)off < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = next_cp(s, len, (size_t)off, &cp);
        if (n <= 0) break;
        off += n;
        if (cp < 0x80) {
            buf_putc(out, cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
            continue;
        }
        fold_cp(out, utf8proc_tolower(cp));
    }
}

void search_lower(const char *s, size_t len, buf *out)
{
    size_t ascii = 0;
    while (ascii < len && (unsigned char)s[ascii] < 0x80) ascii++;
    if (ascii == len) {   /* most words of most pages */
        buf_grow(out, len);
        for (size_t i = 0; i < len; i++)
            out->data[out->len + i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
        out->len += len;
        out->data[out->len] = '\0';
        return;
    }
    utf8proc_ssize_t off = 0;
    while ((size_t)off < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = next_cp(s, len, (size_t)off, &cp);
        if (n <= 0) break;
        off += n;
        put_cp(out, utf8proc_tolower(cp));
    }
}

/* --- cutting words --------------------------------------------------------------- */

static int is_word_cp(utf8proc_int32_t cp)
{
    if (cp < 0x80) return (unsigned)((cp | 32) - 'a') < 26u || (unsigned)(cp - '0') < 10u;
    utf8proc_category_t c = utf8proc_category(cp);
    return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_ME) ||
           (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO);
}

/* Scripts written without spaces between words. */
static int is_nospace_cp(utf8proc_int32_t cp)
{
    return (cp >= 0x0E00 && cp <= 0x0EFF)      /* Thai, Lao */
        || (cp >= 0x1000 && cp <= 0x109F)      /* Myanmar */
        || (cp >= 0x1780 && cp <= 0x17FF)      /* Khmer */
        || (cp >= 0x19E0 && cp <= 0x19FF)      /* Khmer symbols */
        || (cp >= 0x3040 && cp <= 0x30FF)      /* kana */
        || (cp >= 0x3400 && cp <= 0x9FFF)      /* CJK ideographs */
        || (cp >= 0xF900 && cp <= 0xFAFF);
}

/* 0 not in a word, 1 in a word, 2 in a word of a script without spaces. */
static int cp_class(utf8proc_int32_t cp)
{
    if (!is_word_cp(cp)) return 0;
    return is_nospace_cp(cp) ? 2 : 1;
}

static void emit(const char *w, size_t len, search_word_fn fn, void *ud)
{
    if (len && len <= SEARCH_WORD_MAX) fn(ud, w, len);
}

/* A run of a script without spaces, cut by ICU's dictionary break
 * iterator; without ICU data for it, the run is one word. */
static void cut_run(const char *s, size_t len, const char *lang, search_word_fn fn, void *ud)
{
    UErrorCode e = U_ZERO_ERROR;
    int32_t ulen = 0;
    u_strFromUTF8(NULL, 0, &ulen, s, (int32_t)len, &e);
    UChar stack[512];
    UChar *u = ulen < 512 ? stack : malloc(((size_t)ulen + 1) * sizeof *u);
    if (!u) die_oom();
    e = U_ZERO_ERROR;
    u_strFromUTF8(u, ulen + 1, &ulen, s, (int32_t)len, &e);
    UBreakIterator *bi = U_SUCCESS(e) ? ubrk_open(UBRK_WORD, lang ? lang : "", u, ulen, &e) : NULL;
    if (!bi || U_FAILURE(e)) {
        if (bi) ubrk_close(bi);
        emit(s, len, fn, ud);
        if (u != stack) free(u);
        return;
    }
    /* map UTF-16 offsets back to bytes by walking both */
    int32_t from = ubrk_first(bi), to;
    size_t bfrom = 0;
    while ((to = ubrk_next(bi)) != UBRK_DONE) {
        int32_t tl = 0;
        UErrorCode e2 = U_ZERO_ERROR;
        u_strToUTF8(NULL, 0, &tl, u + from, to - from, &e2);
        emit(s + bfrom, (size_t)tl, fn, ud);
        bfrom += (size_t)tl;
        from = to;
    }
    ubrk_close(bi);
    if (u != stack) free(u);
}

/* --- Latin without utf8proc ---------------------------------------------------------- */

/* Most letters of the languages indexed are ASCII, two-byte UTF-8 (Latin-1,
 * Latin Extended-A and -B, IPA, combining marks, Greek, Cyrillic) or in
 * U+1E00-U+1EFF (Latin Extended Additional: Vietnamese's precomposed
 * letters with a tone).  Their class and lower case come from tables filled
 * once from utf8proc, so they say exactly what utf8proc says, without a
 * property lookup per letter. */
enum { TWO_BYTE = 0x800, LATIN_ADD = 0x1E00 };

static struct {
    uint8_t cls2[TWO_BYTE];            /* U+0000-U+07FF: 0, 1 or 2 as char_class */
    uint8_t cls_add[0x100];            /* U+1E00-U+1EFF */
    uint32_t lower2[TWO_BYTE];
    uint32_t lower_add[0x100];
} tab;
static pthread_once_t tab_once = PTHREAD_ONCE_INIT;

static void tab_fill(void)
{
    for (utf8proc_int32_t cp = 0; cp < TWO_BYTE; cp++) {
        tab.cls2[cp] = (uint8_t)cp_class(cp);
        tab.lower2[cp] = (uint32_t)utf8proc_tolower(cp);
    }
    for (utf8proc_int32_t i = 0; i < 0x100; i++) {
        tab.cls_add[i] = (uint8_t)cp_class(LATIN_ADD + i);
        tab.lower_add[i] = (uint32_t)utf8proc_tolower(LATIN_ADD + i);
    }
}

static void tab_init(void)
{
    pthread_once(&tab_once, tab_fill);
}

static utf8proc_int32_t quick_lower(utf8proc_int32_t cp)
{
    return cp < TWO_BYTE ? (utf8proc_int32_t)tab.lower2[cp]
                         : (utf8proc_int32_t)tab.lower_add[cp - LATIN_ADD];
}

/* cp (below U+10000) in UTF-8 at out; its length. */
static size_t put_utf8(utf8proc_int32_t cp, char *out)
{
    unsigned u = (unsigned)cp;
    if (u < 0x80) {
        out[0] = (char)u;
        return 1;
    }
    if (u < 0x800) {
        out[0] = (char)(0xC0 | u >> 6);
        out[1] = (char)(0x80 | (u & 0x3F));
        return 2;
    }
    out[0] = (char)(0xE0 | u >> 12);
    out[1] = (char)(0x80 | (u >> 6 & 0x3F));
    out[2] = (char)(0x80 | (u & 0x3F));
    return 3;
}

size_t search_lower_word(const char *s, size_t len, char *out)
{
    size_t n = 0;
    for (; n < len && (unsigned char)s[n] < 0x80; n++)
        out[n] = (char)(s[n] >= 'A' && s[n] <= 'Z' ? s[n] + 32 : s[n]);
    tab_init();
    size_t off = n;
    while (off < len && n + 4 <= SEARCH_LOWER_MAX) {
        const unsigned char *u = (const unsigned char *)s + off;
        utf8proc_int32_t cp;
        size_t k = 1;
        if (u[0] < 0x80) {
            out[n++] = (char)(u[0] >= 'A' && u[0] <= 'Z' ? u[0] + 32 : u[0]);
            off++;
            continue;
        }
        if ((cp = text_latin_cp(u, len - off, &k)) >= 0) {
            utf8proc_int32_t lo = quick_lower(cp);
            if (lo == cp) memcpy(out + n, u, k);   /* most letters are lower case already */
            n += lo == cp ? k : put_utf8(lo, out + n);
            off += k;
            continue;
        }
        utf8proc_ssize_t m = next_cp(s, len, off, &cp);
        if (m <= 0) break;
        off += (size_t)m;
        n += (size_t)utf8proc_encode_char(utf8proc_tolower(cp), (utf8proc_uint8_t *)out + n);
    }
    return n;
}

/* 1 for the ASCII letters and digits, 0 for the other bytes: the scan of
 * a text looks a byte up rather than comparing it (most of the text). */
static const uint8_t ascii_word_tab[256] = {
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
    ['8'] = 1, ['9'] = 1,
    ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1,
    ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1,
    ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1,
    ['Y'] = 1, ['Z'] = 1,
    ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1,
    ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1,
    ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
    ['y'] = 1, ['z'] = 1,
};

static int ascii_word(unsigned char c)
{
    return ascii_word_tab[c];
}

/* The class of the character at s[off] (off < len): 0 not in a word, 1
 * in a word, 2 in a word of a script without spaces; *n its length. */
static inline int char_class(const char *s, size_t len, size_t off, utf8proc_ssize_t *n)
{
    unsigned char c = (unsigned char)s[off];
    *n = 1;
    if (c < 0x80) return ascii_word(c);
    size_t qn;
    utf8proc_int32_t cp = text_latin_cp((const unsigned char *)s + off, len - off, &qn);
    if (cp >= 0) {
        *n = (utf8proc_ssize_t)qn;
        return cp < TWO_BYTE ? tab.cls2[cp] : tab.cls_add[cp - LATIN_ADD];
    }
    *n = next_cp(s, len, off, &cp);
    if (*n <= 0) {
        *n = 1;
        return 0;
    }
    return cp_class(cp);
}

/* The end of the run of class cls that starts at s[off]: ASCII letters
 * and digits are taken without decoding (most of the text). */
static size_t run_end(const char *s, size_t len, size_t off, int cls)
{
    while (off < len) {
        if (cls == 1)
            while (off < len && ascii_word_tab[(unsigned char)s[off]]) off++;
        if (off == len) break;
        unsigned char c = (unsigned char)s[off];
        if (c < 0x80) {
            if (cls != 1 || !ascii_word(c)) return off;
            off++;
            continue;
        }
        utf8proc_ssize_t n;
        if (char_class(s, len, off, &n) != cls) return off;
        off += (size_t)n;
    }
    return off;
}

void search_words(const char *s, size_t len, const char *lang, search_word_fn fn, void *ud)
{
    tab_init();
    size_t off = 0;
    while (off < len) {
        /* spaces and punctuation between words */
        while (off < len && (unsigned char)s[off] < 0x80 && !ascii_word(s[off])) off++;
        if (off == len) break;
        utf8proc_ssize_t n;
        int cls = char_class(s, len, off, &n);
        if (!cls) {
            off += (size_t)n;
            continue;
        }
        size_t start = off;
        off = run_end(s, len, off + (size_t)n, cls);
        if (cls == 2) cut_run(s + start, off - start, lang, fn, ud);
        else emit(s + start, off - start, fn, ud);
    }
}
