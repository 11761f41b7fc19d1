/* A host program's locale: Python's locale.setlocale(LC_ALL, "") under a
 * German locale makes strtod read "10,30" as 10.3 and refuse "120.5", and
 * printf write "0,5". The library reads and writes its numbers the same
 * under a comma-decimal locale as under "C": the embedded model's bands
 * and area, a work table's areas, a posterior's bytes.
 *
 * The locale is made with localedef into a folder of the test's own
 * (LOCPATH), from the definitions of Debian's `locales` package, which
 * scripts/test installs; the test skips only where localedef is absent. */
#include "testutil.h"

#include <locale.h>

/* What the library read and wrote under the current locale. */
typedef struct seen {
    size_t bands;
    double band[2];
    double contaminated_km2;
    double work_km2;
    char *posterior;
} seen;

static seen run(const char *tag)
{
    seen r = {0};
    dm_context *ctx = dm_context_new();
    /* The embedded sources: the line of contact's bands are "10,30". */
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", DM_TEST_DATA, DM_DEFAULT_SOURCES);
    dm_sources *s = NULL;
    assert_status(ctx, dm_sources_load(ctx, path, NULL, &s), DM_OK);
    dm_source_info info;
    dm_source_info_init(&info);
    assert_status(ctx, dm_sources_info(ctx, s, 0, &info), DM_OK);
    r.bands = info.band_count;
    for (size_t i = 0; i < 2 && i < info.band_count; i++)
        r.band[i] = info.bands_km[i];
    dm_regions *regions = NULL;
    assert_status(
        ctx, dm_regions_load(ctx, test_embedded_boundaries(), NULL, &regions),
        DM_OK);
    dm_contamination *c = NULL;
    assert_status(ctx, dm_contamination_build(ctx, regions, s, NULL, &c),
                  DM_OK);
    assert_status(ctx, dm_contamination_total_km2(ctx, c, &r.contaminated_km2),
                  DM_OK);
    /* A work table with a decimal point (the README's export.csv). */
    const char *csv = test_write("work.csv", "code,class,zone,state,area_km2\n"
                                             "UA-63,high,accessible,"
                                             "suspected,120.5\n");
    dm_work *w = NULL;
    assert_status(ctx, dm_work_load(ctx, csv, NULL, &w), DM_OK);
    assert_status(ctx, dm_work_total_km2(ctx, w, &r.work_km2), DM_OK);
    /* The shipped posterior written again. */
    snprintf(path, sizeof path, "%s/posterior-baseline.json", DM_TEST_DATA);
    dm_posterior *post = NULL;
    assert_status(ctx, dm_posterior_load(ctx, path, &post), DM_OK);
    char out[64];
    snprintf(out, sizeof out, "posterior-%s.json", tag);
    assert_status(ctx, dm_posterior_write(ctx, post, test_path(out)), DM_OK);
    r.posterior = test_slurp(test_path(out), NULL);
    dm_posterior_free(post);
    dm_work_free(w);
    dm_contamination_free(c);
    dm_regions_free(regions);
    dm_sources_free(s);
    dm_context_free(ctx);
    return r;
}

static void a_comma_locale_changes_nothing(void **state)
{
    (void)state;
    if (access("/usr/bin/localedef", X_OK) != 0)
        skip(); /* no `locales` package: scripts/test installs it */
    char cmd[1200];
    snprintf(cmd, sizeof cmd,
             "localedef -i de_DE -f UTF-8 %s/de_DE.UTF-8 >/dev/null 2>&1",
             test_tmpdir());
    assert_int_equal(system(cmd), 0);
    setenv("LOCPATH", test_tmpdir(), 1);

    seen c = run("c");
    assert_non_null(setlocale(LC_ALL, "de_DE.UTF-8"));
    /* The host's locale really has a comma: strtod stops at the point. */
    assert_string_equal(localeconv()->decimal_point, ",");
    assert_true(strtod("120.5", NULL) == 120.0);
    seen de = run("de");
    setlocale(LC_ALL, "C");

    assert_int_equal(c.bands, 2);
    assert_true(c.band[0] == 10.0 && c.band[1] == 30.0);
    assert_int_equal(de.bands, c.bands);
    assert_true(de.band[0] == c.band[0] && de.band[1] == c.band[1]);
    assert_true(de.contaminated_km2 == c.contaminated_km2);
    assert_true(c.work_km2 == 120.5 && de.work_km2 == 120.5);
    assert_string_equal(de.posterior, c.posterior);
    free(c.posterior);
    free(de.posterior);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_comma_locale_changes_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
