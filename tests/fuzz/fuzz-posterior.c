/* Fuzz target: posterior files through dm_posterior_load (a plain file:
 * the input is written to a temporary one), what it holds read back. */
#include <unistd.h>

#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    static char path[64];
    if (path[0] == '\0')
        snprintf(path, sizeof path, "/tmp/demine-fuzz-posterior-%d.json",
                 (int)getpid());
    FILE *f = fopen(path, "wb");
    if (f == NULL)
        return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    dm_context *ctx = dm_context_new();
    dm_posterior *p = NULL;
    if (dm_posterior_load(ctx, path, &p) == DM_OK) {
        dm_posterior_info in;
        dm_posterior_info_init(&in);
        (void)dm_posterior_info_get(ctx, p, &in);
        for (size_t i = 0; i < in.parameters; i++) {
            double v;
            (void)dm_posterior_param_name(ctx, p, i);
            (void)dm_posterior_param_quantile(ctx, p, i, 0.5, &v);
        }
        for (size_t i = 0; i < in.observations; i++) {
            dm_observation o;
            dm_observation_init(&o);
            double v;
            (void)dm_posterior_observation(ctx, p, i, &o, 0.5, &v);
        }
    }
    dm_posterior_free(p);
    dm_context_free(ctx);
    unlink(path);
    return 0;
}
