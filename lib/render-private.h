/* Private: the page layout and colours of the pictures, shared with the
 * tests that read pixels back. */
#ifndef DM_RENDER_PRIVATE_H
#define DM_RENDER_PRIVATE_H

#include <stddef.h>

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
    double scale;          /* page units per metre */
    double x0, y0;         /* page position of (xmin, ymax) */
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

#endif
