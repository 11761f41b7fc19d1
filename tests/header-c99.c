/* The public header must compile as strict C99 (and, in header-cxx.cpp, as
 * C++) with every warning an error. */
#include "demine.h"

int dm_header_check(void);
int dm_header_check(void) { return DM_VERSION_NUMBER > 0 ? DM_OK : 1; }
