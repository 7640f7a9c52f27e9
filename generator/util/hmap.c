#include "hmap.h"
#include "diag.h"

#include <stdlib.h>
#include <string.h>

size_t hmap_hash(const char *s, size_t len)
{
    size_t h = 1469598103934665603ULL;   /* FNV-1a */
    for (size_t i = 0; i < len; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

static size_t hash_str(const char *s)
{
    return hmap_hash(s, strlen(s));
}

void hmap_init(hmap *m) { m->slots = NULL; m->cap = m->n = 0; }
void hmap_release(hmap *m) { free(m->slots); hmap_init(m); }

static struct hmap_slot *find(const hmap *m, const char *key, size_t h)
{
    size_t i = h & (m->cap - 1);
    for (;;) {
        struct hmap_slot *s = &m->slots[i];
        if (!s->key || (s->hash == h && !strcmp(s->key, key))) return s;
        i = (i + 1) & (m->cap - 1);
    }
}

static void grow(hmap *m)
{
    size_t old = m->cap;
    struct hmap_slot *os = m->slots;
    m->cap = old ? old * 2 : 64;
    m->slots = calloc(m->cap, sizeof *m->slots);
    if (!m->slots) die_oom();
    for (size_t i = 0; i < old; i++)
        if (os[i].key) *find(m, os[i].key, os[i].hash) = os[i];
    free(os);
}

void *hmap_put(hmap *m, const char *key, void *val)
{
    if ((m->n + 1) * 4 >= m->cap * 3) grow(m);
    size_t h = hash_str(key);
    struct hmap_slot *s = find(m, key, h);
    void *prev = s->key ? s->val : NULL;
    if (!s->key) m->n++;
    s->key = key;
    s->hash = h;
    s->val = val;
    return prev;
}

void *hmap_get(const hmap *m, const char *key)
{
    if (!m->cap) return NULL;
    struct hmap_slot *s = find(m, key, hash_str(key));
    return s->key ? s->val : NULL;
}
