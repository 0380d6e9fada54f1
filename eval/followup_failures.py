"""Print the follow-up conversations of the dev split whose last turn does worse asked as a
follow-up than its standalone question: the turns, the question the assistant made of it, and
the standalone question. Held-out conversations are never shown (see the README).

    python eval/followup_failures.py
"""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from rag.evaluation.followups import load_conversations, run_conversations
from rag.evaluation.sets import build_eval_record, council_set
from rag.settings import get_settings


def main() -> None:
    """Run the dev conversations and print the ones the follow-up loses."""
    settings = get_settings()
    conversations = [
        c for c in load_conversations(settings.eval_dir / "followups.jsonl") if c.split == "dev"
    ]
    for name in ("newham", "councils"):
        pipeline = build_eval_record(settings) if name == "newham" else council_set(settings)[0]
        chosen = [c for c in conversations if c.set == name]
        results = run_conversations(lambda q, h, p=pipeline: p.ask(q, history=h), chosen)
        for c, r in zip(chosen, results, strict=True):
            if r.follow_up >= r.standalone:
                continue
            print(f"=== {c.id} [{c.form}] {r.follow_up:.2f} vs {r.standalone:.2f}")
            for turn in c.turns:
                print(f"  > {turn}")
            print(f"  made: {r.rewritten}")
            print(f"  want: {c.standalone}")


if __name__ == "__main__":
    main()
