/* Private: the work table's layout, read directly by the projection engine
 * and filled by the geometry side (dm_work_from_contamination, the work
 * table loader). Never installed. */
#ifndef DM_WORK_PRIVATE_H
#define DM_WORK_PRIVATE_H

#include "names-private.h"

typedef struct dm_work_region {
    char *code;
    char *name;
    double km2[DM_CELL_COUNT][DM_AREA_STATE_COUNT];
    /* km² of the controlled (accessible + front-line) area within each
     * width of the front, where has_front says dm_work_set_front_profile()
     * set it. */
    double front[DM_HAZARD_COUNT][DM_AREA_STATE_COUNT][DM_FRONT_PROFILE_COUNT];
    unsigned char has_front[DM_HAZARD_COUNT][DM_AREA_STATE_COUNT];
} dm_work_region;

struct dm_work {
    size_t count, cap;
    dm_work_region *regions;
    /* The regions by code: an open-addressing table of region index + 1
     * (0: empty), nslots a power of two at least twice the regions, so
     * that a table of many rows loads in linear time. */
    size_t *slots;
    size_t nslots;
};

/* Index of the region with this code, added (with `name`, NULL: the code)
 * when new. DM_ERR_NO_MEMORY. */
dm_status dm_work_region_index(dm_context *ctx, dm_work *work,
                               const char *code, const char *name,
                               size_t *index);

/* The controlled km² of a region's class and state: accessible and front
 * line together. */
static inline double dm_work_controlled_km2(const dm_work_region *r,
                                            dm_hazard h, dm_area_state st)
{
    return r->km2[dm_cell(h, DM_ZONE_ACCESSIBLE)][st] +
           r->km2[dm_cell(h, DM_ZONE_FRONT_LINE)][st];
}

/* Widest front-line zone: the widest point of a front profile. */
#define DM_MAX_FRONT_LINE_KM                                                  \
    ((DM_FRONT_PROFILE_COUNT - 1) * DM_FRONT_PROFILE_STEP_KM)

/* The profile's km² at a width (linear between its points; the last point
 * beyond them). Inline: the engine asks every month of every run. */
static inline double dm_front_at(const double *profile, double width_km)
{
    double k = width_km / DM_FRONT_PROFILE_STEP_KM;
    if (!(k > 0.0))
        return profile[0];
    if (k >= DM_FRONT_PROFILE_COUNT - 1)
        return profile[DM_FRONT_PROFILE_COUNT - 1];
    size_t i = (size_t)k;
    double f = k - (double)i;
    return profile[i] + f * (profile[i + 1] - profile[i]);
}

#endif
