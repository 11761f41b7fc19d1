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
} dm_work_region;

struct dm_work {
    size_t count, cap;
    dm_work_region *regions;
};

/* Index of the region with this code, added (with `name`, NULL: the code)
 * when new. DM_ERR_NO_MEMORY. */
dm_status dm_work_region_index(dm_context *ctx, dm_work *work,
                               const char *code, const char *name,
                               size_t *index);

#endif
