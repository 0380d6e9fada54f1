"""Print the follow-up conversations of the dev split whose last turn does worse asked as a
follow-up than its standalone question: the turns, the question the assistant made of it, and
the standalone question. Held-out conversations are never shown (see the README).

    python eval/followup_failures.py
"""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from rag.evaluation.followups import load_conversations, run_sets
from rag.settings import get_settings


def main() -> None:
    """Run the dev conversations and print the ones the follow-up loses."""
    settings = get_settings()
    conversations = load_conversations(settings.eval_dir / "followups.jsonl")
    dev = [c for c in conversations if c.split == "dev"]
    for c, r in run_sets(settings, dev):
        if r.follow_up >= r.standalone:
            continue
        print(f"=== {c.id} [{c.form}] {r.follow_up:.2f} vs {r.standalone:.2f}")
        for turn in c.turns:
            print(f"  > {turn}")
        print(f"  made: {r.rewritten}")
        print(f"  want: {c.standalone}")


if __name__ == "__main__":
    main()
