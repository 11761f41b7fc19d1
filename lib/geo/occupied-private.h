/* Private: the occupied territory derived from the lines of contact. */
#ifndef DM_OCCUPIED_PRIVATE_H
#define DM_OCCUPIED_PRIVATE_H

#include "geo-private.h"

/* The faces of the national outline that lie left of the n lines of
 * contact (in the outline's CRS), their ends joined to the outline's
 * border; new in *out. `path` names the sources for messages.
 * DM_ERR_BAD_VALUE when there is no line, DM_ERR_BAD_GEOMETRY when the
 * lines split off no face on their left. */
dm_status dm_derive_occupied(dm_context *ctx, const GEOSGeometry *outline,
                             const GEOSGeometry *const *contact, size_t n,
                             int quadsegs, const char *path,
                             GEOSGeometry **out);

#endif
