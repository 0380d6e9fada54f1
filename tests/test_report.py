"""The evaluation report: aligned tables, the per-split rows, the Markdown report, its chart."""

from __future__ import annotations

import json
import re
import struct
from pathlib import Path
from typing import Any

import pytest

from rag.evaluation.evaluate import QuestionResult
from rag.evaluation.report import (
    METRICS,
    format_table,
    plot_types,
    render_markdown,
    render_table,
    table_rows,
    type_score,
    write_results,
)

# Two systems on one split: "ours" answered factual and unanswerable questions, "naive" only
# factual ones and has no confidence interval; only "ours" has a per-corpus row.
SUMMARY: dict[str, Any] = {
    "ours": {
        "all": {
            "overall": {
                "n": 12,
                "hit@1": 0.5,
                "key_fact_recall": 0.75,
                "latency_p50_ms": 123.456,
                "key_fact_recall_ci": (0.6, 0.9),
            },
            "on reports": {"key_fact_recall": 0.8},
            "factual": {"key_fact_recall": 0.7, "refusal_recall": 0.1},
            "unanswerable": {"key_fact_recall": 0.0, "refusal_recall": 0.9},
        },
    },
    "naive": {
        "all": {
            "overall": {"n": 12, "hit@1": 0.25, "key_fact_recall": 0.4},
            "factual": {"key_fact_recall": 0.35},
        },
    },
}


def _row(rows: list[list[str]], label: str) -> list[str]:
    (found,) = [row for row in rows if row[0] == label]
    return found


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([], ""),
        ([["a"]], "a"),
        ([["a", "bb"], ["ccc", "d"]], "a    bb\nccc  d"),
        ([["metric", "x"], ["hit@1", "0.500"]], "metric  x\nhit@1   0.500"),
        # trailing padding is stripped: a short last cell leaves no spaces behind
        ([["k", "long value"], ["k", "v"]], "k  long value\nk  v"),
    ],
)
def test_format_table(rows: list[list[str]], expected: str) -> None:
    assert format_table(rows) == expected


def test_format_table_starts_every_column_at_one_offset() -> None:
    rows = [["metric", "ours", "naive"], ["key_fact_recall", "0.750", "0.4"], ["n", "9", "10"]]
    lines = format_table(rows).splitlines()
    starts = [[m.start() for m in re.finditer(r"\S+", line)] for line in lines]
    assert starts == [[0, 17, 24]] * 3  # the widest cell of each column, then two spaces
    assert all(line == line.rstrip() for line in lines)


@pytest.mark.parametrize(
    ("metrics", "question_type", "expected"),
    [
        ({"key_fact_recall": 0.6, "refusal_recall": 0.2}, "factual", 0.6),
        ({"key_fact_recall": 0.6, "refusal_recall": 0.2}, "unanswerable", 0.2),
        ({"key_fact_recall": 1}, "list", 1.0),
        ({"refusal_recall": 0.3}, "factual", None),
        ({"key_fact_recall": None}, "grade", None),
        ({}, "unanswerable", None),
    ],
)
def test_type_score(metrics: dict[str, Any], question_type: str, expected: float | None) -> None:
    score = type_score(metrics, question_type)
    assert score == expected
    assert score is None or isinstance(score, float)


def test_table_rows_header_counts_and_every_metric_in_order() -> None:
    rows = table_rows(SUMMARY, "all")
    assert rows[0] == ["metric", "ours", "naive"]
    assert rows[1] == ["questions", "12", "12"]
    assert [row[0] for row in rows[2 : 2 + len(METRICS)]] == list(METRICS)
    assert all(len(row) == 3 for row in rows)


def test_table_rows_formats_numbers_and_gaps() -> None:
    rows = table_rows(SUMMARY, "all")
    assert _row(rows, "hit@1") == ["hit@1", "0.500", "0.250"]
    assert _row(rows, "latency_p50_ms") == ["latency_p50_ms", "123.5", "-"]
    assert _row(rows, "refusal_recall") == ["refusal_recall", "-", "-"]
    assert _row(rows, "key_fact_recall 95% CI") == ["key_fact_recall 95% CI", "0.600-0.900", "-"]


def test_table_rows_per_corpus_and_per_type_only_where_some_system_has_them() -> None:
    rows = table_rows(SUMMARY, "all")
    labels = [row[0] for row in rows]
    assert _row(rows, "questions on reports (key facts)") == [
        "questions on reports (key facts)",
        "0.800",
        "-",
    ]
    assert "questions on seeds (key facts)" not in labels
    # unanswerable questions are scored by refusal recall, the others by key facts
    assert _row(rows, "factual (key facts)") == ["factual (key facts)", "0.700", "0.350"]
    assert _row(rows, "unanswerable (refusal recall)") == [
        "unanswerable (refusal recall)",
        "0.900",
        "-",
    ]
    assert not any(label.startswith(("list", "timeline", "grade")) for label in labels)


def test_render_table_has_one_block_per_split() -> None:
    summary = {"ours": {"all": SUMMARY["ours"]["all"], "test": {"overall": {"n": 3}}}}
    text = render_table(summary, ["all", "test"])
    blocks = text.split("\n\n")
    assert [b.splitlines()[0] for b in blocks] == ["split: all", "split: test"]
    assert re.search(r"^questions +3$", blocks[1], re.MULTILINE)
    assert re.search(r"^questions +12$", blocks[0], re.MULTILINE)


@pytest.mark.parametrize("chart", ["scores.png", None])
def test_render_markdown(chart: str | None) -> None:
    report = render_markdown(SUMMARY, ["all"], chart)
    lines = report.splitlines()
    assert lines[0] == "# Evaluation report"
    assert "Systems: ours, naive." in report
    assert "## Split: all" in lines
    header = lines.index("| metric | ours | naive |")
    assert lines[header + 1] == "|---|---|---|"
    assert "| hit@1 | 0.500 | 0.250 |" in lines
    assert "| unanswerable (refusal recall) | 0.900 | - |" in lines
    table = [line for line in lines if line.startswith("|")]
    assert len(table) == len(table_rows(SUMMARY, "all")) + 1  # the rows and the rule
    assert ("![scores per type](scores.png)" in report) == (chart is not None)
    assert report.endswith("\n")


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_plot_types_writes_a_png(tmp_path: Path) -> None:
    path = tmp_path / "chart.png"
    plot_types(SUMMARY, "all", path)
    assert _png_size(path) == (1100, 495)  # figsize (10, 4.5) at 110 dpi


def _result(system: str, qid: str, recall: float) -> QuestionResult:
    return QuestionResult(
        system=system,
        id=qid,
        type="factual",
        split="train",
        question="Is this a question?",
        should_refuse=False,
        refused=False,
        retrieved=("doc",),
        sources=("doc",),
        cited=("doc",),
        quotes=1,
        verbatim=1,
        key_fact_recall=recall,
        attributed=None,
        latency_ms=5.0,
        answer="An answer.",
    )


def test_write_results_writes_the_four_files(tmp_path: Path) -> None:
    folder = tmp_path / "new" / "results"  # made if missing
    results = [_result("ours", "a", 1.0), _result("ours", "b", 0.5), _result("naive", "a", 0.0)]
    write_results(folder, SUMMARY, results, ["all"])
    assert sorted(p.name for p in folder.iterdir()) == [
        "report.md",
        "results.jsonl",
        "scores.png",
        "summary.json",
    ]
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    assert summary["ours"]["all"]["overall"]["key_fact_recall_ci"] == [0.6, 0.9]
    assert summary["naive"]["all"]["factual"] == {"key_fact_recall": 0.35}
    lines = (folder / "results.jsonl").read_text(encoding="utf-8").splitlines()
    assert [(row["system"], row["id"]) for row in map(json.loads, lines)] == [
        ("ours", "a"),
        ("ours", "b"),
        ("naive", "a"),
    ]
    assert (folder / "report.md").read_text(encoding="utf-8") == render_markdown(
        SUMMARY, ["all"], "scores.png"
    )
    assert _png_size(folder / "scores.png") == (1100, 495)
