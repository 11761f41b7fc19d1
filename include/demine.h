/*
 * demine.h — estimate where a country is contaminated by landmines and
 * explosive remnants of war, and project how long and how much clearing it
 * takes under equipment and team scenarios.
 *
 * This is the one public header of libdemine. It uses only plain C types: no
 * GDAL, GEOS or PROJ type appears here.
 *
 * Conventions (read once, they hold for every function below)
 * -----------------------------------------------------------
 * - Every call that does work takes a dm_context * first. The context owns a
 *   GEOS handle, a PROJ context and the last error. Use one context per thread
 *   at a time; independent contexts run in parallel. An object (dm_regions …)
 *   is used by one thread at a time and must be freed before the context that
 *   made it.
 * - Functions return a dm_status (DM_OK = 0) and give results through
 *   out-parameters. On error, dm_context_last_error() tells what went wrong
 *   and where (file, layer, field, value); out-parameters are left unchanged
 *   unless stated otherwise.
 * - Ownership phrases:
 *     "new: free with dm_x_free()"  the caller owns the result;
 *     "borrowed, valid until …"     the library owns it, do not free it.
 *   Every dm_*_free() accepts NULL.
 * - The library never prints. Messages from GDAL, GEOS and PROJ raised during
 *   a call are kept in the context.
 * - Option structs are filled with their init function first, then changed:
 *   new fields are only ever added at the end.
 * - Units are stated in each name or comment: areas in km², lengths in
 *   metres of the regions' CRS unless named otherwise.
 */
#ifndef DEMINE_H
#define DEMINE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/** @name Version */
/**@{*/
#define DM_VERSION_MAJOR 0
#define DM_VERSION_MINOR 1
#define DM_VERSION_PATCH 0
/** The version as one number, MAJOR*10000 + MINOR*100 + PATCH. */
#define DM_VERSION_NUMBER \
    (DM_VERSION_MAJOR * 10000 + DM_VERSION_MINOR * 100 + DM_VERSION_PATCH)
#define DM_VERSION_STRING "0.1.0"
/**@}*/

/** Marks the functions the shared library exports. */
#if defined(_WIN32) && defined(DM_BUILDING_LIBRARY)
#define DM_API __declspec(dllexport)
#elif defined(_WIN32)
#define DM_API __declspec(dllimport)
#elif defined(__GNUC__) && __GNUC__ >= 4
#define DM_API __attribute__((visibility("default")))
#else
#define DM_API
#endif

/** Warns when the result of a factory or a status is ignored. */
#if defined(__GNUC__) && __GNUC__ >= 4
#define DM_WARN_UNUSED __attribute__((warn_unused_result))
#else
#define DM_WARN_UNUSED
#endif

/**
 * Status codes, grouped by category like PROJ's: the category of a code is
 * DM_STATUS_CATEGORY(code). DM_OK is 0.
 */
typedef enum dm_status {
    DM_OK = 0,

    /** The caller used the API wrongly. */
    DM_ERR_USAGE = 1024,
    DM_ERR_NULL_ARGUMENT = 1025,   /**< a required pointer was NULL */
    DM_ERR_INVALID_ARGUMENT = 1026, /**< an option or argument is out of its domain */
    DM_ERR_OUT_OF_RANGE = 1027,    /**< an index is past the end */
    DM_ERR_NOT_FOUND = 1028,       /**< a lookup (by code, by name) found nothing */

    /** The input data is missing or wrong. */
    DM_ERR_INPUT = 2048,
    DM_ERR_FILE_NOT_FOUND = 2049,  /**< no such file or data source */
    DM_ERR_NOT_VECTOR = 2050,      /**< the source exists but is no vector format GDAL reads */
    DM_ERR_CORRUPT = 2051,         /**< the format is recognised but the file is damaged (truncated, malformed) */
    DM_ERR_LAYER_NOT_FOUND = 2052, /**< the named layer does not exist */
    DM_ERR_FIELD_NOT_FOUND = 2053, /**< the named attribute field does not exist */
    DM_ERR_EMPTY = 2054,           /**< the layer (after the filter) has no feature */
    DM_ERR_GEOMETRY_TYPE = 2055,   /**< a feature is not of the geometry type required */
    DM_ERR_NO_CRS = 2056,          /**< the source has no CRS and none was given */
    DM_ERR_BAD_CRS = 2057,         /**< a CRS definition PROJ does not understand */
    DM_ERR_BAD_FILTER = 2058,      /**< the attribute filter (OGR SQL WHERE) is invalid */
    DM_ERR_BAD_GEOMETRY = 2059,    /**< a geometry is empty, non-finite or out of the CRS's domain */
    DM_ERR_BAD_VALUE = 2060,       /**< an attribute or parameter has a value out of its domain */

    /** A computation failed. */
    DM_ERR_COMPUTE = 4096,
    DM_ERR_GEOS = 4097,            /**< a GEOS operation failed */
    DM_ERR_PROJ = 4098,            /**< a PROJ transformation failed */
    DM_ERR_UNREACHABLE = 4099,     /**< a calibration target cannot be met */

    /** The system failed us. */
    DM_ERR_SYSTEM = 8192,
    DM_ERR_NO_MEMORY = 8193,       /**< an allocation failed */
    DM_ERR_IO = 8194               /**< reading or writing a file failed */
} dm_status;

/** The category (DM_ERR_USAGE, DM_ERR_INPUT, …) of a status code. */
#define DM_STATUS_CATEGORY(status) ((int)(status) & ~1023)

/** The symbolic name of a status ("DM_ERR_NO_CRS"); static, never NULL. */
DM_API const char *dm_status_str(dm_status status);

/** The library's version string ("0.1.0"), static. It may differ from
 *  DM_VERSION_STRING when a program runs against a newer library. */
DM_API const char *dm_version(void);

/**
 * The folder of the embedded data (Ukraine boundaries, conflict sources,
 * scenarios), static. In order: the environment variable DEMINE_DATA when
 * set; the source tree's data/ when the library runs from its build tree;
 * otherwise the installed data folder (PREFIX/share/demine).
 */
DM_API const char *dm_data_dir(void);

/** The file name of the embedded Ukraine boundaries in dm_data_dir(). */
#define DM_DEFAULT_BOUNDARIES "ukraine-admin1.geojson"

/* ------------------------------------------------------------------------ */
/** @name Context */
/**@{*/

/** A context: GEOS handle, PROJ context, last error. One per thread. */
typedef struct dm_context dm_context;

/** A new context; free with dm_context_free(). NULL only when memory is
 *  exhausted or GEOS or PROJ cannot start. */
DM_API DM_WARN_UNUSED dm_context *dm_context_new(void);

/** Frees a context and what it owns. Accepts NULL. */
DM_API void dm_context_free(dm_context *ctx);

/** The message of the last error in this context, "" if none; borrowed,
 *  valid until the next call with this context. */
DM_API const char *dm_context_last_error(const dm_context *ctx);

/** The status of the last failed call in this context, DM_OK if none. */
DM_API dm_status dm_context_last_status(const dm_context *ctx);

/** Forgets the last error. */
DM_API void dm_context_clear_error(dm_context *ctx);
/**@}*/

/* ------------------------------------------------------------------------ */
/** @name Regions: administrative units in an equal-area CRS */
/**@{*/

/** Administrative units (oblasts by default), their geometry in an
 *  equal-area CRS and their area in km². */
typedef struct dm_regions dm_regions;

/**
 * The default target CRS: Lambert azimuthal equal-area centred on Ukraine
 * (48.5° N, 31.5° E, WGS 84 ellipsoid, metres). Equal-area, so areas are
 * true; centred on the country, so lengths (buffer distances) are distorted
 * by less than 0.2 % within Ukraine.
 */
#define DM_DEFAULT_CRS \
    "+proj=laea +lat_0=48.5 +lon_0=31.5 +x_0=0 +y_0=0 +ellps=WGS84 " \
    "+units=m +no_defs +type=crs"

/** How to read a boundaries source. Fill with dm_regions_options_init(). */
typedef struct dm_regions_options {
    /** Layer name; NULL: the source's first layer. */
    const char *layer;
    /** Attribute filter, an OGR SQL WHERE clause; NULL: every feature. */
    const char *where;
    /** Field with the unit's name; default "name". NULL: use the code. */
    const char *name_field;
    /** Field with the unit's code (unique key); default "code". Features
     *  sharing a code are merged into one unit. */
    const char *code_field;
    /** CRS of the coordinates when the source has none (any definition
     *  PROJ reads: "EPSG:4326", a PROJ string, WKT), read in east, north
     *  (longitude, latitude) order. Ignored when the source has a CRS, but
     *  a definition PROJ cannot read is an error even then. */
    const char *source_crs;
    /** CRS to measure in; it should be equal-area. NULL: DM_DEFAULT_CRS. */
    const char *target_crs;
} dm_regions_options;

/** Fills options with their defaults. */
DM_API void dm_regions_options_init(dm_regions_options *opts);

/**
 * Reads every feature of one layer of a GDAL vector source as polygons.
 *
 * Geometries are densified, transformed with PROJ to the target CRS (the
 * axis order of the source is respected), repaired with GEOS make-valid when
 * invalid, and features with the same code are merged.
 *
 * @param ctx     context
 * @param source  any GDAL vector source: a file, a /vsi path, a connection string
 * @param opts    options, or NULL for the defaults
 * @param out     receives the regions; new: free with dm_regions_free()
 * @return DM_OK; DM_ERR_FILE_NOT_FOUND, DM_ERR_NOT_VECTOR, DM_ERR_CORRUPT,
 *   DM_ERR_LAYER_NOT_FOUND, DM_ERR_BAD_FILTER, DM_ERR_EMPTY,
 *   DM_ERR_FIELD_NOT_FOUND, DM_ERR_GEOMETRY_TYPE, DM_ERR_NO_CRS,
 *   DM_ERR_BAD_CRS, DM_ERR_BAD_GEOMETRY, DM_ERR_BAD_VALUE (empty code) …
 */
DM_API DM_WARN_UNUSED dm_status dm_regions_load(dm_context *ctx,
                                                const char *source,
                                                const dm_regions_options *opts,
                                                dm_regions **out);

/** Frees regions. Accepts NULL. */
DM_API void dm_regions_free(dm_regions *regions);

/** Number of units, in the order of the source; 0 for NULL. */
DM_API size_t dm_regions_count(dm_context *ctx, const dm_regions *regions);

/** Code of unit i; borrowed, valid until the regions are freed. NULL (and
 *  DM_ERR_OUT_OF_RANGE in the context) when i is past the end. */
DM_API const char *dm_regions_code(dm_context *ctx, const dm_regions *regions,
                                   size_t i);

/** Name of unit i; as dm_regions_code(). */
DM_API const char *dm_regions_name(dm_context *ctx, const dm_regions *regions,
                                   size_t i);

/** Area of unit i in km², measured in the target CRS. */
DM_API dm_status dm_regions_area_km2(dm_context *ctx,
                                     const dm_regions *regions, size_t i,
                                     double *km2);

/** Bounds of unit i in the target CRS: xmin, ymin, xmax, ymax (metres). */
DM_API dm_status dm_regions_bounds(dm_context *ctx, const dm_regions *regions,
                                   size_t i, double bounds[4]);

/** Index of the unit with this code (exact match). DM_ERR_NOT_FOUND if none. */
DM_API dm_status dm_regions_find(dm_context *ctx, const dm_regions *regions,
                                 const char *code, size_t *index);

/** Area in km² of the national outline, the union of all units (where units
 *  overlap, the overlap counts once). */
DM_API dm_status dm_regions_total_area_km2(dm_context *ctx,
                                           const dm_regions *regions,
                                           double *km2);

/** Bounds of the national outline in the target CRS (metres). */
DM_API dm_status dm_regions_total_bounds(dm_context *ctx,
                                         const dm_regions *regions,
                                         double bounds[4]);

/** The target CRS as WKT2; borrowed, valid until the regions are freed. */
DM_API const char *dm_regions_crs_wkt(dm_context *ctx,
                                      const dm_regions *regions);

/** Number of source features whose geometry was invalid and repaired. */
DM_API size_t dm_regions_repaired_count(dm_context *ctx,
                                        const dm_regions *regions);
/**@}*/

/* ------------------------------------------------------------------------ */
/** @name Hazard classes, zones and the work table */
/**@{*/

/** Hazard classes, from most to least dangerous. Where classes overlap the
 *  higher one wins, so an area is counted once. */
typedef enum dm_hazard {
    DM_HAZARD_HIGH = 0,
    DM_HAZARD_MEDIUM = 1,
    DM_HAZARD_LOW = 2
} dm_hazard;
#define DM_HAZARD_COUNT 3

/** Who controls the ground: controlled land is accessible to deminers,
 *  occupied land only from the date a scenario opens it. */
typedef enum dm_zone {
    DM_ZONE_CONTROLLED = 0,
    DM_ZONE_OCCUPIED = 1
} dm_zone;
#define DM_ZONE_COUNT 2

/** What survey has made of an area (IMAS 08.20 land release): suspected
 *  hazardous area (SHA) or confirmed hazardous area (CHA). */
typedef enum dm_area_state {
    DM_AREA_SUSPECTED = 0,
    DM_AREA_CONFIRMED = 1
} dm_area_state;
#define DM_AREA_STATE_COUNT 2

/** "high", "medium", "low"; static. NULL for a value out of range. */
DM_API const char *dm_hazard_name(dm_hazard hazard);
/** "controlled", "occupied"; static. NULL for a value out of range. */
DM_API const char *dm_zone_name(dm_zone zone);
/** "suspected", "confirmed"; static. NULL for a value out of range. */
DM_API const char *dm_area_state_name(dm_area_state state);

/** The class named (case-insensitive); DM_ERR_BAD_VALUE naming it if none. */
DM_API dm_status dm_hazard_from_name(dm_context *ctx, const char *name,
                                     dm_hazard *out);
/** The zone named (case-insensitive); DM_ERR_BAD_VALUE naming it if none. */
DM_API dm_status dm_zone_from_name(dm_context *ctx, const char *name,
                                   dm_zone *out);
/** The state named (case-insensitive); DM_ERR_BAD_VALUE naming it if none. */
DM_API dm_status dm_area_state_from_name(dm_context *ctx, const char *name,
                                         dm_area_state *out);

/**
 * The work table: hazardous area in km² per region × hazard class × zone ×
 * state. It is all the projection engine needs; it holds no geometry. Build
 * it from a contamination model, or cell by cell from a database export.
 */
typedef struct dm_work dm_work;

/** A new, empty work table; free with dm_work_free(). */
DM_API DM_WARN_UNUSED dm_status dm_work_new(dm_context *ctx, dm_work **out);

/** Frees a work table. Accepts NULL. */
DM_API void dm_work_free(dm_work *work);

/**
 * Adds km2 (finite, >= 0) to one cell. The region is created on first use,
 * in the order of first use, with the name given then (NULL: the code);
 * later names for the same code are ignored.
 * DM_ERR_BAD_VALUE for a negative or non-finite area; DM_ERR_INVALID_ARGUMENT
 * for a class, zone or state out of range or an empty code.
 */
DM_API dm_status dm_work_add(dm_context *ctx, dm_work *work,
                             const char *region_code, const char *region_name,
                             dm_hazard hazard, dm_zone zone,
                             dm_area_state state, double km2);

/** Number of regions; 0 for NULL. */
DM_API size_t dm_work_region_count(dm_context *ctx, const dm_work *work);

/** Code of region i; borrowed, valid until the table is freed or changed.
 *  NULL (DM_ERR_OUT_OF_RANGE in the context) past the end. */
DM_API const char *dm_work_region_code(dm_context *ctx, const dm_work *work,
                                       size_t i);

/** Name of region i; as dm_work_region_code(). */
DM_API const char *dm_work_region_name(dm_context *ctx, const dm_work *work,
                                       size_t i);

/** Index of the region with this code; DM_ERR_NOT_FOUND if none. */
DM_API dm_status dm_work_find(dm_context *ctx, const dm_work *work,
                              const char *code, size_t *index);

/** km² in one cell. */
DM_API dm_status dm_work_area_km2(dm_context *ctx, const dm_work *work,
                                  size_t region, dm_hazard hazard,
                                  dm_zone zone, dm_area_state state,
                                  double *km2);

/** km² in region i, all cells summed. */
DM_API dm_status dm_work_region_total_km2(dm_context *ctx,
                                          const dm_work *work, size_t region,
                                          double *km2);

/** km² in the whole table. */
DM_API dm_status dm_work_total_km2(dm_context *ctx, const dm_work *work,
                                   double *km2);
/**@}*/

/* ------------------------------------------------------------------------ */
/** @name Conflict sources: what causes contamination */
/**@{*/

/** The features that cause contamination. */
typedef struct dm_sources dm_sources;

/** Kinds of conflict source, as spelled in the `kind` field. */
typedef enum dm_source_kind {
    DM_SOURCE_LINE_OF_CONTACT = 0, /**< "line_of_contact": (multi)line, drawn
                                        with the occupied side on its left */
    DM_SOURCE_OCCUPIED = 1,        /**< "occupied": occupied territory,
                                        polygons; without a geometry it is
                                        derived from the line of contact */
    DM_SOURCE_LIBERATED = 2,       /**< "liberated_2022": areas occupied in
                                        2022 and since liberated, any type */
    DM_SOURCE_BORDER_STRIP = 3,    /**< "border_strip": a shelled border,
                                        (multi)line */
    DM_SOURCE_BATTLE_SITE = 4      /**< "battle_site": (multi)point */
} dm_source_kind;
#define DM_SOURCE_KIND_COUNT 5

/** "line_of_contact", "occupied" …; static. NULL out of range. */
DM_API const char *dm_source_kind_name(dm_source_kind kind);

/** The embedded conflict sources for Ukraine, in dm_data_dir(). */
#define DM_DEFAULT_SOURCES "conflict-ukraine.geojson"

/** How to read a conflict-source layer. Fill with dm_sources_options_init().
 *  The field names default to the documented format (data/README.md). */
typedef struct dm_sources_options {
    const char *layer;       /**< NULL: the first layer */
    const char *where;       /**< OGR SQL WHERE; NULL: every feature */
    const char *source_crs;  /**< CRS when the source has none (as for regions) */
    const char *kind_field;  /**< default "kind" */
    const char *class_field; /**< default "class": class of the first band */
    const char *bands_field; /**< default "bands_km": outer distance of each
                                  band, increasing, e.g. "10,30" or [10, 30] */
    /** Field with "controlled" or "occupied". Default NULL: the field
     *  "zone" when the layer has one; where there is no value, occupied for
     *  kind occupied and controlled for the others. */
    const char *zone_field;
    /** Field with a label. Default NULL: the field "name" when the layer
     *  has one, otherwise no names. */
    const char *name_field;
} dm_sources_options;

/** Fills options with their defaults. */
DM_API void dm_sources_options_init(dm_sources_options *opts);

/**
 * Reads conflict sources from any GDAL vector source. Each feature has a
 * kind, a hazard class (of its first band), a zone and buffer bands in km:
 * band i covers the distances from the previous band's outer distance (the
 * geometry itself for the first) to bands[i], and each band is one class
 * lower than the one inside it (never below low). A first band of 0 km
 * means a polygon itself.
 *
 * @param out  new: free with dm_sources_free()
 * @return DM_OK; the loader errors of dm_regions_load(); DM_ERR_BAD_VALUE
 *   for an unknown kind, class or zone, a negative, non-numeric or
 *   non-increasing band, a 0 km band on a point or line;
 *   DM_ERR_GEOMETRY_TYPE for a geometry its kind does not allow.
 */
DM_API DM_WARN_UNUSED dm_status dm_sources_load(dm_context *ctx,
                                                const char *source,
                                                const dm_sources_options *opts,
                                                dm_sources **out);

/** Frees sources. Accepts NULL. */
DM_API void dm_sources_free(dm_sources *sources);

/** Number of features; 0 for NULL. */
DM_API size_t dm_sources_count(dm_context *ctx, const dm_sources *sources);

/** What one feature says; pointers borrowed, valid until the sources are
 *  freed. */
typedef struct dm_source_info {
    dm_source_kind kind;
    dm_hazard hazard;       /**< class of the first band */
    dm_zone zone;
    size_t band_count;
    const double *bands_km; /**< band_count outer distances, increasing */
    const char *name;       /**< "" when the layer has no name field */
    int has_geometry;       /**< 0 for a derived occupied territory */
} dm_source_info;

/** Fills info for feature i. */
DM_API dm_status dm_sources_info(dm_context *ctx, const dm_sources *sources,
                                 size_t i, dm_source_info *info);
/**@}*/

/* ------------------------------------------------------------------------ */
/** @name Contamination: where the hazard is, per region, class and zone */
/**@{*/

/** Contaminated area as polygons per region × hazard class × zone × state,
 *  with its area in km². */
typedef struct dm_contamination dm_contamination;

/** The default target: 30 % of the national area is contaminated (Ukrainian
 *  authorities, 2023–24; 174,000 km² of 603,628 km², Government of Ukraine
 *  2023). */
#define DM_DEFAULT_TARGET_SHARE 0.30

/** How to build the contamination. Fill with
 *  dm_contamination_options_init(). */
typedef struct dm_contamination_options {
    /** Share of the national area to reach by scaling every band distance
     *  by one factor; default DM_DEFAULT_TARGET_SHARE. With target_share
     *  and target_km2 both <= 0 the bands are used as given. */
    double target_share;
    /** Contaminated km² to reach; when > 0 it overrides target_share. */
    double target_km2;
    /** Relative tolerance on the target; default 0.001 (0.1 %). */
    double tolerance;
    /** Most calibration steps; default 100. */
    int max_iterations;
    /** Segments per quarter circle of a buffer; default 8, which draws a
     *  circle's area 0.64 % short (sin(π/16)/(π/16)); 32 makes it 0.04 %. */
    int quadrant_segments;
} dm_contamination_options;

/** Fills options with their defaults. */
DM_API void dm_contamination_options_init(dm_contamination_options *opts);

/**
 * Builds the contamination from conflict sources: projects them into the
 * regions' CRS, buffers them in bands, unions per class with precedence
 * (high over medium over low, so nothing counts twice), clips to the
 * national outline and to each region, splits by zone (the occupied zone is
 * the footprint of the sources whose zone is occupied). With a target, one
 * scale factor on every band distance is found that meets it within the
 * tolerance.
 *
 * The result copies what it needs of the regions: they may be freed first.
 *
 * @param out  new: free with dm_contamination_free()
 * @return DM_OK; DM_ERR_INVALID_ARGUMENT for options out of their domain;
 *   DM_ERR_UNREACHABLE when no scale factor meets the target (e.g. 150 %,
 *   or less than the unscaled polygons cover); DM_ERR_NO_CRS, DM_ERR_PROJ,
 *   DM_ERR_GEOS; DM_ERR_BAD_GEOMETRY when a line of contact does not split
 *   the outline.
 */
DM_API DM_WARN_UNUSED dm_status dm_contamination_build(
    dm_context *ctx, const dm_regions *regions, const dm_sources *sources,
    const dm_contamination_options *opts, dm_contamination **out);

/** How to read survey polygons (suspected or confirmed hazardous areas).
 *  Fill with dm_survey_options_init(). */
typedef struct dm_survey_options {
    const char *layer;        /**< NULL: the first layer */
    const char *where;        /**< OGR SQL WHERE; NULL: every feature */
    const char *source_crs;   /**< CRS when the source has none */
    /** Field with the hazard class ("high", "medium", "low"); default
     *  "class". NULL: every polygon has default_hazard. */
    const char *class_field;
    /** Field with the state ("suspected"/"SHA", "confirmed"/"CHA"); default
     *  "status". NULL: every polygon has default_state. */
    const char *status_field;
    /** Field with the zone ("controlled", "occupied"); default "zone".
     *  NULL: every polygon has default_zone. */
    const char *zone_field;
    dm_hazard default_hazard;    /**< default DM_HAZARD_HIGH */
    dm_area_state default_state; /**< default DM_AREA_SUSPECTED */
    dm_zone default_zone;        /**< default DM_ZONE_CONTROLLED */
} dm_survey_options;

/** Fills options with their defaults. */
DM_API void dm_survey_options_init(dm_survey_options *opts);

/**
 * Reads surveyed hazardous-area polygons and overlays them with the regions
 * as dm_contamination_build() does: overlapping polygons count once (the
 * higher class wins, confirmed wins over suspected, occupied over
 * controlled). Parts outside every region are dropped and reported by
 * dm_contamination_outside_km2().
 *
 * @param out  new: free with dm_contamination_free()
 * @return DM_OK; the loader errors of dm_regions_load(); DM_ERR_BAD_VALUE
 *   naming the feature, field and value for an unknown class, status or
 *   zone; DM_ERR_EMPTY when no polygon falls inside the regions.
 */
DM_API DM_WARN_UNUSED dm_status dm_contamination_load_survey(
    dm_context *ctx, const dm_regions *regions, const char *source,
    const dm_survey_options *opts, dm_contamination **out);

/** Frees a contamination. Accepts NULL. */
DM_API void dm_contamination_free(dm_contamination *c);

/** Number of regions (the same order as the regions it was built on). */
DM_API size_t dm_contamination_region_count(dm_context *ctx,
                                            const dm_contamination *c);

/** Code of region i; borrowed, valid until c is freed. NULL past the end. */
DM_API const char *dm_contamination_region_code(dm_context *ctx,
                                                const dm_contamination *c,
                                                size_t i);

/** Name of region i; as dm_contamination_region_code(). */
DM_API const char *dm_contamination_region_name(dm_context *ctx,
                                                const dm_contamination *c,
                                                size_t i);

/** km² of region i in one class, zone and state. */
DM_API dm_status dm_contamination_area_km2(dm_context *ctx,
                                           const dm_contamination *c,
                                           size_t region, dm_hazard hazard,
                                           dm_zone zone, dm_area_state state,
                                           double *km2);

/** Contaminated km² of region i, every class, zone and state. */
DM_API dm_status dm_contamination_region_km2(dm_context *ctx,
                                             const dm_contamination *c,
                                             size_t region, double *km2);

/** Contaminated share (0–1) of region i's area. */
DM_API dm_status dm_contamination_region_share(dm_context *ctx,
                                               const dm_contamination *c,
                                               size_t region, double *share);

/** National contaminated km² (the union, clipped to the outline). */
DM_API dm_status dm_contamination_total_km2(dm_context *ctx,
                                            const dm_contamination *c,
                                            double *km2);

/** National contaminated share (0–1) of the national area. */
DM_API dm_status dm_contamination_total_share(dm_context *ctx,
                                              const dm_contamination *c,
                                              double *share);

/** National km² in one class and zone (every state). */
DM_API dm_status dm_contamination_class_km2(dm_context *ctx,
                                            const dm_contamination *c,
                                            dm_hazard hazard, dm_zone zone,
                                            double *km2);

/** The calibration: the scale factor applied to every band distance (1
 *  when not calibrated), the steps it took (0 when not calibrated). */
DM_API dm_status dm_contamination_calibration(dm_context *ctx,
                                              const dm_contamination *c,
                                              double *factor,
                                              int *iterations);

/** km² of survey polygons that fell outside every region (0 for a model
 *  built from sources). */
DM_API dm_status dm_contamination_outside_km2(dm_context *ctx,
                                              const dm_contamination *c,
                                              double *km2);

/** The work table of a contamination: its areas per region × class × zone
 *  × state. new: free with dm_work_free(). */
DM_API DM_WARN_UNUSED dm_status dm_work_from_contamination(
    dm_context *ctx, const dm_contamination *c, dm_work **out);

/** How to write a contamination. Fill with dm_write_options_init(). */
typedef struct dm_write_options {
    /** GDAL driver short name ("GPKG", "GeoJSON" …); NULL: from the file's
     *  extension (.gpkg, .geojson, .json, .shp, .fgb). */
    const char *driver;
    /** Layer name; default "contamination". */
    const char *layer;
    /** 1: write longitude, latitude (OGC:CRS84) instead of the regions'
     *  equal-area CRS. Default 0. */
    int lonlat;
} dm_write_options;

/** Fills options with their defaults. */
DM_API void dm_write_options_init(dm_write_options *opts);

/**
 * Writes the contamination through GDAL: one multipolygon feature per
 * region × class × zone × state that has area, with the fields
 * region_code, region_name, class, zone, state and area_km2. The file is
 * written under a temporary name in the same folder and renamed when
 * complete, so a failed run leaves no partial file and an existing file is
 * replaced only by a complete one.
 *
 * @return DM_OK; DM_ERR_INVALID_ARGUMENT for an unknown driver or
 *   extension; DM_ERR_IO naming the path when it cannot be written.
 */
DM_API dm_status dm_contamination_write(dm_context *ctx,
                                        const dm_contamination *c,
                                        const char *path,
                                        const dm_write_options *opts);
/**@}*/

/* ------------------------------------------------------------------------ */
/** @name Pictures: a contamination map (cairo) */
/**@{*/

/** What labels the regions carry on a map. */
typedef enum dm_map_labels {
    DM_MAP_LABEL_CODE = 0, /**< the region's code (UA-46) */
    DM_MAP_LABEL_NAME = 1, /**< the region's name (Lviv) */
    DM_MAP_LABEL_NONE = 2
} dm_map_labels;

/** The sizes a picture may have, in pixels (PNG) or points (SVG). */
#define DM_PICTURE_MIN_SIZE 200
#define DM_PICTURE_MAX_SIZE 8000

/** How to draw a map. Fill with dm_map_options_init(). */
typedef struct dm_map_options {
    int width;               /**< default 1600 */
    int height;              /**< default 1100 */
    dm_map_labels labels;    /**< default DM_MAP_LABEL_CODE */
    /** Title; NULL: "Estimated contamination by region" with the total. */
    const char *title;
    /** The data's attribution, printed at the bottom; NULL: the embedded
     *  data's (Natural Earth boundaries, demine model). */
    const char *attribution;
    /** "png" or "svg"; NULL: from the file's extension. */
    const char *format;
} dm_map_options;

/** Fills options with their defaults. */
DM_API void dm_map_options_init(dm_map_options *opts);

/**
 * Draws the regions in their equal-area CRS, filled by contaminated share
 * (a sequential colour scale with its legend), the contamination polygons
 * by hazard class on top, the occupied zone hatched, region labels, a
 * title, a scale bar and the attribution; as PNG or SVG with cairo. The
 * file is written under a temporary name and renamed when complete.
 *
 * @param regions  the regions the contamination was built on
 * @return DM_OK; DM_ERR_INVALID_ARGUMENT for a size outside
 *   DM_PICTURE_MIN_SIZE–DM_PICTURE_MAX_SIZE, an unknown format, or a
 *   contamination of other regions; DM_ERR_IO naming the path.
 */
DM_API dm_status dm_render_map(dm_context *ctx, const dm_regions *regions,
                               const dm_contamination *contamination,
                               const char *path, const dm_map_options *opts);
/**@}*/

/* ------------------------------------------------------------------------ */
/* Scenarios, projection and capacity planning (lib/scenario.c,
 * lib/projection.c, lib/plan.c) go here. */



#ifdef __cplusplus
}
#endif

#endif /* DEMINE_H */
