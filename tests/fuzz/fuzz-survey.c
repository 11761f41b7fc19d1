/* Fuzz target: surveyed hazardous areas through
 * dm_contamination_load_survey on two fixed squares. */
#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    const dm_regions *regions = fuzz_squares();
    const char *path = fuzz_file(data, size);
    dm_context *c2 = dm_context_new();
    dm_survey_options o;
    dm_survey_options_init(&o);
    o.source_crs = "EPSG:4326";
    dm_contamination *c = NULL;
    if (path != NULL &&
        dm_contamination_load_survey(c2, regions, path, &o, &c) == DM_OK) {
        double v;
        (void)dm_contamination_total_km2(c2, c, &v);
        (void)dm_contamination_outside_km2(c2, c, &v);
        dm_work *w = NULL;
        if (dm_work_from_contamination(c2, c, &w) == DM_OK)
            (void)dm_work_total_km2(c2, w, &v);
        dm_work_free(w);
    }
    dm_contamination_free(c);
    dm_context_free(c2);
    fuzz_file_done(path);
    return 0;
}
