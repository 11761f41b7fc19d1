#!/bin/sh
# The embedded posterior is what demine-calibrate writes on the embedded
# defaults, byte for byte (scripts/calibrate makes it). Usage:
# shipped-posterior.sh TOOL DATA_DIR
set -eu
tool=$1
data=$2
. "$(dirname "$0")/lib.sh"
"$tool" --threads 2 --out "$tmp/fit" >"$tmp/table" || fail "demine-calibrate on the defaults"
cmp -s "$tmp/fit/posterior.json" "$data/posterior-baseline.json" \
    || fail "data/posterior-baseline.json is not what demine-calibrate writes now: run scripts/calibrate"
ok "the embedded posterior is the fit of the embedded defaults"
[ "$(grep -c ' yes$' "$tmp/table")" = 12 ] || fail "not every observation in range: $(cat "$tmp/table")"
ok "each of the 12 observations within its range at P50"
echo "1..$n"
