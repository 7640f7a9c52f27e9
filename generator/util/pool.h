/* pool: run fn(ctx, i, worker) for i in [0, n) on `jobs` threads.  Each
 * thread gets its own worker slot (0..jobs-1) so callers can keep
 * per-thread arenas without locks.  Each thread takes the items of its
 * own contiguous share in order, then helps the others from their ends,
 * so work spreads evenly; results must be written to per-item slots to
 * stay deterministic.  At most 2^32 - 1 items.  Workers report diagnostics to the
 * caller's current context (util/diag.h). */
#pragma once
#include <stddef.h>

typedef void (*pool_fn)(void *ctx, size_t i, unsigned worker);
void pool_run(size_t n, unsigned jobs, pool_fn fn, void *ctx);
unsigned pool_default_jobs(void);
