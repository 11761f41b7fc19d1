/* The report: one self-contained HTML page of a run (dm_report_write()),
 * its pictures drawn by the chart and map functions as SVG and embedded
 * as data: URIs, so the page loads nothing else. */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cpl_string.h>
#include <cpl_vsi.h>
#include <fontconfig/fontconfig.h>

#include "atomic-private.h"
#include "contamination-private.h"
#include "picture-private.h"
#include "report-private.h"

const double dm_report_quantiles[3] = {0.1, 0.5, 0.9};

/* demine-project's --by. */
static const int default_by[] = {2026, 2030, 2033};

static void dm_report_options_init_full(dm_report_options *o)
{
    memset(o, 0, sizeof *o);
    o->struct_size = sizeof *o;
}

void dm_report_options_init_size(dm_report_options *o, size_t size)
{
    dm_report_options full;
    dm_report_options_init_full(&full);
    dm_init_copy(o, &full, sizeof full, size);
}

/* ---- writing HTML -------------------------------------------------------
 */

void dm_html(FILE *f, const char *text)
{
    if (text == NULL)
        return;
    char *e = CPLEscapeString(text, -1, CPLES_XML);
    fputs(e, f);
    CPLFree(e);
}

void dm_html_element(FILE *f, const char *tag, const char *attrs,
                     const char *text)
{
    fprintf(f, "<%s%s%s>", tag, attrs[0] != '\0' ? " " : "", attrs);
    dm_html(f, text);
    fprintf(f, "</%s>", tag);
}

void dm_html_number(char *buf, size_t size, double v, int decimals, int sign)
{
    if (isnan(v)) {
        snprintf(buf, size, "n/a");
        return;
    }
    if (isinf(v)) {
        snprintf(buf, size, "%s", v > 0 ? (sign ? "+inf" : "inf") : "−inf");
        return;
    }
    double unit = pow(10.0, decimals);
    v = round(v * unit) / unit + 0.0;
    const char *lead = v < 0 ? "−" : sign ? "+" : "";
    char digits[64];
    if (decimals == 0)
        dm_thousands(digits, sizeof digits, fabs(v));
    else
        dm_format_c(digits, sizeof digits, "%.*f", decimals, fabs(v));
    snprintf(buf, size, "%s%s", lead, digits);
}

void dm_report_date(char *buf, size_t size, int start, double months,
                    size_t horizon)
{
    char m[DM_MONTH_TEXT_SIZE];
    if (!isfinite(months)) {
        dm_month_format(start + (int)horizon - 1, m, sizeof m);
        snprintf(buf, size, "after %s", m);
        return;
    }
    if (months <= 0) {
        snprintf(buf, size, "at the start");
        return;
    }
    dm_month_format(start + (int)ceil(months) - 1, m, sizeof m);
    snprintf(buf, size, "%s", m);
}

/* ---- the pictures ------------------------------------------------------ */

/* Puts the picture drawn at r->picture into the page as an <img> in a
 * <figure id=id> with its caption, and removes the file. */
static void embed_picture(dm_report *r, const char *id, const char *alt,
                          const char *caption)
{
    vsi_l_offset size = 0;
    GByte *data = NULL;
    /* (CPLBase64Encode() takes an int: 1.6 GB of SVG.) */
    if (!VSIIngestFile(NULL, r->picture, &data, &size, -1) ||
        size > (vsi_l_offset)INT_MAX / 4 * 3) {
        r->s = dm_error(r->ctx, DM_ERR_IO,
                        "cannot write '%s': its %s cannot be read back from "
                        "'%s'",
                        r->path, id, r->picture);
        VSIFree(data);
        return;
    }
    char *b64 = CPLBase64Encode((int)size, data);
    VSIFree(data);
    (void)unlink(r->picture);
    fprintf(r->f, "<figure id=\"%s\"><img alt=\"", id);
    dm_html(r->f, alt);
    fprintf(r->f, "\" src=\"data:image/svg+xml;base64,%s\">", b64);
    CPLFree(b64);
    if (caption != NULL)
        dm_html_element(r->f, "figcaption", "", caption);
    fputs("</figure>\n", r->f);
}

/* Takes a picture function's status: the picture goes in, or the report
 * stops with the status. */
static void picture_done(dm_report *r, dm_status s, const char *id,
                         const char *alt, const char *caption)
{
    if (s != DM_OK)
        r->s = dm_error_wrap(r->ctx, s, "cannot write '%s' (its %s)", r->path,
                             id);
    else
        embed_picture(r, id, alt, caption);
}

static void section(dm_report *r, const char *id, const char *heading)
{
    fprintf(r->f, "</section>\n<section id=\"%s\">\n", id);
    dm_html_element(r->f, "h2", "", heading);
    fputc('\n', r->f);
}

static void paragraph(dm_report *r, const char *text)
{
    dm_html_element(r->f, "p", "", text);
    fputc('\n', r->f);
}

static void write_map(dm_report *r)
{
    const dm_report_options *o = r->o;
    section(r, "where", "Where the hazard is");
    if (o->contamination == NULL) {
        paragraph(r, "No map: the work table came from a file of areas, "
                     "without the polygons they were measured from.");
        return;
    }
    dm_map_options mo;
    dm_map_options_init(&mo);
    mo.format = "svg";
    dm_status s =
        dm_render_map(r->ctx, o->regions, o->contamination, r->picture, &mo);
    picture_done(r, s, "map", "Map of the estimated contamination by region",
                 "Each region is filled by the share of its land that is "
                 "contaminated; the polygons on top are the contamination by "
                 "hazard class, the hatching the occupied zone.");
}

/* The replay of the record against it, up to two years after its end. */
static void write_fit(dm_report *r)
{
    section(r, "fit", "The fit to the record");
    const dm_projection *p = r->base;
    size_t replay = dm_projection_replay_months(r->ctx, p);
    int start = 0;
    (void)dm_projection_start(r->ctx, p, &start);
    if (r->o->record != NULL && replay > 0) {
        dm_chart_options co;
        dm_chart_options_init(&co);
        co.format = "svg";
        co.record = r->o->record;
        co.title = "The replay against the record (national)";
        size_t months = dm_projection_months(r->ctx, p);
        if (replay + 24 < months)
            co.end_month = start + (int)replay + 24;
        const char *label = r->labels[r->o->versus];
        dm_status s =
            dm_render_burndown(r->ctx, &p, &label, 1, r->picture, &co);
        if (r->s == DM_OK)
            picture_done(r, s, "fit-chart",
                         "The replay of the record against its observations",
                         "The land not yet released nationally: the "
                         "record's observations (points, with their ranges) "
                         "against the runs (P50 line, P10–P90 band); the "
                         "shaded months replay the record, the rest project "
                         "it.");
    } else {
        paragraph(r, r->o->record == NULL
                         ? "No record was given: nothing to compare the runs "
                           "with."
                         : "The runs of the scenario compared with do not "
                           "replay the record (they were not drawn from a "
                           "fit to it).");
    }
    if (r->s == DM_OK)
        dm_report_fit(r);
}

/* The burn-down of every scenario: the land open at the start (the
 * accessible zone, as a rule), then all of it. */
static void write_burndown(dm_report *r)
{
    section(r, "burndown-section", "The burn-down");
    char land[128], title[192];
    dm_land_name(r->ctx, r->base, r->open_land, land, sizeof land);
    snprintf(title, sizeof title, "Remaining hazardous area: %s", land);
    for (int i = 0; i < 2 && r->s == DM_OK; i++) {
        dm_chart_options co;
        dm_chart_options_init(&co);
        co.format = "svg";
        co.region = i == 0 ? r->open_land : DM_NATIONAL;
        co.title = i == 0 ? title : "Remaining hazardous area: all the land";
        co.record = i == 0 ? NULL : r->o->record;
        dm_status s = dm_render_burndown(r->ctx, r->proj, r->labels, r->n,
                                         r->picture, &co);
        picture_done(
            r, s, i == 0 ? "burndown-open" : "burndown",
            i == 0 ? "The burn-down of the land open at the start"
                   : "The burn-down of all the land",
            i == 0 ? "The land open at the start not yet released, per "
                     "scenario (P50 line, P10–P90 band); the marker is the "
                     "national strategy's target, 80 % released by the end "
                     "of 2033."
                   : "All the land not yet released, the front line and the "
                     "occupied zone included: land that stays closed stays "
                     "in it.");
    }
}

static void write_compare_chart(dm_report *r)
{
    const dm_projection *order[DM_REPORT_MAX];
    const char *labels[DM_REPORT_MAX];
    order[0] = r->base;
    labels[0] = r->labels[r->o->versus];
    for (size_t i = 0, k = 1; i < r->n; i++)
        if (i != r->o->versus) {
            order[k] = r->proj[i];
            labels[k++] = r->labels[i];
        }
    dm_chart_options co;
    dm_chart_options_init(&co);
    co.format = "svg";
    dm_status s =
        dm_render_comparison(r->ctx, order, labels, r->n, r->picture, &co);
    picture_done(r, s, "comparison-chart",
                 "The change each scenario makes, against the first",
                 "Left: the change in years to 80 %, 95 % and 100 % released "
                 "of the land open by 2033, run by run against the first "
                 "scenario (bar: P50, line: P10–P90). Right: the burn-down of "
                 "that land.");
}

static void write_decisions(dm_report *r)
{
    section(r, "compare", "The scenarios compared");
    if (r->n < 2) {
        paragraph(r, "One scenario: nothing to compare it with.");
    } else {
        write_compare_chart(r);
        if (r->s == DM_OK)
            dm_report_comparison(r);
    }
    if (r->s != DM_OK)
        return;
    dm_report_cost_per_year(r);
    section(r, "assets", "What each asset buys");
    dm_report_ranks(r);
    section(r, "drivers", "What drives the answer");
    dm_report_drivers(r);
}

/* The tornado chart of the months to 80 % of the land open at the start,
 * when some figure drives them. */
void dm_report_drivers_chart(dm_report *r)
{
    dm_chart_options co;
    dm_chart_options_init(&co);
    co.format = "svg";
    dm_status s =
        dm_render_sensitivity(r->ctx, r->base, r->open_land,
                              DM_MEASURE_MONTHS_TO_80, 0, 15, r->picture, &co);
    picture_done(r, s, "sensitivity",
                 "What drives the years to 80 % of the land open at the start",
                 "The figures whose draws move the months to 80 % released "
                 "most (partial rank correlation over the runs): a bar to "
                 "the right, more months as the figure grows.");
}

/* ---- the question and the inputs -------------------------------------- */

static void input_row(dm_report *r, const char *what, const char *value)
{
    fputs("<tr>", r->f);
    dm_html_element(r->f, "th", "scope=\"row\"", what);
    dm_html_element(r->f, "td", "", value);
    fputs("</tr>\n", r->f);
}

/* The boundaries and the contamination, or the work table. */
static void land_inputs(dm_report *r)
{
    const dm_report_options *o = r->o;
    char buf[1024];
    if (o->contamination != NULL) {
        dm_map_attribution(o->contamination, buf, sizeof buf);
        input_row(r, "Boundaries and contamination", buf);
        double km2 = 0, share = 0;
        (void)dm_contamination_total_km2(r->ctx, o->contamination, &km2);
        (void)dm_contamination_total_share(r->ctx, o->contamination, &share);
        char a[32];
        dm_thousands(a, sizeof a, km2);
        snprintf(buf, sizeof buf, "%s km², %.1f %% of the land", a,
                 100 * share);
        input_row(r, "Contaminated", buf);
    } else {
        input_row(r, "Work table",
                  o->work_file != NULL ? o->work_file
                                       : "given by the calling program");
    }
    if (o->record != NULL) {
        snprintf(buf, sizeof buf, "%s (%zu observations)",
                 o->record_file != NULL ? o->record_file : "given",
                 dm_record_count(r->ctx, o->record));
        input_row(r, "Record", buf);
    }
    dm_posterior_info info;
    dm_posterior_info_init(&info);
    if (o->posterior != NULL &&
        dm_posterior_info_get(r->ctx, o->posterior, &info) == DM_OK) {
        snprintf(buf, sizeof buf,
                 "%s: %zu figures of '%s' fitted to %zu observations "
                 "(%zu weighted draws)",
                 o->posterior_file != NULL ? o->posterior_file : "given",
                 info.parameters, info.scenario, info.observations,
                 info.particles);
        input_row(r, "Fit to the record", buf);
    }
}

static void inputs_table(dm_report *r)
{
    const dm_projection *p = r->base;
    char buf[256];
    fputs("<table id=\"inputs\">\n", r->f);
    input_row(r, "demine", dm_version());
    land_inputs(r);
    snprintf(buf, sizeof buf, "%zu runs of each scenario, seed %llu",
             dm_projection_runs(r->ctx, p), dm_projection_seed(r->ctx, p));
    input_row(r, "Monte Carlo", buf);
    fputs("</table>\n", r->f);
}

/* One scenario's row: name, file, start and horizon, what its runs draw
 * from, its description. */
static void scenario_row(dm_report *r, size_t i)
{
    const dm_report_options *o = r->o;
    const dm_projection *p = r->proj[i];
    int start = 0;
    (void)dm_projection_start(r->ctx, p, &start);
    size_t replay = dm_projection_replay_months(r->ctx, p);
    char from[DM_MONTH_TEXT_SIZE], last[DM_MONTH_TEXT_SIZE], buf[256];
    dm_month_format(start, from, sizeof from);
    fputs("<tr>", r->f);
    dm_html_element(r->f, "th", "scope=\"row\"", r->labels[i]);
    dm_html_element(r->f, "td", "",
                    o->scenario_files != NULL ? o->scenario_files[i] : "");
    snprintf(buf, sizeof buf, "%s, %g years", from,
             (double)dm_projection_months(r->ctx, p) / 12.0);
    dm_html_element(r->f, "td", "", buf);
    if (replay > 0) {
        dm_month_format(start + (int)replay - 1, last, sizeof last);
        snprintf(buf, sizeof buf, "the fit to the record (replayed to %s)",
                 last);
    } else {
        snprintf(buf, sizeof buf, "its own ranges");
    }
    dm_html_element(r->f, "td", "", buf);
    dm_html_element(r->f, "td", "",
                    o->scenarios != NULL
                        ? dm_scenario_description(r->ctx, o->scenarios[i])
                        : "");
    fputs("</tr>\n", r->f);
}

static void write_question(dm_report *r)
{
    fputs("<section id=\"answer\">\n<h2>The answer</h2>\n", r->f);
    dm_report_answer(r);
    section(r, "question", "The question and the inputs");
    paragraph(r, "How long does it take, and how much does it cost, to "
                 "release the land suspected or confirmed to hold mines and "
                 "unexploded ordnance, staged from survey to clearance, "
                 "under each scenario of equipment and teams below? Every "
                 "figure is given as the P50 (median) of the Monte Carlo "
                 "runs with their P10–P90 range.");
    inputs_table(r);
    fputs("<table id=\"scenarios\">\n<thead><tr><th>scenario</th><th>file"
          "</th><th>start, horizon</th><th>runs draw from</th>"
          "<th>description</th></tr></thead>\n<tbody>\n",
          r->f);
    for (size_t i = 0; i < r->n; i++)
        scenario_row(r, i);
    fputs("</tbody></table>\n", r->f);
}

static void write_how_to_read(dm_report *r)
{
    section(r, "how-to-read", "How to read this, and its limits");
    static const char *const points[] = {
        "P50 is the median of the Monte Carlo runs: half of them do better. "
        "P10–P90 holds eight runs in ten; the range comes from the ranged "
        "figures of the scenario, or of the fit, drawn anew in each run.",
        "A change between scenarios is taken run by run (the same seed, the "
        "same draws of what they share), so it is narrower than the "
        "difference of two ranges. +inf: only the scenario compared with "
        "reaches the milestone within the horizon; −inf: only the other; "
        "n/a: neither.",
        "Land is released in stages (IMAS 08.20): non-technical survey "
        "cancels part of what is suspected, technical survey reduces part "
        "of what is confirmed, the rest is cleared.",
        "This is a model, not a survey. Where the contamination was "
        "estimated from conflict sources, the map and the areas are an "
        "estimate of where the hazard is, calibrated to the national "
        "total; only survey on the ground says where it is.",
        "When the occupied land opens, and the front line with it, is an "
        "assumption of each scenario (its access dates), not a forecast. "
        "Land that never opens within the horizon stays in the remaining "
        "area.",
        "The fit to the record constrains the capacity over the months the "
        "record covers; figures it says nothing about keep their "
        "sourced ranges. The further a projection runs past the record, "
        "the more it rests on the scenario's assumptions.",
    };
    fputs("<ul>\n", r->f);
    for (size_t i = 0; i < sizeof points / sizeof points[0]; i++) {
        dm_html_element(r->f, "li", "", points[i]);
        fputc('\n', r->f);
    }
    fputs("</ul>\n", r->f);
}

/* ---- the page ----------------------------------------------------------- */

/* Readable on a screen and on paper, in the face embedded above (the
 * pictures carry their glyphs as outlines). */
static const char style[] =
    "body{font-family:'demine sans','DejaVu Sans',system-ui,sans-serif;"
    "color:#1b1b1b;margin:0 auto;max-width:72rem;"
    "padding:1rem 2rem;line-height:1.45}\n"
    "h1{font-size:1.7rem;margin-bottom:.2rem}h2{font-size:1.3rem;"
    "border-bottom:1px solid #bbb;margin-top:2rem}\n"
    "table{border-collapse:collapse;margin:.6rem 0;font-size:.9rem}\n"
    "th,td{border:1px solid #ccc;padding:.2rem .45rem;text-align:left;"
    "vertical-align:top}\n"
    "td.n{text-align:right;font-variant-numeric:tabular-nums}\n"
    ".range{white-space:nowrap;color:#555;font-size:.85em}\n"
    "thead th{background:#f0f0f0}\n"
    "figure{margin:1rem 0}figure img{width:100%;height:auto;"
    "border:1px solid #ddd}\n"
    "figcaption{font-size:.85rem;color:#444}\n"
    ".lede{font-size:1.1rem}.muted{color:#555;font-size:.85rem}\n"
    "#scenarios td:nth-child(2){overflow-wrap:anywhere;min-width:12rem}\n"
    "@page{size:A4;margin:14mm}\n"
    "@media print{body{max-width:none;padding:0;font-size:10pt}"
    "table{font-size:8pt}figure,tr{break-inside:avoid}"
    "h2,h3{break-after:avoid}}\n";

/* Whether a font file is one a browser reads: TrueType or OpenType. */
static const char *font_format(const char *file)
{
    size_t n = strlen(file);
    if (n > 4 && strcmp(file + n - 4, ".ttf") == 0)
        return "truetype";
    if (n > 4 && strcmp(file + n - 4, ".otf") == 0)
        return "opentype";
    return NULL;
}

/* The file of the face `config` matches for `pattern` ("sans-serif", the
 * face the pictures' text is drawn with, as cairo finds it); new
 * (CPLFree()), or NULL when there is none a browser reads. */
static char *font_file(FcConfig *config, const char *pattern)
{
    FcPattern *want = FcNameParse((const FcChar8 *)pattern);
    char *file = NULL;
    if (config != NULL && want != NULL &&
        FcConfigSubstitute(config, want, FcMatchPattern)) {
        FcDefaultSubstitute(want);
        FcResult result = FcResultNoMatch;
        FcPattern *got = FcFontMatch(config, want, &result);
        FcChar8 *name = NULL;
        if (got != NULL &&
            FcPatternGetString(got, FC_FILE, 0, &name) == FcResultMatch &&
            font_format((const char *)name) != NULL)
            file = CPLStrdup((const char *)name);
        if (got != NULL)
            FcPatternDestroy(got);
    }
    if (want != NULL)
        FcPatternDestroy(want);
    return file;
}

/* One face of the page's own family as a data: URI; 0 when its file
 * cannot be read. */
static int embed_face(dm_report *r, const char *file, int weight)
{
    vsi_l_offset size = 0;
    GByte *data = NULL;
    int ok = VSIIngestFile(NULL, file, &data, &size, 16 << 20) && size > 0;
    if (ok) {
        char *b64 = CPLBase64Encode((int)size, data);
        const char *format = font_format(file);
        fprintf(r->f,
                "@font-face{font-family:\"demine sans\";font-style:normal;"
                "font-weight:%d;src:url(data:font/%s;base64,%s) "
                "format(\"%s\")}\n",
                weight, strcmp(format, "opentype") == 0 ? "otf" : "ttf", b64,
                format);
        CPLFree(b64);
    }
    VSIFree(data);
    return ok;
}

/* The page's own family, embedded: "demine sans", the face of the
 * pictures' text and its bold; nothing when the machine has none (the
 * page then falls back to the reader's sans-serif), the regular face
 * made bold by the browser when there is no bold one. */
static void write_font(dm_report *r)
{
    FcConfig *config = FcInitLoadConfigAndFonts();
    char *regular = font_file(config, "sans-serif");
    char *bold = regular != NULL ? font_file(config, "sans-serif:bold") : NULL;
    if (regular != NULL && embed_face(r, regular, 400) && bold != NULL &&
        strcmp(bold, regular) != 0)
        (void)embed_face(r, bold, 700);
    CPLFree(regular);
    CPLFree(bold);
    if (config != NULL)
        FcConfigDestroy(config);
}

static void write_head(dm_report *r, const char *title)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta "
          "charset=\"utf-8\">\n<meta name=\"viewport\" "
          "content=\"width=device-width, initial-scale=1\">\n",
          r->f);
    fprintf(r->f, "<meta name=\"generator\" content=\"demine %s\">\n",
            dm_version());
    dm_html_element(r->f, "title", "", title);
    fputs("\n<style>\n", r->f);
    write_font(r);
    fprintf(r->f, "%s</style>\n</head>\n<body>\n<header>\n", style);
    dm_html_element(r->f, "h1", "", title);
    fputs("\n</header>\n", r->f);
}

/* "Land release: a, b and c". */
static void default_title(const dm_report *r, char *buf, size_t size)
{
    size_t k = (size_t)snprintf(buf, size, "Land release: ");
    for (size_t i = 0; i < r->n && k < size; i++)
        k += (size_t)snprintf(buf + k, size - k, "%s%s",
                              i == 0          ? ""
                              : i + 1 == r->n ? " and "
                                              : ", ",
                              r->labels[i]);
}

static void write_page(dm_report *r)
{
    char title[512];
    if (r->o->title != NULL)
        snprintf(title, sizeof title, "%s", r->o->title);
    else
        default_title(r, title, sizeof title);
    write_head(r, title);
    write_question(r);
    if (r->s == DM_OK)
        write_map(r);
    if (r->s == DM_OK)
        write_fit(r);
    if (r->s == DM_OK)
        write_burndown(r);
    if (r->s == DM_OK)
        write_decisions(r);
    if (r->s != DM_OK)
        return;
    section(r, "regions", "Per region");
    dm_report_regions(r);
    write_how_to_read(r);
    fprintf(r->f,
            "</section>\n<footer><p class=\"muted\">Made by demine %s from "
            "the inputs above; the same inputs and seed make the same "
            "page.</p></footer>\n</body>\n</html>\n",
            dm_version());
}

/* ---- the call ----------------------------------------------------------- */

/* The projections pair up with the one compared with (the same seed,
 * runs, start, horizon and regions: dm_projection_change_quantile()'s own
 * check says which differs), versus is one of them, the map has both its
 * halves. */
static dm_status check_inputs(dm_context *ctx,
                              const dm_projection *const *proj, size_t n,
                              const dm_report_options *o)
{
    if (n == 0 || n > DM_REPORT_MAX)
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "dm_report_write takes 1 to %d projections, not %zu",
                        DM_REPORT_MAX, n);
    if (o->versus >= n)
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "versus %zu is not one of the %zu projections",
                        o->versus, n);
    for (size_t i = 0; i < n; i++)
        if (proj[i] == NULL)
            return dm_null_argument(ctx, "dm_report_write", "projections[i]");
    for (size_t i = 0; i < n; i++) {
        double v = 0.0;
        size_t runs = 0;
        if (i != o->versus && dm_projection_change_quantile(
                                  ctx, proj[o->versus], proj[i], DM_NATIONAL,
                                  DM_MEASURE_COST, 0, 0.5, &v, &runs) != DM_OK)
            return dm_error_wrap(ctx, DM_ERR_INVALID_ARGUMENT,
                                 "dm_report_write: projection %zu does not "
                                 "pair with projection %zu, the one compared "
                                 "with",
                                 i, o->versus);
    }
    if ((o->regions == NULL) != (o->contamination == NULL))
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "the report's map needs both the regions and the "
                        "contamination (or neither)");
    return DM_OK;
}

static void setup(dm_report *r, const dm_projection *const *proj, size_t n,
                  const dm_report_options *o)
{
    r->proj = proj;
    r->n = n;
    r->o = o;
    for (size_t i = 0; i < n; i++) {
        snprintf(r->fallback[i], sizeof r->fallback[i], "scenario %zu", i + 1);
        r->labels[i] = o->labels != NULL && o->labels[i] != NULL
                           ? o->labels[i]
                           : r->fallback[i];
    }
    r->base = proj[o->versus];
    int start = 0;
    unsigned mask = 0;
    (void)dm_projection_start(r->ctx, r->base, &start);
    (void)dm_projection_open_zones(r->ctx, r->base, start, &mask);
    r->open_land = mask != 0 ? DM_ZONES(mask) : DM_NATIONAL;
    r->by = o->by_years != NULL ? o->by_years : default_by;
    r->nby = o->by_years != NULL ? o->by_count
                                 : sizeof default_by / sizeof default_by[0];
    r->s = DM_OK;
}

dm_status dm_report_write(dm_context *ctx,
                          const dm_projection *const *projections, size_t n,
                          const char *path, const dm_report_options *opts)
{
    DM_CHECK(ctx, projections, path);
    DM_GEO_BEGIN(ctx);
    dm_report_options o;
    DM_TAKE_OPTIONS(ctx, o, opts, dm_report_options_init);
    dm_status s = check_inputs(ctx, projections, n, &o);
    if (s != DM_OK)
        return s;
    dm_atomic a;
    if ((s = dm_atomic_begin(ctx, path, &a)) != DM_OK)
        return s;
    char picture[sizeof a.tmpdir + 16];
    snprintf(picture, sizeof picture, "%s/picture.svg", a.tmpdir);
    dm_report r;
    memset(&r, 0, sizeof r);
    r.ctx = ctx;
    r.path = path;
    r.picture = picture;
    setup(&r, projections, n, &o);
    r.f = fopen(a.tmp, "wb");
    if (r.f == NULL) {
        s = dm_error(ctx, DM_ERR_IO, "cannot write '%s': %s", path,
                     strerror(errno));
    } else {
        write_page(&r);
        int failed = ferror(r.f) != 0;
        failed |= fclose(r.f) != 0;
        s = r.s != DM_OK ? r.s
            : failed ? dm_error(ctx, DM_ERR_IO, "cannot write '%s': %s", path,
                                strerror(errno))
                     : DM_OK;
    }
    (void)unlink(picture);
    if (s != DM_OK) {
        dm_atomic_abort(&a);
        return s;
    }
    return dm_atomic_commit(ctx, &a);
}
