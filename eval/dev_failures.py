"""Print the cross-council questions of the dev split that the assistant gets wrong, with
what it answered and whether the missed facts were in what it retrieved.

This is the only view of failures used while changing rules or weights: it refuses to show
held-out questions (their failures are never looked at; see the README's evaluation section).

    python eval/dev_failures.py [--type list] [--council kent] [--all]
"""

from __future__ import annotations

import argparse
import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from rag.evaluation.metrics import answer_score, covers
from rag.evaluation.sets import council_set
from rag.settings import get_settings


def main() -> None:
    """Answer every dev question and print the ones not fully right."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--type", help="only questions of this type")
    parser.add_argument("--council", help="only this council's questions")
    parser.add_argument("--all", action="store_true", help="print right answers too")
    parser.add_argument("--width", type=int, default=900, help="characters of each answer")
    args = parser.parse_args()
    pipeline, questions, _ = council_set(get_settings())
    dev = [q for q in questions if q.split == "dev"]
    dev = [q for q in dev if (not args.type or q.type == args.type)]
    dev = [q for q in dev if (not args.council or q.council == args.council)]
    scores = []
    for q in dev:
        answer = pipeline.ask(q.question)
        score = answer_score(answer.text, answer.refused, q.refuse, q.key_facts)
        scores.append(score)
        if score == 1.0 and not args.all:
            continue
        retrieved = " ".join(h.chunk.text for h in answer.retrieved)
        print(f"=== {q.id} [{q.type}] score {score:.2f}  refuse={q.refuse}", end=" ")
        print(f"refused={answer.refused}")
        print(f"Q: {q.question}")
        for group in q.key_facts:
            mark = (
                "ok "
                if covers(answer.text, group)
                else ("RET" if covers(retrieved, group) else "---")
            )
            print(f"  {mark} {group[0]}")
        print("A: " + answer.text[: args.width].replace("\n", "\n   "))
        print()
    print(f"dev questions: {len(dev)}, mean score {sum(scores) / max(len(scores), 1):.3f}")


if __name__ == "__main__":
    main()
