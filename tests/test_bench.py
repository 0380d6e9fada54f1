"""The scale benchmark: its goal checks and table, its input errors, and one real run over a
report PDF (`eval/bench_national.py --limit 1`), as `make bench-national` runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from tests_support import NEWHAM_REPORTS

from rag.errors import RagError
from rag.evaluation.bench import check_goals, read_questions, render, report_files

ROOT = Path(__file__).resolve().parent.parent


def _figures(**overrides: Any) -> dict[str, Any]:
    figures: dict[str, Any] = {
        "documents": 3,
        "problems": [],
        "text_mb": 1.0,
        "words": 1000,
        "passages": 50,
        "texts_embedded": 200,
        "parse_s": None,
        "read_s": 0.1,
        "chunk_s": 1.0,
        "embed_s": 10.0,
        "store_s": 1.0,
        "model_load_s": 5.0,
        "wall_s": 18.0,
        "ingest_rss_mb": 800.0,
        "floor_s": 12.0,
        "floor_rss_mb": 600.0,
        "startup_s": 6.0,
        "first_query_ms": 300.0,
        "query_p50_ms": 60.0,
        "query_p95_ms": 80.0,
        "query_mean_ms": 65.0,
        "questions": 30,
        "query_rss_mb": 700.0,
    }
    return {**figures, **overrides}


def test_goals_compare_the_national_figures_with_the_small_and_the_floor() -> None:
    small = _figures()
    national = _figures(wall_s=1500.0, floor_s=1200.0, query_p50_ms=200.0, query_rss_mb=2100.0)
    goals = {g["goal"]: g for g in check_goals(small, national)}
    assert goals["ingest wall / encoder floor"]["measured"] == 1.25
    assert goals["ingest wall / encoder floor"]["met"]
    assert goals["ingest wall (min)"]["measured"] == 25.0
    assert not goals["ingest wall (min)"]["met"]
    assert goals["query p50 national / small"]["measured"] == pytest.approx(3.33, abs=0.01)
    assert not goals["query p50 national / small"]["met"]
    assert goals["peak RSS (MB)"]["measured"] == 2100.0
    assert not goals["peak RSS (MB)"]["met"]


def test_render_prints_both_corpora_and_the_goals() -> None:
    small = _figures()
    national = _figures(parse_s=45.5, problems=[{"file": "x.pdf"}], passages=12345)
    results = {"small": small, "national": national, "goals": check_goals(small, national)}
    table = render(results)
    lines = table.splitlines()
    assert lines[0].split() == ["small", "corpus", "national", "corpus"]
    parse = next(line for line in lines if line.startswith("parse PDF"))
    assert parse.split()[-2:] == ["-", "45.5"]
    assert next(line for line in lines if line.startswith("passages")).split()[-1] == "12,345"
    assert next(line for line in lines if line.startswith("files that failed")).split()[-1] == "1"
    assert next(line for line in lines if line.startswith("ingest / floor")).split()[-1] == "1.50x"
    assert "goal" in table and "met" in table


def test_questions_file_without_questions_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "q.txt"
    path.write_text("# only a comment\n\n", encoding="utf-8")
    with pytest.raises(RagError, match="No questions"):
        read_questions(path)
    path.write_text("# header\nWhat was the grade?\n\nWho led it?\n", encoding="utf-8")
    assert read_questions(path) == ["What was the grade?", "Who led it?"]


def test_report_folder_must_exist_and_hold_pdfs(tmp_path: Path) -> None:
    with pytest.raises(RagError, match="No report folder"):
        report_files(tmp_path / "missing", None)
    with pytest.raises(RagError, match="No PDF files"):
        report_files(tmp_path, None)
    for name in ("b/2.pdf", "a/1.pdf", "a/3.PDF.txt"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_bytes(b"%PDF-1.4")
    assert [p.relative_to(tmp_path).as_posix() for p in report_files(tmp_path, None)] == [
        "a/1.pdf",
        "b/2.pdf",
    ]
    assert len(report_files(tmp_path, 1)) == 1


@pytest.mark.slow
def test_benchmark_runs_on_a_real_report(tmp_path: Path) -> None:
    questions = tmp_path / "questions.txt"
    questions.write_text(
        "What was the overall judgement?\nWhat did inspectors say about care leavers?\n",
        encoding="utf-8",
    )
    out = tmp_path / "bench.json"
    args = ["--reports", str(NEWHAM_REPORTS), "--limit", "1", "--questions", str(questions)]
    args += ["--out", str(out)]
    done = subprocess.run(
        [sys.executable, "eval/bench_national.py", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "RAG_DATA_DIR": str(tmp_path / "data")},
        cwd=ROOT,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert "national corpus" in done.stdout and "ingest / floor" in done.stdout
    results = json.loads(out.read_text(encoding="utf-8"))
    national, small = results["national"], results["small"]
    assert national["documents"] == 1 and not national["problems"]
    assert national["passages"] > 20 and national["texts_embedded"] > national["passages"]
    assert national["parse_s"] > 0 and national["embed_s"] > 0 and national["floor_s"] > 0
    assert small["documents"] == len(list((ROOT / "corpus").glob("*.md"))) - 1  # not README
    assert national["questions"] == small["questions"] == 2
    assert 0 < national["query_p50_ms"] <= national["query_p95_ms"]
    assert [g["goal"] for g in results["goals"]] == [
        "ingest wall / encoder floor",
        "ingest wall (min)",
        "query p50 national / small",
        "peak RSS (MB)",
    ]
    assert (tmp_path / "data" / "bench" / "national" / "chroma").is_dir()


def test_benchmark_reports_a_missing_folder_and_exits_non_zero(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "eval/bench_national.py", "--reports", str(tmp_path / "none")],
        capture_output=True,
        text=True,
        env={**os.environ, "RAG_DATA_DIR": str(tmp_path / "data")},
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 1
    assert "No report folder" in done.stderr
