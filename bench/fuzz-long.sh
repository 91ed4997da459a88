#!/usr/bin/env bash
# The long fuzz run of docs/security.md: every libFuzzer target for SECONDS (default 600 = the
# issue 11 bar of 10 minutes each) under ASan + UBSan, one after another, then a summary.
#   bench/fuzz-long.sh [SECONDS] [TARGET...]
# Crashes, leaks, UB and hangs fail the run; reproducers land in build-fuzz/artifacts/ and
# belong in tests/fuzz/regressions/<target>/ once fixed (with a test for the fix).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-600}
shift || true
start=$(date +%s)
"$root/tests/fuzz/run.sh" "$seconds" "$@"
echo "fuzz-long: all targets passed, $(( $(date +%s) - start )) s in all"
