/* Private: conflict sources as the contamination model reads them. */
#ifndef DM_SOURCES_PRIVATE_H
#define DM_SOURCES_PRIVATE_H

#include "geo-private.h"

typedef struct dm_source {
    dm_source_kind kind;
    dm_hazard hazard; /* class of the first band */
    dm_zone zone;
    size_t nbands;
    double *bands_km; /* increasing outer distances */
    char *name;
    /* East, north in the sources' CRS, densified; valid when polygonal.
     * NULL for an occupied territory to derive from the line of contact. */
    GEOSGeometry *geom;
} dm_source;

struct dm_sources {
    dm_context *ctx; /* the context that made them; outlives them */
    size_t count;
    dm_source *items;
    char *crs_wkt; /* the sources' CRS, WKT2 */
    char *path;
};

/* Class of band i of a source: one lower per band, never below low. */
dm_hazard dm_source_band_hazard(const dm_source *s, size_t band);

#endif
