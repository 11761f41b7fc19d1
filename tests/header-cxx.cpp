// The public header compiled as C++ with every warning an error.
#include "demine.h"

int main()
{
    dm_context *ctx = dm_context_new();
    dm_context_free(ctx);
    return dm_status_str(DM_OK)[0] == 'D' ? 0 : 1;
}
