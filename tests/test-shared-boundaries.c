/* A second source of boundaries (geoBoundaries, other field names) against
 * the embedded Natural Earth file. Skips when ../shared/data is absent. */
#include "testutil.h"

/* Units whose two sources differ by construction, left out of the
 * comparison: coastal units, which geoBoundaries draws with their water
 * (Sea of Azov, estuaries; see ../shared/data/README.md), and Kyiv City,
 * which Natural Earth's 1:10m generalisation draws at about twice its
 * official 839 km² (data/README.md). */
static const char *const not_compared[] = {
    "UA-43", "UA-40", "UA-65", "UA-51", "UA-23", "UA-14", "UA-48", "UA-30",
};

static int is_compared(const char *code)
{
    for (size_t i = 0; i < sizeof not_compared / sizeof not_compared[0]; i++)
        if (strcmp(code, not_compared[i]) == 0)
            return 0;
    return 1;
}

static void load_geoboundaries(const char *file, dm_context *ctx,
                               dm_regions **r)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", test_shared_data(), file);
    dm_regions_options o;
    dm_regions_options_init(&o);
    o.name_field = "shapeName";
    o.code_field = "shapeISO";
    assert_status(ctx, dm_regions_load(ctx, path, &o, r), DM_OK);
}

static void inland_oblasts_agree_within_5_percent(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    dm_regions *gb = NULL, *ne = NULL;
    load_geoboundaries("geoBoundaries-UKR-ADM1.geojson", ctx, &gb);
    assert_status(ctx,
                  dm_regions_load(ctx, test_embedded_boundaries(), NULL, &ne),
                  DM_OK);
    assert_int_equal(dm_regions_count(ctx, gb), 27);
    size_t compared = 0;
    for (size_t i = 0; i < dm_regions_count(ctx, ne); i++) {
        const char *code = dm_regions_code(ctx, ne, i);
        size_t k;
        assert_status(ctx, dm_regions_find(ctx, gb, code, &k), DM_OK);
        if (!is_compared(code))
            continue;
        double a_ne, a_gb;
        assert_status(ctx, dm_regions_area_km2(ctx, ne, i, &a_ne), DM_OK);
        assert_status(ctx, dm_regions_area_km2(ctx, gb, k, &a_gb), DM_OK);
        if (fabs(a_ne - a_gb) > 0.05 * a_gb)
            fail_msg("%s: %.1f km² (Natural Earth) vs %.1f km² "
                     "(geoBoundaries)",
                     code, a_ne, a_gb);
        compared++;
    }
    assert_int_equal(compared, 19);
    assert_true(strstr(dm_regions_name(ctx, gb, 0), "Oblast") != NULL ||
                strstr(dm_regions_name(ctx, gb, 0), "Kyiv") != NULL);
    dm_regions_free(gb);
    dm_regions_free(ne);
    dm_context_free(ctx);
}

static void simplified_file_agrees_with_full(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    dm_regions *full = NULL, *simple = NULL;
    load_geoboundaries("geoBoundaries-UKR-ADM1.geojson", ctx, &full);
    load_geoboundaries("geoBoundaries-UKR-ADM1_simplified.geojson", ctx,
                       &simple);
    double a, b;
    assert_status(ctx, dm_regions_total_area_km2(ctx, full, &a), DM_OK);
    assert_status(ctx, dm_regions_total_area_km2(ctx, simple, &b), DM_OK);
    assert_rel(b, a, 0.01);
    dm_regions_free(full);
    dm_regions_free(simple);
    dm_context_free(ctx);
}

static void calibration_on_full_resolution_boundaries(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    dm_regions *gb = NULL;
    load_geoboundaries("geoBoundaries-UKR-ADM1.geojson", ctx, &gb);
    char path[512];
    snprintf(path, sizeof path, "%s/%s", DM_TEST_DATA, DM_DEFAULT_SOURCES);
    dm_sources *s = NULL;
    dm_contamination *c = NULL;
    assert_status(ctx, dm_sources_load(ctx, path, NULL, &s), DM_OK);
    /* The default: the land of the 2023 estimate, 160,000 km². */
    double total;
    assert_status(ctx, dm_contamination_build(ctx, gb, s, NULL, &c), DM_OK);
    assert_status(ctx, dm_contamination_total_km2(ctx, c, &total), DM_OK);
    assert_rel(total, 174000.0 - 14000.0, 0.001);
    dm_contamination_free(c);
    /* The authorities' "about 30 %". */
    dm_contamination_options o;
    dm_contamination_options_init(&o);
    o.target_km2 = 0.0;
    o.target_share = 0.30;
    assert_status(ctx, dm_contamination_build(ctx, gb, s, &o, &c), DM_OK);
    double share, sum = 0.0;
    assert_status(ctx, dm_contamination_total_share(ctx, c, &share), DM_OK);
    assert_rel(share, DM_DEFAULT_TARGET_SHARE, 0.001);
    for (size_t i = 0; i < dm_contamination_region_count(ctx, c); i++) {
        double km2;
        assert_status(ctx, dm_contamination_region_km2(ctx, c, i, &km2),
                      DM_OK);
        sum += km2;
    }
    assert_status(ctx, dm_contamination_total_km2(ctx, c, &total), DM_OK);
    assert_rel(sum, total, 1e-6);
    dm_contamination_free(c);
    dm_sources_free(s);
    dm_regions_free(gb);
    dm_context_free(ctx);
}

int main(void)
{
    if (test_shared_data() == NULL) {
        printf("# skip: %s is absent\n", DM_TEST_SHARED_DATA);
        return TEST_SKIP;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(inland_oblasts_agree_within_5_percent),
        cmocka_unit_test(simplified_file_agrees_with_full),
        cmocka_unit_test(calibration_on_full_resolution_boundaries),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
