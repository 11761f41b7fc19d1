/* The contamination map: size, colours read back with cairo, bad input. */
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(png_has_the_size_and_the_colours),
        cmocka_unit_test(share_classes),
        cmocka_unit_test(bad_pictures_leave_nothing),
        cmocka_unit_test(burndown_line_and_target_where_they_belong),
        cmocka_unit_test(bad_charts_leave_nothing),
    };
    return cmocka_run_group_tests(tests, test_ukraine_setup,
                                  test_ukraine_teardown);
}
