/* mustache: the template cache (each template compiled once, partials
 * and parents found by name and linked at compile time) and the adapter
 * that lets templates read data/value trees. */
#include "mus_node.h"
#include "../data/value.h"
#include "../util/diag.h"

#include <stdlib.h>
#include <string.h>

mus_cache *mus_cache_new(mus_loader load, void *ud)
{
    mus_cache *c = calloc(1, sizeof *c);
    if (!c) die_oom();
    c->load = load;
    c->ud = ud;
    arena_init(&c->a);
    pthread_mutex_init(&c->lock, NULL);
    return c;
}

void mus_cache_free(mus_cache *c)
{
    if (!c) return;
    arena_release(&c->a);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

const char *mus_template_path(const mus_template *t) { return t->path; }

static mus_template *find_entry(mus_cache *c, const char *name)
{
    for (mus_template *t = c->list; t; t = t->next)
        if (*t->name && !strcmp(t->name, name)) return t;
    return NULL;
}

static mus_template *new_entry(mus_cache *c, const char *name, const char *path,
                               enum mus_state st)
{
    mus_template *t = arena_alloc(&c->a, sizeof *t);
    t->name = arena_strdup(&c->a, name ? name : "");
    t->path = arena_strdup(&c->a, path ? path : name ? name : "<template>");
    t->state = st;
    t->next = c->list;
    c->list = t;
    return t;
}

static const char *who(const mus_template *t) { return *t->name ? t->name : t->path; }

static mus_template *get_locked(mus_cache *c, const char *name, int *fresh);

/* Missing partials render as nothing (the spec says so) but are worth a
 * warning; a missing parent leaves no page to speak of, so it is an error. */
static int link_ref(mus_cache *c, const mus_template *t, mus_node *nd)
{
    int fresh;
    const char *kind = nd->op == MUS_PARENT ? "parent" : "partial";
    mus_template *r = get_locked(c, nd->name.full, &fresh);
    if (r->state == MUS_T_OK) {
        nd->t = r;
        return 0;
    }
    if (r->state == MUS_T_BAD) {
        diag_note(DIAG_TPL_HAS_ERRORS_NOTE,
                  t->path, nd->line, nd->col, "%s '%s' has errors (reported above)",
             kind, nd->name.full);
        return -1;
    }
    if (nd->op == MUS_PARENT) {
        diag_error(DIAG_TPL_PARENT_MISSING,
                   t->path, nd->line, nd->col, "parent template '%s' not found (asked for "
                   "by '%s'); check the name or add the template", nd->name.full, who(t));
        return -1;
    }
    diag_warn(DIAG_TPL_PARTIAL_MISSING,
              t->path, nd->line, nd->col, "partial '%s' not found (asked for by '%s'); "
              "it renders as nothing", nd->name.full, who(t));
    return 0;
}

static int link_nodes(mus_cache *c, const mus_template *t, mus_node *nodes, size_t n)
{
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        mus_node *nd = &nodes[i];
        if ((nd->op == MUS_PARTIAL || nd->op == MUS_PARENT) && !(nd->flags & MUS_DYNAMIC) &&
            link_ref(c, t, nd) < 0)
            rc = -1;
        if (nd->nkids && link_nodes(c, t, nd->kids, nd->nkids) < 0) rc = -1;
    }
    return rc;
}

/* The entry goes into the cache before linking, so a template that
 * includes itself (recursion over data) links to itself. */
static mus_template *compile_locked(mus_cache *c, const char *name, const char *path,
                                    const char *src, size_t len)
{
    mus_template *t = new_entry(c, name, path, MUS_T_OK);
    if (mus_parse(&c->a, t->path, src, len, &t->nodes, &t->n) < 0 ||
        link_nodes(c, t, t->nodes, t->n) < 0)
        t->state = MUS_T_BAD;
    return t;
}

static mus_template *get_locked(mus_cache *c, const char *name, int *fresh)
{
    mus_template *t = find_entry(c, name);
    *fresh = !t;
    if (t) return t;
    char *path = NULL, *src = c->load ? c->load(c->ud, name, &path) : NULL;
    if (src) t = compile_locked(c, name, path, src, strlen(src));
    else t = new_entry(c, name, path, MUS_T_MISSING);
    free(src);
    free(path);
    return t;
}

mus_template *mus_cache_lookup(mus_cache *c, const char *name, int *fresh)
{
    pthread_mutex_lock(&c->lock);
    mus_template *t = get_locked(c, name, fresh);
    pthread_mutex_unlock(&c->lock);
    return t;
}

mus_template *mus_compile(mus_cache *c, const char *name, const char *path,
                          const char *src, size_t len)
{
    pthread_mutex_lock(&c->lock);
    mus_template *t = compile_locked(c, name, path, src, len);
    pthread_mutex_unlock(&c->lock);
    return t->state == MUS_T_OK ? t : NULL;
}

mus_template *mus_get(mus_cache *c, const char *name)
{
    int fresh;
    mus_template *t = mus_cache_lookup(c, name, &fresh);
    return t->state == MUS_T_OK ? t : NULL;
}

/* ---- data/value adapter ------------------------------------------------- */

static const void *v_get(void *ud, const void *obj, const char *name, size_t len)
{
    (void)ud;
    return val_getn(obj, name, len);
}

static int v_truthy(void *ud, const void *v) { (void)ud; return val_truthy(v); }

static int v_is_list(void *ud, const void *v)
{
    (void)ud;
    return ((const value *)v)->kind == VAL_LIST;
}

static size_t v_len(void *ud, const void *v)
{
    (void)ud;
    const value *x = v;
    return x->kind == VAL_LIST ? x->u.list.n : 0;
}

static const void *v_at(void *ud, const void *v, size_t i)
{
    (void)ud;
    return ((const value *)v)->u.list.items[i];
}

static void v_text(void *ud, const void *v, buf *out) { (void)ud; val_write_text(v, out); }

const mus_ops mus_value_ops = {v_get, v_truthy, v_is_list, v_len, v_at, v_text};
