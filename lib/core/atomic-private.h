/* Private: files written whole or not at all. A writer creates its file(s)
 * in a fresh temporary folder beside the destination; commit renames them
 * into place (rename(2) replaces an old file atomically), abort removes
 * them. A failed or interrupted run so never leaves a partial file. */
#ifndef DM_ATOMIC_PRIVATE_H
#define DM_ATOMIC_PRIVATE_H

#include <limits.h>

#include "core-private.h"

typedef struct dm_atomic {
    char dir[PATH_MAX];    /* the destination's folder */
    char tmpdir[PATH_MAX]; /* dir/.demine-XXXXXX */
    char tmp[PATH_MAX]; /* tmpdir/<the destination's file name>: write here */
} dm_atomic;

/* Creates the temporary folder. DM_ERR_IO naming the folder on failure. */
dm_status dm_atomic_begin(dm_context *ctx, const char *path, dm_atomic *a);

/* Moves every file of the temporary folder into the destination folder and
 * removes the temporary folder. DM_ERR_IO on failure (then aborts). */
dm_status dm_atomic_commit(dm_context *ctx, dm_atomic *a);

/* Removes the temporary folder and what is in it. Safe to call twice. */
void dm_atomic_abort(dm_atomic *a);

#endif
