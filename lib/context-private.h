/* Private: the context and the error machinery shared by every file of the
 * library. Never installed. */
#ifndef DM_CONTEXT_PRIVATE_H
#define DM_CONTEXT_PRIVATE_H

#define GEOS_USE_ONLY_R_API
#include <geos_c.h>
#include <proj.h>

#include "demine.h"

/* π, which strict C11 does not define. */
#define DM_PI 3.14159265358979323846

/* Longest message kept; longer ones are cut (with "…"). */
#define DM_MESSAGE_MAX 2048
/* Longest message kept from GDAL, GEOS or PROJ. */
#define DM_LIB_MESSAGE_MAX 1024

struct dm_context {
    GEOSContextHandle_t geos;
    PJ_CONTEXT *proj;
    dm_status last_status;
    char last_error[DM_MESSAGE_MAX];
    /* The last message each dependency raised during the current call, so
     * that our own message can quote it. */
    char gdal_message[DM_LIB_MESSAGE_MAX];
    char geos_message[DM_LIB_MESSAGE_MAX];
    char proj_message[DM_LIB_MESSAGE_MAX];
    int gdal_depth; /* nesting of dm_gdal_begin() */
};

/* Records an error in the context and returns its status, so that callers
 * write `return dm_error(ctx, DM_ERR_X, "…", …);`. */
dm_status dm_error(dm_context *ctx, dm_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Records DM_ERR_NULL_ARGUMENT naming the argument, when ctx is not NULL. */
dm_status dm_null_argument(dm_context *ctx, const char *function,
                           const char *argument);

/* Records DM_ERR_NO_MEMORY. */
dm_status dm_no_memory(dm_context *ctx);

/* Records DM_ERR_OUT_OF_RANGE for index i of n. */
dm_status dm_out_of_range(dm_context *ctx, const char *what, size_t i,
                          size_t n);

/* Forget the dependencies' messages at the start of a public call. */
void dm_begin_call(dm_context *ctx);

/* Route GDAL's errors into the context between begin and end (they nest).
 * GDAL's handler stack is per thread, so contexts in other threads are not
 * affected. */
void dm_gdal_begin(dm_context *ctx);
void dm_gdal_end(dm_context *ctx);

/* The last message GDAL, GEOS or PROJ raised in this call, "" if none. */
const char *dm_gdal_message(const dm_context *ctx);
const char *dm_geos_message(const dm_context *ctx);
const char *dm_proj_message(const dm_context *ctx);

/* GDAL drivers are registered once per process. */
void dm_gdal_register(void);

/* strdup that reports DM_ERR_NO_MEMORY through ctx; NULL in gives "". */
char *dm_strdup(dm_context *ctx, const char *s);

#endif
