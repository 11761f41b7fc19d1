# Sourced by the data/make-*.sh scripts: finds Natural Earth 1:10m (v4.1.0,
# public domain) as shipped in Debian's qgis-common package.
#
# world_map_gpkg WORKDIR [GPKG]: prints the path of world_map.gpkg: GPKG when
# given, the installed qgis-common file, or one unpacked into WORKDIR from the
# package fetched with `apt-get download` (no root needed).
world_map_gpkg() {
    if [ -n "${2:-}" ]; then
        gpkg=$2
    else
        gpkg=/usr/share/qgis/resources/data/world_map.gpkg
        if [ ! -f "$gpkg" ]; then
            (cd "$1" && apt-get download qgis-common >/dev/null 2>&1)
            dpkg -x "$1"/qgis-common_*.deb "$1/pkg"
            gpkg="$1/pkg/usr/share/qgis/resources/data/world_map.gpkg"
        fi
    fi
    [ -f "$gpkg" ] || { echo "world-map.sh: $gpkg: no such file" >&2; return 1; }
    printf '%s\n' "$gpkg"
}
