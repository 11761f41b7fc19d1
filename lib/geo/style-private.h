/* Private: the QGIS style of the contamination written into a GeoPackage
 * (style.c), so that QGIS opens the layer coloured as the map. */
#ifndef DM_STYLE_PRIVATE_H
#define DM_STYLE_PRIVATE_H

#include <gdal.h>
#include <ogr_api.h>

#include "geo-private.h"

/* When ds is a GeoPackage, adds to it QGIS's `layer_styles` table (an
 * attributes table of gpkg_contents, the schema QGIS creates) with one
 * row: the default style of `layer`, a categorized renderer on the hazard
 * class with the map's colours (render-private.h's dm_class_rgba) and
 * legend labels, as QML and as SLD. Other drivers: nothing, DM_OK. Must run
 * between dm_gdal_begin/end; `path` is the destination, for messages
 * (DM_ERR_IO). The XML is built and written by GDAL (cpl_minixml.h), whose
 * allocations are its own: DM_ERR_NO_MEMORY when its serializer returns
 * none, but most of GDAL's XML calls abort when memory runs out. */
dm_status dm_qgis_style_write(dm_context *ctx, GDALDatasetH ds,
                              OGRLayerH layer, const char *path);

#endif
