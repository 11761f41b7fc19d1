/* Private: the work table's layout, read directly by the projection engine
 * and written by the contamination model. */
#ifndef DM_WORK_PRIVATE_H
#define DM_WORK_PRIVATE_H

#include "context-private.h"

typedef struct dm_work_region {
    char *code;
    char *name;
    double km2[DM_HAZARD_COUNT][DM_ZONE_COUNT][DM_AREA_STATE_COUNT];
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

/* Index of `name` among n names (case-insensitive) in *out, or
 * DM_ERR_BAD_VALUE "unknown <what> '<name>' (one of: …)". */
dm_status dm_name_index(dm_context *ctx, const char *what,
                        const char *const *names, int n, const char *name,
                        int *out);

/* The class, zone or state named, as an int (a dm_name_parser for
 * dm_vector_enum). States also take SHA and CHA. */
dm_status dm_hazard_index(dm_context *ctx, const char *name, int *out);
dm_status dm_zone_index(dm_context *ctx, const char *name, int *out);
dm_status dm_area_state_index(dm_context *ctx, const char *name, int *out);

#endif
