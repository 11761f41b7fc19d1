/* Benchmark of the projection engine: work-cell-months (region × hazard
 * class × zone × month) simulated per second, on a 27-region table with
 * every cell filled, 1,000 Monte Carlo runs, with 1 and 2 threads.
 * Usage: bench-projection [RUNS [MONTHS [REPEATS]]]. Uses the public
 * header only. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "demine.h"

#define REGIONS 27
#define DEFAULT_RUNS 1000
#define DEFAULT_MONTHS 120
#define DEFAULT_REPEATS 5

/* Every kind of asset and ranged parameters, so that each run draws. The
 * figures are the default scenarios' (data/scenarios/baseline.json). */
static const char scenario_fmt[] =
    "{\"name\": \"bench\", \"start\": \"2025-07\", \"horizon_months\": %d, "
    "\"assets\": ["
    "{\"name\": \"nts\", \"kind\": \"nts\", \"count\": 1, "
    "\"productivity_m2_per_day\": {\"min\": 145448323, \"mode\": 149726215, "
    "\"max\": 154004107}, \"working_days_per_month\": 30.4375, "
    "\"cost_usd_per_unit_day\": 89836},"
    "{\"name\": \"ts\", \"kind\": \"ts\", \"count\": 100, "
    "\"productivity_m2_per_day\": 200000, \"working_days_per_month\": "
    "30.4375, \"cost_usd_per_unit_day\": 60000},"
    "{\"name\": \"deminers\", \"kind\": \"manual\", \"count\": [{\"from\": "
    "\"2025-07\", \"count\": {\"min\": 4021, \"mode\": 4021, \"max\": 9000}},"
    "{\"from\": \"2027-07\", \"count\": 10000}], "
    "\"productivity_m2_per_day\": {\"min\": 10, \"mode\": 30, \"max\": 50}, "
    "\"working_days_per_month\": 30.4375, \"training_months\": 3, "
    "\"cost_usd_per_unit_day\": {\"min\": 30, \"mode\": 90, \"max\": 150}, "
    "\"detector\": {\"search_minutes_per_m2\": {\"min\": 10.82, \"mode\": "
    "14.78, \"max\": 19.59}, \"false_alarms_per_m2\": {\"min\": 0.3, "
    "\"mode\": 0.65, \"max\": 1.0}, \"minutes_per_false_alarm\": {\"min\": "
    "16.02, \"mode\": 23.42, \"max\": 29.51}, \"rejection\": 0}},"
    "{\"name\": \"machines\", \"kind\": \"mechanical\", \"count\": 278, "
    "\"productivity_m2_per_day\": {\"min\": 2000, \"mode\": 3000, \"max\": "
    "15000}, \"working_days_per_month\": 30.4375, \"cost_usd_per_unit_day\": "
    "{\"min\": 6000, \"mode\": 9000, \"max\": 45000}},"
    "{\"name\": \"dogs\", \"kind\": \"mdd\", \"count\": 6, "
    "\"productivity_m2_per_day\": 1500, \"working_days_per_month\": 30.4375, "
    "\"cost_usd_per_unit_day\": 4500}], "
    "\"land_release\": {\"high\": {\"nts_cancel_share\": 0.32, "
    "\"ts_reduce_share\": 0.3529}, \"medium\": {\"nts_cancel_share\": 0.32, "
    "\"ts_reduce_share\": 0.3529}, \"low\": {\"nts_cancel_share\": 0.32, "
    "\"ts_reduce_share\": 0.3529}}, \"access\": {\"occupied\": \"2027-01\"}}";

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    size_t runs = argc > 1 ? strtoul(argv[1], NULL, 10) : DEFAULT_RUNS;
    int months = argc > 2 ? atoi(argv[2]) : DEFAULT_MONTHS;
    int repeats = argc > 3 ? atoi(argv[3]) : DEFAULT_REPEATS;
    if (runs == 0 || months < 1 || repeats < 1 || repeats > 100) {
        fprintf(stderr, "usage: %s [RUNS [MONTHS [REPEATS]]]\n", argv[0]);
        return 2;
    }
    dm_context *ctx = dm_context_new();
    dm_work *work = NULL;
    dm_scenario *sc = NULL;
    char text[sizeof scenario_fmt + 32];
    snprintf(text, sizeof text, scenario_fmt, months);
    if (ctx == NULL || dm_work_new(ctx, &work) != DM_OK ||
        dm_scenario_load_string(ctx, text, NULL, &sc) != DM_OK) {
        fprintf(stderr, "setup: %s\n", dm_context_last_error(ctx));
        return 1;
    }
    /* 27 regions, every class × zone × state filled with unequal areas. */
    for (int r = 0; r < REGIONS; r++) {
        char code[16];
        snprintf(code, sizeof code, "R%02d", r);
        for (int h = 0; h < DM_HAZARD_COUNT; h++)
            for (int z = 0; z < DM_ZONE_COUNT; z++)
                for (int s = 0; s < DM_AREA_STATE_COUNT; s++)
                    if (dm_work_add(ctx, work, code, NULL, (dm_hazard)h,
                                    (dm_zone)z, (dm_area_state)s,
                                    100.0 + 37.0 * r + 11.0 * h + 5.0 * z +
                                        3.0 * s) != DM_OK)
                        return 1;
    }
    double cell_months = (double)runs * REGIONS * DM_HAZARD_COUNT *
                         DM_ZONE_COUNT * (double)months;
    printf("projection engine: %d regions × %d classes × %d zones × %d "
           "months × %zu runs = %.3g work-cell-months per projection\n",
           REGIONS, DM_HAZARD_COUNT, DM_ZONE_COUNT, months, runs, cell_months);
    printf("%-8s %12s %12s %26s\n", "threads", "median s", "best s",
           "work-cell-months/s (median)");
    for (unsigned threads = 1; threads <= 2; threads++) {
        double t[100];
        for (int i = 0; i < repeats; i++) {
            dm_projection_options o;
            dm_projection_options_init(&o);
            o.runs = runs;
            o.threads = threads;
            dm_projection *p = NULL;
            double t0 = now();
            dm_status s = dm_project(ctx, work, sc, &o, &p);
            t[i] = now() - t0;
            if (s != DM_OK) {
                fprintf(stderr, "dm_project: %s\n",
                        dm_context_last_error(ctx));
                return 1;
            }
            dm_projection_free(p);
        }
        qsort(t, (size_t)repeats, sizeof t[0], cmp);
        double median = t[repeats / 2];
        printf("%-8u %12.4f %12.4f %26.3g\n", threads, median, t[0],
               cell_months / median);
    }
    dm_scenario_free(sc);
    dm_work_free(work);
    dm_context_free(ctx);
    return 0;
}
