#!/bin/sh
# demine-regions on the command line: formats, flags, exit statuses.
# Usage: regions-tool.sh TOOL SHARED_DATA_DIR
set -eu
tool=$1
shared=$2
. "$(dirname "$0")/lib.sh"

# No argument: the embedded file, 27 units and the national total.
"$tool" >"$tmp/table" 2>"$tmp/err" || fail "run without arguments failed: $(cat "$tmp/err")"
[ ! -s "$tmp/err" ] || fail "stderr not empty: $(cat "$tmp/err")"
[ "$(grep -c '^UA-' "$tmp/table")" = 27 ] || fail "the table does not list 27 units"
grep -q '^UA-46 *Lviv  *2[0-9][0-9][0-9][0-9]\.[0-9]$' "$tmp/table" || fail "no Lviv row"
grep -q '^total .*59[0-9][0-9][0-9][0-9]\.[0-9]$' "$tmp/table" || fail "no national total"
ok "table of the embedded units"

# CSV: header, 27 units, a total equal to the sum of the units (they do not
# overlap) to 1e-6.
"$tool" --format csv >"$tmp/csv"
[ "$(head -n 1 "$tmp/csv")" = "code,name,area_km2" ] || fail "CSV header"
[ "$(grep -c '^UA-' "$tmp/csv")" = 27 ] || fail "CSV rows"
awk -F, '/^UA-/ { s += $3 } /^total,/ { t = $3 }
    END { d = s - t; if (d < 0) d = -d; if (t <= 0 || d > 1e-6 * t) exit 1 }' \
    "$tmp/csv" || fail "CSV total is not the sum of the units"
ok "CSV"

# JSON: valid, 27 units, the same total as the CSV.
"$tool" --format json >"$tmp/json"
python3 - "$tmp/json" "$tmp/csv" <<'PY' || fail "JSON"
import csv, json, sys
doc = json.load(open(sys.argv[1]))
assert doc["count"] == 27 and len(doc["units"]) == 27, doc["count"]
rows = {r["code"]: r for r in csv.DictReader(open(sys.argv[2]))}
for u in doc["units"]:
    assert abs(u["area_km2"] - float(rows[u["code"]]["area_km2"])) < 1e-3, u
    xmin, ymin, xmax, ymax = u["bounds_m"]
    assert xmin < xmax and ymin < ymax
assert abs(doc["total_area_km2"] - float(rows["total"]["area_km2"])) < 1e-3
assert "Lambert Azimuthal Equal Area" in doc["crs"]
PY
ok "JSON"

# The shared flags.
"$tool" --where "type <> 'oblast'" --format csv >"$tmp/where"
[ "$(grep -c '^UA-' "$tmp/where")" = 3 ] || fail "--where"
"$tool" --layer ukraine_admin1 --code-field ne_fips --name-field ne_name \
    --format csv >"$tmp/fields"
grep -q '^UP15,L.viv,' "$tmp/fields" || fail "--code-field/--name-field"
"$tool" --target-crs EPSG:3035 --format csv >"$tmp/3035"
awk -F, 'NR == FNR { a[$1] = $3; next } /^UA-/ { d = $3 / a[$1] - 1;
    if (d < 0) d = -d; if (d > 1e-3) exit 1 }' "$tmp/csv" "$tmp/3035" \
    || fail "areas in EPSG:3035 differ from the default equal-area CRS"
ok "--where --layer --code-field --name-field --target-crs"

# A source without a CRS, with --source-crs.
printf 'code,name,WKT\nC,cell,"POLYGON((30 48,31 48,31 49,30 49,30 48))"\n' >"$tmp/cell.csv"
status "$tool" --boundaries "$tmp/cell.csv" 2>"$tmp/err" >"$tmp/out"
[ "$s" = 1 ] || fail "no CRS: exit $s, expected 1"
grep -q "cell.csv.*has no CRS" "$tmp/err" || fail "no CRS message: $(cat "$tmp/err")"
[ ! -s "$tmp/out" ] || fail "no CRS: stdout not empty"
"$tool" --boundaries "$tmp/cell.csv" --source-crs EPSG:4326 --format csv >"$tmp/out"
grep -q '^C,cell,821[78]\.' "$tmp/out" || fail "--source-crs: $(cat "$tmp/out")"
ok "--source-crs"

# A name with a comma and quotes is quoted in CSV (RFC 4180).
printf 'code,name,WKT\nQ,"Kyiv, ""city""","POLYGON((30 48,31 48,31 49,30 49,30 48))"\n' >"$tmp/quoted.csv"
"$tool" --boundaries "$tmp/quoted.csv" --source-crs EPSG:4326 --format csv >"$tmp/out"
grep -q '^Q,"Kyiv, ""city""",821[78]\.' "$tmp/out" || fail "CSV quoting: $(cat "$tmp/out")"
ok "CSV fields with commas and quotes"

# Bad input: exit 1, a message naming the culprit, nothing on stdout.
status "$tool" --boundaries "$tmp/missing.geojson" 2>"$tmp/err" >"$tmp/out"
[ "$s" = 1 ] || fail "missing file: exit $s"
grep -q "missing.geojson" "$tmp/err" || fail "missing file message"
grep -q "DM_ERR_FILE_NOT_FOUND" "$tmp/err" || fail "missing file status"
[ ! -s "$tmp/out" ] || fail "missing file: stdout not empty"
status "$tool" --name-field shapeName 2>"$tmp/err" >"$tmp/out"
[ "$s" = 1 ] || fail "bad field: exit $s"
grep -q "shapeName" "$tmp/err" || fail "bad field message"
ok "bad input exits 1 with a message"

# Bad usage: exit 2.
for args in "--bogus" "--format xml" "--boundaries" "extra-argument"; do
    # shellcheck disable=SC2086
    status "$tool" $args 2>"$tmp/err" >"$tmp/out"
    [ "$s" = 2 ] || fail "'$args': exit $s, expected 2"
    grep -q "Try 'demine-regions --help'" "$tmp/err" || fail "'$args': no hint"
done
ok "bad usage exits 2"

"$tool" --help >"$tmp/help"
for flag in --boundaries --layer --where --name-field --code-field \
            --source-crs --format --help --version; do
    grep -q -- "$flag" "$tmp/help" || fail "--help does not list $flag"
done
[ "$("$tool" --version)" = "demine-regions (demine) $("$tool" --version | awk '{print $3}')" ] || fail "--version"
"$tool" --version | grep -Eq '^demine-regions \(demine\) [0-9]+\.[0-9]+\.[0-9]+$' || fail "--version format"
ok "--help and --version"

# The second source, with its own field names (skipped when absent).
if [ -f "$shared/geoBoundaries-UKR-ADM1.geojson" ]; then
    "$tool" --boundaries "$shared/geoBoundaries-UKR-ADM1.geojson" \
        --name-field shapeName --code-field shapeISO --format csv >"$tmp/gb"
    [ "$(grep -c '^UA-' "$tmp/gb")" = 27 ] || fail "geoBoundaries: 27 units"
    ok "geoBoundaries with --name-field shapeName --code-field shapeISO"
else
    echo "ok $((n + 1)) - # SKIP $shared is absent"
fi
echo "1..$((n + 1))"
