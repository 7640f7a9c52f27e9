/* hmap: string-keyed open-addressing hash map (keys are not copied: they
 * must outlive the map, e.g. arena strings).  Not thread-safe for writes;
 * concurrent reads are fine once filled. */
#pragma once
#include <stddef.h>

typedef struct hmap {
    struct hmap_slot { const char *key; size_t hash; void *val; } *slots;
    size_t cap, n;
} hmap;

void hmap_init(hmap *m);
void hmap_release(hmap *m);
/* Returns the previous value for key (NULL if new) and stores val. */
void *hmap_put(hmap *m, const char *key, void *val);
void *hmap_get(const hmap *m, const char *key);
/* The map's hash of s[0..len) (FNV-1a), for tables of one's own. */
size_t hmap_hash(const char *s, size_t len);
