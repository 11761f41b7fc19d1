/* What demine-project adds to each scenario's table: the land of the
 * zones (each zone, the land open at the start, the nation), money per
 * year, what drives the answer, and the comparison of the scenarios with
 * one of them. Uses only the public header. */
#ifndef DM_COMPARE_H
#define DM_COMPARE_H

#include <stdio.h>

#include <json-c/json.h>

#include "demine.h"

/* The rows after a projection's regions: each zone alone, the land open
 * at the start, the nation. */
#define DM_LAND_COUNT 5

typedef struct dm_land {
    size_t region; /* DM_ZONES(), DM_NATIONAL */
    const char *code, *name;
} dm_land;

/* Land i (0 to DM_LAND_COUNT - 1) of a projection. */
dm_land dm_land_of(dm_context *ctx, const dm_projection *p, size_t i);

/* The land open at the start: DM_ZONES() of the zones open then. */
size_t dm_open_land(dm_context *ctx, const dm_projection *p);

/* The code of any row: a region's, or a land's. */
const char *dm_row_code(dm_context *ctx, const dm_projection *p, size_t row);

/* The rows of a projection: its regions, then its lands (row index <
 * region count: that region). */
size_t dm_row_count(dm_context *ctx, const dm_projection *p);
size_t dm_row_region(dm_context *ctx, const dm_projection *p, size_t row);

/* {"p10": …, "p50": …, "p90": …}; null where not finite. */
json_object *dm_quantile_json(const double v[3]);

/* <scenario>-yearly.csv: per row and calendar year, the cost spent in the
 * year and the km² released by its end (P10/P50/P90). 1 on success, 0
 * after printing why. */
int dm_write_yearly(dm_context *ctx, FILE *f, const char *name,
                    const dm_projection *p);

/* The summary's yearly cost of a row: {"2025": {p10, p50, p90}, …}. */
json_object *dm_yearly_json(dm_context *ctx, const dm_projection *p,
                            size_t region);

/* The summary's sensitivity of a row: for months to 80 %, 100 % and the
 * cost, each figure's PRCC, largest |PRCC| first, no-effect figures left
 * out; null where the measure does not vary. */
json_object *dm_sensitivity_json(dm_context *ctx, const dm_projection *p,
                                 size_t region);

/* The comparison of scenario `other` with `base`: what comparison.csv and
 * the table hold. */
typedef struct dm_compare_set {
    const dm_projection *const *proj;
    const char *const *names;
    size_t n, base;
    const int *by; /* years */
    size_t nby;
} dm_compare_set;

/* comparison.csv: one row per scenario (not the base), row of land or
 * region, measure (and year): the P10/P50/P90 of the paired change, the
 * runs it has, and the P50 of each scenario. 1 on success, 0 after
 * printing why. */
int dm_write_comparison(dm_context *ctx, FILE *f, const dm_compare_set *c);

/* The comparison table on stdout, for the land open at the start and the
 * nation. */
void dm_print_comparison(dm_context *ctx, const dm_compare_set *c);

/* The summary's comparison: per scenario, per land, the changes. */
json_object *dm_comparison_json(dm_context *ctx, const dm_compare_set *c);

#endif
