#!/usr/bin/env bash
# Builds and runs bench/reorder_plan.cpp against the build-inv libraries.
# Usage: bench/reorder_plan.sh [products] [forecast method]
set -euo pipefail
cd "$(dirname "$0")/.."
ninja -C build-inv oiis_inventory >/dev/null
g++ -O2 -std=c++20 -Isrc bench/reorder_plan.cpp build-inv/liboiis_inventory.a \
  build-inv/liboiis_forecast.a build-inv/liboiis_common.a -lcrypto -pthread -o build-inv/reorder_plan_bench
taskset -c 0,1 build-inv/reorder_plan_bench "$@"
