#!/usr/bin/env python3
"""Writes src/agents/training_questions.jsonl: the router's training data, compiled into oiis.

The `train` split of questions.jsonl without follow-ups (a follow-up's intent comes from the
conversation, not from its words), then router_training_extra.jsonl (more phrasings per intent,
labelled by hand, no facts). The held-out splits never reach the binary; the agents tests check
that this file is exactly what this script writes.
"""
import json
import pathlib

here = pathlib.Path(__file__).resolve().parent
out = here.parent.parent / "src" / "agents" / "training_questions.jsonl"
lines = []
for line in (here / "questions.jsonl").read_text().splitlines():
    q = json.loads(line)
    if q["split"] == "train" and "follows" not in q:
        lines.append(json.dumps({"question": q["question"], "intent": q["intent"]}))
for line in (here / "router_training_extra.jsonl").read_text().splitlines():
    q = json.loads(line)
    lines.append(json.dumps({"question": q["question"], "intent": q["intent"]}))
out.write_text("\n".join(lines) + "\n")
print(f"{len(lines)} questions -> {out}")
