"""The evaluation harness and report, on hand-made answers; the gate on the real pipeline."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from rag.errors import RagError
from rag.evaluation.evaluate import (
    EvalQuestion,
    QuestionResult,
    consistency,
    gate_failures,
    gate_values,
    group_metrics,
    heldout_values,
    interval_gate_failures,
    load_council_questions,
    load_questions,
    load_rewordings,
    originals,
    score_answer,
    summarize,
    thresholds_from,
    with_sources,
)
from rag.evaluation.report import render_table, write_results
from rag.records import Answer, Chunk, Citation, DocumentMeta, Hit

ROOT = Path(__file__).resolve().parent.parent
META = DocumentMeta("Letter", dt.date(2020, 3, 27), "Ofsted", "ofsted", "March 2020 visit")
TEXTS = {"letter": "Children are seen alone. Morale is good.", "story": "Ofsted said so."}
QUESTION = EvalQuestion(
    "q1",
    "Seen alone?",
    "staff",
    "attribution",
    "Yes.",
    (("seen alone",), ("morale",)),
    ("letter",),
    False,
    "train",
    ("ofsted",),
)


def _answer(quote: str, doc: str = "letter", refused: bool = False) -> Answer:
    citation = Citation(1, doc, META, quote, 0, len(quote), None, 0.9)
    hit = Hit(Chunk("c", doc, 0, 0, 5, "x", None, None, ()), 1.0)
    return Answer(
        "Seen alone?",
        f"Ofsted's letter says: “{quote}” [1]",
        refused,
        citations=() if refused else (citation,),
        retrieved=(hit,),
    )


def test_score_answer_checks_facts_speaker_and_verbatim_quotes() -> None:
    result = score_answer("ours", QUESTION, _answer("Children are seen alone."), TEXTS)
    assert result.key_fact_recall == 0.5
    assert result.attributed is True
    assert (result.quotes, result.verbatim) == (1, 1)
    assert result.retrieved == ("letter",)
    invented = score_answer("ours", QUESTION, _answer("Children are never seen."), TEXTS)
    assert invented.verbatim == 0


def test_a_refusal_scores_no_facts() -> None:
    result = score_answer("ours", QUESTION, _answer("", refused=True), TEXTS)
    assert result.refused and result.key_fact_recall == 0.0 and not result.attributed


def _result(**changes: Any) -> QuestionResult:
    base = {
        "system": "ours",
        "id": "q",
        "type": "factual",
        "split": "train",
        "question": "?",
        "should_refuse": False,
        "refused": False,
        "retrieved": ("a",),
        "sources": ("a",),
        "cited": ("a",),
        "quotes": 1,
        "verbatim": 1,
        "key_fact_recall": 1.0,
        "attributed": None,
        "latency_ms": 10.0,
        "answer": "",
    }
    return QuestionResult(**(base | changes))


def test_group_metrics() -> None:
    rows = [
        _result(),
        _result(retrieved=("b", "a"), cited=("b",), key_fact_recall=0.5, latency_ms=30.0),
        _result(
            type="unanswerable",
            should_refuse=True,
            refused=True,
            sources=(),
            cited=(),
            quotes=0,
            verbatim=0,
        ),
        _result(type="unanswerable", should_refuse=True, sources=(), cited=("a",)),
    ]
    metrics = group_metrics(rows)
    assert metrics["hit@1"] == 0.5 and metrics["mrr@10"] == 0.75
    assert metrics["key_fact_recall"] == 0.75 and metrics["exact_answer_rate"] == 0.5
    assert metrics["citation_precision"] == 0.5
    assert metrics["quote_fidelity"] == 1.0
    assert (metrics["refusal_precision"], metrics["refusal_recall"]) == (1.0, 0.5)
    assert metrics["latency_p50_ms"] == 10.0


def test_summary_splits_and_gate() -> None:
    rows = [_result(), _result(split="test", key_fact_recall=0.0)]
    summary = summarize(rows)
    assert summary["ours"]["train"]["overall"]["key_fact_recall"] == 1.0
    assert summary["ours"]["test"]["overall"]["key_fact_recall"] == 0.0
    values = gate_values(summary["ours"]["all"])
    assert values["key_fact_recall"] == 0.5 and values["factual:key_fact_recall"] == 0.5
    thresholds = thresholds_from(values)
    assert thresholds["key_fact_recall"] == 0.47 and thresholds["quote_fidelity"] == 1.0
    assert gate_failures(values, thresholds) == []
    worse = values | {"key_fact_recall": 0.3}
    assert gate_failures(worse, thresholds) == ["key_fact_recall: 0.300 < 0.470"]
    assert "split: test" in render_table(summary, ["all", "test"])


def test_write_results(tmp_path: Path) -> None:
    rows = [_result(), _result(system="naive", key_fact_recall=0.2)]
    write_results(tmp_path, summarize(rows), rows, ["all", "train", "test"])
    assert json.loads((tmp_path / "summary.json").read_text())["naive"]["all"]
    assert len((tmp_path / "results.jsonl").read_text().splitlines()) == 2
    report = (tmp_path / "report.md").read_text()
    assert "| key_fact_recall | 1.000 | 0.200 |" in report and "scores.png" in report
    assert (tmp_path / "scores.png").read_bytes()[:4] == b"\x89PNG"


def test_load_questions_names_a_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text('{"id": "q1"}\n', encoding="utf-8")
    with pytest.raises(RagError, match=r"q.jsonl:1: .*missing"):
        load_questions(path)


def test_the_evaluation_set_is_complete() -> None:
    questions = load_questions(ROOT / "eval" / "questions.jsonl")
    assert len(questions) >= 100
    counts = {t: sum(q.type == t for q in questions) for t in {q.type for q in questions}}
    assert all(counts[t] >= 8 for t in counts) and counts["unanswerable"] >= 20
    assert len(counts) == 7
    assert 0.15 <= sum(q.split == "test" for q in questions) / len(questions) <= 0.25
    assert all(q.refuse == (q.type == "unanswerable") for q in questions)
    assert all(q.speaker for q in questions if q.type == "attribution")
    assert len({q.id for q in questions}) == len(questions)
    assert sum(q.corpus == "reports" for q in questions) >= 40


def test_the_cross_council_set_is_split_by_council() -> None:
    import yaml

    folder = ROOT / "eval" / "reports"
    councils = yaml.safe_load((folder / "councils.yaml").read_text(encoding="utf-8"))["councils"]
    questions = load_council_questions(folder)
    assert len(questions) >= 300 and len({q.council for q in questions}) >= 30
    assert sum(q.refuse for q in questions) >= 50
    assert all(q.split == councils[q.council] for q in questions)
    assert {q.split for q in questions} == {"dev", "heldout"}
    assert "newham" not in councils and len({q.id for q in questions}) == len(questions)


def test_cross_council_sources_become_document_ids() -> None:
    question = EvalQuestion(
        "k-1", "q?", "staff", "factual", "a", (("x",),), ("kent/r.pdf",), False, "dev"
    )
    (named,) = with_sources([question], {"kent/r.pdf": "2022-07-05-ofsted-kent-inspection-report"})
    assert named.sources == ("2022-07-05-ofsted-kent-inspection-report",)
    with pytest.raises(RagError, match=r"kent/r\.pdf"):
        with_sources([question], {})


def test_every_newham_question_has_two_rewordings() -> None:
    questions = {q.id: q for q in load_questions(ROOT / "eval" / "questions.jsonl")}
    lines = (ROOT / "eval" / "rewordings.jsonl").read_text(encoding="utf-8").splitlines()
    rewordings = {row["id"]: row["rewordings"] for row in map(json.loads, lines)}
    assert rewordings.keys() == questions.keys() and len(lines) == len(questions)
    for qid, pair in rewordings.items():
        assert len(pair) == 2 and len(set(pair)) == 2 and questions[qid].question not in pair


def test_consistency_counts_a_question_right_only_in_every_wording(tmp_path: Path) -> None:
    path = tmp_path / "rewordings.jsonl"
    path.write_text('{"id": "q1", "rewordings": ["Alone?", "Seen by themselves?"]}\n')
    asked = [QUESTION, *load_rewordings(path, [QUESTION])]
    assert [q.id for q in asked] == ["q1", "q1~1", "q1~2"] and asked[
        2
    ].key_facts == QUESTION.key_facts
    full = _answer("Children are seen alone. Morale is good.")
    half = _answer("Children are seen alone.")
    all_right = [score_answer("ours", q, full, TEXTS) for q in asked]
    one_wrong = [*all_right[:2], score_answer("ours", asked[2], half, TEXTS)]
    assert consistency(all_right) == 1.0 and consistency(one_wrong) == 0.0
    assert [r.id for r in originals(one_wrong)] == ["q1"]
    with pytest.raises(RagError, match="not a question"):
        load_rewordings(path, [])


def test_the_held_out_gate_fails_only_beyond_the_noise() -> None:
    baseline = {"key_fact_recall": 0.5, "refusal_recall": 0.5, "quote_fidelity": 1.0}
    steady = {
        "key_fact_recall": [1.0, 0.0] * 20,
        "refusal_recall": [1.0, 0.0, 0.0] * 10,  # a little under 0.5: noise at n=30
        "quote_fidelity": [1.0] * 30,
    }
    assert interval_gate_failures(steady, baseline) == []
    fallen = steady | {"key_fact_recall": [0.0] * 35 + [1.0] * 5}
    (failure,) = interval_gate_failures(fallen, baseline)
    assert failure.startswith("key_fact_recall: interval")
    misquoted = steady | {"quote_fidelity": [1.0] * 29 + [0.0]}
    assert interval_gate_failures(misquoted, baseline) == [
        "quote_fidelity: a quote is not verbatim"
    ]
    assert interval_gate_failures({}, {"refusal_recall": 0.5}) == ["refusal_recall: no questions"]


def test_held_out_values_take_only_held_out_councils() -> None:
    asked = replace(QUESTION, split="heldout")
    refused = replace(QUESTION, id="q2", split="heldout", refuse=True, type="unanswerable")
    other = replace(QUESTION, id="q3", split="dev")
    answer = _answer("Children are seen alone.")
    results = [score_answer("ours", q, answer, TEXTS) for q in (asked, refused, other)]
    values = heldout_values(results)
    assert values == {
        "key_fact_recall": [0.5],
        "refusal_recall": [0.0],
        "quote_fidelity": [1.0, 1.0],
    }
