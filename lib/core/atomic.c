/* Files written whole or not at all (see atomic-private.h), and the
 * public outputs made of them. */
#define _GNU_SOURCE /* mkdtemp */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic-private.h"

/* Makes dir/.demine-XXXXXX for a->dir (already set). */
static dm_status make_tmpdir(dm_context *ctx, const char *what, dm_atomic *a)
{
    if (snprintf(a->tmpdir, sizeof a->tmpdir, "%s/.demine-XXXXXX", a->dir) >=
        (int)sizeof a->tmpdir)
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "output path '%s' is too long", what);
    if (mkdtemp(a->tmpdir) == NULL) {
        int e = errno;
        a->tmpdir[0] = '\0';
        return dm_error(ctx, DM_ERR_IO, "cannot write '%s': folder '%s': %s",
                        what, a->dir, strerror(e));
    }
    return DM_OK;
}

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
        (int)sizeof a->dir)
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "output path '%s' is too long", path);
    dm_status s = make_tmpdir(ctx, path, a);
    if (s != DM_OK)
        return s;
    if (snprintf(a->tmp, sizeof a->tmp, "%s/%s", a->tmpdir, base) >=
        (int)sizeof a->tmp) {
        dm_atomic_abort(a);
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "output path '%s' is too long", path);
    }
    return DM_OK;
}

/* Flushes a file or a folder to the disk (the data before the rename that
 * publishes it, the folder's entries after): a finished output then
 * survives a power cut, not only a crashed process. */
static int flush_path(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int r = fsync(fd);
    close(fd);
    return r;
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
        if (flush_path(from) != 0) {
            s = dm_error(ctx, DM_ERR_IO, "cannot flush '%s' to the disk: %s",
                         from, strerror(errno));
            break;
        }
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
    if (flush_path(a->dir) != 0)
        return dm_error(ctx, DM_ERR_IO,
                        "cannot flush the folder '%s' to the disk: %s", a->dir,
                        strerror(errno));
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

/* ---- outputs: several files committed together ------------------------ */

struct dm_output {
    dm_atomic a;
    char **paths; /* what dm_output_path() gave, freed with the output */
    size_t npaths, cap;
    int made_dir; /* dm_output_begin() made the folder: abort removes it */
    int lock;     /* dir/.demine.lock, held (flock) until commit or abort */
};

/* The lock of an output folder: one writer at a time. */
#define LOCK_NAME ".demine.lock"

/* Takes dir's lock into *fd, or says who holds it. */
static dm_status take_lock(dm_context *ctx, const char *dir, int *fd)
{
    char path[PATH_MAX];
    if (snprintf(path, sizeof path, "%s/%s", dir, LOCK_NAME) >=
        (int)sizeof path)
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "output folder '%s' is too long", dir);
    *fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (*fd < 0)
        return dm_error(ctx, DM_ERR_IO,
                        "cannot write into the folder '%s': %s", dir,
                        strerror(errno));
    if (flock(*fd, LOCK_EX | LOCK_NB) != 0) {
        int e = errno;
        close(*fd);
        *fd = -1;
        if (e == EWOULDBLOCK)
            return dm_error(ctx, DM_ERR_IO,
                            "the folder '%s' is being written by another run "
                            "(it holds %s): wait for it, or write elsewhere",
                            dir, LOCK_NAME);
        return dm_error(ctx, DM_ERR_IO, "cannot lock the folder '%s': %s", dir,
                        strerror(e));
    }
    return DM_OK;
}

/* The lock file of a folder dm_output_begin() made, so that the folder can
 * go. */
static void unlink_lock(const dm_output *o)
{
    char lock[PATH_MAX + sizeof LOCK_NAME + 1];
    snprintf(lock, sizeof lock, "%s/%s", o->a.dir, LOCK_NAME);
    unlink(lock);
}

dm_status dm_output_begin(dm_context *ctx, const char *dir, dm_output **out)
{
    DM_CHECK(ctx, dir, out);
    if (dir[0] == '\0')
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "dm_output_begin: an empty folder name");
    int made = mkdir(dir, 0777) == 0;
    if (!made && errno != EEXIST)
        return dm_error(ctx, DM_ERR_IO, "cannot make the folder '%s': %s", dir,
                        strerror(errno));
    dm_output *o = calloc(1, sizeof *o);
    if (o == NULL) {
        if (made)
            rmdir(dir);
        return dm_no_memory(ctx);
    }
    o->made_dir = made;
    o->lock = -1;
    dm_status s =
        snprintf(o->a.dir, sizeof o->a.dir, "%s", dir) >= (int)sizeof o->a.dir
            ? dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                       "output folder '%s' is too long", dir)
            : DM_OK;
    if (s == DM_OK)
        s = take_lock(ctx, dir, &o->lock);
    if (s == DM_OK)
        s = make_tmpdir(ctx, dir, &o->a);
    if (s != DM_OK) {
        if (o->lock >= 0)
            close(o->lock);
        if (made) {
            if (o->lock >= 0)
                unlink_lock(o); /* the lock it made */
            rmdir(dir);
        }
        free(o);
        return s;
    }
    *out = o;
    return DM_OK;
}

/* 1 when name is a plain file name: no separator, not . or .., no control
 * character. */
static int plain_name(const char *name)
{
    if (name[0] == '\0' || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
        return 0;
    for (const unsigned char *c = (const unsigned char *)name; *c; c++)
        if (*c == '/' || *c < 0x20 || *c == 0x7f)
            return 0;
    return 1;
}

const char *dm_output_path(dm_context *ctx, dm_output *output,
                           const char *name)
{
    DM_CHECK_OR(NULL, ctx, output, name);
    if (!plain_name(name)) {
        dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                 "output file name '%s' is not a plain file name (no '/', "
                 "not . or .., no control character)",
                 name);
        return NULL;
    }
    if (output->npaths == output->cap) {
        size_t cap = output->cap ? 2 * output->cap : 16;
        char **p = realloc(output->paths, cap * sizeof *p);
        if (p == NULL) {
            dm_no_memory(ctx);
            return NULL;
        }
        output->paths = p;
        output->cap = cap;
    }
    size_t n = strlen(output->a.tmpdir) + strlen(name) + 2;
    char *path = malloc(n);
    if (path == NULL) {
        dm_no_memory(ctx);
        return NULL;
    }
    snprintf(path, n, "%s/%s", output->a.tmpdir, name);
    output->paths[output->npaths++] = path;
    return path;
}

static void output_free(dm_output *o)
{
    if (o->lock >= 0)
        close(o->lock); /* releases the lock */
    for (size_t i = 0; i < o->npaths; i++)
        free(o->paths[i]);
    free(o->paths);
    free(o);
}

/* The list of the files an output wrote, kept in its folder: the next
 * output of the folder removes those of them it does not write again. */
#define MANIFEST_NAME ".demine.files"

/* Whether `name` is among the output's files. */
static int written(const dm_output *o, const char *name)
{
    for (size_t i = 0; i < o->npaths; i++)
        if (strcmp(strrchr(o->paths[i], '/') + 1, name) == 0)
            return 1;
    return 0;
}

/* The list the folder's last output left: its text in *out (new; NULL
 * when there is none). DM_ERR_NO_MEMORY when it cannot be held: the run
 * is not committed then, since its folder would keep the last run's files
 * beside its own. */
static dm_status read_manifest(dm_context *ctx, const dm_output *o,
                               char **out)
{
    *out = NULL;
    char path[PATH_MAX + sizeof MANIFEST_NAME + 1];
    snprintf(path, sizeof path, "%s/%s", o->a.dir, MANIFEST_NAME);
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return DM_OK;
    size_t cap = 4096, n = 0;
    char *text = malloc(cap);
    while (text != NULL) {
        n += fread(text + n, 1, cap - n - 1, f);
        if (n + 1 < cap)
            break;
        char *more = realloc(text, cap * 2);
        if (more == NULL) {
            free(text);
            text = NULL;
            break;
        }
        text = more;
        cap *= 2;
    }
    fclose(f);
    if (text == NULL)
        return dm_no_memory(ctx);
    text[n] = '\0';
    *out = text;
    return DM_OK;
}

/* Removes the files of the last output's list that this one did not write
 * (plain names only: never a file the outputs did not write), so that a
 * folder holds one run's files, not a mix of runs. */
static void remove_stale(const dm_output *o, char *list)
{
    for (char *line = list; line != NULL && *line != '\0';) {
        char *end = strchr(line, '\n');
        if (end != NULL)
            *end = '\0';
        if (plain_name(line) && !written(o, line) &&
            strcmp(line, MANIFEST_NAME) != 0 && strcmp(line, LOCK_NAME) != 0) {
            char old[PATH_MAX * 2];
            snprintf(old, sizeof old, "%s/%s", o->a.dir, line);
            unlink(old);
        }
        line = end != NULL ? end + 1 : NULL;
    }
}

/* This output's list, written with its files (so moved with them). */
static dm_status write_manifest(dm_context *ctx, const dm_output *o)
{
    char path[PATH_MAX + sizeof MANIFEST_NAME + 1];
    snprintf(path, sizeof path, "%s/%s", o->a.tmpdir, MANIFEST_NAME);
    FILE *f = fopen(path, "w");
    if (f == NULL)
        return dm_error(ctx, DM_ERR_IO, "cannot write '%s': %s", path,
                        strerror(errno));
    for (size_t i = 0; i < o->npaths; i++)
        fprintf(f, "%s\n", strrchr(o->paths[i], '/') + 1);
    if (fclose(f) != 0)
        return dm_error(ctx, DM_ERR_IO, "cannot write '%s': %s", path,
                        strerror(errno));
    return DM_OK;
}

dm_status dm_output_commit(dm_context *ctx, dm_output *output)
{
    DM_CHECK(ctx, output);
    /* The last run's list, read before this one's replaces it; its files
     * that this run did not write go once this run is in place. */
    char *last = NULL;
    dm_status s = read_manifest(ctx, output, &last);
    if (s == DM_OK)
        s = write_manifest(ctx, output);
    if (s == DM_OK)
        s = dm_atomic_commit(ctx, &output->a);
    else
        dm_atomic_abort(&output->a);
    if (s == DM_OK)
        remove_stale(output, last);
    free(last);
    output_free(output);
    return s;
}

void dm_output_abort(dm_output *output)
{
    if (output == NULL)
        return;
    dm_atomic_abort(&output->a);
    if (output->made_dir) {
        unlink_lock(output);
        rmdir(output->a.dir); /* the folder it made, empty again */
    }
    output_free(output);
}

void dm_output_abort_in_signal(dm_output *output)
{
    /* Only calls a signal handler may make (unlink, rmdir): the paths
     * were built before. */
    if (output == NULL || output->a.tmpdir[0] == '\0')
        return;
    for (size_t i = 0; i < output->npaths; i++)
        unlink(output->paths[i]);
    rmdir(output->a.tmpdir);
    if (output->made_dir) {
        char lock[PATH_MAX + sizeof LOCK_NAME + 1];
        size_t n = strlen(output->a.dir);
        memcpy(lock, output->a.dir, n);
        lock[n] = '/';
        memcpy(lock + n + 1, LOCK_NAME, sizeof LOCK_NAME);
        unlink(lock);
        rmdir(output->a.dir);
    }
}
