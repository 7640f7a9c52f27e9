#include "deps.h"
#include "../util/arena.h"
#include "../util/buf.h"
#include "../util/diag.h"
#include "../util/hmap.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct page_read { uint32_t page, fields; };

/* Inputs already in a record, by hash: a listing prints the same UI
 * strings once per page it lists, and each would otherwise be formatted,
 * sorted and merged again.  A slot is live when its gen is the record's. */
enum { SEEN_SLOTS = 512, SEEN_MAX = 384 };
struct seen { uint32_t gen, hash; const char *name; };

struct deps_rec {
    struct page_read *pages; size_t n_pages, cap_pages;
    const char **templates; size_t n_templates, cap_templates;
    arena names;                       /* inputs' names, until the next reset */
    const char **inputs; size_t n_inputs, cap_inputs;
    struct seen *seen; uint32_t gen;   /* SEEN_SLOTS of them */
};

struct deps {
    pthread_mutex_t lock;
    arena a;
    hmap names;                        /* template paths and inputs, one copy each */
    struct deps_output **outs; size_t n, cap;
};

static const char *const field_names[DEP_FIELD_COUNT] = {
    "title", "url", "date", "summary", "body", "terms", "image", "front matter", "kind",
    "translations", "members",
};

const char *deps_field_name(unsigned bit)
{
    return bit < DEP_FIELD_COUNT ? field_names[bit] : "?";
}

void deps_fields_text(unsigned fields, buf *b)
{
    int first = 1;
    for (unsigned k = 0; k < DEP_FIELD_COUNT; k++) {
        if (!(fields & (1u << k))) continue;
        buf_printf(b, "%s%s", first ? "" : ", ", field_names[k]);
        first = 0;
    }
}

/* Grows *items (of sz bytes each) to hold one more. */
static void *grow(void *items, size_t n, size_t *cap, size_t sz)
{
    if (n < *cap) return items;
    *cap = *cap ? *cap * 2 : 16;
    void *p = realloc(items, *cap * sz);
    if (!p) die_oom();
    return p;
}

deps_rec *deps_rec_new(void)
{
    deps_rec *r = calloc(1, sizeof *r);
    if (!r) die_oom();
    r->seen = calloc(SEEN_SLOTS, sizeof *r->seen);
    if (!r->seen) die_oom();
    r->gen = 1;
    arena_init(&r->names);
    return r;
}

void deps_rec_free(deps_rec *r)
{
    if (!r) return;
    free(r->pages);
    free(r->templates);
    free(r->inputs);
    free(r->seen);
    arena_release(&r->names);
    free(r);
}

void deps_rec_reset(deps_rec *r)
{
    if (!r) return;
    r->n_pages = r->n_templates = r->n_inputs = 0;
    arena_reset(&r->names);
    if (++r->gen == 0) {   /* after 2^32 records: old slots would look live */
        memset(r->seen, 0, SEEN_SLOTS * sizeof *r->seen);
        r->gen = 1;
    }
}

void deps_page(deps_rec *r, size_t page, unsigned fields)
{
    if (r->n_pages && r->pages[r->n_pages - 1].page == page) {   /* the common repeat */
        r->pages[r->n_pages - 1].fields |= fields;
        return;
    }
    r->pages = grow(r->pages, r->n_pages, &r->cap_pages, sizeof *r->pages);
    r->pages[r->n_pages++] = (struct page_read){(uint32_t)page, fields};
}

void deps_template(deps_rec *r, const char *path)
{
    if (!r) return;
    for (size_t i = 0; i < r->n_templates; i++)   /* a handful per output */
        if (r->templates[i] == path) return;
    r->templates = grow(r->templates, r->n_templates, &r->cap_templates, sizeof *r->templates);
    r->templates[r->n_templates++] = path;
}

/* The slot of (kind, name) in r->seen: its own, or the empty one it would take. */
static struct seen *seen_slot(deps_rec *r, size_t plen, const char *prefix, const char *name,
                              size_t len, uint32_t *hash)
{
    uint32_t h = (uint32_t)hmap_hash(name, len) ^ (uint32_t)plen;
    *hash = h;
    for (size_t i = h & (SEEN_SLOTS - 1);; i = (i + 1) & (SEEN_SLOTS - 1)) {
        struct seen *sl = &r->seen[i];
        if (sl->gen != r->gen) return sl;
        if (sl->hash == h && !memcmp(sl->name, prefix, plen) && !strncmp(sl->name + plen, name, len) &&
            !sl->name[plen + len])
            return sl;
    }
}

void deps_input(deps_rec *r, enum deps_input kind, const char *name, size_t len)
{
    static const char *const prefix[] = {"t.", "data.", "site."};
    size_t plen = strlen(prefix[kind]);
    uint32_t h;
    struct seen *sl = r->n_inputs < SEEN_MAX ? seen_slot(r, plen, prefix[kind], name, len, &h)
                                             : NULL;
    if (sl && sl->gen == r->gen) return;   /* in the record already */
    char *s = arena_alloc(&r->names, plen + len + 1);
    memcpy(s, prefix[kind], plen);
    memcpy(s + plen, name, len);
    if (sl) *sl = (struct seen){r->gen, h, s};
    r->inputs = grow(r->inputs, r->n_inputs, &r->cap_inputs, sizeof *r->inputs);
    r->inputs[r->n_inputs++] = s;
}

deps *deps_new(void)
{
    deps *d = calloc(1, sizeof *d);
    if (!d) die_oom();
    pthread_mutex_init(&d->lock, NULL);
    arena_init(&d->a);
    hmap_init(&d->names);
    return d;
}

void deps_free(deps *d)
{
    if (!d) return;
    pthread_mutex_destroy(&d->lock);
    hmap_release(&d->names);
    arena_release(&d->a);
    free(d->outs);
    free(d);
}

static int cmp_read(const void *x, const void *y)
{
    const struct page_read *a = x, *b = y;
    return a->page < b->page ? -1 : a->page > b->page;
}

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Sorted, merged by page, then runs of pages the same distance apart
 * with the same fields. */
static size_t make_runs(struct page_read *pr, size_t n, struct deps_run *out)
{
    if (n > 1) qsort(pr, n, sizeof *pr, cmp_read);   /* pr is NULL when nothing was read */
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t f = pr[i].fields, page = pr[i].page;
        while (i + 1 < n && pr[i + 1].page == page) f |= pr[++i].fields;
        struct deps_run *last = m ? &out[m - 1] : NULL;
        if (last && last->fields == f && last->count == 1) {
            last->step = page - last->first;
            last->count++;
        } else if (last && last->fields == f && last->first + last->count * last->step == page) {
            last->count++;
        } else {
            out[m++] = (struct deps_run){page, 1, 1, f};
        }
    }
    return m;
}

/* The one copy of name in d (under d->lock): thousands of outputs name
 * the same templates and strings. */
static const char *intern(deps *d, const char *name)
{
    const char *got = hmap_get(&d->names, name);
    if (got) return got;
    char *copy = arena_strdup(&d->a, name);
    hmap_put(&d->names, copy, copy);
    return copy;
}

/* Sorts names in place and keeps the distinct ones at the front: done
 * before d->lock is taken.  Their number. */
static size_t distinct_names(const char **names, size_t n)
{
    if (n > 1) qsort(names, n, sizeof *names, cmp_str);   /* names may be NULL */
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!m || strcmp(names[m - 1], names[i])) names[m++] = names[i];
    return m;
}

/* The n distinct names, interned (the caller holds d->lock). */
static size_t copy_names(deps *d, const char **names, size_t n, const char ***out)
{
    *out = arena_alloc(&d->a, (n ? n : 1) * sizeof **out);
    for (size_t i = 0; i < n; i++) (*out)[i] = intern(d, names[i]);
    return n;
}

/* r as a stored record; the caller holds d->lock. */
static struct deps_output *record(deps *d, const char *out_path, deps_rec *r,
                                  struct deps_run *runs, size_t n_runs)
{
    struct deps_output *o = arena_alloc(&d->a, sizeof *o);
    o->path = arena_strdup(&d->a, out_path);
    o->runs = arena_alloc(&d->a, (n_runs ? n_runs : 1) * sizeof *runs);
    memcpy(o->runs, runs, n_runs * sizeof *runs);
    o->n_runs = n_runs;
    o->n_templates = copy_names(d, r->templates, r->n_templates, &o->templates);
    o->n_inputs = copy_names(d, r->inputs, r->n_inputs, &o->inputs);
    return o;
}

void deps_commit(deps *d, const char *out_path, deps_rec *r)
{
    if (!d || !r) return;
    struct deps_run *runs = malloc((r->n_pages ? r->n_pages : 1) * sizeof *runs);
    if (!runs) die_oom();
    size_t n_runs = make_runs(r->pages, r->n_pages, runs);
    r->n_templates = distinct_names(r->templates, r->n_templates);
    r->n_inputs = distinct_names(r->inputs, r->n_inputs);
    pthread_mutex_lock(&d->lock);
    struct deps_output *o = record(d, out_path, r, runs, n_runs);
    d->outs = grow(d->outs, d->n, &d->cap, sizeof *d->outs);
    d->outs[d->n++] = o;
    pthread_mutex_unlock(&d->lock);
    free(runs);
}

/* 1 when the distinct names are those of have (sorted, distinct); names
 * are sorted in place. */
static int same_names(const char **have, size_t n_have, const char **names, size_t n)
{
    if (n > 1) qsort(names, n, sizeof *names, cmp_str);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (i && !strcmp(names[i - 1], names[i])) continue;
        if (m >= n_have || strcmp(have[m], names[i])) return 0;
        m++;
    }
    return m == n_have;
}

/* 1 when o already says what r says: loa serve renders most outputs again
 * to the same record, and a copy of each would grow the store at every
 * layout edit. */
static int same_record(const struct deps_output *o, deps_rec *r, const struct deps_run *runs,
                       size_t n_runs)
{
    return o->n_runs == n_runs && !memcmp(o->runs, runs, n_runs * sizeof *runs) &&
           same_names(o->templates, o->n_templates, r->templates, r->n_templates) &&
           same_names(o->inputs, o->n_inputs, r->inputs, r->n_inputs);
}

void deps_replace(deps *d, const char *out_path, deps_rec *r)
{
    if (!d || !r) return;
    struct deps_run *runs = malloc((r->n_pages ? r->n_pages : 1) * sizeof *runs);
    if (!runs) die_oom();
    size_t n_runs = make_runs(r->pages, r->n_pages, runs);
    r->n_templates = distinct_names(r->templates, r->n_templates);
    r->n_inputs = distinct_names(r->inputs, r->n_inputs);
    pthread_mutex_lock(&d->lock);
    size_t lo = 0, hi = d->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(d->outs[mid]->path, out_path) < 0) lo = mid + 1;
        else hi = mid;
    }
    int found = lo < d->n && !strcmp(d->outs[lo]->path, out_path);
    if (found && same_record(d->outs[lo], r, runs, n_runs)) {
        /* kept as it is */
    } else if (found) {
        d->outs[lo] = record(d, out_path, r, runs, n_runs);   /* the old one stays in the arena */
    } else {
        d->outs = grow(d->outs, d->n, &d->cap, sizeof *d->outs);
        memmove(&d->outs[lo + 1], &d->outs[lo], (d->n - lo) * sizeof *d->outs);
        d->outs[lo] = record(d, out_path, r, runs, n_runs);
        d->n++;
    }
    pthread_mutex_unlock(&d->lock);
    free(runs);
}

static int cmp_out(const void *x, const void *y)
{
    const struct deps_output *a = *(const struct deps_output *const *)x;
    const struct deps_output *b = *(const struct deps_output *const *)y;
    return strcmp(a->path, b->path);
}

void deps_finish(deps *d)
{
    if (!d) return;
    if (d->n) qsort(d->outs, d->n, sizeof *d->outs, cmp_out);
}

size_t deps_count(const deps *d) { return d->n; }

const struct deps_output *deps_at(const deps *d, size_t i) { return i < d->n ? d->outs[i] : NULL; }

const struct deps_output *deps_find(const deps *d, const char *out_path)
{
    size_t lo = 0, hi = d->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(d->outs[mid]->path, out_path);
        if (!c) return d->outs[mid];
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return NULL;
}

/* Runs are few (a listing's page or a series is one): a scan will do. */
int deps_reads(const struct deps_output *o, size_t page, unsigned fields)
{
    for (size_t i = 0; i < o->n_runs; i++) {
        const struct deps_run *r = &o->runs[i];
        if (!(r->fields & fields) || page < r->first) continue;
        size_t k = (page - r->first) / r->step;
        if (k < r->count && r->first + k * r->step == page) return 1;
    }
    return 0;
}

size_t deps_affected(const deps *d, size_t page, unsigned fields,
                     const struct deps_output **out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < d->n; i++) {
        if (!deps_reads(d->outs[i], page, fields)) continue;
        if (n < max) out[n] = d->outs[i];
        n++;
    }
    return n;
}
