"""The tracker's evaluation: rows of eval/tracker/*.jsonl, each an item of an earlier
report's improvement list and the passage of a later report that speaks to it (phrases
copied from the reports), with a scrutiny question about it.

Each row is scored on the tracker itself (is the item among the report's items; is the
named later passage among what the tracker quotes for it; is its status "later finding")
and on the question asked of the assistant (key-fact recall of the item and the later
passage). Splits follow the councils' (eval/reports/councils.yaml): dev rows are for
tuning, held-out rows are only counted; Newham rows are train or test."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from rag.answer.tracker import TrackedDocument, track
from rag.evaluation.metrics import covers, key_fact_recall, mean
from rag.pipeline import Pipeline

TRACKER_SPLITS = ("train", "dev", "test", "heldout")


@dataclass(frozen=True)
class TrackerRow:
    """One tracker evaluation row."""

    id: str
    council: str
    report: str  # the earlier report's document id
    item: str
    later_report: str
    later: tuple[str, ...]
    question: str
    split: str


@dataclass(frozen=True)
class TrackerResult:
    """How the tracker and the assistant did on one row."""

    row: TrackerRow
    item_found: bool
    evidence_found: bool
    later_finding: bool
    question_recall: float


def load_tracker_rows(folder: Path) -> list[TrackerRow]:
    """Every row of the folder's .jsonl files, in file and line order."""
    rows = []
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                raw = json.loads(line)
                rows.append(
                    TrackerRow(
                        raw["id"],
                        raw["council"],
                        raw["report"].removesuffix(".md"),
                        raw["item"],
                        raw["later_report"].removesuffix(".md"),
                        tuple(raw["later"]),
                        raw["question"],
                        raw["split"],
                    )
                )
    return rows


def score_rows(
    pipeline: Pipeline,
    rows: Sequence[TrackerRow],
    progress: Callable[[int], None] | None = None,
) -> list[TrackerResult]:
    """Score each row on the record of the pipeline (which must hold its reports)."""
    tracked = {d.doc_id: d for d in track(pipeline.index, pipeline.weights.lexical)}
    results = []
    for row in rows:
        results.append(_score(pipeline, tracked, row))
        if progress:
            progress(1)
    return results


def _score(
    pipeline: Pipeline, tracked: Mapping[str, TrackedDocument], row: TrackerRow
) -> TrackerResult:
    document = tracked.get(row.report)
    item = next(
        (t for t in (document.items if document else ()) if covers(t.item.text, [row.item])),
        None,
    )
    evidence = item is not None and any(covers(m.text, row.later) for m in item.mentions)
    answer = pipeline.ask(row.question)
    recall = 0.0 if answer.refused else key_fact_recall(answer.text, [[row.item], row.later])
    return TrackerResult(
        row, item is not None, evidence, item is not None and item.status == "later finding", recall
    )


def summarize_tracker(results: Sequence[TrackerResult]) -> dict[str, dict[str, float | None]]:
    """Per split (and all): rows, item recall, later-evidence recall, share with a later
    finding, and the questions' key-fact recall."""
    out: dict[str, dict[str, float | None]] = {}
    for split in ("all", *TRACKER_SPLITS):
        mine = [r for r in results if split == "all" or r.row.split == split]
        if not mine:
            continue
        out[split] = {
            "rows": float(len(mine)),
            "item_recall": mean([float(r.item_found) for r in mine]),
            "later_evidence_recall": mean([float(r.evidence_found) for r in mine]),
            "later_finding_status": mean([float(r.later_finding) for r in mine]),
            "question_key_fact_recall": mean([r.question_recall for r in mine]),
        }
    return out


def tracker_table(summary: Mapping[str, Mapping[str, float | None]]) -> str:
    """The summary as a plain table, one column per split."""
    splits = list(summary)
    metrics = list(next(iter(summary.values())))
    lines = [f"{'metric':<28}" + "".join(f"{s:>9}" for s in splits)]
    for metric in metrics:
        cells = []
        for split in splits:
            value = summary[split][metric]
            cells.append(
                f"{'-':>9}"
                if value is None
                else (f"{int(value):>9}" if metric == "rows" else f"{value:>9.3f}")
            )
        lines.append(f"{metric:<28}" + "".join(cells))
    return "\n".join(lines)
