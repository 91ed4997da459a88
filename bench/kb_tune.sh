#!/usr/bin/env bash
# Chooses the knowledge base's hybrid fusion, BM25 weight and chunk size on the VALIDATION
# questions only (examples/knowledge-base/eval/questions.jsonl, split "validation"); the held-out
# "test" split is scored once afterwards with the frozen defaults (docs/knowledge-base.md).
# Usage: bench/kb_tune.sh [build/oiis]
set -euo pipefail
oiis=${1:-build/oiis}
printf "%-6s %-9s %-6s %-7s %-7s %-7s\n" chunk fusion weight recall5 MRR nDCG10
for chunk in 400 550 700 900; do
  for setting in "rrf -" "weighted 0.3" "weighted 0.4" "weighted 0.5" "weighted 0.6" "weighted 0.7" "weighted 0.8"; do
    set -- $setting
    args=(--split validation --chunk-size "$chunk" --fusion "$1" --json)
    [ "$2" != "-" ] && args+=(--weight "$2")
    "$oiis" kb eval "${args[@]}" | python3 -c '
import json, sys
r = json.load(sys.stdin); m = {x["method"]: x for x in r["methods"]}
h = m["hybrid"]
print(f"%-6s %-9s %-6s %.3f   %.3f   %.3f   (bm25 MRR %.3f, dense MRR %.3f)" % (sys.argv[1], sys.argv[2], sys.argv[3],
      h["recall_at_5"], h["mrr"], h["ndcg_at_10"], m["bm25"]["mrr"], m["dense"]["mrr"]))' "$chunk" "$1" "$2"
  done
done
