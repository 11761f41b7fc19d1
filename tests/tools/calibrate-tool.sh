#!/bin/sh
# demine-calibrate on the command line: a record simulated from known
# figures is fitted back (table, posterior, fit.csv, parameters.csv,
# fit.json, the replay chart), determinism, exit statuses, no partial
# output. Usage: calibrate-tool.sh TOOL
set -eu
tool=$1
. "$(dirname "$0")/lib.sh"

# A record simulated from known figures (nts-only/scenario.json says
# which): one region, one NTS team, three observations and one of context.
fixture="$(dirname "$0")/nts-only"
cp "$fixture/work.csv" "$tmp/work.csv"
cp "$fixture/scenario.json" "$tmp/s.json"
cp "$fixture/record.csv" "$tmp/record.csv"

"$tool" --work "$tmp/work.csv" --scenario "$tmp/s.json" --record "$tmp/record.csv" \
    --particles 200 --threads 2 --out "$tmp/out" >"$tmp/table" 2>"$tmp/err" \
    || fail "run: $(cat "$tmp/err")"
[ ! -s "$tmp/err" ] || fail "stderr not empty (no terminal): $(cat "$tmp/err")"
grep -q "^nts-only fitted to $tmp/record.csv: replay 2025-01 to 2025-12$" "$tmp/table" \
    || fail "title: $(head -n 1 "$tmp/table")"
grep -q '^200 particles, [0-9]* generations, [0-9]* simulations in' "$tmp/table" || fail "counts"
grep -q '^tolerance reached: 1 of each' "$tmp/table" || fail "tolerance: $(cat "$tmp/table")"
[ "$(grep -c ' yes$' "$tmp/table")" = 3 ] || fail "three observations in range: $(cat "$tmp/table")"
grep -q '^land_release.low.nts_cancel_share ' "$tmp/table" || fail "parameter rows"
ok "table: the fit, each observation, each figure"

for f in posterior.json fit.csv parameters.csv fit.json replay.png replay.svg; do
    [ -s "$tmp/out/$f" ] || fail "no $f"
done
[ "$(ls -A "$tmp/out" | grep -v '^\.demine\.\(lock\|files\)$' | grep -c '^\.')" = 0 ] || fail "temporary files left"
python3 - "$tmp/out" <<'PY' || fail "files"
import csv, json, struct, sys
d = sys.argv[1]
fit = list(csv.DictReader(open(d + "/fit.csv")))
assert [r["quantity"] for r in fit] == ["remaining_km2", "released_km2", "flagged_km2"], fit
for r in fit:
    assert r["p50_within_range"] == "yes", r
    assert float(r["low"]) <= float(r["simulated_p50"]) <= float(r["high"]), r
    assert float(r["simulated_p10"]) <= float(r["simulated_p50"]) <= float(r["simulated_p90"])
assert fit[2]["region"] == "A" and fit[1]["from"] == "2025-01"
par = {r["name"]: r for r in csv.DictReader(open(d + "/parameters.csv"))}
assert set(par) == {"assets[nts].productivity_m2_per_day",
                    "land_release.low.nts_cancel_share"}, set(par)
p = par["assets[nts].productivity_m2_per_day"]
assert 1.9e6 < float(p["posterior_p50"]) < 2.1e6, p
assert float(p["posterior_p05"]) <= 2e6 <= float(p["posterior_p95"]), p
assert float(p["width_ratio"]) < 0.5, p
c = par["land_release.low.nts_cancel_share"]
assert float(c["posterior_p05"]) <= 0.9 <= float(c["posterior_p95"]), c
assert abs(float(c["prior_p50"]) - 0.9) < 1e-9, c
doc = json.load(open(d + "/fit.json"))
assert doc["scenario"] == "nts-only" and doc["particles"] == 200
assert doc["tolerance"] <= 1 and 0 < doc["acceptance"] <= 1
assert 1 < doc["effective_sample_size"] <= 200
assert len(doc["observations"]) == 3 and len(doc["parameters"]) == 2
post = json.load(open(d + "/posterior.json"))
assert post["format"] == "demine posterior 1" and len(post["particles"]) == 200
png = open(d + "/replay.png", "rb").read()
assert png[:8] == b"\x89PNG\r\n\x1a\n"
PY
ok "posterior.json, fit.csv, parameters.csv, fit.json, replay.png/.svg"

# The same seed, the same posterior with 1 thread; CSV and JSON on stdout.
"$tool" --work "$tmp/work.csv" --scenario "$tmp/s.json" --record "$tmp/record.csv" \
    --particles 200 --threads 1 --format csv --out "$tmp/one" >"$tmp/csv"
cmp -s "$tmp/out/posterior.json" "$tmp/one/posterior.json" || fail "1 thread: another posterior"
cmp -s "$tmp/csv" "$tmp/one/fit.csv" || fail "--format csv is not fit.csv"
"$tool" --work "$tmp/work.csv" --scenario "$tmp/s.json" --record "$tmp/record.csv" \
    --particles 200 --format json --out "$tmp/js" >"$tmp/json"
python3 -c "import json,sys; assert json.load(open(sys.argv[1]))['scenario'] == 'nts-only'" "$tmp/json" \
    || fail "--format json"
ok "same seed, same posterior with 1 and 2 threads; --format csv, json"

# A record no draw can reach: exit 1 naming the row; nothing written.
cat >"$tmp/far.csv" <<'CSV'
date,region,quantity,value,low,high,from,source,note
2025-12,national,remaining_km2,352,,,,simulated,
2025-03,national,remaining_km2,10,,,,wrong,
CSV
status "$tool" --work "$tmp/work.csv" --scenario "$tmp/s.json" --record "$tmp/far.csv" \
    --particles 100 --out "$tmp/far" 2>"$tmp/err" >/dev/null
[ "$s" = 1 ] || fail "unreachable: exit $s"
grep -q "far.csv', layer 'far', row (FID) 2: no draw came within the range" "$tmp/err" \
    || fail "unreachable message: $(cat "$tmp/err")"
[ ! -e "$tmp/far" ] || fail "output written for an unreachable record"
printf 'date,region,quantity,value\n2025-12,national,acres,1\n' >"$tmp/bad.csv"
status "$tool" --work "$tmp/work.csv" --scenario "$tmp/s.json" --record "$tmp/bad.csv" 2>"$tmp/err" >/dev/null
[ "$s" = 1 ] && grep -q "bad.csv.*row (FID) 1: field 'quantity': unknown quantity 'acres'" "$tmp/err" \
    || fail "bad record: $(cat "$tmp/err")"
printf 'date,region,quantity,value\n2029-12,national,remaining_km2,1\n' >"$tmp/late.csv"
status "$tool" --work "$tmp/work.csv" --scenario "$tmp/s.json" --record "$tmp/late.csv" 2>"$tmp/err" >/dev/null
[ "$s" = 1 ] && grep -q "outside the scenario's horizon (2025-01 to 2026-12)" "$tmp/err" \
    || fail "late record: $(cat "$tmp/err")"
ok "bad records exit 1 naming file, row and field; nothing written"

for args in "--particles 1" "--particles x" "--record none" "--scenario a --scenario b" "--bogus"; do
    # shellcheck disable=SC2086
    status "$tool" --work "$tmp/work.csv" $args 2>"$tmp/err" >/dev/null
    [ "$s" = 2 ] || fail "'$args': exit $s, expected 2"
    grep -q "Try 'demine-calibrate --help'" "$tmp/err" || fail "'$args': no hint"
done
ok "bad usage exits 2"

strict_json
ok "every JSON written is JSON proper (no NaN, no Infinity)"

"$tool" --help >"$tmp/help"
for flag in --scenario --work --record --particles --seed --threads --runs --format --out; do
    grep -q -- "$flag" "$tmp/help" || fail "--help does not list $flag"
done
ok "--help"
echo "1..$n"
