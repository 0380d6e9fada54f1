"""The evaluation gate: the real pipeline over the evaluation record (the corpus and Newham's
three Ofsted reports) must stay at or above the committed thresholds (eval/thresholds.json)
on the whole evaluation set, with every quote verbatim."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rag.evaluation.baseline import NaiveSystem, pipeline_systems
from rag.evaluation.calibrate import TuningSet, calibrate
from rag.evaluation.evaluate import (
    gate_failures,
    gate_values,
    load_questions,
    run_systems,
    summarize,
)
from rag.ingest.corpus import load_corpus

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = load_questions(ROOT / "eval" / "questions.jsonl")
DOCUMENTS = load_corpus(ROOT / "corpus")[0]
TEXTS = {d.doc_id: d.text for d in DOCUMENTS}


def test_pipeline_meets_the_committed_thresholds(newham_pipeline: Any) -> None:
    (ours,) = pipeline_systems(newham_pipeline, ["hybrid"])
    record = load_corpus(newham_pipeline.settings.corpus_dir)[0]
    results = run_systems([ours], QUESTIONS, {d.doc_id: d.text for d in record})
    metrics = summarize(results)["ours"]["all"]
    assert metrics["overall"]["quote_fidelity"] == 1.0
    thresholds = json.loads((ROOT / "eval" / "thresholds.json").read_text(encoding="utf-8"))
    assert thresholds["quote_fidelity"] == 1.0
    assert gate_failures(gate_values(metrics), thresholds) == []


def test_naive_baseline_answers_with_its_top_chunk(embeddings: Any) -> None:
    naive = NaiveSystem(DOCUMENTS, embeddings)
    answer = naive.answer("Were children seen alone by their social workers?")
    assert not answer.refused and len(answer.retrieved) == 4
    (citation,) = answer.citations
    assert answer.text == citation.quote
    assert TEXTS[citation.doc_id][citation.start : citation.end] == citation.quote
    assert len(citation.quote) <= 1000


def test_calibration_keeps_the_better_threshold(pipeline: Any) -> None:
    sample = [q for q in QUESTIONS if q.split == "train" and int(q.id[1:]) <= 134][:24]
    reachable = pipeline.weights.min_support
    found = calibrate(
        [TuningSet(pipeline.index, sample, TEXTS)],
        pipeline.weights,
        pipeline.settings.top_k,
        grid={"min_support": (reachable, 50.0)},
    )
    # the weights are learned from the sample's sentences: similarity is the unit
    assert found.weights.similarity == 1.0 and found.sentences > 100
    assert found.weights.lexical != pipeline.weights.lexical
    # a threshold nobody can reach refuses everything, which the objective punishes
    assert found.weights.min_support == reachable
    assert found.questions == 24 and 0 < found.objective <= 1


def test_held_out_councils_do_not_regress(council_set: Any) -> None:
    """The cross-council gate: on the held-out councils, no figure falls further below the
    committed baseline (eval/thresholds-councils.json) than its 95% bootstrap interval allows,
    and every quote is verbatim."""
    from rag.evaluation.evaluate import heldout_values, interval_gate_failures

    pipeline, questions, _ = council_set
    assert sum(q.split == "heldout" for q in questions) >= 150
    (ours,) = pipeline_systems(pipeline, ["hybrid"])
    record = load_corpus(pipeline.settings.corpus_dir)[0]
    results = run_systems([ours], questions, {d.doc_id: d.text for d in record})
    baseline = json.loads((ROOT / "eval" / "thresholds-councils.json").read_text(encoding="utf-8"))
    assert baseline["heldout"]["quote_fidelity"] == 1.0
    assert interval_gate_failures(heldout_values(results), baseline["heldout"]) == []


# How far below its standalone question a follow-up may fall, on the Newham conversations of
# eval/followups.jsonl (about 0.09 there now, see the README; asked without the conversation,
# the follow-ups fall about 0.5 below).
FOLLOW_UP_GAP = 0.15


def test_follow_ups_do_nearly_as_well_as_their_standalone_questions(newham_pipeline: Any) -> None:
    from rag.evaluation.followups import load_conversations, run_conversations

    conversations = [
        c for c in load_conversations(ROOT / "eval" / "followups.jsonl") if c.set == "newham"
    ]
    results = run_conversations(lambda q, h: newham_pipeline.ask(q, history=h), conversations)
    followed = sum(r.follow_up for r in results) / len(results)
    alone = sum(r.standalone for r in results) / len(results)
    assert alone - followed <= FOLLOW_UP_GAP, (followed, alone)
