/* The geometry side of a context: GEOS and PROJ started on its first
 * geometry call, GDAL's drivers registered once per process, and the
 * dependencies' messages routed into the context. */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_error.h>
#include <gdal.h>

#include "geo-private.h"

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
    copy_message(ctx->geo->geos_message, sizeof ctx->geo->geos_message,
                 message);
}

static void geos_notice_handler(const char *message, void *userdata)
{
    /* Notices (e.g. "Self-intersection at …" from isValid) are kept only
     * when no error is pending, so an error is never overwritten. */
    dm_context *ctx = userdata;
    if (ctx->geo->geos_message[0] == '\0')
        copy_message(ctx->geo->geos_message, sizeof ctx->geo->geos_message,
                     message);
}

static void proj_log_handler(void *userdata, int level, const char *message)
{
    dm_context *ctx = userdata;
    if (level == PJ_LOG_ERROR || ctx->geo->proj_message[0] == '\0')
        copy_message(ctx->geo->proj_message, sizeof ctx->geo->proj_message,
                     message);
}

static void CPL_STDCALL gdal_error_handler(CPLErr level, CPLErrorNum num,
                                           const char *message)
{
    (void)num;
    dm_context *ctx = CPLGetErrorHandlerUserData();
    if (ctx == NULL || level == CE_Debug || level == CE_None)
        return;
    /* Failures win over warnings. */
    if (level >= CE_Failure || ctx->geo->gdal_message[0] == '\0')
        copy_message(ctx->geo->gdal_message, sizeof ctx->geo->gdal_message,
                     message);
}

void dm_gdal_begin(dm_context *ctx)
{
    if (ctx->geo->gdal_depth++ == 0)
        CPLPushErrorHandlerEx(gdal_error_handler, ctx);
}

void dm_gdal_end(dm_context *ctx)
{
    if (ctx->geo->gdal_depth > 0 && --ctx->geo->gdal_depth == 0)
        CPLPopErrorHandler();
}

const char *dm_gdal_message(const dm_context *ctx)
{
    return ctx->geo->gdal_message;
}
const char *dm_geos_message(const dm_context *ctx)
{
    return ctx->geo->geos_message;
}
const char *dm_proj_message(const dm_context *ctx)
{
    return ctx->geo->proj_message;
}

void dm_geos_no_memory(dm_context *ctx)
{
    ctx->geo->geos_no_memory = 1;
    copy_message(ctx->geo->geos_message, sizeof ctx->geo->geos_message,
                 "out of memory");
}

dm_status dm_geos_error(dm_context *ctx, const char *fmt, ...)
{
    char text[DM_MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    int memory = ctx->geo->geos_no_memory ||
                 strstr(ctx->geo->geos_message, "bad_alloc") != NULL;
    return dm_error(ctx, memory ? DM_ERR_NO_MEMORY : DM_ERR_GEOS, "%s", text);
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

static void geo_free(struct dm_geo *geo)
{
    if (geo->geos != NULL)
        GEOS_finish_r(geo->geos);
    if (geo->proj != NULL)
        proj_context_destroy(geo->proj);
    free(geo);
}

/* Starts GEOS and PROJ for ctx, with their messages routed into it. */
static dm_status geo_start(dm_context *ctx)
{
    struct dm_geo *geo = calloc(1, sizeof *geo);
    if (geo == NULL)
        return dm_no_memory(ctx);
    geo->geos = GEOS_init_r();
    geo->proj = proj_context_create();
    if (geo->geos == NULL || geo->proj == NULL) {
        const char *which = geo->geos == NULL ? "GEOS" : "PROJ";
        geo_free(geo);
        return dm_error(ctx, DM_ERR_SYSTEM, "cannot start %s", which);
    }
    ctx->geo = geo;
    ctx->geo_free = geo_free;
    GEOSContext_setErrorMessageHandler_r(geo->geos, geos_error_handler, ctx);
    GEOSContext_setNoticeMessageHandler_r(geo->geos, geos_notice_handler, ctx);
    proj_log_func(geo->proj, ctx, proj_log_handler);
    proj_log_level(geo->proj, PJ_LOG_ERROR);
    /* Areas must not depend on what a network grid server answers. */
    proj_context_set_enable_network(geo->proj, 0);
    pthread_once(&gdal_once, gdal_register_once);
    return DM_OK;
}

dm_status dm_geo_begin(dm_context *ctx)
{
    if (ctx->geo == NULL) {
        dm_status s = geo_start(ctx);
        if (s != DM_OK)
            return s;
    }
    ctx->geo->gdal_message[0] = '\0';
    ctx->geo->geos_message[0] = '\0';
    ctx->geo->proj_message[0] = '\0';
    ctx->geo->geos_no_memory = 0;
    return DM_OK;
}
