#!/bin/sh
# demine-contamination on the command line: the default model, formats,
# output files, survey polygons, exit statuses.
# Usage: contamination-tool.sh TOOL
set -eu
tool=$1
. "$(dirname "$0")/lib.sh"

# No argument: the embedded model calibrated to the land of the 2023
# estimate, 174,000 - 14,000 km² of water = 160,000 km² (within 0.1 %).
"$tool" >"$tmp/table" 2>"$tmp/err" || fail "default run: $(cat "$tmp/err")"
[ ! -s "$tmp/err" ] || fail "stderr not empty: $(cat "$tmp/err")"
[ "$(grep -c '^UA-' "$tmp/table")" = 27 ] || fail "27 regions"
awk '$1 == "total" { if ($3 < 159840 || $3 > 160160) exit 1; found = 1 }
     END { if (!found) exit 1 }' "$tmp/table" \
    || fail "160,000 km² national: $(grep total "$tmp/table")"
grep -Eq '^calibration: every band distance × [0-9.]+ \([0-9]+ steps\)$' "$tmp/table" \
    || fail "calibration line"
ok "default model at 160,000 km²"

# --target-share 0.30: the authorities' "about 30 %" stays available.
"$tool" --target-share 0.30 >"$tmp/table30" || fail "--target-share 0.30"
grep -Eq '^total .* 30\.0%' "$tmp/table30" || fail "30.0 % national: $(grep total "$tmp/table30")"
ok "--target-share 0.30 at 30 %"

# CSV: regions add up to the national row (1e-6).
"$tool" --format csv >"$tmp/csv"
[ "$(head -n 1 "$tmp/csv")" = "code,name,km2,share,high_km2,medium_km2,low_km2,front_line_km2,occupied_km2,confirmed_km2" ] \
    || fail "CSV header"
awk -F, '/^UA-/ { s += $3; c += $5 + $6 + $7 } /^total,/ { t = $3 }
    END { if (t <= 0) exit 1; d = s / t - 1; e = c / t - 1; if (d < 0) d = -d;
          if (e < 0) e = -e; if (d > 1e-6 || e > 1e-6) exit 1 }' "$tmp/csv" \
    || fail "CSV regions or classes do not add up to the total"
ok "CSV adds up"

# JSON: valid; the national share is the target.
"$tool" --format json --target-share 0.25 >"$tmp/json"
python3 - "$tmp/json" <<'PY' || fail "JSON"
import json, sys
d = json.load(open(sys.argv[1]))
assert len(d["regions"]) == 27
assert abs(d["national"]["share"] - 0.25) <= 0.25 * 0.001, d["national"]
assert d["calibration"]["iterations"] > 0
PY
ok "JSON with --target-share 0.25"

# A GeoPackage that ogrinfo opens, with the documented fields.
"$tool" --out "$tmp/c.gpkg" >/dev/null
ogrinfo -ro -so "$tmp/c.gpkg" contamination >"$tmp/info" || fail "ogrinfo"
for field in "region_code: String" "region_name: String" "class: String" \
             "zone: String" "state: String" "area_km2: Real"; do
    grep -q "$field" "$tmp/info" || fail "no field $field"
done
grep -q "Geometry: Multi Polygon" "$tmp/info" || fail "geometry type"
total=$(awk -F, '/^total,/ { print $3 }' "$tmp/csv")
ogrinfo -ro -q "$tmp/c.gpkg" -sql "SELECT SUM(area_km2) AS s FROM contamination" \
    | awk -v t="$total" '/s \(Real\) =/ { d = $4 / t - 1; if (d < 0) d = -d; found = 1;
        if (d > 1e-6) exit 1 } END { if (!found) exit 1 }' \
    || fail "the GeoPackage's areas do not add up to the total"
ok "--out c.gpkg opens with ogrinfo; areas agree"

# GeoJSON is longitude, latitude (RFC 7946) with or without --lonlat: no
# "crs" member, every x a longitude of Ukraine (GDAL writes a one-part
# multipolygon as a Polygon there).
for flag in --lonlat ""; do
    # shellcheck disable=SC2086
    "$tool" --out "$tmp/c.geojson" $flag >/dev/null
    python3 - "$tmp/c.geojson" <<'PY' || fail "lon/lat GeoJSON ($flag)"
import json, sys
d = json.load(open(sys.argv[1]))
assert "crs" not in d
def polygons(g):
    return [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
xs = [p[0] for f in d["features"] for poly in polygons(f["geometry"])
      for ring in poly for p in ring]
assert 22 < min(xs) and max(xs) < 41, (min(xs), max(xs))
PY
done
ok "--out c.geojson is lon/lat (RFC 7946), with and without --lonlat"

# The format from GDAL's driver list: CSV by its extension (the polygons as
# WKT), FlatGeobuf named for a file of no known extension; a driver GDAL
# does not have is refused, nothing written.
"$tool" --out "$tmp/c.csv" >/dev/null
head -n 1 "$tmp/c.csv" | grep -q '^WKT,region_code,region_name' || fail "CSV header"
"$tool" --out "$tmp/c.data" --out-format FlatGeobuf >/dev/null
ogrinfo -ro -so "$tmp/c.data" contamination | grep -q "Feature Count: 54" \
    || fail "--out-format FlatGeobuf"
status "$tool" --out "$tmp/c.nope" --out-format Nope 2>"$tmp/err" >/dev/null
[ "$s" = 1 ] && grep -q "'Nope' is not a GDAL vector driver" "$tmp/err" \
    && [ ! -e "$tmp/c.nope" ] || fail "an unknown driver: $s $(cat "$tmp/err")"
ok "--out c.csv, --out-format FlatGeobuf; --out-format Nope refused"

# A survey polygon outside every region is said on stderr and in the JSON,
# not dropped without a word; the one inside is counted.
cat >"$tmp/survey.geojson" <<'JSON'
{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"class":"high","status":"SHA","zone":"accessible"},
 "geometry":{"type":"Polygon","coordinates":[[[36,49.5],[36.2,49.5],[36.2,49.7],[36,49.7],[36,49.5]]]}},
{"type":"Feature","properties":{"class":"high","status":"SHA","zone":"accessible"},
 "geometry":{"type":"Polygon","coordinates":[[[18,50],[18.3,50],[18.3,50.2],[18,50.2],[18,50]]]}}]}
JSON
"$tool" --survey "$tmp/survey.geojson" --format json >"$tmp/survey.json" 2>"$tmp/err" \
    || fail "survey with a polygon outside: $(cat "$tmp/err")"
grep -q "km² of the survey polygons lie outside every region" "$tmp/err" \
    || fail "no word on the polygon outside: $(cat "$tmp/err")"
python3 - "$tmp/survey.json" <<'PY' || fail "outside_km2 in the JSON"
import json, sys
d = json.load(open(sys.argv[1]))
assert 400 < d["outside_km2"] < 500, d["outside_km2"]   # 0.3° × 0.2° at 50° N
assert 300 < d["national"]["km2"] < 400, d["national"]["km2"]
assert d["boundaries_repaired"] == 0
PY
ok "a survey polygon outside every region: said on stderr and in the JSON"

# A bow-tie survey polygon: kept as its two triangles, and the change of
# its area told (0 km² as drawn: its lobes cancel; half the box once
# valid), on stderr and in the JSON.
cat >"$tmp/bowtie.geojson" <<'JSON'
{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"class":"high","status":"SHA","zone":"accessible"},
 "geometry":{"type":"Polygon","coordinates":[[[36,49.5],[36.2,49.7],[36.2,49.5],[36,49.7],[36,49.5]]]}}]}
JSON
"$tool" --survey "$tmp/bowtie.geojson" --format json >"$tmp/bowtie.json" 2>"$tmp/err" \
    || fail "survey with a bow-tie: $(cat "$tmp/err")"
grep -q "feature 0 was invalid ([A-Za-z ]*Self-intersection) and was repaired: 0.0[0-9]* km² as drawn, 1[0-9][0-9].[0-9]* km² once valid" "$tmp/err" \
    || fail "no word on the bow-tie's repair: $(cat "$tmp/err")"
python3 - "$tmp/bowtie.json" <<'PY' || fail "the repair in the JSON"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["survey_repaired"] == 1 and d["boundaries_repaired"] == 0, d
(r,) = d["repairs"]
assert r["input"] == "survey" and "Self-intersection" in r["reason"], r
assert "bowtie.geojson" in r["feature"], r
assert r["drawn_km2"] < 0.01 * r["repaired_km2"], r
# Half of the 0.2° × 0.2° box at 49.6° N (about 14.5 km × 22.2 km).
assert 150 < r["repaired_km2"] < 170, r
assert abs(d["national"]["km2"] - r["repaired_km2"]) < 1e-6 * r["repaired_km2"], d
PY
ok "a bow-tie survey polygon: its repair and both areas said on stderr and in the JSON"

# The tool's own output is a valid input: its GeoPackage read back as a
# survey (its state as the status) gives the same km²; --survey-where keeps
# the high class only; an unknown --survey-field key is a usage error.
"$tool" --out "$tmp/own.gpkg" --format csv >"$tmp/own.csv"
"$tool" --survey "$tmp/own.gpkg" --survey-field status=state --format csv >"$tmp/again.csv" \
    || fail "its own GeoPackage as a survey"
[ "$(tail -n 1 "$tmp/own.csv")" = "$(tail -n 1 "$tmp/again.csv")" ] \
    || fail "round trip: $(tail -n 1 "$tmp/own.csv") vs $(tail -n 1 "$tmp/again.csv")"
"$tool" --survey "$tmp/own.gpkg" --survey-field status=state \
    --survey-where "class = 'high'" --format csv >"$tmp/high.csv"
awk -F, '/^total,/ { if ($3 != $5 || $6 != "0.000" || $7 != "0.000") exit 1 }' "$tmp/high.csv" \
    || fail "--survey-where: $(tail -n 1 "$tmp/high.csv")"
status "$tool" --survey "$tmp/own.gpkg" --survey-field state 2>"$tmp/err" >/dev/null
[ "$s" = 2 ] || fail "--survey-field without =: $s"
ok "its own GeoPackage read back as a survey; --survey-field, --survey-where"

# The map says what it was drawn from (its SVG keeps the words it shows):
# the embedded data's attribution by default, the survey's file when a
# survey was read; --labels names them, none leaves them out.
"$tool" --map "$tmp/default.svg" >/dev/null
"$tool" --survey "$tmp/survey.geojson" --labels names --map "$tmp/survey.svg" >/dev/null 2>&1
"$tool" --labels none --map "$tmp/none.svg" >/dev/null
python3 - "$tmp/default.svg" "$tmp/survey.svg" "$tmp/none.svg" <<'PY' || fail "map attribution and labels"
import re, sys
def words(path):
    m = re.search(r"<desc>(.*?)</desc>", open(path, encoding="utf-8").read(), re.S)
    return m.group(1).split("\n")
d, s, n = (words(p) for p in sys.argv[1:])
assert any("Natural Earth" in w and "demine model" in w for w in d), d[-1]
assert "Estimated contamination by region" in d, d[:3]
assert "Surveyed hazardous areas by region" in s, s[:3]
assert any(w.endswith("km² of hazardous areas") or "km² of hazardous areas," in w for w in s), s[:3]
assert "UA-63" in d and "Kharkiv" not in d
last = [w for w in s if w.startswith("Boundaries:")][0]
assert "Contamination: surveyed hazardous areas, survey.geojson" in last, last
assert "model" not in last, last
assert "Kharkiv" in s and "UA-63" not in s
assert "UA-63" not in n and "Kharkiv" not in n
PY
status "$tool" --labels all --map "$tmp/x.svg" 2>"$tmp/err" >/dev/null
[ "$s" = 2 ] && [ ! -e "$tmp/x.svg" ] \
    && grep -q "unknown labels 'all' (codes, names or none)" "$tmp/err" \
    || fail "--labels all: $s $(cat "$tmp/err")"
status "$tool" --format xml 2>"$tmp/err" >/dev/null
[ "$s" = 2 ] && grep -q "unknown format 'xml' (table, csv or json)" "$tmp/err" \
    || fail "--format xml: $s $(cat "$tmp/err")"
ok "the map's attribution from the inputs used; --labels codes, names, none"

# The map, as PNG (its size read from the IHDR chunk) and as SVG (valid
# XML, one outlined path per region).
"$tool" --map "$tmp/map.png" >/dev/null
"$tool" --map "$tmp/map.svg" >/dev/null
python3 - "$tmp/map.png" "$tmp/map.svg" <<'PY' || fail "map files"
import struct, sys
import xml.etree.ElementTree as ET
png = open(sys.argv[1], "rb").read()
assert png[:8] == b"\x89PNG\r\n\x1a\n" and png[12:16] == b"IHDR"
assert struct.unpack(">II", png[16:24]) == (1600, 1100), struct.unpack(">II", png[16:24])
svg = ET.parse(sys.argv[2]).getroot()
assert svg.tag == "{http://www.w3.org/2000/svg}svg"
regions = [p for p in svg.iter("{http://www.w3.org/2000/svg}path")
           if "stroke-width:0.8;" in p.get("style", "")]
assert len(regions) == 27, len(regions)
PY
status "$tool" --map "$tmp/nodir/map.png" 2>"$tmp/err" >/dev/null
[ "$s" = 1 ] || fail "map in a missing folder: exit $s"
[ ! -e "$tmp/nodir" ] || fail "a folder was created"
ok "--map map.png (1600 × 1100) and map.svg (27 region paths)"

# Survey polygons instead of the model.
cat >"$tmp/survey.geojson" <<'JSON'
{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"class":"high","status":"CHA","zone":"controlled"},
 "geometry":{"type":"Polygon","coordinates":[[[36.0,49.5],[36.2,49.5],[36.2,49.6],[36.0,49.6],[36.0,49.5]]]}}]}
JSON
"$tool" --survey "$tmp/survey.geojson" --format csv >"$tmp/survey.csv"
grep -q '^UA-63,Kharkiv,' "$tmp/survey.csv" || fail "survey: Kharkiv row"
awk -F, '$1 == "UA-63" { if ($3 < 150 || $3 > 170 || $10 != $3) exit 1 }' "$tmp/survey.csv" \
    || fail "survey: a 0.2° × 0.1° CHA near Kharkiv is about 160 km², all confirmed"
ok "--survey"

# Bad input: exit 1, a message, no output file.
status "$tool" --target-km2 900000 --out "$tmp/no.gpkg" 2>"$tmp/err" >/dev/null
[ "$s" = 1 ] || fail "unreachable target: exit $s"
grep -q "DM_ERR_UNREACHABLE" "$tmp/err" || fail "unreachable message"
[ ! -e "$tmp/no.gpkg" ] || fail "a file was left behind"
[ -z "$(ls -A "$tmp" | grep '^\.demine-' || true)" ] || fail "temporary files left behind"
status "$tool" --sources "$tmp/none.geojson" 2>"$tmp/err" >/dev/null
[ "$s" = 1 ] || fail "missing sources: exit $s"
grep -q "none.geojson" "$tmp/err" || fail "missing sources message"
status "$tool" --out "$tmp/c.xyz" 2>"$tmp/err" >/dev/null
[ "$s" = 1 ] || fail "unknown extension: exit $s"
ok "bad input exits 1, leaves no file"

for args in "--target-share 1.5" "--target-share abc" "--target-km2 -3" "--survey"; do
    # shellcheck disable=SC2086
    status "$tool" $args 2>"$tmp/err" >/dev/null
    [ "$s" = 2 ] || fail "'$args': exit $s, expected 2"
done
"$tool" --help | grep -q -- "--target-km2" || fail "--help"
ok "bad usage exits 2"
echo "1..$n"
