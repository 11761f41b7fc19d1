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
 * - Option and result structs start with `size_t struct_size`, which their
 *   init function sets (dm_regions_options_init(), dm_plan_result_init()
 *   …): fill a struct with it first, then change fields. The library reads
 *   and writes only the bytes the caller's struct_size covers (the fields
 *   it does not cover keep their defaults); a struct_size of 0 (not
 *   initialised) or larger than the library's (a newer header than the
 *   library) is DM_ERR_INVALID_ARGUMENT. Each init function is a macro
 *   that passes the caller's sizeof to dm_x_init_size(), which fills that
 *   much and no more, so a program built against an older demine.h of
 *   the same soname runs against a newer library whose structs grew (the
 *   fields it does not know keep their defaults). Bindings call
 *   dm_x_init_size() with the size of their mirror.
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
#define DM_VERSION_MINOR 5
#define DM_VERSION_PATCH 0
/** The version as one number, MAJOR*10000 + MINOR*100 + PATCH. */
#define DM_VERSION_NUMBER                                                     \
    (DM_VERSION_MAJOR * 10000 + DM_VERSION_MINOR * 100 + DM_VERSION_PATCH)
#define DM_VERSION_STRING "0.5.0"
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
    /** A required pointer was NULL. */
    DM_ERR_NULL_ARGUMENT = 1025,
    /** An option or argument is out of its domain. */
    DM_ERR_INVALID_ARGUMENT = 1026,
    /** An index is past the end. */
    DM_ERR_OUT_OF_RANGE = 1027,
    /** A lookup (by code, by name) found nothing. */
    DM_ERR_NOT_FOUND = 1028,

    /** The input data is missing or wrong. */
    DM_ERR_INPUT = 2048,
    /** No such file or data source. */
    DM_ERR_FILE_NOT_FOUND = 2049,
    /** The source exists but is no vector format GDAL reads. */
    DM_ERR_NOT_VECTOR = 2050,
    /** The format is recognised but the file is damaged (truncated,
     *  malformed). */
    DM_ERR_CORRUPT = 2051,
    /** The named layer does not exist. */
    DM_ERR_LAYER_NOT_FOUND = 2052,
    /** The named attribute field does not exist. */
    DM_ERR_FIELD_NOT_FOUND = 2053,
    /** The layer (after the filter) has no feature. */
    DM_ERR_EMPTY = 2054,
    /** A feature is not of the geometry type required. */
    DM_ERR_GEOMETRY_TYPE = 2055,
    /** The source has no CRS and none was given. */
    DM_ERR_NO_CRS = 2056,
    /** A CRS definition PROJ does not understand. */
    DM_ERR_BAD_CRS = 2057,
    /** The attribute filter (OGR SQL WHERE) is invalid. */
    DM_ERR_BAD_FILTER = 2058,
    /** A geometry is empty, non-finite or out of the CRS's domain. */
    DM_ERR_BAD_GEOMETRY = 2059,
    /** An attribute or parameter has a value out of its domain. */
    DM_ERR_BAD_VALUE = 2060,
    /** A scenario file is malformed: not JSON, an unknown or missing key, a
     *  wrong type. */
    DM_ERR_SCENARIO = 2061,

    /** A computation failed. */
    DM_ERR_COMPUTE = 4096,
    /** A GEOS operation failed. */
    DM_ERR_GEOS = 4097,
    /** A PROJ transformation failed. */
    DM_ERR_PROJ = 4098,
    /** A calibration target cannot be met. */
    DM_ERR_UNREACHABLE = 4099,

    /** The system failed us. */
    DM_ERR_SYSTEM = 8192,
    /** An allocation failed. */
    DM_ERR_NO_MEMORY = 8193,
    /** Reading or writing a file failed. */
    DM_ERR_IO = 8194
} dm_status;

/** The category (DM_ERR_USAGE, DM_ERR_INPUT, …) of a status code. */
#define DM_STATUS_CATEGORY(status) ((int)(status) & ~1023)

/** The symbolic name of a status ("DM_ERR_NO_CRS"); static, never NULL. */
DM_API const char *dm_status_str(dm_status status);

/** The library's version string ("0.2.0"), static. It may differ from
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
/** @name Months */
/**@{*/

/** Months since year 0 of a calendar month: year * 12 + (month - 1). The
 *  unit of every date of the API ("YYYY-MM" in files and flags). */
/* (clang-format would take (month) for a cast.) */
/* clang-format off */
#define DM_MONTH(year, month) (12 * (year) + (month) - 1)
/* clang-format on */

/** The years a month may have in any file or flag. */
#define DM_YEAR_MIN 1900
#define DM_YEAR_MAX 2300

/** Bytes of "YYYY-MM" with its NUL. */
#define DM_MONTH_TEXT_SIZE 8

/**
 * Reads "YYYY-MM" (exactly four digits, a dash, two digits; month 01–12;
 * year DM_YEAR_MIN–DM_YEAR_MAX) into *month as DM_MONTH(). No context: it
 * records nothing.
 *
 * @return DM_OK; DM_ERR_BAD_VALUE for any other text (*month unchanged);
 *   DM_ERR_NULL_ARGUMENT.
 */
DM_API dm_status dm_month_parse(const char *text, int *month);

/** Writes a DM_MONTH() value as "YYYY-MM" into buf (size bytes, at least
 *  DM_MONTH_TEXT_SIZE) and returns buf; "" for a month outside the years
 *  0–9999. */
DM_API const char *dm_month_format(int month, char *buf, size_t size);
/**@}*/

/* ------------------------------------------------------------------------ */
/** @name Context */
/**@{*/

/** A context: the last error and, from the first call that needs them, a
 *  GEOS handle and a PROJ context. One per thread at a time. */
typedef struct dm_context dm_context;

/** A new context; free with dm_context_free(). NULL only when memory is
 *  exhausted. GEOS and PROJ start, and GDAL registers its drivers, on the
 *  first call that needs them (DM_ERR_SYSTEM then if they cannot), so a
 *  program that only projects work tables never starts them. */
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
/** @name Outputs: files written together, whole or not at all */
/**@{*/

/** A set of files written into one folder together: each is written under
 *  a temporary folder inside it and all are moved into place at once by
 *  dm_output_commit(), so a run that fails leaves the older files as they
 *  were and no partial file. */
typedef struct dm_output dm_output;

/**
 * Begins writing files into the folder dir (made when missing, with mode
 * 0777 less the umask; its parent must exist). One writer at a time: the
 * output holds a lock on dir (the file dir/.demine.lock, flock) until it
 * is committed or aborted, and a second one is refused. Commit flushes
 * each file and then the folder to the disk (fsync), so a committed
 * output survives a power cut.
 *
 * @param out  receives the output; freed by dm_output_commit() or
 *             dm_output_abort()
 * @return DM_OK; DM_ERR_IO naming the folder (also when another output
 *   holds its lock).
 */
DM_API DM_WARN_UNUSED dm_status dm_output_begin(dm_context *ctx,
                                                const char *dir,
                                                dm_output **out);

/** Where to write the file `name` of the output: a plain file name (no
 *  '/', not "." or "..", no control character); borrowed, valid until the
 *  output is committed or aborted. NULL (DM_ERR_INVALID_ARGUMENT in the
 *  context) for a name that is none. */
DM_API const char *dm_output_path(dm_context *ctx, dm_output *output,
                                  const char *name);

/** Moves every file written into the folder (replacing files of the same
 *  names there) and frees the output. The folder keeps the list of them
 *  (.demine.files): the files its previous output wrote that this one did
 *  not are removed, so that the folder holds one run's files, never a mix
 *  (files no output wrote are left alone). DM_ERR_IO naming the file when
 *  a move fails: the files not yet moved are removed. */
DM_API dm_status dm_output_commit(dm_context *ctx, dm_output *output);

/** Removes what was written, and the folder when dm_output_begin() made
 *  it, and frees the output. Accepts NULL. */
DM_API void dm_output_abort(dm_output *output);

/** For a signal handler (SIGINT, SIGTERM): removes the files written at
 *  the paths dm_output_path() gave, the temporary folder, and the folder
 *  when dm_output_begin() made it, with async-signal-safe calls only; does
 *  not free (the process is ending). The folder's older files stay as they
 *  were. Accepts NULL. */
DM_API void dm_output_abort_in_signal(dm_output *output);
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
#define DM_DEFAULT_CRS                                                        \
    "+proj=laea +lat_0=48.5 +lon_0=31.5 +x_0=0 +y_0=0 +ellps=WGS84 "          \
    "+units=m +no_defs +type=crs"

/** How to read a boundaries source. Fill with dm_regions_options_init(). */
typedef struct dm_regions_options {
    /** sizeof(dm_regions_options), set by the init function (see the
     * conventions). */
    size_t struct_size;
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
    /** Threads for the national outline, the union of the units
     *  (1–DM_MAX_THREADS; each its own GEOS handle): from 64 units on they
     *  are united in blocks of nearby ones, fixed by the units alone, so
     *  the result is the same, bit for bit, whatever their number (fewer
     *  units are united in one union). Default 1. */
    unsigned threads;
} dm_regions_options;

/** Fills options with their defaults. */
DM_API void dm_regions_options_init_size(dm_regions_options *opts,
                                         size_t size);
#define dm_regions_options_init(opts)                                         \
    dm_regions_options_init_size((opts), sizeof *(opts))

/**
 * Reads every feature of one layer of a GDAL vector source as polygons.
 *
 * Geometries are densified, transformed with PROJ to the target CRS (the
 * axis order of the source is respected), repaired with GEOS make-valid when
 * invalid, and features with the same code are merged.
 *
 * @param ctx     context
 * @param source  any GDAL vector source: a file, a /vsi path, a
 *                connection string
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

/** Index of the unit with this code (exact match). DM_ERR_NOT_FOUND if none.
 */
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

/**
 * The i-th feature repaired (i < dm_regions_repaired_count()), to tell the
 * user what changed: a self-intersecting ring's lobes are each kept (GEOS
 * make-valid, "structure" method), so a bow-tie drawn as 0 km² becomes
 * both of its triangles.
 *
 * @param where        receives the feature: file, layer, FID (borrowed,
 *                     valid while regions lives); may be NULL
 * @param reason       receives what GEOS found wrong ("Self-intersection",
 *                     "Ring Self-intersection" …; borrowed); may be NULL
 * @param drawn_km2    receives its area as drawn (GEOS's area of the
 *                     invalid polygon, in the target CRS); may be NULL
 * @param repaired_km2 receives its area once repaired; may be NULL
 * @return DM_OK; DM_ERR_OUT_OF_RANGE past the end.
 */
DM_API dm_status dm_regions_repair(dm_context *ctx, const dm_regions *regions,
                                   size_t i, const char **where,
                                   const char **reason, double *drawn_km2,
                                   double *repaired_km2);
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

/** Who can reach the ground. Land a scenario has not opened gets no
 *  capacity: the front line and occupied territory are closed until the
 *  dates the scenario gives (or never). */
typedef enum dm_zone {
    /** Controlled and away from the fighting: open to deminers. */
    DM_ZONE_ACCESSIBLE = 0,
    /** Controlled but within reach of the fighting: within a band of the
     *  line of contact or of the shelled border. */
    DM_ZONE_FRONT_LINE = 1,
    /** Occupied territory. */
    DM_ZONE_OCCUPIED = 2
} dm_zone;
#define DM_ZONE_COUNT 3

/** The accessible zone's name before the front line was a zone of its own:
 *  "controlled" in files still reads as accessible. */
#define DM_ZONE_CONTROLLED DM_ZONE_ACCESSIBLE

/** What survey has made of an area (IMAS 08.20 land release): suspected
 *  hazardous area (SHA) or confirmed hazardous area (CHA). */
typedef enum dm_area_state {
    DM_AREA_SUSPECTED = 0,
    DM_AREA_CONFIRMED = 1
} dm_area_state;
#define DM_AREA_STATE_COUNT 2

/** "high", "medium", "low"; static. NULL for a value out of range. */
DM_API const char *dm_hazard_name(dm_hazard hazard);
/** "accessible", "front_line", "occupied"; static. NULL for a value out of
 *  range. */
DM_API const char *dm_zone_name(dm_zone zone);
/** "suspected", "confirmed"; static. NULL for a value out of range. */
DM_API const char *dm_area_state_name(dm_area_state state);

/** The class named (case-insensitive); DM_ERR_BAD_VALUE naming it if none. */
DM_API dm_status dm_hazard_from_name(dm_context *ctx, const char *name,
                                     dm_hazard *out);
/** The zone named (case-insensitive; "controlled" is taken for
 *  accessible); DM_ERR_BAD_VALUE naming it if none. */
DM_API dm_status dm_zone_from_name(dm_context *ctx, const char *name,
                                   dm_zone *out);
/** The state named (case-insensitive; "SHA" and "CHA" are taken for
 *  suspected and confirmed); DM_ERR_BAD_VALUE naming it if none. */
DM_API dm_status dm_area_state_from_name(dm_context *ctx, const char *name,
                                         dm_area_state *out);

/**
 * The work table: hazardous area in km² per region × hazard class × zone ×
 * state. It is all the projection engine needs; it holds no geometry. Build
 * it from a contamination model, or cell by cell from a database export.
 */
typedef struct dm_work dm_work;

/** Most regions a work table holds (100,000: settlement level is some
 *  30,000 in Ukraine, its hromadas 1,469); one more is DM_ERR_BAD_VALUE
 *  naming it, before anything is allocated for it. */
#define DM_MAX_WORK_REGIONS 100000

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
DM_API dm_status dm_work_region_total_km2(dm_context *ctx, const dm_work *work,
                                          size_t region, double *km2);

/** km² in the whole table. */
DM_API dm_status dm_work_total_km2(dm_context *ctx, const dm_work *work,
                                   double *km2);

/** The widths of a front profile: 0, 1, …, 40 km (every km: the bands of
 *  the conflict sources end between steps, and the engine interpolates
 *  linearly between them). */
#define DM_FRONT_PROFILE_COUNT 41
#define DM_FRONT_PROFILE_STEP_KM 1.0

/**
 * Says how much of region i's controlled contamination of one class and
 * state (its accessible and front-line km² together) lies within each
 * width of the front: km2[k] within k × DM_FRONT_PROFILE_STEP_KM km of a
 * line of contact or a shelled border (DM_FRONT_PROFILE_COUNT values,
 * non-decreasing: a fall of less than 1 m², rounding of the geometry, is
 * kept as the width before's). A projection whose scenario ranges the
 * front-line width (access.front_line_km) then draws each run's front-line
 * zone from it, the rest of the controlled km² being accessible; without a
 * profile the zones stay as the table gives them. dm_work_from_contamination()
 * sets the profiles of a contamination model.
 *
 * @return DM_OK; DM_ERR_OUT_OF_RANGE (region), DM_ERR_INVALID_ARGUMENT
 *   (class, state, or count other than DM_FRONT_PROFILE_COUNT),
 *   DM_ERR_BAD_VALUE for values that are not finite, decrease by 1 m² or
 *   more, or exceed
 *   the controlled km² of the cell.
 */
DM_API dm_status dm_work_set_front_profile(dm_context *ctx, dm_work *work,
                                           size_t i, dm_hazard hazard,
                                           dm_area_state state,
                                           const double *km2, size_t count);

/** The front profile of region i, class and state into km2 (count =
 *  DM_FRONT_PROFILE_COUNT); DM_ERR_NOT_FOUND when the table has none. */
DM_API dm_status dm_work_front_profile(dm_context *ctx, const dm_work *work,
                                       size_t i, dm_hazard hazard,
                                       dm_area_state state, double *km2,
                                       size_t count);
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
    /** sizeof(dm_sources_options), set by the init function (see the
     * conventions). */
    size_t struct_size;
    const char *layer; /**< NULL: the first layer */
    const char *where; /**< OGR SQL WHERE; NULL: every feature */
    /** CRS when the source has none (as for regions). */
    const char *source_crs;
    const char *kind_field;  /**< default "kind" */
    const char *class_field; /**< default "class": class of the first band */
    const char *bands_field; /**< default "bands_km": outer distance of each
                                  band, increasing, e.g. "10,30" or [10, 30] */
    /** Field with the zone: "occupied" for the sources whose footprint
     *  is occupied territory ("accessible" or "controlled" otherwise; the
     *  front line is derived, see dm_contamination_build()). Default NULL:
     *  the field "zone" when the layer has one; where there is no value,
     *  occupied for kind occupied and accessible for the others. */
    const char *zone_field;
    /** Field with a label. Default NULL: the field "name" when the layer
     *  has one, otherwise no names. */
    const char *name_field;
} dm_sources_options;

/** Fills options with their defaults. */
DM_API void dm_sources_options_init_size(dm_sources_options *opts,
                                         size_t size);
#define dm_sources_options_init(opts)                                         \
    dm_sources_options_init_size((opts), sizeof *(opts))

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
    /** sizeof(dm_source_info), set by dm_source_info_init(). */
    size_t struct_size;
    dm_source_kind kind;
    dm_hazard hazard; /**< class of the first band */
    dm_zone zone;
    size_t band_count;
    const double *bands_km; /**< band_count outer distances, increasing */
    const char *name;       /**< "" when the layer has no name field */
    int has_geometry;       /**< 0 for a derived occupied territory */
} dm_source_info;

/** Fills info with its defaults (its struct_size). */
DM_API void dm_source_info_init_size(dm_source_info *info, size_t size);
#define dm_source_info_init(info)                                             \
    dm_source_info_init_size((info), sizeof *(info))

/** Fills info (initialised with dm_source_info_init()) for feature i. */
DM_API dm_status dm_sources_info(dm_context *ctx, const dm_sources *sources,
                                 size_t i, dm_source_info *info);
/**@}*/

/* ------------------------------------------------------------------------ */
/** @name Contamination: where the hazard is, per region, class and zone */
/**@{*/

/** Contaminated area as polygons per region × hazard class × zone × state,
 *  with its area in km². */
typedef struct dm_contamination dm_contamination;

/** The default target: the land part of the 2023 estimate, 174,000 km² of
 *  potentially hazardous area less its 14,000 km² of water (Government of
 *  Ukraine / Ministry of Defence, 2023): 160,000 km², 26.5 % of the land. */
#define DM_DEFAULT_TARGET_KM2 160000.0

/** The authorities' "about 30 %" of the national area (2023–24), taken
 *  when target_km2 is 0. */
#define DM_DEFAULT_TARGET_SHARE 0.30

/** The width of the front-line zone the contamination is drawn with, in
 *  km: controlled land this close to the line of contact or the shelled
 *  border is front line. The P50 of the calibration to the record
 *  (data/README.md); a projection re-draws it per run within the
 *  scenario's range (access.front_line_km) from the profile the
 *  contamination gives the work table. */
#define DM_DEFAULT_FRONT_LINE_KM 20.0

/** How to build the contamination. Fill with
 *  dm_contamination_options_init(). */
/** Most threads a call takes (the geometry's, a calibration's). */
#define DM_MAX_THREADS 1024

typedef struct dm_contamination_options {
    /** sizeof(dm_contamination_options), set by the init function (see the
     * conventions). */
    size_t struct_size;
    /** Share of the national area to reach by scaling every band distance
     *  by one factor when target_km2 is 0; default DM_DEFAULT_TARGET_SHARE.
     *  With target_share and target_km2 both <= 0 the bands are used as
     *  given. */
    double target_share;
    /** Contaminated km² to reach; when > 0 it overrides target_share.
     *  Default DM_DEFAULT_TARGET_KM2. */
    double target_km2;
    /** Relative tolerance on the target; default 0.001 (0.1 %). */
    double tolerance;
    /** Most calibration steps; default 100. */
    int max_iterations;
    /** Segments per quarter circle of a buffer; default 8, which draws a
     *  circle's area 0.64 % short (sin(π/16)/(π/16)); 32 makes it 0.04 %. */
    int quadrant_segments;
    /** Width in km of the front-line zone: controlled land within it of a
     *  line of contact or a border strip (0: no front-line zone); default
     *  DM_DEFAULT_FRONT_LINE_KM. */
    double front_line_km;
    /** Threads for the geometry (1–DM_MAX_THREADS; each its own GEOS
     *  handle); the result is the same, bit for bit, whatever their
     *  number. Default 1. */
    unsigned threads;
} dm_contamination_options;

/** Fills options with their defaults. */
DM_API void dm_contamination_options_init_size(dm_contamination_options *opts,
                                               size_t size);
#define dm_contamination_options_init(opts)                                   \
    dm_contamination_options_init_size((opts), sizeof *(opts))

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
    /** sizeof(dm_survey_options), set by the init function (see the
     * conventions). */
    size_t struct_size;
    const char *layer;      /**< NULL: the first layer */
    const char *where;      /**< OGR SQL WHERE; NULL: every feature */
    const char *source_crs; /**< CRS when the source has none */
    /** Field with the hazard class ("high", "medium", "low"); default
     *  "class". NULL: every polygon has default_hazard. */
    const char *class_field;
    /** Field with the state ("suspected"/"SHA", "confirmed"/"CHA"); default
     *  "status". NULL: every polygon has default_state. */
    const char *status_field;
    /** Field with the zone ("accessible" or "controlled", "front_line",
     *  "occupied"); default "zone".
     *  NULL: every polygon has default_zone. */
    const char *zone_field;
    dm_hazard default_hazard;    /**< default DM_HAZARD_HIGH */
    dm_area_state default_state; /**< default DM_AREA_SUSPECTED */
    dm_zone default_zone;        /**< default DM_ZONE_CONTROLLED */
    /** Threads for the overlay with the regions (1–DM_MAX_THREADS); the
     *  same result whatever their number. Default 1. */
    unsigned threads;
} dm_survey_options;

/** Fills options with their defaults. */
DM_API void dm_survey_options_init_size(dm_survey_options *opts, size_t size);
#define dm_survey_options_init(opts)                                          \
    dm_survey_options_init_size((opts), sizeof *(opts))

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
                                              double *factor, int *iterations);

/** km² of survey polygons that fell outside every region (0 for a model
 *  built from sources). */
DM_API dm_status dm_contamination_outside_km2(dm_context *ctx,
                                              const dm_contamination *c,
                                              double *km2);

/** Number of survey polygons that were invalid and repaired (0 for a
 *  model built from sources). */
DM_API size_t dm_contamination_repaired_count(dm_context *ctx,
                                              const dm_contamination *c);

/** The i-th survey polygon repaired, as dm_regions_repair() tells it of a
 *  boundary unit: where, what was wrong, km² as drawn and once repaired
 *  (each output may be NULL). DM_ERR_OUT_OF_RANGE past the end. */
DM_API dm_status dm_contamination_repair(
    dm_context *ctx, const dm_contamination *c, size_t i, const char **where,
    const char **reason, double *drawn_km2, double *repaired_km2);

/** The work table of a contamination: its areas per region × class × zone
 *  × state, and, for a model built from conflict sources, each region's
 *  front profile (dm_work_set_front_profile()), measured here from the
 *  front's bands on the threads the model was built with (the
 *  contamination's own figures do not need them). new: free with
 *  dm_work_free(). */
DM_API DM_WARN_UNUSED dm_status dm_work_from_contamination(
    dm_context *ctx, const dm_contamination *c, dm_work **out);

/** How to write a contamination. Fill with dm_write_options_init(). */
typedef struct dm_write_options {
    /** sizeof(dm_write_options), set by the init function (see the
     * conventions). */
    size_t struct_size;
    /** GDAL driver short name ("GPKG", "GeoJSON", "CSV" …); NULL: the
     *  first vector driver that creates files GDAL lists for the file's
     *  extension (GDAL_DMD_EXTENSIONS: .gpkg, .geojson, .shp, .fgb, .csv
     *  …). */
    const char *driver;
    /** Layer name; default "contamination". */
    const char *layer;
    /** 1: write longitude, latitude (WGS 84, recorded as EPSG:4326) instead
     *  of the regions' equal-area CRS. GeoJSON is always longitude,
     *  latitude (RFC 7946), whatever this says. Default 0. */
    int lonlat;
} dm_write_options;

/** Fills options with their defaults. */
DM_API void dm_write_options_init_size(dm_write_options *opts, size_t size);
#define dm_write_options_init(opts)                                           \
    dm_write_options_init_size((opts), sizeof *(opts))

/**
 * Writes the contamination through GDAL: one multipolygon feature per
 * region × class × zone × state that has area, with the fields
 * region_code, region_name, class, zone, state and area_km2 (text in
 * UTF-8: a Shapefile gets ENCODING=UTF-8 and its .cpg). The CRS is named in
 * the file: EPSG:4326 for longitude, latitude (GeoJSON always, RFC 7946),
 * else the regions' equal-area CRS ("demine equal-area CRS (…)" when it
 * has no name of its own); polygons reprojected are made valid again. The
 * layer carries a description where the driver keeps one (GeoJSON,
 * GeoPackage); a Shapefile's layer is its file name. The file is
 * written under a temporary name in the same folder and renamed when
 * complete, so a failed run leaves no partial file and an existing file is
 * replaced only by a complete one. A GeoPackage also holds the map's QGIS
 * style (its layer_styles table).
 *
 * A path with a driver's connection prefix, as GDAL lists it ("PG:dbname=…
 * host=…" for PostGIS), names a database: the layer becomes its table
 * (geometry column "geom"), replaced in one transaction — whole when it
 * commits, as it was when anything fails. As with ogr2ogr -overwrite, GDAL
 * drops the old table with what depends on it (views). Messages show a
 * connection's password as "***".
 *
 * @return DM_OK; DM_ERR_INVALID_ARGUMENT for an unknown driver or
 *   extension; DM_ERR_IO naming the path when it cannot be written (or the
 *   database opened).
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
    /** sizeof(dm_map_options), set by the init function (see the conventions).
     */
    size_t struct_size;
    int width;            /**< default 1600 */
    int height;           /**< default 1100 */
    dm_map_labels labels; /**< default DM_MAP_LABEL_CODE */
    /** Title; NULL: "Estimated contamination by region" (a model) or
     *  "Surveyed hazardous areas by region" (a survey), with the total. */
    const char *title;
    /** The data's attribution, printed at the bottom; NULL: the inputs the
     *  contamination was made of — the boundaries' file (with its licence
     *  when it is the embedded Natural Earth file or a geoBoundaries one)
     *  and the survey's file, or the model's conflict sources ("not a
     *  survey"). */
    const char *attribution;
    /** "png" or "svg"; NULL: from the file's extension. */
    const char *format;
} dm_map_options;

/** Fills options with their defaults. */
DM_API void dm_map_options_init_size(dm_map_options *opts, size_t size);
#define dm_map_options_init(opts)                                             \
    dm_map_options_init_size((opts), sizeof *(opts))

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
/** @name Work table from a file */
/**@{*/

/** How to read a work table with dm_work_load(). Fill with
 *  dm_work_load_options_init(). Field names are matched exactly. */
typedef struct dm_work_load_options {
    /** sizeof(dm_work_load_options), set by the init function (see the
     * conventions). */
    size_t struct_size;
    /** Layer name; NULL: the source's first layer. */
    const char *layer;
    /** Attribute filter, an OGR SQL WHERE clause; NULL: every row. */
    const char *where;
    /** Field with the region's code; default "code". */
    const char *code_field;
    /** Field with the region's name; default "name". NULL, or a field the
     *  layer does not have when left at the default: the code. */
    const char *name_field;
    /** Field with the hazard class (high, medium, low); default "class". */
    const char *class_field;
    /** Field with the zone (accessible or controlled, front_line,
     *  occupied); default "zone". */
    const char *zone_field;
    /** Field with the state (suspected, confirmed); default "state". NULL,
     *  or a field the layer does not have when left at the default: every
     *  row is suspected. An empty value is suspected too. */
    const char *state_field;
    /** Field with the area (finite, >= 0), in the unit below; default
     *  "area_km2". */
    const char *area_field;
    /** km² per unit of the area field: 1 (km², the default),
     *  DM_KM2_PER_HECTARE, DM_KM2_PER_M2; finite and > 0. */
    double area_unit_km2;
    /** The regions the table's areas lie in, or NULL. When given, a row
     *  that takes its region's area to work past the region's own area
     *  (by more than 1 %) is refused: DM_ERR_BAD_VALUE naming the row, the
     *  region, both areas and what the table's figures would be in
     *  hectares and in m² (a table in the wrong unit). Rows whose code the
     *  regions do not have are not checked. Borrowed for the call. */
    const dm_regions *regions;
} dm_work_load_options;

/** km² in a hectare and in a square metre, for area_unit_km2. */
#define DM_KM2_PER_HECTARE 0.01
#define DM_KM2_PER_M2 1e-6

/** Fills options with their defaults. */
DM_API void dm_work_load_options_init_size(dm_work_load_options *opts,
                                           size_t size);
#define dm_work_load_options_init(opts)                                       \
    dm_work_load_options_init_size((opts), sizeof *(opts))

/**
 * Reads a work table, one area per row, from any GDAL source with an
 * attribute table (CSV, GeoPackage, XLSX, PostGIS …): the export of a
 * national mine-action database, say. Rows naming the same cell add up.
 * Geometries, when the source has them, are ignored.
 *
 * @param ctx     context
 * @param source  any GDAL vector source
 * @param opts    field mapping, or NULL for the defaults
 * @param out     receives the table; new: free with dm_work_free()
 * @return DM_OK; DM_ERR_FILE_NOT_FOUND, DM_ERR_NOT_VECTOR, DM_ERR_CORRUPT,
 *   DM_ERR_LAYER_NOT_FOUND, DM_ERR_BAD_FILTER, DM_ERR_FIELD_NOT_FOUND,
 *   DM_ERR_EMPTY, DM_ERR_BAD_VALUE (a class, zone or state it does not
 *   know, an empty code, an area that is missing, not a number, negative
 *   or not finite: the message names the file, the row's FID and the
 *   field).
 */
DM_API DM_WARN_UNUSED dm_status dm_work_load(dm_context *ctx,
                                             const char *source,
                                             const dm_work_load_options *opts,
                                             dm_work **out);
/**@}*/

/* ------------------------------------------------------------------------ */
/** @name Scenarios: assets, land release, access, policy, uncertainty
 *
 * A scenario is a JSON file; docs/scenario-format.md is its schema. Any
 * numeric parameter may be a triangular range {"min", "mode", "max"}, drawn
 * anew in each Monte Carlo run. */
/**@{*/

/** A loaded, validated scenario. Read-only once loaded: one scenario may
 *  be projected by several threads at once. */
typedef struct dm_scenario dm_scenario;

/** Kinds of asset. Survey assets (NTS, TS) turn suspected and confirmed
 *  area into released or to-clear area; clearance assets (manual,
 *  mechanical, dogs) clear it. */
typedef enum dm_asset_kind {
    DM_ASSET_NTS = 0,        /**< non-technical survey teams */
    DM_ASSET_TS = 1,         /**< technical survey teams */
    DM_ASSET_MANUAL = 2,     /**< manual deminers (with a detector model) */
    DM_ASSET_MECHANICAL = 3, /**< demining machines */
    DM_ASSET_MDD = 4         /**< mine-detection-dog teams */
} dm_asset_kind;
#define DM_ASSET_KIND_COUNT 5

/** "nts", "ts", "manual", "mechanical", "mdd"; static. NULL out of range. */
DM_API const char *dm_asset_kind_name(dm_asset_kind kind);

/**
 * Reads and validates a scenario file. With "extends", the named file
 * (relative to this file's folder) is read first and this one is laid
 * over it (see docs/scenario-format.md).
 *
 * @param ctx   context
 * @param path  a JSON file
 * @param out   receives the scenario; new: free with dm_scenario_free()
 * @return DM_OK; DM_ERR_FILE_NOT_FOUND, DM_ERR_IO, DM_ERR_SCENARIO
 *   (malformed JSON, an unknown or missing key, a wrong type, an
 *   "extends" loop), DM_ERR_BAD_VALUE (a value out of its domain). The
 *   message names the file and the key path, e.g.
 *   "assets[2].productivity_m2_per_day.min".
 */
DM_API DM_WARN_UNUSED dm_status dm_scenario_load(dm_context *ctx,
                                                 const char *path,
                                                 dm_scenario **out);

/**
 * As dm_scenario_load(), from a string in memory (tests, fuzzing,
 * bindings). `base_dir` is where "extends" looks (NULL: the current
 * folder); messages name the scenario "<string>".
 */
DM_API DM_WARN_UNUSED dm_status dm_scenario_load_string(dm_context *ctx,
                                                        const char *json,
                                                        const char *base_dir,
                                                        dm_scenario **out);

/** Frees a scenario. Accepts NULL. */
DM_API void dm_scenario_free(dm_scenario *scenario);

/** The scenario's name; borrowed, valid until the scenario is freed. NULL
 *  (ask the context) for a NULL scenario. */
DM_API const char *dm_scenario_name(dm_context *ctx,
                                    const dm_scenario *scenario);

/** The scenario's "description" ("" when it has none); borrowed as
 *  dm_scenario_name(). */
DM_API const char *dm_scenario_description(dm_context *ctx,
                                           const dm_scenario *scenario);

/** The start month, as DM_MONTH(year, month). */
DM_API dm_status dm_scenario_start(dm_context *ctx,
                                   const dm_scenario *scenario, int *month);

/** The horizon in months (>= 1); 0 for NULL. */
DM_API size_t dm_scenario_horizon(dm_context *ctx,
                                  const dm_scenario *scenario);

/** Number of assets; 0 for NULL. */
DM_API size_t dm_scenario_asset_count(dm_context *ctx,
                                      const dm_scenario *scenario);

/** Name of asset i; borrowed, valid until the scenario is freed. NULL
 *  (DM_ERR_OUT_OF_RANGE in the context) past the end. */
DM_API const char *
dm_scenario_asset_name(dm_context *ctx, const dm_scenario *scenario, size_t i);

/** Kind of asset i. */
DM_API dm_status dm_scenario_asset_kind(dm_context *ctx,
                                        const dm_scenario *scenario, size_t i,
                                        dm_asset_kind *kind);

/** Index of the asset with this name; DM_ERR_NOT_FOUND if none. */
DM_API dm_status dm_scenario_find_asset(dm_context *ctx,
                                        const dm_scenario *scenario,
                                        const char *name, size_t *index);

/** Units of asset i on its schedule in `month` (DM_MONTH()), at the mode of
 *  each ranged count; before the first step, 0. */
DM_API dm_status dm_scenario_asset_units(dm_context *ctx,
                                         const dm_scenario *scenario, size_t i,
                                         int month, double *units);

/** The zones open at a month (DM_MONTH()) under the scenario's access,
 *  as a mask of DM_ZONE_BIT()s. */
DM_API dm_status dm_scenario_open_zones(dm_context *ctx,
                                        const dm_scenario *scenario, int month,
                                        unsigned *mask);

/** Number of ranged (uncertain) parameters, each drawn once per run. */
DM_API size_t dm_scenario_ranged_count(dm_context *ctx,
                                       const dm_scenario *scenario);
/**@}*/

/* ------------------------------------------------------------------------ */
/** @name Projection: land release month by month, with Monte Carlo runs
 *
 * Each cell of the work table (region × class × zone) holds six states in
 * km²: suspected, confirmed, to clear, cancelled, reduced, cleared. Every
 * month NTS turns suspected into cancelled or confirmed (by the class's
 * cancel share), TS turns confirmed into reduced or to-clear (by the
 * class's reduce share), and clearance assets clear to-clear area. Capacity
 * goes only to cells whose zone is open, by the scenario's policy; capacity
 * a region cannot use goes to the others in the same month. The six states
 * always sum to the initial area. Released = cancelled + reduced + cleared.
 *
 * Months to a milestone are fractional (progress within a month is taken
 * as even) and counted from the start of the start month; INFINITY means
 * "not within the horizon". Quantiles order INFINITY after every month.
 *
 * Cost (US$) = unit-days used × cost per unit-day: an asset's productive
 * unit-days in a month times the share of its kind's capacity that found
 * work. Idle capacity and units in training are not charged. Unconstrained
 * survey is charged per hectare processed. */
/**@{*/

/** The six states of land release. */
typedef enum dm_state {
    DM_STATE_SUSPECTED = 0,
    DM_STATE_CONFIRMED = 1,
    DM_STATE_TO_CLEAR = 2,
    DM_STATE_CANCELLED = 3,
    DM_STATE_REDUCED = 4,
    DM_STATE_CLEARED = 5
} dm_state;
#define DM_STATE_COUNT 6

/** The monthly series a projection keeps: the six states (km²), the
 *  cumulative cost (US$), the cumulative km² that non-technical survey
 *  flagged as hazardous (sent on to technical survey rather than
 *  cancelled), and the km² not yet released in the zones open in the
 *  month that follows. */
#define DM_SERIES_COST 6
#define DM_SERIES_FLAGGED 7
#define DM_SERIES_OPEN 8
#define DM_SERIES_COUNT 9

/** "suspected", "confirmed", "to_clear", "cancelled", "reduced",
 *  "cleared", "cost_usd", "flagged" and "open_remaining"; static. NULL out
 *  of range. */
DM_API const char *dm_series_name(int series);

/** Milestones: shares of the initial area released. */
typedef enum dm_milestone {
    DM_RELEASE_80 = 0, /**< 80 % released (the national strategy's goal) */
    DM_RELEASE_95 = 1, /**< 95 % released */
    DM_RELEASE_100 = 2 /**< everything released */
} dm_milestone;
#define DM_MILESTONE_COUNT 3

/** The share of a milestone: 0.80, 0.95, 1.0; NAN out of range. */
DM_API double dm_milestone_share(dm_milestone milestone);

/** Region index meaning the national total (all regions). */
#define DM_NATIONAL ((size_t)-1)

/** Region index meaning the land of a set of zones in every region: mask
 *  is an OR of DM_ZONE_BIT()s (1–7); DM_ZONES(DM_ZONE_BIT(DM_ZONE_OCCUPIED))
 *  is the occupied land alone, DM_ZONES(all three) is DM_NATIONAL. The
 *  accessors of a projection take it where they take a region; the zones
 *  open at the start are dm_projection_open_zones(). */
#define DM_ZONE_BIT(zone) (1u << (unsigned)(zone))
#define DM_ZONES(mask) ((size_t)-1 - (size_t)(7u - ((unsigned)(mask)&7u)))

/** Called after each Monte Carlo run with the number of runs done and the
 *  total, from the worker threads, one call at a time. */
typedef void (*dm_progress_fn)(size_t done, size_t total, void *userdata);

/** Monte Carlo options. Fill with dm_projection_options_init(). */
typedef struct dm_projection_options {
    /** sizeof(dm_projection_options), set by the init function (see the
     * conventions). */
    size_t struct_size;
    /** Monte Carlo runs (1 to DM_MAX_RUNS); default 1. A projection
     *  whose runs would need more than DM_MAX_PROJECTION_BYTES is refused
     *  before anything is allocated. */
    size_t runs;
    /** Seed; run i draws from its own stream derived from (seed, i), so
     *  results do not depend on the number of threads. Default 1. */
    unsigned long long seed;
    /** Worker threads (>= 1); default 1. */
    unsigned threads;
    /** Non-zero: keep every run's remaining area per region and month, so
     *  that dm_projection_remaining_quantile() works for regions (runs ×
     *  regions × (horizon + 1) doubles). The national series is always
     *  kept. Default 0. */
    int keep_series;
    /** Progress callback, or NULL; with its userdata. */
    dm_progress_fn progress;
    void *progress_data;
    /** A posterior fitted to the record (dm_calibrate()), or NULL: each run
     *  then takes its fitted parameters from one of the posterior's draws
     *  (drawn by weight; parameters matched by key path where the
     *  scenario keeps the range that was fitted), the others from the
     *  scenario's ranges: a scenario that extends the fitted one and sets
     *  a figure of its own has its own. The months of the record are the
     *  replay (dm_projection_replay_months()).
     *  Borrowed for the call. Default NULL. */
    const struct dm_posterior *posterior;
    /** Non-zero, with keep_series: each region's remaining area is kept as
     *  a count of the runs per month in DM_SUMMARY_BINS equal bins between
     *  0 and the region's area (and at exactly 0 and the whole area)
     *  instead of every run's value, and the regions' yearly figures are
     *  not kept: for tables of many regions and many runs (1,469 hromadas
     *  × 10,000 runs), whose every value would not fit in memory. A
     *  region's dm_projection_remaining_quantile() is then within
     *  1/DM_SUMMARY_BINS of its area of the exact one, and its
     *  DM_MEASURE_RELEASED_BY and DM_MEASURE_COST_IN_YEAR are
     *  DM_ERR_INVALID_ARGUMENT; every other figure, and every figure of
     *  the nation and the lands, is as without. Default 0. */
    int region_summaries;
} dm_projection_options;

/** Bins of a region's remaining area per month with region_summaries. */
#define DM_SUMMARY_BINS 128

/** Fills options with their defaults. */
DM_API void dm_projection_options_init_size(dm_projection_options *opts,
                                            size_t size);
#define dm_projection_options_init(opts)                                      \
    dm_projection_options_init_size((opts), sizeof *(opts))

/** Most Monte Carlo runs a projection takes. */
#define DM_MAX_RUNS 1000000
/** Most memory a projection's runs may need (8 GiB): runs × rows ×
 *  (months with keep_series, and the years, milestones and figures each
 *  run keeps); a larger request is DM_ERR_INVALID_ARGUMENT saying what it
 *  would need. */
#define DM_MAX_PROJECTION_BYTES (8ull << 30)

/** The result of dm_project(). */
typedef struct dm_projection dm_projection;

/**
 * Projects land release month by month over the scenario's horizon, in
 * opts->runs Monte Carlo runs on opts->threads threads. The work table and
 * the scenario are only read (they may be shared by concurrent calls with
 * other contexts); the projection copies what it needs of them.
 *
 * @param ctx       context
 * @param work      the areas (km²) per region × class × zone × state
 * @param scenario  assets, land release, access, policy
 * @param opts      options, or NULL for the defaults
 * @param out       receives the projection; new: free with
 *                  dm_projection_free()
 * @return DM_OK; DM_ERR_EMPTY (no region), DM_ERR_INVALID_ARGUMENT (0
 *   runs or threads; a posterior none of whose fitted parameters the
 *   scenario keeps, see dm_posterior_applies()), DM_ERR_NOT_FOUND (the
 *   policy names a region the table does not have), DM_ERR_NO_MEMORY,
 *   DM_ERR_SYSTEM (a thread could not start).
 */
DM_API DM_WARN_UNUSED dm_status dm_project(dm_context *ctx,
                                           const dm_work *work,
                                           const dm_scenario *scenario,
                                           const dm_projection_options *opts,
                                           dm_projection **out);

/** Frees a projection. Accepts NULL. */
DM_API void dm_projection_free(dm_projection *projection);

/** Number of runs; 0 for NULL. */
DM_API size_t dm_projection_runs(dm_context *ctx, const dm_projection *p);

/** The seed the runs were drawn with (dm_projection_options.seed); 0 for
 *  NULL. */
DM_API unsigned long long dm_projection_seed(dm_context *ctx,
                                             const dm_projection *p);

/** Horizon in months; the series have horizon + 1 values (index k is the
 *  state at the start of month k, index 0 the initial state). 0 for NULL. */
DM_API size_t dm_projection_months(dm_context *ctx, const dm_projection *p);

/** The months from the start that replay the record: those up to the last
 *  month of the posterior's record (0 without a posterior); the months
 *  after them are the projection. */
DM_API size_t dm_projection_replay_months(dm_context *ctx,
                                          const dm_projection *p);

/** The start month, as DM_MONTH(year, month). */
DM_API dm_status dm_projection_start(dm_context *ctx, const dm_projection *p,
                                     int *month);

/** Number of regions (those of the work table, in its order); 0 for NULL. */
DM_API size_t dm_projection_region_count(dm_context *ctx,
                                         const dm_projection *p);

/** Code of region i; borrowed, valid until the projection is freed. NULL
 *  (ask the context) past the end. */
DM_API const char *dm_projection_region_code(dm_context *ctx,
                                             const dm_projection *p, size_t i);

/** Name of region i; as dm_projection_region_code(). */
DM_API const char *dm_projection_region_name(dm_context *ctx,
                                             const dm_projection *p, size_t i);

/** The zones open at a month (DM_MONTH()) as a mask of DM_ZONE_BIT()s:
 *  at the projection's start, the land DM_ZONES(mask) is the land open from
 *  the start (the accessible land, in the baseline). */
DM_API dm_status dm_projection_open_zones(dm_context *ctx,
                                          const dm_projection *p, int month,
                                          unsigned *mask);

/** Initial area in km² of a region, DM_NATIONAL or DM_ZONES(). */
DM_API dm_status dm_projection_area_km2(dm_context *ctx,
                                        const dm_projection *p, size_t region,
                                        double *km2);

/** Months to a milestone in one run, for a region or DM_NATIONAL;
 *  INFINITY when not within the horizon. */
DM_API dm_status dm_projection_months_to(dm_context *ctx,
                                         const dm_projection *p, size_t region,
                                         dm_milestone milestone, size_t run,
                                         double *months);

/** Quantile q (0–1; 0.1, 0.5, 0.9 for P10/P50/P90) over the runs of the
 *  months to a milestone (linear interpolation between order statistics;
 *  INFINITY when it falls on or past a run that did not reach it). */
DM_API dm_status dm_projection_months_quantile(dm_context *ctx,
                                               const dm_projection *p,
                                               size_t region,
                                               dm_milestone milestone,
                                               double q, double *months);

/** Total cost in US$ over the horizon of one run, for a region or
 *  DM_NATIONAL. */
DM_API dm_status dm_projection_cost(dm_context *ctx, const dm_projection *p,
                                    size_t region, size_t run, double *usd);

/** Quantile q over the runs of the total cost in US$. */
DM_API dm_status dm_projection_cost_quantile(dm_context *ctx,
                                             const dm_projection *p,
                                             size_t region, double q,
                                             double *usd);

/**
 * The mean over the runs of one monthly series (a dm_state in km², or
 * DM_SERIES_COST, cumulative US$) of a region or DM_NATIONAL.
 *
 * @param values  receives horizon + 1 values; borrowed, valid until the
 *                projection is freed
 * @param count   receives horizon + 1
 */
DM_API dm_status dm_projection_series(dm_context *ctx, const dm_projection *p,
                                      size_t region, int series,
                                      const double **values, size_t *count);

/**
 * Quantile q over the runs of the remaining area (suspected + confirmed +
 * to clear, km²) at each month, for DM_NATIONAL always and for a region
 * when the projection kept its series (DM_ERR_INVALID_ARGUMENT otherwise).
 * The P50 line and the P10–P90 band of a burn-down chart.
 *
 * @param km2    caller's array of `count` values, filled from month 0
 * @param count  at most horizon + 1 (DM_ERR_OUT_OF_RANGE past it)
 */
DM_API dm_status dm_projection_remaining_quantile(dm_context *ctx,
                                                  const dm_projection *p,
                                                  size_t region, double q,
                                                  double *km2, size_t count);

/** What a run of a projection gives for a region, DM_NATIONAL or
 *  DM_ZONES() (its figures compared between scenarios, its quantiles and
 *  what drives them). Those marked "(year)" take a calendar year. */
typedef enum dm_measure {
    DM_MEASURE_MONTHS_TO_80 = 0,  /**< months to 80 % released (INFINITY:
                                       not within the horizon) */
    DM_MEASURE_MONTHS_TO_95 = 1,  /**< months to 95 % released */
    DM_MEASURE_MONTHS_TO_100 = 2, /**< months to all released */
    DM_MEASURE_COST = 3,          /**< US$ over the horizon */
    DM_MEASURE_RELEASED = 4,      /**< km² released over the horizon */
    DM_MEASURE_CLEARED = 5,       /**< km² cleared over the horizon */
    DM_MEASURE_USD_PER_KM2_RELEASED = 6, /**< cost / km² released (NAN
                                              when none is) */
    DM_MEASURE_USD_PER_KM2_CLEARED = 7,  /**< cost / km² cleared */
    DM_MEASURE_RELEASED_BY = 8, /**< km² released by the end of (year), or
                                     by the horizon when it ends first */
    DM_MEASURE_COST_IN_YEAR = 9 /**< US$ spent in (year) */
} dm_measure;
#define DM_MEASURE_COUNT 10

/** "months_to_80", "months_to_95", "months_to_100", "cost_usd",
 *  "released_km2", "cleared_km2", "usd_per_km2_released",
 *  "usd_per_km2_cleared", "released_km2_by", "cost_usd_in"; static. NULL
 *  out of range. */
DM_API const char *dm_measure_name(dm_measure measure);

/** The calendar years a projection covers: from its start's to the
 *  horizon's last month's (the years a "(year)" measure takes). */
DM_API dm_status dm_projection_years(dm_context *ctx, const dm_projection *p,
                                     int *first, int *last);

/**
 * A measure's value in one run.
 *
 * @param region   a region, DM_NATIONAL or DM_ZONES()
 * @param year     the calendar year of a "(year)" measure (from
 *                 dm_projection_years()); ignored by the others
 * @return DM_OK; DM_ERR_OUT_OF_RANGE (region, run or year),
 *   DM_ERR_INVALID_ARGUMENT (measure)
 */
DM_API dm_status dm_projection_measure(dm_context *ctx, const dm_projection *p,
                                       size_t region, dm_measure measure,
                                       int year, size_t run, double *value);

/** Quantile q of a measure over the runs (linear between order
 *  statistics; runs where it is NAN left out, NAN when all are). */
DM_API dm_status dm_projection_measure_quantile(dm_context *ctx,
                                                const dm_projection *p,
                                                size_t region,
                                                dm_measure measure, int year,
                                                double q, double *value);

/**
 * Quantile q over the runs of the paired difference of a measure, `other`
 * minus `base`, run by run: the change a scenario makes. Runs pair up only
 * when both projections drew them from the same seed (common random
 * numbers: a figure both scenarios share has the same value in the same
 * run, so the difference is the scenarios' and not the draws'). A run
 * where neither reaches a milestone has no difference and is left out;
 * one that reaches it only in `other` counts as -INFINITY, only in `base`
 * as +INFINITY.
 *
 * @param defined  receives the runs that have a difference; may be NULL
 * @return DM_OK; DM_ERR_INVALID_ARGUMENT when the projections do not pair
 *   (different seeds, numbers of runs, start months or regions), for a
 *   bad measure or quantile; DM_ERR_OUT_OF_RANGE (region, year);
 *   DM_ERR_NO_MEMORY. The value is NAN when no run has a difference.
 */
DM_API dm_status dm_projection_change_quantile(
    dm_context *ctx, const dm_projection *base, const dm_projection *other,
    size_t region, dm_measure measure, int year, double q, double *value,
    size_t *defined);

/** The measures a comparison of scenarios gives (demine-project's
 *  comparison.csv and the report, in their order). */
#define DM_COMPARED_COUNT 7

/**
 * Compared measure i (0 to DM_COMPARED_COUNT - 1): months to 80, 95 and
 * 100 %, km² released by the end of a year, the cost, US$ per km² released
 * and cleared; the unit its figures are given in ("years", "km2",
 * "usd_million", "usd_per_km2"), the factor from the measure's own unit
 * (months, km², US$) to that one, and a reader's label ("years to 80 %",
 * "km² released by the end of" a year). Any output may be NULL.
 *
 * @return DM_OK; DM_ERR_OUT_OF_RANGE past the last.
 */
DM_API dm_status dm_compared_measure(size_t i, dm_measure *measure,
                                     const char **unit, double *scale,
                                     const char **label);

/**
 * One figure of the comparison of `other` with `base` (of the same runs):
 * the P10, P50 and P90 of the paired change of a measure on one land
 * (dm_projection_change_quantile()) into change[0], change[1] and
 * change[2], the runs that have a change into *runs, and each
 * projection's own P50 into *base_p50 and *other_p50, in the measure's
 * own unit; NAN (and 0 runs) where there is none: a change no run has
 * (DM_OK), or one the projections cannot give (projections that do not
 * pair: their P50s are still given).
 *
 * @return DM_OK; else the status of the first figure that could not be
 *   given (those of dm_projection_change_quantile() and
 *   dm_projection_measure_quantile()), the others filled.
 */
DM_API dm_status dm_projection_compare(
    dm_context *ctx, const dm_projection *base, const dm_projection *other,
    size_t region, dm_measure measure, int year, double change[3],
    size_t *runs, double *base_p50, double *other_p50);

/** Number of the scenario's numeric figures a projection drew its runs'
 *  values of (every figure, fixed or ranged); 0 for NULL. */
DM_API size_t dm_projection_param_count(dm_context *ctx,
                                        const dm_projection *p);

/** The key path of figure i ("assets[deminers].productivity_m2_per_day");
 *  borrowed, valid until the projection is freed; NULL past the end. */
DM_API const char *dm_projection_param_name(dm_context *ctx,
                                            const dm_projection *p, size_t i);

/** Figure i's value in one run. */
DM_API dm_status dm_projection_param_value(dm_context *ctx,
                                           const dm_projection *p, size_t i,
                                           size_t run, double *value);

/**
 * What drives a measure: the partial rank correlation (PRCC, −1 to 1) over
 * the runs of each figure with the measure, the others held fixed. A
 * figure that does not vary over the runs (fixed, or tied to another
 * asset's) gets 0; the value of |prcc| near 1 means the measure follows
 * that figure whatever the others do. Runs that do not reach a milestone
 * rank last.
 *
 * @param prcc   caller's array of dm_projection_param_count() values
 * @param count  its length (at least the parameter count)
 * @return DM_OK (every value NAN when the measure does not vary over the
 *   runs); DM_ERR_INVALID_ARGUMENT (too few runs for the varying figures:
 *   at least their number + 3; a bad measure), DM_ERR_OUT_OF_RANGE,
 *   DM_ERR_NO_MEMORY.
 */
DM_API dm_status dm_projection_sensitivity(dm_context *ctx,
                                           const dm_projection *p,
                                           size_t region, dm_measure measure,
                                           int year, double *prcc,
                                           size_t count);

/**
 * What drives a measure, ranked: the figures whose PRCC
 * (dm_projection_sensitivity()) is neither 0 nor undefined, largest |PRCC|
 * first (ties in the figures' order): their indices into order[] and their
 * PRCCs into prcc[], as many as count holds, and how many there are into
 * *n.
 *
 * @param order, prcc  caller's arrays of count values (NULL with count 0)
 * @return DM_OK (*n = 0 when nothing is ranged or no figure has an
 *   effect); DM_ERR_INVALID_ARGUMENT when the measure does not vary over
 *   the runs (every PRCC undefined), and the statuses of
 *   dm_projection_sensitivity().
 */
DM_API dm_status dm_projection_drivers(dm_context *ctx, const dm_projection *p,
                                       size_t region, dm_measure measure,
                                       int year, size_t *order, double *prcc,
                                       size_t count, size_t *n);

/** Frees the per-region series of every run that keep_series kept (runs ×
 *  regions × (horizon + 1) doubles) and those of the sets of zones, keeping
 *  the national series, those of the land open at the start and by
 *  DM_STRATEGY_DEADLINE (what a comparison draws) and every summary and
 *  measure: for callers that hold many projections, e.g. to draw them
 *  together once each one's regional series are written out. Afterwards
 *  dm_projection_remaining_quantile() works for those three only. */
DM_API dm_status dm_projection_drop_series(dm_context *ctx, dm_projection *p);
/**@}*/

/* ------------------------------------------------------------------------ */
/** @name The record: dated observations of land release
 *
 * What has been achieved, as dated observations: the potentially hazardous
 * land remaining, the land released, cancelled, flagged as hazardous by
 * non-technical survey or cleared in a period, the land accessible, the
 * cost. A calibration fits a scenario to them (dm_calibrate()). */
/**@{*/

/** Observations, in the order they were added or read. */
typedef struct dm_record dm_record;

/** The region code of an observation of the whole country. */
#define DM_RECORD_NATIONAL "national"

/** One observation. Fill with dm_observation_init(). Quantities
 *  (dm_record_quantity_name()):
 *  - stocks, at the end of `month`: "remaining_km2" (not yet released),
 *    "accessible_km2" (not yet released, in the zones open then);
 *  - flows, over the months `from_month` to `month` (both included):
 *    "released_km2", "cancelled_km2", "flagged_km2" (what non-technical
 *    survey sent on as hazardous), "cleared_km2", "cost_usd", and
 *    "flagged_share" (flagged / (flagged + cancelled));
 *  - context, kept with its source but not simulated: "nts_sites",
 *    "nts_communities", "nts_surveyed_km2", "task_sites",
 *    "task_sites_km2", "handed_over_sites", "handed_over_km2". */
typedef struct dm_observation {
    /** sizeof(dm_observation), set by dm_observation_init(). */
    size_t struct_size;
    int month;      /**< DM_MONTH() of the date */
    int from_month; /**< a flow's first month (DM_MONTH()); 0 for a stock */
    const char *region;   /**< a region code; NULL or "national": all */
    const char *quantity; /**< one of the names above */
    double value;
    /** The range the value is known within; NAN: ±5 % of the value. */
    double low, high;
    const char *source; /**< where the figure comes from; may be NULL */
    const char *note;   /**< may be NULL */
} dm_observation;

/** Fills an observation with its defaults (low and high NAN). */
DM_API void dm_observation_init_size(dm_observation *obs, size_t size);
#define dm_observation_init(obs) dm_observation_init_size((obs), sizeof *(obs))

/** The name of quantity i (0, 1, … while not NULL); static. */
DM_API const char *dm_record_quantity_name(size_t i);

/** A new, empty record; free with dm_record_free(). */
DM_API DM_WARN_UNUSED dm_status dm_record_new(dm_context *ctx,
                                              dm_record **out);

/** Frees a record. Accepts NULL. */
DM_API void dm_record_free(dm_record *record);

/**
 * Adds an observation (its strings are copied).
 *
 * @return DM_OK; DM_ERR_BAD_VALUE naming the value for an unknown
 *   quantity, a value that is negative or not finite, a share above 1,
 *   low > high or a value outside them, a flow without its first month or
 *   one after its month, a stock with a first month.
 */
DM_API dm_status dm_record_add(dm_context *ctx, dm_record *record,
                               const dm_observation *obs);

/** Number of observations; 0 for NULL. */
DM_API size_t dm_record_count(dm_context *ctx, const dm_record *record);

/** Observation i into obs (initialised with dm_observation_init()); its
 *  strings borrowed, valid until the record is freed. low and high are
 *  the range in force (±5 % filled in); the region of the whole country
 *  is DM_RECORD_NATIONAL. */
DM_API dm_status dm_record_observation(dm_context *ctx,
                                       const dm_record *record, size_t i,
                                       dm_observation *obs);

/** Where observation i was read: "file, row N" (or "observation N" for one
 *  added by dm_record_add()); borrowed, valid until the record is freed. */
DM_API const char *dm_record_where(dm_context *ctx, const dm_record *record,
                                   size_t i);

/** The embedded record of Ukraine, in dm_data_dir(). */
#define DM_DEFAULT_RECORD "record-ukraine.csv"

/** How to read a record. Fill with dm_record_load_options_init(). */
typedef struct dm_record_load_options {
    /** sizeof(dm_record_load_options), set by the init function. */
    size_t struct_size;
    const char *layer; /**< NULL: the first */
    const char *where; /**< OGR SQL WHERE; NULL: every row */
} dm_record_load_options;

/** Fills options with their defaults. */
DM_API void dm_record_load_options_init_size(dm_record_load_options *opts,
                                             size_t size);
#define dm_record_load_options_init(opts)                                     \
    dm_record_load_options_init_size((opts), sizeof *(opts))

/**
 * Reads a record from any GDAL source with an attribute table, one
 * observation per row, with the fields date (YYYY-MM), region, quantity,
 * value, low, high, from (YYYY-MM, flows only), source and note
 * (data/README.md); empty low and high mean ±5 %.
 *
 * @param out  new: free with dm_record_free()
 * @return DM_OK; the loader errors of dm_work_load(); DM_ERR_BAD_VALUE
 *   naming the file, the row and the field (a date that is no month, an
 *   unknown quantity, a negative value, low > high …).
 */
DM_API DM_WARN_UNUSED dm_status
dm_record_load(dm_context *ctx, const char *source,
               const dm_record_load_options *opts, dm_record **out);
/**@}*/

/* ------------------------------------------------------------------------ */
/** @name Calibration to the record: approximate Bayesian computation
 *
 * dm_calibrate() fits a scenario's ranged figures (its priors) to a
 * record by sequential Monte Carlo ABC with a shrinking tolerance and
 * MCMC moves (Drovandi and Pettitt 2011; Del Moral, Doucet and Jasra
 * 2012; after Toni et al. 2009 and Beaumont et al. 2009): particles drawn
 * from the priors are simulated over the record's months and ranked by
 * their distance to it (the largest, over the observations, of how far a
 * simulated value lies from the recorded one in units of its range); each
 * generation keeps the nearest share, the tolerance being the distance of
 * the last one kept, and replaces the others by copies of kept ones moved
 * by Metropolis–Hastings steps within the tolerance (a Gaussian random
 * walk shaped by the kept particles' covariance), down to the target:
 * every simulated observation within its range. The counts of asset
 * schedules are drawn from their ranges in every simulation (integrated
 * out, not fitted), and so are the figures no observation depends on (the
 * costs when the record has none, a detector's figures when it rejects
 * nothing): their posterior is their prior. The result is a posterior:
 * equally weighted draws of the fitted parameters. */
/**@{*/
/** Weighted draws of a scenario's fitted parameters. */
typedef struct dm_posterior dm_posterior;

/** How to calibrate. Fill with dm_calibrate_options_init(). */
typedef struct dm_calibrate_options {
    /** sizeof(dm_calibrate_options), set by the init function. */
    size_t struct_size;
    /** Particles; default 500. */
    size_t particles;
    /** Most generations; default 100. */
    size_t max_generations;
    /** The tolerance of the next generation is this quantile of the
     *  distances of the last: the share of the particles replaced (by
     *  moved copies of the others) in each generation; default 0.8. */
    double quantile;
    /** The tolerance to reach: 1 means every simulated observation within
     *  its range; default 1. */
    double target;
    /** Most simulations in all; default 2,000,000. */
    size_t max_simulations;
    /** Seed; the same seed, the same posterior, whatever the threads.
     *  Default 1. */
    unsigned long long seed;
    /** Worker threads (>= 1); default 1. */
    unsigned threads;
    /** Called after each generation with the generations done and the
     *  most; may be NULL. */
    dm_progress_fn progress;
    void *progress_data;
} dm_calibrate_options;

/** Fills options with their defaults. */
DM_API void dm_calibrate_options_init_size(dm_calibrate_options *opts,
                                           size_t size);
#define dm_calibrate_options_init(opts)                                       \
    dm_calibrate_options_init_size((opts), sizeof *(opts))

/**
 * Fits the scenario's ranged figures to the record: simulates the months
 * from the scenario's start to the record's last month on the work table.
 *
 * @param out  receives the posterior; new: free with dm_posterior_free()
 * @return DM_OK; DM_ERR_BAD_VALUE naming the observation (where it was
 *   read) for a date outside the scenario's horizon or before its start,
 *   or a region the work table does not have; DM_ERR_EMPTY when the record
 *   has no observation the model simulates or the scenario no ranged
 *   figure; DM_ERR_UNREACHABLE naming the observation that no draw came
 *   within its range of (and how close they came), when the tolerance
 *   cannot reach the target; the statuses of dm_project().
 */
DM_API DM_WARN_UNUSED dm_status dm_calibrate(dm_context *ctx,
                                             const dm_work *work,
                                             const dm_scenario *scenario,
                                             const dm_record *record,
                                             const dm_calibrate_options *opts,
                                             dm_posterior **out);

/** Frees a posterior. Accepts NULL. */
DM_API void dm_posterior_free(dm_posterior *posterior);

/** Writes a posterior as JSON, whole or not at all; the same posterior,
 *  the same bytes. DM_ERR_IO naming the path. */
DM_API dm_status dm_posterior_write(dm_context *ctx,
                                    const dm_posterior *posterior,
                                    const char *path);

/** Reads a posterior that dm_posterior_write() wrote.
 *  @param out  new: free with dm_posterior_free()
 *  @return DM_OK; DM_ERR_FILE_NOT_FOUND, DM_ERR_IO, DM_ERR_CORRUPT naming
 *  the file and the key for a file that is not one. */
DM_API DM_WARN_UNUSED dm_status dm_posterior_load(dm_context *ctx,
                                                  const char *path,
                                                  dm_posterior **out);

/** The embedded posterior of the default baseline, in dm_data_dir(). */
#define DM_DEFAULT_POSTERIOR "posterior-baseline.json"

/** What a calibration did. */
typedef struct dm_posterior_info {
    /** sizeof(dm_posterior_info), set by dm_posterior_info_init(). */
    size_t struct_size;
    const char *scenario; /**< the scenario fitted; borrowed */
    int first_month;      /**< the scenario's start (DM_MONTH()) */
    int last_month;    /**< the record's last month: the end of the replay */
    size_t parameters; /**< fitted */
    size_t particles;
    size_t generations;
    size_t simulations;
    double epsilon; /**< the tolerance reached */
    /** The share of the last generation's moves accepted. */
    double acceptance;
    /** Effective sample size: the particles, the copies of one counting
     *  as one draw of their summed weight (n² / Σ copies²). */
    double ess;
    size_t observations; /**< simulated observations fitted */
    unsigned long long seed;
} dm_posterior_info;

/** Fills info with its defaults (its struct_size). */
DM_API void dm_posterior_info_init_size(dm_posterior_info *info, size_t size);
#define dm_posterior_info_init(info)                                          \
    dm_posterior_info_init_size((info), sizeof *(info))

/** What the calibration did into info (initialised with
 *  dm_posterior_info_init()). */
DM_API dm_status dm_posterior_info_get(dm_context *ctx,
                                       const dm_posterior *posterior,
                                       dm_posterior_info *info);

/** The key path of fitted parameter i ("assets[deminers].
 *  productivity_m2_per_day"); borrowed. NULL past the end. */
DM_API const char *dm_posterior_param_name(dm_context *ctx,
                                           const dm_posterior *posterior,
                                           size_t i);

/** The prior of fitted parameter i: its triangular min, mode, max. */
DM_API dm_status dm_posterior_param_prior(dm_context *ctx,
                                          const dm_posterior *posterior,
                                          size_t i, double *min, double *mode,
                                          double *max);

/** Quantile q (0–1) of fitted parameter i over the weighted draws. */
DM_API dm_status dm_posterior_param_quantile(dm_context *ctx,
                                             const dm_posterior *posterior,
                                             size_t i, double q,
                                             double *value);

/** How many of the posterior's fitted parameters a scenario keeps as they
 *  were fitted (the same key path and range) into *count: those a
 *  projection of the scenario takes from the posterior. 0 for a scenario
 *  unrelated to the one fitted. */
DM_API dm_status dm_posterior_applies(dm_context *ctx,
                                      const dm_posterior *posterior,
                                      const dm_scenario *scenario,
                                      size_t *count);
/** Observation i of those fitted (as dm_record_observation()), and the
 *  quantile q of its simulated value over the weighted draws. */
DM_API dm_status dm_posterior_observation(dm_context *ctx,
                                          const dm_posterior *posterior,
                                          size_t i, dm_observation *obs,
                                          double q, double *simulated);
/**@}*/

/* ------------------------------------------------------------------------ */
/** @name Capacity planning */
/**@{*/

/** What to plan. Fill with dm_plan_options_init(). */
typedef struct dm_plan_options {
    /** sizeof(dm_plan_options), set by the init function (see the
     * conventions). */
    size_t struct_size;
    /** Name of the scenario's asset to add units of; NULL: find the
     *  smallest multiplier of every asset's capacity instead. */
    const char *asset;
    /** Month the extra units arrive, or the multiplier starts
     *  (DM_MONTH()); units are productive after the asset's training
     *  months. 0: the first month projected — the month after the
     *  posterior's record (its months are what happened), or the
     *  scenario's start without a posterior. */
    int from_month;
    /** Share of the target land (see zones) to release; default 0.80
     *  (the national strategy's goal). */
    double target_share;
    /** Deadline in months from the start; default 0: the strategy's,
     *  DM_STRATEGY_DEADLINE (2033-12), the burn-down chart's marker. May
     *  pass the scenario's horizon. */
    size_t deadline_months;
    /** Quantile of the Monte Carlo runs that must meet the deadline;
     *  default 0.5 (P50), 0.9 for a cautious plan. */
    double quantile;
    /** Largest answer searched: extra units (default 1e7) or multiplier
     *  (default 1000). */
    double max_units;
    double max_multiplier;
    /** Runs, seed, threads and posterior of each projection of the search
     *  (keep_series and progress are ignored); borrowed for the call.
     *  NULL: the defaults of dm_projection_options_init(). */
    const dm_projection_options *projection;
    /** The target land: the zones (DM_ZONE_BIT()s) whose land the share is
     *  of; default 0: the zones open by the deadline (land that stays
     *  closed cannot be released, so a target of it would only say
     *  "impossible"). */
    unsigned zones;
} dm_plan_options;

/** Fills options with their defaults. */
DM_API void dm_plan_options_init_size(dm_plan_options *opts, size_t size);
#define dm_plan_options_init(opts)                                            \
    dm_plan_options_init_size((opts), sizeof *(opts))

/** Longest reason kept in a dm_plan_result. */
#define DM_PLAN_REASON_MAX 512

/** The multiplier's resolution. */
#define DM_PLAN_MULTIPLIER_STEP 0.01

/** The answer of dm_plan_capacity(); fill it with dm_plan_result_init()
 *  before the call. */
typedef struct dm_plan_result {
    /** sizeof(dm_plan_result), set by dm_plan_result_init(). */
    size_t struct_size;
    /** 1: the answer below meets the target; 0: impossible, see reason. */
    int feasible;
    /** Extra units of the asset (0 in multiplier mode). */
    double extra_units;
    /** Multiplier of every asset's capacity, a whole number of
     *  DM_PLAN_MULTIPLIER_STEP (1 in units mode). */
    double multiplier;
    /** The quantile of months to the target share with the answer
     *  (<= deadline); when impossible, with unlimited capacity. */
    double months;
    /** The same with one unit (one step of the multiplier) less:
     *  > deadline; NAN when the answer is nothing extra or impossible. */
    double months_one_step_less;
    /** Share of the target land released by the deadline at the quantile
     *  with the answer (when impossible: with unlimited capacity). */
    double share_by_deadline;
    /** Monte Carlo projections the search ran. */
    size_t projections;
    /** Why it is impossible ("" when feasible), e.g. occupied land that
     *  never opens. */
    char reason[DM_PLAN_REASON_MAX];
    /* Since 0.3.0 (after the others, so that a caller's older, smaller
     * struct keeps its layout): */
    /** The target land's zones (DM_ZONE_BIT()s) and its km². */
    unsigned zones;
    double target_km2;
    /** The deadline (DM_MONTH()). */
    int deadline;
    /** What the answer spends more a year: the P50 over the runs of the
     *  paired difference in cost with and without it, from the month the
     *  extra starts (the start for the multiplier) to the end of the
     *  deadline's year, per year; NAN when not feasible. */
    double extra_usd_per_year;
    /** The month the extra units arrive or the multiplier starts
     *  (DM_MONTH()): dm_plan_options.from_month, or its default. */
    int from_month;
} dm_plan_result;

/** Fills a result with its defaults (its struct_size). */
DM_API void dm_plan_result_init_size(dm_plan_result *result, size_t size);
#define dm_plan_result_init(result)                                           \
    dm_plan_result_init_size((result), sizeof *(result))

/**
 * The smallest number of extra units of one asset, or the smallest
 * multiplier of all capacity, that releases target_share of the target
 * land (by default the land of the zones open by the deadline) by the
 * deadline at the chosen quantile. The search runs Monte Carlo
 * projections with common random numbers (the same seed for each), so the
 * answer is exact for those runs: one unit less misses the deadline.
 *
 * "Impossible" is a result, not an error: DM_OK with result->feasible = 0
 * and the reason, when even unlimited capacity of the asset's kind (every
 * kind, for the multiplier) cannot meet the target (e.g. occupied land that
 * never opens), or when nothing up to the bound can.
 *
 * @param result  filled by the call (caller's storage, initialised with
 *                dm_plan_result_init())
 * @return DM_OK; DM_ERR_NOT_FOUND (no such asset), DM_ERR_INVALID_ARGUMENT
 *   (a share, quantile, deadline or bound out of range), and the statuses
 *   of dm_project().
 */
DM_API DM_WARN_UNUSED dm_status dm_plan_capacity(dm_context *ctx,
                                                 const dm_work *work,
                                                 const dm_scenario *scenario,
                                                 const dm_plan_options *opts,
                                                 dm_plan_result *result);

/** What US$1 m a year spent on more of one asset buys (dm_plan_rank()). */
typedef struct dm_asset_rank {
    /** sizeof(dm_asset_rank), set by dm_asset_rank_init(). */
    size_t struct_size;
    /** The asset's index in the scenario and its name (borrowed from the
     *  scenario). */
    size_t asset;
    const char *name;
    /** US$ one more unit costs a year at full use (P50 over the runs of
     *  its cost per unit-day × working days × availability × seasons). */
    double usd_per_unit_year;
    /** Units US$1 m a year buys: 1e6 / usd_per_unit_year. */
    double units_per_musd;
    /** Its own cost per km² it works (P50: cost per unit-day ÷ km² per
     *  unit-day). */
    double usd_per_km2;
    /** With units_per_musd more units from from_month: more km² of the
     *  target land released by the end of the deadline's year (P50 of the
     *  paired difference, the same runs). */
    double km2_by_deadline;
    /** Months saved on the target land (the land open by the deadline,
     *  by default; the land open at the start where nothing else opens):
     *  to 80 % and 100 % of it (P50 of the paired difference; INFINITY
     *  when only the extra reaches it, NAN when neither does). */
    double months_saved_80;
    double months_saved_100;
} dm_asset_rank;

/** Fills a value with its defaults (its struct_size). */
DM_API void dm_asset_rank_init_size(dm_asset_rank *value, size_t size);
#define dm_asset_rank_init(value)                                             \
    dm_asset_rank_init_size((value), sizeof *(value))

/**
 * What each asset of the scenario buys: for every asset, the projection
 * again with the units US$1 m a year buys added from opts->from_month
 * (0: the first month after the posterior's record, else the start), paired
 * with the scenario as it is (the same seed), ranked by km²
 * released by the deadline, most first. The options are those of
 * dm_plan_capacity() (its deadline, target land, quantile ignored: P50).
 *
 * @param values  caller's array of `count` values, each initialised with
 *                dm_asset_rank_init(); filled in rank order
 * @param n       receives the number of assets (those filled: at most
 *                count)
 * @return DM_OK; the statuses of dm_plan_capacity().
 */
DM_API DM_WARN_UNUSED dm_status dm_plan_rank(dm_context *ctx,
                                             const dm_work *work,
                                             const dm_scenario *scenario,
                                             const dm_plan_options *opts,
                                             dm_asset_rank *values,
                                             size_t count, size_t *n);
/**@}*/

/* ------------------------------------------------------------------------ */
/** @name Pictures: a burn-down chart of scenarios (cairo) */
/**@{*/

/** The national strategy's target: 80 % of potentially hazardous land
 *  returned to use within ten years (National Mine Action Strategy to 2033,
 *  approved 2024), marked on burn-down charts at the end of 2033. */
#define DM_STRATEGY_RELEASED_SHARE 0.80
#define DM_STRATEGY_DEADLINE DM_MONTH(2033, 12)

/** How to draw a burn-down chart. Fill with dm_chart_options_init(). */
typedef struct dm_chart_options {
    /** sizeof(dm_chart_options), set by the init function (see the
     * conventions). */
    size_t struct_size;
    int width;  /**< default 1400 */
    int height; /**< default 800 */
    /** Title; NULL: "Remaining hazardous area" with the runs. */
    const char *title;
    /** Share released that the target marker stands for; default
     *  DM_STRATEGY_RELEASED_SHARE; 0: no marker. */
    double target_share;
    /** Month of the target (DM_MONTH()); default DM_STRATEGY_DEADLINE. The
     *  marker is drawn only when it falls within the chart. */
    int target_month;
    /** "png" or "svg"; NULL: from the file's extension. */
    const char *format;
    /** A record (dm_record_load()) whose national remaining_km2
     *  observations are drawn as points with their ranges; NULL: none.
     *  Borrowed for the call. Default NULL. */
    const struct dm_record *record;
    /** Last month drawn (DM_MONTH()); 0: the projections' end. */
    int end_month;
    /** The land drawn: DM_NATIONAL (default), DM_ZONES() or a region whose
     *  series the projections kept; the record's points (national) only
     *  with DM_NATIONAL. */
    size_t region;
} dm_chart_options;

/** Fills options with their defaults. */
DM_API void dm_chart_options_init_size(dm_chart_options *opts, size_t size);
#define dm_chart_options_init(opts)                                           \
    dm_chart_options_init_size((opts), sizeof *(opts))

/**
 * Draws the national remaining (not yet released) area over time for one
 * or more projections: each scenario's P50 line with its P10–P90 band, a
 * dated x axis, km² on the y axis, a legend, and a marker at the target
 * (e.g. 80 % released by the end of 2033: 20 % of the initial area left)
 * when it falls within the horizon. The months the first projection
 * replays the record (dm_projection_replay_months()) are shaded and
 * marked "replay", the rest "projection"; the record's observations of
 * what remains nationally, when given, are points with their ranges.
 * PNG or SVG with cairo, written whole or not at all.
 *
 * @param projections  n projections (borrowed)
 * @param labels       n legend labels, or NULL for "scenario 1" …
 * @return DM_OK; DM_ERR_INVALID_ARGUMENT for no projection (n = 0), a
 *   projection with no month, a size outside DM_PICTURE_MIN_SIZE–
 *   DM_PICTURE_MAX_SIZE or an unknown format; DM_ERR_IO naming the path.
 */
DM_API dm_status dm_render_burndown(dm_context *ctx,
                                    const dm_projection *const *projections,
                                    const char *const *labels, size_t n,
                                    const char *path,
                                    const dm_chart_options *opts);

/**
 * The comparison of scenarios against the first (projections[0], drawn
 * with the same seed and runs: dm_projection_change_quantile()): on the
 * left, for each other scenario, the change in years to 80 %, 95 % and
 * 100 % released of the land open by the options' target_month (in the
 * first projection, dm_projection_open_zones(): the land a plan by then
 * can release, demine-plan's default target; by default the strategy's
 * 2033-12; 0: the land open at the start), a bar at the P50 of the
 * paired difference with its P10–P90; on the right, the burn-down of that
 * land for every scenario (P50 lines and P10–P90 bands), where scenarios
 * that the nation's burn-down draws on top of each other can be told
 * apart. Changes past the horizon are drawn to the axis's end with an
 * arrow. PNG or SVG, written whole or not at all; the options' title,
 * size, format, target_month and end_month apply (region and record do
 * not).
 *
 * @return DM_OK; DM_ERR_INVALID_ARGUMENT (fewer than 2 projections, runs
 *   that do not pair up, a size or format as dm_render_burndown());
 *   DM_ERR_IO naming the path.
 */
DM_API dm_status dm_render_comparison(dm_context *ctx,
                                      const dm_projection *const *projections,
                                      const char *const *labels, size_t n,
                                      const char *path,
                                      const dm_chart_options *opts);

/**
 * What drives a measure, as a tornado chart: the `top` figures with the
 * largest |PRCC| (dm_projection_sensitivity()) as horizontal bars from 0,
 * largest on top, labelled with their key paths and values; positive
 * (the measure grows with the figure) and negative in two colours. PNG or
 * SVG, written whole or not at all; the options' title, size and format
 * apply.
 *
 * @param top  bars drawn (1–40); figures with no effect (0) are left out
 * @return DM_OK; the statuses of dm_projection_sensitivity();
 *   DM_ERR_INVALID_ARGUMENT (top, size, format; a measure that varies in
 *   no run); DM_ERR_IO naming the path.
 */
DM_API dm_status dm_render_sensitivity(dm_context *ctx,
                                       const dm_projection *projection,
                                       size_t region, dm_measure measure,
                                       int year, size_t top, const char *path,
                                       const dm_chart_options *opts);
/**@}*/

/* ------------------------------------------------------------------------ */
/** @name The report: one self-contained HTML page of a run */
/**@{*/

/** What a report holds beside its projections. Fill with
 *  dm_report_options_init(); everything is borrowed for the call, and
 *  every input may be left NULL (its section then says what is missing). */
typedef struct dm_report_options {
    /** sizeof(dm_report_options), set by the init function (see the
     *  conventions). */
    size_t struct_size;
    /** The page's title; NULL: "Land release: <the scenarios' names>". */
    const char *title;
    /** The n scenarios' names as the other outputs give them, or NULL:
     *  "scenario 1" … */
    const char *const *labels;
    /** The n scenarios the projections were made of (their start,
     *  horizon, assets and description are shown), or NULL. */
    const dm_scenario *const *scenarios;
    /** The n scenarios' files (shown as inputs), or NULL. */
    const char *const *scenario_files;
    /** The projection the others are compared with; default 0. */
    size_t versus;
    /** The map: the regions and the contamination the work table was made
     *  of (dm_render_map()); NULL: no map (a work table from a file). */
    const dm_regions *regions;
    const dm_contamination *contamination;
    /** The work table's file when it was read with dm_work_load(). */
    const char *work_file;
    /** The record the burn-down draws and its file. */
    const dm_record *record;
    const char *record_file;
    /** The fit the projections drew from and its file: its observations
     *  are shown against their simulated values. */
    const dm_posterior *posterior;
    const char *posterior_file;
    /** What each asset of the compared-with scenario buys
     *  (dm_plan_rank()), in rank order, and how many. */
    const dm_asset_rank *ranks;
    size_t rank_count;
    /** The runs the ranks were computed with; 0: the projections'. */
    size_t rank_runs;
    /** Years whose end the km² released are compared by; NULL: 2026, 2030
     *  and 2033 (demine-project's --by). */
    const int *by_years;
    size_t by_count;
} dm_report_options;

/** Fills options with their defaults. */
DM_API void dm_report_options_init_size(dm_report_options *opts, size_t size);
#define dm_report_options_init(opts)                                          \
    dm_report_options_init_size((opts), sizeof *(opts))

/**
 * Writes one self-contained HTML page of n projections for a reader who
 * will open, print or forward it: the question and the inputs (with the
 * version of demine), the headline answer, the map, the fit to the
 * record, the burn-down of the accessible land and of all of it, the
 * comparison of the scenarios with projections[opts->versus] (the same
 * figures as demine-project's comparison.csv: the paired change's P10,
 * P50 and P90, in years, km² by the end of each year, US$ m and US$ per
 * km²) and the cost per year, what each asset buys, what drives the
 * answer, a table per region, and how to read it with the model's
 * limits. The pictures are SVGs embedded in the page (data: URIs), the
 * page loads nothing else; the names from the inputs are escaped. The
 * same inputs make the same bytes. Written under a temporary name and
 * renamed when complete.
 *
 * The projections must pair up with the one compared with (the same
 * seed, runs, start, horizon and work table, as
 * dm_projection_change_quantile() pairs them) and keep their national
 * series (keep_series; dm_projection_drop_series() keeps those).
 *
 * @param projections  n projections (borrowed), 1 to 64
 * @return DM_OK; DM_ERR_INVALID_ARGUMENT (no projection, too many, versus
 *   out of range, projections that do not pair, saying what differs, a
 *   contamination of other regions than those given, or only one of the
 *   two); DM_ERR_IO naming the path; the statuses of the pictures.
 */
DM_API dm_status dm_report_write(dm_context *ctx,
                                 const dm_projection *const *projections,
                                 size_t n, const char *path,
                                 const dm_report_options *opts);
/**@}*/

#ifdef __cplusplus
}
#endif

#endif /* DEMINE_H */
