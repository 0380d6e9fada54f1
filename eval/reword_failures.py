"""Print the Newham `train` questions whose rewordings are answered worse than the question as
written: each wording, its score, and the missed facts. Test questions are never shown (see the
README's evaluation section).

    python eval/reword_failures.py
"""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from rag.evaluation.evaluate import REWORDED, load_questions, load_rewordings
from rag.evaluation.metrics import answer_score, covers
from rag.evaluation.sets import build_eval_record
from rag.settings import get_settings


def main() -> None:
    """Ask every train question in its three wordings and print those not all right."""
    settings = get_settings()
    pipeline = build_eval_record(settings)
    train = [q for q in load_questions(settings.eval_dir / "questions.jsonl") if q.split == "train"]
    every = load_questions(settings.eval_dir / "questions.jsonl")
    reworded = load_rewordings(settings.eval_dir / "rewordings.jsonl", every)
    train_ids = {q.id for q in train}
    asked = train + [q for q in reworded if q.id.split(REWORDED)[0] in train_ids]
    by_original: dict[str, list[tuple[str, float, str]]] = {}
    for q in asked:
        answer = pipeline.ask(q.question)
        score = answer_score(answer.text, answer.refused, q.refuse, q.key_facts)
        missed = [g[0] for g in q.key_facts if not covers(answer.text, g)]
        note = f"refused={answer.refused} missed={missed}\n      A: {answer.text[:400]!r}"
        by_original.setdefault(q.id.split(REWORDED)[0], []).append((q.question, score, note))
    kept = 0
    for qid, rows in by_original.items():
        if all(score == 1.0 for _, score, _ in rows):
            kept += 1
            continue
        print(f"=== {qid}")
        for text, score, note in rows:
            print(f"  {score:.2f} {text}")
            if score < 1.0:
                print(f"      {note}")
    print(f"train questions right in every wording: {kept} of {len(by_original)}")


if __name__ == "__main__":
    main()
