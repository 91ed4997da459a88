#!/usr/bin/env bash
# The assistant's intent router beside fastText (Debian `fasttext`, scripts/install-bench-deps)
# on the same training questions (src/agents/training_questions.jsonl, compiled into oiis) and
# the same test questions (the held-out and fresh sets' questions that are not follow-ups).
# fastText's settings are its usual ones for short-text classification (word bigrams, character
# 3-5-grams, 50 epochs), not tuned on the test questions. Prints both accuracies and times.
# Usage: bench/agents_router.sh [OIIS_BIN]
set -euo pipefail
cd "$(dirname "$0")/.."
oiis=${1:-build/oiis}
command -v fasttext >/dev/null || { echo "fasttext not found: run scripts/install-bench-deps" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work" <<'PY'
import json, sys, re
work = sys.argv[1]
def clean(q):  # fastText's own tokenisation is whitespace: lowercase and split punctuation off
    return " ".join(re.findall(r"[a-z0-9]+|[^\sa-z0-9]", q.lower()))
with open(f"{work}/train.txt", "w") as out:
    for line in open("src/agents/training_questions.jsonl"):
        q = json.loads(line)
        out.write(f"__label__{q['intent']} {clean(q['question'])}\n")
for name, path, split in [("holdout", "examples/agents/questions.jsonl", "holdout"),
                          ("fresh", "examples/agents/questions_fresh.jsonl", "fresh")]:
    with open(f"{work}/{name}.txt", "w") as out, open(f"{work}/{name}.labels", "w") as labels:
        for line in open(path):
            q = json.loads(line)
            if q["split"] != split or "follows" in q:
                continue
            out.write(clean(q["question"]) + "\n")
            labels.write(q["intent"] + "\n")
PY
start=$(date +%s.%N)
fasttext supervised -input "$work/train.txt" -output "$work/model" -epoch 50 -lr 0.5 -wordNgrams 2 \
  -minn 3 -maxn 5 -dim 50 -verbose 0
ft_train=$(echo "$(date +%s.%N) - $start" | bc)
for name in holdout fresh; do
  fasttext predict "$work/model.bin" "$work/$name.txt" > "$work/$name.pred"
  ft=$(python3 - "$work/$name.labels" "$work/$name.pred" <<'PY'
import sys
want = [l.strip() for l in open(sys.argv[1])]
got = [l.strip().replace("__label__", "") for l in open(sys.argv[2])]
n = len(want)
intent = sum(a == b for a, b in zip(want, got)) / n
agent = sum(a.split(".")[0] == b.split(".")[0] for a, b in zip(want, got)) / n
print(f"{n} {intent:.3f} {agent:.3f}")
PY
)
  file=examples/agents/questions.jsonl; [ "$name" = fresh ] && file=examples/agents/questions_fresh.jsonl
  ours=$("$oiis" agents classify --questions "$file" --split "$name")
  read -r n ft_intent ft_agent <<<"$ft"
  echo "$name ($n questions): fastText intent $ft_intent agent $ft_agent (train ${ft_train}s) | oiis router $ours"
done
