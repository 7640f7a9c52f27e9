/* view: what templates read, resolved when they ask.  A view node is a
 * value of kind VAL_LAZY whose class resolves member names (maps) or
 * items (lists) on demand; everything else stays a plain value tree
 * (front matter, data files, site.yml), so lazy and plain values nest in
 * each other freely.  view_ops is the mus_ops adapter over both.
 *
 * Why a value kind and not a separate node type: the builders in
 * context.c keep returning `value *`, a resolver may put a lazy list
 * inside a plain map (series.parts) and the engine needs no change.
 *
 * A view belongs to one rendering on one thread: nodes and what they
 * resolve live in its arena (the worker's scratch), and every name
 * resolved is recorded in its deps_rec (NULL: nothing recorded). */
#pragma once
#include <stddef.h>

#include "../data/value.h"
#include "deps.h"

struct site;
struct arena;
struct mus_ops;

struct view {
    struct site *s;
    struct arena *a;          /* nodes and resolved values */
    deps_rec *rec;            /* what the output reads, or NULL */
    unsigned long resolved;   /* names resolved (not memoised), for tests and LOA_TIMINGS */
};

struct view_class {
    /* Maps: the member name (len bytes), NULL if absent.  NULL for lists. */
    const value *(*get)(struct view *v, const value *node, const char *name, size_t len);
    /* Lists: length and item i (< len).  NULL for maps. */
    size_t (*len)(struct view *v, const value *node);
    const value *(*at)(struct view *v, const value *node, size_t i);
    /* Maps: the i-th name a template may ask for, in the order an eager
     * build would list them; NULL after the last (view_materialize). */
    const char *(*key)(struct view *v, const value *node, size_t i);
};

/* Adapter over values and view nodes; ud is the struct view *. */
extern const struct mus_ops view_ops;

/* A node of class cls over obj and aux (both borrowed), in v's arena. */
value *view_node(struct view *v, const struct view_class *cls, const void *obj, const void *aux);

/* Member name of x, a plain map or a map node; NULL if absent. */
const value *view_get(struct view *v, const value *x, const char *name);

/* The same data as plain values, deep (for code that walks value trees
 * or edits them, such as the search page); allocated in v's arena. */
value *view_materialize(struct view *v, const value *x);

/* What a recording map records each name asked of it as. */
enum view_rec { VIEW_REC_T, VIEW_REC_DATA, VIEW_REC_PARAMS };

/* A map node over the plain map `map` that records each name asked:
 * UI strings (t), data files (site.data) or site.yml params. */
value *view_recorded(struct view *v, const value *map, enum view_rec how);
