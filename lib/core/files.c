/* Text files read whole, for the parsers of scenarios and posteriors. */
#define _GNU_SOURCE /* fdopen, O_NONBLOCK */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core-private.h"

/* The file opened for reading, or an error naming it: only regular files,
 * so that a named pipe or a device never blocks the read. */
static dm_status open_regular(dm_context *ctx, const char *what,
                              const char *path, FILE **out)
{
    /* Opened without blocking (opening a named pipe for reading waits for
     * a writer), checked, then read as usual. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            return dm_error(ctx, DM_ERR_FILE_NOT_FOUND,
                            "%s '%s': no such file", what, path);
        return dm_error(ctx, DM_ERR_IO, "%s '%s': cannot open: %s", what, path,
                        strerror(errno));
    }
    struct stat st;
    FILE *f = NULL;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return dm_error(ctx, DM_ERR_IO,
                        "%s '%s': not a regular file (a pipe, a device or a "
                        "folder is not read)",
                        what, path);
    }
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0 ||
        (f = fdopen(fd, "rb")) == NULL) {
        int e = errno;
        close(fd);
        return dm_error(ctx, DM_ERR_IO, "%s '%s': cannot open: %s", what, path,
                        strerror(e));
    }
    *out = f;
    return DM_OK;
}

dm_status dm_read_text_file(dm_context *ctx, const char *what,
                            const char *path, size_t max_bytes,
                            dm_status too_large, char **text, size_t *len)
{
    FILE *f = NULL;
    dm_status s = open_regular(ctx, what, path, &f);
    if (s != DM_OK)
        return s;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    s = buf != NULL ? DM_OK : dm_no_memory(ctx);
    while (s == DM_OK) {
        if (n + 1 >= cap) {
            if (cap >= max_bytes) {
                s = dm_error(ctx, too_large,
                             "%s '%s': larger than %zu bytes, not a %s", what,
                             path, max_bytes, what);
                break;
            }
            char *more = realloc(buf, cap * 2);
            if (more == NULL) {
                s = dm_no_memory(ctx);
                break;
            }
            buf = more;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0) {
            if (ferror(f))
                s = dm_error(ctx, DM_ERR_IO, "%s '%s': read error: %s", what,
                             path, strerror(errno));
            break;
        }
    }
    fclose(f);
    if (s != DM_OK) {
        free(buf);
        return s;
    }
    buf[n] = '\0';
    *text = buf;
    *len = n;
    return DM_OK;
}
