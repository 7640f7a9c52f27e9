/* mustache: the template engine.  Implements the Mustache spec (v1.4):
 * interpolation, sections, inverted sections, comments, set delimiters,
 * partials, and the optional inheritance ({{<parent}}, {{$block}}) and
 * dynamic names ({{>*name}}, {{<*name}}) modules.  Lambdas are not
 * supported: theme data is YAML and JSON, which holds no code.
 *
 * A template is compiled once into an immutable tree and rendered many
 * times.  All compiled templates belong to a mus_cache, which also finds
 * partials and parents by name through a loader and compiles each once.
 *
 * Threads: mus_render may run on any number of threads at once with the
 * same cache and templates.  The cache lock is taken only to compile
 * (mus_compile, mus_get, and a dynamic partial seen for the first time);
 * the loader is always called under it, so it need not be thread-safe.
 *
 * Errors are reported through diag as FILE:LINE:COL: error: ...  */
#pragma once
#include <stddef.h>

struct buf;

/* How the engine sees data: a narrow lookup interface, so the same engine
 * renders values (YAML, JSON, front matter) and a lazily built site model.
 * A data object is an opaque pointer; NULL never stands for a value. */
typedef struct mus_ops {
    /* Member name (len bytes, not NUL-terminated) of obj; NULL if obj is
     * not a map or has no such key.  A key whose value is null is present. */
    const void *(*get)(void *ud, const void *obj, const char *name, size_t len);
    int (*truthy)(void *ud, const void *v);
    int (*is_list)(void *ud, const void *v);
    size_t (*len)(void *ud, const void *v);
    const void *(*at)(void *ud, const void *v, size_t i);
    /* Appends a scalar as text, unescaped; lists and maps append nothing. */
    void (*text)(void *ud, const void *v, struct buf *out);
} mus_ops;

/* Adapter over `const value *` (data/value.h); ud is unused. */
extern const mus_ops mus_value_ops;

typedef struct mus_cache mus_cache;        /* owns every compiled template */
typedef struct mus_template mus_template;  /* immutable once compiled */

/* Returns the malloc'd source of template `name` and sets *path to a
 * malloc'd file name for messages (or leaves it NULL to use the name),
 * or returns NULL if there is no such template.  The engine frees both. */
typedef char *(*mus_loader)(void *ud, const char *name, char **path);

mus_cache *mus_cache_new(mus_loader load, void *ud);   /* load may be NULL */
void mus_cache_free(mus_cache *c);    /* frees every template it compiled */

/* Compiles src (len bytes, need not be NUL-terminated; the cache copies
 * what it keeps).  name registers the template so partials can name it
 * (NULL: anonymous); path is used in messages (NULL: the name).  Static
 * partials and parents are loaded and linked now.  Returns NULL after
 * reporting errors.  The template lives as long as the cache. */
mus_template *mus_compile(mus_cache *c, const char *name, const char *path,
                          const char *src, size_t len);

/* The template `name` through the loader, compiled once and cached.
 * NULL if the loader has none (not reported) or it has errors (reported). */
mus_template *mus_get(mus_cache *c, const char *name);

const char *mus_template_path(const mus_template *t);

struct mus_render_opts {
    int strict;   /* a variable missing from the data is an error, not "" */
    /* What is rendered (a content file, an output path), named in the
     * error when a rendering passes LIMIT_RENDER_OUTPUT bytes or visits
     * LIMIT_RENDER_STEPS tags (util/limits.h); NULL: not named. */
    const char *subject;
    /* Called once for each template entered (the one rendered, then its
     * partials and parents, repeats included), so a build can record what
     * an output depends on; NULL: not called. */
    void (*used)(void *used_ud, const mus_template *t);
    void *used_ud;
};

/* Partials and parents may nest this deep; one deeper is an error that
 * prints the chain (a -> b -> a), since it is nearly always a cycle. */
#define MUS_MAX_DEPTH 64

/* Appends the rendering of t against data to out.  o may be NULL.
 * Returns 0, or -1 after reporting an error (out then holds a partial
 * rendering).  Allocates only scratch memory, freed before returning. */
int mus_render(mus_cache *c, const mus_template *t, const mus_ops *ops, void *ud,
               const void *data, const struct mus_render_opts *o, struct buf *out);
