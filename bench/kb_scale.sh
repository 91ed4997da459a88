#!/usr/bin/env bash
# Builds and runs bench/kb_scale.cpp against the libraries of a release build (build-kb-bench/).
# Usage: bench/kb_scale.sh [paragraphs (100000)] [queries (1000)]
set -euo pipefail
cd "$(dirname "$0")/.."
out=build-kb-bench
cmake -S . -B "$out" -G Ninja -DCMAKE_BUILD_TYPE=Release -DOIIS_BUILD_TESTS=OFF > /dev/null
cmake --build "$out" -j2 --target oiis_kb > /dev/null
g++ -O2 -std=c++20 -Isrc bench/kb_scale.cpp "$out"/liboiis_kb.a "$out"/liboiis_data.a "$out"/liboiis_store.a \
  "$out"/liboiis_domain.a "$out"/liboiis_common.a $(pkg-config --libs poppler-cpp icu-uc icu-i18n libpqxx) \
  -lsqlite3 -lcrypto -pthread -o "$out"/kb_scale
"$out"/kb_scale "$@"
