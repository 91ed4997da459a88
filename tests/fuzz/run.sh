#!/usr/bin/env bash
# Builds the libFuzzer targets with clang + ASan + UBSan in build-fuzz/ and runs each one.
#
#   tests/fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]     (default: 10 s, every target)
#
# Each target first replays tests/fuzz/regressions/<target>/ (every crash found so far, kept as
# a regression input), then fuzzes for SECONDS starting from the seed corpus in
# tests/fuzz/corpus/<target>/. New inputs go to a scratch folder, never into the repository;
# a crash, leak, UB report or hang (> 10 s on one input) fails the run and leaves the
# reproducer in $OIIS_FUZZ_OUT (default build-fuzz/artifacts/). Exit status: 0 when all passed.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${1:-10}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(json timestamp csv import query m4 http http_wire)
build=${OIIS_FUZZ_BUILD:-$root/build-fuzz}
out=${OIIS_FUZZ_OUT:-$build/artifacts}
# A folder already configured with OIIS_FUZZ=ON (scripts/test's clang sanitizer build) is used
# as it is; any other is set up here as a fuzz-only RelWithDebInfo build.
if ! grep -q '^OIIS_FUZZ:BOOL=ON' "$build/CMakeCache.txt" 2>/dev/null; then
  cxx=$(command -v clang++-14 || command -v clang++ || true)
  if [ -z "$cxx" ]; then
    echo "fuzz: clang++ not found (scripts/install-deps installs clang-14 and libclang-rt-14-dev)" >&2
    exit 1
  fi
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER="$cxx" -DOIIS_FUZZ=ON -DOIIS_SANITIZE=ON -DOIIS_BUILD_TESTS=OFF >/dev/null
fi
cmake --build "$build" --target $(printf 'fuzz_%s ' "${targets[@]}") -j"${JOBS:-2}"
mkdir -p "$out"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/tests/lsan.supp}
failed=0
for t in "${targets[@]}"; do
  bin="$build/tests/fuzz/fuzz_$t"
  regressions="$root/tests/fuzz/regressions/$t"
  if [ -d "$regressions" ] && [ -n "$(ls -A "$regressions")" ]; then
    if ! "$bin" -timeout=10 "$regressions"/* >"$out/$t.regressions.log" 2>&1; then
      echo "fuzz_$t: a regression input fails again (log: $out/$t.regressions.log)"
      failed=1
      continue
    fi
  fi
  scratch=$(mktemp -d)
  if "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
      -artifact_prefix="$out/$t-" -print_final_stats=1 "$scratch" "$root/tests/fuzz/corpus/$t" \
      >"$out/$t.log" 2>&1; then
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$out/$t.log" | grep -o '[0-9]*$' || echo '?')
    echo "fuzz_$t: ok, ${seconds} s, $runs inputs"
  else
    echo "fuzz_$t: FAILED (log: $out/$t.log; reproducer: $out/$t-*)"
    tail -n 30 "$out/$t.log"
    failed=1
  fi
  rm -rf "$scratch"
done
exit $failed
