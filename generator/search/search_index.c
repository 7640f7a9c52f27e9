/* search_index: collecting words per document and writing the shards. */
#include "search_index.h"
#include "search_text.h"
#include "../util/arena.h"
#include "../util/buf.h"
#include "../util/diag.h"
#include "../util/hmap.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { W_TITLE = 8, W_HEADING = 4, W_COUNT_MAX = 3 };

/* One word of one document: the worker's vocabulary id and its weight. */
struct occ { uint32_t id; uint8_t weight; };

struct doc { struct occ *occ; uint32_t n; uint16_t worker; };

/* What one worker has seen: its exact forms, numbered.  The table of
 * ids is its own (hash, id) open addressing rather than an hmap: it is
 * looked up once per word of every page, and keeps the hash of forms
 * built from a buffer without hashing them twice. */
/* 16 bytes, so more of the table stays in cache: head is the form's first
 * 8 bytes (zero-padded), tag the high half of its hash, idlen the form's
 * id << 8 | its length (SEARCH_WORD_MAX < 256); EMPTY when unused. */
struct slot { uint64_t head; uint32_t tag, idlen; };
#define EMPTY UINT32_MAX
struct seen { uint32_t stamp, pos; };   /* per id: last doc + 1 that used it, its place in cur */
struct worker {
    arena a;
    struct slot *table; size_t table_cap;   /* power of two */
    const char **forms; uint32_t n_forms, cap_forms;
    struct seen *seen;
    struct occ *cur; uint32_t n_cur, cap_cur;
    uint32_t doc_stamp;
    uint8_t field;             /* weight bit of the words being added */
    buf scratch;
};

struct variant { const char *form; struct key *key; uint32_t *post; size_t n, cap; };
struct key { const char *fold; struct variant **v; size_t nv, cap; };

struct search_index {
    const char *lang;
    struct doc *docs; size_t n_docs;
    struct worker *w; unsigned jobs;
    struct search_stats st;
};

struct search_index *search_index_new(size_t n_docs, unsigned jobs, const char *lang)
{
    struct search_index *x = calloc(1, sizeof *x);
    if (!x) die_oom();
    x->lang = lang;
    x->n_docs = n_docs;
    x->jobs = jobs ? jobs : 1;
    x->docs = calloc(n_docs + 1, sizeof *x->docs);
    x->w = calloc(x->jobs, sizeof *x->w);
    if (!x->docs || !x->w) die_oom();
    for (unsigned i = 0; i < x->jobs; i++) {
        arena_init(&x->w[i].a);
        buf_init(&x->w[i].scratch);
    }
    x->st.docs = n_docs;
    return x;
}

void search_index_free(struct search_index *x)
{
    if (!x) return;
    for (unsigned i = 0; i < x->jobs; i++) {
        struct worker *w = &x->w[i];
        free(w->table);
        arena_release(&w->a);
        free(w->forms);
        free(w->seen);
        free(w->cur);
        buf_release(&w->scratch);
    }
    free(x->w);
    free(x->docs);
    free(x);
}

static void *grow(void *p, uint32_t *cap, size_t sz)
{
    *cap = *cap ? *cap * 2 : 256;
    p = realloc(p, (size_t)*cap * sz);
    if (!p) die_oom();
    return p;
}

/* FNV-1a of the form, and its first 8 bytes as a number: most words fit,
 * so a lookup rarely reads the form itself. */
static uint64_t hash_bytes(const char *s, size_t n, uint64_t *head)
{
    uint64_t h = 1469598103934665603ULL;
    *head = 0;
    for (size_t i = 0; i < n; i++) {
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
        if (i < 8) *head |= (uint64_t)(unsigned char)s[i] << (8 * i);
    }
    return h;
}

static int slot_is(const struct worker *w, const struct slot *sl, const struct slot *k,
                   const char *form)
{
    size_t len = k->idlen & 255;
    if (sl->tag != k->tag || sl->head != k->head || (sl->idlen & 255) != len) return 0;
    return len <= 8 || !memcmp(w->forms[sl->idlen >> 8] + 8, form + 8, len - 8);
}

/* k: the form's head, tag and length; start: where its probe starts. */
static struct slot *table_find(struct worker *w, const struct slot *k, size_t start,
                               const char *form)
{
    size_t mask = w->table_cap - 1;
    for (size_t i = start & mask;; i = (i + 1) & mask) {
        struct slot *sl = &w->table[i];
        if (sl->idlen == EMPTY || slot_is(w, sl, k, form)) return sl;
    }
}

static void table_grow(struct worker *w)
{
    size_t old = w->table_cap;
    struct slot *os = w->table;
    w->table_cap = old ? old * 2 : 1024;
    w->table = malloc(w->table_cap * sizeof *w->table);
    if (!w->table) die_oom();
    for (size_t i = 0; i < w->table_cap; i++) w->table[i].idlen = EMPTY;
    for (size_t i = 0; i < old; i++) {
        if (os[i].idlen == EMPTY) continue;
        const char *form = w->forms[os[i].idlen >> 8];
        uint64_t head, h = hash_bytes(form, os[i].idlen & 255, &head);
        *table_find(w, &os[i], (size_t)h, form) = os[i];
    }
    free(os);
}

static uint32_t new_form(struct worker *w, const char *form, size_t len)
{
    if (w->n_forms == w->cap_forms) {
        uint32_t cap = w->cap_forms;
        w->forms = grow(w->forms, &w->cap_forms, sizeof *w->forms);
        w->seen = realloc(w->seen, (size_t)w->cap_forms * sizeof *w->seen);
        if (!w->seen) die_oom();
        memset(w->seen + cap, 0, (size_t)(w->cap_forms - cap) * sizeof *w->seen);
    }
    w->forms[w->n_forms] = arena_strndup(&w->a, form, len);
    return w->n_forms++;
}

static uint32_t form_id(struct worker *w, const char *form, size_t len)
{
    if ((w->n_forms + 1) * 3 >= w->table_cap * 2) table_grow(w);
    struct slot k = {0, 0, (uint32_t)len};
    uint64_t h = hash_bytes(form, len, &k.head);
    k.tag = (uint32_t)(h >> 32);
    struct slot *sl = table_find(w, &k, (size_t)h, form);
    if (sl->idlen == EMPTY) {
        if (w->n_forms >= 1u << 24) return EMPTY;   /* 2^24 words per worker: not indexed */
        k.idlen |= new_form(w, form, len) << 8;
        *sl = k;
    }
    return sl->idlen >> 8;
}

static void on_word(void *ud, const char *s, size_t len)
{
    struct worker *w = ud;
    buf_clear(&w->scratch);
    search_lower(s, len, &w->scratch);
    uint32_t id = form_id(w, w->scratch.data, w->scratch.len);
    if (id == EMPTY) return;
    struct seen *sn = &w->seen[id];
    if (sn->stamp != w->doc_stamp) {
        if (w->n_cur == w->cap_cur) w->cur = grow(w->cur, &w->cap_cur, sizeof *w->cur);
        sn->stamp = w->doc_stamp;
        sn->pos = w->n_cur;
        w->cur[w->n_cur++] = (struct occ){id, 0};
    }
    struct occ *o = &w->cur[sn->pos];
    if (w->field) o->weight |= w->field;
    else if ((o->weight & W_COUNT_MAX) < W_COUNT_MAX) o->weight++;
}

void search_index_add(struct search_index *x, unsigned wi, size_t doc, const char *title,
                      const char *const *headings, size_t n_headings, const char *text, size_t len)
{
    struct worker *w = &x->w[wi];
    if (doc >= x->n_docs) return;
    w->doc_stamp++;
    w->n_cur = 0;
    w->field = W_TITLE;
    if (title) search_words(title, strlen(title), x->lang, on_word, w);
    w->field = W_HEADING;
    for (size_t i = 0; i < n_headings; i++)
        if (headings[i]) search_words(headings[i], strlen(headings[i]), x->lang, on_word, w);
    w->field = 0;
    if (text) search_words(text, len, x->lang, on_word, w);
    struct doc *d = &x->docs[doc];
    d->occ = arena_alloc(&w->a, (w->n_cur + 1) * sizeof *d->occ);
    memcpy(d->occ, w->cur, w->n_cur * sizeof *d->occ);
    d->n = w->n_cur;
    d->worker = (uint16_t)wi;
}

/* --- merging ------------------------------------------------------------------------ */

struct merge {
    arena a;
    hmap variants, keys;           /* form -> variant, fold -> key */
    struct variant ***cache;       /* per worker, per id */
    struct key **sorted; size_t n_keys, cap_keys;
    buf fold;
};

static struct key *key_for(struct merge *m, const char *form)
{
    buf_clear(&m->fold);
    search_fold(form, strlen(form), &m->fold);
    struct key *k = hmap_get(&m->keys, m->fold.data);
    if (k) return k;
    k = arena_alloc(&m->a, sizeof *k);
    k->fold = arena_strndup(&m->a, m->fold.data, m->fold.len);
    hmap_put(&m->keys, k->fold, k);
    if (m->n_keys == m->cap_keys) {
        m->cap_keys = m->cap_keys ? m->cap_keys * 2 : 1024;
        m->sorted = realloc(m->sorted, m->cap_keys * sizeof *m->sorted);
        if (!m->sorted) die_oom();
    }
    m->sorted[m->n_keys++] = k;
    return k;
}

static struct variant *variant_for(struct merge *m, const char *form)
{
    struct variant *v = hmap_get(&m->variants, form);
    if (v) return v;
    v = arena_alloc(&m->a, sizeof *v);
    v->form = form;
    v->key = key_for(m, form);
    hmap_put(&m->variants, form, v);
    struct key *k = v->key;
    if (k->nv == k->cap) {
        size_t cap = k->cap ? k->cap * 2 : 2;
        k->v = arena_grow_array(&m->a, k->v, k->nv, cap, sizeof *k->v);
        k->cap = cap;
    }
    k->v[k->nv++] = v;
    return v;
}

static void post(struct variant *v, uint32_t doc, uint8_t weight)
{
    if (v->n == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 4;
        v->post = realloc(v->post, v->cap * sizeof *v->post);
        if (!v->post) die_oom();
    }
    v->post[v->n++] = doc << 4 | weight;
}

static void merge_docs(struct search_index *x, struct merge *m)
{
    m->cache = calloc(x->jobs, sizeof *m->cache);
    if (!m->cache) die_oom();
    for (unsigned i = 0; i < x->jobs; i++) {
        m->cache[i] = calloc(x->w[i].n_forms + 1, sizeof **m->cache);
        if (!m->cache[i]) die_oom();
    }
    for (size_t d = 0; d < x->n_docs; d++) {
        const struct doc *doc = &x->docs[d];
        struct worker *w = &x->w[doc->worker];
        for (uint32_t i = 0; i < doc->n; i++) {
            struct variant **slot = &m->cache[doc->worker][doc->occ[i].id];
            if (!*slot) *slot = variant_for(m, w->forms[doc->occ[i].id]);
            post(*slot, (uint32_t)d, doc->occ[i].weight);
        }
    }
}

static int cmp_key(const void *a, const void *b)
{
    return strcmp((*(struct key *const *)a)->fold, (*(struct key *const *)b)->fold);
}

static int cmp_variant(const void *a, const void *b)
{
    return strcmp((*(struct variant *const *)a)->form, (*(struct variant *const *)b)->form);
}

static void merge_release(struct search_index *x, struct merge *m)
{
    for (size_t i = 0; i < m->n_keys; i++)
        for (size_t k = 0; k < m->sorted[i]->nv; k++) free(m->sorted[i]->v[k]->post);
    for (unsigned i = 0; m->cache && i < x->jobs; i++) free(m->cache[i]);
    free(m->cache);
    free(m->sorted);
    hmap_release(&m->variants);
    hmap_release(&m->keys);
    buf_release(&m->fold);
    arena_release(&m->a);
}

/* --- writing -------------------------------------------------------------------------- */

void search_json_str(buf *b, const char *s, size_t len)
{
    buf_putc(b, '"');
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') {
            buf_putc(b, '\\');
            buf_putc(b, c);
        } else if (c < 0x20) {
            buf_printf(b, "\\u%04x", c);
        } else {
            buf_putc(b, c);
        }
    }
    buf_putc(b, '"');
}

/* A number in decimal: printf is too slow for a million postings. */
static void put_num(buf *b, unsigned long long n)
{
    char d[24];
    int i = 24;
    do d[--i] = (char)('0' + n % 10); while (n /= 10);
    buf_put(b, d + i, (size_t)(24 - i));
}

static void put_key(buf *b, const struct key *k)
{
    buf_puts(b, b->len > 1 ? ",[" : "[");
    search_json_str(b, k->fold, strlen(k->fold));
    for (size_t i = 0; i < k->nv; i++) {
        const struct variant *v = k->v[i];
        buf_putc(b, ',');
        if (strcmp(v->form, k->fold)) search_json_str(b, v->form, strlen(v->form));
        else buf_puts(b, "\"\"");
        buf_puts(b, ",[");
        long long prev = -1;
        for (size_t p = 0; p < v->n; p++) {
            long long doc = v->post[p] >> 4;
            if (p) buf_putc(b, ',');
            put_num(b, (unsigned long long)((doc - prev) * 16 + (v->post[p] & 15)));
            prev = doc;
        }
        buf_putc(b, ']');
    }
    buf_putc(b, ']');
}

static uint32_t fnv1a(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

struct out {
    search_write_fn write;
    void *ud;
    buf meta;                  /* meta.json, growing with each shard */
    int bad;
    size_t n;                  /* shards written */
    struct search_stats *st;
};

static void flush_shard(struct out *o, buf *shard, const char *first)
{
    buf_putc(shard, ']');
    char rel[64];
    snprintf(rel, sizeof rel, "w/%zu-%08x.json", o->n, (unsigned)fnv1a(shard->data, shard->len));
    buf_puts(&o->meta, o->n ? ",[" : "[");
    search_json_str(&o->meta, first, strlen(first));
    buf_printf(&o->meta, ",\"%s\"]", rel);
    if (o->write(o->ud, rel, shard->data, shard->len) != 0) o->bad = 1;
    o->st->bytes += shard->len;
    o->n++;
    buf_clear(shard);
    buf_putc(shard, '[');
}

int search_index_write(struct search_index *x, search_write_fn write, void *ud)
{
    struct merge m = {0};
    arena_init(&m.a);
    hmap_init(&m.variants);
    hmap_init(&m.keys);
    buf_init(&m.fold);
    merge_docs(x, &m);
    if (m.n_keys)   /* a language with only fallback copies indexes nothing: no NULL to qsort */
        qsort(m.sorted, m.n_keys, sizeof *m.sorted, cmp_key);
    struct out o = {write, ud, BUF_INIT, 0, 0, &x->st};
    buf_printf(&o.meta, "{\"v\":1,\"lang\":");
    search_json_str(&o.meta, x->lang, strlen(x->lang));
    buf_printf(&o.meta, ",\"docs\":%zu,\"shards\":[", x->n_docs);
    buf shard = BUF_INIT;
    buf_putc(&shard, '[');
    const char *first = "";
    x->st.keys = m.n_keys;
    for (size_t i = 0; i < m.n_keys; i++) {
        struct key *k = m.sorted[i];
        qsort(k->v, k->nv, sizeof *k->v, cmp_variant);
        if (shard.len == 1) first = k->fold;
        put_key(&shard, k);
        x->st.forms += k->nv;
        for (size_t v = 0; v < k->nv; v++) x->st.postings += k->v[v]->n;
        if (shard.len >= SEARCH_SHARD_BYTES) flush_shard(&o, &shard, first);
    }
    if (shard.len > 1 || o.n == 0) flush_shard(&o, &shard, first);
    buf_puts(&o.meta, "]}\n");
    x->st.shards = o.n;
    x->st.bytes += o.meta.len;
    if (write(ud, "meta.json", o.meta.data, o.meta.len) != 0) o.bad = 1;
    buf_release(&shard);
    buf_release(&o.meta);
    merge_release(x, &m);
    return o.bad ? -1 : 0;
}

void search_index_stats(const struct search_index *x, struct search_stats *st)
{
    *st = x->st;
}
