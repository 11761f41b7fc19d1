# Sourced by the shell tests: a temporary folder removed at exit, and TAP
# output. fail MESSAGE stops the test; ok MESSAGE counts a passed check;
# status CMD... runs CMD and puts its exit status in $s without stopping.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "FAIL: $*" >&2; exit 1; }
n=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
status() { set +e; "$@"; s=$?; set -e; return 0; }
