#!/bin/bash
# demine-contamination --out PG:…: the contamination written into a
# PostGIS table, on a private server this test starts (scripts/pg-server.sh).
# One transaction: the table replaced whole, or left as it was.
# Usage: postgis-output.sh TOOL; skipped (77) without PostgreSQL/PostGIS.
set -eu
tool=$1
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/../../scripts/pg-server.sh"
if ! dm_pg_available || ! command -v ogrinfo >/dev/null 2>&1; then
    echo "1..0 # SKIP no PostgreSQL/PostGIS or ogrinfo (postgresql-15-postgis-3 gdal-bin)"
    exit 77
fi
# The server's folder beside $tmp, not in it: the server's user must
# reach it.
pgdir=$(mktemp -d "${TMPDIR:-/tmp}/demine-pg.XXXXXX")
trap 'dm_pg_stop; rm -rf "$tmp" "$pgdir"' EXIT
trap 'exit 1' INT TERM
dm_pg_start "$pgdir" >"$tmp/pg.log" 2>&1 || fail "server: $(cat "$tmp/pg.log")"
q() { psql -X -q -A -t -v ON_ERROR_STOP=1 -c "$1"; }

# The same features as the GeoPackage, their areas, valid, in the CRS.
"$tool" --out "$DM_PG" --format json >"$tmp/c.json" 2>"$tmp/err" \
    || fail "--out PG: $(cat "$tmp/err")"
"$tool" --out "$tmp/c.gpkg" >/dev/null || fail "--out c.gpkg"
features=$(ogrinfo -so "$tmp/c.gpkg" contamination | sed -n 's/^Feature Count: //p')
[ "$(q 'SELECT count(*) FROM contamination')" = "$features" ] \
    || fail "rows: $(q 'SELECT count(*) FROM contamination') of $features"
[ "$(q 'SELECT count(*) FROM contamination WHERE NOT ST_IsValid(geom)')" = 0 ] \
    || fail "invalid geometries in the table"
python3 - "$tmp/c.json" "$(q 'SELECT sum(area_km2) FROM contamination')" \
    "$(q 'SELECT max(abs(ST_Area(geom) / 1e6 / area_km2 - 1)) FROM contamination')" <<'PY' \
    || fail "areas in the table"
import json, sys
d = json.load(open(sys.argv[1]))
total, worst = float(sys.argv[2]), float(sys.argv[3])
assert abs(total / d["national"]["km2"] - 1) < 1e-9, (total, d["national"]["km2"])
assert worst < 1e-4, worst        # each feature's area in its CRS: 0.01 %
PY
srid=$(q "SELECT Find_SRID('public', 'contamination', 'geom')")
[ "$(q "SELECT proj4text LIKE '%+proj=laea%' FROM spatial_ref_sys WHERE srid = $srid")" = t ] \
    || fail "the table's CRS (SRID $srid) is not the equal-area one"
ok "--out PG: writes the GeoPackage's features into PostGIS, valid, same areas, its CRS"

# Written again, in lon/lat: the table replaced, not appended to; EPSG:4326.
"$tool" --out "$DM_PG" --lonlat >/dev/null 2>"$tmp/err" || fail "again: $(cat "$tmp/err")"
[ "$(q 'SELECT count(*) FROM contamination')" = "$features" ] \
    || fail "written twice: $(q 'SELECT count(*) FROM contamination') rows"
[ "$(q "SELECT Find_SRID('public', 'contamination', 'geom')")" = 4326 ] || fail "lon/lat SRID"
ok "written again: the table replaced whole; --lonlat as EPSG:4326"

# A write that fails once the old table is dropped (an event trigger
# refuses the new table): exit 1 naming the output, and the old table as
# it was — the drop rolled back with the rest.
q "CREATE FUNCTION refuse() RETURNS event_trigger LANGUAGE plpgsql AS
   \$\$ BEGIN RAISE EXCEPTION 'refused by the test'; END \$\$"
q "CREATE EVENT TRIGGER refuse ON ddl_command_end WHEN TAG IN ('CREATE TABLE')
   EXECUTE FUNCTION refuse()"
status "$tool" --out "$DM_PG" 2>"$tmp/err" >/dev/null
[ "$s" = 1 ] && grep -q "cannot write 'PG:host=" "$tmp/err" && grep -q "refused by the test" "$tmp/err" \
    || fail "failed write: $s $(cat "$tmp/err")"
[ "$(q 'SELECT count(*) FROM contamination')" = "$features" ] \
    && [ "$(q "SELECT Find_SRID('public', 'contamination', 'geom')")" = 4326 ] \
    || fail "the failed write changed the table"
q 'DROP EVENT TRIGGER refuse'
ok "a write that fails leaves the table as it was (one transaction)"

# A database that cannot be reached: named, its password not.
status "$tool" --out "PG:host=$tmp/nowhere dbname=nope password=secret" 2>"$tmp/err" >/dev/null
[ "$s" = 1 ] && grep -q "cannot open the database 'PG:host=$tmp/nowhere dbname=nope password=\*\*\*'" "$tmp/err" \
    && ! grep -q secret "$tmp/err" || fail "no database: $s $(cat "$tmp/err")"
ok "an unreachable database is named, without its password"
