/* Fuzz target: the scenario parser (dm_scenario_load_string), then, for
 * scenarios it accepts, a short projection of a one-region table, so the
 * engine meets every schedule, range and policy the parser lets through. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "demine.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Scenarios past this size find nothing small ones do not. */
#define FUZZ_MAX_INPUT (64 * 1024)
/* Months projected at most, so an accepted 1,200-month horizon stays
 * quick; the projection itself is what is checked, not its length. */
#define FUZZ_MAX_HORIZON 240

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    char *json = malloc(size + 1);
    if (json == NULL)
        return 0;
    memcpy(json, data, size);
    json[size] = '\0';
    dm_context *ctx = dm_context_new();
    dm_scenario *sc = NULL;
    /* "extends" resolves against the seed corpus, where baseline.json is. */
    if (dm_scenario_load_string(ctx, json, DM_FUZZ_SCENARIO_DIR, &sc) ==
            DM_OK &&
        dm_scenario_horizon(ctx, sc) <= FUZZ_MAX_HORIZON) {
        dm_work *w = NULL;
        dm_projection *p = NULL;
        if (dm_work_new(ctx, &w) == DM_OK &&
            dm_work_add(ctx, w, "A", "a", DM_HAZARD_HIGH, DM_ZONE_CONTROLLED,
                        DM_AREA_SUSPECTED, 1.0) == DM_OK &&
            dm_work_add(ctx, w, "B", "b", DM_HAZARD_LOW, DM_ZONE_OCCUPIED,
                        DM_AREA_CONFIRMED, 2.0) == DM_OK) {
            dm_projection_options o;
            dm_projection_options_init(&o);
            o.runs = 2;
            if (dm_project(ctx, w, sc, &o, &p) == DM_OK) {
                double v;
                (void)dm_projection_months_quantile(ctx, p, DM_NATIONAL,
                                                    DM_RELEASE_80, 0.5, &v);
                (void)dm_projection_cost_quantile(ctx, p, DM_NATIONAL, 0.9,
                                                  &v);
            }
        }
        dm_projection_free(p);
        dm_work_free(w);
    }
    (void)dm_context_last_error(ctx);
    dm_scenario_free(sc);
    dm_context_free(ctx);
    free(json);
    return 0;
}
