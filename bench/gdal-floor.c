/* The floor of any GDAL-based tool: a process that links libgdal, registers
 * its drivers and exits. Its whole-process time (dynamic loading of libgdal
 * and its dependencies, then GDALAllRegister) is paid by every demine tool
 * and by the peers that read vectors through GDAL (fiona, ogr2ogr).
 * bench/run times it as the "loading floor" row. Usage: gdal-floor */
#include <gdal.h>

int main(void)
{
    GDALAllRegister();
    return GDALGetDriverCount() > 0 ? 0 : 1;
}
