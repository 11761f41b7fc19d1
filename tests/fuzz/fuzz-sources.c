/* Fuzz target: conflict sources through dm_sources_load, then the model
 * built on two fixed 200 km squares (uncalibrated, so every input costs one
 * overlay, not a search). */
#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char squares[] =
    "{\"type\":\"FeatureCollection\",\"features\":["
    "{\"type\":\"Feature\",\"properties\":{\"code\":\"W\",\"name\":\"w\"},"
    "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[30,48],[31,48],"
    "[31,49],[30,49],[30,48]]]}},"
    "{\"type\":\"Feature\",\"properties\":{\"code\":\"E\",\"name\":\"e\"},"
    "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[31,48],[32,48],"
    "[32,49],[31,49],[31,48]]]}}]}";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    static dm_context *ctx;
    static dm_regions *regions;
    if (ctx == NULL) {
        /* The regions are read once; each input gets a fresh context. */
        ctx = dm_context_new();
        VSILFILE *f = VSIFileFromMemBuffer("/vsimem/squares.geojson",
                                           (GByte *)squares,
                                           sizeof squares - 1, FALSE);
        VSIFCloseL(f);
        if (dm_regions_load(ctx, "/vsimem/squares.geojson", NULL, &regions) !=
            DM_OK)
            abort();
    }
    const char *path = fuzz_file(data, size);
    dm_context *c2 = dm_context_new();
    dm_sources_options so;
    dm_sources_options_init(&so);
    so.source_crs = "EPSG:4326";
    dm_sources *s = NULL;
    dm_contamination *c = NULL;
    if (path != NULL && dm_sources_load(c2, path, &so, &s) == DM_OK) {
        dm_contamination_options co;
        dm_contamination_options_init(&co);
        co.target_share = 0.0;
        if (dm_contamination_build(c2, regions, s, &co, &c) == DM_OK) {
            double v;
            (void)dm_contamination_total_km2(c2, c, &v);
            for (size_t i = 0; i < dm_contamination_region_count(c2, c); i++)
                (void)dm_contamination_region_share(c2, c, i, &v);
        }
    }
    dm_contamination_free(c);
    dm_sources_free(s);
    dm_context_free(c2);
    fuzz_file_done(path);
    return 0;
}
