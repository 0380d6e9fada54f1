"""Summarise a saved cross-council evaluation (eval/results/NAME/results.jsonl) by batch of
councils (the first 36, the 12 `added_later`, the 8 each of `added_third`, `added_fourth` and
`added_fifth` in eval/reports/councils.yaml) and split:
key-fact recall on answerable questions, refusal precision and recall.

    python eval/by_batch.py eval/results/councils/results.jsonl   (or its folder)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import yaml

from rag.evaluation.metrics import mean, refusal_scores

COUNCILS = Path(__file__).resolve().parent / "reports" / "councils.yaml"


def main(path: str) -> int:
    """Print one row per (batch, split); 1 with a message if there is no saved run there."""
    results = Path(path) / "results.jsonl" if Path(path).is_dir() else Path(path)
    if not results.is_file():
        print(
            f"No saved evaluation at {path}: give a results.jsonl of `rag eval --set councils "
            "--save NAME` (eval/results/NAME/results.jsonl) or its folder.",
            file=sys.stderr,
        )
        return 1
    listed = yaml.safe_load(COUNCILS.read_text(encoding="utf-8"))
    batches = dict.fromkeys(listed["added_later"], "added later")
    batches.update(dict.fromkeys(listed.get("added_third", []), "added third"))
    batches.update(dict.fromkeys(listed.get("added_fourth", []), "added fourth"))
    batches.update(dict.fromkeys(listed.get("added_fifth", []), "added fifth"))
    rows = [json.loads(line) for line in results.read_text(encoding="utf-8").splitlines()]
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in rows:
        if row["system"] != "ours":
            continue
        council = str(row["id"]).rsplit("-", 1)[0]
        batch = batches.get(council, "first 36")
        groups.setdefault((batch, str(row["split"])), []).append(row)
    print("| councils | split | questions | key-fact recall | refusal precision | refusal recall |")
    print("| --- | --- | --- | --- | --- | --- |")
    for (batch, split), group in sorted(groups.items()):
        recall = mean([r["key_fact_recall"] for r in group if not r["should_refuse"]])
        precision, refusal_recall = refusal_scores(
            [bool(r["refused"]) for r in group], [bool(r["should_refuse"]) for r in group]
        )
        print(
            f"| {batch} | {split} | {len(group)} | {recall or 0:.3f} | {precision:.3f} "
            f"| {refusal_recall:.3f} |"
        )
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        raise SystemExit(2)
    raise SystemExit(main(sys.argv[1]))
