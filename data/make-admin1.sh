#!/bin/sh
# Regenerates data/ukraine-admin1.geojson: Ukraine's 27 first-level units from
# Natural Earth 1:10m admin-1 (v4.1.0, public domain) as shipped in Debian's
# qgis-common package (/usr/share/qgis/resources/data/world_map.gpkg, layer
# states_provinces). Natural Earth codes Crimea and Sevastopol as RUS; they are
# selected here by their FIPS codes (UP01-UP27) like every other unit, so all
# 27 units are kept. Each unit gets its ISO 3166-2 code and current English name.
#
# Usage: data/make-admin1.sh [world_map.gpkg]
#   Without an argument the script uses the installed qgis-common file, or
#   downloads the package with `apt-get download` and unpacks it in a
#   temporary folder (no root needed). Needs ogr2ogr (gdal-bin).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
out="$here/ukraine-admin1.geojson"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

. "$here/world-map.sh"
gpkg=$(world_map_gpkg "$work" "${1:-}")

# FIPS 10-4 code (Natural Earth field `fips`) -> ISO 3166-2:UA code, English
# name, and kind of unit.
sql="SELECT
  CASE fips
    WHEN 'UP01' THEN 'UA-71' WHEN 'UP02' THEN 'UA-74' WHEN 'UP03' THEN 'UA-77'
    WHEN 'UP04' THEN 'UA-12' WHEN 'UP05' THEN 'UA-14' WHEN 'UP06' THEN 'UA-26'
    WHEN 'UP07' THEN 'UA-63' WHEN 'UP08' THEN 'UA-65' WHEN 'UP09' THEN 'UA-68'
    WHEN 'UP10' THEN 'UA-35' WHEN 'UP11' THEN 'UA-43' WHEN 'UP12' THEN 'UA-30'
    WHEN 'UP13' THEN 'UA-32' WHEN 'UP14' THEN 'UA-09' WHEN 'UP15' THEN 'UA-46'
    WHEN 'UP16' THEN 'UA-48' WHEN 'UP17' THEN 'UA-51' WHEN 'UP18' THEN 'UA-53'
    WHEN 'UP19' THEN 'UA-56' WHEN 'UP20' THEN 'UA-40' WHEN 'UP21' THEN 'UA-59'
    WHEN 'UP22' THEN 'UA-61' WHEN 'UP23' THEN 'UA-05' WHEN 'UP24' THEN 'UA-07'
    WHEN 'UP25' THEN 'UA-21' WHEN 'UP26' THEN 'UA-23' WHEN 'UP27' THEN 'UA-18'
  END AS code,
  CASE fips
    WHEN 'UP01' THEN 'Cherkasy'     WHEN 'UP02' THEN 'Chernihiv'
    WHEN 'UP03' THEN 'Chernivtsi'   WHEN 'UP04' THEN 'Dnipropetrovsk'
    WHEN 'UP05' THEN 'Donetsk'      WHEN 'UP06' THEN 'Ivano-Frankivsk'
    WHEN 'UP07' THEN 'Kharkiv'      WHEN 'UP08' THEN 'Kherson'
    WHEN 'UP09' THEN 'Khmelnytskyi' WHEN 'UP10' THEN 'Kirovohrad'
    WHEN 'UP11' THEN 'Crimea'       WHEN 'UP12' THEN 'Kyiv City'
    WHEN 'UP13' THEN 'Kyiv'         WHEN 'UP14' THEN 'Luhansk'
    WHEN 'UP15' THEN 'Lviv'         WHEN 'UP16' THEN 'Mykolaiv'
    WHEN 'UP17' THEN 'Odesa'        WHEN 'UP18' THEN 'Poltava'
    WHEN 'UP19' THEN 'Rivne'        WHEN 'UP20' THEN 'Sevastopol'
    WHEN 'UP21' THEN 'Sumy'         WHEN 'UP22' THEN 'Ternopil'
    WHEN 'UP23' THEN 'Vinnytsia'    WHEN 'UP24' THEN 'Volyn'
    WHEN 'UP25' THEN 'Zakarpattia'  WHEN 'UP26' THEN 'Zaporizhzhia'
    WHEN 'UP27' THEN 'Zhytomyr'
  END AS name,
  CASE fips
    WHEN 'UP11' THEN 'autonomous republic'
    WHEN 'UP12' THEN 'city with special status'
    WHEN 'UP20' THEN 'city with special status'
    ELSE 'oblast'
  END AS type,
  name AS ne_name,
  fips AS ne_fips,
  adm0_a3 AS ne_adm0_a3,
  geom
FROM states_provinces
WHERE fips LIKE 'UP%'
ORDER BY code"

tmp="$work/ukraine-admin1.geojson"
ogr2ogr -f GeoJSON -dialect SQLite -sql "$sql" -nln ukraine_admin1 \
    -nlt MULTIPOLYGON -lco RFC7946=YES -lco COORDINATE_PRECISION=6 \
    -lco WRITE_NAME=YES "$tmp" "$gpkg"

n=$(ogrinfo -ro -so -al "$tmp" | sed -n 's/^Feature Count: //p')
[ "$n" = 27 ] || { echo "make-admin1.sh: expected 27 units, got $n" >&2; exit 1; }
mv "$tmp" "$out"
echo "wrote $out ($n units)"
