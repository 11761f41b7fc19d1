/* demine-regions: list the administrative units of a boundaries source with
 * their code, name and area in km², and the national total. */
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "cli.h"
#include "demine.h"

#define TOTAL_LABEL "(union of all units)"

static void print_table(dm_context *ctx, const dm_regions *r, double total)
{
    size_t n = dm_regions_count(ctx, r);
    int width = (int)strlen(TOTAL_LABEL);
    for (size_t i = 0; i < n; i++) {
        int w = (int)strlen(dm_regions_name(ctx, r, i));
        if (w > width)
            width = w;
    }
    printf("%-8s %-*s %12s\n", "code", width, "name", "area_km2");
    for (size_t i = 0; i < n; i++) {
        double km2 = 0.0;
        (void)dm_regions_area_km2(ctx, r, i, &km2);
        printf("%-8s %-*s %12.1f\n", dm_regions_code(ctx, r, i), width,
               dm_regions_name(ctx, r, i), km2);
    }
    printf("%-8s %-*s %12.1f\n", "total", width, TOTAL_LABEL, total);
}

static void print_csv(dm_context *ctx, const dm_regions *r, double total)
{
    size_t n = dm_regions_count(ctx, r);
    printf("code,name,area_km2\n");
    for (size_t i = 0; i < n; i++) {
        double km2 = 0.0;
        (void)dm_regions_area_km2(ctx, r, i, &km2);
        dm_cli_csv_field(stdout, dm_regions_code(ctx, r, i));
        putchar(',');
        dm_cli_csv_field(stdout, dm_regions_name(ctx, r, i));
        printf(",%.3f\n", km2);
    }
    printf("total,%s,%.3f\n", TOTAL_LABEL, total);
}

static void print_json(dm_context *ctx, const dm_cli *cli, const dm_regions *r,
                       double total)
{
    json_object *root = json_object_new_object();
    json_object *units = json_object_new_array();
    size_t n = dm_regions_count(ctx, r);
    for (size_t i = 0; i < n; i++) {
        double km2 = 0.0, b[4] = {0};
        (void)dm_regions_area_km2(ctx, r, i, &km2);
        (void)dm_regions_bounds(ctx, r, i, b);
        json_object *u = json_object_new_object();
        json_object_object_add(
            u, "code", json_object_new_string(dm_regions_code(ctx, r, i)));
        json_object_object_add(
            u, "name", json_object_new_string(dm_regions_name(ctx, r, i)));
        json_object_object_add(u, "area_km2", dm_cli_json_double(km2));
        json_object *bounds = json_object_new_array();
        for (int k = 0; k < 4; k++)
            json_object_array_add(bounds, dm_cli_json_double(b[k]));
        json_object_object_add(u, "bounds_m", bounds);
        json_object_array_add(units, u);
    }
    json_object_object_add(root, "source",
                           json_object_new_string(cli->boundaries));
    json_object_object_add(root, "count", json_object_new_int64((int64_t)n));
    json_object_object_add(root, "units", units);
    json_object_object_add(root, "total_area_km2", dm_cli_json_double(total));
    json_object_object_add(root, "crs",
                           json_object_new_string(dm_regions_crs_wkt(ctx, r)));
    puts(json_object_to_json_string_ext(
        root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(root);
}

int main(int argc, char **argv)
{
    dm_cli cli;
    int rc = dm_cli_parse(&cli, argc, argv, DM_CLI_BOUNDARIES | DM_CLI_FORMAT,
                          "demine-regions",
                          "List administrative units with their code, name "
                          "and area (km², equal-area CRS),\nand the national "
                          "total.",
                          NULL);
    if (rc >= 0)
        return rc;

    dm_context *ctx = dm_context_new();
    if (ctx == NULL) {
        fprintf(stderr, "demine-regions: cannot create a context\n");
        return DM_EXIT_FAILED;
    }
    dm_regions *regions = NULL;
    double total = 0.0;
    dm_status s = dm_regions_load(ctx, cli.boundaries, &cli.regions, &regions);
    if (s == DM_OK)
        s = dm_regions_total_area_km2(ctx, regions, &total);
    if (s != DM_OK) {
        rc = dm_cli_fail(&cli, ctx, s);
    } else {
        switch (cli.format) {
        case DM_FORMAT_TABLE: print_table(ctx, regions, total); break;
        case DM_FORMAT_CSV: print_csv(ctx, regions, total); break;
        case DM_FORMAT_JSON: print_json(ctx, &cli, regions, total); break;
        }
        rc = DM_EXIT_OK;
    }
    dm_regions_free(regions);
    dm_context_free(ctx);
    return rc;
}
