/* Fuzz target: CRS definitions as a user gives them (--target-crs,
 * --source-crs, dm_regions_options): the input, cut at its first NUL, is
 * the equal-area CRS a 1° square is loaded into, then the CRS of the
 * square's file, which has none; whatever PROJ reads or refuses, the
 * loader either measures the square or names the definition. */
#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A 1° square in a CSV with WKT geometry: GDAL gives it no CRS, so the
 * loader takes the source CRS; with a target CRS, the source one is
 * EPSG:4326. */
static const char *plain_square(void)
{
    static const char text[] =
        "WKT,code,name\n\"POLYGON ((30 48,31 48,31 49,30 49,30 48))\",W,w\n";
    static int written;
    if (!written) {
        VSILFILE *f = VSIFileFromMemBuffer(
            "/vsimem/square.csv", (GByte *)text, sizeof text - 1, FALSE);
        VSIFCloseL(f);
        written = 1;
    }
    return "/vsimem/square.csv";
}

/* One context for every input: PROJ opens its database once. (Inputs are
 * still slow, about 2 a second under ASan: PROJ searches its whole
 * database for a definition it reads as an object's name.) */
static void load(const char *definition, int as_source)
{
    static dm_context *ctx;
    if (ctx == NULL)
        ctx = dm_context_new();
    dm_regions_options o;
    dm_regions_options_init(&o);
    o.source_crs = as_source ? definition : "EPSG:4326";
    if (!as_source)
        o.target_crs = definition;
    dm_regions *r = NULL;
    if (dm_regions_load(ctx, plain_square(), &o, &r) == DM_OK) {
        double km2 = 0.0, bounds[4];
        (void)dm_regions_area_km2(ctx, r, 0, &km2);
        (void)dm_regions_bounds(ctx, r, 0, bounds);
    }
    dm_regions_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    char *definition = malloc(size + 1);
    if (definition == NULL)
        return 0;
    memcpy(definition, data, size);
    definition[size] = '\0';
    load(definition, 0);
    load(definition, 1);
    free(definition);
    return 0;
}
