/* The lands of the zones, money per year, what drives the answer, and the
 * comparison of scenarios, for demine-project. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "compare.h"

#define MONTHS_PER_YEAR 12.0
#define USD_PER_MILLION 1e6

static const double quantiles[3] = {0.1, 0.5, 0.9};

/* ---- the lands --------------------------------------------------------- */

size_t dm_open_land(dm_context *ctx, const dm_projection *p)
{
    int start = 0;
    unsigned mask = 0;
    (void)dm_projection_start(ctx, p, &start);
    (void)dm_projection_open_zones(ctx, p, start, &mask);
    return mask != 0 ? DM_ZONES(mask) : DM_NATIONAL;
}

dm_land dm_land_of(dm_context *ctx, const dm_projection *p, size_t i)
{
    static const dm_land zones[3] = {
        {DM_ZONES(DM_ZONE_BIT(DM_ZONE_ACCESSIBLE)), "zone:accessible",
         "(accessible zone)"},
        {DM_ZONES(DM_ZONE_BIT(DM_ZONE_FRONT_LINE)), "zone:front_line",
         "(front-line zone)"},
        {DM_ZONES(DM_ZONE_BIT(DM_ZONE_OCCUPIED)), "zone:occupied",
         "(occupied zone)"},
    };
    if (i < 3)
        return zones[i];
    if (i == 3)
        return (dm_land){dm_open_land(ctx, p), "open_at_start",
                         "(open at the start)"};
    return (dm_land){DM_NATIONAL, "national", "(national)"};
}

size_t dm_row_count(dm_context *ctx, const dm_projection *p)
{
    return dm_projection_region_count(ctx, p) + DM_LAND_COUNT;
}

size_t dm_row_region(dm_context *ctx, const dm_projection *p, size_t row)
{
    size_t R = dm_projection_region_count(ctx, p);
    return row < R ? row : dm_land_of(ctx, p, row - R).region;
}

const char *dm_row_code(dm_context *ctx, const dm_projection *p, size_t row)
{
    size_t R = dm_projection_region_count(ctx, p);
    return row < R ? dm_projection_region_code(ctx, p, row)
                   : dm_land_of(ctx, p, row - R).code;
}

json_object *dm_quantile_json(const double v[3])
{
    static const char *const keys[3] = {"p10", "p50", "p90"};
    json_object *o = json_object_new_object();
    for (int i = 0; i < 3; i++)
        json_object_object_add(o, keys[i], dm_cli_json_double(v[i]));
    return o;
}

/* ---- money per year ------------------------------------------------------
 */

static void measure_q(dm_context *ctx, const dm_projection *p, size_t region,
                      dm_measure m, int year, double v[3])
{
    for (int i = 0; i < 3; i++)
        if (dm_projection_measure_quantile(ctx, p, region, m, year,
                                           quantiles[i], &v[i]) != DM_OK)
            v[i] = NAN;
}

int dm_write_yearly(dm_context *ctx, FILE *f, const char *name,
                    const dm_projection *p)
{
    int first = 0, last = -1;
    (void)dm_projection_years(ctx, p, &first, &last);
    fputs("scenario,region,year,cost_p10_usd,cost_p50_usd,cost_p90_usd,"
          "released_by_end_p10_km2,released_by_end_p50_km2,"
          "released_by_end_p90_km2\n",
          f);
    size_t rows = dm_row_count(ctx, p);
    for (size_t row = 0; row < rows; row++) {
        size_t region = dm_row_region(ctx, p, row);
        /* A region's years are not kept when its series are counted
         * (--region-series counts): the nation's and the lands' are. */
        double v = 0.0;
        if (last >= first &&
            dm_projection_measure(ctx, p, region, DM_MEASURE_COST_IN_YEAR,
                                  first, 0, &v) != DM_OK)
            continue;
        for (int y = first; y <= last; y++) {
            double c[3], r[3];
            measure_q(ctx, p, region, DM_MEASURE_COST_IN_YEAR, y, c);
            measure_q(ctx, p, region, DM_MEASURE_RELEASED_BY, y, r);
            dm_cli_csv_field(f, name);
            fputc(',', f);
            dm_cli_csv_field(f, dm_row_code(ctx, p, row));
            fprintf(f, ",%d,%.0f,%.0f,%.0f,%.6f,%.6f,%.6f\n", y, c[0], c[1],
                    c[2], r[0], r[1], r[2]);
        }
    }
    return 1;
}

json_object *dm_yearly_json(dm_context *ctx, const dm_projection *p,
                            size_t region)
{
    int first = 0, last = -1;
    (void)dm_projection_years(ctx, p, &first, &last);
    json_object *o = json_object_new_object();
    for (int y = first; y <= last; y++) {
        double c[3];
        char key[16];
        measure_q(ctx, p, region, DM_MEASURE_COST_IN_YEAR, y, c);
        snprintf(key, sizeof key, "%d", y);
        json_object_object_add(o, key, dm_quantile_json(c));
    }
    return o;
}

/* ---- what drives the answer ------------------------------------------- */

/* One measure's PRCCs, largest first, without the no-effect ones; NULL
 * (JSON null) when the measure does not vary or has too few runs. */
static json_object *prcc_json(dm_context *ctx, const dm_projection *p,
                              size_t region, dm_measure m)
{
    size_t count = dm_projection_param_count(ctx, p), k = 0;
    size_t *order = malloc((count + 1) * sizeof *order);
    double *v = malloc((count + 1) * sizeof *v);
    json_object *o = NULL;
    if (order != NULL && v != NULL &&
        dm_projection_drivers(ctx, p, region, m, 0, order, v, count, &k) ==
            DM_OK &&
        (k > 0 || count == 0)) {
        o = json_object_new_object();
        for (size_t i = 0; i < k; i++)
            json_object_object_add(
                o, dm_projection_param_name(ctx, p, order[i]),
                dm_cli_json_double(round(v[i] * 1e4) / 1e4));
    }
    free(order);
    free(v);
    return o;
}

json_object *dm_sensitivity_json(dm_context *ctx, const dm_projection *p,
                                 size_t region)
{
    static const dm_measure measures[] = {
        DM_MEASURE_MONTHS_TO_80, DM_MEASURE_MONTHS_TO_100, DM_MEASURE_COST};
    json_object *o = json_object_new_object();
    for (size_t i = 0; i < sizeof measures / sizeof measures[0]; i++)
        json_object_object_add(o, dm_measure_name(measures[i]),
                               prcc_json(ctx, p, region, measures[i]));
    return o;
}

/* ---- the comparison ---------------------------------------------------- */

/* A compared measure (dm_compared_measure()). */
typedef struct compared {
    dm_measure m;
    const char *label, *unit;
    double scale; /* from the measure's unit to the shown one */
} compared;

static compared compared_at(size_t k)
{
    compared c = {DM_MEASURE_COST, "", "", 1.0};
    (void)dm_compared_measure(k, &c.m, &c.unit, &c.scale, &c.label);
    return c;
}

/* The change's P10/P50/P90 (scaled) and its runs; the two P50s. */
typedef struct change {
    double q[3], base, other;
    size_t runs;
} change;

static change change_of(dm_context *ctx, const dm_compare_set *c, size_t i,
                        size_t region, const compared *m, int year)
{
    change ch;
    (void)dm_projection_compare(ctx, c->proj[c->base], c->proj[i], region,
                                m->m, year, ch.q, &ch.runs, &ch.base,
                                &ch.other);
    for (int k = 0; k < 3; k++)
        ch.q[k] *= m->scale;
    ch.base *= m->scale;
    ch.other *= m->scale;
    return ch;
}

static void csv_number(FILE *f, double v)
{
    if (isnan(v))
        fputs(",", f);
    else if (isinf(v))
        fputs(v > 0 ? ",inf" : ",-inf", f);
    else
        fprintf(f, ",%.6g", v);
}

/* One scenario's rows of comparison.csv for one row of land or region. */
static void comparison_rows(dm_context *ctx, FILE *f, const dm_compare_set *c,
                            size_t i, size_t row)
{
    const dm_projection *p = c->proj[c->base];
    size_t region = dm_row_region(ctx, p, row);
    for (size_t k = 0; k < DM_COMPARED_COUNT; k++) {
        compared m = compared_at(k);
        size_t years = m.m == DM_MEASURE_RELEASED_BY ? c->nby : 1;
        for (size_t y = 0; y < years; y++) {
            int year = m.m == DM_MEASURE_RELEASED_BY ? c->by[y] : 0;
            /* Not kept of a region whose series are counted
             * (--region-series counts). */
            double v = 0.0;
            if (year != 0 &&
                dm_projection_measure(ctx, p, region, m.m, year, 0, &v) ==
                    DM_ERR_INVALID_ARGUMENT)
                continue;
            change ch = change_of(ctx, c, i, region, &m, year);
            dm_cli_csv_field(f, c->names[i]);
            fputc(',', f);
            dm_cli_csv_field(f, c->names[c->base]);
            fputc(',', f);
            dm_cli_csv_field(f, dm_row_code(ctx, p, row));
            fprintf(f, ",%s,", dm_measure_name(m.m));
            if (year != 0)
                fprintf(f, "%d", year);
            fprintf(f, ",%s", m.unit);
            for (int q = 0; q < 3; q++)
                csv_number(f, ch.q[q]);
            fprintf(f, ",%zu", ch.runs);
            csv_number(f, ch.base);
            csv_number(f, ch.other);
            fputc('\n', f);
        }
    }
}

int dm_write_comparison(dm_context *ctx, FILE *f, const dm_compare_set *c)
{
    fputs("scenario,versus,region,measure,year,unit,change_p10,change_p50,"
          "change_p90,paired_runs,versus_p50,scenario_p50\n",
          f);
    for (size_t i = 0; i < c->n; i++) {
        if (i == c->base)
            continue;
        size_t rows = dm_row_count(ctx, c->proj[c->base]);
        for (size_t row = 0; row < rows; row++)
            comparison_rows(ctx, f, c, i, row);
    }
    return 1;
}

/* "+1.23" with the measure's precision; "n/a" without a difference;
 * "+inf" / "-inf" when only one scenario reaches it. */
static void value_text(double v, const compared *m, char *buf, size_t size)
{
    /* Rounded first, so that a change too small to show reads +0. */
    double unit = m->m <= DM_MEASURE_MONTHS_TO_100 ? 100.0 : 1.0;
    if (isfinite(v))
        v = round(v * unit) / unit + 0.0;
    if (isnan(v))
        snprintf(buf, size, "n/a");
    else if (isinf(v))
        snprintf(buf, size, v > 0 ? "+inf" : "-inf");
    else if (m->m <= DM_MEASURE_MONTHS_TO_100)
        snprintf(buf, size, "%+.2f", v);
    else
        snprintf(buf, size, "%+.0f", v);
}

static void change_cell(const change *ch, const compared *m, char *buf,
                        size_t size)
{
    char t[3][24];
    for (int i = 0; i < 3; i++)
        value_text(ch->q[i], m, t[i], sizeof t[i]);
    snprintf(buf, size, "%s (%s to %s)", t[1], t[0], t[2]);
}

/* One line of the table: the measure's label, then its change on each
 * land. */
static void print_line(dm_context *ctx, const dm_compare_set *c, size_t i,
                       const compared *m, int year, const size_t *lands)
{
    char label[64], cell[96];
    if (year != 0)
        snprintf(label, sizeof label, "%s %d", m->label, year);
    else
        snprintf(label, sizeof label, "%s", m->label);
    printf("  %-34s", label);
    for (int l = 0; l < 2; l++) {
        change ch = change_of(ctx, c, i, lands[l], m, year);
        change_cell(&ch, m, cell, sizeof cell);
        printf("  %-34s", cell);
    }
    putchar('\n');
}

void dm_print_comparison(dm_context *ctx, const dm_compare_set *c)
{
    const dm_projection *p = c->proj[c->base];
    size_t lands[2] = {dm_open_land(ctx, p), DM_NATIONAL};
    for (size_t i = 0; i < c->n; i++) {
        if (i == c->base)
            continue;
        printf("%s against %s: the change, run by run (P50, P10 to P90; "
               "+inf: only %s\nreaches it, -inf: only %s, n/a: neither)\n",
               c->names[i], c->names[c->base], c->names[c->base], c->names[i]);
        printf("  %-34s  %-34s  %-34s\n", "", "land open at the start",
               "national");
        for (size_t k = 0; k < DM_COMPARED_COUNT; k++) {
            compared m = compared_at(k);
            if (m.m != DM_MEASURE_RELEASED_BY) {
                print_line(ctx, c, i, &m, 0, lands);
                continue;
            }
            for (size_t y = 0; y < c->nby; y++)
                print_line(ctx, c, i, &m, c->by[y], lands);
        }
        putchar('\n');
    }
}

static json_object *change_json(const change *ch)
{
    json_object *o = dm_quantile_json(ch->q);
    json_object_object_add(o, "paired_runs",
                           json_object_new_int64((int64_t)ch->runs));
    return o;
}

/* One land's changes. */
static json_object *land_json(dm_context *ctx, const dm_compare_set *c,
                              size_t i, size_t region)
{
    json_object *o = json_object_new_object();
    for (size_t k = 0; k < DM_COMPARED_COUNT; k++) {
        compared mk = compared_at(k);
        const compared *m = &mk;
        if (m->m != DM_MEASURE_RELEASED_BY) {
            change ch = change_of(ctx, c, i, region, m, 0);
            json_object_object_add(o, dm_measure_name(m->m), change_json(&ch));
            continue;
        }
        json_object *by = json_object_new_object();
        for (size_t y = 0; y < c->nby; y++) {
            char key[16];
            change ch = change_of(ctx, c, i, region, m, c->by[y]);
            snprintf(key, sizeof key, "%d", c->by[y]);
            json_object_object_add(by, key, change_json(&ch));
        }
        json_object_object_add(o, dm_measure_name(m->m), by);
    }
    return o;
}

json_object *dm_comparison_json(dm_context *ctx, const dm_compare_set *c)
{
    json_object *all = json_object_new_array();
    const dm_projection *p = c->proj[c->base];
    for (size_t i = 0; i < c->n; i++) {
        if (i == c->base)
            continue;
        json_object *o = json_object_new_object();
        json_object_object_add(o, "scenario",
                               json_object_new_string(c->names[i]));
        json_object_object_add(o, "versus",
                               json_object_new_string(c->names[c->base]));
        json_object *lands = json_object_new_object();
        for (size_t l = 0; l < DM_LAND_COUNT; l++) {
            dm_land land = dm_land_of(ctx, p, l);
            json_object_object_add(lands, land.code,
                                   land_json(ctx, c, i, land.region));
        }
        json_object_object_add(o, "lands", lands);
        json_object_array_add(all, o);
    }
    return all;
}
