/* Private: the geometry side's state of a context: the GEOS handle, the
 * PROJ context and the last message each dependency raised in the current
 * call. Every file of lib/geo includes this; lib/engine never does. */
#ifndef DM_GEO_PRIVATE_H
#define DM_GEO_PRIVATE_H

#define GEOS_USE_ONLY_R_API
#include <geos_c.h>
#include <proj.h>

#include "core-private.h"

/* m² in a km². */
#define DM_M2_PER_KM2 1e6

/* Longest message kept from GDAL, GEOS or PROJ. */
#define DM_LIB_MESSAGE_MAX 1024

struct dm_geo {
    GEOSContextHandle_t geos;
    PJ_CONTEXT *proj;
    /* The last message each dependency raised during the current call, so
     * that our own message can quote it. */
    char gdal_message[DM_LIB_MESSAGE_MAX];
    char geos_message[DM_LIB_MESSAGE_MAX];
    char proj_message[DM_LIB_MESSAGE_MAX];
    int gdal_depth;     /* nesting of dm_gdal_begin() */
    int geos_no_memory; /* a geometry helper ran out of memory */
};

/* Opens a public call of the geometry side: on the context's first one,
 * starts GEOS and PROJ for it and registers GDAL's drivers (once per
 * process); every time, forgets the dependencies' messages of earlier
 * calls. DM_ERR_SYSTEM when GEOS or PROJ cannot start. */
dm_status dm_geo_begin(dm_context *ctx);

/* dm_geo_begin()'s status returned from the calling function on failure. */
#define DM_GEO_BEGIN(ctx)                                                     \
    do {                                                                      \
        dm_status geo_ = dm_geo_begin(ctx);                                   \
        if (geo_ != DM_OK)                                                    \
            return geo_;                                                      \
    } while (0)

/* One item of parallel geometry work, in a worker's own context (its
 * GEOS handle; messages and errors there). Writes its result into its own
 * slot of `user`; reads shared geometries only (never prepared ones). */
typedef dm_status (*dm_geo_item_fn)(dm_context *worker, size_t item,
                                    void *user);

/* Runs fn for items 0 … n-1 on `threads` threads (1: in ctx alone, the
 * calling thread; the calling thread is always one of them). A failure
 * stops the claiming of items and is reported in ctx: the lowest failed
 * item's, as one thread would have met it. */
dm_status dm_geo_parallel(dm_context *ctx, unsigned threads, size_t n,
                          dm_geo_item_fn fn, void *user);

/* The GEOS handle and PROJ context of a context that dm_geo_begin()
 * started. */
static inline GEOSContextHandle_t dm_geos(const dm_context *ctx)
{
    return ctx->geo->geos;
}
static inline PJ_CONTEXT *dm_proj(const dm_context *ctx)
{
    return ctx->geo->proj;
}

/* Route GDAL's errors into the context between begin and end (they nest).
 * GDAL's handler stack is per thread, so contexts in other threads are not
 * affected. */
void dm_gdal_begin(dm_context *ctx);
void dm_gdal_end(dm_context *ctx);

/* The last message GDAL, GEOS or PROJ raised in this call, "" if none. */
const char *dm_gdal_message(const dm_context *ctx);
const char *dm_geos_message(const dm_context *ctx);
const char *dm_proj_message(const dm_context *ctx);

/* Records that a geometry helper returning NULL did so because an
 * allocation of its own failed (not GEOS), for dm_geos_error(). */
void dm_geos_no_memory(dm_context *ctx);

/* A failed geometry operation: DM_ERR_NO_MEMORY when memory ran out (a
 * helper's own allocation, or GEOS's std::bad_alloc), DM_ERR_GEOS
 * otherwise; the message as printf's. */
dm_status dm_geos_error(dm_context *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
