"""Evaluation output: the side-by-side table, the Markdown report and its bar chart."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from rag.evaluation.evaluate import CORPORA, GATED, TYPES, QuestionResult, results_jsonl

METRICS = (
    *GATED,
    "latency_p50_ms",
    "latency_p95_ms",
)
Summary = dict[str, dict[str, dict[str, Any]]]


def type_score(metrics: dict[str, Any], question_type: str) -> float | None:
    """One number per question type: refusal recall for unanswerable, else key-fact recall."""
    key = "refusal_recall" if question_type == "unanswerable" else "key_fact_recall"
    value = metrics.get(key)
    return None if value is None else float(value)


def _cell(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.1f}" if value >= 10 else f"{value:.3f}"
    return str(value)


def _interval(value: Sequence[float] | None) -> str:
    return "-" if not value else f"{value[0]:.3f}-{value[1]:.3f}"


def table_rows(summary: Summary, split: str) -> list[list[str]]:
    """Rows of the side-by-side table for one split: overall metrics, then per-type scores."""
    systems = list(summary)
    rows = [["metric", *systems]]
    overall = {s: summary[s][split].get("overall", {}) for s in systems}
    rows.append(["questions", *(_cell(overall[s].get("n")) for s in systems)])
    rows += [[m, *(_cell(overall[s].get(m)) for s in systems)] for m in METRICS]
    rows.append(
        [
            "key_fact_recall 95% CI",
            *(_interval(overall[s].get("key_fact_recall_ci")) for s in systems),
        ]
    )
    for corpus in CORPORA:
        per = [summary[s][split].get(f"on {corpus}") for s in systems]
        if any(per):
            rows.append(
                [
                    f"questions on {corpus} (key facts)",
                    *(_cell(p.get("key_fact_recall")) if p else "-" for p in per),
                ]
            )
    for question_type in TYPES:
        per = [summary[s][split].get(question_type) for s in systems]
        if any(per):
            measure = "refusal recall" if question_type == "unanswerable" else "key facts"
            label = f"{question_type} ({measure})"
            rows.append([label, *(_cell(type_score(p, question_type) if p else None) for p in per)])
    return rows


def format_table(rows: Sequence[Sequence[str]]) -> str:
    """Rows as aligned plain-text columns (the first row is the header)."""
    if not rows:
        return ""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )


def render_table(summary: Summary, splits: Sequence[str]) -> str:
    """The side-by-side table as plain text, one block per split."""
    return "\n\n".join(
        f"split: {split}\n{format_table(table_rows(summary, split))}" for split in splits
    )


def render_markdown(summary: Summary, splits: Sequence[str], chart: str | None) -> str:
    """The report: one Markdown table per split and the chart."""
    parts = [
        "# Evaluation report",
        f"Run on {dt.date.today().isoformat()}. Systems: {', '.join(summary)}. "
        "Per-type rows give key-fact recall, or refusal recall for unanswerable questions.",
    ]
    for split in splits:
        rows = table_rows(summary, split)
        parts.append(f"## Split: {split}")
        parts.append(
            "\n".join(
                ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
                + ["| " + " | ".join(row) + " |" for row in rows[1:]]
            )
        )
    if chart:
        parts.append(f"## Scores per question type (all questions)\n\n![scores per type]({chart})")
    return "\n\n".join(parts) + "\n"


def plot_types(summary: Summary, split: str, path: Path) -> None:
    """A grouped bar chart of the per-type score of each system."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    systems = list(summary)
    types = [t for t in TYPES if any(summary[s][split].get(t) for s in systems)]
    width = 0.8 / max(1, len(systems))
    figure, axes = plt.subplots(figsize=(10, 4.5))
    for i, system in enumerate(systems):
        values = [type_score(summary[system][split].get(t, {}), t) or 0.0 for t in types]
        positions = [x + i * width for x in range(len(types))]
        axes.bar(positions, values, width, label=system)
    axes.set_xticks([x + width * (len(systems) - 1) / 2 for x in range(len(types))], types)
    axes.set_ylim(0, 1)
    axes.set_ylabel("key-fact recall / refusal recall")
    axes.set_title(f"Scores per question type ({split} questions)", pad=28)
    axes.legend(loc="lower center", bbox_to_anchor=(0.5, 1.08), ncols=len(systems), frameon=False)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def write_results(
    folder: Path, summary: Summary, results: Iterable[QuestionResult], splits: Sequence[str]
) -> None:
    """Write summary.json, results.jsonl, report.md and scores.png into the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "summary.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    (folder / "results.jsonl").write_text(results_jsonl(results), encoding="utf-8")
    plot_types(summary, "all", folder / "scores.png")
    (folder / "report.md").write_text(
        render_markdown(summary, splits, "scores.png"), encoding="utf-8"
    )
