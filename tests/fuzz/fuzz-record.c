/* Fuzz target: records of land release through dm_record_load (any GDAL
 * table), every observation read back. */
#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    const char *path = fuzz_file(data, size);
    dm_context *ctx = dm_context_new();
    dm_record *r = NULL;
    if (path != NULL && dm_record_load(ctx, path, NULL, &r) == DM_OK) {
        size_t n = dm_record_count(ctx, r);
        for (size_t i = 0; i < n; i++) {
            dm_observation o;
            dm_observation_init(&o);
            (void)dm_record_observation(ctx, r, i, &o);
        }
    }
    dm_record_free(r);
    dm_context_free(ctx);
    fuzz_file_done(path);
    return 0;
}
