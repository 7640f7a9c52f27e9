#include "arena.h"
#include "diag.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct arena_block {
    struct arena_block *prev;
    size_t cap, used;
    _Alignas(16) unsigned char data[];
};

enum { ARENA_BLOCK = 64 * 1024 };

void arena_init(arena *a) { a->head = NULL; a->used_total = 0; }

void arena_release(arena *a)
{
    struct arena_block *b = a->head;
    while (b) {
        struct arena_block *p = b->prev;
        free(b);
        b = p;
    }
    arena_init(a);
}

void arena_reset(arena *a)
{
    struct arena_block *b = a->head;
    if (!b) return;
    while (b->prev) {
        struct arena_block *p = b->prev;
        free(b);
        b = p;
    }
    b->used = 0;
    a->head = b;
    a->used_total = 0;
}

/* n bytes, not cleared: for callers that fill them all (strings). */
static void *arena_raw(arena *a, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    if (!n) n = 16;
    struct arena_block *b = a->head;
    if (!b || b->cap - b->used < n) {
        size_t cap = n > ARENA_BLOCK / 4 ? n : ARENA_BLOCK;
        struct arena_block *nb = malloc(sizeof *nb + cap);
        if (!nb) die_oom();
        nb->cap = cap;
        nb->used = 0;
        if (b && n > ARENA_BLOCK / 4) {
            /* a big object gets its own block behind the current one so the
             * current block's free space is not wasted */
            nb->prev = b->prev;
            b->prev = nb;
            nb->used = n;
            a->used_total += n;
            return nb->data;
        }
        nb->prev = b;
        a->head = b = nb;
    }
    void *p = b->data + b->used;
    b->used += n;
    a->used_total += n;
    return p;
}

void *arena_alloc(arena *a, size_t n)
{
    void *p = arena_raw(a, n);
    memset(p, 0, n);
    return p;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
    char *p = arena_raw(a, n + 1);
    if (n) memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *arena_strdup(arena *a, const char *s) { return arena_strndup(a, s, strlen(s)); }

/* Formats straight into the current block when it fits (one vsnprintf
 * instead of two: a build formats some hundred thousand strings). */
char *arena_printf(arena *a, const char *fmt, ...)
{
    va_list ap, cp;
    va_start(ap, fmt);
    va_copy(cp, ap);
    struct arena_block *b = a->head;
    size_t room = b ? b->cap - b->used : 0;
    char *at = b ? (char *)b->data + b->used : NULL;
    int n = vsnprintf(at, room, fmt, cp);
    va_end(cp);
    if (n < 0) n = 0;
    char *p;
    if (at && (size_t)n < room) {
        size_t used = ((size_t)n + 1 + 15) & ~(size_t)15;
        if (used > room) used = room;
        b->used += used;
        a->used_total += used;
        p = at;
    } else {
        p = arena_raw(a, (size_t)n + 1);
        vsnprintf(p, (size_t)n + 1, fmt, ap);
    }
    va_end(ap);
    return p;
}

char *arena_cat(arena *a, ...)
{
    enum { KEEP = 8 };   /* the lengths of the first parts, measured once */
    size_t len[KEEP];
    va_list ap;
    va_start(ap, a);
    size_t n = 0, i = 0;
    for (const char *s; (s = va_arg(ap, const char *)); i++) {
        size_t k = strlen(s);
        if (i < KEEP) len[i] = k;
        n += k;
    }
    va_end(ap);
    char *p = arena_raw(a, n + 1), *at = p;
    va_start(ap, a);
    i = 0;
    for (const char *s; (s = va_arg(ap, const char *)); i++) {
        size_t k = i < KEEP ? len[i] : strlen(s);
        memcpy(at, s, k);
        at += k;
    }
    va_end(ap);
    *at = '\0';
    return p;
}

void *arena_grow_array(arena *a, void *old, size_t n, size_t cap, size_t sz)
{
    if (cap && sz > SIZE_MAX / cap) die_oom();
    /* the array is the last thing allocated: grow it where it is */
    struct arena_block *b = a->head;
    size_t old_sz = (n * sz + 15) & ~(size_t)15, new_sz = (cap * sz + 15) & ~(size_t)15;
    if (old && b && (unsigned char *)old + old_sz == b->data + b->used && new_sz >= old_sz &&
        b->cap - b->used >= new_sz - old_sz) {
        memset(b->data + b->used, 0, new_sz - old_sz);
        b->used += new_sz - old_sz;
        a->used_total += new_sz - old_sz;
        return old;
    }
    unsigned char *p = arena_raw(a, cap * sz);
    if (n) memcpy(p, old, n * sz);
    memset(p + n * sz, 0, (cap - n) * sz);
    return p;
}
