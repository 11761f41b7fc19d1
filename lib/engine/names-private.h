/* Private: the names of hazard classes, zones and states, and the one
 * layout of a region's cells (hazard class × zone) that the work table,
 * the contamination and the engine share. Never installed. */
#ifndef DM_NAMES_PRIVATE_H
#define DM_NAMES_PRIVATE_H

#include <stddef.h>

#include "core-private.h"

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

/* ---- the cells of a region --------------------------------------------
 * A cell is a hazard class × zone; every table of the library keeps a
 * region's cells in this order (class-major), each with its states. */
#define DM_CELL_COUNT (DM_HAZARD_COUNT * DM_ZONE_COUNT)

static inline size_t dm_cell(dm_hazard h, dm_zone z)
{
    return (size_t)h * DM_ZONE_COUNT + (size_t)z;
}

static inline dm_hazard dm_cell_hazard(size_t cell)
{
    return (dm_hazard)(cell / DM_ZONE_COUNT);
}

static inline dm_zone dm_cell_zone(size_t cell)
{
    return (dm_zone)(cell % DM_ZONE_COUNT);
}

/* 1 when class h, zone z and state st are all in range. */
static inline int dm_cell_valid(dm_hazard h, dm_zone z, dm_area_state st)
{
    return (unsigned)h < DM_HAZARD_COUNT && (unsigned)z < DM_ZONE_COUNT &&
           (unsigned)st < DM_AREA_STATE_COUNT;
}

#endif
