/* The contamination map, the burn-down, the comparison and the tornado
 * charts: sizes, colours read back with cairo, words in SVGs, bad input. */
#include "testutil.h"

#include <cairo.h>

#include "regions-private.h" /* white box: where a region is drawn */
#include "render-private.h"

/* The mean colour of the 5 × 5 pixels around the page position of region
 * `code`'s interior point (GEOS point on surface). */
static void region_colour(ukraine *u, cairo_surface_t *png, int w, int h,
                          const char *code, double rgb[3])
{
    size_t i;
    assert_status(u->ctx, dm_regions_find(u->ctx, u->regions, code, &i),
                  DM_OK);
    GEOSContextHandle_t g = GEOS_init_r();
    GEOSGeometry *pt = GEOSPointOnSurface_r(g, u->regions->items[i].geom);
    double x, y, px, py;
    GEOSGeomGetX_r(g, pt, &x);
    GEOSGeomGetY_r(g, pt, &y);
    GEOSGeom_destroy_r(g, pt);
    GEOS_finish_r(g);
    dm_map_layout layout;
    dm_map_layout_compute(u->regions->outline_bounds, w, h, &layout);
    dm_map_to_page(&layout, x, y, &px, &py);
    const unsigned char *data = cairo_image_surface_get_data(png);
    int stride = cairo_image_surface_get_stride(png);
    rgb[0] = rgb[1] = rgb[2] = 0.0;
    for (int dy = -2; dy <= 2; dy++)
        for (int dx = -2; dx <= 2; dx++) {
            /* ARGB32, native endian: B, G, R, A on little-endian. */
            uint32_t v = *(const uint32_t *)(data + ((int)py + dy) * stride +
                                             ((int)px + dx) * 4);
            rgb[0] += (v >> 16) & 0xff;
            rgb[1] += (v >> 8) & 0xff;
            rgb[2] += v & 0xff;
        }
    for (int k = 0; k < 3; k++)
        rgb[k] /= 25.0;
}

static double distance(const double rgb[3], const unsigned char c[3])
{
    return sqrt(pow(rgb[0] - c[0], 2) + pow(rgb[1] - c[1], 2) +
                pow(rgb[2] - c[2], 2));
}

static void png_has_the_size_and_the_colours(void **state)
{
    ukraine *u = *state;
    const int sizes[][2] = {{1600, 1100}, {800, 640}};
    for (size_t k = 0; k < 2; k++) {
        int w = sizes[k][0], h = sizes[k][1];
        dm_map_options o;
        dm_map_options_init(&o);
        o.width = w;
        o.height = h;
        o.labels = DM_MAP_LABEL_NONE; /* nothing over the sampled pixels */
        const char *path = test_path("map.png");
        assert_status(
            u->ctx, dm_render_map(u->ctx, u->regions, u->c, path, &o), DM_OK);
        cairo_surface_t *png = cairo_image_surface_create_from_png(path);
        assert_int_equal(cairo_surface_status(png), CAIRO_STATUS_SUCCESS);
        assert_int_equal(cairo_image_surface_get_width(png), w);
        assert_int_equal(cairo_image_surface_get_height(png), h);

        /* Western oblasts: exactly the lowest colour. */
        const char *west[] = {"UA-46", "UA-07", "UA-61"};
        for (int i = 0; i < 3; i++) {
            double rgb[3];
            region_colour(u, png, w, h, west[i], rgb);
            if (distance(rgb, dm_share_ramp[0]) > 1.0)
                fail_msg("%s drawn (%.0f, %.0f, %.0f), not the lowest colour",
                         west[i], rgb[0], rgb[1], rgb[2]);
        }
        /* Luhansk, on the line of contact: nearer the highest colours. */
        double rgb[3];
        region_colour(u, png, w, h, "UA-09", rgb);
        size_t nearest = 0;
        for (size_t c = 1; c < DM_SHARE_CLASSES; c++)
            if (distance(rgb, dm_share_ramp[c]) <
                distance(rgb, dm_share_ramp[nearest]))
                nearest = c;
        if (nearest < DM_SHARE_CLASSES - 2)
            fail_msg("Luhansk drawn (%.0f, %.0f, %.0f), nearest class %zu",
                     rgb[0], rgb[1], rgb[2], nearest);

        /* Not blank: many colours. */
        const unsigned char *data = cairo_image_surface_get_data(png);
        int stride = cairo_image_surface_get_stride(png), distinct = 0;
        uint32_t seen[64];
        for (int y = 0; y < h && distinct < 64; y += 7)
            for (int x = 0; x < w && distinct < 64; x += 7) {
                uint32_t v = *(const uint32_t *)(data + y * stride + x * 4);
                int known = 0;
                for (int s = 0; s < distinct; s++)
                    known |= seen[s] == v;
                if (!known)
                    seen[distinct++] = v;
            }
        assert_true(distinct >= 20);
        cairo_surface_destroy(png);
    }
}

static void share_classes(void **state)
{
    (void)state;
    assert_int_equal(dm_share_class(0.0), 0);
    assert_int_equal(dm_share_class(0.0099), 0);
    assert_int_equal(dm_share_class(0.01), 1);
    assert_int_equal(dm_share_class(0.3), 4);
    assert_int_equal(dm_share_class(1.0), DM_SHARE_CLASSES - 1);
}

static void bad_pictures_leave_nothing(void **state)
{
    ukraine *u = *state;
    dm_map_options o;
    char printed[256];
    const struct {
        int w, h;
    } sizes[] = {
        {0, 0}, {100000, 800}, {800, -5}, {DM_PICTURE_MIN_SIZE - 1, 800}};
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        dm_map_options_init(&o);
        o.width = sizes[k].w;
        o.height = sizes[k].h;
        const char *path = test_path("bad-size.png");
        quiet_begin();
        dm_status s = dm_render_map(u->ctx, u->regions, u->c, path, &o);
        assert_int_equal(quiet_end(printed, sizeof printed), 0);
        assert_status(u->ctx, s, DM_ERR_INVALID_ARGUMENT);
        assert_message_has(u->ctx, "picture size");
        assert_true(access(path, F_OK) != 0);
    }
    const char *nodir = test_path("no/such/folder/map.png");
    quiet_begin();
    dm_status s = dm_render_map(u->ctx, u->regions, u->c, nodir, NULL);
    assert_int_equal(quiet_end(printed, sizeof printed), 0);
    assert_status(u->ctx, s, DM_ERR_IO);
    assert_message_has(u->ctx, "no/such/folder");
    assert_status(
        u->ctx,
        dm_render_map(u->ctx, u->regions, u->c, test_path("map.bmp"), NULL),
        DM_ERR_INVALID_ARGUMENT);
    dm_map_options_init(&o);
    o.labels = (dm_map_labels)9;
    assert_status(
        u->ctx,
        dm_render_map(u->ctx, u->regions, u->c, test_path("labels.png"), &o),
        DM_ERR_INVALID_ARGUMENT);
    assert_message_has(u->ctx, "labels 9");
    assert_true(access(test_path("labels.png"), F_OK) != 0);
    assert_true(access(test_path("map.bmp"), F_OK) != 0);
    /* A contamination of other regions. */
    dm_regions_options ro;
    dm_regions_options_init(&ro);
    ro.where = "code <> 'UA-46'";
    dm_regions *fewer = NULL;
    assert_status(
        u->ctx,
        dm_regions_load(u->ctx, test_embedded_boundaries(), &ro, &fewer),
        DM_OK);
    assert_status(
        u->ctx,
        dm_render_map(u->ctx, fewer, u->c, test_path("other.png"), NULL),
        DM_ERR_INVALID_ARGUMENT);
    assert_message_has(u->ctx, "other regions");
    dm_regions_free(fewer);
    assert_status(
        u->ctx,
        dm_render_map(u->ctx, u->regions, NULL, test_path("null.png"), NULL),
        DM_ERR_NULL_ARGUMENT);
}

/* ---- the burn-down chart ---- */

/* One region of 1.2 km², cleared at 0.02 km² a month (20 deminers ×
 * 100 m² × 10 days) from 2030-01: remaining(k) = 1.2 − 0.02 k, gone after
 * 60 months; the horizon is 72. */
static const char simple_scenario[] =
    "{\"name\": \"simple\", \"start\": \"2030-01\", \"horizon_months\": 72,"
    " \"assets\": [{\"name\": \"deminers\", \"kind\": \"manual\", \"count\": "
    "20,"
    "   \"productivity_m2_per_day\": 100, \"working_days_per_month\": 10,"
    "   \"cost_usd_per_unit_day\": 500}],"
    " \"land_release\": {\"high\": {\"nts_cancel_share\": 0, "
    "\"ts_reduce_share\": 0},"
    "   \"medium\": {\"nts_cancel_share\": 0, \"ts_reduce_share\": 0},"
    "   \"low\": {\"nts_cancel_share\": 0, \"ts_reduce_share\": 0}},"
    " \"unconstrained_survey\": {\"nts\": {\"cost_usd_per_ha\": 0},"
    "   \"ts\": {\"cost_usd_per_ha\": 0}}}";

static dm_projection *simple_projection(dm_context *ctx)
{
    dm_work *w = NULL;
    dm_scenario *sc = NULL;
    dm_projection *p = NULL;
    assert_status(ctx, dm_work_new(ctx, &w), DM_OK);
    assert_status(ctx,
                  dm_work_add(ctx, w, "A", "alpha", DM_HAZARD_HIGH,
                              DM_ZONE_CONTROLLED, DM_AREA_SUSPECTED, 1.2),
                  DM_OK);
    assert_status(ctx, dm_scenario_load_string(ctx, simple_scenario, ".", &sc),
                  DM_OK);
    assert_status(ctx, dm_project(ctx, w, sc, NULL, &p), DM_OK);
    dm_scenario_free(sc);
    dm_work_free(w);
    return p;
}

static void pixel(cairo_surface_t *png, double x, double y, double rgb[3])
{
    const unsigned char *data = cairo_image_surface_get_data(png);
    int stride = cairo_image_surface_get_stride(png);
    uint32_t v = *(const uint32_t *)(data + (int)y * stride + (int)x * 4);
    rgb[0] = (v >> 16) & 0xff;
    rgb[1] = (v >> 8) & 0xff;
    rgb[2] = v & 0xff;
}

static void burndown_line_and_target_where_they_belong(void **state)
{
    ukraine *u = *state;
    dm_projection *p = simple_projection(u->ctx);
    const dm_projection *list[] = {p};
    const char *labels[] = {"simple"};
    const int w = 1000, h = 600;
    dm_chart_options o;
    dm_chart_options_init(&o);
    o.width = w;
    o.height = h;
    const char *path = test_path("burndown.png");
    assert_status(
        u->ctx, dm_render_burndown(u->ctx, list, labels, 1, path, &o), DM_OK);
    cairo_surface_t *png = cairo_image_surface_create_from_png(path);
    assert_int_equal(cairo_surface_status(png), CAIRO_STATUS_SUCCESS);
    assert_int_equal(cairo_image_surface_get_width(png), w);
    assert_int_equal(cairo_image_surface_get_height(png), h);

    dm_chart_box b;
    dm_chart_box_compute(w, h, &b);
    int x0 = DM_MONTH(2030, 1), x1 = x0 + 72;
    double ymax = dm_chart_top(1.2), rgb[3];
    assert_abs(ymax, 1.4, 1e-12);
    /* The P50 line in the first scenario colour: month 30, 0.6 km². */
    pixel(png, dm_chart_x(&b, x0, x1, x0 + 30), dm_chart_y(&b, ymax, 0.6),
          rgb);
    if (distance(rgb, dm_scenario_colours[0]) > 40)
        fail_msg("P50 line at (30, 0.6) drawn (%.0f, %.0f, %.0f)", rgb[0],
                 rgb[1], rgb[2]);
    /* Nothing where the line is not: month 30 at 1.2 km². */
    pixel(png, dm_chart_x(&b, x0, x1, x0 + 30), dm_chart_y(&b, ymax, 1.2),
          rgb);
    assert_true(distance(rgb, dm_scenario_colours[0]) > 100);
    /* The target: 80 % released (0.24 km² left) by 2033-12. */
    double tx = dm_chart_x(&b, x0, x1, DM_STRATEGY_DEADLINE);
    double ty = dm_chart_y(&b, ymax, 0.2 * 1.2);
    pixel(png, tx, ty, rgb);
    assert_true(rgb[0] < 80 && rgb[1] < 80 && rgb[2] < 80);
    cairo_surface_destroy(png);

    /* Without a target, no marker there. */
    o.target_share = 0.0;
    assert_status(
        u->ctx, dm_render_burndown(u->ctx, list, labels, 1, path, &o), DM_OK);
    png = cairo_image_surface_create_from_png(path);
    pixel(png, tx, ty, rgb);
    assert_true(rgb[0] > 200 && rgb[1] > 200 && rgb[2] > 200);
    cairo_surface_destroy(png);

    /* SVG too. */
    assert_status(u->ctx,
                  dm_render_burndown(u->ctx, list, NULL, 1,
                                     test_path("burndown.svg"), &o),
                  DM_OK);
    FILE *f = fopen(test_path("burndown.svg"), "r");
    char head[64] = "";
    assert_non_null(fgets(head, sizeof head, f));
    fclose(f);
    assert_non_null(strstr(head, "<?xml"));
    dm_projection_free(p);
}

static void bad_charts_leave_nothing(void **state)
{
    ukraine *u = *state;
    dm_projection *p = simple_projection(u->ctx);
    const dm_projection *list[] = {p};
    char printed[256];
    const char *path = test_path("bad-chart.png");
    quiet_begin();
    dm_status s = dm_render_burndown(u->ctx, list, NULL, 0, path, NULL);
    assert_int_equal(quiet_end(printed, sizeof printed), 0);
    assert_status(u->ctx, s, DM_ERR_INVALID_ARGUMENT);
    assert_message_has(u->ctx, "no projection");
    const dm_projection *none[] = {NULL};
    assert_status(u->ctx,
                  dm_render_burndown(u->ctx, none, NULL, 1, path, NULL),
                  DM_ERR_NULL_ARGUMENT);
    dm_chart_options o;
    dm_chart_options_init(&o);
    o.width = 0;
    assert_status(u->ctx, dm_render_burndown(u->ctx, list, NULL, 1, path, &o),
                  DM_ERR_INVALID_ARGUMENT);
    dm_chart_options_init(&o);
    o.height = 1 << 20;
    assert_status(u->ctx, dm_render_burndown(u->ctx, list, NULL, 1, path, &o),
                  DM_ERR_INVALID_ARGUMENT);
    dm_chart_options_init(&o);
    o.target_share = 2.0;
    assert_status(u->ctx, dm_render_burndown(u->ctx, list, NULL, 1, path, &o),
                  DM_ERR_INVALID_ARGUMENT);
    assert_true(access(path, F_OK) != 0);
    quiet_begin();
    s = dm_render_burndown(u->ctx, list, NULL, 1,
                           test_path("no/such/folder/b.png"), NULL);
    assert_int_equal(quiet_end(printed, sizeof printed), 0);
    assert_status(u->ctx, s, DM_ERR_IO);
    dm_projection_free(p);
}

/* ---- land other than the nation, comparisons, what drives a measure ---- */

/* Productivity ±10 % around 100 m² a day: 1,000 m² per unit and month. */
#define NEAR_100 "{\"min\": 90, \"mode\": 100, \"max\": 110}"

/* 0.6 km² of accessible land and 0.4 km² occupied, which no scenario here
 * opens: the land open at the start is the accessible 0.6 km². */
static dm_work *two_zones(dm_context *ctx)
{
    dm_work *w = NULL;
    assert_status(ctx, dm_work_new(ctx, &w), DM_OK);
    assert_status(ctx,
                  dm_work_add(ctx, w, "A", "alpha", DM_HAZARD_HIGH,
                              DM_ZONE_ACCESSIBLE, DM_AREA_SUSPECTED, 0.6),
                  DM_OK);
    assert_status(ctx,
                  dm_work_add(ctx, w, "A", "alpha", DM_HAZARD_HIGH,
                              DM_ZONE_OCCUPIED, DM_AREA_SUSPECTED, 0.4),
                  DM_OK);
    return w;
}

/* `units` deminers of `rate` m² a day and `availability` (numbers or
 * ranges), 10 days a month, over 72 months from 2025-01. */
static dm_scenario *deminers(dm_context *ctx, double units, const char *rate,
                             const char *availability)
{
    char *text = NULL;
    assert_true(asprintf(&text,
                         "{\"name\": \"t\", \"start\": \"2025-01\", "
                         "\"horizon_months\": 72, \"assets\": [{\"name\": "
                         "\"deminers\", \"kind\": \"manual\", \"count\": %g, "
                         "\"productivity_m2_per_day\": %s, "
                         "\"working_days_per_month\": 10, \"availability\": "
                         "%s, \"cost_usd_per_unit_day\": 90}], " CLEAR_ONLY
                         "}",
                         units, rate, availability) > 0);
    dm_scenario *s = NULL;
    if (dm_scenario_load_string(ctx, text, NULL, &s) != DM_OK)
        fail_msg("%s\n%s", dm_context_last_error(ctx), text);
    free(text);
    return s;
}

/* The projection of `units` deminers over two_zones(). */
static dm_projection *deminers_projection(dm_context *ctx, double units,
                                          const char *rate,
                                          const char *availability,
                                          size_t runs, unsigned long long seed,
                                          int keep)
{
    dm_work *w = two_zones(ctx);
    dm_scenario *sc = deminers(ctx, units, rate, availability);
    dm_projection_options po;
    dm_projection_options_init(&po);
    po.runs = runs;
    po.seed = seed;
    po.keep_series = keep;
    dm_projection *p = NULL;
    assert_status(ctx, dm_project(ctx, w, sc, &po, &p), DM_OK);
    dm_scenario_free(sc);
    dm_work_free(w);
    return p;
}

static void assert_has(const char *text, const char *needle)
{
    if (strstr(text, needle) == NULL)
        fail_msg("'%s' is not in the file", needle);
}

/* Whether two files hold the same bytes. */
static int same_bytes(const char *a, const char *b)
{
    size_t na = 0, nb = 0;
    char *x = test_slurp(a, &na), *y = test_slurp(b, &nb);
    int same = na == nb && memcmp(x, y, na) == 0;
    free(x);
    free(y);
    return same;
}

/* The map's SVG drawn twice in one process is the same bytes: cairo
 * numbers its groups and images with a counter of the process's
 * surfaces, which the writer renumbers from 1 in each file. */
static void map_svg_is_the_same_bytes_drawn_twice(void **state)
{
    ukraine *u = *state;
    const char *a = test_path("map-a.svg"), *b = test_path("map-b.svg");
    assert_status(u->ctx, dm_render_map(u->ctx, u->regions, u->c, a, NULL),
                  DM_OK);
    assert_status(u->ctx, dm_render_map(u->ctx, u->regions, u->c, b, NULL),
                  DM_OK);
    char *text = test_slurp(a, NULL);
    assert_non_null(strstr(text, "id=\"image1\"")); /* the hatching */
    free(text);
    assert_true(same_bytes(a, b));
}

/* A burn-down of no land, with a record whose points all fall before the
 * start: nothing is above 0, and the axis still has its steps (it once
 * had a step of 0 and never ended). */
static void burndown_of_no_land_has_an_axis(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    dm_work *w = NULL;
    dm_scenario *sc = NULL;
    dm_projection *p = NULL;
    dm_record *rec = NULL;
    assert_status(ctx, dm_work_new(ctx, &w), DM_OK);
    assert_status(ctx,
                  dm_work_add(ctx, w, "A", "alpha", DM_HAZARD_HIGH,
                              DM_ZONE_CONTROLLED, DM_AREA_SUSPECTED, 0.0),
                  DM_OK);
    assert_status(ctx, dm_scenario_load_string(ctx, simple_scenario, ".", &sc),
                  DM_OK);
    assert_status(ctx, dm_project(ctx, w, sc, NULL, &p), DM_OK);
    assert_status(ctx, dm_record_new(ctx, &rec), DM_OK);
    dm_observation obs;
    dm_observation_init(&obs);
    obs.month = DM_MONTH(2020, 12);
    obs.quantity = "remaining_km2";
    obs.value = 100.0;
    assert_status(ctx, dm_record_add(ctx, rec, &obs), DM_OK);
    dm_chart_options o;
    dm_chart_options_init(&o);
    o.record = rec;
    o.format = "svg";
    assert_status(ctx,
                  dm_render_burndown(ctx, (const dm_projection *const *)&p,
                                     NULL, 1, test_path("none.svg"), &o),
                  DM_OK);
    dm_record_free(rec);
    dm_projection_free(p);
    dm_scenario_free(sc);
    dm_work_free(w);
    dm_context_free(ctx);
}

/* Pixels of columns [x0, x1) that are not the white page, and those
 * within 30 of colour c. */
static void count_pixels(cairo_surface_t *png, int x0, int x1,
                         const unsigned char c[3], int *inked, int *coloured)
{
    int h = cairo_image_surface_get_height(png);
    *inked = *coloured = 0;
    for (int y = 0; y < h; y++)
        for (int x = x0; x < x1; x++) {
            double rgb[3];
            pixel(png, x, y, rgb);
            *inked += rgb[0] < 250 || rgb[1] < 250 || rgb[2] < 250;
            *coloured += distance(rgb, c) < 30;
        }
}

static void burndown_of_a_zone_set(void **state)
{
    ukraine *u = *state;
    dm_projection *p = deminers_projection(u->ctx, 10, "100", "1", 20, 1, 1);
    const dm_projection *list[] = {p};
    const int w = 1000, h = 600;
    dm_chart_options o;
    dm_chart_options_init(&o);
    assert_true(o.region == DM_NATIONAL);
    o.width = w;
    o.height = h;
    o.region = DM_ZONES(DM_ZONE_BIT(DM_ZONE_ACCESSIBLE));
    const char *path = test_path("zones.png");
    assert_status(u->ctx, dm_render_burndown(u->ctx, list, NULL, 1, path, &o),
                  DM_OK);
    cairo_surface_t *png = cairo_image_surface_create_from_png(path);
    assert_int_equal(cairo_surface_status(png), CAIRO_STATUS_SUCCESS);
    /* The open land's P50 falls by 0.01 km² a month from 0.6: 0.3 at
     * month 30 (the nation's would be 0.7). */
    dm_chart_box b;
    dm_chart_box_compute(w, h, &b);
    int x0 = DM_MONTH(2025, 1), x1 = x0 + 72;
    double ymax = dm_chart_top(0.6), rgb[3];
    assert_abs(ymax, 0.7, 1e-12);
    pixel(png, dm_chart_x(&b, x0, x1, x0 + 30), dm_chart_y(&b, ymax, 0.3),
          rgb);
    if (distance(rgb, dm_scenario_colours[0]) > 40)
        fail_msg("P50 line at (30, 0.3) drawn (%.0f, %.0f, %.0f)", rgb[0],
                 rgb[1], rgb[2]);
    cairo_surface_destroy(png);

    /* Titled by the land: the land open at the start, other zone sets by
     * their zones, a region by its name. */
    const struct {
        size_t region;
        const char *title;
    } lands[] = {
        {DM_ZONES(DM_ZONE_BIT(DM_ZONE_ACCESSIBLE)),
         "<title>Remaining hazardous area: land open at the start</title>"},
        {DM_ZONES(DM_ZONE_BIT(DM_ZONE_OCCUPIED)),
         "<title>Remaining hazardous area: occupied land</title>"},
        {DM_ZONES(DM_ZONE_BIT(DM_ZONE_FRONT_LINE) |
                  DM_ZONE_BIT(DM_ZONE_OCCUPIED)),
         "<title>Remaining hazardous area: front line and occupied "
         "land</title>"},
        {0, "<title>Remaining hazardous area: alpha</title>"},
        {DM_NATIONAL, "<title>Remaining hazardous area</title>"},
    };
    for (size_t k = 0; k < sizeof lands / sizeof lands[0]; k++) {
        o.region = lands[k].region;
        const char *svg = test_path("zones.svg");
        assert_status(
            u->ctx, dm_render_burndown(u->ctx, list, NULL, 1, svg, &o), DM_OK);
        char *text = test_slurp(svg, NULL);
        assert_has(text, lands[k].title);
        free(text);
    }
    dm_projection_free(p);

    /* A region whose series were not kept: refused, nothing written. */
    p = deminers_projection(u->ctx, 10, NEAR_100, "1", 20, 1, 0);
    list[0] = p;
    o.region = 0;
    path = test_path("not-kept.png");
    assert_status(u->ctx, dm_render_burndown(u->ctx, list, NULL, 1, path, &o),
                  DM_ERR_INVALID_ARGUMENT);
    assert_message_has(u->ctx, "keep_series");
    assert_true(access(path, F_OK) != 0);
    dm_projection_free(p);
}

/* Whether every pixel of colour c in the comparison's left box is left
 * of its zero line (the one dark column inside the box). */
static int bars_left_of_zero(cairo_surface_t *png, int w, int h,
                             const unsigned char c[3])
{
    dm_chart_box left, right;
    dm_compare_boxes(w, h, &left, &right);
    int zero = -1, rightmost = -1;
    for (int x = (int)left.left + 3; x < (int)(left.left + left.width) - 3;
         x++) {
        int dark = 0;
        for (int y = (int)left.top + 1; y < (int)(left.top + left.height);
             y++) {
            double rgb[3];
            pixel(png, x, y, rgb);
            dark += rgb[0] < 60 && rgb[1] < 60 && rgb[2] < 60;
            if (distance(rgb, c) < 30 && x > rightmost)
                rightmost = x;
        }
        if (dark > 0.9 * left.height)
            zero = x;
    }
    return zero > 0 && rightmost > 0 && rightmost < zero;
}

static void comparison_draws_both_panels(void **state)
{
    ukraine *u = *state;
    /* Twice the deminers: 80 % of the open land in 24 months, not 48. */
    dm_projection *base =
        deminers_projection(u->ctx, 10, NEAR_100, "1", 30, 1, 0);
    dm_projection *more =
        deminers_projection(u->ctx, 20, NEAR_100, "1", 30, 1, 0);
    const dm_projection *list[] = {base, more};
    const char *labels[] = {"baseline", "more deminers"};
    const int w = 1200, h = 700;
    dm_chart_options o;
    dm_chart_options_init(&o);
    o.width = w;
    o.height = h;
    const char *path = test_path("compare.png");
    assert_status(u->ctx,
                  dm_render_comparison(u->ctx, list, labels, 2, path, &o),
                  DM_OK);
    cairo_surface_t *png = cairo_image_surface_create_from_png(path);
    assert_int_equal(cairo_surface_status(png), CAIRO_STATUS_SUCCESS);
    assert_int_equal(cairo_image_surface_get_width(png), w);
    assert_int_equal(cairo_image_surface_get_height(png), h);
    /* Left: the second scenario's bars in its colour; right: both
     * scenarios' lines. */
    int inked = 0, coloured = 0;
    count_pixels(png, 0, w / 2, dm_scenario_colours[1], &inked, &coloured);
    assert_true(inked > 1000);
    assert_true(coloured > 1000);
    count_pixels(png, w / 2, w, dm_scenario_colours[0], &inked, &coloured);
    assert_true(inked > 1000);
    assert_true(coloured > 100);
    count_pixels(png, w / 2, w, dm_scenario_colours[1], &inked, &coloured);
    assert_true(coloured > 100);
    /* The changes are negative (sooner). */
    assert_true(bars_left_of_zero(png, w, h, dm_scenario_colours[1]));
    cairo_surface_destroy(png);

    /* The same picture again, byte for byte. */
    const char *again = test_path("compare-again.png");
    assert_status(u->ctx,
                  dm_render_comparison(u->ctx, list, labels, 2, again, &o),
                  DM_OK);
    assert_true(same_bytes(path, again));

    /* SVG: the labels are in its text, and it too is the same twice. */
    const char *svg = test_path("compare.svg");
    const char *svg2 = test_path("compare-again.svg");
    assert_status(
        u->ctx, dm_render_comparison(u->ctx, list, labels, 2, svg, &o), DM_OK);
    assert_status(u->ctx,
                  dm_render_comparison(u->ctx, list, labels, 2, svg2, &o),
                  DM_OK);
    assert_true(same_bytes(svg, svg2));
    char *text = test_slurp(svg, NULL);
    assert_non_null(strstr(text, "<?xml"));
    assert_has(text, "<title>Scenarios against baseline: land open at the "
                     "start</title>");
    assert_has(text, "more deminers: 80 %");
    assert_has(text, "more deminers: 95 %");
    assert_has(text, "more deminers: 100 %");
    assert_has(text, "change in years (negative: sooner)");
    assert_has(text, "Remaining hazardous area: land open at the start");
    free(text);
    dm_projection_free(base);
    dm_projection_free(more);
}

static void bad_comparisons_leave_nothing(void **state)
{
    ukraine *u = *state;
    dm_projection *base =
        deminers_projection(u->ctx, 10, NEAR_100, "1", 30, 1, 0);
    dm_projection *other =
        deminers_projection(u->ctx, 20, NEAR_100, "1", 30, 2, 0);
    const char *path = test_path("bad-compare.png");
    char printed[256];
    /* One projection. */
    const dm_projection *one[] = {base};
    quiet_begin();
    dm_status s = dm_render_comparison(u->ctx, one, NULL, 1, path, NULL);
    assert_int_equal(quiet_end(printed, sizeof printed), 0);
    assert_status(u->ctx, s, DM_ERR_INVALID_ARGUMENT);
    assert_message_has(u->ctx, "2 or more");
    /* Runs that do not pair: the engine's status and message. */
    const dm_projection *unpaired[] = {base, other};
    assert_status(u->ctx,
                  dm_render_comparison(u->ctx, unpaired, NULL, 2, path, NULL),
                  DM_ERR_INVALID_ARGUMENT);
    assert_message_has(u->ctx, "do not pair");
    assert_message_has(u->ctx, "seeds");
    /* A NULL projection; a bad size; a bad format. */
    const dm_projection *none[] = {base, NULL};
    assert_status(u->ctx,
                  dm_render_comparison(u->ctx, none, NULL, 2, path, NULL),
                  DM_ERR_NULL_ARGUMENT);
    dm_chart_options o;
    dm_chart_options_init(&o);
    o.width = DM_PICTURE_MIN_SIZE - 1;
    const dm_projection *pair[] = {base, base};
    assert_status(u->ctx,
                  dm_render_comparison(u->ctx, pair, NULL, 2, path, &o),
                  DM_ERR_INVALID_ARGUMENT);
    assert_message_has(u->ctx, "picture size");
    assert_true(access(path, F_OK) != 0);
    assert_status(u->ctx,
                  dm_render_comparison(u->ctx, pair, NULL, 2,
                                       test_path("compare.bmp"), NULL),
                  DM_ERR_INVALID_ARGUMENT);
    assert_true(access(test_path("compare.bmp"), F_OK) != 0);
    quiet_begin();
    s = dm_render_comparison(u->ctx, pair, NULL, 2,
                             test_path("no/such/folder/c.png"), NULL);
    assert_int_equal(quiet_end(printed, sizeof printed), 0);
    assert_status(u->ctx, s, DM_ERR_IO);
    assert_message_has(u->ctx, "no/such/folder");
    dm_projection_free(base);
    dm_projection_free(other);
}

static void tornado_ranks_what_drives(void **state)
{
    ukraine *u = *state;
    /* Months to 80 % of the open land: 0.48 km² / (10 units × productivity
     * × 10 days × availability), so both ranged figures drive it down and
     * productivity (±50 %) far more than availability (±5 %). */
    dm_projection *p = deminers_projection(
        u->ctx, 10, "{\"min\": 50, \"mode\": 100, \"max\": 150}",
        "{\"min\": 0.9, \"mode\": 0.95, \"max\": 1.0}", 40, 1, 0);
    size_t open = DM_ZONES(DM_ZONE_BIT(DM_ZONE_ACCESSIBLE));
    const int w = 1100, h = 650;
    dm_chart_options o;
    dm_chart_options_init(&o);
    o.width = w;
    o.height = h;
    const char *path = test_path("tornado.png");
    assert_status(u->ctx,
                  dm_render_sensitivity(u->ctx, p, open,
                                        DM_MEASURE_MONTHS_TO_80, 0, 10, path,
                                        &o),
                  DM_OK);
    cairo_surface_t *png = cairo_image_surface_create_from_png(path);
    assert_int_equal(cairo_surface_status(png), CAIRO_STATUS_SUCCESS);
    assert_int_equal(cairo_image_surface_get_width(png), w);
    assert_int_equal(cairo_image_surface_get_height(png), h);
    /* Two bars, both negative: the top one past −0.5, the other past
     * −0.1; nothing right of 0. */
    dm_chart_box b;
    dm_tornado_box(w, h, &b);
    double rgb[3];
    pixel(png, dm_tornado_x(&b, -0.5), dm_tornado_y(&b, 0, 2), rgb);
    assert_true(distance(rgb, dm_prcc_colours[1]) < 30);
    pixel(png, dm_tornado_x(&b, -0.1), dm_tornado_y(&b, 1, 2), rgb);
    assert_true(distance(rgb, dm_prcc_colours[1]) < 30);
    pixel(png, dm_tornado_x(&b, 0.3), dm_tornado_y(&b, 0, 2), rgb);
    assert_true(distance(rgb, dm_prcc_colours[0]) > 100);
    cairo_surface_destroy(png);

    const char *svg = test_path("tornado.svg");
    assert_status(u->ctx,
                  dm_render_sensitivity(u->ctx, p, open,
                                        DM_MEASURE_MONTHS_TO_80, 0, 10, svg,
                                        NULL),
                  DM_OK);
    char *text = test_slurp(svg, NULL);
    assert_has(text, "<title>What drives months to 80 % (land open at the "
                     "start)</title>");
    const char *prod =
        strstr(text, "assets[deminers].productivity_m2_per_day");
    const char *avail = strstr(text, "assets[deminers].availability");
    assert_non_null(prod);
    assert_non_null(avail);
    assert_true(prod < avail);
    free(text);
    dm_projection_free(p);
}

static void bad_tornadoes_leave_nothing(void **state)
{
    ukraine *u = *state;
    dm_projection *p = deminers_projection(
        u->ctx, 10, "{\"min\": 50, \"mode\": 100, \"max\": 150}", "1", 40, 1,
        0);
    const char *path = test_path("bad-tornado.png");
    char printed[256];
    /* 80 % of the nation is more than the open land: no run reaches it, so
     * the measure does not vary. */
    quiet_begin();
    dm_status s = dm_render_sensitivity(
        u->ctx, p, DM_NATIONAL, DM_MEASURE_MONTHS_TO_80, 0, 10, path, NULL);
    assert_int_equal(quiet_end(printed, sizeof printed), 0);
    assert_status(u->ctx, s, DM_ERR_INVALID_ARGUMENT);
    assert_message_has(u->ctx, "does not vary over the runs");
    assert_true(access(path, F_OK) != 0);
    const size_t tops[] = {0, 41};
    for (size_t k = 0; k < 2; k++) {
        assert_status(u->ctx,
                      dm_render_sensitivity(u->ctx, p, DM_NATIONAL,
                                            DM_MEASURE_COST, 0, tops[k], path,
                                            NULL),
                      DM_ERR_INVALID_ARGUMENT);
        assert_message_has(u->ctx, "top");
        assert_true(access(path, F_OK) != 0);
    }
    dm_chart_options o;
    dm_chart_options_init(&o);
    o.height = 0;
    assert_status(u->ctx,
                  dm_render_sensitivity(u->ctx, p, DM_NATIONAL,
                                        DM_MEASURE_COST, 0, 5, path, &o),
                  DM_ERR_INVALID_ARGUMENT);
    assert_status(u->ctx,
                  dm_render_sensitivity(u->ctx, p, DM_NATIONAL, (dm_measure)99,
                                        0, 5, path, NULL),
                  DM_ERR_INVALID_ARGUMENT);
    assert_true(access(path, F_OK) != 0);
    dm_projection_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(png_has_the_size_and_the_colours),
        cmocka_unit_test(share_classes),
        cmocka_unit_test(bad_pictures_leave_nothing),
        cmocka_unit_test(map_svg_is_the_same_bytes_drawn_twice),
        cmocka_unit_test(burndown_of_no_land_has_an_axis),
        cmocka_unit_test(burndown_line_and_target_where_they_belong),
        cmocka_unit_test(bad_charts_leave_nothing),
        cmocka_unit_test(burndown_of_a_zone_set),
        cmocka_unit_test(comparison_draws_both_panels),
        cmocka_unit_test(bad_comparisons_leave_nothing),
        cmocka_unit_test(tornado_ranks_what_drives),
        cmocka_unit_test(bad_tornadoes_leave_nothing),
    };
    return cmocka_run_group_tests(tests, test_ukraine_setup,
                                  test_ukraine_teardown);
}
