/* Private: the HTML report (dm_report_write()): the page and its pictures
 * in report.c, its tables in report-tables.c, what both write with here. */
#ifndef DM_REPORT_PRIVATE_H
#define DM_REPORT_PRIVATE_H

#include <stdio.h>

#include "core-private.h"

/* The most projections a report takes. */
#define DM_REPORT_MAX 64

/* Room for a scenario's fallback label, "scenario <a size_t>". */
#define DM_REPORT_LABEL_SIZE 32

/* The quantiles every figure is given with: P10, P50, P90. */
extern const double dm_report_quantiles[3];

/* One report being written. */
typedef struct dm_report {
    dm_context *ctx;
    FILE *f;
    const dm_projection *const *proj;
    size_t n;
    const dm_report_options *o;
    const char *labels[DM_REPORT_MAX];
    char fallback[DM_REPORT_MAX][DM_REPORT_LABEL_SIZE];
    const dm_projection *base; /* proj[o->versus] */
    size_t open_land;          /* the land open at the start */
    const int *by;
    size_t nby;
    const char *path;    /* the page's, for messages */
    const char *picture; /* where a picture is drawn before it goes in */
    dm_status s;         /* the first failure; DM_OK */
} dm_report;

/* Writes text with HTML's special characters escaped (names come from
 * input files). NULL writes nothing. */
void dm_html(FILE *f, const char *text);

/* Writes "<tag attrs>text</tag>" with the text escaped; attrs ("" for
 * none) are the caller's own, already escaped. */
void dm_html_element(FILE *f, const char *tag, const char *attrs,
                     const char *text);

/* A number as shown: thousands separated when decimals is 0, a sign
 * (+ or a minus sign) when `sign`; "n/a" for NAN, "+inf"/"−inf" (or
 * "inf") for infinities. Rounded first, so that -0.001 shows 0. */
void dm_html_number(char *buf, size_t size, double v, int decimals, int sign);

/* A month after `months` months from `start` as "YYYY-MM": the month by
 * whose end they are done; past the horizon (infinite): "after
 * <the last month>". */
void dm_report_date(char *buf, size_t size, int start, double months,
                    size_t horizon);

/* The tornado chart of what drives the months to 80 % of the land open
 * at the start (report.c). */
void dm_report_drivers_chart(dm_report *r);

/* The tables (report-tables.c). */
void dm_report_answer(dm_report *r);
void dm_report_comparison(dm_report *r);
void dm_report_cost_per_year(dm_report *r);
void dm_report_ranks(dm_report *r);
void dm_report_drivers(dm_report *r);
void dm_report_regions(dm_report *r);
void dm_report_fit(dm_report *r);

#endif
