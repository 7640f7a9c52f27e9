#include "pool.h"
#include "diag.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

/* Each worker owns a contiguous range of the items, taken from its front;
 * a worker whose range is done takes from the back of the others'.  Two
 * workers then write different parts of the site (vi and en pages at
 * -j2), not neighbours: creating files in one folder at once serialises in
 * the kernel on the folder's lock.  A range is {next, end} in one 64-bit
 * word, changed by compare-and-swap. */
struct range { _Alignas(64) _Atomic uint64_t span; };
struct pool_run { size_t n; unsigned jobs; struct range *ranges; pool_fn fn; void *ctx;
                  struct diag_ctx *diag; };
struct pool_thread { struct pool_run *r; unsigned worker; pthread_t tid; };

static uint64_t span_of(uint64_t next, uint64_t end) { return next | end << 32; }

/* The next item of range g: its front for its owner, its back for a thief;
 * -1 when it is empty. */
static int64_t take(struct range *g, int front)
{
    uint64_t v = atomic_load(&g->span);
    for (;;) {
        uint64_t next = v & 0xFFFFFFFFu, end = v >> 32;
        if (next >= end) return -1;
        uint64_t want = front ? span_of(next + 1, end) : span_of(next, end - 1);
        if (atomic_compare_exchange_weak(&g->span, &v, want))
            return (int64_t)(front ? next : end - 1);
    }
}

static void *loop(void *arg)
{
    struct pool_thread *t = arg;
    struct pool_run *r = t->r;
    /* the tasks belong to the caller's build: report to its diagnostics */
    struct diag_ctx *was = diag_ctx_use(r->diag);
    for (unsigned k = 0; k < r->jobs; k++) {
        struct range *g = &r->ranges[(t->worker + k) % r->jobs];
        for (int64_t i; (i = take(g, k == 0)) >= 0;) r->fn(r->ctx, (size_t)i, t->worker);
    }
    diag_ctx_use(was);
    return NULL;
}

void pool_run(size_t n, unsigned jobs, pool_fn fn, void *ctx)
{
    if (n > UINT32_MAX) die("too many items for one run (%zu)", n);
    if (jobs < 1) jobs = 1;
    if (jobs > n) jobs = n ? (unsigned)n : 1;
    struct pool_run r = {.n = n, .jobs = jobs, .fn = fn, .ctx = ctx, .diag = diag_ctx_current()};
    struct pool_thread *ts = calloc(jobs, sizeof *ts);
    r.ranges = aligned_alloc(64, jobs * sizeof *r.ranges);
    if (!ts || !r.ranges) die_oom();
    for (unsigned k = 0; k < jobs; k++) {
        atomic_init(&r.ranges[k].span, span_of(n * k / jobs, n * (k + 1) / jobs));
        ts[k].r = &r;
        ts[k].worker = k;
    }
    for (unsigned k = 1; k < jobs; k++)
        if (pthread_create(&ts[k].tid, NULL, loop, &ts[k]) != 0) die("cannot start a thread");
    loop(&ts[0]);
    for (unsigned k = 1; k < jobs; k++) pthread_join(ts[k].tid, NULL);
    free(r.ranges);
    free(ts);
}

unsigned pool_default_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 64 ? 64 : (unsigned)n;
}
