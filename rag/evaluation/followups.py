"""The follow-up evaluation (`eval/followups.jsonl`, `rag eval --followups`): conversations of
two or three turns whose last turn leans on the ones before ("And in 2022?"), each built from a
question of a tuning split and scored on that question's key facts. The same question asked
on its own is the yardstick: a follow-up should do as well as its standalone question.

The conversations are split in two by the SHA-1 of their id: the rewriting rules were changed
while reading `dev` failures only; `heldout` ones are only ever counted.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rag.errors import RagError
from rag.evaluation.metrics import key_fact_recall, mean
from rag.records import Answer
from rag.settings import Settings

if TYPE_CHECKING:
    from rag.pipeline import Pipeline

Ask = Callable[[str, Sequence[str]], Answer]  # (question, earlier questions) -> answer


@dataclass(frozen=True)
class Conversation:
    """A conversation whose last turn stands for `standalone`."""

    id: str
    set: str  # "newham" or "councils": the record it is asked of
    turns: tuple[str, ...]
    standalone: str
    key_facts: tuple[tuple[str, ...], ...]
    source: str = ""
    form: str = ""

    @property
    def split(self) -> str:
        """ "dev" or "heldout", by the SHA-1 of the id."""
        return ("dev", "heldout")[hashlib.sha1(self.id.encode()).digest()[0] % 2]


@dataclass(frozen=True)
class FollowUpResult:
    """How one conversation's last turn did, asked as a follow-up and on its own."""

    id: str
    form: str
    split: str
    rewritten: str  # the standalone question the assistant made of the follow-up
    follow_up: float
    standalone: float


def load_conversations(path: Path) -> list[Conversation]:
    """The conversations, checked: two turns or more, and key facts to score."""
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        row = json.loads(line)
        turns = tuple(row.get("turns") or ())
        facts = tuple(tuple(group) for group in row.get("key_facts") or ())
        if len(turns) < 2 or not facts or row.get("set") not in ("newham", "councils"):
            raise RagError(
                f"{path}, line {n}: a conversation needs two turns or more, key facts and a "
                'set ("newham" or "councils").'
            )
        out.append(
            Conversation(
                row["id"],
                row["set"],
                turns,
                row["standalone"],
                facts,
                row.get("source", ""),
                row.get("form", ""),
            )
        )
    return out


def run_conversations(ask: Ask, conversations: Sequence[Conversation]) -> list[FollowUpResult]:
    """Ask each conversation's last turn with its earlier turns, and its standalone question
    alone; score both on the key facts (a refusal scores 0)."""
    results = []
    for c in conversations:
        followed = ask(c.turns[-1], c.turns[:-1])
        alone = ask(c.standalone, ())
        results.append(
            FollowUpResult(
                c.id,
                c.form,
                c.split,
                followed.standalone_question or followed.question,
                _score(followed, c.key_facts),
                _score(alone, c.key_facts),
            )
        )
    return results


def run_sets(
    settings: Settings, conversations: Sequence[Conversation]
) -> list[tuple[Conversation, FollowUpResult]]:
    """Each conversation run on the record of its set (the councils' record only where the
    reports are: its conversations are skipped, with a line saying why, where they are not)."""
    from rag.evaluation.sets import build_eval_record, council_set

    out: list[tuple[Conversation, FollowUpResult]] = []
    for name in ("newham", "councils"):
        chosen = [c for c in conversations if c.set == name]
        if not chosen:
            continue
        try:
            pipeline = build_eval_record(settings) if name == "newham" else council_set(settings)[0]
        except RagError as exc:
            print(f"{name}: skipped ({exc})", file=sys.stderr)
            continue

        def ask(question: str, history: Sequence[str], p: Pipeline = pipeline) -> Answer:
            return p.ask(question, history=history)

        out += zip(chosen, run_conversations(ask, chosen), strict=True)
    return out


def _score(answer: Answer, key_facts: tuple[tuple[str, ...], ...]) -> float:
    return 0.0 if answer.refused else key_fact_recall(answer.text, key_facts)


def summary_rows(results: Sequence[FollowUpResult]) -> list[list[str]]:
    """The table `rag eval --followups` prints: overall, then by form of follow-up."""
    rows = [["conversations", "n", "follow-up key facts", "standalone key facts", "gap"]]
    groups = {"all": list(results)}
    for r in results:  # the splits' rows first, then the forms'
        groups.setdefault(f"split: {r.split}", []).append(r)
    for r in results:
        groups.setdefault(r.form or "other", []).append(r)
    for name, group in groups.items():
        followed = mean([r.follow_up for r in group]) or 0.0
        alone = mean([r.standalone for r in group]) or 0.0
        rows.append(
            [name, str(len(group)), f"{followed:.3f}", f"{alone:.3f}", f"{alone - followed:+.3f}"]
        )
    return rows
