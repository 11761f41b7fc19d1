/* The report's tables: the answer, the comparison (comparison.csv's
 * figures), the cost per year, what each asset buys, what drives the
 * answer, the regions, and the fit to the record. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "picture-private.h"
#include "report-private.h"

#define MONTHS_PER_YEAR 12.0
#define USD_PER_MILLION 1e6

/* A cell of a figure, right-aligned. */
static void number_cell(FILE *f, const char *text)
{
    dm_html_element(f, "td", "class=\"n\"", text);
}

/* A cell of a figure's P50 with its P10 – P90 under it; the P50 alone
 * where they are the same (every run past the horizon, say). t: P10, P50,
 * P90 as shown. */
static void range_cell(FILE *f, char t[3][48])
{
    fputs("<td class=\"n\">", f);
    dm_html(f, t[1]);
    if (strcmp(t[0], t[2]) != 0) {
        fputs("<br><span class=\"range\">", f);
        dm_html(f, t[0]);
        fputs(" – ", f);
        dm_html(f, t[2]);
        fputs("</span>", f);
    }
    fputs("</td>", f);
}

/* The month a milestone of `region` is reached by: "2031-06" over
 * "2030-01 – 2033-02" (P50, P10 – P90). */
static void date_cell(dm_report *r, const dm_projection *p, size_t region,
                      dm_milestone m)
{
    int start = 0;
    (void)dm_projection_start(r->ctx, p, &start);
    size_t h = dm_projection_months(r->ctx, p);
    char t[3][48];
    for (int i = 0; i < 3; i++) {
        double v = NAN;
        (void)dm_projection_months_quantile(r->ctx, p, region, m,
                                            dm_report_quantiles[i], &v);
        dm_report_date(t[i], sizeof t[i], start, v, h);
    }
    range_cell(r->f, t);
}

/* The cost of `region` over the horizon, US$ m: "1,234" over
 * "1,000 – 1,500". */
static void cost_cell(dm_report *r, const dm_projection *p, size_t region)
{
    char t[3][48];
    for (int i = 0; i < 3; i++) {
        double v = NAN;
        (void)dm_projection_cost_quantile(r->ctx, p, region,
                                          dm_report_quantiles[i], &v);
        dm_html_number(t[i], sizeof t[i], v / USD_PER_MILLION, 0, 0);
    }
    range_cell(r->f, t);
}

/* The sentence at the top: when 80 % and all of the land open at the
 * start are released under the scenario compared with, and at what cost. */
static void headline(dm_report *r)
{
    const dm_projection *p = r->base;
    int start = 0;
    (void)dm_projection_start(r->ctx, p, &start);
    size_t h = dm_projection_months(r->ctx, p);
    double km2 = 0, m80 = NAN, m100 = NAN, cost = NAN;
    (void)dm_projection_area_km2(r->ctx, p, r->open_land, &km2);
    (void)dm_projection_months_quantile(r->ctx, p, r->open_land, DM_RELEASE_80,
                                        0.5, &m80);
    (void)dm_projection_months_quantile(r->ctx, p, r->open_land,
                                        DM_RELEASE_100, 0.5, &m100);
    (void)dm_projection_cost_quantile(r->ctx, p, DM_NATIONAL, 0.5, &cost);
    char a[32], d80[48], d100[48], c[32], text[768];
    dm_thousands(a, sizeof a, km2);
    dm_report_date(d80, sizeof d80, start, m80, h);
    dm_report_date(d100, sizeof d100, start, m100, h);
    dm_html_number(c, sizeof c, cost / USD_PER_MILLION, 0, 0);
    snprintf(text, sizeof text,
             "Under %s, half of the runs release 80 %% of the %s km² open at "
             "the start by %s and all of it by %s, for US$ %s m over the "
             "horizon (P50).",
             r->labels[r->o->versus], a, d80, d100, c);
    dm_html_element(r->f, "p", "class=\"lede\"", text);
    fputc('\n', r->f);
}

void dm_report_answer(dm_report *r)
{
    headline(r);
    fputs("<table id=\"answer-table\">\n<thead><tr><th>scenario</th>"
          "<th>80 % of the land open at the start by</th>"
          "<th>all of it by</th><th>80 % of all the land by</th>"
          "<th>cost over the horizon, US$ m</th></tr></thead>\n<tbody>\n",
          r->f);
    for (size_t i = 0; i < r->n; i++) {
        fputs("<tr>", r->f);
        dm_html_element(r->f, "th", "scope=\"row\"", r->labels[i]);
        date_cell(r, r->proj[i], r->open_land, DM_RELEASE_80);
        date_cell(r, r->proj[i], r->open_land, DM_RELEASE_100);
        date_cell(r, r->proj[i], DM_NATIONAL, DM_RELEASE_80);
        cost_cell(r, r->proj[i], DM_NATIONAL);
        fputs("</tr>\n", r->f);
    }
    fputs("</tbody></table>\n<p class=\"muted\">Month by whose end half of "
          "the runs are there, P10 – P90 under it; "
          "“after” the last month: not within the horizon.</p>\n",
          r->f);
}

/* ---- the comparison ---------------------------------------------------- */

/* A compared measure (dm_compared_measure()) and its shown decimals. */
typedef struct compared {
    dm_measure m;
    const char *label, *unit;
    double scale; /* from the measure's unit to the shown one */
    int decimals; /* shown: years to 0.01, the others whole */
} compared;

static compared compared_at(size_t k)
{
    compared c = {DM_MEASURE_COST, "", "", 1.0, 0};
    (void)dm_compared_measure(k, &c.m, &c.unit, &c.scale, &c.label);
    c.decimals = c.m <= DM_MEASURE_MONTHS_TO_100 ? 2 : 0;
    return c;
}

/* A value as comparison.csv writes it: "" (none), "inf", "-inf" or
 * %.6g. */
static void csv_text(char *buf, size_t size, double v)
{
    if (isnan(v))
        buf[0] = '\0';
    else if (isinf(v))
        snprintf(buf, size, v > 0 ? "inf" : "-inf");
    else
        dm_format_c(buf, size, "%.6g", v);
}

/* A figure's cell: its value as comparison.csv has it (data-value), shown
 * rounded. */
static void figure_cell(dm_report *r, const char *column, double v,
                        const compared *m, int sign)
{
    char value[48], shown[64];
    csv_text(value, sizeof value, v);
    if (!sign && m->m <= DM_MEASURE_MONTHS_TO_100 && isinf(v) && v > 0)
        /* A scenario's own years to a milestone it does not reach: past
         * the horizon, as the tool's table says it. */
        snprintf(shown, sizeof shown, ">%g",
                 (double)dm_projection_months(r->ctx, r->base) /
                     MONTHS_PER_YEAR);
    else
        dm_html_number(shown, sizeof shown, v, m->decimals, sign);
    fprintf(r->f, "<td class=\"n\" data-column=\"%s\" data-value=\"%s\">",
            column, value);
    dm_html(r->f, shown);
    fputs("</td>", r->f);
}

/* One row of the comparison: scenario i against the base, on `land`
 * (code as comparison.csv's), one measure (and year). */
static void comparison_row(dm_report *r, size_t i, size_t region,
                           const char *land, const compared *m, int year)
{
    double q[3], base = NAN, other = NAN;
    size_t runs = 0;
    (void)dm_projection_compare(r->ctx, r->base, r->proj[i], region, m->m,
                                year, q, &runs, &base, &other);
    dm_context_clear_error(r->ctx);
    for (int k = 0; k < 3; k++)
        q[k] *= m->scale;
    fputs("<tr data-scenario=\"", r->f);
    dm_html(r->f, r->labels[i]);
    fputs("\" data-versus=\"", r->f);
    dm_html(r->f, r->labels[r->o->versus]);
    fprintf(r->f, "\" data-region=\"%s\" data-measure=\"%s\" data-year=\"",
            land, dm_measure_name(m->m));
    if (year != 0)
        fprintf(r->f, "%d", year);
    char label[64];
    if (year != 0)
        snprintf(label, sizeof label, "%s %d", m->label, year);
    else
        snprintf(label, sizeof label, "%s", m->label);
    fputs("\">", r->f);
    dm_html_element(r->f, "th", "scope=\"row\"", label);
    figure_cell(r, "change_p50", q[1], m, 1);
    figure_cell(r, "change_p10", q[0], m, 1);
    figure_cell(r, "change_p90", q[2], m, 1);
    figure_cell(r, "versus_p50", base * m->scale, m, 0);
    figure_cell(r, "scenario_p50", other * m->scale, m, 0);
    fprintf(r->f,
            "<td class=\"n\" data-column=\"paired_runs\" "
            "data-value=\"%zu\">%zu</td></tr>\n",
            runs, runs);
}

/* Scenario i against the base on one land: every measure. */
static void comparison_land(dm_report *r, size_t i, size_t region,
                            const char *land, const char *name)
{
    fputs("<tr><th colspan=\"7\" class=\"land\">", r->f);
    dm_html(r->f, r->labels[i]);
    fputs(" against ", r->f);
    dm_html(r->f, r->labels[r->o->versus]);
    fputs(": ", r->f);
    dm_html(r->f, name);
    fputs("</th></tr>\n", r->f);
    for (size_t k = 0; k < DM_COMPARED_COUNT; k++) {
        compared m = compared_at(k);
        if (m.m != DM_MEASURE_RELEASED_BY) {
            comparison_row(r, i, region, land, &m, 0);
            continue;
        }
        for (size_t y = 0; y < r->nby; y++)
            comparison_row(r, i, region, land, &m, r->by[y]);
    }
}

void dm_report_comparison(dm_report *r)
{
    fputs("<table id=\"comparison\">\n<thead><tr><th>measure</th>"
          "<th>change P50</th><th>P10</th><th>P90</th><th>compared with, "
          "P50</th><th>scenario, P50</th><th>paired runs</th></tr></thead>\n"
          "<tbody>\n",
          r->f);
    for (size_t i = 0; i < r->n; i++) {
        if (i == r->o->versus)
            continue;
        comparison_land(r, i, r->open_land, "open_at_start",
                        "the land open at the start");
        comparison_land(r, i, DM_NATIONAL, "national", "all the land");
    }
    fputs("</tbody></table>\n<p class=\"muted\">The change is the "
          "scenario's figure less the one it is compared with, run by run "
          "(the same figures as comparison.csv). Fewer years and more km² "
          "are better; less money too.</p>\n",
          r->f);
}

/* ---- the cost per year ------------------------------------------------- */

void dm_report_cost_per_year(dm_report *r)
{
    int first = 0, last = -1;
    (void)dm_projection_years(r->ctx, r->base, &first, &last);
    int until = r->nby > 0 ? r->by[r->nby - 1] : first + 10;
    if (until > last)
        until = last;
    fputs("<h3>The cost per year, all the land (US$ m, P50)</h3>\n<table "
          "id=\"cost-per-year\">\n<thead><tr><th>year</th>",
          r->f);
    for (size_t i = 0; i < r->n; i++)
        dm_html_element(r->f, "th", "", r->labels[i]);
    fputs("</tr></thead>\n<tbody>\n", r->f);
    for (int y = first; y <= until; y++) {
        fprintf(r->f, "<tr><th scope=\"row\">%d</th>", y);
        for (size_t i = 0; i < r->n; i++) {
            double v = NAN;
            char shown[32];
            if (dm_projection_measure_quantile(r->ctx, r->proj[i], DM_NATIONAL,
                                               DM_MEASURE_COST_IN_YEAR, y, 0.5,
                                               &v) != DM_OK)
                v = NAN;
            dm_html_number(shown, sizeof shown, v / USD_PER_MILLION, 1, 0);
            number_cell(r->f, shown);
        }
        fputs("</tr>\n", r->f);
    }
    dm_context_clear_error(r->ctx);
    fputs("</tbody></table>\n", r->f);
}

/* ---- what each asset buys ---------------------------------------------- */

static void rank_row(dm_report *r, const dm_asset_rank *a)
{
    char t[64];
    fputs("<tr>", r->f);
    dm_html_element(r->f, "th", "scope=\"row\"", a->name);
    dm_html_number(t, sizeof t, a->usd_per_unit_year, 0, 0);
    number_cell(r->f, t);
    dm_html_number(t, sizeof t, a->units_per_musd, 1, 0);
    number_cell(r->f, t);
    dm_html_number(t, sizeof t, a->usd_per_km2, 0, 0);
    number_cell(r->f, t);
    dm_html_number(t, sizeof t, a->km2_by_deadline, 0, 1);
    number_cell(r->f, t);
    dm_html_number(t, sizeof t, a->months_saved_80 / MONTHS_PER_YEAR, 2, 1);
    number_cell(r->f, t);
    dm_html_number(t, sizeof t, a->months_saved_100 / MONTHS_PER_YEAR, 2, 1);
    number_cell(r->f, t);
    fputs("</tr>\n", r->f);
}

/* Whether every asset's figures show as no change: no km² more (to the
 * km²), no time saved (to 0.01 year). */
static int buys_nothing(const dm_asset_rank *a, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        double m80 = a[i].months_saved_80 / MONTHS_PER_YEAR;
        double m100 = a[i].months_saved_100 / MONTHS_PER_YEAR;
        /* As rank_row() rounds them (NAN, neither reaches it, counts as
         * no change; an infinity, only the extra does, as one). */
        if (round(a[i].km2_by_deadline) != 0 && !isnan(a[i].km2_by_deadline))
            return 0;
        if ((round(m80 * 100) != 0 && !isnan(m80)) ||
            (round(m100 * 100) != 0 && !isnan(m100)))
            return 0;
    }
    return n > 0;
}

void dm_report_ranks(dm_report *r)
{
    if (r->o->ranks == NULL || r->o->rank_count == 0) {
        dm_html_element(r->f, "p", "",
                        "Not computed for this report (demine-plan --rank "
                        "computes it).");
        fputc('\n', r->f);
        return;
    }
    size_t runs = r->o->rank_runs != 0 ? r->o->rank_runs
                                       : dm_projection_runs(r->ctx, r->base);
    fputs("<p>US$1 m a year more on one asset of ", r->f);
    dm_html(r->f, r->labels[r->o->versus]);
    fprintf(r->f,
            ", from the first month after the record (the start without "
            "one), run by run "
            "against the scenario as it is (P50 of %zu runs), ",
            runs);
    fputs("ranked by the km² it adds by the plan's "
          "deadline (the national strategy's end of 2033 unless "
          "set).</p>\n<table id=\"assets-table\">\n<thead><tr><th>asset</th>"
          "<th>US$ per unit-year</th><th>units per US$1 m a year</th>"
          "<th>US$ per km² it works</th><th>more km² released by the "
          "deadline</th><th>years saved to 80 %</th><th>years saved to "
          "100 %</th></tr></thead>\n<tbody>\n",
          r->f);
    for (size_t i = 0; i < r->o->rank_count; i++)
        rank_row(r, &r->o->ranks[i]);
    fputs("</tbody></table>\n", r->f);
    if (buys_nothing(r->o->ranks, r->o->rank_count))
        dm_html_element(
            r->f, "p", "id=\"assets-nothing\"",
            "At P50 no asset releases more of the target land by the "
            "deadline or reaches 80 % or all of it sooner, to the figures "
            "shown: what is open by then is released with the capacity "
            "the scenario already has, and more capacity buys speed only "
            "where more land opens (a scenario that opens it says how "
            "much).");
}

/* ---- what drives the answer ------------------------------------------- */

void dm_report_drivers(dm_report *r)
{
    size_t order[10], k = 0;
    double prcc[10];
    if (dm_projection_drivers(r->ctx, r->base, r->open_land,
                              DM_MEASURE_MONTHS_TO_80, 0, order, prcc, 10,
                              &k) != DM_OK)
        k = 0;
    dm_context_clear_error(r->ctx);
    if (k == 0) {
        dm_html_element(r->f, "p", "",
                        "No figure moves the months to 80 % of the land open "
                        "at the start (nothing is ranged, it does not vary, "
                        "or the runs are too few).");
        fputc('\n', r->f);
        return;
    }
    dm_report_drivers_chart(r);
    fputs("<table id=\"drivers-table\">\n<thead><tr><th>figure</th>"
          "<th>PRCC with the months to 80 %</th></tr></thead>\n<tbody>\n",
          r->f);
    for (size_t i = 0; i < k && i < 10 && r->s == DM_OK; i++) {
        char t[32];
        fputs("<tr>", r->f);
        dm_html_element(r->f, "td", "",
                        dm_projection_param_name(r->ctx, r->base, order[i]));
        dm_html_number(t, sizeof t, prcc[i], 3, 1);
        number_cell(r->f, t);
        fputs("</tr>\n", r->f);
    }
    fputs("</tbody></table>\n", r->f);
}

/* ---- the regions -------------------------------------------------------- */

/* Years to a milestone, "7.5" over "6.1 – 9.0"; ">30" past the
 * horizon. */
static void years_cell(dm_report *r, size_t region, dm_milestone m)
{
    size_t h = dm_projection_months(r->ctx, r->base);
    char t[3][48];
    for (int i = 0; i < 3; i++) {
        double v = NAN;
        (void)dm_projection_months_quantile(r->ctx, r->base, region, m,
                                            dm_report_quantiles[i], &v);
        if (isinf(v))
            snprintf(t[i], sizeof t[i], ">%g", (double)h / MONTHS_PER_YEAR);
        else
            dm_html_number(t[i], sizeof t[i], v / MONTHS_PER_YEAR, 1, 0);
    }
    range_cell(r->f, t);
}

static void region_row(dm_report *r, const char *code, const char *name,
                       size_t region, double km2)
{
    char a[32];
    fputs("<tr>", r->f);
    dm_html_element(r->f, "td", "", code);
    dm_html_element(r->f, "td", "", name);
    dm_thousands(a, sizeof a, km2);
    number_cell(r->f, a);
    years_cell(r, region, DM_RELEASE_80);
    years_cell(r, region, DM_RELEASE_100);
    cost_cell(r, r->base, region);
    fputs("</tr>\n", r->f);
}

void dm_report_regions(dm_report *r)
{
    const dm_projection *p = r->base;
    size_t R = dm_projection_region_count(r->ctx, p), none = 0;
    fputs("<p>Under ", r->f);
    dm_html(r->f, r->labels[r->o->versus]);
    fputs(": years from the start to release 80 % and all of each "
          "region's land, and its cost (P50, the P10 – P90 under "
          "it).</p>\n<table "
          "id=\"region-table\">\n<thead><tr><th>code</th><th>name</th>"
          "<th>km²</th><th>years to 80 %</th><th>years to 100 %</th>"
          "<th>cost, US$ m</th></tr></thead>\n<tbody>\n",
          r->f);
    for (size_t i = 0; i < R; i++) {
        double km2 = 0;
        (void)dm_projection_area_km2(r->ctx, p, i, &km2);
        if (km2 <= 0) {
            none++;
            continue;
        }
        region_row(r, dm_projection_region_code(r->ctx, p, i),
                   dm_projection_region_name(r->ctx, p, i), i, km2);
    }
    double km2 = 0;
    (void)dm_projection_area_km2(r->ctx, p, r->open_land, &km2);
    region_row(r, "open_at_start", "(land open at the start)", r->open_land,
               km2);
    (void)dm_projection_area_km2(r->ctx, p, DM_NATIONAL, &km2);
    region_row(r, "national", "(all the land)", DM_NATIONAL, km2);
    fputs("</tbody></table>\n", r->f);
    if (none > 0)
        fprintf(r->f,
                "<p class=\"muted\">%zu regions with no contaminated land "
                "are left out.</p>\n",
                none);
}

/* ---- the fit to the record ---------------------------------------------- */

static void fit_row(dm_report *r, size_t i)
{
    dm_observation obs;
    dm_observation_init(&obs);
    double q[3];
    for (int k = 0; k < 3; k++)
        if (dm_posterior_observation(r->ctx, r->o->posterior, i, &obs,
                                     dm_report_quantiles[k], &q[k]) != DM_OK)
            q[k] = NAN;
    char when[48], a[DM_MONTH_TEXT_SIZE], b[DM_MONTH_TEXT_SIZE], t[4][32];
    dm_month_format(obs.month, b, sizeof b);
    if (obs.from_month != 0)
        snprintf(when, sizeof when, "%s to %s",
                 dm_month_format(obs.from_month, a, sizeof a), b);
    else
        snprintf(when, sizeof when, "end of %s", b);
    int share = strcmp(obs.quantity, "flagged_share") == 0;
    fputs("<tr>", r->f);
    dm_html_element(r->f, "td", "", when);
    dm_html_element(r->f, "td", "",
                    obs.region != NULL ? obs.region : DM_RECORD_NATIONAL);
    dm_html_element(r->f, "td", "", obs.quantity);
    dm_html_number(t[0], sizeof t[0], obs.value, share ? 3 : 0, 0);
    dm_html_number(t[1], sizeof t[1], obs.low, share ? 3 : 0, 0);
    dm_html_number(t[2], sizeof t[2], obs.high, share ? 3 : 0, 0);
    char cell[112];
    snprintf(cell, sizeof cell, "%s (%s–%s)", t[0], t[1], t[2]);
    number_cell(r->f, cell);
    for (int k = 0; k < 3; k++)
        dm_html_number(t[k], sizeof t[k], q[k], share ? 3 : 0, 0);
    snprintf(cell, sizeof cell, "%s (%s–%s)", t[1], t[0], t[2]);
    number_cell(r->f, cell);
    int within = q[1] >= obs.low && q[1] <= obs.high;
    number_cell(r->f, within ? "yes" : "no");
    fputs("</tr>\n", r->f);
}

void dm_report_fit(dm_report *r)
{
    dm_posterior_info info;
    dm_posterior_info_init(&info);
    if (r->o->posterior == NULL ||
        dm_projection_replay_months(r->ctx, r->base) == 0 ||
        dm_posterior_info_get(r->ctx, r->o->posterior, &info) != DM_OK) {
        dm_html_element(r->f, "p", "",
                        "The runs of the scenario compared with were not "
                        "drawn from a fit to the record: their figures are "
                        "the scenario's own ranges.");
        fputc('\n', r->f);
        return;
    }
    fputs("<p>Each observation the fit was made to, against what the fitted "
          "draws simulate for it (P50, P10–P90).</p>\n<table "
          "id=\"record-fit\">\n<thead><tr><th>when</th><th>region</th>"
          "<th>quantity</th><th>recorded (range)</th><th>simulated</th>"
          "<th>within the range</th></tr></thead>\n<tbody>\n",
          r->f);
    for (size_t i = 0; i < info.observations; i++)
        fit_row(r, i);
    fputs("</tbody></table>\n", r->f);
}
