/* arena: bump allocator for objects that share one lifetime (a build, a
 * page render).  Everything allocated is freed at once by arena_release
 * or arena_reset.  Out of memory aborts.  Not thread-safe: one arena per
 * thread. */
#pragma once
#include <stddef.h>

struct arena_block;

typedef struct arena {
    struct arena_block *head;   /* current block, linked to older ones */
    size_t used_total;          /* bytes handed out, for reporting */
} arena;

#define ARENA_INIT {0, 0}

void arena_init(arena *a);
void arena_release(arena *a);               /* frees every block */
void arena_reset(arena *a);                 /* keeps the first block */
void *arena_alloc(arena *a, size_t n);      /* 16-byte aligned, zeroed */
char *arena_strndup(arena *a, const char *s, size_t n);  /* NUL-terminated */
char *arena_strdup(arena *a, const char *s);
char *arena_printf(arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The strings up to NULL, joined: what arena_printf("%s%s", ...) makes,
 * without formatting (a build joins millions of paths and URLs). */
char *arena_cat(arena *a, ...) __attribute__((sentinel));
/* Grow an arena array: returns a copy of old (n elems of size sz) with room
 * for cap elems.  Old storage is not reused. */
void *arena_grow_array(arena *a, void *old, size_t n, size_t cap, size_t sz);
