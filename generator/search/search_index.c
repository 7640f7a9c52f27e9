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

/* One word of one document: the worker's vocabulary id << 4 | its weight
 * (ids are below 2^24, weights below 16), 4 bytes: the postings of a site
 * are held until the end, and memory first touched costs a page fault. */
enum { OCC_ID_SHIFT = 4, OCC_WEIGHT = 15 };
enum { HEAD_MAX = 16 };   /* bytes of a word kept in its slot */

struct doc { uint32_t *occ; uint32_t n; uint16_t worker; };

/* A slot of a worker's table, open addressing (not an hmap: the hash of a
 * word built in a buffer is kept, not computed twice).  head is the
 * word's first 16 bytes (zero-padded), so that a lookup reads the form
 * itself (another cache miss) only for the rare longer words; tag the high
 * half of its hash; idlen its form's id << 8 | its length (SEARCH_LOWER_MAX
 * < 256); EMPTY when unused. */
struct slot { uint64_t head[2]; uint32_t tag, idlen; };
#define EMPTY UINT32_MAX

struct table { struct slot *s; size_t cap, n; };   /* cap: a power of two */

/* What one worker has seen: its exact forms, numbered, in two tables:
 * forms_t (exact form -> id) and raw (a word of up to 16 bytes as the text
 * writes it -> its form's id).  A site repeats its words, so most words
 * are found in raw at once, without lowering them; a page's words are
 * counted through seen and pos, indexed by id, without a table of the page. */
struct worker {
    arena a;
    struct table forms_t, raw;
    const char **forms; uint32_t n_forms, cap_forms;
    uint32_t *seen;                         /* per id: the last page (stamp) with it */
    uint32_t *pos;                          /* per id: its index in cur on that page */
    uint32_t *cur; uint32_t n_cur, cap_cur; /* the page's words: id << 4 | weight */
    uint32_t stamp;                         /* the page's number */
    uint8_t field;                          /* weight bit of the words being added */
    buf pend;                               /* pages not indexed yet (see BATCH_BYTES) */
};

/* Pages are indexed BATCH_BYTES of text at a time: between two pages a
 * worker renders one, which pushes its tables out of the cache, and a word
 * then cost twice what it costs in a batch.  A page waits in pend as
 * [doc u64][parts u32] then per part (title, headings, text) [field u8]
 * [length u32][bytes]. */
enum { BATCH_BYTES = 256 * 1024 };

struct variant { const char *form; struct key *key; uint32_t at, n; };
struct key { const char *fold; struct variant **v; size_t nv, cap; };

struct search_index {
    const char *lang;
    struct doc *docs; size_t n_docs;
    struct worker *w; unsigned jobs;
    struct search_stats st;
};

static void table_grow(struct worker *w, struct table *t);

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
        buf_init(&x->w[i].pend);
        table_grow(&x->w[i], &x->w[i].forms_t);
        table_grow(&x->w[i], &x->w[i].raw);
    }
    x->st.docs = n_docs;
    return x;
}

void search_index_free(struct search_index *x)
{
    if (!x) return;
    for (unsigned i = 0; i < x->jobs; i++) {
        struct worker *w = &x->w[i];
        free(w->forms_t.s);
        free(w->raw.s);
        arena_release(&w->a);
        free(w->forms);
        free(w->seen);
        free(w->pos);
        free(w->cur);
        buf_release(&w->pend);
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

/* The hash of a form goes 8 bytes at a time, each 8 loaded at once (a
 * loop over the bytes cost more than the rest of indexing a word); head is
 * the form's first 16 bytes as numbers, so that a lookup rarely reads the
 * form itself. */
#define HASH_SEED 0x9E3779B97F4A7C15ULL

static uint64_t hash_mix(uint64_t h, uint64_t c)
{
    h = (h ^ c) * 0xFF51AFD7ED558CCDULL;
    return h ^ (h >> 32);
}

static uint64_t hash_end(uint64_t h)
{
    h *= 0xC4CEB9FE1A85EC53ULL;
    return h ^ (h >> 29);
}

/* Bytes s[0..n), 1 <= n <= 8, as a little-endian number, zero-padded:
 * a few loads whatever n (no loop, no call to memcpy with a variable
 * length); overlapping loads OR the same bytes twice. */
static inline uint64_t load_upto8(const char *s, size_t n)
{
    if (n == 8) {
        uint64_t c;
        memcpy(&c, s, 8);
        return c;
    }
    if (n >= 4) {
        uint32_t lo, hi;
        memcpy(&lo, s, 4);
        memcpy(&hi, s + n - 4, 4);
        return (uint64_t)lo | (uint64_t)hi << (8 * (n - 4));
    }
    uint64_t c = (unsigned char)s[0];
    c |= (uint64_t)(unsigned char)s[n >> 1] << (8 * (n >> 1));
    return c | (uint64_t)(unsigned char)s[n - 1] << (8 * (n - 1));
}

static inline uint64_t hash_form(const char *s, size_t n, uint64_t *head)
{
    uint64_t h = HASH_SEED ^ n;
    head[0] = head[1] = 0;
    for (size_t i = 0; i < n; i += 8) {
        uint64_t c = load_upto8(s + i, n - i < 8 ? n - i : 8);
        if (i < 16) head[i >> 3] = c;
        h = hash_mix(h, c);
    }
    return hash_end(h);
}

#define HIGH 0x8080808080808080ULL
#define ONES 0x0101010101010101ULL

/* Eight ASCII bytes lowered at once: a byte gets 0x20 when it is in
 * 'A'..'Z' (each byte is below 0x80, so the sums carry into no other). */
static uint64_t lower8(uint64_t c)
{
    uint64_t ge_a = c + ONES * (0x80 - 'A'), gt_z = c + ONES * (0x7F - 'Z');
    return c | ((ge_a & ~gt_z & HIGH) >> 2);
}

/* The exact form of word s in form, with its hash: ASCII words (most)
 * are lowered and hashed 8 bytes at a time; the same hash as hash_form. */
static size_t lower_hash(const char *s, size_t len, char *form, uint64_t *h, uint64_t *head)
{
    uint64_t hh = HASH_SEED ^ len;
    head[0] = head[1] = 0;
    for (size_t i = 0; i < len; i += 8) {
        uint64_t c = load_upto8(s + i, len - i < 8 ? len - i : 8);
        if (c & HIGH) {
            size_t n = search_lower_word(s, len, form);
            *h = hash_form(form, n, head);
            return n;
        }
        c = lower8(c);
        memcpy(form + i, &c, 8);   /* form has room: len <= SEARCH_WORD_MAX < SEARCH_LOWER_MAX */
        if (i < 16) head[i >> 3] = c;
        hh = hash_mix(hh, c);
    }
    *h = hash_end(hh);
    return len;
}

static int slot_is(const struct worker *w, const struct slot *sl, const struct slot *k,
                   const char *form)
{
    size_t len = k->idlen & 255;
    if (sl->tag != k->tag || sl->head[0] != k->head[0] || sl->head[1] != k->head[1] ||
        (sl->idlen & 255) != len)
        return 0;
    return len <= HEAD_MAX || !memcmp(w->forms[sl->idlen >> 8] + HEAD_MAX, form + HEAD_MAX,
                                      len - HEAD_MAX);
}

/* k: the word's head, tag and length; h: its hash; form: the word, read
 * only when longer than HEAD_MAX (never in raw). */
static inline struct slot *table_find(const struct worker *w, const struct table *t,
                               const struct slot *k, uint64_t h, const char *form)
{
    size_t mask = t->cap - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        struct slot *sl = &t->s[i];
        if (sl->idlen == EMPTY || slot_is(w, sl, k, form)) return sl;
    }
}

/* The hash of the word of slot sl: its head when it holds it all. */
static uint64_t slot_hash(const struct worker *w, const struct slot *sl)
{
    size_t len = sl->idlen & 255;
    const char *s = len <= HEAD_MAX ? (const char *)sl->head : w->forms[sl->idlen >> 8];
    uint64_t head[2];
    return hash_form(s, len, head);
}

static void table_grow(struct worker *w, struct table *t)
{
    size_t old = t->cap;
    struct slot *os = t->s;
    t->cap = old ? old * 2 : 1024;
    t->s = malloc(t->cap * sizeof *t->s);
    if (!t->s) die_oom();
    for (size_t i = 0; i < t->cap; i++) t->s[i].idlen = EMPTY;
    for (size_t i = 0; i < old; i++) {
        if (os[i].idlen == EMPTY) continue;
        const char *form = (os[i].idlen & 255) > HEAD_MAX ? w->forms[os[i].idlen >> 8] : NULL;
        *table_find(w, t, &os[i], slot_hash(w, &os[i]), form) = os[i];
    }
    free(os);
}

/* Puts k at sl (found by table_find for k), growing t to stay at most 2/3 full. */
static void table_put(struct worker *w, struct table *t, struct slot *sl, const struct slot *k,
                      uint64_t h, const char *form)
{
    if ((t->n + 1) * 3 >= t->cap * 2) {
        table_grow(w, t);
        sl = table_find(w, t, k, h, form);
    }
    *sl = *k;
    t->n++;
}

static uint32_t new_form(struct worker *w, const char *form, size_t len)
{
    if (w->n_forms == w->cap_forms) {
        uint32_t old = w->cap_forms;
        w->forms = grow(w->forms, &w->cap_forms, sizeof *w->forms);
        w->seen = realloc(w->seen, (size_t)w->cap_forms * sizeof *w->seen);
        w->pos = realloc(w->pos, (size_t)w->cap_forms * sizeof *w->pos);
        if (!w->seen || !w->pos) die_oom();
        memset(w->seen + old, 0, (size_t)(w->cap_forms - old) * sizeof *w->seen);
    }
    w->forms[w->n_forms] = arena_strndup(&w->a, form, len);
    return w->n_forms++;
}

/* The id of the exact form of word s, EMPTY if the worker has too many. */
static uint32_t form_of(struct worker *w, const char *s, size_t len)
{
    char form[SEARCH_LOWER_MAX];
    uint64_t head[2], h;
    size_t n = lower_hash(s, len, form, &h, head);
    struct slot k = {{head[0], head[1]}, (uint32_t)(h >> 32), (uint32_t)n};
    struct slot *sl = table_find(w, &w->forms_t, &k, h, form);
    if (sl->idlen != EMPTY) return sl->idlen >> 8;
    if (w->n_forms >= 1u << 24) return EMPTY;   /* 2^24 words per worker: not indexed */
    k.idlen |= new_form(w, form, n) << 8;
    table_put(w, &w->forms_t, sl, &k, h, form);
    return k.idlen >> 8;
}

/* The same through raw for a word of up to HEAD_MAX bytes: most words are
 * found there as they are written, neither decoded nor lowered. */
static uint32_t raw_id(struct worker *w, const char *s, size_t len)
{
    uint64_t head[2], h = hash_form(s, len, head);
    struct slot k = {{head[0], head[1]}, (uint32_t)(h >> 32), (uint32_t)len};
    struct slot *sl = table_find(w, &w->raw, &k, h, NULL);
    if (sl->idlen != EMPTY) return sl->idlen >> 8;
    uint32_t id = form_of(w, s, len);
    if (id == EMPTY) return EMPTY;
    k.idlen |= id << 8;
    table_put(w, &w->raw, sl, &k, h, NULL);
    return id;
}

static void on_word(void *ud, const char *s, size_t len)
{
    struct worker *w = ud;
    uint32_t id = len <= HEAD_MAX ? raw_id(w, s, len) : form_of(w, s, len);
    if (id == EMPTY) return;
    uint32_t p = w->pos[id];
    if (w->seen[id] != w->stamp) {   /* the form's first time on this page */
        if (w->n_cur == w->cap_cur) w->cur = grow(w->cur, &w->cap_cur, sizeof *w->cur);
        w->seen[id] = w->stamp;
        w->pos[id] = p = w->n_cur++;
        w->cur[p] = id << OCC_ID_SHIFT;
    }
    if (w->field) w->cur[p] |= w->field;
    else if ((w->cur[p] & W_COUNT_MAX) < W_COUNT_MAX) w->cur[p]++;
}

static void page_begin(struct worker *w)
{
    if (++w->stamp == 0) {   /* after 2^32 pages: stamps of old pages would match */
        if (w->seen) memset(w->seen, 0, (size_t)w->cap_forms * sizeof *w->seen);
        w->stamp = 1;
    }
    w->n_cur = 0;
}

static void add_part(struct search_index *x, struct worker *w, uint8_t field, const char *t,
                     size_t len)
{
    w->field = field;
    search_words(t, len, x->lang, on_word, w);
}

/* Indexes the page at p in w->pend; returns where the next one starts. */
static size_t add_pending(struct search_index *x, unsigned wi, size_t p)
{
    struct worker *w = &x->w[wi];
    const char *b = w->pend.data;
    uint64_t doc;
    uint32_t parts, len;
    memcpy(&doc, b + p, sizeof doc);
    memcpy(&parts, b + p + sizeof doc, sizeof parts);
    p += sizeof doc + sizeof parts;
    page_begin(w);
    for (uint32_t i = 0; i < parts; i++) {
        memcpy(&len, b + p + 1, sizeof len);
        add_part(x, w, (uint8_t)b[p], b + p + 1 + sizeof len, len);
        p += 1 + sizeof len + len;
    }
    struct doc *d = &x->docs[doc];
    d->occ = arena_alloc(&w->a, (w->n_cur + 1) * sizeof *d->occ);
    if (w->n_cur) memcpy(d->occ, w->cur, w->n_cur * sizeof *d->occ);
    d->n = w->n_cur;
    d->worker = (uint16_t)wi;
    return p;
}

static void flush_pending(struct search_index *x, unsigned wi)
{
    struct worker *w = &x->w[wi];
    for (size_t p = 0; p < w->pend.len;) p = add_pending(x, wi, p);
    buf_clear(&w->pend);
}

/* Appends a part of a page to b; returns 1 (one more part). */
static uint32_t put_part(buf *b, uint8_t field, const char *t, size_t len)
{
    uint32_t n = (uint32_t)len;
    buf_putc(b, (char)field);
    buf_put(b, &n, sizeof n);
    buf_put(b, t, len);
    return 1;
}

void search_index_add(struct search_index *x, unsigned wi, size_t doc, const char *title,
                      const char *const *headings, size_t n_headings, const char *text, size_t len)
{
    struct worker *w = &x->w[wi];
    if (doc >= x->n_docs || len > UINT32_MAX) return;
    uint64_t d = doc;
    uint32_t parts = 0;
    size_t at = w->pend.len;
    buf_put(&w->pend, &d, sizeof d);
    buf_put(&w->pend, &parts, sizeof parts);
    if (title) parts += put_part(&w->pend, W_TITLE, title, strlen(title));
    for (size_t i = 0; i < n_headings; i++)
        if (headings[i]) parts += put_part(&w->pend, W_HEADING, headings[i], strlen(headings[i]));
    if (text) parts += put_part(&w->pend, 0, text, len);
    memcpy(w->pend.data + at + sizeof d, &parts, sizeof parts);
    if (w->pend.len >= BATCH_BYTES) flush_pending(x, wi);
}

/* --- merging ------------------------------------------------------------------------ */

/* The postings of all variants sit in one array, each variant's in doc
 * order at post[v->at .. v->at + v->n): counted first, then filled in one
 * pass over the docs, rather than an array grown per variant. */
struct merge {
    arena a;
    hmap variants, keys;           /* form -> variant, fold -> key */
    struct variant ***cache;       /* per worker, per id */
    struct key **sorted; size_t n_keys, cap_keys;
    uint32_t *post;
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

/* Each worker's forms to variants (the same form seen by two workers is
 * one variant), and how many postings each variant gets. */
static size_t count_postings(struct search_index *x, struct merge *m)
{
    m->cache = calloc(x->jobs, sizeof *m->cache);
    if (!m->cache) die_oom();
    for (unsigned i = 0; i < x->jobs; i++) {
        m->cache[i] = calloc(x->w[i].n_forms + 1, sizeof **m->cache);
        if (!m->cache[i]) die_oom();
        for (uint32_t id = 0; id < x->w[i].n_forms; id++)
            m->cache[i][id] = variant_for(m, x->w[i].forms[id]);
    }
    size_t total = 0;
    for (size_t d = 0; d < x->n_docs; d++) {
        const struct doc *doc = &x->docs[d];
        struct variant **cache = m->cache[doc->worker];
        for (uint32_t i = 0; i < doc->n; i++) cache[doc->occ[i] >> OCC_ID_SHIFT]->n++;
        total += doc->n;
    }
    return total;
}

static void merge_docs(struct search_index *x, struct merge *m)
{
    size_t total = count_postings(x, m), at = 0;
    m->post = malloc((total + 1) * sizeof *m->post);
    if (!m->post) die_oom();
    for (size_t i = 0; i < m->n_keys; i++) {
        for (size_t k = 0; k < m->sorted[i]->nv; k++) {
            struct variant *v = m->sorted[i]->v[k];
            v->at = (uint32_t)at;
            at += v->n;
            v->n = 0;
        }
    }
    for (size_t d = 0; d < x->n_docs; d++) {
        const struct doc *doc = &x->docs[d];
        struct variant **cache = m->cache[doc->worker];
        for (uint32_t i = 0; i < doc->n; i++) {
            struct variant *v = cache[doc->occ[i] >> OCC_ID_SHIFT];
            m->post[v->at + v->n++] = (uint32_t)d << 4 | (doc->occ[i] & OCC_WEIGHT);
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
    free(m->post);
    for (unsigned i = 0; m->cache && i < x->jobs; i++) free(m->cache[i]);
    free(m->cache);
    free(m->sorted);
    hmap_release(&m->variants);
    hmap_release(&m->keys);
    buf_release(&m->fold);
    arena_release(&m->a);
}

/* --- writing -------------------------------------------------------------------------- */

/* Whether any of eight bytes needs an escape in a JSON string: a control
 * character, '"' or a backslash (exact for "any"; bytes of UTF-8 do not). */
static int json_special8(uint64_t c)
{
    uint64_t q = c ^ ONES * '"', bs = c ^ ONES * '\\';
    uint64_t low = (c - ONES * 0x20) & ~c, zq = (q - ONES) & ~q, zb = (bs - ONES) & ~bs;
    return ((low | zq | zb) & HIGH) != 0;
}

void search_json_str(buf *b, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    buf_putc(b, '"');
    size_t from = 0;   /* bytes that need no escape are copied in runs (results carry text) */
    for (size_t i = 0; i < len;) {
        uint64_t eight;
        if (i + 8 <= len && (memcpy(&eight, s + i, 8), !json_special8(eight))) {
            i += 8;
            continue;
        }
        unsigned char c = (unsigned char)s[i++];
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        buf_put(b, s + from, i - 1 - from);
        from = i;
        char esc[6] = {'\\', (char)c};
        size_t n = 2;
        if (c < 0x20) {   /* \u00XX, as before: no printf (text has a newline a block) */
            memcpy(esc, "\\u00", 4);
            esc[4] = hex[c >> 4];
            esc[5] = hex[c & 15];
            n = 6;
        }
        buf_put(b, esc, n);
    }
    buf_put(b, s + from, len - from);
    buf_putc(b, '"');
}

/* A posting list: numbers in decimal, comma-separated, written straight
 * into room made once (printf, or a call per byte, cost more than the
 * rest of writing the index). */
enum { NUM_MAX = 11 };   /* a posting: below 2^32, at most 10 digits and a comma */

/* "00" to "99": two digits a step, written from the end (a posting is
 * mostly one to three digits: a small gap between pages times 16). */
static const char digit_pairs[201] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

static char *put_num(char *to, uint32_t n)
{
    if (n < 10) {
        *to = (char)('0' + n);
        return to + 1;
    }
    if (n < 100) {
        memcpy(to, digit_pairs + 2 * n, 2);
        return to + 2;
    }
    int len = n < 1000 ? 3 : n < 10000 ? 4 : n < 100000 ? 5 : n < 1000000 ? 6 : n < 10000000 ? 7
            : n < 100000000 ? 8 : n < 1000000000 ? 9 : 10;
    char *end = to + len, *at = end;
    while (n >= 100) {
        at -= 2;
        memcpy(at, digit_pairs + 2 * (n % 100), 2);
        n /= 100;
    }
    if (n >= 10) memcpy(at - 2, digit_pairs + 2 * n, 2);
    else at[-1] = (char)('0' + n);
    return end;
}

static void put_postings(buf *b, const uint32_t *post, size_t n)
{
    buf_grow(b, n * NUM_MAX + 2);
    char *to = b->data + b->len;
    long long prev = -1;
    *to++ = '[';
    for (size_t p = 0; p < n; p++) {
        long long doc = post[p] >> 4;
        if (p) *to++ = ',';
        to = put_num(to, (uint32_t)((doc - prev) * 16 + (post[p] & 15)));
        prev = doc;
    }
    *to++ = ']';
    *to = '\0';
    b->len = (size_t)(to - b->data);
}

static void put_key(buf *b, const struct key *k, const uint32_t *post)
{
    buf_puts(b, b->len > 1 ? ",[" : "[");
    search_json_str(b, k->fold, strlen(k->fold));
    for (size_t i = 0; i < k->nv; i++) {
        const struct variant *v = k->v[i];
        buf_putc(b, ',');
        if (strcmp(v->form, k->fold)) search_json_str(b, v->form, strlen(v->form));
        else buf_puts(b, "\"\"");
        buf_putc(b, ',');
        put_postings(b, post + v->at, v->n);
    }
    buf_putc(b, ']');
}

/* The hash in a shard's name: 8 bytes at a time (a shard is read back
 * from memory it was not just written to byte by byte, so one load each). */
static uint32_t shard_hash(const char *s, size_t n)
{
    uint64_t h = HASH_SEED ^ n, c;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        memcpy(&c, s + i, 8);
        h = hash_mix(h, c);
    }
    c = 0;
    memcpy(&c, s + i, n - i);
    h = hash_end(hash_mix(h, c));
    return (uint32_t)(h >> 32);
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
    unsigned h = shard_hash(shard->data, shard->len);
    snprintf(rel, sizeof rel, "w/%zu-%08x.json", o->n, h);
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
    for (unsigned i = 0; i < x->jobs; i++) flush_pending(x, i);   /* the last batches */
    struct merge m = {0};
    arena_init(&m.a);
    hmap_init(&m.variants);
    hmap_init(&m.keys);
    buf_init(&m.fold);
    merge_docs(x, &m);
    if (m.n_keys)   /* a language with only fallback copies indexes nothing: no NULL to qsort */
        qsort(m.sorted, m.n_keys, sizeof *m.sorted, cmp_key);
    struct out o = {write, ud, BUF_INIT, 0, 0, &x->st};
    buf_printf(&o.meta, "{\"v\":2,\"lang\":");
    search_json_str(&o.meta, x->lang, strlen(x->lang));
    buf_printf(&o.meta, ",\"docs\":%zu,\"group\":%d,\"shards\":[", x->n_docs, SEARCH_GROUP);
    buf shard = BUF_INIT;
    buf_putc(&shard, '[');
    const char *first = "";
    x->st.keys = m.n_keys;
    for (size_t i = 0; i < m.n_keys; i++) {
        struct key *k = m.sorted[i];
        qsort(k->v, k->nv, sizeof *k->v, cmp_variant);
        if (shard.len == 1) first = k->fold;
        put_key(&shard, k, m.post);
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
