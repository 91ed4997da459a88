#!/usr/bin/env bash
# Builds bench/recommend_latency.cpp against the libraries of an existing build folder
# (default build/, as built for the tests; say which in results) and runs it on a data folder
# (opened read-only in practice: the service only reads).
#   bench/recommend_latency.sh DATA_DIR [questions (5000)]      BUILD=build-release to choose
set -euo pipefail
cd "$(dirname "$0")/.."
out=${BUILD:-build}
cmake --build "$out" -j2 --target oiis_services > /dev/null
libs=""
for m in services inventory forecast customers recommend anomaly kb data store domain common; do
  libs="$libs $out/liboiis_$m.a"
done
g++ -O2 -std=c++20 -Isrc -I/usr/include/eigen3 bench/recommend_latency.cpp $libs \
  $(pkg-config --libs poppler-cpp icu-uc icu-i18n libpqxx xgboost) -lsqlite3 -lcrypto -pthread \
  -o "$out"/recommend_latency
"$out"/recommend_latency "$@"
