/* Fuzz target: boundaries through dm_regions_load and every accessor. */
#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    const char *path = fuzz_file(data, size);
    dm_context *ctx = dm_context_new();
    dm_regions_options o;
    dm_regions_options_init(&o);
    o.source_crs = "EPSG:4326"; /* for CSV, which has none */
    dm_regions *r = NULL;
    if (path != NULL && dm_regions_load(ctx, path, &o, &r) == DM_OK) {
        double v, b[4];
        size_t n = dm_regions_count(ctx, r), i;
        for (i = 0; i < n; i++) {
            (void)dm_regions_area_km2(ctx, r, i, &v);
            (void)dm_regions_bounds(ctx, r, i, b);
            (void)dm_regions_find(ctx, r, dm_regions_code(ctx, r, i), &i);
        }
        (void)dm_regions_total_area_km2(ctx, r, &v);
    }
    (void)dm_context_last_error(ctx);
    dm_regions_free(r);
    dm_context_free(ctx);
    fuzz_file_done(path);
    return 0;
}
