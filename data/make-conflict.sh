#!/bin/sh
# Regenerates data/conflict-ukraine.geojson: the conflict sources of the
# default contamination model (format and meaning in data/README.md).
#
# Every coordinate is a place named in the project's domain reference
# (shared/DOMAIN.md, "Where the conflict was"), except the state border with
# Russia, which is cut from Natural Earth 1:10m (the same qgis-common file as
# ukraine-admin1.geojson): the boundary that Chernihiv, Sumy and Kharkiv
# oblasts share with Russia's admin-0 polygon.
#
# Usage: data/make-conflict.sh [world_map.gpkg]
#   Needs ogr2ogr (gdal-bin, with SpatiaLite for the SQLite dialect).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
out="$here/conflict-ukraine.geojson"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

. "$here/world-map.sh"
gpkg=$(world_map_gpkg "$work" "${1:-}")

# The border with Russia in Chernihiv (UP02), Sumy (UP21) and Kharkiv (UP07)
# oblasts, as one line.
ogr2ogr -f CSV "$work/border.csv" "$gpkg" -dialect SQLite -lco GEOMETRY=AS_WKT -sql "
SELECT ST_LineMerge(ST_Intersection(
         ST_Boundary((SELECT ST_Union(geom) FROM states_provinces
                      WHERE fips IN ('UP02', 'UP21', 'UP07'))),
         (SELECT geom FROM countries WHERE ISO_A3 = 'RUS'))) AS geom"
border=$(sed -n '2p' "$work/border.csv" | tr -d '"' | sed 's/,$//')
case "$border" in
    LINESTRING*) ;;
    *) echo "make-conflict.sh: the border is not one line: ${border%%(*}" >&2; exit 1 ;;
esac

# One row per source. `hull` rows become the convex hull of their places.
# Places (lon lat) from shared/DOMAIN.md.
cat >"$work/sources.csv" <<CSV
kind,class,zone,bands_km,name,hull,WKT
line_of_contact,high,controlled,"10,30","Line of contact, 2025, north to south (occupied side on the left): Vovchansk, Kupiansk, Borova, Lyman, Siversk, Chasiv Yar, Toretsk, Pokrovsk, Kurakhove, Velyka Novosilka, Huliaipole, Robotyne, Vasylivka, Enerhodar, Nova Kakhovka, Kherson, Kinburn spit",no,"LINESTRING (36.94 50.29,37.61 49.71,37.62 49.38,37.80 48.99,38.10 48.87,37.84 48.59,37.85 48.40,37.18 48.28,37.28 47.98,36.82 47.84,36.26 47.66,35.84 47.45,35.27 47.44,34.66 47.50,33.35 46.76,32.62 46.64,31.52 46.56)"
occupied,low,occupied,0,"Occupied territory: east and south of the line of contact, and Crimea since 2014 (derived from the line of contact and the national outline)",no,
liberated_2022,medium,controlled,"10,30","North of Kyiv, occupied and liberated in 2022: Hostomel, Bucha, Irpin, Makariv, Borodianka, Ivankiv, Chornobyl",yes,"MULTIPOINT (30.27 50.57,30.22 50.54,30.25 50.52,29.81 50.46,29.92 50.65,29.90 50.94,30.22 51.28)"
liberated_2022,medium,controlled,"10,30","Chernihiv oblast around Chernihiv, occupied and liberated in 2022",no,"POINT (31.29 51.49)"
liberated_2022,medium,controlled,"10,30","Sumy oblast around Konotop and Trostianets, occupied and liberated in 2022",no,"MULTIPOINT (33.20 51.24,34.96 50.48)"
liberated_2022,medium,controlled,"10,30","East Kharkiv oblast, occupied in 2022 and liberated: Balakliia, Izium, Kupiansk",yes,"MULTIPOINT (36.86 49.46,37.26 49.21,37.61 49.71)"
liberated_2022,medium,controlled,"10,30","Right bank of the Dnipro in Kherson and Mykolaiv oblasts, liberated in 2022: Snihurivka, Vysokopillia, Davydiv Brid, Kherson",yes,"MULTIPOINT (32.81 47.08,33.53 47.49,33.60 47.24,32.62 46.64)"
border_strip,medium,controlled,"10,30","State border with Russia in Chernihiv, Sumy and Kharkiv oblasts, shelled along a strip of roughly 10-30 km",no,"$border"
CSV

tmp="$work/conflict-ukraine.geojson"
ogr2ogr -f GeoJSON "$tmp" "$work/sources.csv" -dialect SQLite -nln conflict_sources \
    -a_srs OGC:CRS84 -lco RFC7946=YES -lco COORDINATE_PRECISION=5 -lco WRITE_NAME=YES \
    -sql "SELECT kind, class, zone, bands_km, name,
                 CASE WHEN hull = 'yes' THEN ST_ConvexHull(GEOMETRY) ELSE GEOMETRY END AS geometry
          FROM sources"
n=$(ogrinfo -ro -so -al "$tmp" | sed -n 's/^Feature Count: //p')
[ "$n" = 8 ] || { echo "make-conflict.sh: expected 8 sources, got $n" >&2; exit 1; }
mv "$tmp" "$out"
echo "wrote $out ($n sources)"
