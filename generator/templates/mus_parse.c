/* mus_parse: Mustache source to a node tree, in four passes over a token
 * list: lex (tags and text, following set-delimiter tags), match (every
 * opening tag to its closing tag), standalone (cut the lines that hold a
 * lone tag) and build (nodes, re-indenting standalone blocks).
 *
 * Parsing stops at the first error: what follows a broken tag is rarely
 * worth reporting.  Columns count characters, not bytes, so they match
 * what an editor shows for Vietnamese text. */
#include "mus_node.h"
#include "../util/diag.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct tok {
    char kind;          /* 0: text; else 'v' '&' '#' '^' '/' '!' '>' '<' '$' '=' */
    uint8_t dyn;        /* the name began with '*' */
    uint8_t sa;         /* standalone: its line is cut */
    uint8_t done;       /* standalone question settled */
    size_t start, end;  /* source range, delimiters included */
    size_t lo, hi;      /* text: what survives the standalone cuts */
    size_t ws;          /* standalone tag: start of its line (its indentation) */
    size_t eol;         /* standalone opening tag: where its content starts */
    size_t match;       /* opening tag <-> closing tag */
    uint32_t line, col;
    str name;
    str od, cd;         /* delimiters in effect, for messages */
};

struct parser {
    arena *a;
    const char *path;
    const char *src;
    size_t len, base;    /* base: past a UTF-8 byte order mark */
    struct tok *t;
    size_t n, cap;
    size_t off;          /* the line/col cursor: only moves forward */
    uint32_t line, col;
    str open, close;     /* current delimiters */
};

#define NOPOS SIZE_MAX

__attribute__((format(printf, 4, 5)))
static int fail(struct parser *p, uint32_t line, uint32_t col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_coded_v(DIAG_ERROR, DIAG_TPL_SYNTAX, p->path, line, col, fmt, ap);
    va_end(ap);
    return -1;
}

static void seek(struct parser *p, size_t off)
{
    for (; p->off < off; p->off++) {
        unsigned char c = (unsigned char)p->src[p->off];
        if (c == '\n') { p->line++; p->col = 1; }
        else if ((c & 0xC0) != 0x80) p->col++;
    }
}

/* Offset of the first byte that is not well-formed UTF-8, or n. */
static size_t utf8_bad(const unsigned char *s, size_t n)
{
    static const uint32_t min[4] = {0, 0x80, 0x800, 0x10000};
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i], k;
        if (c < 0x80) { i++; continue; }
        if (c >= 0xC2 && c <= 0xDF) k = 1;
        else if ((c & 0xF0) == 0xE0) k = 2;
        else if (c >= 0xF0 && c <= 0xF4) k = 3;
        else return i;
        uint32_t cp = c & (0x3Fu >> k);
        for (unsigned j = 1; j <= k; j++) {
            if (i + j >= n || (s[i + j] & 0xC0) != 0x80) return i;
            cp = cp << 6 | (s[i + j] & 0x3Fu);
        }
        if (cp < min[k] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
        i += k + 1;
    }
    return n;
}

static const char *find(const char *s, size_t n, str pat)
{
    if (n < pat.len) return NULL;
    const char *last = s + (n - pat.len);
    while (s <= last) {
        const char *q = memchr(s, pat.ptr[0], (size_t)(last - s) + 1);
        if (!q) return NULL;
        if (memcmp(q, pat.ptr, pat.len) == 0) return q;
        s = q + 1;
    }
    return NULL;
}

static int is_ws(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

static str trim(str s)
{
    while (s.len && is_ws(s.ptr[0])) { s.ptr++; s.len--; }
    while (s.len && is_ws(s.ptr[s.len - 1])) s.len--;
    return s;
}

static int has_ws(str s)
{
    for (size_t i = 0; i < s.len; i++)
        if (is_ws(s.ptr[i])) return 1;
    return 0;
}

/* ---- pass 1: lex ----------------------------------------------------- */

static struct tok *push(struct parser *p, char kind, size_t start)
{
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 64;
        p->t = realloc(p->t, p->cap * sizeof *p->t);
        if (!p->t) die_oom();
    }
    struct tok *t = &p->t[p->n++];
    memset(t, 0, sizeof *t);
    t->kind = kind;
    t->start = t->lo = start;
    t->od = p->open;
    t->cd = p->close;
    return t;
}

#define TAG(t) (int)((t)->end - (t)->start), p->src + (t)->start

/* Sets *cend (end of the tag's content) and *end (past the closing
 * delimiter).  A triple mustache ends at '}' plus the closing delimiter. */
static int find_close(struct parser *p, struct tok *t, size_t from, int triple,
                      size_t *cend, size_t *end)
{
    const char *s = p->src, *q;
    str cl = p->close;
    for (size_t i = from; (q = find(s + i, p->len - i, cl)); i = (size_t)(q - s) + 1) {
        if (triple && (q == s + from || q[-1] != '}')) continue;
        *cend = (size_t)(q - s) - (triple ? 1 : 0);
        *end = (size_t)(q - s) + cl.len;
        if (triple && find(s + from, *cend - from, cl))
            return fail(p, t->line, t->col, "'%.*s{' is missing a '}' before '%.*s' "
                        "(write '%.*s{name}%.*s')", (int)p->open.len, p->open.ptr,
                        (int)cl.len, cl.ptr, (int)p->open.len, p->open.ptr, (int)cl.len, cl.ptr);
        return 0;
    }
    return fail(p, t->line, t->col, "'%.*s%s' is never closed (expected '%s%.*s')",
                (int)p->open.len, p->open.ptr, triple ? "{" : "", triple ? "}" : "",
                (int)cl.len, cl.ptr);
}

static int set_delims(struct parser *p, struct tok *t, str body)
{
    static const char like[] = "like {{=<% %>=}}";
    if (!body.len || body.ptr[body.len - 1] != '=')
        return fail(p, t->line, t->col, "set-delimiters tag must end with '=' before '%.*s', %s",
                    (int)p->close.len, p->close.ptr, like);
    str in = trim((str){body.ptr, body.len - 1});
    size_t k = 0;
    while (k < in.len && !is_ws(in.ptr[k])) k++;
    str a = {in.ptr, k}, b = trim((str){in.ptr + k, in.len - k});
    if (!a.len || !b.len || has_ws(b))
        return fail(p, t->line, t->col, "set-delimiters tag needs two delimiters "
                    "separated by a space, %s", like);
    if (memchr(a.ptr, '=', a.len) || memchr(b.ptr, '=', b.len))
        return fail(p, t->line, t->col, "delimiter '%.*s' cannot contain '='",
                    (int)(memchr(a.ptr, '=', a.len) ? a.len : b.len),
                    memchr(a.ptr, '=', a.len) ? a.ptr : b.ptr);
    p->open = a;
    p->close = b;
    return 0;
}

/* Names that look up data are dotted paths: no empty parts. */
static int check_dots(struct parser *p, const struct tok *t)
{
    str n = t->name;
    if (n.len == 1 && n.ptr[0] == '.') return 0;
    int bad = n.ptr[0] == '.' || n.ptr[n.len - 1] == '.';
    for (size_t i = 1; i < n.len; i++)
        if (n.ptr[i] == '.' && n.ptr[i - 1] == '.') bad = 1;
    if (!bad) return 0;
    return fail(p, t->line, t->col, "'%.*s' is not a valid name: a dotted name has "
                "no empty parts (write 'a.b', or '.' for the current item)",
                (int)n.len, n.ptr);
}

static int check_name(struct parser *p, const struct tok *t)
{
    str n = t->name;
    if (!n.len)
        return fail(p, t->line, t->col, "tag '%.*s' has no name", TAG(t));
    if (find(n.ptr, n.len, p->open))
        return fail(p, t->line, t->col, "'%.*s' inside a tag: is a '%.*s' missing before it?",
                    (int)p->open.len, p->open.ptr, (int)p->close.len, p->close.ptr);
    if (has_ws(n)) {
        static const char *const helpers[] = {"if ", "each ", "unless ", "with ", "else "};
        const char *hint = "";
        for (size_t i = 0; i < sizeof helpers / sizeof *helpers; i++)
            if (!strncmp(n.ptr, helpers[i], strlen(helpers[i])))
                hint = " (Mustache has no helpers like 'if' or 'each': {{#name}} is both)";
        return fail(p, t->line, t->col, "'%.*s' is not a name: names cannot contain spaces%s",
                    (int)n.len, n.ptr, hint);
    }
    if (t->kind == 'v' && n.ptr[0] == '%')
        return fail(p, t->line, t->col, "pragma tags like '%.*s' are not supported", TAG(t));
    if (strchr("v&#^", t->kind) || t->dyn) return check_dots(p, t);
    return 0;
}

static int finish_tag(struct parser *p, struct tok *t, str body)
{
    if (t->kind == '!') return 0;
    if (t->kind == '=') return set_delims(p, t, body);
    body = trim(body);
    if ((t->kind == '>' || t->kind == '<') && body.len && body.ptr[0] == '*') {
        t->dyn = 1;
        body = trim((str){body.ptr + 1, body.len - 1});
    }
    t->name = body;
    return check_name(p, t);
}

static int lex_tag(struct parser *p, size_t at, size_t *next)
{
    struct tok *t = push(p, 'v', at);
    seek(p, at);
    t->line = p->line;
    t->col = p->col;
    size_t c = at + p->open.len, cend = 0, end = 0;
    int triple = c < p->len && p->src[c] == '{';
    if (triple) c++;
    if (find_close(p, t, c, triple, &cend, &end) < 0) return -1;
    if (triple) t->kind = '&';
    else if (c < cend && p->src[c] && strchr("#^/!><$=&", p->src[c])) t->kind = p->src[c++];
    t->end = t->hi = *next = end;
    return finish_tag(p, t, (str){p->src + c, cend - c});
}

static int lex(struct parser *p)
{
    size_t i = p->base;
    while (i < p->len) {
        const char *o = find(p->src + i, p->len - i, p->open);
        size_t at = o ? (size_t)(o - p->src) : p->len;
        if (at > i) {
            struct tok *t = push(p, 0, i);
            t->end = t->hi = at;
        }
        if (!o) break;
        if (lex_tag(p, at, &i) < 0) return -1;
    }
    return 0;
}

/* ---- pass 2: match opening and closing tags ---------------------------- */

static const char *kind_name(char k)
{
    switch (k) {
    case '#': return "section";
    case '^': return "inverted section";
    case '<': return "parent";
    default: return "block";
    }
}

/* {{/name}} closes {{#name}}; a dynamic parent keeps its star when closed. */
static int closes(const struct tok *o, const struct tok *c)
{
    str n = c->name;
    if (o->dyn) {
        if (!n.len || n.ptr[0] != '*') return 0;
        n = trim((str){n.ptr + 1, n.len - 1});
    }
    return n.len == o->name.len && memcmp(n.ptr, o->name.ptr, n.len) == 0;
}

static int mismatch(struct parser *p, const struct tok *o, const struct tok *c)
{
    const char *star = o->dyn ? "*" : "";
    return fail(p, c->line, c->col, "'%.*s' does not close %s '%s%.*s' opened at %u:%u "
                "(expected '%.*s/%s%.*s%.*s')", (int)(c->end - c->start), p->src + c->start,
                kind_name(o->kind), star, (int)o->name.len, o->name.ptr, o->line, o->col,
                (int)c->od.len, c->od.ptr, star, (int)o->name.len, o->name.ptr,
                (int)c->cd.len, c->cd.ptr);
}

static int unclosed(struct parser *p, const struct tok *o)
{
    const char *star = o->dyn ? "*" : "";
    return fail(p, p->line, p->col, "%s '%s%.*s' opened at %u:%u is never closed "
                "(add '%.*s/%s%.*s%.*s' where it should end)", kind_name(o->kind), star,
                (int)o->name.len, o->name.ptr, o->line, o->col, (int)p->open.len, p->open.ptr,
                star, (int)o->name.len, o->name.ptr, (int)p->close.len, p->close.ptr);
}

static int match(struct parser *p)
{
    size_t stack[MUS_MAX_NEST], d = 0;
    for (size_t i = 0; i < p->n; i++) {
        struct tok *t = &p->t[i];
        if (t->kind && strchr("#^<$", t->kind)) {
            if (d == MUS_MAX_NEST)
                return fail(p, t->line, t->col, "sections nest more than %d deep here; "
                            "split the template into partials", MUS_MAX_NEST);
            stack[d++] = i;
        } else if (t->kind == '/') {
            if (!d)
                return fail(p, t->line, t->col, "'%.*s' closes nothing: no section '%.*s' "
                            "is open here", TAG(t), (int)t->name.len, t->name.ptr);
            struct tok *o = &p->t[stack[d - 1]];
            if (!closes(o, t)) return mismatch(p, o, t);
            o->match = i;
            t->match = stack[--d];
        }
    }
    if (!d) return 0;
    seek(p, p->len);
    for (size_t k = 0; k < d; k++) unclosed(p, &p->t[stack[k]]);
    return -1;
}

/* ---- pass 3: standalone lines ----------------------------------------- */

/* Start of pos's line if only blanks precede pos on it, else NOPOS. */
static size_t blank_before(const struct parser *p, size_t pos)
{
    while (pos > p->base && (p->src[pos - 1] == ' ' || p->src[pos - 1] == '\t')) pos--;
    return pos == p->base || p->src[pos - 1] == '\n' ? pos : NOPOS;
}

/* Just past the end of pos's line if only blanks follow pos, else NOPOS. */
static size_t blank_after(const struct parser *p, size_t pos)
{
    while (pos < p->len && (p->src[pos] == ' ' || p->src[pos] == '\t')) pos++;
    if (pos == p->len) return pos;
    if (p->src[pos] == '\n') return pos + 1;
    if (p->src[pos] == '\r' && pos + 1 < p->len && p->src[pos + 1] == '\n') return pos + 2;
    return NOPOS;
}

static void cut_before(struct parser *p, size_t i, size_t ws)
{
    struct tok *x = i > 0 ? &p->t[i - 1] : NULL;
    if (x && !x->kind && x->hi > ws) x->hi = ws > x->lo ? ws : x->lo;
}

static void cut_after(struct parser *p, size_t i, size_t eol)
{
    struct tok *x = i + 1 < p->n ? &p->t[i + 1] : NULL;
    if (x && !x->kind && x->lo < eol) x->lo = eol < x->hi ? eol : x->hi;
}

static void mark(struct tok *t, size_t ws, size_t eol)
{
    t->sa = t->done = 1;
    t->ws = ws;
    t->eol = eol;
}

/* The inheritance spec treats some pairs of adjacent tags on a line of
 * their own as standalone together: {{<p}}{{/p}}, {{<p}}{{$b}},
 * {{/b}}{{/p}}, and {{$b}}{{/b}}, which keeps its newline (an empty
 * block still ends its line).  Returns 1 if a rule applied. */
static int pair(struct parser *p, size_t i)
{
    struct tok *a = &p->t[i], *b = i + 1 < p->n ? &p->t[i + 1] : NULL;
    if (!b || a->end != b->start) return 0;
    size_t ws = blank_before(p, a->start), eol = blank_after(p, b->end);
    if (ws == NOPOS || eol == NOPOS) return 0;
    if (a->kind == '$' && a->match == i + 1) {
        mark(a, ws, b->start);
        mark(b, b->start, b->start);
        cut_before(p, i, ws);
        return 1;
    }
    int open = a->kind == '<' && (a->match == i + 1 || b->kind == '$');
    int close = a->kind == '/' && b->kind == '/' && p->t[a->match].kind == '$' &&
                p->t[b->match].kind == '<';
    if (!open && !close) return 0;
    mark(a, ws, eol);
    mark(b, close ? ws : b->start, eol);
    cut_before(p, i, ws);
    cut_after(p, i + 1, eol);
    return 1;
}

static void standalone(struct parser *p)
{
    for (size_t i = 0; i < p->n; i++) {
        struct tok *t = &p->t[i];
        if (!t->kind || !strchr("#^/!><$=", t->kind) || t->done || pair(p, i)) continue;
        size_t ws = blank_before(p, t->start), eol = blank_after(p, t->end);
        if (ws == NOPOS || eol == NOPOS) continue;
        mark(t, ws, eol);
        cut_before(p, i, ws);
        cut_after(p, i, eol);
    }
}

/* ---- pass 4: build the tree -------------------------------------------- */

struct nvec {
    mus_node *v;
    size_t n, cap;
};

static mus_node *add(struct nvec *v, uint8_t op, const struct tok *t)
{
    if (v->n == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 8;
        v->v = realloc(v->v, v->cap * sizeof *v->v);
        if (!v->v) die_oom();
    }
    mus_node *nd = &v->v[v->n++];
    memset(nd, 0, sizeof *nd);
    nd->op = op;
    nd->line = t->line;
    nd->col = t->col;
    return nd;
}

static int line_start(const struct parser *p, size_t i)
{
    return i == p->base || p->src[i - 1] == '\n';
}

static str copy(struct parser *p, size_t from, size_t to)
{
    return (str){arena_strndup(p->a, p->src + from, to - from), to - from};
}

/* Text, less `strip` blanks at the start of each line (block indentation). */
static void add_text(struct parser *p, struct nvec *v, const struct tok *t, size_t strip)
{
    char *d = arena_alloc(p->a, t->hi - t->lo + 1);
    size_t n = 0, i = t->lo;
    while (i < t->hi) {
        if (line_start(p, i))
            for (size_t k = 0; k < strip && i < t->hi && (p->src[i] == ' ' || p->src[i] == '\t'); k++)
                i++;
        const char *nl = memchr(p->src + i, '\n', t->hi - i);
        size_t e = nl ? (size_t)(nl - p->src) + 1 : t->hi;
        memcpy(d + n, p->src + i, e - i);
        n += e - i;
        i = e;
    }
    if (!n) return;
    mus_node *nd = add(v, MUS_TEXT, t);
    nd->text = (str){d, n};
    nd->flags = line_start(p, t->lo) ? MUS_BOL : 0;
}

static void set_name(struct parser *p, mus_node *nd, str name)
{
    nd->name.full = arena_strndup(p->a, name.ptr, name.len);
    nd->name.len = name.len;
    if (name.len == 1 && name.ptr[0] == '.') return;
    unsigned n = 1;
    for (size_t i = 0; i < name.len; i++) n += name.ptr[i] == '.';
    str *parts = arena_alloc(p->a, n * sizeof *parts);
    const char *s = nd->name.full, *end = s + name.len;
    for (unsigned k = 0; k < n; k++) {
        const char *dot = memchr(s, '.', (size_t)(end - s));
        if (!dot) dot = end;
        parts[k] = (str){s, (size_t)(dot - s)};
        s = dot + 1;
    }
    nd->name.parts = parts;
    nd->name.nparts = n;
}

/* A tag that is not standalone starts a line if only blanks that the
 * block re-indentation strips come before it. */
static int tag_bol(const struct parser *p, const struct tok *t, size_t strip)
{
    size_t ls = blank_before(p, t->start);
    return !t->sa && ls != NOPOS && t->start - ls <= strip;
}

/* The indentation before a standalone tag, less what the block strips. */
static str own_indent(struct parser *p, const struct tok *t, size_t strip)
{
    size_t w = t->start - t->ws;
    return copy(p, t->ws + (strip < w ? strip : w), t->start);
}

/* Width of the first non-blank line in [from, to); *at = that line. */
static size_t first_indent(const struct parser *p, size_t from, size_t to, size_t *at)
{
    for (size_t i = from; i < to;) {
        size_t w = i;
        while (w < to && (p->src[w] == ' ' || p->src[w] == '\t')) w++;
        if (w >= to) break;
        if (p->src[w] != '\n' && p->src[w] != '\r') { *at = i; return w - i; }
        const char *nl = memchr(p->src + w, '\n', to - w);
        if (!nl) break;
        i = (size_t)(nl - p->src) + 1;
    }
    return 0;
}

static void build(struct parser *p, size_t from, size_t to, size_t strip,
                  mus_node **out, size_t *nout);

/* A standalone block's content is re-indented: the indentation of its
 * first line is removed here and the renderer adds the indentation of
 * the place where the block is expanded (the spec's "Block
 * reindentation" and "Intrinsic indentation" cases). */
static void build_block(struct parser *p, mus_node *nd, size_t i, size_t strip)
{
    const struct tok *t = &p->t[i], *c = &p->t[t->match];
    size_t s = strip;
    if (t->sa) {
        size_t at = 0, d = first_indent(p, t->eol, c->sa ? c->ws : c->start, &at);
        nd->flags |= MUS_STANDALONE;
        nd->indent = d > strip ? copy(p, at + strip, at + d) : own_indent(p, t, strip);
        if (d > strip) s = d;
    }
    build(p, i + 1, t->match, s, &nd->kids, &nd->nkids);
}

static const char *what(const mus_node *nd)
{
    switch (nd->op) {
    case MUS_VAR: case MUS_RAW: return "a variable";
    case MUS_SECTION: case MUS_INVERTED: return "a section";
    case MUS_PARTIAL: return "a partial";
    default: return "a parent";
    }
}

/* Only the blocks of a parent's body matter; the rest is ignored. */
static void build_parent(struct parser *p, mus_node *nd, size_t i, size_t strip)
{
    mus_node *kids;
    size_t n, k = 0;
    int warned = 0;
    build(p, i + 1, p->t[i].match, strip, &kids, &n);
    for (size_t j = 0; j < n; j++) {
        if (kids[j].op == MUS_BLOCK) kids[k++] = kids[j];
        else if (kids[j].op != MUS_TEXT && !warned++)
            diag_warn(DIAG_TPL_IGNORED_IN_PARENT,
                      p->path, kids[j].line, kids[j].col, "%s inside parent '%s' is ignored: "
                      "only {{$block}} tags count there", what(&kids[j]), nd->name.full);
    }
    nd->kids = kids;
    nd->nkids = k;
}

/* Does the source before `at` end with ` href="` (or src, action...: an
 * attribute whose value is a URL), so that a value put there decides the
 * URL's scheme?  Read from the source text, as a theme author sees it. */
static int url_attr_before(const struct parser *p, size_t at)
{
    static const char *const names[] = {"href", "src", "action", "formaction", "cite", "poster",
                                        "background", "longdesc", "manifest", "data", "xlink:href"};
    size_t i = at;
    if (i > p->base && (p->src[i - 1] == '"' || p->src[i - 1] == '\'')) i--;
    while (i > p->base && (p->src[i - 1] == ' ' || p->src[i - 1] == '\t')) i--;
    if (i == p->base || p->src[--i] != '=') return 0;
    while (i > p->base && (p->src[i - 1] == ' ' || p->src[i - 1] == '\t')) i--;
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        size_t n = strlen(names[k]);
        if (i - p->base < n + 1 || !is_ws(p->src[i - n - 1])) continue;
        size_t j = 0;
        while (j < n && (p->src[i - n + j] | 0x20) == names[k][j]) j++;
        if (j == n) return 1;
    }
    return 0;
}

static void build_tag(struct parser *p, struct nvec *v, size_t i, size_t strip)
{
    static const uint8_t ops[128] = {['v'] = MUS_VAR, ['&'] = MUS_RAW, ['#'] = MUS_SECTION,
        ['^'] = MUS_INVERTED, ['>'] = MUS_PARTIAL, ['<'] = MUS_PARENT, ['$'] = MUS_BLOCK};
    const struct tok *t = &p->t[i];
    mus_node *nd = add(v, ops[(unsigned char)t->kind], t);
    set_name(p, nd, t->name);
    nd->flags = (uint8_t)((tag_bol(p, t, strip) ? MUS_BOL : 0) | (t->dyn ? MUS_DYNAMIC : 0));
    if (nd->op == MUS_VAR && url_attr_before(p, t->start)) nd->flags |= MUS_URL;
    if (t->sa && (nd->op == MUS_PARTIAL || nd->op == MUS_PARENT)) {
        nd->flags |= MUS_STANDALONE;
        nd->indent = own_indent(p, t, strip);
    } else if (t->sa) {
        nd->flags |= MUS_STANDALONE;
    }
    if (nd->op == MUS_SECTION || nd->op == MUS_INVERTED)
        build(p, i + 1, t->match, strip, &nd->kids, &nd->nkids);
    else if (nd->op == MUS_BLOCK) build_block(p, nd, i, strip);
    else if (nd->op == MUS_PARENT) build_parent(p, nd, i, strip);
}

static void build(struct parser *p, size_t from, size_t to, size_t strip,
                  mus_node **out, size_t *nout)
{
    struct nvec v = {0};
    for (size_t i = from; i < to; i++) {
        const struct tok *t = &p->t[i];
        if (!t->kind) add_text(p, &v, t, strip);
        else if (t->kind != '!' && t->kind != '=' && t->kind != '/') build_tag(p, &v, i, strip);
        if (t->kind && strchr("#^<$", t->kind)) i = t->match;
    }
    *out = NULL;
    *nout = v.n;
    if (v.n) {
        *out = arena_alloc(p->a, v.n * sizeof *v.v);
        memcpy(*out, v.v, v.n * sizeof *v.v);
    }
    free(v.v);
}

int mus_parse(arena *a, const char *path, const char *src, size_t len,
              mus_node **nodes, size_t *n)
{
    struct parser p = {.a = a, .path = path, .src = src, .len = len, .line = 1, .col = 1,
                       .open = STR_LIT("{{"), .close = STR_LIT("}}")};
    if (len >= 3 && !memcmp(src, "\xEF\xBB\xBF", 3)) p.base = p.off = 3;
    size_t bad = utf8_bad((const unsigned char *)src, len);
    int rc = -1;
    if (bad < len) {
        seek(&p, bad);
        fail(&p, p.line, p.col, "invalid UTF-8 (byte 0x%02X at offset %zu); save the "
             "template as UTF-8", (unsigned char)src[bad], bad);
    } else if (lex(&p) == 0 && match(&p) == 0) {
        standalone(&p);
        build(&p, 0, p.n, 0, nodes, n);
        rc = 0;
    }
    free(p.t);
    return rc;
}
