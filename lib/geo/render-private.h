/* Private: the page layout and colours of the pictures, shared with the
 * tests that read pixels back and with the GeoPackage's QGIS style
 * (style.c), which colours the contamination as the map does. */
#ifndef DM_RENDER_PRIVATE_H
#define DM_RENDER_PRIVATE_H

#include <math.h>
#include <stddef.h>

#include "demine.h"

/* (Everything here is static inline so that white-box tests compile it
 * too: the library exports only dm_* API symbols.) */

/* Contaminated share classes of the map's colour scale: [break i, break
 * i+1). Seven classes, so the scale below has seven colours. */
#define DM_SHARE_CLASSES 7
static const double dm_share_breaks[DM_SHARE_CLASSES + 1] = {
    0.0, 0.01, 0.05, 0.10, 0.25, 0.50, 0.75, 1.0 + 1e-9,
};

/* ColorBrewer YlOrRd, 7 classes (Cynthia Brewer, colorbrewer2.org;
 * Apache-2.0): a sequential scale readable in grey and by most colour-blind
 * readers. RGB 0–255. */
static const unsigned char dm_share_ramp[DM_SHARE_CLASSES][3] = {
    {0xff, 0xff, 0xb2}, {0xfe, 0xd9, 0x76}, {0xfe, 0xb2, 0x4c},
    {0xfd, 0x8d, 0x3c}, {0xfc, 0x4e, 0x2a}, {0xe3, 0x1a, 0x1c},
    {0xb1, 0x00, 0x26},
};

/* The class of a share (0–1). */
static inline size_t dm_share_class(double share)
{
    for (size_t i = 0; i < DM_SHARE_CLASSES; i++)
        if (share < dm_share_breaks[i + 1])
            return i;
    return DM_SHARE_CLASSES - 1;
}

/* The contamination per hazard class (dm_hazard's order), RGBA 0–1, drawn
 * on top of the regions' fill: dark, translucent, so that the region's
 * colour still shows. The map's legend names the classes as the output
 * files' `class` field does (dm_hazard_name()). */
static const double dm_class_rgba[DM_HAZARD_COUNT][4] = {
    {0.30, 0.00, 0.10, 0.70}, /* high */
    {0.45, 0.10, 0.20, 0.45}, /* medium */
    {0.55, 0.35, 0.35, 0.25}, /* low */
};

/* Page proportions (of the height or width). */
#define DM_TITLE_BAND 0.09  /* top band, of the height */
#define DM_BOTTOM_BAND 0.08 /* bottom band, of the height */
#define DM_LEGEND_BAND 0.22 /* right band, of the width */
#define DM_MARGIN 0.02      /* around the map, of the height */

/* Where the map sits on the page: map coordinates (metres) to page units,
 * y down. The map keeps its aspect ratio inside the area left by the
 * title (top), the legend (right) and the scale bar and attribution
 * (bottom). */
typedef struct dm_map_layout {
    double scale;  /* page units per metre */
    double x0, y0; /* page position of (xmin, ymax) */
    double xmin, ymax;
    double area_x, area_y, area_w, area_h; /* the map's box on the page */
} dm_map_layout;

static inline void dm_map_layout_compute(const double b[4], int width,
                                         int height, dm_map_layout *l)
{
    double m = DM_MARGIN * height;
    l->area_x = m;
    l->area_y = DM_TITLE_BAND * height;
    l->area_w = width * (1.0 - DM_LEGEND_BAND) - 2 * m;
    l->area_h = height * (1.0 - DM_TITLE_BAND - DM_BOTTOM_BAND);
    double w = b[2] - b[0], h = b[3] - b[1];
    double sx = w > 0 ? l->area_w / w : 1.0, sy = h > 0 ? l->area_h / h : 1.0;
    l->scale = sx < sy ? sx : sy;
    l->xmin = b[0];
    l->ymax = b[3];
    l->x0 = l->area_x + (l->area_w - w * l->scale) / 2;
    l->y0 = l->area_y + (l->area_h - h * l->scale) / 2;
}

static inline void dm_map_to_page(const dm_map_layout *l, double x, double y,
                                  double *px, double *py)
{
    *px = l->x0 + (x - l->xmin) * l->scale;
    *py = l->y0 + (l->ymax - y) * l->scale;
}

/* ---- the burn-down chart ---- */

/* ColorBrewer Dark2, 8 classes (Cynthia Brewer, colorbrewer2.org;
 * Apache-2.0): qualitative colours for the scenarios, in their order. */
#define DM_SCENARIO_COLOURS 8
static const unsigned char dm_scenario_colours[DM_SCENARIO_COLOURS][3] = {
    {0x1b, 0x9e, 0x77}, {0xd9, 0x5f, 0x02}, {0x75, 0x70, 0xb3},
    {0xe7, 0x29, 0x8a}, {0x66, 0xa6, 0x1e}, {0xe6, 0xab, 0x02},
    {0xa6, 0x76, 0x1d}, {0x66, 0x66, 0x66},
};
/* Opacity of a P10–P90 band. */
#define DM_BAND_ALPHA 0.18
/* Chart margins, of the width (left, right) or height (top, bottom). */
#define DM_CHART_LEFT 0.09
#define DM_CHART_RIGHT 0.03
#define DM_CHART_TOP 0.11
#define DM_CHART_BOTTOM 0.10

/* The plot area on the page. */
typedef struct dm_chart_box {
    double left, top, width, height;
} dm_chart_box;

static inline void dm_chart_box_compute(int width, int height, dm_chart_box *b)
{
    b->left = width * DM_CHART_LEFT;
    b->top = height * DM_CHART_TOP;
    b->width = width * (1.0 - DM_CHART_LEFT - DM_CHART_RIGHT);
    b->height = height * (1.0 - DM_CHART_TOP - DM_CHART_BOTTOM);
}

/* Page x of a month (DM_MONTH()) when the axis runs from x0 to x1. */
static inline double dm_chart_x(const dm_chart_box *b, int x0, int x1,
                                double month)
{
    return b->left + (month - x0) / (double)(x1 - x0) * b->width;
}

/* Page y of an area when the axis runs from 0 to ymax km². */
static inline double dm_chart_y(const dm_chart_box *b, double ymax, double km2)
{
    return b->top + b->height * (1.0 - km2 / ymax);
}

/* A round step near range / ticks: 1, 2, 2.5 or 5 × 10^k. */
static inline double dm_nice_step(double range, double ticks)
{
    double raw = range / ticks, mag = pow(10.0, floor(log10(raw)));
    const double steps[] = {1, 2, 2.5, 5, 10};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        if (steps[i] * mag >= raw)
            return steps[i] * mag;
    return 10 * mag;
}

/* The top of the y axis: 2 % of headroom over the highest value, rounded
 * up to a step; 1 when nothing is above 0 (no land, no point drawn), so
 * that the axis has steps. */
static inline double dm_chart_top(double highest)
{
    if (!(highest > 0))
        return 1.0;
    double step = dm_nice_step(highest > 0 ? highest : 1.0, 6);
    return step * ceil(highest * 1.02 / step);
}

/* ---- the comparison: the changes (left) beside the burn-down (right) ---- */

/* Page bands, of the height: the title, the subtitle and the panels'
 * headings above the boxes; the ticks, the axis title and the notes below. */
#define DM_COMPARE_TOP 0.17
#define DM_COMPARE_BOTTOM 0.15
/* Of the left panel's width: the bars' labels, the right margin. */
#define DM_COMPARE_LABELS 0.32
#define DM_COMPARE_RIGHT 0.05
/* Of the right panel's width: the km² labels and the axis title; the
 * right margin (room for the last year's label). */
#define DM_COMPARE_KM2 0.15
#define DM_COMPARE_KM2_RIGHT 0.06

/* The boxes of the two panels, each half the page wide. */
static inline void dm_compare_boxes(int width, int height, dm_chart_box *left,
                                    dm_chart_box *right)
{
    double half = width / 2.0;
    left->left = half * DM_COMPARE_LABELS;
    left->width = half * (1.0 - DM_COMPARE_LABELS - DM_COMPARE_RIGHT);
    right->left = half + half * DM_COMPARE_KM2;
    right->width = half * (1.0 - DM_COMPARE_KM2 - DM_COMPARE_KM2_RIGHT);
    left->top = right->top = height * DM_COMPARE_TOP;
    left->height = right->height =
        height * (1.0 - DM_COMPARE_TOP - DM_COMPARE_BOTTOM);
}

/* ---- the tornado chart of what drives a measure ---- */

/* ColorBrewer RdBu, 5 classes' ends (Cynthia Brewer, colorbrewer2.org;
 * Apache-2.0): a measure that grows with a figure (PRCC > 0), then one
 * that falls as it grows; told apart by most colour-blind readers. */
static const unsigned char dm_prcc_colours[2][3] = {
    {0xca, 0x00, 0x20},
    {0x05, 0x71, 0xb0},
};
/* The x axis runs over ±DM_TORNADO_RANGE (a PRCC is within ±1; the rest
 * is room for the values printed at the bars' ends). */
#define DM_TORNADO_RANGE 1.25
/* Of the width: the figures' key paths, the right margin; of the height:
 * the title and subtitle above, the ticks, axis title and legend below. */
#define DM_TORNADO_LABELS 0.34
#define DM_TORNADO_RIGHT 0.03
#define DM_TORNADO_TOP 0.13
#define DM_TORNADO_BOTTOM 0.15

static inline void dm_tornado_box(int width, int height, dm_chart_box *b)
{
    b->left = width * DM_TORNADO_LABELS;
    b->width = width * (1.0 - DM_TORNADO_LABELS - DM_TORNADO_RIGHT);
    b->top = height * DM_TORNADO_TOP;
    b->height = height * (1.0 - DM_TORNADO_TOP - DM_TORNADO_BOTTOM);
}

/* Page x of a PRCC. */
static inline double dm_tornado_x(const dm_chart_box *b, double prcc)
{
    return b->left +
           (prcc + DM_TORNADO_RANGE) / (2 * DM_TORNADO_RANGE) * b->width;
}

/* Page y of the middle of bar i (0: the top) of n. */
static inline double dm_tornado_y(const dm_chart_box *b, size_t i, size_t n)
{
    return b->top + ((double)i + 0.5) * b->height / (double)n;
}

#endif
