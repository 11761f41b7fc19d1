#!/usr/bin/env bash
# peer_postgis.sh — demine's contamination model written as a PostGIS user
# would write it: the PostGIS peer of demine-contamination in the benchmark
# (issue 8). See bench/PEERS.md.
#
# It starts its own PostgreSQL server (initdb, pg_ctl) on a Unix socket in a
# temporary folder, loads the boundaries and the conflict sources with
# ogr2ogr, runs the model in SQL and PL/pgSQL (ST_Transform, ST_MakeValid,
# ST_Buffer 'quad_segs=8', ST_Union, ST_Polygonize, ST_Intersection, ST_Area,
# the same calibration loop as the library), prints the same CSV as
# bench/peer_geopandas.py, then stops the server and removes the folder, on
# success and on failure alike.
#
# Needs: postgresql-15-postgis-3 and gdal-bin (apt-get install -y
# postgresql-15-postgis-3 gdal-bin). Run as root, it runs the server as the
# user `postgres` (or `nobody`), since PostgreSQL refuses to run as root.
#
# Usage: bench/peer_postgis.sh [--boundaries FILE] [--name-field F]
#          [--code-field F] [--sources FILE] [--target-share X]
#          [--target-km2 N] [--tolerance X] [--format csv] [--timings]
# Exit status: 0 success, 1 bad input or failed run, 2 bad usage.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
data="$here/../data"
boundaries="$data/ukraine-admin1.geojson"
sources="$data/conflict-ukraine.geojson"
name_field=name
code_field=code
target_share=0.30
target_km2=0
tolerance=0.001
max_iterations=100
timings=0
LAEA='+proj=laea +lat_0=48.5 +lon_0=31.5 +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs'

usage() {
    sed -n 's/^# \{0,1\}//; /^Usage:/,/^Exit/p' "$0" >&2
    exit 2
}
bad_usage() {
    echo "peer_postgis: $*" >&2
    exit 2
}
while [ $# -gt 0 ]; do
    case "$1" in
    --help | -h) usage ;;
    --timings) timings=1; shift; continue ;;
    --*) [ $# -ge 2 ] || bad_usage "$1 needs a value" ;;
    *) bad_usage "unknown argument '$1'" ;;
    esac
    case "$1" in
    --boundaries) boundaries=$2 ;;
    --name-field) name_field=$2 ;;
    --code-field) code_field=$2 ;;
    --sources) sources=$2 ;;
    --target-share) target_share=$2 ;;
    --target-km2) target_km2=$2 ;;
    --tolerance) tolerance=$2 ;;
    --max-iterations) max_iterations=$2 ;;
    --format) [ "$2" = csv ] || bad_usage "only --format csv" ;;
    *) bad_usage "unknown option '$1'" ;;
    esac
    shift 2
done
number='^[0-9]*\.?[0-9]+([eE][-+]?[0-9]+)?$'
for v in "$target_share" "$target_km2" "$tolerance" "$max_iterations"; do
    [[ $v =~ $number ]] || bad_usage "'$v' is not a number"
done
[[ $max_iterations =~ ^[0-9]+$ ]] || bad_usage "--max-iterations takes an integer"
for f in "$boundaries" "$sources"; do
    [ -r "$f" ] || { echo "peer_postgis: cannot read '$f'" >&2; exit 1; }
done

# shellcheck source=../scripts/pg-server.sh
. "$here/../scripts/pg-server.sh"
if ! dm_pg_available || ! command -v ogr2ogr >/dev/null 2>&1; then
    echo "peer_postgis: needs PostgreSQL with PostGIS and ogr2ogr:" \
         "apt-get install -y postgresql-15-postgis-3 gdal-bin" >&2
    exit 1
fi

t0=$(date +%s.%N)
phase() {
    if [ "$timings" = 1 ]; then
        local now
        now=$(date +%s.%N)
        awk -v a="$t0" -v b="$now" -v n="$1" \
            'BEGIN { printf "time %s: %.3f s\n", n, b - a }' >&2
        t0=$now
    fi
}

# ---- a private server on a Unix socket ------------------------------------
dir=$(mktemp -d "${TMPDIR:-/tmp}/peer-postgis.XXXXXX")
cleanup() {
    local rc=$?
    dm_pg_stop
    rm -rf "$dir"
    [ "$rc" = 0 ] || rc=1 # psql says 3 for a failed script: bad input
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
dm_pg_start "$dir" || exit 1
psql() { command psql -X -q -v ON_ERROR_STOP=1 "$@"; }
phase "server start"

# ---- load ------------------------------------------------------------------
pg=$DM_PG
ogr2ogr -f PostgreSQL "$pg" "$boundaries" -nln raw_regions -nlt PROMOTE_TO_MULTI \
    -lco GEOMETRY_NAME=geom -lco LAUNDER=NO -lco PRECISION=NO
ogr2ogr -f PostgreSQL "$pg" "$sources" -nln raw_sources -nlt GEOMETRY \
    -lco GEOMETRY_NAME=geom -lco PRECISION=NO
phase "load (ogr2ogr)"

# ---- the model -------------------------------------------------------------
psql -v laea="$LAEA" -v code_field="$code_field" -v name_field="$name_field" \
     -v target_share="$target_share" -v target_km2="$target_km2" \
     -v tolerance="$tolerance" -v max_iterations="$max_iterations" \
     -v timings="$timings" >&2 <<'SQL'
SET client_min_messages = warning;

-- The library's DM_DEFAULT_CRS, a Lambert azimuthal equal-area on Ukraine.
INSERT INTO spatial_ref_sys (srid, auth_name, auth_srid, proj4text, srtext)
VALUES (900001, 'demine', 900001, :'laea', '');

-- Regions: reprojected, repaired where invalid (GEOS make-valid, structure
-- method, as the library), features with one code merged; the outline.
CREATE TABLE region_part AS
SELECT ogc_fid, :"code_field"::text AS code,
       coalesce(:"name_field"::text, :"code_field"::text) AS name,
       ST_Transform(geom, 900001) AS geom
FROM raw_regions;
UPDATE region_part
SET geom = ST_Multi(ST_CollectionExtract(
               ST_MakeValid(geom, 'method=structure keepcollapsed=false'), 3))
WHERE NOT ST_IsValid(geom);
CREATE TABLE region AS
SELECT code, (array_agg(name ORDER BY ogc_fid))[1] AS name,
       min(ogc_fid) AS ord,
       CASE WHEN count(*) = 1 THEN (array_agg(geom))[1]
            ELSE ST_Union(geom) END AS geom
FROM region_part GROUP BY code;
ALTER TABLE region ADD COLUMN area_m2 float8;
UPDATE region SET area_m2 = ST_Area(geom);
CREATE INDEX ON region USING gist (geom);
CREATE TABLE outline AS SELECT ST_Union(geom) AS geom FROM region;

-- Conflict sources: kind, class, zone, bands; for each class level the
-- distance of the last band of that class or higher.
ALTER TABLE raw_sources ADD COLUMN IF NOT EXISTS zone text;
CREATE TABLE source AS
SELECT ogc_fid AS id, kind::text AS kind, "class"::text AS class,
       coalesce(nullif(zone::text, ''),
                CASE WHEN kind = 'occupied' THEN 'occupied'
                     ELSE 'controlled' END) AS zone,
       regexp_split_to_array(trim(both ' []{}' FROM bands_km::text),
                             '[\s,]+')::float8[] AS bands,
       ST_Transform(geom, 900001) AS geom
FROM raw_sources;
DO $$
DECLARE bad text;
BEGIN
    SELECT kind INTO bad FROM source WHERE kind NOT IN
        ('line_of_contact', 'occupied', 'liberated_2022', 'border_strip',
         'battle_site') LIMIT 1;
    IF FOUND THEN RAISE EXCEPTION 'unknown kind %', bad; END IF;
    SELECT class INTO bad FROM source
    WHERE class IS NULL OR class NOT IN ('high', 'medium', 'low') LIMIT 1;
    IF FOUND THEN RAISE EXCEPTION 'unknown class %', bad; END IF;
    SELECT zone INTO bad FROM source
    WHERE zone NOT IN ('controlled', 'occupied') LIMIT 1;
    IF FOUND THEN RAISE EXCEPTION 'unknown zone %', bad; END IF;
    SELECT id INTO bad FROM source WHERE geom IS NULL AND kind <> 'occupied'
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'feature %: only an occupied territory may have no '
                        'geometry', bad;
    END IF;
END $$;
UPDATE source
SET geom = ST_CollectionExtract(
               ST_MakeValid(geom, 'method=structure keepcollapsed=false'), 3)
WHERE ST_Dimension(geom) = 2 AND NOT ST_IsValid(geom);

-- Band b (from 1) of a source whose first band has class index c (0 high,
-- 1 medium, 2 low) has class least(c + b - 1, 2).
CREATE FUNCTION reach(bands float8[], cls text, lvl int) RETURNS float8
LANGUAGE sql IMMUTABLE AS $$
    SELECT bands[b] FROM generate_subscripts(bands, 1) AS b
    WHERE least(array_position(ARRAY['high', 'medium', 'low'], cls) + b - 2,
                2) <= lvl
    ORDER BY b DESC LIMIT 1
$$;
ALTER TABLE source ADD COLUMN reach float8[];
UPDATE source SET reach = ARRAY[reach(bands, class, 0), reach(bands, class, 1),
                                reach(bands, class, 2)];

-- The occupied territory left of the line of contact: each end of the line
-- that stops inside the outline joined to the nearest point of the outer
-- rings and 100 m past; the outline's boundary noded with the lines and
-- polygonized; the faces with > 10 times more of a 1 km strip on the
-- line's left than on its right kept.
CREATE FUNCTION reach_border(line geometry, o geometry, ext geometry)
RETURNS geometry LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    p geometry;
    b geometry;
    len float8;
    f float8;
    ends geometry[] := '{}';
BEGIN
    FOREACH p IN ARRAY ARRAY[ST_StartPoint(line), ST_EndPoint(line)] LOOP
        IF ST_Intersects(o, p) THEN
            b := ST_ClosestPoint(ext, p);
            len := sqrt((ST_X(b) - ST_X(p)) ^ 2 + (ST_Y(b) - ST_Y(p)) ^ 2);
            f := CASE WHEN len > 0 THEN 100.0 / len ELSE 0 END;
            p := ST_SetSRID(ST_MakePoint(ST_X(b) + (ST_X(b) - ST_X(p)) * f,
                                         ST_Y(b) + (ST_Y(b) - ST_Y(p)) * f),
                            ST_SRID(line));
        END IF;
        ends := ends || p;
    END LOOP;
    RETURN ST_AddPoint(ST_AddPoint(line, ends[2]), ends[1], 0);
END $$;

CREATE FUNCTION derive_occupied() RETURNS geometry LANGUAGE plpgsql AS $$
DECLARE
    o geometry := (SELECT geom FROM outline);
    ext geometry;
    lines geometry[];
    faces geometry;
    lft geometry;
    rgt geometry;
    face geometry;
    al float8;
    ar float8;
    kept geometry[] := '{}';
BEGIN
    SELECT ST_Collect(ST_ExteriorRing(d.geom)) INTO ext FROM ST_Dump(o) AS d;
    SELECT array_agg(reach_border(d.geom, o, ext) ORDER BY s.id, d.path)
    INTO lines
    FROM source AS s, ST_Dump(s.geom) AS d
    WHERE s.kind = 'line_of_contact';
    IF lines IS NULL THEN
        RAISE EXCEPTION 'an occupied territory without a geometry is derived '
                        'from the line of contact, and there is none';
    END IF;
    faces := ST_Polygonize(ARRAY[ST_UnaryUnion(
                 ST_Collect(ARRAY[ST_Boundary(o)] || lines))]);
    SELECT ST_Union(ST_Buffer(l, 1000, 'quad_segs=8 side=left')),
           ST_Union(ST_Buffer(l, 1000, 'quad_segs=8 side=right'))
    INTO lft, rgt FROM unnest(lines) AS l;
    FOR face IN SELECT d.geom FROM ST_Dump(faces) AS d LOOP
        CONTINUE WHEN NOT ST_Intersects(o, ST_PointOnSurface(face));
        al := ST_Area(ST_Intersection(face, lft));
        ar := ST_Area(ST_Intersection(face, rgt));
        IF al > 0 AND al > 10 * ar THEN
            kept := kept || face;
        END IF;
    END LOOP;
    IF cardinality(kept) = 0 THEN
        RAISE EXCEPTION 'the line of contact does not split the national '
                        'outline into an occupied side (on its left)';
    END IF;
    RETURN ST_Union(kept);
END $$;

DO $$
BEGIN
    IF EXISTS (SELECT FROM source WHERE geom IS NULL) THEN
        UPDATE source SET geom = d.g
        FROM (SELECT derive_occupied() AS g) AS d WHERE source.geom IS NULL;
    END IF;
END $$;
ALTER TABLE source ADD COLUMN polygonal boolean;
UPDATE source SET polygonal = ST_Dimension(geom) = 2;

-- Union of every source buffered to its last band of class lvl or higher
-- (distances times k; a band of 0 km is the polygon itself), clipped to the
-- outline.
CREATE FUNCTION footprint(k float8, lvl int, zone_only boolean)
RETURNS geometry LANGUAGE sql STABLE AS $$
    SELECT ST_CollectionExtract(ST_Intersection(
               coalesce(ST_Union(CASE WHEN d > 0
                                      THEN ST_Buffer(geom, d, 'quad_segs=8')
                                      ELSE geom END ORDER BY id),
                        'SRID=900001;MULTIPOLYGON EMPTY'::geometry),
               (SELECT geom FROM outline)), 3)
    FROM (SELECT id, geom, polygonal, k * reach[lvl + 1] * 1000 AS d
          FROM source
          WHERE reach[lvl + 1] IS NOT NULL
            AND (zone = 'occupied' OR NOT zone_only)) AS s
    WHERE d > 0 OR polygonal
$$;

-- Calibration, the library's steps: k = 0, k = 1 doubled until the target
-- is covered, then the Illinois variant of regula falsi.
CREATE FUNCTION area_at(k float8) RETURNS float8 LANGUAGE sql STABLE AS $$
    SELECT ST_Area(footprint(k, 2, false))
$$;
CREATE FUNCTION calibrate(target float8, tol float8, max_it int,
                          OUT factor float8, OUT steps int)
LANGUAGE plpgsql AS $$
DECLARE
    lo float8 := 0;
    hi float8 := 1;
    f_lo float8;
    f_hi float8;
    g_lo float8;
    g_hi float8;
    k float8;
    fk float8;
    gk float8;
    side int := 0;
    it int := 0;
BEGIN
    f_lo := area_at(lo);
    it := it + 1;
    IF f_lo > target * (1 + tol) THEN
        RAISE EXCEPTION 'target % km² is below the % km² that the polygon '
                        'sources cover before any buffering',
                        round((target / 1e6)::numeric, 1),
                        round((f_lo / 1e6)::numeric, 1);
    END IF;
    IF abs(f_lo - target) <= tol * target THEN
        factor := 0;
        steps := it;
        RETURN;
    END IF;
    LOOP
        f_hi := area_at(hi);
        it := it + 1;
        EXIT WHEN f_hi >= target;
        IF hi >= 1e4 OR it >= max_it THEN
            RAISE EXCEPTION 'target % km² is out of reach',
                            round((target / 1e6)::numeric, 1);
        END IF;
        lo := hi;
        f_lo := f_hi;
        hi := hi * 2;
    END LOOP;
    g_lo := f_lo - target;
    g_hi := f_hi - target;
    k := hi;
    fk := f_hi;
    WHILE abs(fk - target) > tol * target LOOP
        IF it >= max_it THEN
            RAISE EXCEPTION 'calibration did not converge in % steps', it;
        END IF;
        k := (lo * g_hi - hi * g_lo) / (g_hi - g_lo);
        IF NOT (k > lo AND k < hi) THEN
            k := 0.5 * (lo + hi);
        END IF;
        fk := area_at(k);
        it := it + 1;
        gk := fk - target;
        IF gk > 0 THEN
            hi := k;
            g_hi := gk;
            IF side = 1 THEN g_lo := g_lo * 0.5; END IF;
            side := 1;
        ELSE
            lo := k;
            g_lo := gk;
            IF side = -1 THEN g_hi := g_hi * 0.5; END IF;
            side := -1;
        END IF;
    END LOOP;
    factor := k;
    steps := it;
END $$;

CREATE TABLE calibration AS
WITH t AS (
    SELECT CASE WHEN :target_km2 > 0 THEN :target_km2 * 1e6
                ELSE :target_share * ST_Area(geom) END AS m2,
           ST_Area(geom) AS national
    FROM outline)
SELECT c.factor, c.steps, t.m2 AS target_m2
FROM t, LATERAL (
    SELECT * FROM calibrate(t.m2, :tolerance, :max_iterations)
    WHERE t.m2 > 0
    UNION ALL
    SELECT 1.0, 0 WHERE t.m2 <= 0) AS c;
DO $$
BEGIN
    IF (SELECT target_m2 > ST_Area(o.geom) FROM calibration, outline AS o) THEN
        RAISE EXCEPTION 'the target is more than the national area';
    END IF;
END $$;

-- Classes by precedence, split by the occupied zone.
CREATE TABLE cum AS
SELECT lvl, footprint(c.factor, lvl, false) AS geom
FROM generate_series(0, 2) AS lvl, calibration AS c;
CREATE TABLE occupied_zone AS
SELECT footprint(c.factor, 2, true) AS geom FROM calibration AS c;
CREATE TABLE class_geom AS
SELECT c.lvl,
       CASE WHEN c.lvl = 0 THEN c.geom
            ELSE ST_CollectionExtract(ST_Difference(c.geom, p.geom), 3)
       END AS geom
FROM cum AS c LEFT JOIN cum AS p ON p.lvl = c.lvl - 1;
CREATE TABLE cell AS
SELECT c.lvl, 'occupied' AS zone,
       ST_CollectionExtract(ST_Intersection(c.geom, z.geom), 3) AS geom
FROM class_geom AS c, occupied_zone AS z
UNION ALL
SELECT c.lvl, 'controlled',
       ST_CollectionExtract(ST_Difference(c.geom, z.geom), 3)
FROM class_geom AS c, occupied_zone AS z;

-- Overlay with the regions: the polygons of each cell joined to the
-- regions they meet (GiST), whole when covered, else intersected.
CREATE TABLE cell_part AS
SELECT lvl, zone, (ST_Dump(geom)).geom AS geom FROM cell;
CREATE INDEX ON cell_part USING gist (geom);
CREATE TABLE piece AS
SELECT r.code, p.lvl, p.zone,
       ST_Area(CASE WHEN ST_CoveredBy(p.geom, r.geom) THEN p.geom
                    ELSE ST_Intersection(p.geom, r.geom) END) AS m2
FROM cell_part AS p JOIN region AS r ON ST_Intersects(p.geom, r.geom);

-- With --timings: the peak memory of this server process, which ran the model.
\if :timings
SELECT (regexp_match(pg_read_file('/proc/self/status'),
                     'VmHWM:\s*(\d+ kB)'))[1] AS rss \gset
\warn 'peak RSS of the server process that ran the model:' :rss
\endif
SQL
phase "model (SQL)"

# ---- output ----------------------------------------------------------------
psql <<'SQL'
COPY (
    WITH per AS (
        SELECT code,
               coalesce(sum(m2) FILTER (WHERE lvl = 0), 0) AS high,
               coalesce(sum(m2) FILTER (WHERE lvl = 1), 0) AS medium,
               coalesce(sum(m2) FILTER (WHERE lvl = 2), 0) AS low,
               coalesce(sum(m2) FILTER (WHERE zone = 'occupied'), 0) AS occ
        FROM piece GROUP BY code),
    national AS (
        SELECT (SELECT ST_Area(geom) FROM cum WHERE lvl = 2) AS total,
               (SELECT ST_Area(geom) FROM outline) AS area,
               sum(ST_Area(geom)) FILTER (WHERE lvl = 0) AS high,
               sum(ST_Area(geom)) FILTER (WHERE lvl = 1) AS medium,
               sum(ST_Area(geom)) FILTER (WHERE lvl = 2) AS low,
               sum(ST_Area(geom)) FILTER (WHERE zone = 'occupied') AS occ
        FROM cell),
    rows AS (
        SELECT r.ord, r.code, r.name,
               coalesce(high + medium + low, 0) AS km2,
               coalesce(high + medium + low, 0) / r.area_m2 AS share,
               coalesce(high, 0) AS high, coalesce(medium, 0) AS medium,
               coalesce(low, 0) AS low, coalesce(occ, 0) AS occ
        FROM region AS r LEFT JOIN per USING (code)
        UNION ALL
        SELECT 1e18, 'total', '(national)', total, total / area, high, medium,
               low, occ
        FROM national)
    SELECT code, name,
           round((km2 / 1e6)::numeric, 3) AS km2,
           round(share::numeric, 6) AS share,
           round((high / 1e6)::numeric, 3) AS high_km2,
           round((medium / 1e6)::numeric, 3) AS medium_km2,
           round((low / 1e6)::numeric, 3) AS low_km2,
           round((occ / 1e6)::numeric, 3) AS occupied_km2
    FROM rows ORDER BY ord
) TO STDOUT WITH (FORMAT csv, HEADER);
SQL
psql -At -F ' ' -c 'SELECT factor, steps FROM calibration' |
    while read -r factor steps; do
        if [ "$steps" -gt 0 ]; then
            printf 'calibration: every band distance × %.4f (%s steps); factor %s\n' \
                "$factor" "$steps" "$factor" >&2
        else
            echo "bands as given (no calibration)" >&2
        fi
    done
phase "output"
