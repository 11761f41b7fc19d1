/* Shared by the fuzz targets: the input becomes a GDAL in-memory file
 * (/vsimem/), its first byte picking the extension, so that the fuzzer
 * reaches the drivers GDAL chooses by extension (CSV) as well as those it
 * recognises by content (GeoJSON, GML, KML …). */
#ifndef DM_FUZZ_COMMON_H
#define DM_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_vsi.h>

#include "demine.h"

/* Inputs past this size are skipped: they find nothing small ones do not,
 * only slower. */
#define FUZZ_MAX_INPUT (64 * 1024)

static const char *const fuzz_extensions[] = {"geojson", "json", "csv",
                                              "gml",     "kml",  "gpkg"};

/* Writes data[1..] to /vsimem/fuzz.<ext>; returns the path (static). */
static inline const char *fuzz_file(const uint8_t *data, size_t size)
{
    static char path[64];
    size_t n = sizeof fuzz_extensions / sizeof fuzz_extensions[0];
    snprintf(path, sizeof path, "/vsimem/fuzz.%s",
             fuzz_extensions[size > 0 ? data[0] % n : 0]);
    const uint8_t *body = size > 0 ? data + 1 : data;
    size_t len = size > 0 ? size - 1 : 0;
    /* GDAL takes the buffer; copy it so the fuzzer's stays intact. */
    GByte *copy = VSIMalloc(len ? len : 1);
    if (copy == NULL)
        return NULL;
    memcpy(copy, body, len);
    VSILFILE *f = VSIFileFromMemBuffer(path, copy, len, TRUE);
    if (f == NULL) {
        VSIFree(copy);
        return NULL;
    }
    VSIFCloseL(f);
    return path;
}

static inline void fuzz_file_done(const char *path)
{
    if (path != NULL)
        VSIUnlink(path);
}

/* Two 1° squares W and E (30–31° E and 31–32° E, 48–49° N), read once
 * into a context of their own: the regions the loaders of sources and
 * survey polygons overlay with. */
static inline const dm_regions *fuzz_squares(void)
{
    static const char squares[] =
        "{\"type\":\"FeatureCollection\",\"features\":["
        "{\"type\":\"Feature\",\"properties\":{\"code\":\"W\",\"name\":"
        "\"w\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[30,"
        "48],[31,48],[31,49],[30,49],[30,48]]]}},"
        "{\"type\":\"Feature\",\"properties\":{\"code\":\"E\",\"name\":"
        "\"e\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[31,"
        "48],[32,48],[32,49],[31,49],[31,48]]]}}]}";
    static dm_context *ctx;
    static dm_regions *regions;
    if (ctx == NULL) {
        ctx = dm_context_new();
        VSILFILE *f =
            VSIFileFromMemBuffer("/vsimem/squares.geojson", (GByte *)squares,
                                 sizeof squares - 1, FALSE);
        VSIFCloseL(f);
        if (dm_regions_load(ctx, "/vsimem/squares.geojson", NULL, &regions) !=
            DM_OK)
            abort();
    }
    return regions;
}

#endif
