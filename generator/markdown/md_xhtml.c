/* md_xhtml: raw HTML in Markdown, rewritten as well-formed XML for EPUB
 * chapters (see md_opts.xhtml in markdown.h): void elements self-closed,
 * attributes quoted, entities made numeric; elements not closed, or closed
 * in the wrong container, reported at their line:col. */
#include "md_impl.h"
#include "../util/diag.h"
#include "../util/text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* One raw HTML node being rewritten.  An inline node is a single tag; a
 * block node is any run of lines. */
struct xfix {
    struct md *m;
    cmark_node *node, *container;
    const char *s;
    size_t len, i;
    int block;
    buf *out;
};

static int is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
static int is_name_char(char c) { return is_alpha(c) || is_digit(c) || strchr("-_:.", c) != NULL; }

static int xml_name(const char *s, size_t n)
{
    if (!n || !(is_alpha(s[0]) || s[0] == '_' || s[0] == ':')) return 0;
    for (size_t i = 1; i < n; i++)
        if (!s[i] || !is_name_char(s[i])) return 0;
    return 1;
}

/* HTML element names match whatever their case. */
static int same_name(const char *a, size_t n, const char *b)
{
    size_t i = 0;
    for (; i < n && b[i]; i++)
        if (md_lower(a[i]) != md_lower(b[i])) return 0;
    return i == n && !b[i];
}

static int is_void(const char *name, size_t n)
{
    static const char *const v[] = {"area", "base", "br", "col", "embed", "hr", "img", "input",
                                    "link", "meta", "param", "source", "track", "wbr"};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        if (md_eq_ci(name, n, v[i])) return 1;
    return 0;
}

/* Column of byte `upto` of a raw HTML line: cmark strips container
 * prefixes ("> ", list indent) from block literals, so find the literal
 * line at the end of the source line. */
static unsigned block_col(struct md *m, unsigned line, const char *lit, size_t upto)
{
    const char *src, *nl = memchr(lit, '\n', strlen(lit));
    size_t n, want = nl ? (size_t)(nl - lit) : strlen(lit), prefix = 0;
    if (md_source_line(m, line, &src, &n) && n >= want && !memcmp(src + n - want, lit, want))
        prefix = text_char_count(src, n - want);
    return (unsigned)(prefix + text_char_count(lit, upto)) + 1;
}

static void x_pos(struct xfix *x, size_t off, unsigned *line, unsigned *col)
{
    md_node_pos(x->m, x->node, line, col);
    if (!x->block || !*line) return;
    size_t ls = 0;
    unsigned k = 0;
    for (size_t j = 0; j < off; j++)
        if (x->s[j] == '\n') { k++; ls = j + 1; }
    if (!k) {
        if (*col) *col += (unsigned)text_char_count(x->s, off);
        return;
    }
    *line += k;
    *col = block_col(x->m, *line - x->m->o->line_offset, x->s + ls, off - ls);
}

static void x_error(struct xfix *x, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void x_error(struct xfix *x, size_t off, const char *fmt, ...)
{
    unsigned line, col;
    x_pos(x, off, &line, &col);
    va_list ap;
    va_start(ap, fmt);
    diag_coded_v(DIAG_ERROR, DIAG_MD_INLINE_HTML, x->m->o->file, line, col, fmt, ap);
    va_end(ap);
    x->m->errors++;
}

/* The numeric form of an HTML entity XML does not predefine. */
static const struct { const char *name; unsigned cp; } common_entities[] = {
    {"nbsp", 160}, {"shy", 173}, {"copy", 169}, {"reg", 174}, {"deg", 176}, {"middot", 183},
    {"laquo", 171}, {"raquo", 187}, {"times", 215}, {"ndash", 8211}, {"mdash", 8212},
    {"lsquo", 8216}, {"rsquo", 8217}, {"ldquo", 8220}, {"rdquo", 8221}, {"bull", 8226},
    {"hellip", 8230}, {"thinsp", 8201}, {"zwnj", 8204}, {"zwj", 8205}, {"trade", 8482},
};

/* Any other of HTML's 2,000-odd entities: cmark has the table, so let it
 * decode "&name;" as a document.  Rare enough for the cost not to matter.
 * An unknown name comes back split into "&" and "name;". */
static int entity_via_cmark(const char *name, size_t n, buf *out)
{
    char src[40];
    int len = snprintf(src, sizeof src, "&%.*s;", (int)n, name);
    cmark_node *doc = cmark_parse_document(src, (size_t)len, CMARK_OPT_DEFAULT);
    cmark_node *p = cmark_node_first_child(doc), *t = p ? cmark_node_first_child(p) : NULL;
    const char *s = t && cmark_node_get_type(t) == CMARK_NODE_TEXT ? md_literal(t) : "";
    int ok = *s && !cmark_node_next(t) && strcmp(s, src) != 0;
    for (utf8proc_ssize_t k, rest = (utf8proc_ssize_t)strlen(s); ok && rest > 0; s += k, rest -= k) {
        utf8proc_int32_t cp;
        k = utf8proc_iterate((const utf8proc_uint8_t *)s, rest, &cp);
        if (k <= 0) break;
        buf_printf(out, "&#%d;", (int)cp);
    }
    cmark_node_free(doc);
    return ok;
}

static int entity_numeric(const char *name, size_t n, buf *out)
{
    static const char *const xml[] = {"amp", "lt", "gt", "quot", "apos"};
    for (size_t i = 0; i < sizeof xml / sizeof xml[0]; i++)
        if (strlen(xml[i]) == n && !memcmp(name, xml[i], n)) {
            buf_printf(out, "&%s;", xml[i]);
            return 1;
        }
    for (size_t i = 0; i < sizeof common_entities / sizeof common_entities[0]; i++)
        if (strlen(common_entities[i].name) == n && !memcmp(name, common_entities[i].name, n)) {
            buf_printf(out, "&#%u;", common_entities[i].cp);
            return 1;
        }
    return entity_via_cmark(name, n, out);
}

static int xml_char(unsigned long c)
{
    return c == 9 || c == 10 || c == 13 || (c >= 0x20 && c <= 0xD7FF) ||
           (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

static size_t x_charref(const char *p, size_t n, buf *out)
{
    size_t i = 2;
    int hex = i < n && (p[i] == 'x' || p[i] == 'X');
    unsigned long cp = 0;
    i += (size_t)hex;
    size_t d0 = i;
    for (; i < n && i - d0 < 8; i++) {
        char c = p[i];
        int d = is_digit(c) ? c - '0' : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
              : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0) break;
        cp = cp * (hex ? 16 : 10) + (unsigned long)d;
    }
    if (i == d0 || i >= n || p[i] != ';') { buf_puts(out, "&amp;"); return 1; }
    if (xml_char(cp)) buf_put(out, p, i + 1);
    else buf_puts(out, "&#xFFFD;");    /* what an HTML parser shows */
    return i + 1;
}

/* p[0] is '&'.  Appends the XML form; returns the bytes used.  A '&' that
 * starts no known reference is literal text, as in HTML. */
static size_t x_entity(const char *p, size_t n, buf *out)
{
    if (n > 1 && p[1] == '#') return x_charref(p, n, out);
    size_t i = 1;
    while (i < n && i < 33 && (is_alpha(p[i]) || is_digit(p[i]))) i++;
    if (i == 1 || i >= n || p[i] != ';' || !is_alpha(p[1]) || !entity_numeric(p + 1, i - 1, out)) {
        buf_puts(out, "&amp;");
        return 1;
    }
    return i + 1;
}

static void x_chars(struct xfix *x, const char *p, size_t n, int attr)
{
    for (size_t i = 0; i < n;) {
        char c = p[i];
        if (c == '&') { i += x_entity(p + i, n - i, x->out); continue; }
        if (c == '<') buf_puts(x->out, "&lt;");
        else if (c == '>') buf_puts(x->out, "&gt;");     /* "]]>" may not appear in XML text */
        else if (c == '"' && attr) buf_puts(x->out, "&quot;");
        else buf_putc(x->out, c);
        i++;
    }
}

/* After a tag we cannot read (reported): show its '<' as text, go on. */
static void x_recover(struct xfix *x, size_t at, size_t mark)
{
    buf_truncate(x->out, mark);
    buf_puts(x->out, "&lt;");
    x->i = at + 1;
}

/* Length of "<name" or "</name" at x->s[at], for messages. */
static int tag_len(const struct xfix *x, size_t at)
{
    size_t n = at + 1 < x->len && x->s[at + 1] == '/' ? 2 : 1;
    while (at + n < x->len && is_name_char(x->s[at + n])) n++;
    return (int)n;
}

struct xtag {                   /* the open tag being read */
    size_t at, mark;            /* its '<' in the literal, its start in the output */
    struct { const char *p; size_t n; } seen[32];   /* attribute names so far */
    size_t n_seen;
};

/* Reports a tag we cannot read, then shows its '<' as text.  Returns 0. */
static int x_fail(struct xfix *x, const struct xtag *t, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int x_fail(struct xfix *x, const struct xtag *t, const char *fmt, ...)
{
    buf msg = BUF_INIT;
    va_list ap;
    buf_printf(&msg, "inline HTML '%.*s>' ", tag_len(x, t->at), x->s + t->at);
    va_start(ap, fmt);
    buf_vprintf(&msg, fmt, ap);
    va_end(ap);
    x_error(x, t->at, "%s", msg.data);
    buf_release(&msg);
    x_recover(x, t->at, t->mark);
    return 0;
}

static int x_seen(struct xtag *t, const char *p, size_t n)
{
    for (size_t k = 0; k < t->n_seen; k++)
        if (t->seen[k].n == n && !memcmp(t->seen[k].p, p, n)) return 1;
    if (t->n_seen < sizeof t->seen / sizeof t->seen[0]) {
        t->seen[t->n_seen].p = p;
        t->seen[t->n_seen++].n = n;
    }
    return 0;
}

/* The attribute value at x->s[*pi] (after '='), escaped into the output. */
static int x_value(struct xfix *x, struct xtag *t, size_t *pi)
{
    const char *s = x->s;
    size_t j = *pi, v0 = j, v1;
    if (j < x->len && (s[j] == '"' || s[j] == '\'')) {
        const char *q = memchr(s + j + 1, s[j], x->len - j - 1);
        if (!q) return x_fail(x, t, "has a value without its closing quote");
        v0 = j + 1;
        v1 = (size_t)(q - s);
        *pi = v1 + 1;
    } else {
        while (j < x->len && !is_space(s[j]) && s[j] != '>') j++;
        if (j == v0) return x_fail(x, t, "has '=' without a value");
        v1 = *pi = j;
    }
    x_chars(x, s + v0, v1 - v0, 1);
    return 1;
}

/* One attribute at x->s[*pi], written as name="value"; a bare HTML
 * attribute gets its own name as value (disabled="disabled"). */
static int x_attr(struct xfix *x, struct xtag *t, size_t *pi)
{
    const char *s = x->s;
    size_t i = *pi, n0 = i;
    while (i < x->len && !is_space(s[i]) && !strchr("/>=\"'<", s[i])) i++;
    if (!xml_name(s + n0, i - n0))
        return x_fail(x, t, "has a malformed attribute at '%.*s'", (int)(i > n0 ? i - n0 : 1), s + n0);
    if (x_seen(t, s + n0, i - n0))
        return x_fail(x, t, "repeats the attribute '%.*s'; XML allows each once", (int)(i - n0), s + n0);
    buf_printf(x->out, " %.*s=\"", (int)(i - n0), s + n0);
    size_t j = i;
    while (j < x->len && is_space(s[j])) j++;
    if (j < x->len && s[j] == '=') {
        for (j++; j < x->len && is_space(s[j]);) j++;
        if (!x_value(x, t, &j)) return 0;
        i = j;
    } else {
        buf_put(x->out, s + n0, i - n0);
    }
    buf_putc(x->out, '"');
    *pi = i;
    return 1;
}

static void x_push(struct xfix *x, const char *name, size_t n, size_t at)
{
    struct open_tag *t = PUSH(x->m, tags, n_tags, cap_tags);
    t->name = arena_strndup(x->m->a, name, n);
    t->container = x->container;
    x_pos(x, at, &t->line, &t->col);
}

static void x_open(struct xfix *x)
{
    const char *s = x->s;
    struct xtag t = {.at = x->i, .mark = x->out->len};
    size_t i = t.at + 1;
    while (i < x->len && is_name_char(s[i])) i++;
    size_t nlen = i - t.at - 1;
    int self = 0;
    buf_put(x->out, s + t.at, nlen + 1);
    for (;;) {
        while (i < x->len && is_space(s[i])) i++;
        if (i >= x->len) {
            x_error(x, t.at, "inline HTML '%.*s' has no closing '>'", tag_len(x, t.at), s + t.at);
            x_recover(x, t.at, t.mark);
            return;
        }
        if (s[i] == '>') { i++; break; }
        if (s[i] == '/' && i + 1 < x->len && s[i + 1] == '>') { self = 1; i += 2; break; }
        if (!x_attr(x, &t, &i)) return;
    }
    int v = is_void(s + t.at + 1, nlen);
    buf_puts(x->out, self || v ? " />" : ">");
    x->i = i;
    if (!self && !v) x_push(x, s + t.at + 1, nlen, t.at);
}

static void report_unclosed(struct md *m, const struct open_tag *t)
{
    md_error_at(m, t->line, t->col, "inline HTML '<%s>' is not closed; close it or remove it", t->name);
}

/* Closes the innermost matching element opened in the same container;
 * elements opened after it were left open. */
static void x_close(struct xfix *x)
{
    struct md *m = x->m;
    const char *s = x->s;
    size_t at = x->i, i = at + 2;
    while (i < x->len && is_name_char(s[i])) i++;
    const char *name = s + at + 2;
    size_t n = (size_t)(s + i - name);
    while (i < x->len && is_space(s[i])) i++;
    if (i >= x->len || s[i] != '>') {
        x_error(x, at, "inline HTML '</%.*s' has no closing '>'", (int)n, name);
        x_recover(x, at, x->out->len);
        return;
    }
    x->i = i + 1;
    if (is_void(name, n)) return;   /* "</br>": HTML ignores these too */
    size_t k = m->n_tags;
    while (k > 0 && m->tags[k - 1].container == x->container && !same_name(name, n, m->tags[k - 1].name))
        k--;
    if (k == 0 || m->tags[k - 1].container != x->container) {
        x_error(x, at, "inline HTML '</%.*s>' has no matching '<%.*s>'; remove it or add the opening tag",
                (int)n, name, (int)n, name);
        return;
    }
    while (m->n_tags > k) report_unclosed(m, &m->tags[--m->n_tags]);
    m->n_tags--;
    buf_printf(x->out, "</%s>", m->tags[k - 1].name);
}

static void x_skip_past(struct xfix *x, const char *end)
{
    size_t e = md_find(x->s + x->i, x->len - x->i, end);
    x->i = e == (size_t)-1 ? x->len : x->i + e + strlen(end);
}

static void x_lt(struct xfix *x)
{
    const char *p = x->s + x->i;
    size_t n = x->len - x->i;
    if (md_starts(p, n, "<!--")) { x_skip_past(x, "-->"); return; }     /* comments: dropped */
    if (md_starts(p, n, "<![CDATA[")) {
        size_t e = md_find(p, n, "]]>");
        if (e == (size_t)-1) {
            x_error(x, x->i, "inline HTML CDATA section is not closed; add ']]>'");
            x_recover(x, x->i, x->out->len);
            return;
        }
        buf_put(x->out, p, e + 3);
        x->i += e + 3;
        return;
    }
    if (md_starts(p, n, "<?")) { x_skip_past(x, "?>"); return; }         /* processing instructions */
    if (n > 2 && p[1] == '!' && is_alpha(p[2])) { x_skip_past(x, ">"); return; }   /* <!DOCTYPE> */
    if (n > 2 && p[1] == '/' && is_alpha(p[2])) { x_close(x); return; }
    if (n > 1 && is_alpha(p[1])) { x_open(x); return; }
    buf_puts(x->out, "&lt;");
    x->i++;
}

void md_xhtml_raw(struct md *m, cmark_node *n, int block)
{
    struct xfix x = {m, n, cmark_node_parent(n), md_literal(n), 0, 0, block, &m->xout};
    x.len = strlen(x.s);
    buf_clear(&m->xout);
    while (x.i < x.len) {
        if (x.s[x.i] == '<') { x_lt(&x); continue; }
        const char *lt = memchr(x.s + x.i, '<', x.len - x.i);
        size_t end = lt ? (size_t)(lt - x.s) : x.len;
        x_chars(&x, x.s + x.i, end - x.i, 0);
        x.i = end;
    }
    cmark_node_set_literal(n, m->xout.data);
}

/* Elements still open when their container ends. */
void md_close_container(struct md *m, cmark_node *n)
{
    while (m->n_tags && m->tags[m->n_tags - 1].container == n)
        report_unclosed(m, &m->tags[--m->n_tags]);
}
