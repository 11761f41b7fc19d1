#include "testutil.h"

#include <ftw.h>

static char tmpdir[256];

static int remove_entry(const char *path, const struct stat *st, int flag,
                        struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void remove_tmpdir(void)
{
    if (tmpdir[0] != '\0' && getenv("DM_TEST_KEEP") == NULL)
        nftw(tmpdir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

const char *test_tmpdir(void)
{
    if (tmpdir[0] == '\0') {
        const char *base = getenv("TMPDIR");
        snprintf(tmpdir, sizeof tmpdir, "%s/demine-test-XXXXXX",
                 base ? base : "/tmp");
        if (mkdtemp(tmpdir) == NULL) {
            perror("mkdtemp");
            exit(1);
        }
        atexit(remove_tmpdir);
    }
    return tmpdir;
}

const char *test_path(const char *name)
{
    static char paths[8][512];
    static int slot;
    char *p = paths[slot++ % 8];
    snprintf(p, 512, "%s/%s", test_tmpdir(), name);
    return p;
}

const char *test_write(const char *name, const char *text)
{
    const char *path = test_path(name);
    FILE *f = fopen(path, "wb");
    if (f == NULL || fputs(text, f) < 0 || fclose(f) != 0) {
        perror(path);
        exit(1);
    }
    return path;
}

const char *test_writef(const char *name, const char *fmt, ...)
{
    char *text = NULL;
    va_list ap;
    va_start(ap, fmt);
    int n = vasprintf(&text, fmt, ap);
    va_end(ap);
    if (n < 0)
        exit(1);
    const char *path = test_write(name, text);
    free(text);
    return path;
}

static int saved_out = -1, saved_err = -1, trap_fd = -1;

void quiet_begin(void)
{
    fflush(stdout);
    fflush(stderr);
    trap_fd =
        open(test_path("quiet-trap.txt"), O_RDWR | O_CREAT | O_TRUNC, 0600);
    saved_out = dup(1);
    saved_err = dup(2);
    dup2(trap_fd, 1);
    dup2(trap_fd, 2);
}

char *test_slurp(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    long n = ftell(f);
    assert_true(n > 0); /* every file the tests read back has something */
    rewind(f);
    char *text = malloc((size_t)n + 1);
    assert_non_null(text);
    assert_int_equal(fread(text, 1, (size_t)n, f), (size_t)n);
    text[n] = '\0';
    fclose(f);
    if (size != NULL)
        *size = (size_t)n;
    return text;
}

size_t quiet_end(char *seen, size_t size)
{
    fflush(stdout);
    fflush(stderr);
    dup2(saved_out, 1);
    dup2(saved_err, 2);
    close(saved_out);
    close(saved_err);
    off_t n = lseek(trap_fd, 0, SEEK_END);
    if (seen != NULL && size > 0) {
        ssize_t got = pread(trap_fd, seen, size - 1, 0);
        seen[got > 0 ? got : 0] = '\0';
    }
    close(trap_fd);
    return n > 0 ? (size_t)n : 0;
}

const char *test_embedded_boundaries(void)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", DM_TEST_DATA, DM_DEFAULT_BOUNDARIES);
    return path;
}

const char *test_shared_data(void)
{
    static char path[512];
    struct stat st;
    snprintf(path, sizeof path, "%s", DM_TEST_SHARED_DATA);
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode) ? path : NULL;
}

/* The model of 30 % with two zones, controlled and occupied (no
 * front-line zone), that the tests of the model's geometry were written
 * for; test_ukraine_defaults_setup() builds the library's defaults. */
static void thirty_percent(dm_contamination_options *o)
{
    dm_contamination_options_init(o);
    o->target_km2 = 0.0;
    o->target_share = DM_DEFAULT_TARGET_SHARE;
    o->front_line_km = 0.0;
}

static int ukraine_setup(void **state, int defaults)
{
    ukraine *u = calloc(1, sizeof *u);
    u->ctx = dm_context_new();
    char path[512];
    snprintf(path, sizeof path, "%s/%s", DM_TEST_DATA, DM_DEFAULT_SOURCES);
    dm_sources *s = NULL;
    dm_contamination_options o;
    thirty_percent(&o);
    if (dm_regions_load(u->ctx, test_embedded_boundaries(), NULL,
                        &u->regions) != DM_OK ||
        dm_sources_load(u->ctx, path, NULL, &s) != DM_OK ||
        dm_contamination_build(u->ctx, u->regions, s, defaults ? NULL : &o,
                               &u->c) != DM_OK) {
        fprintf(stderr, "setup: %s\n", dm_context_last_error(u->ctx));
        dm_sources_free(s);
        test_ukraine_teardown((void **)&u);
        return -1;
    }
    dm_sources_free(s);
    *state = u;
    return 0;
}

int test_ukraine_setup(void **state) { return ukraine_setup(state, 0); }

int test_ukraine_defaults_setup(void **state)
{
    return ukraine_setup(state, 1);
}

int test_ukraine_teardown(void **state)
{
    ukraine *u = *state;
    dm_contamination_free(u->c);
    dm_regions_free(u->regions);
    dm_context_free(u->ctx);
    free(u);
    return 0;
}
