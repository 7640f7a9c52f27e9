/* mus_node: the compiled form of a Mustache template, shared by the
 * parser (mus_parse.c), the cache (mustache.c) and the renderer
 * (mus_render.c).  Not part of the public API: include mustache.h.
 *
 * A template is a tree of nodes.  Everything the spec says about
 * whitespace is settled by the parser: standalone lines are already cut
 * out of the text, set-delimiter tags and comments are gone, and each
 * node says whether it starts a source line (MUS_BOL), which is where
 * the renderer inserts the indentation of a standalone partial. */
#pragma once
#include "mustache.h"
#include "../util/arena.h"
#include "../util/buf.h"

#include <pthread.h>
#include <stdint.h>

enum mus_op {
    MUS_TEXT,       /* literal text */
    MUS_VAR,        /* {{name}}: HTML-escaped */
    MUS_RAW,        /* {{{name}}} and {{&name}} */
    MUS_SECTION,    /* {{#name}}...{{/name}} */
    MUS_INVERTED,   /* {{^name}}...{{/name}} */
    MUS_PARTIAL,    /* {{>name}}, {{>*name}} */
    MUS_PARENT,     /* {{<name}}...{{/name}}: kids hold the block arguments */
    MUS_BLOCK       /* {{$name}}...{{/name}}: kids are the default or the argument */
};

enum {
    MUS_BOL = 1,         /* starts a source line: gets the current indentation */
    MUS_STANDALONE = 2,  /* tag stood alone on its line, which was cut */
    MUS_DYNAMIC = 4,     /* {{>*name}} / {{<*name}}: name is looked up in the data */
    MUS_URL = 8          /* {{name}} starts a URL attribute (href="{{name}}"): its
                            scheme is checked (esc_url_attr) */
};

/* A dotted name, split once.  nparts == 0 is the implicit iterator ".". */
struct mus_name {
    const char *full;    /* NUL-terminated, for messages and block matching */
    size_t len;
    const str *parts;
    unsigned nparts;
};

typedef struct mus_node mus_node;
struct mus_node {
    uint8_t op, flags;
    uint32_t line, col;        /* of the tag's opening delimiter */
    str text;                  /* MUS_TEXT */
    struct mus_name name;
    mus_node *kids;            /* sections, blocks, parents */
    size_t nkids;
    str indent;                /* standalone partial/parent: the whitespace before
                                  the tag; standalone block: indentation to add */
    mus_template *t;           /* static partial/parent after linking; NULL: missing */
};

enum mus_state { MUS_T_OK, MUS_T_BAD, MUS_T_MISSING };

struct mus_template {
    const char *name;          /* cache key; "" for an anonymous template */
    const char *path;          /* for messages */
    mus_node *nodes;
    size_t n;
    enum mus_state state;
    mus_template *next;        /* cache list */
};

struct mus_cache {
    mus_loader load;
    void *ud;
    pthread_mutex_t lock;      /* guards everything below */
    arena a;                   /* every template, node and string */
    mus_template *list;        /* compiled, failed and missing names */
};

/* Parses src into nodes allocated in a.  Reports errors through diag
 * (path for file names) and returns -1; returns 0 with *nodes / *n set. */
int mus_parse(arena *a, const char *path, const char *src, size_t len,
              mus_node **nodes, size_t *n);

/* The cache entry for name, loading and compiling it on first use; never
 * NULL, but its state may be MUS_T_BAD or MUS_T_MISSING.  Sets *fresh when
 * this call made the entry, so a missing name is reported once.  Takes
 * the cache lock. */
mus_template *mus_cache_lookup(mus_cache *c, const char *name, int *fresh);

/* Largest nesting of sections in one template; deeper is an error, which
 * keeps the recursive parser and renderer far from the end of the stack. */
#define MUS_MAX_NEST 100
