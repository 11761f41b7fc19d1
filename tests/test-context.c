/* The context, status codes, version and data folder. */
#include "testutil.h"

static void version_matches_header(void **state)
{
    (void)state;
    assert_string_equal(dm_version(), DM_VERSION_STRING);
    char expected[32];
    snprintf(expected, sizeof expected, "%d.%d.%d", DM_VERSION_MAJOR,
             DM_VERSION_MINOR, DM_VERSION_PATCH);
    assert_string_equal(DM_VERSION_STRING, expected);
    assert_int_equal(DM_VERSION_NUMBER, DM_VERSION_MAJOR * 10000 +
                                            DM_VERSION_MINOR * 100 +
                                            DM_VERSION_PATCH);
}

static void status_names_and_categories(void **state)
{
    (void)state;
    assert_string_equal(dm_status_str(DM_OK), "DM_OK");
    assert_string_equal(dm_status_str(DM_ERR_NO_CRS), "DM_ERR_NO_CRS");
    assert_string_equal(dm_status_str((dm_status)12345), "DM_ERR_UNKNOWN");
    /* Every code sits in its category. */
    const struct {
        dm_status code, category;
    } cases[] = {
        {DM_ERR_NULL_ARGUMENT, DM_ERR_USAGE},
        {DM_ERR_INVALID_ARGUMENT, DM_ERR_USAGE},
        {DM_ERR_OUT_OF_RANGE, DM_ERR_USAGE},
        {DM_ERR_NOT_FOUND, DM_ERR_USAGE},
        {DM_ERR_FILE_NOT_FOUND, DM_ERR_INPUT},
        {DM_ERR_NOT_VECTOR, DM_ERR_INPUT},
        {DM_ERR_CORRUPT, DM_ERR_INPUT},
        {DM_ERR_LAYER_NOT_FOUND, DM_ERR_INPUT},
        {DM_ERR_FIELD_NOT_FOUND, DM_ERR_INPUT},
        {DM_ERR_EMPTY, DM_ERR_INPUT},
        {DM_ERR_GEOMETRY_TYPE, DM_ERR_INPUT},
        {DM_ERR_NO_CRS, DM_ERR_INPUT},
        {DM_ERR_BAD_CRS, DM_ERR_INPUT},
        {DM_ERR_BAD_FILTER, DM_ERR_INPUT},
        {DM_ERR_BAD_GEOMETRY, DM_ERR_INPUT},
        {DM_ERR_BAD_VALUE, DM_ERR_INPUT},
        {DM_ERR_GEOS, DM_ERR_COMPUTE},
        {DM_ERR_PROJ, DM_ERR_COMPUTE},
        {DM_ERR_NO_MEMORY, DM_ERR_SYSTEM},
        {DM_ERR_IO, DM_ERR_SYSTEM},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(DM_STATUS_CATEGORY(cases[i].code), cases[i].category);
        assert_string_not_equal(dm_status_str(cases[i].code),
                                "DM_ERR_UNKNOWN");
    }
    assert_int_equal(DM_STATUS_CATEGORY(DM_OK), 0);
}

static void context_lifecycle(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    assert_non_null(ctx);
    assert_string_equal(dm_context_last_error(ctx), "");
    assert_int_equal(dm_context_last_status(ctx), DM_OK);
    dm_context_free(ctx);
    dm_context_free(NULL); /* accepted */
    dm_regions_free(NULL);
    assert_int_equal(dm_context_last_status(NULL), DM_ERR_NULL_ARGUMENT);
    assert_non_null(dm_context_last_error(NULL));
}

static void errors_are_kept_and_cleared(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    dm_regions *r = NULL;
    assert_status(ctx, dm_regions_load(ctx, NULL, NULL, &r),
                  DM_ERR_NULL_ARGUMENT);
    assert_null(r);
    assert_message_has(ctx, "source");
    assert_int_equal(dm_context_last_status(ctx), DM_ERR_NULL_ARGUMENT);
    dm_context_clear_error(ctx);
    assert_string_equal(dm_context_last_error(ctx), "");
    assert_int_equal(dm_context_last_status(ctx), DM_OK);
    assert_int_equal(dm_regions_load(NULL, "x", NULL, &r),
                     DM_ERR_NULL_ARGUMENT);
    assert_status(ctx, dm_regions_load(ctx, "x", NULL, NULL),
                  DM_ERR_NULL_ARGUMENT);
    assert_message_has(ctx, "out");
    dm_context_free(ctx);
}

/* A message longer than the context keeps keeps its start and its end
 * (the reason), the middle elided, never cut inside a character; so does
 * one wrapped with where it happened. */
static void long_messages_keep_their_reason(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    char path[6000];
    for (size_t i = 0; i + 3 < sizeof path; i += 3)
        memcpy(path + i, "ї/", 3); /* a 2-byte letter and a slash */
    path[sizeof path - 3] = '\0';
    dm_regions *r = NULL;
    assert_status(ctx, dm_regions_load(ctx, path, NULL, &r),
                  DM_ERR_FILE_NOT_FOUND);
    const char *m = dm_context_last_error(ctx);
    size_t n = strlen(m);
    assert_true(n < 2048);
    assert_non_null(strstr(m, " … "));
    /* The start and the reason at the end are kept. */
    static const char start[] = "boundaries 'ї/ї/",
                      end[] = "/': no such file or data source";
    assert_true(strncmp(m, start, sizeof start - 1) == 0);
    assert_true(n > sizeof end && strcmp(m + n - (sizeof end - 1), end) == 0);
    /* Valid UTF-8: no byte of a letter left alone either side of the cut. */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)m[i];
        if (c >= 0xC0)
            assert_true(i + 1 < n && ((unsigned char)m[i + 1] & 0xC0) == 0x80);
        if ((c & 0xC0) == 0x80)
            assert_true(i > 0 && (unsigned char)m[i - 1] >= 0x80);
    }
    dm_context_free(ctx);
}

static void data_dir_from_environment(void **state)
{
    (void)state;
    /* Run from the build tree, the library finds the source tree's data. */
    unsetenv("DEMINE_DATA");
    char expected[1024], got[1024];
    assert_non_null(realpath(DM_TEST_DATA, expected));
    assert_non_null(realpath(dm_data_dir(), got));
    assert_string_equal(got, expected);
    setenv("DEMINE_DATA", "/somewhere/else", 1);
    assert_string_equal(dm_data_dir(), "/somewhere/else");
    unsetenv("DEMINE_DATA");
}

static void options_init_sets_defaults(void **state)
{
    (void)state;
    dm_regions_options o;
    memset(&o, 0xAB, sizeof o);
    dm_regions_options_init(&o);
    assert_null(o.layer);
    assert_null(o.where);
    assert_string_equal(o.name_field, "name");
    assert_string_equal(o.code_field, "code");
    assert_null(o.source_crs);
    assert_null(o.target_crs);
    dm_regions_options *none = NULL;
    dm_regions_options_init(none); /* accepted */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(version_matches_header),
        cmocka_unit_test(status_names_and_categories),
        cmocka_unit_test(context_lifecycle),
        cmocka_unit_test(errors_are_kept_and_cleared),
        cmocka_unit_test(long_messages_keep_their_reason),
        cmocka_unit_test(data_dir_from_environment),
        cmocka_unit_test(options_init_sets_defaults),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
