/* Fuzz target: conflict sources through dm_sources_load, then the model
 * built on two fixed 200 km squares (uncalibrated, so every input costs one
 * overlay, not a search). */
#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    const dm_regions *regions = fuzz_squares();
    const char *path = fuzz_file(data, size);
    dm_context *c2 = dm_context_new();
    dm_sources_options so;
    dm_sources_options_init(&so);
    so.source_crs = "EPSG:4326";
    dm_sources *s = NULL;
    dm_contamination *c = NULL;
    if (path != NULL && dm_sources_load(c2, path, &so, &s) == DM_OK) {
        dm_contamination_options co;
        dm_contamination_options_init(&co);
        co.target_share = 0.0;
        if (dm_contamination_build(c2, regions, s, &co, &c) == DM_OK) {
            double v;
            (void)dm_contamination_total_km2(c2, c, &v);
            for (size_t i = 0; i < dm_contamination_region_count(c2, c); i++)
                (void)dm_contamination_region_share(c2, c, i, &v);
        }
    }
    dm_contamination_free(c);
    dm_sources_free(s);
    dm_context_free(c2);
    fuzz_file_done(path);
    return 0;
}
