/* Fuzz target: work tables through dm_work_load (any GDAL driver the first
 * byte's extension or the content picks), then a short projection of what
 * was read. */
#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* One clearance team on every open cell: the loader's output projected,
 * so that odd tables reach the engine too. */
static const dm_scenario *fuzz_scenario(void)
{
    static dm_context *ctx;
    static dm_scenario *sc;
    if (sc == NULL) {
        ctx = dm_context_new();
        if (dm_scenario_load_string(
                ctx,
                "{\"name\": \"f\", \"start\": \"2025-01\", "
                "\"horizon_months\": 6, \"assets\": [{\"name\": \"d\", "
                "\"kind\": \"manual\", \"count\": 10, "
                "\"productivity_m2_per_day\": 100, "
                "\"working_days_per_month\": 10, "
                "\"cost_usd_per_unit_day\": 90}], \"land_release\": "
                "{\"high\": {\"nts_cancel_share\": 0.5, \"ts_reduce_share\": "
                "0.5}, \"medium\": {\"nts_cancel_share\": 0.5, "
                "\"ts_reduce_share\": 0.5}, \"low\": {\"nts_cancel_share\": "
                "0.5, \"ts_reduce_share\": 0.5}}, \"unconstrained_survey\": "
                "{\"nts\": {\"cost_usd_per_ha\": 1}, \"ts\": "
                "{\"cost_usd_per_ha\": 1}}}",
                NULL, &sc) != DM_OK)
            abort();
    }
    return sc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    const dm_scenario *sc = fuzz_scenario();
    const char *path = fuzz_file(data, size);
    dm_context *ctx = dm_context_new();
    dm_work *w = NULL;
    if (path != NULL && dm_work_load(ctx, path, NULL, &w) == DM_OK &&
        dm_work_region_count(ctx, w) <= 1000) {
        dm_projection *p = NULL;
        if (dm_project(ctx, w, sc, NULL, &p) == DM_OK) {
            double v;
            (void)dm_projection_months_quantile(ctx, p, DM_NATIONAL,
                                                DM_RELEASE_80, 0.5, &v);
            (void)dm_projection_measure_quantile(
                ctx, p, DM_ZONES(1), DM_MEASURE_COST_IN_YEAR, 2025, 0.5, &v);
        }
        dm_projection_free(p);
    }
    dm_work_free(w);
    dm_context_free(ctx);
    fuzz_file_done(path);
    return 0;
}
