#!/bin/sh
# demine-plan on the command line: the fewest units, the multiplier,
# impossible, JSON, exit statuses. Usage: plan-tool.sh TOOL
set -eu
tool=$1
. "$(dirname "$0")/lib.sh"

cat >"$tmp/work.csv" <<'CSV'
code,name,class,zone,state,area_km2
A,Alpha,high,controlled,suspected,1.0
CSV
# 10 deminers × 1,000 m² a month each.
cat >"$tmp/s.json" <<'JSON'
{"name": "s", "start": "2025-01", "horizon_months": 36,
 "assets": [{"name": "deminers", "kind": "manual", "count": 10,
   "productivity_m2_per_day": 100, "working_days_per_month": 10,
   "cost_usd_per_unit_day": 90}],
 "land_release": {"high": {"nts_cancel_share": 0, "ts_reduce_share": 0},
   "medium": {"nts_cancel_share": 0, "ts_reduce_share": 0},
   "low": {"nts_cancel_share": 0, "ts_reduce_share": 0}},
 "unconstrained_survey": {"nts": {"cost_usd_per_ha": 0},
   "ts": {"cost_usd_per_ha": 0}}}
JSON

# 0.8 km² by 2027-01 (24 months): 34 units, 24 more; 33 take 24.2 months.
"$tool" --work "$tmp/work.csv" --scenario "$tmp/s.json" --asset deminers \
    --deadline 2027-01 --runs 5 >"$tmp/out" || fail "run"
grep -q '^answer:   24 more units of .deminers. from 2025-01 (it has 10 then' "$tmp/out" || fail "units: $(cat "$tmp/out")"
grep -q '^with it:  80 % released in 23.53 months$' "$tmp/out" || fail "months"
grep -q '^one less: 24.24 months$' "$tmp/out" || fail "one less"
ok "fewest extra units, one less misses"

"$tool" --work "$tmp/work.csv" --scenario "$tmp/s.json" --deadline 2027-01 \
    --runs 5 --format json >"$tmp/json" || fail "multiplier"
python3 - "$tmp/json" <<'PY' || fail "multiplier JSON: $(cat "$tmp/json")"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["feasible"] is True and abs(d["multiplier"] - 3.34) < 1e-9, d
assert d["months"] <= 24 < d["months_one_step_less"], d
PY
# The multiplier in units and money: 3.34 × 10 deminers is 23.4 more,
# each US$90 × 10 days a month, all of it used until the land is done.
"$tool" --work "$tmp/work.csv" --scenario "$tmp/s.json" --deadline 2027-01 \
    --runs 5 >"$tmp/mult" || fail "multiplier table"
grep -q '^that is:  +23 deminers (on the counts of 2025-01),$' "$tmp/mult" || fail "units: $(cat "$tmp/mult")"
grep -q "against the scenario as it is, to the end of the deadline's year (P50)$" "$tmp/mult" || fail "money: $(cat "$tmp/mult")"
ok "smallest multiplier, JSON, in units and money"

# Half the land never opens: the default target is the land open by the
# deadline (2033-12), so the answer is a number; the whole nation as the
# target (--zones all) is impossible, exit 1, the reason on both.
printf 'B,Beta,low,occupied,suspected,1.0\n' >>"$tmp/work.csv"
"$tool" --work "$tmp/work.csv" --scenario "$tmp/s.json" --asset deminers \
    --runs 3 >"$tmp/out" || fail "open land: $(cat "$tmp/out")"
grep -q '^scenario s: release 80 % of the land of the zones open by the deadline (accessible),$' \
    "$tmp/out" || fail "target: $(cat "$tmp/out")"
grep -q '^1 km², by 2033-12 (107 months) at P50 of 3 runs$' "$tmp/out" || fail "deadline: $(cat "$tmp/out")"
grep -q '^answer:   0 more units' "$tmp/out" || fail "open land answer: $(cat "$tmp/out")"
status "$tool" --work "$tmp/work.csv" --scenario "$tmp/s.json" --asset deminers \
    --zones all >"$tmp/out" 2>"$tmp/err"
[ "$s" = 1 ] || fail "impossible: exit $s"
grep -q '^impossible: 50.0 % of the target land (1.0 km²)' "$tmp/out" || fail "impossible stdout: $(cat "$tmp/out")"
grep -q 'occupied territory opens: never' "$tmp/err" || fail "impossible stderr"
status "$tool" --work "$tmp/work.csv" --zones accessible,moon 2>"$tmp/err" >/dev/null
[ "$s" = 2 ] && grep -q "zones accessible, front_line, occupied" "$tmp/err" || fail "--zones moon"
ok "the land open by the deadline by default; impossible exits 1 with the reason"

# --rank: what US$1 m a year buys of each asset; the multiplier in units
# and money. The deminers cost US$90 × 10 days × 12 = 10,800 a unit-year:
# 92.6 units per US$1 m a year clear 0.926 km² a year of the open land, so
# its last 0.2 km² is done in 2025 and nothing more is released by 2033.
"$tool" --work "$tmp/work.csv" --scenario "$tmp/s.json" --rank --runs 3 \
    >"$tmp/rank" || fail "rank: $(cat "$tmp/rank")"
grep -Eq '^deminers +92\.6 +10800 +900000 +0\.0 ' "$tmp/rank" || fail "rank row: $(cat "$tmp/rank")"
"$tool" --work "$tmp/work.csv" --scenario "$tmp/s.json" --rank --runs 3 --format json \
    >"$tmp/rank.json" || fail "rank json"
python3 - "$tmp/rank.json" <<'PY' || fail "rank JSON: $(cat "$tmp/rank.json")"
import json, sys
d = json.load(open(sys.argv[1]))
r = d["ranking"][0]
assert d["deadline"] == "2033-12" and r["asset"] == "deminers", d
assert abs(r["usd_per_unit_year"] - 10800) < 1e-6 and abs(r["usd_per_km2"] - 9e5) < 1e-6, r
PY
status "$tool" --work "$tmp/work.csv" --scenario "$tmp/s.json" --rank --asset deminers 2>"$tmp/err"
[ "$s" = 2 ] || fail "--rank --asset: exit $s"
ok "--rank, its JSON"

for args in "--work $tmp/work.csv --release-share 1.5" "--work $tmp/work.csv --quantile 2" \
            "--work $tmp/work.csv --deadline 2030" "--work $tmp/work.csv --format csv" \
            "--work $tmp/work.csv --scenario a --scenario b" \
            "--work $tmp/work.csv --runs 1000001"; do
    # shellcheck disable=SC2086
    status "$tool" $args 2>"$tmp/err" >/dev/null
    [ "$s" = 2 ] || fail "'$args': exit $s, expected 2"
done
status "$tool" --work "$tmp/work.csv" --scenario "$tmp/s.json" --asset robots 2>"$tmp/err"
[ "$s" = 1 ] || fail "unknown asset: exit $s"
grep -q "no asset 'robots' (assets: deminers)" "$tmp/err" || fail "unknown asset message"
status "$tool" --work "$tmp/work.csv" --scenario "$tmp/s.json" --deadline 2024-01 2>"$tmp/err"
[ "$s" = 2 ] || fail "deadline before the start: exit $s"
ok "bad usage exits 2, bad input 1"

# A scenario the embedded posterior does not fit runs from its ranges, and
# says so; one it fits draws from it; --posterior FILE must fit.
head -n 2 "$tmp/work.csv" >"$tmp/one.csv"
"$tool" --work "$tmp/one.csv" --scenario "$tmp/s.json" --deadline 2027-01 --runs 5 \
    | grep -q "; the scenario's ranges)$" || fail "not fitted: not said"
"$tool" --work "$tmp/one.csv" --deadline 2033-01 --runs 5 --format json >"$tmp/fit.json" || true
python3 -c "import json,sys; assert json.load(open(sys.argv[1]))['fitted_figures'] is True" \
    "$tmp/fit.json" || fail "baseline: not from the posterior: $(cat "$tmp/fit.json")"
"$tool" --work "$tmp/one.csv" --deadline 2033-01 --runs 5 --posterior none --format json >"$tmp/prior.json" || true
python3 -c "import json,sys; assert json.load(open(sys.argv[1]))['fitted_figures'] is False" \
    "$tmp/prior.json" || fail "--posterior none"
status "$tool" --work "$tmp/one.csv" --scenario "$tmp/s.json" \
    --posterior "$(dirname "$0")/../../data/posterior-baseline.json" 2>"$tmp/err" >/dev/null
[ "$s" = 1 ] && grep -q "keeps none of the figures fitted" "$tmp/err" || fail "--posterior that fits nothing"
ok "fitted figures from the embedded posterior, where it fits"

strict_json
ok "every JSON written is JSON proper (no NaN, no Infinity)"

"$tool" --help | grep -q -- "--release-share" || fail "--help"
ok "--help"
echo "1..$n"
