/* How loading grows with what is loaded: writes work tables of 10,000 and
 * 100,000 rows (each a region of its own) and times dm_work_load() on each;
 * then scenarios of 100 and 1,000 assets (1,000 is the most a scenario may
 * hold: more are refused before they are read) and of weights for, and an
 * order of, 10,000 and 100,000 regions, timing dm_scenario_load_string();
 * the median of the
 * repeats. Linear loading takes about ten times as long for ten times the
 * items; bench/run reports the ratios (target <= 15).
 * Usage: bench-work-load [REPEATS] */
#define _POSIX_C_SOURCE 200809L /* clock_gettime, mkdtemp */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "demine.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* A table of n rows, n regions, in path. */
static int write_table(const char *path, int n)
{
    FILE *f = fopen(path, "w");
    if (f == NULL)
        return 0;
    fputs("code,name,class,zone,state,area_km2\n", f);
    for (int i = 0; i < n; i++)
        fprintf(f, "R%d,region %d,high,accessible,suspected,0.5\n", i, i);
    return fclose(f) == 0;
}

/* The median seconds of dm_work_load() of path. */
static double time_load(dm_context *ctx, const char *path, int repeats)
{
    double t[32];
    for (int k = 0; k < repeats; k++) {
        dm_work *w = NULL;
        double a = now();
        if (dm_work_load(ctx, path, NULL, &w) != DM_OK) {
            fprintf(stderr, "dm_work_load: %s\n", dm_context_last_error(ctx));
            exit(1);
        }
        t[k] = now() - a;
        dm_work_free(w);
    }
    qsort(t, (size_t)repeats, sizeof *t, cmp);
    return t[repeats / 2];
}

/* A scenario of n assets (kind 1), of weights for n regions (0) or of an
 * order of n regions (2). */
static char *scenario_text(int n, int kind)
{
    size_t cap = (size_t)n * 200 + 4096, used = 0;
    char *t = malloc(cap);
    if (t == NULL)
        return NULL;
    used += (size_t)snprintf(t + used, cap - used,
                             "{\"name\": \"b\", \"start\": \"2025-01\", "
                             "\"horizon_months\": 12, \"assets\": [");
    for (int i = 0; i < (kind == 1 ? n : 1); i++)
        used += (size_t)snprintf(
            t + used, cap - used,
            "%s{\"name\": \"a%d\", \"kind\": \"manual\", \"count\": 1, "
            "\"productivity_m2_per_day\": 10, \"working_days_per_month\": "
            "20, \"cost_usd_per_unit_day\": 1}",
            i ? ", " : "", i);
    used += (size_t)snprintf(
        t + used, cap - used,
        "], \"land_release\": {\"high\": {\"nts_cancel_share\": 0, "
        "\"ts_reduce_share\": 0}, \"medium\": {\"nts_cancel_share\": 0, "
        "\"ts_reduce_share\": 0}, \"low\": {\"nts_cancel_share\": 0, "
        "\"ts_reduce_share\": 0}}, \"unconstrained_survey\": {\"nts\": "
        "{\"cost_usd_per_ha\": 0}, \"ts\": {\"cost_usd_per_ha\": 0}}, "
        "\"policy\": {\"type\": \"%s\", \"%s\": %c",
        kind == 2 ? "order" : "weights", kind == 2 ? "regions" : "weights",
        kind == 2 ? '[' : '{');
    for (int i = 0; i < (kind == 1 ? 1 : n); i++)
        used += (size_t)snprintf(t + used, cap - used,
                                 kind == 2 ? "%s\"R%d\"" : "%s\"R%d\": 2",
                                 i ? ", " : "", i);
    snprintf(t + used, cap - used, "%c}}", kind == 2 ? ']' : '}');
    return t;
}

/* The median seconds of dm_scenario_load_string() of text. */
static double time_scenario(dm_context *ctx, const char *text, int repeats)
{
    double t[32];
    for (int k = 0; k < repeats; k++) {
        dm_scenario *sc = NULL;
        double a = now();
        if (dm_scenario_load_string(ctx, text, NULL, &sc) != DM_OK) {
            fprintf(stderr, "dm_scenario_load_string: %s\n",
                    dm_context_last_error(ctx));
            exit(1);
        }
        t[k] = now() - a;
        dm_scenario_free(sc);
    }
    qsort(t, (size_t)repeats, sizeof *t, cmp);
    return t[repeats / 2];
}

/* Prints the medians for n and 10 n items of one kind, and their ratio. */
static int scenarios(dm_context *ctx, const char *what, int n, int kind,
                     int repeats)
{
    char *a = scenario_text(n, kind), *b = scenario_text(10 * n, kind);
    int ok = a != NULL && b != NULL;
    if (ok) {
        double x = time_scenario(ctx, a, repeats);
        double y = time_scenario(ctx, b, repeats);
        printf("%s %d    %.4f\n%s %d    %.4f\n%s ratio    %.1f\n", what, n, x,
               what, 10 * n, y, what, y / x);
    }
    free(a);
    free(b);
    return ok;
}

int main(int argc, char **argv)
{
    int repeats = argc > 1 ? atoi(argv[1]) : 5;
    if (repeats < 1 || repeats > 32) {
        fprintf(stderr, "usage: bench-work-load [REPEATS 1-32]\n");
        return 2;
    }
    char dir[] = "/tmp/demine-bench-XXXXXX", small[64], large[64];
    if (mkdtemp(dir) == NULL)
        return 1;
    snprintf(small, sizeof small, "%s/10k.csv", dir);
    snprintf(large, sizeof large, "%s/100k.csv", dir);
    dm_context *ctx = dm_context_new();
    int ok =
        ctx != NULL && write_table(small, 10000) && write_table(large, 100000);
    if (ok) {
        double a = time_load(ctx, small, repeats);
        double b = time_load(ctx, large, repeats);
        printf("rows     median s\n10000    %.4f\n100000   %.4f\n"
               "ratio    %.1f\n",
               a, b, b / a);
        ok = scenarios(ctx, "assets", 100, 1, repeats) &&
             scenarios(ctx, "weights", 10000, 0, repeats) &&
             scenarios(ctx, "order", 10000, 2, repeats);
    }
    unlink(small);
    unlink(large);
    rmdir(dir);
    dm_context_free(ctx);
    return ok ? 0 : 1;
}
