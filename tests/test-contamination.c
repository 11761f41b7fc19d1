/* The contamination model against analytic areas on synthetic squares, and
 * its properties on the embedded Ukraine data. */
#include "testutil.h"

#include "contamination-private.h" /* white box: the polygons per cell */

/* Synthetic world, in ETRS89-LAEA (EPSG:3035), measured in it (no
 * transformation): two 200 km × 400 km regions W and E side by side. */
#define X0 5000000.0
#define XM 5200000.0
#define X1 5400000.0
#define Y0 2800000.0
#define Y1 3200000.0

static const char *crs3035 =
    "\"crs\":{\"type\":\"name\",\"properties\":{\"name\":"
    "\"urn:ogc:def:crs:EPSG::3035\"}},";

static const char *squares_regions(void)
{
    return test_writef(
        "squares.geojson",
        "{\"type\":\"FeatureCollection\",%s\"features\":["
        "{\"type\":\"Feature\",\"properties\":{\"code\":\"W\",\"name\":"
        "\"west\"},"
        "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[%.0f,%.0f],"
        "[%.0f,%.0f],[%.0f,%.0f],[%.0f,%.0f],[%.0f,%.0f]]]}},"
        "{\"type\":\"Feature\",\"properties\":{\"code\":\"E\",\"name\":"
        "\"east\"},"
        "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[%.0f,%.0f],"
        "[%.0f,%.0f],[%.0f,%.0f],[%.0f,%.0f],[%.0f,%.0f]]]}}]}",
        crs3035, X0, Y0, XM, Y0, XM, Y1, X0, Y1, X0, Y0, XM, Y0, X1, Y0, X1,
        Y1, XM, Y1, XM, Y0);
}

/* A sources file of the given features (JSON objects, comma-separated). */
static const char *sources_file(const char *name, const char *features)
{
    return test_writef(name,
                       "{\"type\":\"FeatureCollection\",%s\"features\":[%s]}",
                       crs3035, features);
}

typedef struct world {
    dm_context *ctx;
    dm_regions *regions;
    dm_sources *sources;
    dm_contamination *c;
} world;

static void world_free(world *w)
{
    dm_contamination_free(w->c);
    dm_sources_free(w->sources);
    dm_regions_free(w->regions);
    dm_context_free(w->ctx);
}

/* Loads the squares and the sources; builds with the options. */
static void build_world(world *w, const char *sources_path,
                        const dm_contamination_options *o)
{
    memset(w, 0, sizeof *w);
    w->ctx = dm_context_new();
    dm_regions_options ro;
    dm_regions_options_init(&ro);
    ro.target_crs = "EPSG:3035";
    assert_status(w->ctx,
                  dm_regions_load(w->ctx, squares_regions(), &ro, &w->regions),
                  DM_OK);
    assert_status(w->ctx,
                  dm_sources_load(w->ctx, sources_path, NULL, &w->sources),
                  DM_OK);
    assert_status(
        w->ctx,
        dm_contamination_build(w->ctx, w->regions, w->sources, o, &w->c),
        DM_OK);
}

static double national(world *w, dm_hazard h, dm_zone z)
{
    double km2 = -1;
    assert_status(w->ctx, dm_contamination_class_km2(w->ctx, w->c, h, z, &km2),
                  DM_OK);
    return km2;
}

static double cell(world *w, const char *code, dm_hazard h, dm_zone z,
                   dm_area_state st)
{
    size_t i = 0;
    double km2 = -1;
    for (; i < dm_contamination_region_count(w->ctx, w->c); i++)
        if (strcmp(dm_contamination_region_code(w->ctx, w->c, i), code) == 0)
            break;
    assert_status(w->ctx,
                  dm_contamination_area_km2(w->ctx, w->c, i, h, z, st, &km2),
                  DM_OK);
    return km2;
}

/* Area in km² of a line of length L km buffered by d km with round caps of
 * q segments per quarter: the rectangle plus an inscribed 4q-gon. */
static double stadium_poly(double L, double d, int q)
{
    return 2.0 * d * L + 2.0 * q * d * d * sin(M_PI / (2.0 * q));
}

static dm_contamination_options as_given(int quadsegs)
{
    dm_contamination_options o;
    dm_contamination_options_init(&o);
    o.target_share = 0.0;
    o.target_km2 = 0.0;
    o.front_line_km = 0.0;
    o.quadrant_segments = quadsegs;
    return o;
}

#define LINE_200KM                                                            \
    "{\"type\":\"Feature\",\"properties\":{\"kind\":\"border_strip\","        \
    "\"class\":\"medium\",\"bands_km\":\"10,25\"},\"geometry\":{\"type\":"    \
    "\"LineString\",\"coordinates\":[[5100000,3000000],[5300000,3000000]]}}"

static void line_buffer_is_2dL_plus_pi_d2(void **state)
{
    (void)state;
    const int quadsegs[] = {8, 32};
    for (size_t i = 0; i < 2; i++) {
        int q = quadsegs[i];
        dm_contamination_options o = as_given(q);
        world w;
        build_world(&w, sources_file("line.geojson", LINE_200KM), &o);
        double medium = national(&w, DM_HAZARD_MEDIUM, DM_ZONE_CONTROLLED);
        double low = national(&w, DM_HAZARD_LOW, DM_ZONE_CONTROLLED);
        /* Exactly the polygon the buffer draws. */
        assert_rel(medium, stadium_poly(200, 10, q), 1e-9);
        /* The outer band is the ring between the two buffers. */
        assert_rel(low, stadium_poly(200, 25, q) - stadium_poly(200, 10, q),
                   1e-9);
        /* And the true circle, within what the polygon leaves out. */
        double exact = 2 * 10 * 200 + M_PI * 10 * 10;
        double cap_error = (M_PI - 2.0 * q * sin(M_PI / (2.0 * q))) * 100;
        assert_abs(medium, exact, cap_error * 1.0001);
        assert_true(medium < exact);
        /* The line is centred on the W/E border: each gets half. */
        assert_rel(cell(&w, "W", DM_HAZARD_MEDIUM, DM_ZONE_CONTROLLED,
                        DM_AREA_SUSPECTED),
                   medium / 2, 1e-9);
        assert_rel(cell(&w, "E", DM_HAZARD_LOW, DM_ZONE_CONTROLLED,
                        DM_AREA_SUSPECTED),
                   low / 2, 1e-9);
        world_free(&w);
    }
}

/* A multi-point source is its points' circles united: 25 battle sites
 * 50 km apart buffered by 10 km are 25 disjoint 4q-gons (each point is
 * buffered alone and the circles united once, where GEOS's buffer of the
 * whole multi-point grew past 2 GB for 2,000 points); two overlapping
 * sites give what the same two as separate features give. */
#define GRID_25                                                               \
    "[5020000,2900000],[5020000,2950000],[5020000,3000000],[5020000,3050000]" \
    ",[5020000,3100000],[5070000,2900000],[5070000,2950000],[5070000,"        \
    "3000000],[5070000,3050000],[5070000,3100000],[5120000,2900000],["        \
    "5120000,2950000],[5120000,3000000],[5120000,3050000],[5120000,3100000]," \
    "[5170000,2900000],[5170000,2950000],[5170000,3000000],[5170000,3050000]" \
    ",[5170000,3100000],[5220000,2900000],[5220000,2950000],[5220000,"        \
    "3000000],[5220000,3050000],[5220000,3100000]"
static void multipoint_is_its_circles(void **state)
{
    (void)state;
    dm_contamination_options o = as_given(8);
    world w;
    build_world(&w,
                sources_file("grid.geojson",
                             "{\"type\":\"Feature\",\"properties\":{"
                             "\"kind\":\"battle_site\",\"class\":\"high\","
                             "\"bands_km\":\"10\"},\"geometry\":{\"type\":"
                             "\"MultiPoint\",\"coordinates\":[" GRID_25 "]}}"),
                &o);
    double circle = 2.0 * 8 * 10.0 * 10.0 * sin(M_PI / 16.0);
    assert_rel(national(&w, DM_HAZARD_HIGH, DM_ZONE_CONTROLLED), 25 * circle,
               1e-9);
    world_free(&w);
#define SITE(x)                                                               \
    "{\"type\":\"Feature\",\"properties\":{\"kind\":\"battle_site\","         \
    "\"class\":\"high\",\"bands_km\":\"10\"},\"geometry\":{\"type\":"         \
    "\"Point\",\"coordinates\":[" x ",3000000]}}"
    build_world(&w,
                sources_file("pair.geojson",
                             "{\"type\":\"Feature\",\"properties\":{"
                             "\"kind\":\"battle_site\",\"class\":\"high\","
                             "\"bands_km\":\"10\"},\"geometry\":{\"type\":"
                             "\"MultiPoint\",\"coordinates\":[[5100000,"
                             "3000000],[5110000,3000000]]}}"),
                &o);
    double pair = national(&w, DM_HAZARD_HIGH, DM_ZONE_CONTROLLED);
    world_free(&w);
    build_world(
        &w, sources_file("two.geojson", SITE("5100000") "," SITE("5110000")),
        &o);
    assert_rel(pair, national(&w, DM_HAZARD_HIGH, DM_ZONE_CONTROLLED), 1e-12);
    assert_true(pair < 2 * circle && pair > circle);
    world_free(&w);
}

/* The front-line zone is the controlled contamination within its width of
 * the front (the border strip here); the profile the same at each width. */
static void front_line_zone_is_the_band_of_the_front(void **state)
{
    (void)state;
    const int q = 32;
    dm_contamination_options o = as_given(q);
    o.front_line_km = 5.0;
    world w;
    build_world(&w, sources_file("front.geojson", LINE_200KM), &o);
    /* Medium (the 10 km band): its inner 5 km are front line. */
    assert_rel(national(&w, DM_HAZARD_MEDIUM, DM_ZONE_FRONT_LINE),
               stadium_poly(200, 5, q), 1e-9);
    assert_rel(national(&w, DM_HAZARD_MEDIUM, DM_ZONE_ACCESSIBLE),
               stadium_poly(200, 10, q) - stadium_poly(200, 5, q), 1e-9);
    /* Low (10 to 25 km) lies beyond 5 km: all accessible. */
    assert_abs(national(&w, DM_HAZARD_LOW, DM_ZONE_FRONT_LINE), 0.0, 1e-6);
    assert_rel(national(&w, DM_HAZARD_LOW, DM_ZONE_ACCESSIBLE),
               stadium_poly(200, 25, q) - stadium_poly(200, 10, q), 1e-9);
    /* The profile, W and E together, at each width (every km). */
    dm_work *work = NULL;
    assert_status(w.ctx, dm_work_from_contamination(w.ctx, w.c, &work), DM_OK);
    double medium[DM_FRONT_PROFILE_COUNT] = {0},
           low[DM_FRONT_PROFILE_COUNT] = {0};
    for (size_t r = 0; r < 2; r++) {
        double m[DM_FRONT_PROFILE_COUNT], l[DM_FRONT_PROFILE_COUNT];
        assert_status(w.ctx,
                      dm_work_front_profile(w.ctx, work, r, DM_HAZARD_MEDIUM,
                                            DM_AREA_SUSPECTED, m,
                                            DM_FRONT_PROFILE_COUNT),
                      DM_OK);
        assert_status(w.ctx,
                      dm_work_front_profile(w.ctx, work, r, DM_HAZARD_LOW,
                                            DM_AREA_SUSPECTED, l,
                                            DM_FRONT_PROFILE_COUNT),
                      DM_OK);
        for (size_t k = 0; k < DM_FRONT_PROFILE_COUNT; k++) {
            medium[k] += m[k];
            low[k] += l[k];
        }
    }
    for (size_t k = 0; k < DM_FRONT_PROFILE_COUNT; k++) {
        double d = (double)k * DM_FRONT_PROFILE_STEP_KM;
        double m = d == 0 ? 0 : stadium_poly(200, d < 10 ? d : 10, q);
        double l = d <= 10 ? 0
                           : stadium_poly(200, d < 25 ? d : 25, q) -
                                 stadium_poly(200, 10, q);
        assert_abs(medium[k], m, 1e-6 * stadium_poly(200, 10, q));
        assert_abs(low[k], l, 1e-6 * stadium_poly(200, 25, q));
    }
    dm_work_free(work);
    world_free(&w);
}

static void bands_do_not_overlap(void **state)
{
    (void)state;
    dm_contamination_options o = as_given(8);
    world w;
    build_world(&w, sources_file("line.geojson", LINE_200KM), &o);
    GEOSContextHandle_t h = GEOS_init_r();
    /* Every cell and state against every other, as one flat list. */
    const size_t n = DM_CELL_COUNT * DM_AREA_STATE_COUNT;
    for (size_t r = 0; r < w.c->count; r++)
        for (size_t a = 0; a < n; a++)
            for (size_t b = a + 1; b < n; b++) {
                GEOSGeometry *const *cells = &w.c->regions[r].cell[0][0];
                const GEOSGeometry *ga = cells[a];
                const GEOSGeometry *gb = cells[b];
                if (ga == NULL || gb == NULL)
                    continue;
                GEOSGeometry *x = GEOSIntersection_r(h, ga, gb);
                double area = 0;
                GEOSArea_r(h, x, &area);
                GEOSGeom_destroy_r(h, x);
                assert_true(area < 1e-3); /* m², i.e. only rounding */
            }
    GEOS_finish_r(h);
    world_free(&w);
}

/* Union of two parallel stadiums (length L, radius d, s apart): the
 * rectangle L × (2d + s) plus, at each end, half the union of two discs
 * whose centres are s apart (two discs less their lens). */
static double two_stadiums(double L, double d, double s)
{
    double lens =
        2 * d * d * acos(s / (2 * d)) - (s / 2) * sqrt(4 * d * d - s * s);
    return L * (2 * d + s) + 2 * M_PI * d * d - lens;
}

static void higher_class_wins_and_nothing_counts_twice(void **state)
{
    (void)state;
    const char *path = sources_file(
        "parallel.geojson",
        "{\"type\":\"Feature\",\"properties\":{\"kind\":\"border_strip\","
        "\"class\":\"high\",\"bands_km\":10},\"geometry\":{\"type\":"
        "\"LineString\",\"coordinates\":[[5100000,3000000],[5300000,3000000]]"
        "}},{\"type\":\"Feature\",\"properties\":{\"kind\":\"border_strip\","
        "\"class\":\"medium\",\"bands_km\":10},\"geometry\":{\"type\":"
        "\"LineString\",\"coordinates\":[[5100000,3006000],[5300000,3006000]]"
        "}}");
    dm_contamination_options o = as_given(256); /* near-true circles */
    world w;
    build_world(&w, path, &o);
    double high = national(&w, DM_HAZARD_HIGH, DM_ZONE_CONTROLLED);
    double medium = national(&w, DM_HAZARD_MEDIUM, DM_ZONE_CONTROLLED);
    double total;
    assert_status(w.ctx, dm_contamination_total_km2(w.ctx, w.c, &total),
                  DM_OK);
    assert_rel(high, 2 * 10 * 200 + M_PI * 100, 1e-4);
    assert_rel(total, two_stadiums(200, 10, 6), 1e-4);
    assert_rel(medium, two_stadiums(200, 10, 6) - (2 * 10 * 200 + M_PI * 100),
               1e-3);
    /* Class areas sum to the union's area. */
    assert_rel(high + medium + national(&w, DM_HAZARD_LOW, DM_ZONE_CONTROLLED),
               total, 1e-9);
    world_free(&w);
}

#define CONTACT(coords)                                                       \
    "{\"type\":\"Feature\",\"properties\":{\"kind\":\"line_of_contact\","     \
    "\"class\":\"high\",\"bands_km\":\"10\"},\"geometry\":{\"type\":"         \
    "\"LineString\",\"coordinates\":" coords "}},"                            \
    "{\"type\":\"Feature\",\"properties\":{\"kind\":\"occupied\","            \
    "\"class\":\"low\",\"bands_km\":\"0\"},\"geometry\":null}"

static void occupied_territory_derived_left_of_the_line(void **state)
{
    (void)state;
    /* A line x = 5,250 km drawn north to south: its left is the east. The
     * second line stops 100 km short of the northern edge and is joined to
     * it (the nearest border). */
    const char *lines[] = {
        CONTACT("[[5250000,3300000],[5250000,2700000]]"),
        CONTACT("[[5250000,3100000],[5250000,2700000]]"),
    };
    for (size_t i = 0; i < 2; i++) {
        dm_contamination_options o = as_given(8);
        world w;
        build_world(&w, sources_file("contact.geojson", lines[i]), &o);
        /* East of the line: 150 km × 400 km, all occupied. */
        double occ = national(&w, DM_HAZARD_HIGH, DM_ZONE_OCCUPIED) +
                     national(&w, DM_HAZARD_MEDIUM, DM_ZONE_OCCUPIED) +
                     national(&w, DM_HAZARD_LOW, DM_ZONE_OCCUPIED);
        assert_rel(occ, 150.0 * 400.0, 1e-9);
        /* First line: 10 km either side along 400 km. Second: along 300 km
         * and, at its northern end, a quarter of the 32-gon on each side. */
        double side =
            i == 0 ? 4000.0 : 3000.0 + 2.0 * 8 * 100 * sin(M_PI / 16) / 4;
        assert_rel(national(&w, DM_HAZARD_HIGH, DM_ZONE_OCCUPIED), side, 1e-9);
        assert_rel(national(&w, DM_HAZARD_HIGH, DM_ZONE_CONTROLLED), side,
                   1e-9);
        assert_abs(national(&w, DM_HAZARD_LOW, DM_ZONE_CONTROLLED), 0.0, 1e-9);
        /* Nothing of W is occupied. */
        for (int h = 0; h < DM_HAZARD_COUNT; h++)
            assert_abs(cell(&w, "W", h, DM_ZONE_OCCUPIED, DM_AREA_SUSPECTED),
                       0.0, 0.0);
        world_free(&w);
    }
}

static void calibration_finds_the_factor(void **state)
{
    (void)state;
    /* One battle site, one 10 km band: area(k) = 2q sin(π/2q) (10 k)². */
    const char *path = sources_file(
        "site.geojson",
        "{\"type\":\"Feature\",\"properties\":{\"kind\":\"battle_site\","
        "\"class\":\"high\",\"bands_km\":10},\"geometry\":{\"type\":\"Point\","
        "\"coordinates\":[5200000,3000000]}}");
    dm_contamination_options o;
    dm_contamination_options_init(&o);
    o.target_km2 = 1000.0;
    o.front_line_km = 0.0;
    world w;
    build_world(&w, path, &o);
    double factor;
    int iterations;
    assert_status(
        w.ctx, dm_contamination_calibration(w.ctx, w.c, &factor, &iterations),
        DM_OK);
    double expected = sqrt(1000.0 / (16 * sin(M_PI / 16) * 100.0));
    assert_rel(factor, expected, 0.0005); /* area within 0.1 % */
    assert_true(iterations >= 2 && iterations < 30);
    double total;
    assert_status(w.ctx, dm_contamination_total_km2(w.ctx, w.c, &total),
                  DM_OK);
    assert_rel(total, 1000.0, 0.001);
    world_free(&w);

    /* As a share: 1 % of the two squares (160,000 km²). */
    dm_contamination_options_init(&o);
    o.target_km2 = 0.0;
    o.target_share = 0.01;
    build_world(&w, path, &o);
    double share;
    assert_status(w.ctx, dm_contamination_total_share(w.ctx, w.c, &share),
                  DM_OK);
    assert_rel(share, 0.01, 0.001);
    world_free(&w);
}

/* ---- the embedded data ---------------------------------------------------
 */

static size_t find(ukraine *u, const char *code)
{
    size_t i;
    assert_status(u->ctx, dm_regions_find(u->ctx, u->regions, code, &i),
                  DM_OK);
    assert_string_equal(dm_contamination_region_code(u->ctx, u->c, i), code);
    return i;
}

static void calibrated_to_30_percent(void **state)
{
    ukraine *u = *state;
    double share, total, national_km2, factor;
    int iterations;
    assert_status(u->ctx, dm_contamination_total_share(u->ctx, u->c, &share),
                  DM_OK);
    assert_rel(share, 0.30, 0.001);
    assert_status(u->ctx, dm_contamination_total_km2(u->ctx, u->c, &total),
                  DM_OK);
    assert_status(u->ctx,
                  dm_regions_total_area_km2(u->ctx, u->regions, &national_km2),
                  DM_OK);
    assert_rel(total, 0.30 * national_km2, 0.001);
    assert_status(
        u->ctx,
        dm_contamination_calibration(u->ctx, u->c, &factor, &iterations),
        DM_OK);
    assert_true(factor > 0.1 && factor < 10.0);
    assert_true(iterations >= 2);
}

static void regions_sum_to_the_nation(void **state)
{
    ukraine *u = *state;
    double sum = 0.0, classes = 0.0, total;
    for (size_t i = 0; i < dm_contamination_region_count(u->ctx, u->c); i++) {
        double km2;
        assert_status(
            u->ctx, dm_contamination_region_km2(u->ctx, u->c, i, &km2), DM_OK);
        sum += km2;
    }
    for (int h = 0; h < DM_HAZARD_COUNT; h++)
        for (int z = 0; z < DM_ZONE_COUNT; z++) {
            double km2;
            assert_status(u->ctx,
                          dm_contamination_class_km2(u->ctx, u->c, h, z, &km2),
                          DM_OK);
            classes += km2;
        }
    assert_status(u->ctx, dm_contamination_total_km2(u->ctx, u->c, &total),
                  DM_OK);
    assert_rel(sum, total, 1e-6);
    assert_rel(classes, total, 1e-6);
    /* And the work table carries the same areas. */
    dm_work *w = NULL;
    double work_total;
    assert_status(u->ctx, dm_work_from_contamination(u->ctx, u->c, &w), DM_OK);
    assert_int_equal(dm_work_region_count(u->ctx, w), 27);
    assert_status(u->ctx, dm_work_total_km2(u->ctx, w, &work_total), DM_OK);
    assert_rel(work_total, sum, 1e-12);
    dm_work_free(w);
}

static void west_is_clean_and_the_front_is_not(void **state)
{
    ukraine *u = *state;
    const char *west[] = {"UA-46", "UA-07", "UA-21", "UA-26",
                          "UA-61", "UA-77", "UA-56", "UA-68"};
    for (size_t k = 0; k < 8; k++) {
        double share;
        assert_status(u->ctx,
                      dm_contamination_region_share(u->ctx, u->c,
                                                    find(u, west[k]), &share),
                      DM_OK);
        if (share >= 0.02)
            fail_msg("%s is %.1f %% contaminated", west[k], 100 * share);
    }
    /* The oblasts on the line of contact are among the six highest shares
     * (with Crimea and Sevastopol, occupied since 2014). */
    size_t n = dm_contamination_region_count(u->ctx, u->c);
    double shares[64];
    for (size_t i = 0; i < n; i++)
        dm_contamination_region_share(u->ctx, u->c, i, &shares[i]);
    const char *front[] = {"UA-14", "UA-09", "UA-23", "UA-65"};
    for (size_t k = 0; k < 4; k++) {
        size_t i = find(u, front[k]), higher = 0;
        for (size_t j = 0; j < n; j++)
            higher += shares[j] > shares[i];
        if (higher >= 6)
            fail_msg("%s ranks %zu", front[k], higher + 1);
    }
    /* The areas liberated in 2022 are contaminated. */
    const char *liberated[] = {"UA-32", "UA-74", "UA-59", "UA-63"};
    for (size_t k = 0; k < 4; k++)
        assert_true(shares[find(u, liberated[k])] > 0.05);
}

static void occupied_zone_where_it_belongs(void **state)
{
    ukraine *u = *state;
    const struct {
        const char *code;
        double min, max;
    } cases[] = {
        {"UA-43", 0.99, 1.0}, /* Crimea */
        {"UA-40", 0.99, 1.0}, /* Sevastopol */
        {"UA-09", 0.95, 1.0}, /* Luhansk */
        {"UA-14", 0.4, 0.9},  /* Donetsk: partly */
        {"UA-46", 0.0, 0.0},  /* Lviv */
        {"UA-32", 0.0, 0.0},  /* Kyiv oblast */
        {"UA-12", 0.0, 0.0},  /* Dnipropetrovsk */
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        size_t i = find(u, cases[k].code);
        double occ = 0.0, area;
        for (int h = 0; h < DM_HAZARD_COUNT; h++) {
            double km2;
            dm_contamination_area_km2(u->ctx, u->c, i, h, DM_ZONE_OCCUPIED,
                                      DM_AREA_SUSPECTED, &km2);
            occ += km2;
        }
        assert_status(
            u->ctx, dm_regions_area_km2(u->ctx, u->regions, i, &area), DM_OK);
        if (occ / area < cases[k].min - 1e-9 ||
            occ / area > cases[k].max + 1e-9)
            fail_msg("%s: occupied share %.3f, expected %.2f–%.2f",
                     cases[k].code, occ / area, cases[k].min, cases[k].max);
    }
}

static void accessors_refuse_misuse(void **state)
{
    ukraine *u = *state;
    double km2 = -1;
    size_t n = dm_contamination_region_count(u->ctx, u->c);
    assert_status(u->ctx, dm_contamination_region_km2(u->ctx, u->c, n, &km2),
                  DM_ERR_OUT_OF_RANGE);
    assert_null(dm_contamination_region_code(u->ctx, u->c, n));
    assert_status(u->ctx,
                  dm_contamination_area_km2(u->ctx, u->c, 0, (dm_hazard)3,
                                            DM_ZONE_CONTROLLED,
                                            DM_AREA_SUSPECTED, &km2),
                  DM_ERR_INVALID_ARGUMENT);
    assert_status(u->ctx, dm_contamination_total_km2(u->ctx, NULL, &km2),
                  DM_ERR_NULL_ARGUMENT);
    assert_status(u->ctx, dm_contamination_region_share(u->ctx, u->c, 0, NULL),
                  DM_ERR_NULL_ARGUMENT);
    assert_int_equal(dm_contamination_region_count(u->ctx, NULL), 0);
    assert_true(km2 == -1);
}

static void embedded_sources_as_documented(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    char path[512];
    snprintf(path, sizeof path, "%s/%s", DM_TEST_DATA, DM_DEFAULT_SOURCES);
    dm_sources *s = NULL;
    assert_status(ctx, dm_sources_load(ctx, path, NULL, &s), DM_OK);
    assert_int_equal(dm_sources_count(ctx, s), 8);
    int kinds[DM_SOURCE_KIND_COUNT] = {0};
    for (size_t i = 0; i < dm_sources_count(ctx, s); i++) {
        dm_source_info info;
        dm_source_info_init(&info);
        assert_status(ctx, dm_sources_info(ctx, s, i, &info), DM_OK);
        kinds[info.kind]++;
        assert_true(info.band_count >= 1);
        assert_true(info.name[0] != '\0');
        if (info.kind == DM_SOURCE_OCCUPIED) {
            assert_int_equal(info.has_geometry, 0);
            assert_int_equal(info.zone, DM_ZONE_OCCUPIED);
        }
        if (info.kind == DM_SOURCE_BORDER_STRIP) {
            /* The shelled strip of roughly 10–30 km (DOMAIN.md). */
            assert_int_equal(info.band_count, 2);
            assert_abs(info.bands_km[0], 10.0, 0.0);
            assert_abs(info.bands_km[1], 30.0, 0.0);
        }
    }
    assert_int_equal(kinds[DM_SOURCE_LINE_OF_CONTACT], 1);
    assert_int_equal(kinds[DM_SOURCE_OCCUPIED], 1);
    assert_int_equal(kinds[DM_SOURCE_LIBERATED], 5);
    assert_int_equal(kinds[DM_SOURCE_BORDER_STRIP], 1);
    dm_source_info info;
    dm_source_info_init(&info);
    assert_status(ctx, dm_sources_info(ctx, s, 8, &info), DM_ERR_OUT_OF_RANGE);
    assert_null(dm_source_kind_name((dm_source_kind)9));
    assert_string_equal(dm_source_kind_name(DM_SOURCE_LIBERATED),
                        "liberated_2022");
    dm_sources_free(s);
    dm_sources_free(NULL);
    dm_context_free(ctx);
}

int main(void)
{
    const struct CMUnitTest analytic[] = {
        cmocka_unit_test(line_buffer_is_2dL_plus_pi_d2),
        cmocka_unit_test(multipoint_is_its_circles),
        cmocka_unit_test(front_line_zone_is_the_band_of_the_front),
        cmocka_unit_test(bands_do_not_overlap),
        cmocka_unit_test(higher_class_wins_and_nothing_counts_twice),
        cmocka_unit_test(occupied_territory_derived_left_of_the_line),
        cmocka_unit_test(calibration_finds_the_factor),
        cmocka_unit_test(embedded_sources_as_documented),
    };
    const struct CMUnitTest embedded[] = {
        cmocka_unit_test(calibrated_to_30_percent),
        cmocka_unit_test(regions_sum_to_the_nation),
        cmocka_unit_test(west_is_clean_and_the_front_is_not),
        cmocka_unit_test(occupied_zone_where_it_belongs),
        cmocka_unit_test(accessors_refuse_misuse),
    };
    int failed = cmocka_run_group_tests_name("analytic", analytic, NULL, NULL);
    failed += cmocka_run_group_tests_name(
        "ukraine", embedded, test_ukraine_setup, test_ukraine_teardown);
    return failed;
}
