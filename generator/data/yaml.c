#include "yaml.h"
#include "../util/arena.h"
#include "../util/buf.h"
#include "../util/diag.h"
#include "../util/fs.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

struct anchor { const char *name; value *v; struct anchor *next; };

struct yparse {
    yaml_parser_t p;
    arena *a;
    const char *file;
    unsigned line_off;
    struct anchor *anchors;
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

static void perr(struct yparse *y)
{
    yaml_mark_t m = y->p.problem_mark;
    buf msg = BUF_INIT;
    buf_printf(&msg, "invalid YAML: %s", y->p.problem ? y->p.problem : "syntax error");
    if (y->p.context)
        buf_printf(&msg, " (%s at line %u)", y->p.context,
                   (unsigned)(y->p.context_mark.line + 1 + y->line_off));
    diag_error(y->file, (unsigned)(m.line + 1 + y->line_off), (unsigned)(m.column + 1),
               "%s; check indentation, colons and quotes", msg.data);
    buf_release(&msg);
    y->failed = 1;
}

static value *parse_node(struct yparse *y, yaml_event_t *ev, int depth);

static void remember(struct yparse *y, const yaml_char_t *anchor, value *v)
{
    if (!anchor) return;
    struct anchor *an = arena_alloc(y->a, sizeof *an);
    an->name = arena_strdup(y->a, (const char *)anchor);
    an->v = v;
    an->next = y->anchors;
    y->anchors = an;
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
    remember(y, start->data.sequence_start.anchor, list);
    for (;;) {
        yaml_event_t ev;
        if (!next(y, &ev)) return NULL;
        if (ev.type == YAML_SEQUENCE_END_EVENT) { yaml_event_delete(&ev); return list; }
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
    remember(y, start->data.mapping_start.anchor, map);
    for (;;) {
        yaml_event_t ev;
        if (!next(y, &ev)) return NULL;
        if (ev.type == YAML_MAPPING_END_EVENT) { yaml_event_delete(&ev); return map; }
        if (ev.type != YAML_SCALAR_EVENT) {
            diag_error(y->file, (unsigned)(ev.start_mark.line + 1 + y->line_off),
                       (unsigned)(ev.start_mark.column + 1),
                       "invalid YAML: a mapping key must be a plain name, not a list or mapping");
            yaml_event_delete(&ev);
            y->failed = 1;
            return NULL;
        }
        char *key = arena_strndup(y->a, (const char *)ev.data.scalar.value, ev.data.scalar.length);
        yaml_mark_t km = ev.start_mark;
        yaml_event_delete(&ev);
        if (!next(y, &ev)) return NULL;
        value *v = parse_node(y, &ev, depth + 1);
        yaml_event_delete(&ev);
        if (!v) return NULL;
        if (val_get(map, key)) {
            diag_error(y->file, (unsigned)(km.line + 1 + y->line_off), (unsigned)(km.column + 1),
                       "invalid YAML: key '%s' appears twice in the same mapping; keep one", key);
            y->failed = 1;
        }
        val_add(y->a, map, key, v);
    }
}

static value *parse_node(struct yparse *y, yaml_event_t *ev, int depth)
{
    if (depth > 200) {
        diag_error(y->file, (unsigned)(ev->start_mark.line + 1 + y->line_off),
                   (unsigned)(ev->start_mark.column + 1), "YAML nested more than 200 levels deep");
        y->failed = 1;
        return NULL;
    }
    value *v = NULL;
    switch (ev->type) {
    case YAML_SCALAR_EVENT: {
        const char *s = (const char *)ev->data.scalar.value;
        size_t n = ev->data.scalar.length;
        if (ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && !ev->data.scalar.tag
            && strlen(s) == n)
            v = plain_scalar(y->a, s, n);
        else
            v = val_strn(y->a, s, n);
        pos(y, v, ev->start_mark);
        remember(y, ev->data.scalar.anchor, v);
        return v;
    }
    case YAML_SEQUENCE_START_EVENT: return parse_seq(y, ev, depth);
    case YAML_MAPPING_START_EVENT: return parse_map(y, ev, depth);
    case YAML_ALIAS_EVENT:
        for (struct anchor *an = y->anchors; an; an = an->next)
            if (!strcmp(an->name, (const char *)ev->data.alias.anchor)) return an->v;
        diag_error(y->file, (unsigned)(ev->start_mark.line + 1 + y->line_off),
                   (unsigned)(ev->start_mark.column + 1), "unknown YAML alias '*%s'",
                   (const char *)ev->data.alias.anchor);
        y->failed = 1;
        return NULL;
    default:
        diag_error(y->file, (unsigned)(ev->start_mark.line + 1 + y->line_off),
                   (unsigned)(ev->start_mark.column + 1), "unexpected YAML event");
        y->failed = 1;
        return NULL;
    }
}

value *yaml_parse(arena *a, const char *text, size_t len, const char *file, unsigned line_off)
{
    struct yparse y = {.a = a, .file = file, .line_off = line_off};
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
            if (++docs > 1) {
                diag_error(file, (unsigned)(ev.start_mark.line + 1 + line_off),
                           (unsigned)(ev.start_mark.column + 1),
                           "more than one YAML document; a file holds exactly one");
                y.failed = 1;
            }
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
        diag_error(path, 0, 0, "cannot read file: %s", strerror(errno));
        buf_release(&b);
        return NULL;
    }
    value *v = yaml_parse(a, b.data, b.len, path, 0);
    buf_release(&b);
    return v;
}
