"""Check the cross-council evaluation set (eval/reports/*.jsonl) against the report PDFs.

Every question must name a council of eval/reports/councils.yaml, carry that council's split,
use a known type, and cite report files that exist; every key-fact phrase of an answerable
question must occur (matched as the evaluation matches: lower case, straight quotes, single
spaces) in the text that `rag add` reads from one of its source reports. Prints one line per
problem and a summary; exits 1 if there is any problem.

    python eval/check_reports.py [COUNCIL ...]
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from functools import cache
from pathlib import Path

import yaml

from rag.evaluation.metrics import normalize
from rag.ingest.load import load_source
from rag.settings import Settings

HERE = Path(__file__).resolve().parent / "reports"
TYPES = {"factual", "list", "grade", "timeline", "front_page", "paraphrase", "unanswerable"}
PERSONAS = {"staff", "manager", "scrutiny"}
REQUIRED = ("id", "council", "question", "persona", "type", "reference_answer", "key_facts",
            "sources", "refuse", "split")  # fmt: skip


def councils() -> dict[str, str]:
    """Each council of the set and its split (dev or heldout)."""
    data = yaml.safe_load((HERE / "councils.yaml").read_text(encoding="utf-8"))
    return dict(data["councils"])


@cache
def report_text(reports_dir: Path, source: str) -> str:
    """The normalised text that `rag add` would read from one report PDF."""
    return normalize(load_source(reports_dir / source).body)


def check_question(q: dict[str, object], split: str, reports_dir: Path) -> list[str]:
    """The problems of one question (empty when it is sound)."""
    problems = [f"missing field {f}" for f in REQUIRED if f not in q]
    if problems:
        return problems
    if q["split"] != split:
        problems.append(f"split is {q['split']}, the council's is {split}")
    if q["type"] not in TYPES:
        problems.append(f"unknown type {q['type']}")
    if q["persona"] not in PERSONAS:
        problems.append(f"unknown persona {q['persona']}")
    sources = q["sources"]
    refuse = q["refuse"]
    groups = q["key_facts"]
    assert isinstance(sources, list) and isinstance(groups, list)
    if refuse != (q["type"] == "unanswerable"):
        problems.append("refuse must be true exactly for unanswerable questions")
    if refuse:
        return problems + (["a refusal has no key facts"] if groups else [])
    if not sources or not groups:
        return [*problems, "an answerable question needs sources and key facts"]
    missing = [s for s in sources if not (reports_dir / s).is_file()]
    if missing:
        return [*problems, f"no such report: {', '.join(missing)}"]
    texts = [report_text(reports_dir, s) for s in sources]
    for group in groups:
        if not any(normalize(alt) in text for alt in group for text in texts):
            problems.append(f"key fact {group} occurs in none of {sources}")
    return problems


def main(argv: list[str]) -> int:
    """Check the named councils' files (default: all) and print a summary."""
    splits = councils()
    reports_dir = Settings().reports_dir
    names = argv or sorted(splits)
    bad, total, ids = 0, Counter[str](), Counter[str]()
    for council in names:
        path = HERE / f"{council}.jsonl"
        if council not in splits:
            print(f"{council}: not a council of councils.yaml")
            bad += 1
            continue
        if not path.is_file():
            print(f"{path.name}: missing")
            bad += 1
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            q = json.loads(line)
            ids[str(q.get("id"))] += 1
            if q.get("council") != council:
                print(f"{path.name}:{n}: council is {q.get('council')}, expected {council}")
                bad += 1
            for problem in check_question(q, splits[council], reports_dir):
                print(f"{path.name}:{n} {q.get('id')}: {problem}")
                bad += 1
            total[f"{q.get('split')}/{q.get('type')}"] += 1
    for qid in sorted(i for i, count in ids.items() if count > 1):
        print(f"duplicate id {qid}")
        bad += 1
    print(f"{sum(total.values())} questions, {bad} problems")
    for key, count in sorted(total.items()):
        print(f"  {key}: {count}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
