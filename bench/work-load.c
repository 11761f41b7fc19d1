/* How loading a work table grows with its rows: writes tables of 10,000 and
 * 100,000 rows (each a region of its own) and times dm_work_load() on each,
 * the median of the repeats. Linear loading takes about ten times as long
 * for ten times the rows; bench/run reports the ratio (target <= 15).
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
    }
    unlink(small);
    unlink(large);
    rmdir(dir);
    dm_context_free(ctx);
    return ok ? 0 : 1;
}
