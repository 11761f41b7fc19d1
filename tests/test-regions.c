/* The embedded Ukraine boundaries: count, codes, names, areas, validity. */
#include "testutil.h"

#include "regions-private.h" /* white box: the GEOS geometries */

/* Ukraine's area, State Statistics Service of Ukraine (DOMAIN.md). */
#define UKRAINE_OFFICIAL_KM2 603628.0

/* ISO 3166-2:UA, the 27 first-level units. */
static const char *const iso_codes[27] = {
    "UA-05", "UA-07", "UA-09", "UA-12", "UA-14", "UA-18", "UA-21",
    "UA-23", "UA-26", "UA-30", "UA-32", "UA-35", "UA-40", "UA-43",
    "UA-46", "UA-48", "UA-51", "UA-53", "UA-56", "UA-59", "UA-61",
    "UA-63", "UA-65", "UA-68", "UA-71", "UA-74", "UA-77",
};

typedef struct fixture {
    dm_context *ctx;
    dm_regions *r;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->ctx = dm_context_new();
    dm_status s =
        dm_regions_load(f->ctx, test_embedded_boundaries(), NULL, &f->r);
    if (s != DM_OK) {
        fprintf(stderr, "load: %s\n", dm_context_last_error(f->ctx));
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    dm_regions_free(f->r);
    dm_context_free(f->ctx);
    free(f);
    return 0;
}

static void national_area_within_one_percent(void **state)
{
    fixture *f = *state;
    double total = 0.0;
    assert_status(f->ctx, dm_regions_total_area_km2(f->ctx, f->r, &total),
                  DM_OK);
    assert_rel(total, UKRAINE_OFFICIAL_KM2, 0.01);
}

static void all_27_codes_present_and_unique(void **state)
{
    fixture *f = *state;
    size_t n = dm_regions_count(f->ctx, f->r);
    assert_int_equal(n, 27);
    for (size_t i = 0; i < n; i++)
        for (size_t k = i + 1; k < n; k++)
            assert_string_not_equal(dm_regions_code(f->ctx, f->r, i),
                                    dm_regions_code(f->ctx, f->r, k));
    for (size_t c = 0; c < 27; c++) {
        size_t index = 99;
        assert_status(f->ctx,
                      dm_regions_find(f->ctx, f->r, iso_codes[c], &index),
                      DM_OK);
        assert_string_equal(dm_regions_code(f->ctx, f->r, index),
                            iso_codes[c]);
    }
}

static void current_english_names(void **state)
{
    fixture *f = *state;
    const struct {
        const char *code, *name;
    } names[] = {
        {"UA-32", "Kyiv"},         {"UA-30", "Kyiv City"},
        {"UA-51", "Odesa"},        {"UA-48", "Mykolaiv"},
        {"UA-23", "Zaporizhzhia"}, {"UA-43", "Crimea"},
        {"UA-40", "Sevastopol"},   {"UA-21", "Zakarpattia"},
        {"UA-46", "Lviv"},         {"UA-68", "Khmelnytskyi"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        size_t index;
        assert_status(f->ctx,
                      dm_regions_find(f->ctx, f->r, names[i].code, &index),
                      DM_OK);
        assert_string_equal(dm_regions_name(f->ctx, f->r, index),
                            names[i].name);
    }
}

static void every_unit_positive_and_valid(void **state)
{
    fixture *f = *state;
    GEOSContextHandle_t h = GEOS_init_r();
    double sum = 0.0;
    for (size_t i = 0; i < dm_regions_count(f->ctx, f->r); i++) {
        double km2 = 0.0, b[4];
        assert_status(f->ctx, dm_regions_area_km2(f->ctx, f->r, i, &km2),
                      DM_OK);
        assert_true(km2 > 0.0);
        sum += km2;
        /* Independent of the library's own check: ask GEOS directly. */
        assert_int_equal(GEOSisValid_r(h, f->r->items[i].geom), 1);
        int type = GEOSGeomTypeId_r(h, f->r->items[i].geom);
        assert_true(type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON);
        /* Bounds: inside Ukraine's extent in the LAEA centred on it
         * (±900 km east-west, ±500 km north-south). */
        assert_status(f->ctx, dm_regions_bounds(f->ctx, f->r, i, b), DM_OK);
        assert_true(b[0] < b[2] && b[1] < b[3]);
        assert_true(b[0] > -900e3 && b[2] < 900e3);
        assert_true(b[1] > -500e3 && b[3] < 500e3);
    }
    GEOS_finish_r(h);
    /* The units do not overlap: their sum is the union's area. */
    double total = 0.0;
    assert_status(f->ctx, dm_regions_total_area_km2(f->ctx, f->r, &total),
                  DM_OK);
    assert_rel(sum, total, 1e-6);
    assert_int_equal(dm_regions_repaired_count(f->ctx, f->r), 0);
}

static void national_bounds_cover_units(void **state)
{
    fixture *f = *state;
    double nb[4];
    assert_status(f->ctx, dm_regions_total_bounds(f->ctx, f->r, nb), DM_OK);
    for (size_t i = 0; i < dm_regions_count(f->ctx, f->r); i++) {
        double b[4];
        assert_status(f->ctx, dm_regions_bounds(f->ctx, f->r, i, b), DM_OK);
        assert_true(b[0] >= nb[0] && b[1] >= nb[1]);
        assert_true(b[2] <= nb[2] && b[3] <= nb[3]);
    }
    /* Ukraine spans about 1,300 km east-west and 900 km north-south. */
    assert_in_range((long)((nb[2] - nb[0]) / 1000), 1200, 1400);
    assert_in_range((long)((nb[3] - nb[1]) / 1000), 800, 950);
}

static void west_and_east_where_they_belong(void **state)
{
    fixture *f = *state;
    size_t lviv, luhansk, crimea;
    double bl[4], be[4], bc[4];
    assert_status(f->ctx, dm_regions_find(f->ctx, f->r, "UA-46", &lviv),
                  DM_OK);
    assert_status(f->ctx, dm_regions_find(f->ctx, f->r, "UA-09", &luhansk),
                  DM_OK);
    assert_status(f->ctx, dm_regions_find(f->ctx, f->r, "UA-43", &crimea),
                  DM_OK);
    assert_status(f->ctx, dm_regions_bounds(f->ctx, f->r, lviv, bl), DM_OK);
    assert_status(f->ctx, dm_regions_bounds(f->ctx, f->r, luhansk, be), DM_OK);
    assert_status(f->ctx, dm_regions_bounds(f->ctx, f->r, crimea, bc), DM_OK);
    /* x grows eastwards, y northwards: the axis order was respected. */
    assert_true(bl[2] < be[0]);
    assert_true(bc[3] < bl[1]);
}

static void crs_is_the_default_laea(void **state)
{
    fixture *f = *state;
    const char *wkt = dm_regions_crs_wkt(f->ctx, f->r);
    assert_non_null(wkt);
    assert_non_null(strstr(wkt, "Lambert Azimuthal Equal Area"));
    assert_non_null(strstr(wkt, "48.5"));
    assert_non_null(strstr(wkt, "31.5"));
}

static void accessors_reject_bad_index(void **state)
{
    fixture *f = *state;
    double km2 = -1.0, b[4];
    size_t n = dm_regions_count(f->ctx, f->r);
    assert_null(dm_regions_code(f->ctx, f->r, n));
    assert_int_equal(dm_context_last_status(f->ctx), DM_ERR_OUT_OF_RANGE);
    assert_message_has(f->ctx, "27");
    assert_null(dm_regions_name(f->ctx, f->r, (size_t)-1));
    assert_status(f->ctx, dm_regions_area_km2(f->ctx, f->r, n, &km2),
                  DM_ERR_OUT_OF_RANGE);
    assert_true(km2 == -1.0); /* untouched */
    assert_status(f->ctx, dm_regions_bounds(f->ctx, f->r, n, b),
                  DM_ERR_OUT_OF_RANGE);
    assert_status(f->ctx, dm_regions_area_km2(f->ctx, f->r, 0, NULL),
                  DM_ERR_NULL_ARGUMENT);
    size_t index;
    assert_status(f->ctx, dm_regions_find(f->ctx, f->r, "UA-99", &index),
                  DM_ERR_NOT_FOUND);
    assert_message_has(f->ctx, "UA-99");
    /* A NULL handle (freed and set to NULL) is refused, not dereferenced. */
    assert_int_equal(dm_regions_count(f->ctx, NULL), 0);
    assert_null(dm_regions_code(f->ctx, NULL, 0));
    assert_int_equal(dm_context_last_status(f->ctx), DM_ERR_NULL_ARGUMENT);
    assert_status(f->ctx, dm_regions_area_km2(f->ctx, NULL, 0, &km2),
                  DM_ERR_NULL_ARGUMENT);
    assert_status(f->ctx, dm_regions_total_area_km2(f->ctx, NULL, &km2),
                  DM_ERR_NULL_ARGUMENT);
    assert_status(f->ctx, dm_regions_find(f->ctx, NULL, "UA-05", &index),
                  DM_ERR_NULL_ARGUMENT);
    assert_null(dm_regions_crs_wkt(f->ctx, NULL));
}

static void filter_and_fields(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    dm_regions_options o;
    dm_regions_options_init(&o);
    o.where = "type = 'oblast'";
    dm_regions *r = NULL;
    assert_status(
        ctx, dm_regions_load(ctx, test_embedded_boundaries(), &o, &r), DM_OK);
    assert_int_equal(dm_regions_count(ctx, r), 24);
    dm_regions_free(r);

    /* The name field may be the code; the code field any unique field. */
    dm_regions_options_init(&o);
    o.code_field = "ne_fips";
    o.name_field = NULL;
    o.where = "code IN ('UA-46', 'UA-21')";
    assert_status(
        ctx, dm_regions_load(ctx, test_embedded_boundaries(), &o, &r), DM_OK);
    assert_int_equal(dm_regions_count(ctx, r), 2);
    size_t i;
    assert_status(ctx, dm_regions_find(ctx, r, "UP15", &i), DM_OK);
    assert_string_equal(dm_regions_name(ctx, r, i), "UP15");
    dm_regions_free(r);
    dm_context_free(ctx);
}

static void features_sharing_a_code_are_merged(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    dm_regions_options o;
    dm_regions_options_init(&o);
    o.code_field = "type"; /* 24 oblasts, 1 republic, 2 cities */
    dm_regions *r = NULL, *all = NULL;
    assert_status(
        ctx, dm_regions_load(ctx, test_embedded_boundaries(), &o, &r), DM_OK);
    assert_int_equal(dm_regions_count(ctx, r), 3);
    assert_status(ctx,
                  dm_regions_load(ctx, test_embedded_boundaries(), NULL, &all),
                  DM_OK);
    double merged = 0.0, sum = 0.0;
    size_t i;
    assert_status(ctx, dm_regions_find(ctx, r, "city with special status", &i),
                  DM_OK);
    assert_status(ctx, dm_regions_area_km2(ctx, r, i, &merged), DM_OK);
    const char *cities[] = {"UA-30", "UA-40"};
    for (int c = 0; c < 2; c++) {
        double km2;
        size_t k;
        assert_status(ctx, dm_regions_find(ctx, all, cities[c], &k), DM_OK);
        assert_status(ctx, dm_regions_area_km2(ctx, all, k, &km2), DM_OK);
        sum += km2;
    }
    assert_rel(merged, sum, 1e-9);
    dm_regions_free(r);
    dm_regions_free(all);
    dm_context_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(national_area_within_one_percent),
        cmocka_unit_test(all_27_codes_present_and_unique),
        cmocka_unit_test(current_english_names),
        cmocka_unit_test(every_unit_positive_and_valid),
        cmocka_unit_test(national_bounds_cover_units),
        cmocka_unit_test(west_and_east_where_they_belong),
        cmocka_unit_test(crs_is_the_default_laea),
        cmocka_unit_test(accessors_reject_bad_index),
    };
    const struct CMUnitTest standalone[] = {
        cmocka_unit_test(filter_and_fields),
        cmocka_unit_test(features_sharing_a_code_are_merged),
    };
    int failed =
        cmocka_run_group_tests_name("embedded", tests, setup, teardown);
    failed += cmocka_run_group_tests_name("options", standalone, NULL, NULL);
    return failed;
}
