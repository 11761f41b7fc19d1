/* dm_output: files written into a folder together, whole or not at all; a
 * folder made for an output that is aborted is removed again. */
#include "testutil.h"

#include <dirent.h>

/* The entries of a folder, but its lock and its list of the last run's
 * files (.demine.lock, .demine.files: an output keeps them there for the
 * next). */
static size_t entries(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
             strcmp(e->d_name, ".demine.lock") != 0 &&
             strcmp(e->d_name, ".demine.files") != 0;
    closedir(d);
    return n;
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

static char *read_text(const char *path)
{
    static char buf[256];
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* Committed: every file in place, nothing else in the folder. */
static void committed_together(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    const char *dir = test_path("together");
    dm_output *o = NULL;
    assert_status(ctx, dm_output_begin(ctx, dir, &o), DM_OK);
    write_text(dm_output_path(ctx, o, "a.txt"), "a");
    write_text(dm_output_path(ctx, o, "b.txt"), "b");
    char a[512];
    snprintf(a, sizeof a, "%s/a.txt", dir);
    assert_int_equal(access(a, F_OK), -1); /* not before the commit */
    assert_status(ctx, dm_output_commit(ctx, o), DM_OK);
    assert_string_equal(read_text(a), "a");
    assert_int_equal(entries(dir), 2);
    dm_context_free(ctx);
}

/* Aborted: the older files stay as they were; a folder the output made is
 * removed. */
static void aborted_leaves_nothing(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    const char *dir = test_path("older");
    assert_int_equal(mkdir(dir, 0777), 0);
    char old[512];
    snprintf(old, sizeof old, "%s/a.txt", dir);
    write_text(old, "older");
    dm_output *o = NULL;
    assert_status(ctx, dm_output_begin(ctx, dir, &o), DM_OK);
    write_text(dm_output_path(ctx, o, "a.txt"), "newer");
    dm_output_abort(o);
    assert_string_equal(read_text(old), "older");
    assert_int_equal(entries(dir), 1);

    const char *fresh = test_path("fresh");
    assert_status(ctx, dm_output_begin(ctx, fresh, &o), DM_OK);
    write_text(dm_output_path(ctx, o, "x.txt"), "x");
    dm_output_abort(o);
    assert_int_equal(access(fresh, F_OK), -1);
    dm_output_abort(NULL);
    dm_context_free(ctx);
}

/* Refused: an empty folder name, a missing parent, names that are not
 * plain file names. */
static void refusals(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    dm_output *o = NULL;
    assert_status(ctx, dm_output_begin(ctx, "", &o), DM_ERR_INVALID_ARGUMENT);
    char deep[512];
    snprintf(deep, sizeof deep, "%s/no/such", test_tmpdir());
    assert_status(ctx, dm_output_begin(ctx, deep, &o), DM_ERR_IO);
    assert_message_has(ctx, "no/such");
    assert_status(ctx, dm_output_begin(ctx, test_path("names"), &o), DM_OK);
    const char *bad[] = {"", ".", "..", "a/b", "tab\there", "del\x7f"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_null(dm_output_path(ctx, o, bad[i]));
        assert_int_equal(dm_context_last_status(ctx), DM_ERR_INVALID_ARGUMENT);
    }
    dm_output_abort(o);
    /* A folder whose name is longer than a name may be; one under a file. */
    char *longer = malloc(5000);
    assert_non_null(longer);
    memset(longer, 'x', 4999);
    longer[4999] = '\0';
    assert_status(ctx, dm_output_begin(ctx, longer, &o), DM_ERR_IO);
    assert_message_has(ctx, "File name too long");
    const char *file = test_path("plain-file");
    write_text(file, "x");
    char under[1100];
    snprintf(under, sizeof under, "%s/out", file);
    assert_status(ctx, dm_output_begin(ctx, under, &o), DM_ERR_IO);
    assert_message_has(ctx, "plain-file/out");
    /* One file written whole (here a posterior, the shipped one): a path
     * that names a folder, one too long, one under a file. */
    char shipped[1024];
    snprintf(shipped, sizeof shipped, "%s/posterior-baseline.json",
             DM_TEST_DATA);
    dm_posterior *post = NULL;
    assert_status(ctx, dm_posterior_load(ctx, shipped, &post), DM_OK);
    char folder[1100];
    snprintf(folder, sizeof folder, "%s/", test_tmpdir());
    assert_status(ctx, dm_posterior_write(ctx, post, folder),
                  DM_ERR_INVALID_ARGUMENT);
    assert_message_has(ctx, "names a folder, not a file");
    assert_status(ctx, dm_posterior_write(ctx, post, longer),
                  DM_ERR_INVALID_ARGUMENT);
    assert_message_has(ctx, "is too long");
    snprintf(under, sizeof under, "%s/out.json", file);
    assert_status(ctx, dm_posterior_write(ctx, post, under), DM_ERR_IO);
    assert_message_has(ctx, "plain-file");
    dm_posterior_free(post);
    free(longer);
    dm_context_free(ctx);
}

/* One writer at a time: a second output of the same folder is refused
 * while the first is open, and takes it once the first is done. */
static void one_writer_at_a_time(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    const char *dir = test_path("locked");
    dm_output *a = NULL, *b = NULL;
    assert_status(ctx, dm_output_begin(ctx, dir, &a), DM_OK);
    assert_status(ctx, dm_output_begin(ctx, dir, &b), DM_ERR_IO);
    assert_message_has(ctx, "is being written by another run");
    assert_message_has(ctx, ".demine.lock");
    assert_null(b);
    write_text(dm_output_path(ctx, a, "a.txt"), "a");
    assert_status(ctx, dm_output_commit(ctx, a), DM_OK);
    assert_status(ctx, dm_output_begin(ctx, dir, &b), DM_OK);
    dm_output_abort(b);
    char a_txt[512];
    snprintf(a_txt, sizeof a_txt, "%s/a.txt", dir);
    assert_string_equal(read_text(a_txt), "a");
    dm_context_free(ctx);
}

/* What a signal handler calls: the run's files and temporary folder gone,
 * the older files as they were, a folder the output made removed. */
static void aborted_in_a_signal(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    const char *dir = test_path("signalled");
    assert_int_equal(mkdir(dir, 0777), 0);
    char old[512];
    snprintf(old, sizeof old, "%s/a.txt", dir);
    write_text(old, "older");
    dm_output *o = NULL;
    assert_status(ctx, dm_output_begin(ctx, dir, &o), DM_OK);
    write_text(dm_output_path(ctx, o, "a.txt"), "newer");
    write_text(dm_output_path(ctx, o, "b.txt"), "b");
    dm_output_abort_in_signal(o);
    assert_string_equal(read_text(old), "older");
    assert_int_equal(entries(dir), 1);
    dm_output_abort(o); /* frees it; nothing left to remove */
    assert_int_equal(entries(dir), 1);
    const char *fresh = test_path("signalled-fresh");
    assert_status(ctx, dm_output_begin(ctx, fresh, &o), DM_OK);
    write_text(dm_output_path(ctx, o, "x.txt"), "x");
    dm_output_abort_in_signal(o);
    assert_int_equal(access(fresh, F_OK), -1);
    dm_output_abort(o);
    dm_output_abort_in_signal(NULL);
    dm_context_free(ctx);
}

/* A second run into the folder: its files replace the first's, the first's
 * files it does not write go, and a file no output wrote stays. */
static void the_last_run_alone(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    const char *dir = test_path("runs");
    dm_output *o = NULL;
    assert_status(ctx, dm_output_begin(ctx, dir, &o), DM_OK);
    write_text(dm_output_path(ctx, o, "baseline-series.csv"), "1");
    write_text(dm_output_path(ctx, o, "summary.json"), "1");
    assert_status(ctx, dm_output_commit(ctx, o), DM_OK);
    char mine[512], theirs[512], gone[512], kept[512];
    snprintf(mine, sizeof mine, "%s/notes.txt", dir);
    write_text(mine, "the user's own");
    assert_status(ctx, dm_output_begin(ctx, dir, &o), DM_OK);
    write_text(dm_output_path(ctx, o, "summary.json"), "2");
    write_text(dm_output_path(ctx, o, "other-series.csv"), "2");
    assert_status(ctx, dm_output_commit(ctx, o), DM_OK);
    snprintf(gone, sizeof gone, "%s/baseline-series.csv", dir);
    snprintf(kept, sizeof kept, "%s/summary.json", dir);
    snprintf(theirs, sizeof theirs, "%s/other-series.csv", dir);
    assert_int_equal(access(gone, F_OK), -1);
    assert_string_equal(read_text(kept), "2");
    assert_string_equal(read_text(theirs), "2");
    assert_string_equal(read_text(mine), "the user's own");
    assert_int_equal(entries(dir), 3);
    /* An aborted run changes nothing, its list neither. */
    assert_status(ctx, dm_output_begin(ctx, dir, &o), DM_OK);
    write_text(dm_output_path(ctx, o, "third.csv"), "3");
    dm_output_abort(o);
    assert_string_equal(read_text(theirs), "2");
    assert_int_equal(entries(dir), 3);
    dm_context_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(one_writer_at_a_time),
        cmocka_unit_test(the_last_run_alone),
        cmocka_unit_test(aborted_in_a_signal),
        cmocka_unit_test(committed_together),
        cmocka_unit_test(aborted_leaves_nothing),
        cmocka_unit_test(refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
