#!/bin/sh
# Each tool's default run under valgrind memcheck: no invalid access, no
# definite leak ("definitely lost: 0 bytes"). System libraries' own leaks
# are suppressed by tests/valgrind.supp, with the reason for each.
# Usage: valgrind-tools.sh SUPPRESSIONS TOOL_DIR
set -eu
supp=$1
dir=$2
. "$(dirname "$0")/lib.sh"

# check EXPECTED_EXIT TOOL ARGS...: the tool's exit status is the expected
# one (not valgrind's 99), and the log says 0 errors and 0 bytes lost.
check() {
    want=$1
    shift
    log="$tmp/$(basename "$1").log"
    set +e
    valgrind --leak-check=full --errors-for-leak-kinds=definite \
        --error-exitcode=99 --suppressions="$supp" --log-file="$log" \
        "$@" >"$tmp/stdout" 2>"$tmp/stderr"
    s=$?
    set -e
    [ "$s" = "$want" ] || { cat "$log"; fail "$*: exit $s, expected $want"; }
    grep -q "ERROR SUMMARY: 0 errors" "$log" || { cat "$log"; fail "$*: memcheck errors"; }
    if grep -q "definitely lost:" "$log"; then
        grep -q "definitely lost: 0 bytes in 0 blocks" "$log" \
            || { cat "$log"; fail "$*: a leak"; }
    fi
    ok "$(basename "$1") ${2:-} under valgrind: no error, no leak"
}

check 0 "$dir/demine-regions"
check 0 "$dir/demine-contamination" --out "$tmp/c.gpkg" --map "$tmp/m.png"
# The default scenarios, fewer runs (valgrind is 50 times slower): every
# table, file, comparison and chart.
check 0 "$dir/demine-project" --out "$tmp/out" --runs 100
# The baseline's plan of the whole nation is impossible (occupied land
# never opens): exit 1; the ranking of the assets where the land opens.
check 1 "$dir/demine-plan" --zones all
check 0 "$dir/demine-plan" --rank --runs 20 --scenario "$(dirname "$0")/../../data/scenarios/ceasefire.json"
# The calibration on a small case (its default run, 360,000 simulations,
# would take valgrind an hour): one region, one NTS team, three
# observations; and a record it cannot reach (exit 1).
fixture="$(dirname "$0")/nts-only"
cp "$fixture/work.csv" "$fixture/scenario.json" "$fixture/record.csv" "$tmp/"
check 0 "$dir/demine-calibrate" --work "$tmp/work.csv" --scenario "$tmp/scenario.json" \
    --record "$tmp/record.csv" --particles 50 --runs 20 --threads 2 --out "$tmp/fit"
printf 'date,region,quantity,value\n2025-03,national,remaining_km2,10\n' >"$tmp/far.csv"
check 1 "$dir/demine-calibrate" --work "$tmp/work.csv" --scenario "$tmp/scenario.json" \
    --record "$tmp/far.csv" --particles 50 --out "$tmp/far"
check 1 "$dir/demine-regions" --boundaries "$tmp/missing.geojson"
echo "1..$n"
