/* The context, the version and where the embedded data lives. The
 * context holds the last error; its geometry side (GEOS, PROJ, GDAL) is
 * made by lib/geo on the first call that needs it. */
#define _GNU_SOURCE /* dladdr */
#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core-private.h"

#ifndef DM_BUILD_VERSION
#error "meson passes DM_BUILD_VERSION"
#endif

const char *dm_version(void) { return DM_BUILD_VERSION; }

dm_context *dm_context_new(void) { return calloc(1, sizeof(dm_context)); }

void dm_context_free(dm_context *ctx)
{
    if (ctx == NULL)
        return;
    if (ctx->geo != NULL)
        ctx->geo_free(ctx->geo);
    free(ctx);
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
