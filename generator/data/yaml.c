#include "yaml.h"
#include "../util/arena.h"
#include "../util/buf.h"
#include "../util/diag.h"
#include "../util/fs.h"
#include "../util/text.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* size: the bytes the anchored node stands for once aliases inside it are
 * expanded, what each alias to it costs whoever walks the tree. */
struct anchor { const char *name; value *v; size_t size; struct anchor *next; };

struct yparse {
    yaml_parser_t p;
    arena *a;
    const char *file;
    const char *text;        /* the input, for messages that quote a line */
    size_t len;
    unsigned line_off;
    struct anchor *anchors;
    size_t bytes;            /* text in the tree so far, aliases expanded */
    size_t aliases;          /* alias uses so far */
    size_t alias_bytes;      /* of bytes, those that came through aliases */
    int failed;
};

static void pos(struct yparse *y, value *v, yaml_mark_t m)
{
    v->line = (uint32_t)(m.line + 1 + y->line_off);
    v->col = (uint32_t)(m.column + 1);
}

static int is_one_of(const char *s, const char *const *list)
{
    for (; *list; list++) if (!strcmp(s, *list)) return 1;
    return 0;
}

/* YAML 1.2 core schema resolution of a plain scalar. */
static value *plain_scalar(arena *a, const char *s, size_t n)
{
    static const char *const nulls[] = {"", "~", "null", "Null", "NULL", 0};
    static const char *const trues[] = {"true", "True", "TRUE", 0};
    static const char *const falses[] = {"false", "False", "FALSE", 0};
    if (is_one_of(s, nulls)) return val_null(a);
    if (is_one_of(s, trues)) return val_bool_new(a, 1);
    if (is_one_of(s, falses)) return val_bool_new(a, 0);
    char *end;
    const char *d = s + (s[0] == '-' || s[0] == '+');
    if (*d >= '0' && *d <= '9') {
        errno = 0;
        long long i = strtoll(s, &end, 0);
        if (*end == '\0' && errno == 0 && !(d[0] == '0' && d[1] >= '0' && d[1] <= '9'))
            return val_int(a, i);
    }
    if ((*d >= '0' && *d <= '9') || (*d == '.' && d[1] >= '0' && d[1] <= '9')) {
        double f = strtod(s, &end);
        if (*end == '\0' && !strchr(s, 'x') && !strchr(s, 'X')) return val_float(a, f);
    }
    if (!strcmp(d, ".inf") || !strcmp(d, ".Inf") || !strcmp(d, ".INF"))
        return val_float(a, s[0] == '-' ? -1.0 / 0.0 : 1.0 / 0.0);
    if (!strcmp(s, ".nan") || !strcmp(s, ".NaN") || !strcmp(s, ".NAN")) return val_float(a, 0.0 / 0.0);
    return val_strn(a, s, n);
}

static unsigned file_line(const struct yparse *y, yaml_mark_t m)
{
    return (unsigned)(m.line + 1 + y->line_off);
}

/* The bytes of the 0-based line `line` of the input. */
static const char *line_text(const struct yparse *y, size_t line, size_t *n)
{
    const char *p = y->text, *end = y->text + y->len;
    for (size_t i = 0; i < line && p < end; i++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        p = nl ? nl + 1 : end;
    }
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    *n = (size_t)((nl ? nl : end) - p);
    return p;
}

static const struct { const char *utf8, *name; } curly[] = {
    {"\xE2\x80\x9C", "U+201C LEFT DOUBLE QUOTATION MARK"},
    {"\xE2\x80\x9D", "U+201D RIGHT DOUBLE QUOTATION MARK"},
    {"\xE2\x80\x98", "U+2018 LEFT SINGLE QUOTATION MARK"},
    {"\xE2\x80\x99", "U+2019 RIGHT SINGLE QUOTATION MARK"},
    {"\xE2\x80\x9E", "U+201E DOUBLE LOW-9 QUOTATION MARK"},
};

/* A word processor's quote on the line: YAML does not take it for a quote,
 * so the text the author meant to quote is read bare.  Reports it. */
static int curly_quote(struct yparse *y, size_t line)
{
    size_t n;
    const char *s = line_text(y, line, &n);
    for (size_t i = 0; i + 3 <= n; i++)
        for (size_t k = 0; k < sizeof curly / sizeof *curly; k++) {
            if (memcmp(s + i, curly[k].utf8, 3)) continue;
            diag_error(DIAG_YAML_CURLY_QUOTE, y->file, (unsigned)(line + 1 + y->line_off),
                       (unsigned)text_char_count(s, i) + 1,
                       "invalid YAML: %s (typed by word processors) is not a YAML quote; "
                       "use straight quotes \" or ' around the text", curly[k].name);
            return 1;
        }
    return 0;
}

/* A tab in the indentation of the line. */
static int tab_indent(struct yparse *y, size_t line)
{
    size_t n, i = 0;
    const char *s = line_text(y, line, &n);
    while (i < n && (s[i] == ' ' || s[i] == '-')) i++;
    if (i >= n || s[i] != '\t') return 0;
    diag_error(DIAG_YAML_TAB, y->file, (unsigned)(line + 1 + y->line_off), (unsigned)i + 1,
               "invalid YAML: tabs cannot indent YAML; use spaces");
    return 1;
}

/* "title: Hanoi: a city": the second colon would start a mapping. */
static int colon_in_value(struct yparse *y, yaml_mark_t m)
{
    if (!y->p.problem || strcmp(y->p.problem, "mapping values are not allowed in this context"))
        return 0;
    size_t n, k = 0;
    const char *s = line_text(y, m.line, &n);
    while (k < n && (s[k] == ' ' || s[k] == '-')) k++;
    const char *colon = memchr(s + k, ':', n - k);
    if (!colon || colon == s + k) return 0;
    size_t kl = (size_t)(colon - s - k), v = kl + k + 1;
    while (v < n && s[v] == ' ') v++;
    size_t vl = n - v;
    while (vl && (s[v + vl - 1] == ' ' || s[v + vl - 1] == '\r')) vl--;
    buf hint = BUF_INIT;
    if (vl && !memchr(s + v, '"', vl))
        buf_printf(&hint, ": %.*s: \"%.*s\"", (int)kl, s + k, (int)vl, s + v);
    diag_error(DIAG_YAML_COLON, y->file, file_line(y, m), (unsigned)(m.column + 1),
               "invalid YAML: a colon followed by a space in the value of '%.*s' starts a new "
               "field; put the %.*s in quotes%s", (int)kl, s + k, (int)kl, s + k, hint.data);
    buf_release(&hint);
    return 1;
}

static void perr(struct yparse *y)
{
    yaml_mark_t m = y->p.problem_mark;
    y->failed = 1;
    if (curly_quote(y, m.line) || tab_indent(y, m.line) || colon_in_value(y, m)) return;
    buf msg = BUF_INIT;
    buf_printf(&msg, "invalid YAML: %s", y->p.problem ? y->p.problem : "syntax error");
    if (y->p.context)
        buf_printf(&msg, " (%s at line %u)", y->p.context, file_line(y, y->p.context_mark));
    diag_error(DIAG_YAML_SYNTAX, y->file, file_line(y, m), (unsigned)(m.column + 1),
               "%s; check indentation, colons and quotes", msg.data);
    buf_release(&msg);
}

static value *parse_node(struct yparse *y, yaml_event_t *ev, int depth);

static void error_at(struct yparse *y, yaml_mark_t m, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void error_at(struct yparse *y, yaml_mark_t m, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_coded_v(DIAG_ERROR, DIAG_YAML_SYNTAX,
                             y->file, file_line(y, m), (unsigned)(m.column + 1), fmt, ap);
    va_end(ap);
    y->failed = 1;
}

/* The anchor is usable only once its node is complete (see finish): an
 * alias inside its own anchor would make the tree contain itself. */
static struct anchor *remember(struct yparse *y, const yaml_char_t *anchor, value *v)
{
    if (!anchor) return NULL;
    struct anchor *an = arena_alloc(y->a, sizeof *an);
    an->name = arena_strdup(y->a, (const char *)anchor);
    an->v = v;
    an->size = SIZE_MAX;
    an->next = y->anchors;
    y->anchors = an;
    return an;
}

static void finish(struct yparse *y, struct anchor *an, size_t bytes0)
{
    if (an) an->size = y->bytes - bytes0;
}

static int next(struct yparse *y, yaml_event_t *ev)
{
    if (!yaml_parser_parse(&y->p, ev)) { perr(y); return 0; }
    return 1;
}

static value *parse_seq(struct yparse *y, yaml_event_t *start, int depth)
{
    value *list = val_list(y->a);
    pos(y, list, start->start_mark);
    struct anchor *an = remember(y, start->data.sequence_start.anchor, list);
    size_t bytes0 = y->bytes;
    for (;;) {
        yaml_event_t ev;
        if (!next(y, &ev)) return NULL;
        if (ev.type == YAML_SEQUENCE_END_EVENT) {
            yaml_event_delete(&ev);
            finish(y, an, bytes0);
            return list;
        }
        value *item = parse_node(y, &ev, depth + 1);
        yaml_event_delete(&ev);
        if (!item) return NULL;
        val_push(y->a, list, item);
    }
}

static value *parse_map(struct yparse *y, yaml_event_t *start, int depth)
{
    value *map = val_map(y->a);
    pos(y, map, start->start_mark);
    struct anchor *an = remember(y, start->data.mapping_start.anchor, map);
    size_t bytes0 = y->bytes;
    for (;;) {
        yaml_event_t ev;
        if (!next(y, &ev)) return NULL;
        if (ev.type == YAML_MAPPING_END_EVENT) {
            yaml_event_delete(&ev);
            finish(y, an, bytes0);
            return map;
        }
        if (ev.type != YAML_SCALAR_EVENT) {
            error_at(y, ev.start_mark, "invalid YAML: a mapping key must be a plain name, not a "
                     "list or mapping");
            yaml_event_delete(&ev);
            return NULL;
        }
        char *key = arena_strndup(y->a, (const char *)ev.data.scalar.value, ev.data.scalar.length);
        y->bytes += ev.data.scalar.length + 1;
        yaml_mark_t km = ev.start_mark;
        yaml_event_delete(&ev);
        if (!next(y, &ev)) return NULL;
        value *v = parse_node(y, &ev, depth + 1);
        yaml_event_delete(&ev);
        if (!v) return NULL;
        if (val_get(map, key))
            error_at(y, km, "invalid YAML: key '%s' appears twice in the same mapping; keep one",
                     key);
        val_add(y->a, map, key, v);
    }
}

/* C0 controls other than tab and newlines, from escapes such as "\x01":
 * they make feeds and EPUBs ill-formed XML. */
static int control_char(struct yparse *y, yaml_mark_t m, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') continue;
        char code[8];
        snprintf(code, sizeof code, "U+%04X", c);
        error_at(y, m, "YAML text contains the control character %s (an escape such as \"\\x01\" "
                 "or \"\\0\"); remove it: web pages, feeds and EPUBs cannot hold it", code);
        return 1;
    }
    return 0;
}

static value *parse_scalar(struct yparse *y, yaml_event_t *ev)
{
    const char *s = (const char *)ev->data.scalar.value;
    size_t n = ev->data.scalar.length;
    if (control_char(y, ev->start_mark, s, n)) return NULL;
    value *v;
    if (ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && !ev->data.scalar.tag)
        v = plain_scalar(y->a, s, n);
    else
        v = val_strn(y->a, s, n);
    pos(y, v, ev->start_mark);
    struct anchor *an = remember(y, ev->data.scalar.anchor, v);
    y->bytes += n + 1;
    finish(y, an, y->bytes - n - 1);
    return v;
}

/* Aliases share one node, but whoever walks the tree (templates, slugs of
 * tags, JSON) pays for every use: a 64 KiB string used 8,000 times is
 * 512 MiB of work.  So uses and the bytes they stand for are bounded. */
static value *parse_alias(struct yparse *y, yaml_event_t *ev)
{
    const char *name = (const char *)ev->data.alias.anchor;
    struct anchor *an = y->anchors;
    while (an && strcmp(an->name, name)) an = an->next;
    if (!an) {
        error_at(y, ev->start_mark, "unknown YAML alias '*%s'; define the anchor '&%s' before it",
                 name, name);
        return NULL;
    }
    if (an->size == SIZE_MAX) {
        error_at(y, ev->start_mark, "YAML alias '*%s' is inside the node it names; a value "
                 "cannot contain itself", name);
        return NULL;
    }
    y->bytes += an->size;
    y->alias_bytes += an->size;
    if (++y->aliases > YAML_MAX_ALIASES) {
        diag_error(DIAG_YAML_ALIASES,
                   y->file, file_line(y, ev->start_mark), (unsigned)(ev->start_mark.column + 1),
                   "more than %d YAML aliases in one file (the limit); write the values out or "
                   "move them to a data file", YAML_MAX_ALIASES);
        y->failed = 1;
        return NULL;
    }
    if (y->alias_bytes > YAML_MAX_ALIAS_BYTES) {
        diag_error(DIAG_YAML_ALIASES,
                   y->file, file_line(y, ev->start_mark), (unsigned)(ev->start_mark.column + 1),
                   "YAML aliases in this file expand to more than %d KiB (the limit); "
                   "use '*%s' fewer times or make the anchored value shorter",
                   YAML_MAX_ALIAS_BYTES / 1024, name);
        y->failed = 1;
        return NULL;
    }
    return an->v;
}

static value *parse_node(struct yparse *y, yaml_event_t *ev, int depth)
{
    if (depth > YAML_MAX_DEPTH) {
        diag_error(DIAG_YAML_DEPTH,
                   y->file, file_line(y, ev->start_mark), (unsigned)(ev->start_mark.column + 1),
                   "YAML nested more than %d levels deep (the limit); flatten the structure",
                   YAML_MAX_DEPTH);
        y->failed = 1;
        return NULL;
    }
    switch (ev->type) {
    case YAML_SCALAR_EVENT: return parse_scalar(y, ev);
    case YAML_SEQUENCE_START_EVENT: return parse_seq(y, ev, depth);
    case YAML_MAPPING_START_EVENT: return parse_map(y, ev, depth);
    case YAML_ALIAS_EVENT: return parse_alias(y, ev);
    default:
        error_at(y, ev->start_mark, "unexpected YAML event");
        return NULL;
    }
}

/* Bytes libyaml would misreport: invalid UTF-8 (at 1:1, with YAML advice)
 * and raw control characters.  Reported at their real line and column. */
static int check_bytes(const char *text, size_t len, const char *file, unsigned line_off)
{
    size_t bad;
    unsigned line, col;
    if (!text_utf8_check(text, len, &bad)) {
        text_line_col(text, len, bad, &line, &col);
        diag_error(DIAG_TEXT_UTF8,
                   file, line + line_off, col, "invalid UTF-8 at byte offset %zu; save the file "
                   "as UTF-8", bad);
        return -1;
    }
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') continue;
        text_line_col(text, len, i, &line, &col);
        diag_error(DIAG_TEXT_CONTROL,
                   file, line + line_off, col, "the control character U+%04X is not text; "
                   "remove it (is this a binary file?)", c);
        return -1;
    }
    return 0;
}

value *yaml_parse(arena *a, const char *text, size_t len, const char *file, unsigned line_off)
{
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) {   /* a BOM from Windows editors */
        text += 3;
        len -= 3;
    }
    if (check_bytes(text, len, file, line_off) != 0) return NULL;
    struct yparse y = {.a = a, .file = file, .text = text, .len = len, .line_off = line_off};
    if (!yaml_parser_initialize(&y.p)) die_oom();
    yaml_parser_set_input_string(&y.p, (const unsigned char *)text, len);
    yaml_parser_set_encoding(&y.p, YAML_UTF8_ENCODING);
    value *root = NULL;
    yaml_event_t ev;
    int docs = 0;
    while (!y.failed) {
        if (!next(&y, &ev)) break;
        yaml_event_type_t t = ev.type;
        if (t == YAML_STREAM_END_EVENT) { yaml_event_delete(&ev); break; }
        if (t == YAML_DOCUMENT_START_EVENT) {
            if (++docs > 1)
                error_at(&y, ev.start_mark, "more than one YAML document; a file holds exactly "
                         "one");
        } else if (t != YAML_STREAM_START_EVENT && t != YAML_DOCUMENT_END_EVENT) {
            root = parse_node(&y, &ev, 0);
        }
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&y.p);
    if (y.failed) return NULL;
    if (!root) root = val_null(a);
    return root;
}

value *yaml_load_file(arena *a, const char *path)
{
    buf b = BUF_INIT;
    if (fs_read_file(path, &b) != 0) {
        diag_error(DIAG_FILE_READ, path, 0, 0, "cannot read file: %s", fs_read_error(errno));
        buf_release(&b);
        return NULL;
    }
    value *v = yaml_parse(a, b.data, b.len, path, 0);
    buf_release(&b);
    return v;
}
