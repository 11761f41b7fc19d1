/* The context: GEOS handle, PROJ context, last error; status names; version;
 * where the embedded data lives. */
#define _GNU_SOURCE /* dladdr */
#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_error.h>
#include <gdal.h>

#include "context-private.h"

#ifndef DM_BUILD_VERSION
#error "meson passes DM_BUILD_VERSION"
#endif

const char *dm_version(void) { return DM_BUILD_VERSION; }

const char *dm_status_str(dm_status status)
{
    switch (status) {
    case DM_OK: return "DM_OK";
    case DM_ERR_USAGE: return "DM_ERR_USAGE";
    case DM_ERR_NULL_ARGUMENT: return "DM_ERR_NULL_ARGUMENT";
    case DM_ERR_INVALID_ARGUMENT: return "DM_ERR_INVALID_ARGUMENT";
    case DM_ERR_OUT_OF_RANGE: return "DM_ERR_OUT_OF_RANGE";
    case DM_ERR_NOT_FOUND: return "DM_ERR_NOT_FOUND";
    case DM_ERR_INPUT: return "DM_ERR_INPUT";
    case DM_ERR_FILE_NOT_FOUND: return "DM_ERR_FILE_NOT_FOUND";
    case DM_ERR_NOT_VECTOR: return "DM_ERR_NOT_VECTOR";
    case DM_ERR_CORRUPT: return "DM_ERR_CORRUPT";
    case DM_ERR_LAYER_NOT_FOUND: return "DM_ERR_LAYER_NOT_FOUND";
    case DM_ERR_FIELD_NOT_FOUND: return "DM_ERR_FIELD_NOT_FOUND";
    case DM_ERR_EMPTY: return "DM_ERR_EMPTY";
    case DM_ERR_GEOMETRY_TYPE: return "DM_ERR_GEOMETRY_TYPE";
    case DM_ERR_NO_CRS: return "DM_ERR_NO_CRS";
    case DM_ERR_BAD_CRS: return "DM_ERR_BAD_CRS";
    case DM_ERR_BAD_FILTER: return "DM_ERR_BAD_FILTER";
    case DM_ERR_BAD_GEOMETRY: return "DM_ERR_BAD_GEOMETRY";
    case DM_ERR_BAD_VALUE: return "DM_ERR_BAD_VALUE";
    case DM_ERR_SCENARIO: return "DM_ERR_SCENARIO";
    case DM_ERR_COMPUTE: return "DM_ERR_COMPUTE";
    case DM_ERR_GEOS: return "DM_ERR_GEOS";
    case DM_ERR_PROJ: return "DM_ERR_PROJ";
    case DM_ERR_UNREACHABLE: return "DM_ERR_UNREACHABLE";
    case DM_ERR_SYSTEM: return "DM_ERR_SYSTEM";
    case DM_ERR_NO_MEMORY: return "DM_ERR_NO_MEMORY";
    case DM_ERR_IO: return "DM_ERR_IO";
    }
    return "DM_ERR_UNKNOWN";
}

/* ---- messages from the dependencies ---------------------------------- */

static void copy_message(char *dst, size_t size, const char *msg)
{
    if (msg == NULL)
        msg = "";
    size_t n = strlen(msg);
    /* Drop trailing newlines: messages are embedded in ours. */
    while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
        n--;
    if (n >= size)
        n = size - 1;
    memcpy(dst, msg, n);
    dst[n] = '\0';
}

static void geos_error_handler(const char *message, void *userdata)
{
    dm_context *ctx = userdata;
    copy_message(ctx->geos_message, sizeof ctx->geos_message, message);
}

static void geos_notice_handler(const char *message, void *userdata)
{
    /* Notices (e.g. "Self-intersection at …" from isValid) are kept only
     * when no error is pending, so an error is never overwritten. */
    dm_context *ctx = userdata;
    if (ctx->geos_message[0] == '\0')
        copy_message(ctx->geos_message, sizeof ctx->geos_message, message);
}

static void proj_log_handler(void *userdata, int level, const char *message)
{
    dm_context *ctx = userdata;
    if (level == PJ_LOG_ERROR || ctx->proj_message[0] == '\0')
        copy_message(ctx->proj_message, sizeof ctx->proj_message, message);
}

static void CPL_STDCALL gdal_error_handler(CPLErr level, CPLErrorNum num,
                                           const char *message)
{
    (void)num;
    dm_context *ctx = CPLGetErrorHandlerUserData();
    if (ctx == NULL || level == CE_Debug || level == CE_None)
        return;
    /* Failures win over warnings. */
    if (level >= CE_Failure || ctx->gdal_message[0] == '\0')
        copy_message(ctx->gdal_message, sizeof ctx->gdal_message, message);
}

void dm_gdal_begin(dm_context *ctx)
{
    if (ctx->gdal_depth++ == 0)
        CPLPushErrorHandlerEx(gdal_error_handler, ctx);
}

void dm_gdal_end(dm_context *ctx)
{
    if (ctx->gdal_depth > 0 && --ctx->gdal_depth == 0)
        CPLPopErrorHandler();
}

const char *dm_gdal_message(const dm_context *ctx)
{
    return ctx->gdal_message;
}
const char *dm_geos_message(const dm_context *ctx)
{
    return ctx->geos_message;
}
const char *dm_proj_message(const dm_context *ctx)
{
    return ctx->proj_message;
}

void dm_begin_call(dm_context *ctx)
{
    ctx->gdal_message[0] = '\0';
    ctx->geos_message[0] = '\0';
    ctx->proj_message[0] = '\0';
}

static pthread_once_t gdal_once = PTHREAD_ONCE_INIT;

static void gdal_register_once(void)
{
    /* GDAL prints nothing of its own while registering, but route anything
     * to a silent handler to be sure. */
    CPLPushErrorHandler(CPLQuietErrorHandler);
    GDALAllRegister();
    CPLPopErrorHandler();
}

void dm_gdal_register(void) { pthread_once(&gdal_once, gdal_register_once); }

/* ---- the context ------------------------------------------------------- */

dm_context *dm_context_new(void)
{
    dm_context *ctx = calloc(1, sizeof *ctx);
    if (ctx == NULL)
        return NULL;
    ctx->geos = GEOS_init_r();
    ctx->proj = proj_context_create();
    if (ctx->geos == NULL || ctx->proj == NULL) {
        dm_context_free(ctx);
        return NULL;
    }
    GEOSContext_setErrorMessageHandler_r(ctx->geos, geos_error_handler, ctx);
    GEOSContext_setNoticeMessageHandler_r(ctx->geos, geos_notice_handler, ctx);
    proj_log_func(ctx->proj, ctx, proj_log_handler);
    proj_log_level(ctx->proj, PJ_LOG_ERROR);
    /* Areas must not depend on what a network grid server answers. */
    proj_context_set_enable_network(ctx->proj, 0);
    dm_gdal_register();
    return ctx;
}

void dm_context_free(dm_context *ctx)
{
    if (ctx == NULL)
        return;
    if (ctx->geos != NULL)
        GEOS_finish_r(ctx->geos);
    if (ctx->proj != NULL)
        proj_context_destroy(ctx->proj);
    free(ctx);
}

const char *dm_context_last_error(const dm_context *ctx)
{
    return ctx != NULL ? ctx->last_error : "no context (NULL)";
}

dm_status dm_context_last_status(const dm_context *ctx)
{
    return ctx != NULL ? ctx->last_status : DM_ERR_NULL_ARGUMENT;
}

void dm_context_clear_error(dm_context *ctx)
{
    if (ctx == NULL)
        return;
    ctx->last_status = DM_OK;
    ctx->last_error[0] = '\0';
}

dm_status dm_error(dm_context *ctx, dm_status status, const char *fmt, ...)
{
    if (ctx == NULL)
        return status;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(ctx->last_error, sizeof ctx->last_error, fmt, ap);
    va_end(ap);
    if (n >= (int)sizeof ctx->last_error) {
        static const char ellipsis[] = "...";
        memcpy(ctx->last_error + sizeof ctx->last_error - sizeof ellipsis,
               ellipsis, sizeof ellipsis);
    }
    ctx->last_status = status;
    return status;
}

dm_status dm_null_argument(dm_context *ctx, const char *function,
                           const char *argument)
{
    return dm_error(ctx, DM_ERR_NULL_ARGUMENT, "%s: argument '%s' is NULL",
                    function, argument);
}

dm_status dm_no_memory(dm_context *ctx)
{
    return dm_error(ctx, DM_ERR_NO_MEMORY, "out of memory");
}

dm_status dm_out_of_range(dm_context *ctx, const char *what, size_t i,
                          size_t n)
{
    return dm_error(ctx, DM_ERR_OUT_OF_RANGE,
                    "%s index %zu is out of range (there are %zu)", what, i,
                    n);
}

char *dm_strdup(dm_context *ctx, const char *s)
{
    if (s == NULL)
        s = "";
    size_t n = strlen(s) + 1;
    char *copy = malloc(n);
    if (copy == NULL) {
        dm_no_memory(ctx);
        return NULL;
    }
    memcpy(copy, s, n);
    return copy;
}

/* ---- the embedded data ---------------------------------------------------
 * The build passes DM_BUILD_LIBDIR (where libdemine.so is built),
 * DM_SOURCE_DATADIR (the source tree's data/) and DM_INSTALL_DATADIR. */

static pthread_once_t datadir_once = PTHREAD_ONCE_INIT;
static const char *datadir = DM_INSTALL_DATADIR;

static void find_datadir(void)
{
    Dl_info info;
    char lib[PATH_MAX], build[PATH_MAX];
    if (dladdr((void *)&dm_data_dir, &info) == 0 || info.dli_fname == NULL)
        return;
    if (realpath(info.dli_fname, lib) == NULL ||
        realpath(DM_BUILD_LIBDIR, build) == NULL)
        return;
    char *slash = strrchr(lib, '/');
    if (slash == NULL)
        return;
    *slash = '\0';
    if (strcmp(lib, build) == 0)
        datadir = DM_SOURCE_DATADIR;
}

const char *dm_data_dir(void)
{
    const char *env = getenv("DEMINE_DATA");
    if (env != NULL && env[0] != '\0')
        return env;
    pthread_once(&datadir_once, find_datadir);
    return datadir;
}
