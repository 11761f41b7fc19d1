/* demine-contamination: where the contamination is, per region and hazard
 * class, modelled from conflict sources (calibrated to a target) or read
 * from surveyed hazardous areas; optionally written as GeoPackage/GeoJSON. */
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "cli.h"
#include "demine.h"

/* One region's figures, in km². */
typedef struct row {
    double total, share, by_class[DM_HAZARD_COUNT], front, occupied, confirmed;
} row;

static void region_row(dm_context *ctx, const dm_contamination *c, size_t i,
                       row *r)
{
    memset(r, 0, sizeof *r);
    (void)dm_contamination_region_km2(ctx, c, i, &r->total);
    (void)dm_contamination_region_share(ctx, c, i, &r->share);
    for (int h = 0; h < DM_HAZARD_COUNT; h++)
        for (int z = 0; z < DM_ZONE_COUNT; z++)
            for (int st = 0; st < DM_AREA_STATE_COUNT; st++) {
                double km2 = 0.0;
                (void)dm_contamination_area_km2(ctx, c, i, h, z, st, &km2);
                r->by_class[h] += km2;
                if (z == DM_ZONE_OCCUPIED)
                    r->occupied += km2;
                if (z == DM_ZONE_FRONT_LINE)
                    r->front += km2;
                if (st == DM_AREA_CONFIRMED)
                    r->confirmed += km2;
            }
}

static void national_row(dm_context *ctx, const dm_contamination *c, row *r)
{
    memset(r, 0, sizeof *r);
    (void)dm_contamination_total_km2(ctx, c, &r->total);
    (void)dm_contamination_total_share(ctx, c, &r->share);
    for (int h = 0; h < DM_HAZARD_COUNT; h++)
        for (int z = 0; z < DM_ZONE_COUNT; z++) {
            double km2 = 0.0;
            (void)dm_contamination_class_km2(ctx, c, h, z, &km2);
            r->by_class[h] += km2;
            if (z == DM_ZONE_OCCUPIED)
                r->occupied += km2;
            if (z == DM_ZONE_FRONT_LINE)
                r->front += km2;
        }
    size_t n = dm_contamination_region_count(ctx, c);
    for (size_t i = 0; i < n; i++) {
        row reg;
        region_row(ctx, c, i, &reg);
        r->confirmed += reg.confirmed;
    }
}

static void print_table(dm_context *ctx, const dm_contamination *c,
                        const char *how)
{
    size_t n = dm_contamination_region_count(ctx, c);
    int width = 5;
    for (size_t i = 0; i < n; i++) {
        int w = (int)strlen(dm_contamination_region_name(ctx, c, i));
        width = w > width ? w : width;
    }
    printf("%-7s %-*s %10s %6s %10s %10s %10s %10s %10s\n", "code", width,
           "name", "km2", "share", "high", "medium", "low", "front line",
           "occupied");
    row r;
    for (size_t i = 0; i < n; i++) {
        region_row(ctx, c, i, &r);
        printf("%-7s %-*s %10.1f %5.1f%% %10.1f %10.1f %10.1f %10.1f "
               "%10.1f\n",
               dm_contamination_region_code(ctx, c, i), width,
               dm_contamination_region_name(ctx, c, i), r.total,
               100.0 * r.share, r.by_class[0], r.by_class[1], r.by_class[2],
               r.front, r.occupied);
    }
    national_row(ctx, c, &r);
    printf("%-7s %-*s %10.1f %5.1f%% %10.1f %10.1f %10.1f %10.1f %10.1f\n",
           "total", width, "(national)", r.total, 100.0 * r.share,
           r.by_class[0], r.by_class[1], r.by_class[2], r.front, r.occupied);
    printf("%s\n", how);
}

static void print_csv(dm_context *ctx, const dm_contamination *c)
{
    size_t n = dm_contamination_region_count(ctx, c);
    printf("code,name,km2,share,high_km2,medium_km2,low_km2,front_line_km2,"
           "occupied_km2,confirmed_km2\n");
    row r;
    for (size_t i = 0; i < n; i++) {
        region_row(ctx, c, i, &r);
        dm_cli_csv_field(stdout, dm_contamination_region_code(ctx, c, i));
        putchar(',');
        dm_cli_csv_field(stdout, dm_contamination_region_name(ctx, c, i));
        printf(",%.3f,%.6f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f\n", r.total, r.share,
               r.by_class[0], r.by_class[1], r.by_class[2], r.front,
               r.occupied, r.confirmed);
    }
    national_row(ctx, c, &r);
    printf("total,(national),%.3f,%.6f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f\n",
           r.total, r.share, r.by_class[0], r.by_class[1], r.by_class[2],
           r.front, r.occupied, r.confirmed);
}

static json_object *row_json(const row *r)
{
    json_object *o = json_object_new_object();
    json_object_object_add(o, "km2", dm_cli_json_double(r->total));
    json_object_object_add(o, "share", dm_cli_json_double(r->share));
    for (int h = 0; h < DM_HAZARD_COUNT; h++) {
        char key[32];
        snprintf(key, sizeof key, "%s_km2", dm_hazard_name(h));
        json_object_object_add(o, key, dm_cli_json_double(r->by_class[h]));
    }
    json_object_object_add(o, "front_line_km2", dm_cli_json_double(r->front));
    json_object_object_add(o, "occupied_km2", dm_cli_json_double(r->occupied));
    json_object_object_add(o, "confirmed_km2",
                           dm_cli_json_double(r->confirmed));
    return o;
}

static void print_json(dm_context *ctx, const dm_regions *boundaries,
                       const dm_contamination *c, const dm_cli *cli,
                       double factor, int iterations)
{
    json_object *root = json_object_new_object();
    json_object *regions = json_object_new_array();
    size_t n = dm_contamination_region_count(ctx, c);
    row r;
    for (size_t i = 0; i < n; i++) {
        region_row(ctx, c, i, &r);
        json_object *o = row_json(&r);
        json_object_object_add(
            o, "code",
            json_object_new_string(dm_contamination_region_code(ctx, c, i)));
        json_object_object_add(
            o, "name",
            json_object_new_string(dm_contamination_region_name(ctx, c, i)));
        json_object_array_add(regions, o);
    }
    national_row(ctx, c, &r);
    json_object_object_add(root, "boundaries",
                           json_object_new_string(cli->boundaries));
    json_object_object_add(
        root, cli->survey ? "survey" : "sources",
        json_object_new_string(cli->survey ? cli->survey : cli->sources));
    json_object_object_add(root, "regions", regions);
    json_object_object_add(root, "national", row_json(&r));
    json_object *cal = json_object_new_object();
    json_object_object_add(cal, "factor", dm_cli_json_double(factor));
    json_object_object_add(cal, "iterations", json_object_new_int(iterations));
    json_object_object_add(root, "calibration", cal);
    dm_cli_input_json(root, ctx, boundaries, c);
    puts(json_object_to_json_string_ext(
        root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(root);
}

int main(int argc, char **argv)
{
    dm_cli cli;
    int rc = dm_cli_parse(
        &cli, argc, argv,
        DM_CLI_BOUNDARIES | DM_CLI_FORMAT | DM_CLI_OUT | DM_CLI_CONTAMINATION |
            DM_CLI_POLYGONS,
        "demine-contamination",
        "Estimate where the contamination is: per region, contaminated km² "
        "and share by\nhazard class, modelled from conflict sources "
        "calibrated to a target share, or\nread from surveyed hazardous "
        "areas.",
        "write the contamination polygons to this file: any\n"
        "                        format GDAL writes (.gpkg, .geojson, .shp, "
        ".fgb,\n"
        "                        .csv …), or a PostGIS table (PG:dbname=…)");
    if (rc >= 0)
        return rc;

    dm_context *ctx = dm_context_new();
    if (ctx == NULL) {
        fprintf(stderr, "demine-contamination: cannot create a context\n");
        return DM_EXIT_FAILED;
    }
    dm_regions *regions = NULL;
    dm_contamination *c = NULL;
    double factor = 1.0;
    int iterations = 0;
    dm_status s = dm_regions_load(ctx, cli.boundaries, &cli.regions, &regions);
    if (s == DM_OK)
        s = dm_cli_contamination(&cli, ctx, regions, &c);
    if (s == DM_OK)
        s = dm_contamination_calibration(ctx, c, &factor, &iterations);
    if (s == DM_OK && cli.out != NULL) {
        dm_write_options wo;
        dm_write_options_init(&wo);
        wo.lonlat = cli.lonlat;
        wo.driver = cli.out_format;
        s = dm_contamination_write(ctx, c, cli.out, &wo);
    }
    if (s == DM_OK && cli.map != NULL) {
        dm_map_options mo;
        dm_cli_map_options(&cli, &mo);
        s = dm_render_map(ctx, regions, c, cli.map, &mo);
    }
    if (s != DM_OK) {
        rc = dm_cli_fail(&cli, ctx, s);
    } else {
        char how[256];
        if (cli.survey != NULL)
            snprintf(how, sizeof how, "from survey polygons: %s", cli.survey);
        else if (iterations > 0)
            snprintf(how, sizeof how,
                     "calibration: every band distance × %.4f (%d steps)",
                     factor, iterations);
        else
            snprintf(how, sizeof how, "bands as given (no calibration)");
        switch (cli.format) {
        case DM_FORMAT_TABLE: print_table(ctx, c, how); break;
        case DM_FORMAT_CSV: print_csv(ctx, c); break;
        case DM_FORMAT_JSON:
            print_json(ctx, regions, c, &cli, factor, iterations);
            break;
        }
        rc = DM_EXIT_OK;
    }
    dm_contamination_free(c);
    dm_regions_free(regions);
    dm_context_free(ctx);
    return rc;
}
