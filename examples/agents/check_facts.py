#!/usr/bin/env python3
"""Checks examples/agents/questions.jsonl: the file's schema, and every fact's SQL against a db.

    python3 examples/agents/check_facts.py --db /tmp/agq-world/oiis.db [--questions FILE] [--write facts.json]
        [--summary]

Each fact's SQL must return exactly one row with one non-NULL column (a value of its format).
With --write, writes {"q001": {"fact name": value, ...}, ...}. Exits 1 if anything is wrong.
python3 stdlib only.
"""
import argparse
import json
import re
import sqlite3
import sys

AGENTS = {
    "inventory": {"reorder", "stock", "forecast", "pricing", "report", "supplier"},
    "customer": {"churn", "best", "segments", "profile", "recommend"},
    "bi": {"revenue", "compare", "trend", "top_products", "categories", "aov", "returns"},
    "operations": {"suppliers", "fulfilment", "purchase_orders", "anomalies"},
}
FORMATS = {"integer", "money", "percent", "number", "text", "date"}
SPLITS = {"train", "holdout", "fresh", "blind2", "blind3", "blind4", "blind5"}
FIELDS = {"id", "question", "agent", "intent", "split", "facts", "thread", "follows"}
REQUIRED = ["id", "question", "agent", "intent", "split", "facts"]


def check_schema(rows):
    """rows: list of (line number, parsed object or None, error). Returns a list of problems."""
    problems, seen, thread_of, splits_of = [], {}, {}, {}
    for ln, r, err in rows:
        where = "line %d" % ln
        if err:
            problems.append("%s: not JSON: %s" % (where, err))
            continue
        if not isinstance(r, dict):
            problems.append("%s: not an object" % where)
            continue
        where = "line %d (%s)" % (ln, r.get("id", "?"))
        for k in REQUIRED:
            if k not in r:
                problems.append("%s: missing field %r" % (where, k))
        for k in r:
            if k not in FIELDS:
                problems.append("%s: unknown field %r" % (where, k))
        qid = r.get("id")
        if not isinstance(qid, str) or not re.fullmatch(r"[qfbcde]\d{3,}", qid):
            problems.append("%s: id must look like q001 (f001 in the fresh set, b001 in blind2, c001 in blind3, d001 in blind4, e001 in blind5)" % where)
        elif qid in seen:
            problems.append("%s: duplicate id (first on line %d)" % (where, seen[qid]))
        if not isinstance(r.get("question"), str) or not r.get("question", "").strip():
            problems.append("%s: empty question" % where)
        agent, intent = r.get("agent"), r.get("intent")
        if agent == "none":  # out of scope (blind2): belongs to no intent, states no facts
            if intent != "none.documents":
                problems.append("%s: agent none must have intent none.documents, got %r" % (where, intent))
        elif agent not in AGENTS:
            problems.append("%s: unknown agent %r" % (where, agent))
        elif not isinstance(intent, str) or "." not in intent:
            problems.append("%s: intent must be agent.name, got %r" % (where, intent))
        else:
            a, name = intent.split(".", 1)
            if a != agent:
                problems.append("%s: intent %r is not of agent %r" % (where, intent, agent))
            elif name not in AGENTS[a]:
                problems.append("%s: unknown intent %r" % (where, intent))
        if r.get("split") not in SPLITS:
            problems.append("%s: split must be train, holdout, fresh, blind2, blind3, blind4 or blind5, got %r" % (where, r.get("split")))
        facts = r.get("facts")
        if agent == "none":
            if facts != []:
                problems.append("%s: agent none must have no facts (facts: [])" % where)
        elif not isinstance(facts, list) or not facts:
            problems.append("%s: facts must be a non-empty list" % where)
        else:
            names = set()
            for i, f in enumerate(facts):
                if not isinstance(f, dict) or set(f) != {"name", "sql", "format"}:
                    problems.append("%s: fact %d must have exactly name, sql, format" % (where, i))
                    continue
                if not isinstance(f["name"], str) or not f["name"]:
                    problems.append("%s: fact %d has no name" % (where, i))
                elif f["name"] in names:
                    problems.append("%s: duplicate fact name %r" % (where, f["name"]))
                names.add(f["name"])
                if f["format"] not in FORMATS:
                    problems.append("%s: fact %r has unknown format %r" % (where, f["name"], f["format"]))
                if not isinstance(f["sql"], str) or not f["sql"].strip():
                    problems.append("%s: fact %r has no sql" % (where, f["name"]))
        thread, follows = r.get("thread"), r.get("follows")
        if follows is not None and thread is None:
            problems.append("%s: follows without thread" % where)
        if thread is not None and not isinstance(thread, str):
            problems.append("%s: thread must be a string" % where)
        if follows is not None:
            if follows not in seen:
                problems.append("%s: follows %r, which is not an earlier id" % (where, follows))
            elif thread_of.get(follows) != thread:
                problems.append("%s: follows %r, which is not in thread %r" % (where, follows, thread))
            elif splits_of.get(follows) != r.get("split"):
                problems.append("%s: follows %r, which is in another split" % (where, follows))
        if isinstance(qid, str) and qid not in seen:
            seen[qid] = ln
            thread_of[qid] = thread
            splits_of[qid] = r.get("split")
    return problems


def check_value(v, fmt):
    if fmt == "integer":
        return isinstance(v, int)
    if fmt in ("money", "percent", "number"):
        return isinstance(v, (int, float))
    if fmt == "text":
        return isinstance(v, str) and v.strip() != ""
    if fmt == "date":
        return isinstance(v, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", v) is not None
    return False


def main():
    ap = argparse.ArgumentParser(description="check the agents' evaluation set")
    ap.add_argument("--db", required=True, help="SQLite store of the world (oiis.db)")
    ap.add_argument("--questions", default="examples/agents/questions.jsonl")
    ap.add_argument("--write", metavar="FILE", help="write {id: {fact: value}} as JSON")
    ap.add_argument("--summary", action="store_true", help="also print counts per agent, intent and split")
    a = ap.parse_args()

    rows = []
    with open(a.questions) as f:
        for ln, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rows.append((ln, json.loads(line), None))
            except ValueError as e:
                rows.append((ln, None, str(e)))
    problems = check_schema(rows)

    db = sqlite3.connect("file:%s?mode=ro" % a.db, uri=True)
    values, nfacts = {}, 0
    for ln, r, err in rows:
        if err or not isinstance(r, dict) or not isinstance(r.get("facts"), list):
            continue
        out = {}
        for f in r["facts"]:
            if not isinstance(f, dict) or not isinstance(f.get("sql"), str):
                continue
            nfacts += 1
            where = "%s fact %r" % (r.get("id"), f.get("name"))
            try:
                got = db.execute(f["sql"]).fetchall()
            except sqlite3.Error as e:
                problems.append("%s: SQL error: %s" % (where, e))
                continue
            if len(got) != 1:
                problems.append("%s: %d rows (want 1)" % (where, len(got)))
                continue
            if len(got[0]) != 1:
                problems.append("%s: %d columns (want 1)" % (where, len(got[0])))
                continue
            v = got[0][0]
            if v is None:
                problems.append("%s: NULL" % where)
                continue
            if not check_value(v, f.get("format")):
                problems.append("%s: value %r is not of format %r" % (where, v, f.get("format")))
            out[f["name"]] = v
        values[r.get("id")] = out

    if a.write:
        with open(a.write, "w") as f:
            json.dump(values, f, indent=1, sort_keys=True)
            f.write("\n")
    for p in problems:
        print(p)
    if a.summary:
        counts = {}
        splits = [s for s in ("train", "holdout", "fresh", "blind2", "blind3", "blind4", "blind5")
                  if any(isinstance(r, dict) and r.get("split") == s for _, r, _ in rows)]
        for _, r, err in rows:
            if isinstance(r, dict):
                for key in (r.get("agent"), r.get("intent")):
                    c = counts.setdefault(str(key), {s: 0 for s in splits})
                    c[r.get("split")] = c.get(r.get("split"), 0) + 1
        print("%-28s" % "agent / intent" + "".join(" %8s" % s for s in splits))
        for key in sorted(counts, key=lambda k: (k.split(".")[0], "." in k, k)):
            print("%-28s" % (("  " if "." in key else "") + key) + "".join(" %8d" % counts[key].get(s, 0)
                                                                           for s in splits))
        print("follow-ups: %d" % sum(1 for _, r, _ in rows if isinstance(r, dict) and "follows" in r))
    print("%d questions, %d facts, %d problems" % (len(rows), nfacts, len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
