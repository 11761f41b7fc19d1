/* Files written whole or not at all (see atomic-private.h). */
#define _GNU_SOURCE /* mkdtemp */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomic-private.h"

dm_status dm_atomic_begin(dm_context *ctx, const char *path, dm_atomic *a)
{
    memset(a, 0, sizeof *a);
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    int dirlen = slash ? (int)(slash - path) : 1;
    const char *dir = slash ? path : ".";
    if (slash == path)
        dirlen = 1; /* "/file" */
    if (base[0] == '\0')
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "output path '%s' names a folder, not a file", path);
    if (snprintf(a->dir, sizeof a->dir, "%.*s", dirlen, dir) >=
            (int)sizeof a->dir ||
        snprintf(a->tmpdir, sizeof a->tmpdir, "%s/.demine-XXXXXX", a->dir) >=
            (int)sizeof a->tmpdir)
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "output path '%s' is too long", path);
    if (mkdtemp(a->tmpdir) == NULL) {
        int e = errno;
        a->tmpdir[0] = '\0';
        return dm_error(ctx, DM_ERR_IO, "cannot write '%s': folder '%s': %s",
                        path, a->dir, strerror(e));
    }
    if (snprintf(a->tmp, sizeof a->tmp, "%s/%s", a->tmpdir, base) >=
        (int)sizeof a->tmp) {
        dm_atomic_abort(a);
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "output path '%s' is too long", path);
    }
    return DM_OK;
}

dm_status dm_atomic_commit(dm_context *ctx, dm_atomic *a)
{
    DIR *d = opendir(a->tmpdir);
    if (d == NULL) {
        int e = errno;
        dm_atomic_abort(a);
        return dm_error(ctx, DM_ERR_IO, "cannot read '%s': %s", a->tmpdir,
                        strerror(e));
    }
    struct dirent *entry;
    dm_status s = DM_OK;
    while ((entry = readdir(d)) != NULL) {
        if (strcmp(entry->d_name, ".") == 0 ||
            strcmp(entry->d_name, "..") == 0)
            continue;
        char from[PATH_MAX * 2], to[PATH_MAX * 2];
        snprintf(from, sizeof from, "%s/%s", a->tmpdir, entry->d_name);
        snprintf(to, sizeof to, "%s/%s", a->dir, entry->d_name);
        if (rename(from, to) != 0) {
            s = dm_error(ctx, DM_ERR_IO, "cannot move '%s' to '%s': %s", from,
                         to, strerror(errno));
            break;
        }
    }
    closedir(d);
    if (s != DM_OK) {
        dm_atomic_abort(a);
        return s;
    }
    rmdir(a->tmpdir);
    a->tmpdir[0] = '\0';
    return DM_OK;
}

void dm_atomic_abort(dm_atomic *a)
{
    if (a->tmpdir[0] == '\0')
        return;
    DIR *d = opendir(a->tmpdir);
    if (d != NULL) {
        struct dirent *entry;
        while ((entry = readdir(d)) != NULL) {
            if (strcmp(entry->d_name, ".") == 0 ||
                strcmp(entry->d_name, "..") == 0)
                continue;
            char p[PATH_MAX * 2];
            snprintf(p, sizeof p, "%s/%s", a->tmpdir, entry->d_name);
            unlink(p);
        }
        closedir(d);
    }
    rmdir(a->tmpdir);
    a->tmpdir[0] = '\0';
}
