#!/usr/bin/env bash
# Builds and runs bench/agents_graph.cpp (agents state-graph orchestration overhead) against
# the libraries of a release build of its own (build-agents-bench/). Only oiis_agents and
# oiis_common are compiled: OPTIMIZE_DEPENDENCIES lets a static library build without the
# modules it lists, which the engine does not use.
# Usage: bench/agents_graph.sh [threads (200)] [steps per thread (100)]      JOBS=1 by default
set -euo pipefail
cd "$(dirname "$0")/.."
out=build-agents-bench
cmake -S . -B "$out" -G Ninja -DCMAKE_BUILD_TYPE=Release -DOIIS_BUILD_TESTS=OFF \
  -DCMAKE_OPTIMIZE_DEPENDENCIES=ON > /dev/null
cmake --build "$out" -j"${JOBS:-1}" --target oiis_agents oiis_common > /dev/null
g++ -O2 -DNDEBUG -std=c++20 -Isrc bench/agents_graph.cpp "$out"/liboiis_agents.a \
  "$out"/liboiis_common.a -pthread -o "$out"/agents_graph
"$out"/agents_graph "$@"
