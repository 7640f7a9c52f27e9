#include "value.h"
#include "../util/arena.h"
#include "../util/buf.h"
#include "../util/escape.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static value *mk(arena *a, enum val_kind k)
{
    value *v = arena_alloc(a, sizeof *v);
    v->kind = k;
    return v;
}

value *val_null(arena *a) { return mk(a, VAL_NULL); }
/* true and false are shared: templates read them and nobody writes to a
 * value after building it, and a listing of 20,000 pages has 200,000 flags */
static value val_true_v = {.kind = VAL_BOOL, .u.b = 1}, val_false_v = {.kind = VAL_BOOL, .u.b = 0};
value *val_bool(arena *a, int b) { (void)a; return b ? &val_true_v : &val_false_v; }
value *val_bool_new(arena *a, int b) { value *v = mk(a, VAL_BOOL); v->u.b = !!b; return v; }
value *val_int(arena *a, long long i) { value *v = mk(a, VAL_INT); v->u.i = i; return v; }
value *val_float(arena *a, double f) { value *v = mk(a, VAL_FLOAT); v->u.f = f; return v; }
value *val_list(arena *a) { return mk(a, VAL_LIST); }
value *val_map(arena *a) { return mk(a, VAL_MAP); }

value *val_map_sized(arena *a, size_t cap)
{
    value *v = mk(a, VAL_MAP);
    v->u.map.e = arena_alloc(a, cap * sizeof(struct val_entry));
    v->u.map.cap = cap;
    return v;
}

value *val_str_nocopy(arena *a, const char *s, size_t n)
{
    value *v = mk(a, VAL_STR);
    v->u.str.s = s;
    v->u.str.len = n;
    return v;
}

value *val_strn(arena *a, const char *s, size_t n)
{
    return val_str_nocopy(a, arena_strndup(a, s, n), n);
}

value *val_str(arena *a, const char *s) { return val_strn(a, s ? s : "", s ? strlen(s) : 0); }

void val_push(arena *a, value *list, value *item)
{
    if (list->u.list.n == list->u.list.cap) {
        size_t cap = list->u.list.cap ? list->u.list.cap * 2 : 4;
        list->u.list.items = arena_grow_array(a, list->u.list.items, list->u.list.n, cap,
                                              sizeof(value *));
        list->u.list.cap = cap;
    }
    list->u.list.items[list->u.list.n++] = item;
}

void val_add_ref(arena *a, value *map, const char *key, value *v)
{
    if (map->u.map.n == map->u.map.cap) {
        size_t cap = map->u.map.cap ? map->u.map.cap * 2 : 4;
        map->u.map.e = arena_grow_array(a, map->u.map.e, map->u.map.n, cap,
                                        sizeof(struct val_entry));
        map->u.map.cap = cap;
    }
    struct val_entry *e = &map->u.map.e[map->u.map.n++];
    e->klen = strlen(key);
    e->key = key;
    e->val = v;
}

void val_add(arena *a, value *map, const char *key, value *v)
{
    val_add_ref(a, map, arena_strdup(a, key), v);
}

void val_set(arena *a, value *map, const char *key, value *v)
{
    size_t kl = strlen(key);
    for (size_t i = 0; i < map->u.map.n; i++) {
        struct val_entry *e = &map->u.map.e[i];
        if (e->klen == kl && memcmp(e->key, key, kl) == 0) { e->val = v; return; }
    }
    val_add(a, map, key, v);
}

void val_set_str(arena *a, value *m, const char *k, const char *s) { val_set(a, m, k, val_str(a, s)); }
void val_set_bool(arena *a, value *m, const char *k, int b) { val_set(a, m, k, val_bool(a, b)); }
void val_set_int(arena *a, value *m, const char *k, long long i) { val_set(a, m, k, val_int(a, i)); }

value *val_getn(const value *map, const char *key, size_t kl)
{
    if (!map || map->kind != VAL_MAP) return NULL;
    for (size_t i = 0; i < map->u.map.n; i++) {
        const struct val_entry *e = &map->u.map.e[i];
        if (e->klen == kl && memcmp(e->key, key, kl) == 0) return e->val;
    }
    return NULL;
}

value *val_get(const value *map, const char *key) { return val_getn(map, key, strlen(key)); }

value *val_path(const value *v, const char *dotted)
{
    const char *p = dotted;
    value *cur = (value *)v;
    while (cur) {
        const char *dot = strchr(p, '.');
        size_t n = dot ? (size_t)(dot - p) : strlen(p);
        cur = val_getn(cur, p, n);
        if (!dot) break;
        p = dot + 1;
    }
    return cur;
}

const char *val_cstr(const value *v) { return v && v->kind == VAL_STR ? v->u.str.s : NULL; }

const char *val_scalar_text(arena *a, const value *v)
{
    if (!v) return NULL;
    if (v->kind == VAL_STR) return v->u.str.s;
    if (v->kind != VAL_INT && v->kind != VAL_FLOAT) return NULL;
    buf b = BUF_INIT;
    val_write_text(v, &b);
    const char *s = arena_strndup(a, b.data, b.len);
    buf_release(&b);
    return s;
}

int val_truthy(const value *v)
{
    if (!v) return 0;
    switch (v->kind) {
    case VAL_NULL: return 0;
    case VAL_BOOL: return v->u.b;
    case VAL_STR: return v->u.str.len > 0;
    case VAL_LIST: return v->u.list.n > 0;
    default: return 1;
    }
}

static void write_float(double f, buf *out)
{
    char tmp[64];
    if (isnan(f)) { buf_puts(out, "NaN"); return; }
    if (isinf(f)) { buf_puts(out, f < 0 ? "-Infinity" : "Infinity"); return; }
    for (int prec = 1; prec <= 17; prec++) {   /* shortest text that reads back */
        snprintf(tmp, sizeof tmp, "%.*g", prec, f);
        if (strtod(tmp, NULL) == f) break;
    }
    buf_puts(out, tmp);
}

void val_write_text(const value *v, buf *out)
{
    if (!v) return;
    switch (v->kind) {
    case VAL_BOOL: buf_puts(out, v->u.b ? "true" : "false"); break;
    case VAL_INT: buf_printf(out, "%lld", v->u.i); break;
    case VAL_FLOAT: write_float(v->u.f, out); break;
    case VAL_STR: buf_put(out, v->u.str.s, v->u.str.len); break;
    default: break;
    }
}

value *val_clone(arena *a, const value *v)
{
    if (!v) return NULL;
    value *c = mk(a, v->kind);
    *c = *v;
    switch (v->kind) {
    case VAL_STR: c->u.str.s = arena_strndup(a, v->u.str.s, v->u.str.len); break;
    case VAL_LIST:
        c->u.list.items = NULL; c->u.list.n = c->u.list.cap = 0;
        for (size_t i = 0; i < v->u.list.n; i++) val_push(a, c, val_clone(a, v->u.list.items[i]));
        break;
    case VAL_MAP:
        c->u.map.e = NULL; c->u.map.n = c->u.map.cap = 0;
        for (size_t i = 0; i < v->u.map.n; i++)
            val_add(a, c, v->u.map.e[i].key, val_clone(a, v->u.map.e[i].val));
        break;
    default: break;
    }
    return c;
}

/* JSON from loa may end up inside HTML (JSON-LD): one escaper for both. */
static void json_str(const char *s, size_t n, buf *out) { esc_json(out, s, n); }

void val_write_json(const value *v, buf *out)
{
    if (!v) { buf_puts(out, "null"); return; }
    switch (v->kind) {
    case VAL_NULL: case VAL_LAZY: buf_puts(out, "null"); break;
    case VAL_STR: json_str(v->u.str.s, v->u.str.len, out); break;
    case VAL_LIST:
        buf_putc(out, '[');
        for (size_t i = 0; i < v->u.list.n; i++) {
            if (i) buf_putc(out, ',');
            val_write_json(v->u.list.items[i], out);
        }
        buf_putc(out, ']');
        break;
    case VAL_MAP:
        buf_putc(out, '{');
        for (size_t i = 0; i < v->u.map.n; i++) {
            if (i) buf_putc(out, ',');
            json_str(v->u.map.e[i].key, v->u.map.e[i].klen, out);
            buf_putc(out, ':');
            val_write_json(v->u.map.e[i].val, out);
        }
        buf_putc(out, '}');
        break;
    default: val_write_text(v, out); break;
    }
}

int val_equal(const value *a, const value *b)
{
    if (a == b) return 1;
    if (!a || !b || a->kind != b->kind) return 0;
    switch (a->kind) {
    case VAL_NULL: return 1;
    case VAL_BOOL: return !a->u.b == !b->u.b;
    case VAL_INT: return a->u.i == b->u.i;
    case VAL_FLOAT: return a->u.f == b->u.f;
    case VAL_STR:
        return a->u.str.len == b->u.str.len && !memcmp(a->u.str.s, b->u.str.s, a->u.str.len);
    case VAL_LIST:
        if (a->u.list.n != b->u.list.n) return 0;
        for (size_t i = 0; i < a->u.list.n; i++)
            if (!val_equal(a->u.list.items[i], b->u.list.items[i])) return 0;
        return 1;
    case VAL_MAP:
        if (a->u.map.n != b->u.map.n) return 0;
        for (size_t i = 0; i < a->u.map.n; i++) {
            const struct val_entry *x = &a->u.map.e[i], *y = &b->u.map.e[i];
            if (x->klen != y->klen || memcmp(x->key, y->key, x->klen)) return 0;
            if (!val_equal(x->val, y->val)) return 0;
        }
        return 1;
    default:
        return 0;
    }
}
