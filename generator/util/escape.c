#include "escape.h"
#include "buf.h"
#include "diag.h"
#include "../data/value.h"

#include <stdio.h>
#include <string.h>

#define U_FFFD "\xEF\xBF\xBD"

/* Bytes at which the escapers may change something: 1 for markup (the
 * five specials, controls but tab, LF and CR, DEL, and the lead bytes of
 * C1 controls and U+FFFE/U+FFFF), 2 for URLs (those, and spaces, tabs and
 * line breaks), 4 for cleaning markup that is already escaped (the controls
 * and lead bytes only: HTML from cmark is full of '<' and '&').  Most values
 * hold none: a table lookup is the hot loop of a page render. */
static const unsigned char stops[256] = {
    7, 7, 7, 7, 7, 7, 7, 7, 7, 2, 2, 7, 7, 2, 7, 7,
    7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
    2, 0, 3, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 3, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

/* Length of the prefix of s with no stop of this kind: eight bytes a
 * step with one branch, then byte by byte to find the stop. */
static size_t clean_len(const char *s, size_t n, unsigned char kind)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    for (; n - i >= 8; i += 8) {
        unsigned any = stops[u[i]] | stops[u[i + 1]] | stops[u[i + 2]] | stops[u[i + 3]] |
                       stops[u[i + 4]] | stops[u[i + 5]] | stops[u[i + 6]] | stops[u[i + 7]];
        if (any & kind) break;
    }
    for (; i < n; i++)
        if (stops[u[i]] & kind) return i;
    return n;
}

size_t esc_html_clean_len(const char *s, size_t n) { return clean_len(s, n, 1); }

size_t esc_url_clean_len(const char *s, size_t n)
{
    return esc_url_allowed(s, n, ESC_URL_IMAGE) ? clean_len(s, n, 2) : 0;
}

/* Bytes of the character at s that XML 1.0 forbids or HTML calls a
 * control (parse error), or 0 if it is allowed. */
static size_t forbidden(const unsigned char *s, size_t n)
{
    if (s[0] < 0x20) return s[0] != '\t' && s[0] != '\n' && s[0] != '\r';
    if (s[0] == 0x7f) return 1;
    if (s[0] == 0xc2 && n > 1 && s[1] >= 0x80 && s[1] <= 0x9f) return 2;
    if (s[0] == 0xef && n > 2 && s[1] == 0xbf && (s[2] == 0xbe || s[2] == 0xbf)) return 3;
    return 0;
}

enum markup_mode { CLEAN, TEXT, ATTR };

static const char *reference(char c, enum markup_mode mode)
{
    if (mode == CLEAN) return NULL;
    int quotes = mode == ATTR;
    switch (c) {
    case '&': return "&amp;";
    case '<': return "&lt;";
    case '>': return "&gt;";   /* "]]>" may not appear in XML text */
    case '"': return quotes ? "&quot;" : NULL;
    case '\'': return quotes ? "&#39;" : NULL;
    default: return NULL;
    }
}

static void markup(buf *b, const char *s, size_t n, enum markup_mode mode)
{
    size_t start = 0, i = 0;
    while ((i += clean_len(s + i, n - i, mode == CLEAN ? 4 : 1)) < n) {
        const char *rep = reference(s[i], mode);
        size_t k = rep ? 1 : forbidden((const unsigned char *)s + i, n - i);
        if (!k) {
            i++;   /* a quote in text, or a lead byte of an allowed character */
            continue;
        }
        buf_put(b, s + start, i - start);
        buf_puts(b, rep ? rep : U_FFFD);
        i += k;
        start = i;
    }
    buf_put(b, s + start, n - start);
}

void esc_html_text(buf *b, const char *s, size_t n) { markup(b, s, n, TEXT); }

void esc_html_attr(buf *b, const char *s, size_t n) { markup(b, s, n, ATTR); }

void esc_markup_clean(buf *b, const char *s, size_t n) { markup(b, s, n, CLEAN); }

/* The same characters as an attribute: one function serves text and
 * attributes, and &#39; is XML too. */
void esc_xml(buf *b, const char *s, size_t n) { markup(b, s, n, ATTR); }

/* ---- JSON --------------------------------------------------------------- */

static const char *json_short(unsigned char c)
{
    switch (c) {
    case '"': return "\\\"";
    case '\\': return "\\\\";
    case '\n': return "\\n";
    case '\t': return "\\t";
    case '\r': return "\\r";
    default: return NULL;
    }
}

/* The escape for the character at s (*k bytes long), or NULL; tmp holds
 * a \u escape built here. */
static const char *json_escape(const unsigned char *s, size_t n, size_t *k, char tmp[8])
{
    *k = 1;
    const char *rep = json_short(s[0]);
    if (rep) return rep;
    if (s[0] < 0x20 || s[0] == '<' || s[0] == '>' || s[0] == '&') {
        snprintf(tmp, 8, "\\u%04x", s[0]);
        return tmp;
    }
    if (s[0] == 0xe2 && n > 2 && s[1] == 0x80 && (s[2] == 0xa8 || s[2] == 0xa9)) {
        *k = 3;
        return s[2] == 0xa8 ? "\\u2028" : "\\u2029";
    }
    return NULL;
}

void esc_json(buf *b, const char *s, size_t n)
{
    buf_putc(b, '"');
    size_t start = 0;
    for (size_t i = 0; i < n;) {
        char tmp[8];
        size_t k;
        const char *rep = json_escape((const unsigned char *)s + i, n - i, &k, tmp);
        if (!rep) {
            i++;
            continue;
        }
        buf_put(b, s + start, i - start);
        buf_puts(b, rep);
        i += k;
        start = i;
    }
    buf_put(b, s + start, n - start);
    buf_putc(b, '"');
}

/* ---- URLs --------------------------------------------------------------- */

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

static int prefix_ci(const char *s, size_t n, const char *p)
{
    size_t k = strlen(p);
    if (n < k) return 0;
    for (size_t i = 0; i < k; i++)
        if (lower((unsigned char)s[i]) != p[i]) return 0;
    return 1;
}

/* An HTML character reference at s ("&#9;", "&#x3A;", "&Tab;"): its code
 * point, with *len its length; -1 if there is none.  Only what could hide
 * a scheme matters: numeric ones, and the named tab, newline and colon. */
static long char_ref(const char *s, size_t n, size_t *len)
{
    static const struct { const char *name; long cp; } named[] = {
        {"&Tab;", 9}, {"&NewLine;", 10}, {"&colon;", ':'}};
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
        size_t k = strlen(named[i].name);
        if (n < k || memcmp(s, named[i].name, k)) continue;
        *len = k;
        return named[i].cp;
    }
    if (n < 3 || s[1] != '#') return -1;
    int hex = s[2] == 'x' || s[2] == 'X';
    size_t i = 2 + (size_t)hex, d0 = i;
    long cp = 0;
    for (; i < n; i++) {
        int c = lower((unsigned char)s[i]);
        int d = c >= '0' && c <= '9' ? c - '0' : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        if (d < 0) break;
        if (cp < 0x110000) cp = cp * (hex ? 16 : 10) + d;
    }
    if (i == d0) return -1;
    *len = i + (i < n && s[i] == ';');
    return cp;
}

/* Reads u as a browser reads the start of a URL, up to the first of
 * : / ? # (its offset in u goes to *end, or n).  The characters before it
 * go to scheme, lower-cased, at most cap - 1 of them; any character that
 * cannot be in a scheme makes the result -1, else its length. */
static long scheme_of(const char *u, size_t n, char *scheme, size_t cap, size_t *end)
{
    size_t k = 0, i = 0;
    long bad = 0;
    while (i < n) {
        size_t len = 1;
        long c = (unsigned char)u[i];
        long r = c == '&' ? char_ref(u + i, n - i, &len) : -1;   /* len is set when r >= 0 */
        if (r >= 0) c = r;
        size_t at = i;
        i += len;
        if (c == '\t' || c == '\n' || c == '\r' || (c <= 0x20 && k == 0 && !bad)) continue;
        if (c == ':' || c == '/' || c == '?' || c == '#') {
            *end = c == ':' ? at : n;
            return bad ? -1 : (long)k;
        }
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                 (k > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'));
        if (!ok || k + 1 >= cap) bad = 1;
        else scheme[k++] = (char)lower((int)c);
    }
    *end = n;
    return bad ? -1 : (long)k;
}

static int data_image(const char *rest, size_t n)
{
    static const char *const types[] = {"image/png", "image/gif", "image/jpeg", "image/webp"};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        size_t k = strlen(types[i]);
        if (prefix_ci(rest, n, types[i]) && (n == k || rest[k] == ';' || rest[k] == ','))
            return 1;
    }
    return 0;
}

int esc_url_allowed(const char *u, size_t n, unsigned flags)
{
    static const char *const ok[] = {"http", "https", "mailto", "tel"};
    char scheme[16];
    size_t end;
    long k = scheme_of(u, n, scheme, sizeof scheme, &end);
    if (end == n) return 1;            /* no scheme: a path, query or fragment */
    if (k <= 0) return 0;              /* ':' after something that is no scheme */
    scheme[k] = '\0';
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        if (!strcmp(scheme, ok[i])) return 1;
    if (!(flags & ESC_URL_IMAGE) || strcmp(scheme, "data")) return 0;
    return data_image(u + end + 1, n - end - 1);
}

void esc_url_attr(buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    if (!esc_url_allowed(s, n, ESC_URL_IMAGE)) {
        buf_puts(b, ESC_URL_REFUSED);
        return;
    }
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c > 0x20 && c != 0x7f) continue;
        markup(b, s + start, i - start, ATTR);
        char pct[3] = {'%', hex[c >> 4], hex[c & 15]};
        buf_put(b, pct, 3);
        start = i + 1;
    }
    markup(b, s + start, n - start, ATTR);
}

/* ---- URL-valued fields of input ---------------------------------------- */

enum { URL_CHECK_DEPTH = 64 };   /* deeper YAML holds no link fields we read */

static int url_key(const char *k, size_t n)
{
    return (n == 3 && !memcmp(k, "url", 3)) || (n > 4 && !memcmp(k + n - 4, "_url", 4));
}

static int check_url(const char *file, const char *key, const value *v)
{
    if (v->kind != VAL_STR || esc_url_allowed(v->u.str.s, v->u.str.len, 0)) return 0;
    char shown[48];
    size_t k = 0;
    for (size_t i = 0; i < v->u.str.len && k + 1 < sizeof shown; i++)
        shown[k++] = (unsigned char)v->u.str.s[i] < 0x20 ? '?' : v->u.str.s[i];
    shown[k] = '\0';
    diag_error(DIAG_UNSAFE_URL,
               file, v->line, v->col, "'%s' is '%s%s', which is not a safe link; " ESC_URL_ADVICE,
               key, shown, k < v->u.str.len ? "..." : "");
    return -1;
}

static int check_tree(const char *file, const value *v, int depth)
{
    int r = 0;
    if (!v || depth > URL_CHECK_DEPTH) return 0;
    if (v->kind == VAL_LIST)
        for (size_t i = 0; i < v->u.list.n; i++)
            r |= check_tree(file, v->u.list.items[i], depth + 1);
    if (v->kind != VAL_MAP) return r;
    for (size_t i = 0; i < v->u.map.n; i++) {
        const struct val_entry *e = &v->u.map.e[i];
        if (e->val && url_key(e->key, e->klen)) r |= check_url(file, e->key, e->val);
        else r |= check_tree(file, e->val, depth + 1);
    }
    return r;
}

int esc_check_urls(const char *file, const value *v) { return check_tree(file, v, 0) ? -1 : 0; }
