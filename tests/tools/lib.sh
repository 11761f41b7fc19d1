# Sourced by the shell tests: a temporary folder removed at exit, and TAP
# output. fail MESSAGE stops the test; ok MESSAGE counts a passed check;
# status CMD... runs CMD and puts its exit status in $s without stopping.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "FAIL: $*" >&2; exit 1; }
n=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
status() { set +e; "$@"; s=$?; set -e; return 0; }
# strict_json: every .json file below $tmp parses as JSON proper: no NaN,
# Infinity or -Infinity (JSON has none; Python's reader would take them).
strict_json() {
    python3 - "$tmp" <<'PY' || fail "JSON that is not JSON"
import json, os, sys
def refuse(name):
    raise ValueError("%s in JSON" % name)
found = 0
for top, _, files in os.walk(sys.argv[1]):
    for f in files:
        if f.endswith(".json"):
            with open(os.path.join(top, f), encoding="utf-8") as fh:
                text = fh.read()
            if not text.strip():
                continue
            try:
                json.loads(text, parse_constant=refuse)
            except ValueError as e:
                sys.exit("%s: %s" % (os.path.join(top, f), e))
            found += 1
assert found > 0, "no JSON file"
PY
}
