#!/bin/sh
# demine-project on the command line: table, files, determinism, flags,
# exit statuses, no partial file. Usage: project-tool.sh TOOL DATA_DIR
set -eu
tool=$1
data=$2
. "$(dirname "$0")/lib.sh"

# A work table of two regions: 0.12 km² each, all to clear at once.
cat >"$tmp/work.csv" <<'CSV'
code,name,class,zone,state,area_km2
A,Alpha,high,controlled,suspected,0.12
B,Beta,low,controlled,confirmed,0.12
CSV
# 20 deminers × 100 m² × 10 days = 0.02 km² a month: both done in 12
# months (1 year), 80 % in 9.6 months (0.8 years); cost 200 unit-days a
# month × US$ 500 × 12 = US$ 1.2 m.
cat >"$tmp/simple.json" <<'JSON'
{"name": "simple", "start": "2025-01", "horizon_months": 36,
 "assets": [{"name": "deminers", "kind": "manual", "count": 20,
   "productivity_m2_per_day": 100, "working_days_per_month": 10,
   "cost_usd_per_unit_day": 500}],
 "land_release": {"high": {"nts_cancel_share": 0, "ts_reduce_share": 0},
   "medium": {"nts_cancel_share": 0, "ts_reduce_share": 0},
   "low": {"nts_cancel_share": 0, "ts_reduce_share": 0}},
 "unconstrained_survey": {"nts": {"cost_usd_per_ha": 0},
   "ts": {"cost_usd_per_ha": 0}}}
JSON

"$tool" --work "$tmp/work.csv" --scenario "$tmp/simple.json" --runs 3 \
    --out "$tmp/out" >"$tmp/table" 2>"$tmp/err" || fail "run: $(cat "$tmp/err")"
[ ! -s "$tmp/err" ] || fail "stderr not empty (no terminal): $(cat "$tmp/err")"
grep -q '^simple (.*simple.json): 3 runs, seed 1, over 3 years$' "$tmp/table" \
    || fail "title: $(head -n 1 "$tmp/table")"
sed -n 2p "$tmp/table" | grep -q "^projection from 2025-01 (the scenario's ranges)$" \
    || fail "phases: $(sed -n 2p "$tmp/table")"
grep -Eq '^A +Alpha +0 +0\.8 \(0\.8–0\.8\) +1\.0 \(1\.0–1\.0\) +1 \(1–1\)$' "$tmp/table" \
    || fail "row A: $(cat "$tmp/table")"
grep -Eq '^national +\(national\) +0 +0\.8 \(0\.8–0\.8\) +1\.0 \(1\.0–1\.0\) +1 \(1–1\)$' "$tmp/table" \
    || fail "national row"
# The lands of the zones: all of it accessible and open from the start.
grep -Eq '^zone:accessible +\(accessible zone\) +0 +0\.8 \(0\.8–0\.8\) +1\.0 \(1\.0–1\.0\) +1 \(1–1\)$' "$tmp/table" \
    || fail "accessible row"
grep -Eq '^open_at_start +\(open at the start\) +0 +0\.8 ' "$tmp/table" || fail "open row"
grep -Eq '^zone:occupied +\(occupied zone\) +0 +0\.0 \(0\.0–0\.0\)' "$tmp/table" || fail "occupied row"
ok "table: years to 80 % and 100 %, cost, per region and per land"

# An export that calls its fields otherwise, with rows of another status:
# --work-field maps them, --work-where keeps the open ones; the same table.
cat >"$tmp/export.csv" <<'CSV'
RegionCode,RegionName,Hazard,Zone,SHA_CHA,Area_km2,Status
A,Alpha,high,controlled,suspected,0.12,Active
B,Beta,low,controlled,confirmed,0.12,Active
B,Beta,low,controlled,confirmed,5,Closed
CSV
"$tool" --work "$tmp/export.csv" --work-where "Status = 'Active'" \
    --work-field code=RegionCode,name=RegionName,class=Hazard,zone=Zone,state=SHA_CHA,area=Area_km2 \
    --scenario "$tmp/simple.json" --runs 3 --out "$tmp/export" >"$tmp/table2" \
    || fail "the export with --work-field"
diff "$tmp/table" "$tmp/table2" >/dev/null || fail "the export's table differs: $(cat "$tmp/table2")"
status "$tool" --work "$tmp/export.csv" --work-field colour=Hazard --out "$tmp/bad" 2>"$tmp/err" >/dev/null
[ "$s" = 2 ] && grep -q "'colour' is not KEY=FIELD with KEY one of code, name, class, zone, state or area" "$tmp/err" \
    || fail "an unknown --work-field key: $s $(cat "$tmp/err")"
ok "--work-field and --work-where read an export of other field names"

# Hectares read as km²: Kharkiv holding more land to work than it has is
# refused naming the table, the region and the units, nothing written.
cat >"$tmp/hectares.csv" <<'CSV'
code,name,class,zone,state,area_km2
UA-63,Kharkiv,high,controlled,confirmed,12050
UA-63,Kharkiv,medium,controlled,suspected,2400000
CSV
status "$tool" --work "$tmp/hectares.csv" --runs 3 --out "$tmp/ha" 2>"$tmp/err" >/dev/null
[ "$s" = 1 ] || fail "hectares: exit $s"
grep -q "hectares.csv', layer 'hectares', row (FID) 2, field 'area_km2': region 'UA-63' now holds 2412050.0 km² to work, more than its own 31379.4 km²" "$tmp/err" \
    && grep -q "in hectares (24120.5 km²)" "$tmp/err" && grep -q -- "--area-unit ha|m2" "$tmp/err" \
    || fail "hectares: $(cat "$tmp/err")"
[ ! -e "$tmp/ha" ] || fail "hectares: an output folder was made"
ok "a work table in hectares read as km² is refused, naming row, region and unit"

# With its unit, the same table is Kharkiv's 24,120.5 km².
"$tool" --work "$tmp/hectares.csv" --area-unit ha --runs 3 --scenario "$data/scenarios/baseline.json" \
    >"$tmp/ha.table" 2>"$tmp/err" || fail "--area-unit ha: $(cat "$tmp/err")"
grep -q "^UA-63 *Kharkiv *24120 " "$tmp/ha.table" || fail "--area-unit ha: $(cat "$tmp/ha.table")"
status "$tool" --work "$tmp/hectares.csv" --area-unit acres 2>"$tmp/err" >/dev/null
[ "$s" = 2 ] && grep -q "unknown area unit 'acres' (km2, ha or m2)" "$tmp/err" \
    || fail "--area-unit acres: $s $(cat "$tmp/err")"
ok "--area-unit ha reads the hectares; an unknown unit is a usage error"

# --region-series counts: the same table (the months and costs are every
# run's), each region's series within a bin (0.12 / 128 km²) of every
# run's, the nation's the same, and no yearly rows of the regions.
"$tool" --work "$tmp/work.csv" --scenario "$tmp/simple.json" --runs 3 \
    --region-series counts --out "$tmp/counts" >"$tmp/table3" 2>"$tmp/err" \
    || fail "--region-series counts: $(cat "$tmp/err")"
diff "$tmp/table" "$tmp/table3" >/dev/null || fail "counts: the table differs: $(cat "$tmp/table3")"
awk -F, 'NR == FNR { e[$2 "," $3] = $0; next }
         FNR > 1 { split(e[$2 "," $3], x, ",")
                   for (i = 6; i <= 8; i++) {
                       d = $i - x[i]; if (d < 0) d = -d
                       if ($2 == "national" && $i != x[i]) { print "national " $0; exit 1 }
                       if (d > 0.12 / 128 + 1e-9) { print "off by " d ": " $0; exit 1 } } }' \
    "$tmp/out/simple-series.csv" "$tmp/counts/simple-series.csv" >"$tmp/off" \
    || fail "counts: a series is more than a bin off: $(cat "$tmp/off")"
! grep -q '^simple,[AB],' "$tmp/counts/simple-yearly.csv" && grep -q '^simple,national,2025,' "$tmp/counts/simple-yearly.csv" \
    || fail "counts: yearly rows: $(cat "$tmp/counts/simple-yearly.csv")"
status "$tool" --work "$tmp/work.csv" --region-series bins 2>"$tmp/err" >/dev/null
[ "$s" = 2 ] && grep -q "unknown --region-series 'bins' (every, counts or auto)" "$tmp/err" \
    || fail "--region-series bins: $s $(cat "$tmp/err")"
ok "--region-series counts: the regions' series within a bin, no regional years"

[ -f "$tmp/out/simple-series.csv" ] && [ -f "$tmp/out/summary.json" ] || fail "files"
[ "$(ls -A "$tmp/out" | grep -v '^\.demine\.\(lock\|files\)$' | grep -c '^\.')" = 0 ] || fail "temporary files left"
python3 - "$tmp/out" <<'PY' || fail "series and summary"
import csv, json, sys
d = sys.argv[1]
rows = list(csv.DictReader(open(d + "/simple-series.csv")))
assert len(rows) == 7 * 37, len(rows)      # A, B, 3 zones, open, national
assert sorted(set(r["region"] for r in rows)) == [
    "A", "B", "national", "open_at_start", "zone:accessible",
    "zone:front_line", "zone:occupied"]
rows = [r for r in rows if r["region"] in ("A", "B", "national")]
nat = [r for r in rows if r["region"] == "national"]
assert nat[0]["date"] == "2025-01" and nat[12]["date"] == "2026-01"
assert nat[0]["phase"] == "start" and nat[1]["phase"] == "projection"
for r in rows:                                      # the states add up
    s = sum(float(r[k + "_mean_km2"]) for k in
            ("suspected", "confirmed", "to_clear", "cancelled", "reduced", "cleared"))
    want = 0.24 if r["region"] == "national" else 0.12
    assert abs(s - want) < 1e-9 * want, r
assert abs(float(nat[6]["remaining_p50_km2"]) - 0.12) < 1e-9
assert abs(float(nat[12]["cleared_mean_km2"]) - 0.24) < 1e-9
assert abs(float(nat[36]["cost_usd_mean"]) - 1.2e6) < 1
doc = json.load(open(d + "/summary.json"))
s = doc["scenarios"][0]
assert s["name"] == "simple" and s["runs"] == 3 and s["start"] == "2025-01"
assert s["replay_months"] == 0 and s["replay_last"] is None
m = s["national"]["months_to_release_percent"]
assert abs(m["80"]["p50"] - 9.6) < 1e-9 and abs(m["100"]["p90"] - 12) < 1e-9
assert [r["code"] for r in s["regions"]] == ["A", "B"]
# Money per year: 200 unit-days a month × US$500 in 2025, then nothing.
lands = s["lands"]
assert sorted(lands) == ["national", "open_at_start", "zone:accessible",
                         "zone:front_line", "zone:occupied"], sorted(lands)
y = lands["national"]["cost_usd_by_year"]
assert sorted(y) == ["2025", "2026", "2027"], y
assert abs(y["2025"]["p50"] - 1.2e6) < 1e-3 and y["2026"]["p50"] == 0, y
yearly = list(csv.DictReader(open(d + "/simple-yearly.csv")))
nat = {r["year"]: r for r in yearly if r["region"] == "national"}
assert abs(float(nat["2025"]["cost_p50_usd"]) - 1.2e6) < 1, nat["2025"]
assert abs(float(nat["2025"]["released_by_end_p50_km2"]) - 0.24) < 1e-9
assert len(yearly) == 7 * 3, len(yearly)
# Nothing is ranged: the months do not vary (null), and no tornado.
assert s["sensitivity_prcc"]["national"]["months_to_80"] is None, s
PY
[ ! -e "$tmp/out/sensitivity.png" ] || fail "a tornado of no figure"
[ ! -e "$tmp/out/comparison.csv" ] || fail "a comparison of one scenario"
ok "CSV series and JSON summary, money per year"

# Two scenarios compared, run by run: twice the deminers finish in half
# the time (0.5 years sooner), the same cost (the same unit-days); the
# km² released by the end of 2025 are all of it in both (no change).
sed 's/"count": 20/"count": 40/; s/"name": "simple"/"name": "double"/' \
    "$tmp/simple.json" >"$tmp/double.json"
"$tool" --work "$tmp/work.csv" --scenario "$tmp/simple.json" --scenario "$tmp/double.json" \
    --runs 3 --by 2025,2026 --out "$tmp/cmp" >"$tmp/cmp.txt" || fail "comparison run"
grep -q '^double against simple: the change, run by run' "$tmp/cmp.txt" || fail "comparison title: $(cat "$tmp/cmp.txt")"
grep -Eq '^  years to 100 % +-0\.50 \(-0\.50 to -0\.50\) +-0\.50 ' "$tmp/cmp.txt" \
    || fail "comparison table: $(cat "$tmp/cmp.txt")"
grep -Eq '^  km² released by the end of 2025 +\+0 ' "$tmp/cmp.txt" || fail "km² by 2025"
python3 - "$tmp/cmp" <<'PY' || fail "comparison.csv"
import csv, json, sys
d = sys.argv[1]
rows = list(csv.DictReader(open(d + "/comparison.csv")))
key = {(r["region"], r["measure"], r["year"]): r for r in rows}
assert {r["scenario"] for r in rows} == {"double"} and {r["versus"] for r in rows} == {"simple"}
r = key[("national", "months_to_100", "")]
assert r["unit"] == "years" and float(r["change_p50"]) == -0.5 and r["paired_runs"] == "3", r
assert float(r["versus_p50"]) == 1.0 and float(r["scenario_p50"]) == 0.5, r
assert float(key[("A", "months_to_80", "")]["change_p50"]) == -0.4
assert abs(float(key[("national", "cost_usd", "")]["change_p50"])) < 1e-9
assert float(key[("open_at_start", "released_km2_by", "2025")]["change_p50"]) == 0
assert ("national", "released_km2_by", "2026") in key
# every region, zone, open land and nation × 8: 3 milestones, 2 years of
# km² released, the cost and its two costs per km²
assert len(rows) == 7 * 8, len(rows)
doc = json.load(open(d + "/summary.json"))
c = doc["comparison"][0]
assert c["scenario"] == "double" and c["versus"] == "simple"
assert c["lands"]["national"]["months_to_100"]["p50"] == -6.0 / 12, c
PY
for f in comparison.png comparison.svg; do [ -s "$tmp/cmp/$f" ] || fail "no $f"; done
# A second run into the same folder holds that run's files only: the
# first's series of a scenario it does not run are gone, a file of the
# user's stays.
touch "$tmp/cmp/notes.txt"
"$tool" --work "$tmp/work.csv" --scenario "$tmp/double.json" --runs 3 --out "$tmp/cmp" >/dev/null \
    || fail "second run into the folder"
[ ! -e "$tmp/cmp/simple-series.csv" ] && [ ! -e "$tmp/cmp/comparison.csv" ] \
    || fail "the first run's files stayed: $(ls "$tmp/cmp")"
[ -e "$tmp/cmp/double-series.csv" ] && [ -e "$tmp/cmp/notes.txt" ] || fail "second run: $(ls "$tmp/cmp")"
"$tool" --work "$tmp/work.csv" --scenario "$tmp/simple.json" --scenario "$tmp/double.json" \
    --runs 3 --versus double --out "$tmp/cmp2" >"$tmp/cmp2.txt" || fail "--versus"
grep -q '^simple against double:' "$tmp/cmp2.txt" || fail "--versus: $(cat "$tmp/cmp2.txt")"
grep -Eq '^  years to 100 % +\+0\.50 ' "$tmp/cmp2.txt" || fail "--versus sign"
for args in "--versus nobody" "--by 2030,2026" "--by 20x"; do
    # shellcheck disable=SC2086
    status "$tool" --work "$tmp/work.csv" --scenario "$tmp/simple.json" \
        --scenario "$tmp/double.json" --runs 2 --out "$tmp/cmpbad" $args 2>"$tmp/err" >/dev/null
    [ "$s" = 2 ] || fail "'$args': exit $s, expected 2"
done
[ ! -e "$tmp/cmpbad" ] || fail "output written for a bad --versus"
ok "comparison.csv, its table, --versus, --by"

# Not within the horizon: '>3' in the table, null in the JSON.
sed 's/"count": 20/"count": 1/' "$tmp/simple.json" >"$tmp/slow.json"
"$tool" --work "$tmp/work.csv" --scenario "$tmp/slow.json" --runs 2 --out "$tmp/slow" >"$tmp/table"
grep -Eq '^national .*>3 \(>3–>3\) +>3 \(>3–>3\)' "$tmp/table" || fail "beyond the horizon: $(cat "$tmp/table")"
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['scenarios'][0]['national']['months_to_release_percent']['100']['p50'] is None" \
    "$tmp/slow/summary.json" || fail "null in JSON"
ok "beyond the horizon"

# The default scenarios, several at once; the same seed gives the same
# files whatever the threads.
"$tool" --work "$tmp/work.csv" --runs 40 --threads 1 --out "$tmp/t1" >"$tmp/d1"
"$tool" --work "$tmp/work.csv" --runs 40 --threads 3 --out "$tmp/t3" >"$tmp/d3"
for s in baseline japan-support scale-up ceasefire japan-ceasefire; do
    grep -q "^$s (" "$tmp/d1" || fail "default scenario $s not run"
    cmp -s "$tmp/t1/$s-series.csv" "$tmp/t3/$s-series.csv" || fail "$s differs with 3 threads"
done
cmp -s "$tmp/t1/summary.json" "$tmp/t3/summary.json" || fail "summary differs with 3 threads"
cmp -s "$tmp/d1" "$tmp/d3" || fail "table differs with 3 threads"
cmp -s "$tmp/t1/report.html" "$tmp/t3/report.html" || fail "report.html differs with 3 threads"
"$tool" --work "$tmp/work.csv" --runs 40 --seed 7 --out "$tmp/s7" >/dev/null
# A seed of 2^63 and more is kept as the number given, not a negative one.
"$tool" --work "$tmp/work.csv" --scenario "$tmp/simple.json" --runs 2 \
    --seed 18446744073709551615 --out "$tmp/bigseed" >/dev/null || fail "seed 2^64 - 1"
python3 -c "import json,sys; assert json.load(open(sys.argv[1]))['seed'] == 2**64 - 1" "$tmp/bigseed/summary.json" || fail "big seed: $(grep seed "$tmp/bigseed/summary.json")"
! cmp -s "$tmp/t1/summary.json" "$tmp/s7/summary.json" || fail "--seed changes nothing"
ok "default scenarios; same seed, same files with 1 and 3 threads"

# The report: in --out, and at --report FILE too, the same page; the same
# bytes from a second run; a --report that cannot be written exits 1 and
# leaves the older output as it was.
"$tool" --runs 20 --scenario "$data/scenarios/baseline.json" \
    --scenario "$data/scenarios/japan-support.json" --out "$tmp/rep" \
    --report "$tmp/copy.html" >/dev/null || fail "--report"
cmp -s "$tmp/rep/report.html" "$tmp/copy.html" || fail "--report FILE differs from report.html"
"$tool" --runs 20 --scenario "$data/scenarios/baseline.json" \
    --scenario "$data/scenarios/japan-support.json" --out "$tmp/rep2" >/dev/null
cmp -s "$tmp/rep/report.html" "$tmp/rep2/report.html" || fail "report.html differs between two runs"
grep -q 'id="comparison"' "$tmp/rep/report.html" || fail "no comparison in the report"
cp "$tmp/rep/summary.json" "$tmp/summary.before"
status "$tool" --runs 20 --scenario "$data/scenarios/baseline.json" \
    --out "$tmp/rep" --report "$tmp/nowhere/r.html" >/dev/null 2>"$tmp/err"
[ "$s" -eq 1 ] || fail "--report into a missing folder: exit $s"
grep -q "nowhere" "$tmp/err" || fail "--report's error does not name the path: $(cat "$tmp/err")"
cmp -s "$tmp/rep/summary.json" "$tmp/summary.before" || fail "a failed --report changed --out"
# What each asset buys, from the first 200 runs of more.
"$tool" --work "$tmp/work.csv" --scenario "$tmp/simple.json" --runs 300 \
    --out "$tmp/rank300" >/dev/null || fail "300 runs"
grep -q "(P50 of 200 runs)" "$tmp/rank300/report.html" || fail "the ranking's runs: $(grep -o 'P50 of [0-9]* runs' "$tmp/rank300/report.html")"
grep -q "(P50 of 20 runs)" "$tmp/rep/report.html" || fail "the ranking of 20 runs"
ok "report.html and --report FILE: one page, the same bytes each run"

# Without --work: the embedded contamination (the land of the 2023 estimate,
# 160,000 km², within 0.1 %).
"$tool" --scenario "$tmp/simple.json" --runs 20 --out "$tmp/default" >"$tmp/default.txt" \
    || fail "default contamination run"
[ "$(grep -c '^UA-' "$tmp/default.txt")" = 27 ] || fail "default: 27 regions"
awk '$1 == "national" { if ($3 < 159840 || $3 > 160160) exit 1; found = 1 }
     END { if (!found) exit 1 }' "$tmp/default.txt" \
    || fail "default: national km² is not 160,000: $(grep '^national' "$tmp/default.txt")"
ok "without --work: the embedded contamination"

# Pictures: the map and the burn-down chart, as PNG of their default size
# and as SVG that parses (the map with one outlined path per region); with
# --work there is no map (no geometry), only the chart.
python3 - "$tmp/default" <<'PY' || fail "pictures"
import struct, sys
import xml.etree.ElementTree as ET
d = sys.argv[1]
for name, size in (("map", (1600, 1100)), ("burndown", (1400, 800))):
    png = open("%s/%s.png" % (d, name), "rb").read()
    assert png[:8] == b"\x89PNG\r\n\x1a\n", name
    assert struct.unpack(">II", png[16:24]) == size, (name, png[16:24])
    svg = ET.parse("%s/%s.svg" % (d, name)).getroot()
    assert svg.tag == "{http://www.w3.org/2000/svg}svg", name
svg = ET.parse(d + "/map.svg").getroot()
paths = [p for p in svg.iter("{http://www.w3.org/2000/svg}path")
         if "stroke-width:0.8;" in p.get("style", "")]
assert len(paths) == 27, len(paths)
PY
[ -f "$tmp/out/burndown.png" ] && [ -f "$tmp/out/burndown.svg" ] || fail "--work: no chart"
[ ! -e "$tmp/out/map.png" ] || fail "--work: a map without geometry"
ok "map.png/.svg and burndown.png/.svg in --out"

# Bad usage: exit 2.
for args in "--work $tmp/work.csv --runs 0" \
            "--work $tmp/work.csv --runs x" "--work $tmp/work.csv --threads -1" \
            "--work $tmp/work.csv --bogus" "--work $tmp/work.csv extra"; do
    # shellcheck disable=SC2086
    status "$tool" $args 2>"$tmp/err" >"$tmp/out.txt"
    [ "$s" = 2 ] || fail "'$args': exit $s, expected 2"
    grep -q "Try 'demine-project --help'" "$tmp/err" || fail "'$args': no hint"
done
status "$tool" --scenario "$tmp/simple.json" --sources "$tmp/none.geojson" 2>"$tmp/err" >/dev/null
[ "$s" = 1 ] || fail "missing sources: exit $s, expected 1"
grep -q "none.geojson" "$tmp/err" || fail "missing sources message"
ok "bad usage exits 2"

# Bad input: exit 1 naming what and where, no output file.
printf '{"name": "typo", "start": "2025-01", "horizont": 3}' >"$tmp/typo.json"
status "$tool" --work "$tmp/work.csv" --scenario "$tmp/typo.json" --out "$tmp/bad" 2>"$tmp/err" >"$tmp/out.txt"
[ "$s" = 1 ] || fail "typo: exit $s"
grep -q "typo.json': horizont: unknown key" "$tmp/err" || fail "typo message: $(cat "$tmp/err")"
[ ! -e "$tmp/bad" ] || fail "output written for a bad scenario"
printf 'code,name,class,zone,state,area_km2\nA,a,severe,controlled,,1\n' >"$tmp/badwork.csv"
status "$tool" --work "$tmp/badwork.csv" --scenario "$tmp/simple.json" 2>"$tmp/err"
[ "$s" = 1 ] || fail "bad work: exit $s"
grep -q "badwork.csv.*row (FID) 1, field 'class'" "$tmp/err" || fail "bad work message"
# An output folder that cannot be written: exit 1, no partial file.
mkdir "$tmp/ro" && chmod 500 "$tmp/ro"
if [ "$(id -u)" != 0 ]; then
    status "$tool" --work "$tmp/work.csv" --scenario "$tmp/simple.json" --out "$tmp/ro" 2>"$tmp/err" >/dev/null
    [ "$s" = 1 ] || fail "read-only folder: exit $s"
    grep -q "cannot write" "$tmp/err" || fail "read-only message"
fi
# A file where the folder should be.
touch "$tmp/file"
status "$tool" --work "$tmp/work.csv" --scenario "$tmp/simple.json" --out "$tmp/file" 2>"$tmp/err" >/dev/null
[ "$s" = 1 ] || fail "--out is a file: exit $s"
# A scenario received from someone else names files: one that would
# leave --out is refused naming the file and key, and nothing is written.
sed 's/"name": "simple"/"name": ".\/..\/escaped"/' "$tmp/simple.json" >"$tmp/escape.json"
mkdir "$tmp/esc"
status "$tool" --work "$tmp/work.csv" --scenario "$tmp/escape.json" --out "$tmp/esc/out" 2>"$tmp/err" >/dev/null
[ "$s" = 1 ] || fail "escaping name: exit $s"
grep -q "escape.json': name: './../escaped' is not a scenario name" "$tmp/err" \
    || fail "escaping name: $(cat "$tmp/err")"
[ -z "$(ls -A "$tmp/esc")" ] && [ ! -e "$tmp/escaped-series.csv" ] || fail "escaping name: files written"
# A work table of zero areas: nothing to release, every milestone at
# once; the chart and the files are still written (its axis once looped).
printf 'code,name,class,zone,state,area_km2\nA,a,high,controlled,,0\n' >"$tmp/zero.csv"
timeout 60 "$tool" --work "$tmp/zero.csv" --scenario "$tmp/simple.json" --runs 2 \
    --out "$tmp/zero" >/dev/null 2>"$tmp/err" || fail "zero areas: $(cat "$tmp/err")"
[ -s "$tmp/zero/burndown.png" ] && [ -s "$tmp/zero/burndown.svg" ] || fail "zero areas: no chart"
# A region coded as the outputs code the nation: refused, naming the row.
printf 'code,name,class,zone,state,area_km2\nnational,N,high,controlled,,1\n' >"$tmp/reserved.csv"
status "$tool" --work "$tmp/reserved.csv" --scenario "$tmp/simple.json" --out "$tmp/res" 2>"$tmp/err" >/dev/null
[ "$s" = 1 ] && grep -q "reserved.csv', row (FID) 1.*region code 'national' is reserved" "$tmp/err" \
    || fail "reserved code: exit $s: $(cat "$tmp/err")"
[ ! -e "$tmp/res" ] || fail "reserved code: output written"
ok "bad input exits 1 with a message, no partial output"

# The default scenarios draw their fitted figures from the embedded
# posterior: the months of the record are the replay, the rest the
# projection, in the table, the series and the summary.
"$tool" --runs 20 --scenario "$data/scenarios/baseline.json" --out "$tmp/fit" >"$tmp/fit.txt" \
    || fail "baseline from the posterior"
sed -n 2p "$tmp/fit.txt" | grep -q '^replay of the record 2023-01 to 2024-12 (the fitted figures), projection from 2025-01$' \
    || fail "replay line: $(sed -n 2p "$tmp/fit.txt")"
python3 - "$tmp/fit" "$data" <<'PY' || fail "replay in the series and summary"
import csv, json, sys
d, data = sys.argv[1], sys.argv[2]
nat = [r for r in csv.DictReader(open(d + "/baseline-series.csv"))
       if r["region"] == "national"]
phases = [r["phase"] for r in nat]
assert phases[0] == "start" and set(phases[1:25]) == {"replay"}, phases[:26]
assert set(phases[25:]) == {"projection"}
assert nat[24]["date"] == "2025-01"      # the state after the 24 months replayed
doc = json.load(open(d + "/summary.json"))
assert doc["posterior"].endswith("posterior-baseline.json"), doc["posterior"]
assert doc["record"].endswith("record-ukraine.csv"), doc["record"]
s = doc["scenarios"][0]
assert s["replay_months"] == 24 and s["replay_last"] == "2024-12", s
# What remains at the end of 2024: the record's 125,000 km² of land, ±5 %.
left = float(nat[24]["remaining_p50_km2"])
assert 118750 <= left <= 131250, left
PY
"$tool" --runs 20 --scenario "$data/scenarios/baseline.json" --posterior none \
    --record none --out "$tmp/prior" >"$tmp/prior.txt" || fail "--posterior none"
sed -n 2p "$tmp/prior.txt" | grep -q "^projection from 2023-01 (the scenario's ranges)$" \
    || fail "--posterior none: $(sed -n 2p "$tmp/prior.txt")"
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['posterior'] is None and d['record'] is None" \
    "$tmp/prior/summary.json" || fail "--posterior none, --record none in the summary"
status "$tool" --work "$tmp/work.csv" --scenario "$tmp/simple.json" \
    --posterior "$data/posterior-baseline.json" --out "$tmp/nofit" 2>"$tmp/err" >/dev/null
[ "$s" = 1 ] || fail "a posterior that fits nothing: exit $s"
grep -q "scenario 'simple' keeps none of the figures fitted in" "$tmp/err" \
    || fail "a posterior that fits nothing: $(cat "$tmp/err")"
[ ! -e "$tmp/nofit" ] || fail "output written for a posterior that fits nothing"
status "$tool" --work "$tmp/work.csv" --posterior "$tmp/none.json" 2>"$tmp/err" >/dev/null
[ "$s" = 1 ] && grep -q "none.json" "$tmp/err" || fail "a missing posterior"
status "$tool" --work "$tmp/work.csv" --record "$tmp/none.csv" 2>"$tmp/err" >/dev/null
[ "$s" = 1 ] && grep -q "none.csv" "$tmp/err" || fail "a missing record"
ok "replay and projection from the embedded posterior; --posterior, --record"

strict_json
ok "every JSON written is JSON proper (no NaN, no Infinity)"

"$tool" --help >"$tmp/help"
for flag in --scenario --work --work-layer --runs --seed --threads --out \
            --posterior --record --help --version; do
    grep -q -- "$flag" "$tmp/help" || fail "--help does not list $flag"
done
ok "--help"
[ -d "$data/scenarios" ] || fail "no $data/scenarios"
echo "1..$n"
