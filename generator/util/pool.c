#include "pool.h"
#include "diag.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

struct pool_run { size_t n; atomic_size_t next; pool_fn fn; void *ctx; struct diag_ctx *diag; };
struct pool_thread { struct pool_run *r; unsigned worker; pthread_t tid; };

static void *loop(void *arg)
{
    struct pool_thread *t = arg;
    /* the tasks belong to the caller's build: report to its diagnostics */
    struct diag_ctx *was = diag_ctx_use(t->r->diag);
    for (;;) {
        size_t i = atomic_fetch_add(&t->r->next, 1);
        if (i >= t->r->n) break;
        t->r->fn(t->r->ctx, i, t->worker);
    }
    diag_ctx_use(was);
    return NULL;
}

void pool_run(size_t n, unsigned jobs, pool_fn fn, void *ctx)
{
    if (jobs < 1) jobs = 1;
    if (jobs > n) jobs = n ? (unsigned)n : 1;
    struct pool_run r = {.n = n, .fn = fn, .ctx = ctx, .diag = diag_ctx_current()};
    atomic_init(&r.next, 0);
    struct pool_thread *ts = calloc(jobs, sizeof *ts);
    if (!ts) die_oom();
    for (unsigned k = 0; k < jobs; k++) { ts[k].r = &r; ts[k].worker = k; }
    for (unsigned k = 1; k < jobs; k++)
        if (pthread_create(&ts[k].tid, NULL, loop, &ts[k]) != 0) die("cannot start a thread");
    loop(&ts[0]);
    for (unsigned k = 1; k < jobs; k++) pthread_join(ts[k].tid, NULL);
    free(ts);
}

unsigned pool_default_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 64 ? 64 : (unsigned)n;
}
