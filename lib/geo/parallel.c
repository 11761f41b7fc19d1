/* Geometry work on several threads: each worker has a context of its own
 * (its own GEOS handle, PROJ context and messages: GEOS handles are not to
 * be shared between threads, nor are prepared geometries), takes the next
 * item from a shared counter and writes its result into that item's own
 * slot, so the results do not depend on the number of threads or on which
 * thread ran what. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>

#include "geo-private.h"

typedef struct pool {
    size_t n;
    dm_geo_item_fn fn;
    void *user;
    atomic_size_t next;
    atomic_int failed;
} pool;

typedef struct worker {
    pool *p;
    dm_context *ctx;
    pthread_t thread;
    int started;
    size_t failed_item; /* SIZE_MAX: none */
    dm_status status;
} worker;

static void *work(void *arg)
{
    worker *w = arg;
    pool *p = w->p;
    while (!atomic_load(&p->failed)) {
        size_t i = atomic_fetch_add(&p->next, 1);
        if (i >= p->n)
            break;
        dm_status s = p->fn(w->ctx, i, p->user);
        if (s != DM_OK) {
            /* Items claimed before i are finished by their workers, so
             * the failure reported (the lowest item's) is the one a single
             * thread would have met first. */
            w->failed_item = i;
            w->status = s;
            atomic_store(&p->failed, 1);
            break;
        }
    }
    return NULL;
}

/* The workers' contexts: the caller's own for the first, new ones with
 * their geometry side started for the others. */
static dm_status make_contexts(dm_context *ctx, worker *w, size_t nw)
{
    w[0].ctx = ctx;
    for (size_t i = 1; i < nw; i++) {
        w[i].ctx = dm_context_new();
        if (w[i].ctx == NULL)
            return dm_no_memory(ctx);
        dm_status s = dm_geo_begin(w[i].ctx);
        if (s != DM_OK)
            return dm_error(ctx, s, "a worker's context: %s",
                            dm_context_last_error(w[i].ctx));
    }
    return DM_OK;
}

/* Joins the started workers and reports the failure of the lowest item,
 * with its worker's message, in ctx. */
static dm_status join(dm_context *ctx, worker *w, size_t nw, dm_status s)
{
    for (size_t i = 1; i < nw; i++)
        if (w[i].started)
            pthread_join(w[i].thread, NULL);
    size_t first = SIZE_MAX, at = 0;
    for (size_t i = 0; i < nw; i++)
        if (w[i].failed_item < first) {
            first = w[i].failed_item;
            at = i;
        }
    if (first == SIZE_MAX || s != DM_OK)
        return s;
    if (at == 0)
        return w[0].status; /* already in ctx */
    return dm_error(ctx, w[at].status, "%s", dm_context_last_error(w[at].ctx));
}

dm_status dm_geo_parallel(dm_context *ctx, unsigned threads, size_t n,
                          dm_geo_item_fn fn, void *user)
{
    size_t nw = threads < 1 ? 1 : threads;
    if (nw > n)
        nw = n > 0 ? n : 1;
    pool p = {.n = n, .fn = fn, .user = user};
    atomic_init(&p.next, 0);
    atomic_init(&p.failed, 0);
    worker *w = calloc(nw, sizeof *w);
    if (w == NULL)
        return dm_no_memory(ctx);
    for (size_t i = 0; i < nw; i++) {
        w[i].p = &p;
        w[i].failed_item = SIZE_MAX;
    }
    dm_status s = make_contexts(ctx, w, nw);
    for (size_t i = 1; s == DM_OK && i < nw; i++) {
        if (pthread_create(&w[i].thread, NULL, work, &w[i]) != 0) {
            s = dm_error(ctx, DM_ERR_SYSTEM, "cannot start thread %zu of %zu",
                         i, nw);
            atomic_store(&p.failed, 1);
            break;
        }
        w[i].started = 1;
    }
    if (s == DM_OK)
        work(&w[0]);
    s = join(ctx, w, nw, s);
    for (size_t i = 1; i < nw; i++)
        dm_context_free(w[i].ctx);
    free(w);
    return s;
}
