#include "view.h"
#include "../templates/mustache.h"
#include "../util/arena.h"
#include "../util/buf.h"

#include <string.h>

value *view_node(struct view *v, const struct view_class *cls, const void *obj, const void *aux)
{
    value *n = arena_alloc(v->a, sizeof *n);
    n->kind = VAL_LAZY;
    n->u.lazy.cls = cls;
    n->u.lazy.obj = obj;
    n->u.lazy.aux = aux;
    return n;
}

static const value *lazy_get(struct view *v, const value *x, const char *name, size_t len)
{
    if (x->kind != VAL_LAZY) return val_getn(x, name, len);
    return x->u.lazy.cls->get ? x->u.lazy.cls->get(v, x, name, len) : NULL;
}

const value *view_get(struct view *v, const value *x, const char *name)
{
    return x ? lazy_get(v, x, name, strlen(name)) : NULL;
}

static const void *o_get(void *ud, const void *obj, const char *name, size_t len)
{
    return lazy_get(ud, obj, name, len);
}

static size_t o_len(void *ud, const void *obj)
{
    const value *x = obj;
    if (x->kind == VAL_LAZY) return x->u.lazy.cls->len ? x->u.lazy.cls->len(ud, x) : 0;
    return x->kind == VAL_LIST ? x->u.list.n : 0;
}

static int o_truthy(void *ud, const void *obj)
{
    const value *x = obj;
    if (x->kind != VAL_LAZY) return val_truthy(x);
    return !x->u.lazy.cls->len || o_len(ud, x) > 0;
}

static int o_is_list(void *ud, const void *obj)
{
    (void)ud;
    const value *x = obj;
    return x->kind == VAL_LIST || (x->kind == VAL_LAZY && x->u.lazy.cls->len);
}

static const void *o_at(void *ud, const void *obj, size_t i)
{
    const value *x = obj;
    if (x->kind == VAL_LAZY) return x->u.lazy.cls->at(ud, x, i);
    return x->u.list.items[i];
}

static void o_text(void *ud, const void *obj, buf *out)
{
    (void)ud;
    val_write_text(obj, out);   /* a node prints nothing, as lists and maps do */
}

const mus_ops view_ops = {o_get, o_truthy, o_is_list, o_len, o_at, o_text};

static value *materialize_list(struct view *v, const value *x)
{
    value *l = val_list(v->a);
    size_t n = o_len(v, x);
    for (size_t i = 0; i < n; i++) val_push(v->a, l, view_materialize(v, o_at(v, x, i)));
    return l;
}

static value *materialize_map(struct view *v, const value *x)
{
    value *m = val_map(v->a);
    const char *k;
    for (size_t i = 0; (k = x->u.lazy.cls->key(v, x, i)); i++) {
        const value *e = lazy_get(v, x, k, strlen(k));
        if (e) val_add_ref(v->a, m, k, view_materialize(v, e));
    }
    return m;
}

/* Plain maps and lists are copied only when something inside is lazy. */
static int has_lazy(const value *x)
{
    if (x->kind == VAL_LAZY) return 1;
    if (x->kind == VAL_LIST)
        for (size_t i = 0; i < x->u.list.n; i++)
            if (has_lazy(x->u.list.items[i])) return 1;
    if (x->kind == VAL_MAP)
        for (size_t i = 0; i < x->u.map.n; i++)
            if (has_lazy(x->u.map.e[i].val)) return 1;
    return 0;
}

value *view_materialize(struct view *v, const value *x)
{
    if (!has_lazy(x)) return (value *)x;
    if (x->kind == VAL_LAZY) return x->u.lazy.cls->len ? materialize_list(v, x)
                                                       : materialize_map(v, x);
    if (x->kind == VAL_LIST) return materialize_list(v, x);
    value *m = val_map_sized(v->a, x->u.map.n);
    for (size_t i = 0; i < x->u.map.n; i++)
        val_add_ref(v->a, m, x->u.map.e[i].key, view_materialize(v, x->u.map.e[i].val));
    return m;
}

/* --- recording maps ---------------------------------------------------------- */

static const enum deps_input rec_kind[] = {DEPS_STRING, DEPS_DATA, DEPS_SITE};

static const value *rec_get(struct view *v, const value *node, const char *name, size_t len)
{
    enum view_rec how = (enum view_rec)(size_t)node->u.lazy.aux;
    if (v->rec && how == VIEW_REC_PARAMS) {
        buf b = BUF_INIT;
        buf_printf(&b, "params.%.*s", (int)len, name);
        deps_input(v->rec, DEPS_SITE, b.data, b.len);
        buf_release(&b);
    } else if (v->rec) {
        deps_input(v->rec, rec_kind[how], name, len);
    }
    return val_getn(node->u.lazy.obj, name, len);
}

static const char *rec_key(struct view *v, const value *node, size_t i)
{
    (void)v;
    const value *m = node->u.lazy.obj;
    return m && m->kind == VAL_MAP && i < m->u.map.n ? m->u.map.e[i].key : NULL;
}

static const struct view_class rec_class = {rec_get, NULL, NULL, rec_key};

value *view_recorded(struct view *v, const value *map, enum view_rec how)
{
    return view_node(v, &rec_class, map, (const void *)(size_t)how);
}
