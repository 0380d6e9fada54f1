"""Answer every tuning question and print the calibration objective: Newham `train` as
written and in its two rewordings, and the cross-council dev councils. Held-out questions
(Newham `test`, held-out councils) are never asked, so a change can be judged on tuning data
alone, before the held-out aggregates are printed once by `rag eval`.

    python eval/tuning.py [--save PATH] [--diff PATH]

--save writes every answer (one JSON object a line); --diff lists the questions whose score
changed against such a file, so a change's gains and losses can be read one by one.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from rag.evaluation.calibrate import objective
from rag.evaluation.evaluate import (
    REWORDED,
    EvalQuestion,
    QuestionResult,
    consistency,
    load_questions,
    load_rewordings,
    score_answer,
)
from rag.evaluation.sets import build_eval_record, council_set
from rag.ingest.corpus import load_corpus
from rag.pipeline import Pipeline
from rag.settings import get_settings


def _answer(pipeline: Pipeline, questions: list[EvalQuestion]) -> list[QuestionResult]:
    documents, _ = load_corpus(pipeline.settings.corpus_dir)
    texts = {d.doc_id: d.text for d in documents}
    return [score_answer("ours", q, pipeline.ask(q.question), texts) for q in questions]


def main() -> None:
    """Answer the tuning questions, print the objective per part, save or diff the answers."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--save", type=Path, help="write every answer to this JSONL file")
    parser.add_argument("--diff", type=Path, help="compare with answers saved by --save")
    args = parser.parse_args()
    settings = get_settings()
    every = load_questions(settings.eval_dir / "questions.jsonl")
    train = [q for q in every if q.split == "train"]
    reworded = [
        q
        for q in load_rewordings(settings.eval_dir / "rewordings.jsonl", every)
        if q.split == "train"
    ]
    council_pipeline, council_questions, _ = council_set(settings)
    dev = [q for q in council_questions if q.split == "dev"]
    newham = _answer(build_eval_record(settings), train + reworded)
    councils = _answer(council_pipeline, dev)
    results = newham + councils
    for name, chosen in (
        ("newham train", [r for r in newham if REWORDED not in r.id]),
        ("newham rewordings", [r for r in newham if REWORDED in r.id]),
        ("dev councils", councils),
        ("all tuning", results),
    ):
        score, recall, f1 = objective(chosen)
        print(f"{name:18} n={len(chosen):4}  objective {score:.4f}  kfr {recall:.4f}  f1 {f1:.4f}")
    print(f"train consistency across rewordings: {consistency(results):.3f}")
    if args.diff:
        _print_diff(args.diff, results)
    if args.save:
        with args.save.open("w", encoding="utf-8") as out:
            for r in results:
                row = {"id": r.id, "question": r.question, "kfr": r.key_fact_recall}
                row |= {"refused": r.refused, "answer": r.answer, "score": _score(r)}
                out.write(json.dumps(row) + "\n")


def _score(result: QuestionResult) -> float:
    """A refusal where one is due scores 1; otherwise the share of key facts answered."""
    if result.should_refuse:
        return float(result.refused)
    return result.key_fact_recall


def _print_diff(path: Path, results: list[QuestionResult]) -> None:
    before = {
        row["id"]: row for row in map(json.loads, path.read_text(encoding="utf-8").splitlines())
    }
    gained = lost = changed = 0
    for r in results:
        old = before.get(r.id)
        if old is None:
            continue
        if old["answer"] != r.answer:
            changed += 1
        if abs(old["score"] - _score(r)) < 1e-9:
            continue
        sign = "+" if _score(r) > old["score"] else "-"
        gained += sign == "+"
        lost += sign == "-"
        print(f"{sign} {r.id} {old['score']:.2f} -> {_score(r):.2f}: {r.question}")
    print(f"answers changed: {changed}; score gained: {gained}, lost: {lost}")


if __name__ == "__main__":
    main()
