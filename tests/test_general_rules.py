"""A guard: no rule, comment or docstring in rag/ names a phrase of an evaluation question.

Every five-word run of every evaluation question (the Newham set, its rewordings and the
cross-council set, the follow-up conversations' turns) is looked for in rag/'s source, and in
the strings and comments of every unit test (no test copies a question).
Allowed are only runs that are general: phrasings that questions about three councils or
more share, or three questions or more ("what does ... stand for"), and the inspection
framework's own words (runs that occur in the text of Newham's Ofsted reports in corpus/)."""

from __future__ import annotations

import json
import re
import tokenize
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUN = 5
COUNCILS = 3
# Standard expansions of the sector's acronyms (rag/data/glossary.yaml): the words of the
# trade, not of a question.
ACRONYMS = {"special educational needs and disabilities"}
COMMON = 3  # a phrasing three questions share is how people ask, not one question's words


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z]+", text.lower())


def _runs(text: str) -> set[str]:
    words = _words(text)
    return {" ".join(words[i : i + RUN]) for i in range(len(words) - RUN + 1)}


def _questions() -> list[tuple[str, str]]:
    """(council, question) for every evaluation question and rewording."""
    found = []
    eval_dir = ROOT / "eval"
    for line in (eval_dir / "questions.jsonl").read_text(encoding="utf-8").splitlines():
        found.append(("newham", json.loads(line)["question"]))
    for line in (eval_dir / "rewordings.jsonl").read_text(encoding="utf-8").splitlines():
        found += [("newham", text) for text in json.loads(line)["rewordings"]]
    for path in sorted((eval_dir / "reports").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            found.append((row["council"], row["question"]))
    for line in (eval_dir / "followups.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        found += [(row["council"] or "newham", turn) for turn in row["turns"]]
    return found


def _texts_of_rag() -> list[str]:
    """Every string (rules, messages, docstrings) and comment in rag/'s modules, and the
    data files the rules read."""
    texts = []
    for path in sorted((ROOT / "rag").rglob("*.py")):
        with path.open("rb") as source:
            texts += [
                token.string
                for token in tokenize.tokenize(source.readline)
                if token.type in (tokenize.STRING, tokenize.COMMENT)
            ]
    for path in (ROOT / "rag" / "data").glob("*.yaml"):
        texts += path.read_text(encoding="utf-8").splitlines()
    return texts


# Every unit test is checked too: no test copies an evaluation question (this guard's own
# file aside, which names no question).
RULE_TESTS = tuple(
    sorted(p.name for p in (ROOT / "tests").glob("*.py") if p.name != Path(__file__).name)
)


def _strings_of(path: Path) -> list[str]:
    with path.open("rb") as source:
        return [
            token.string
            for token in tokenize.tokenize(source.readline)
            if token.type in (tokenize.STRING, tokenize.COMMENT)
        ]


def test_no_rule_names_a_phrase_of_an_evaluation_question() -> None:
    councils: dict[str, set[str]] = defaultdict(set)
    questions: dict[str, int] = defaultdict(int)
    for council, question in _questions():
        for run in _runs(question):
            councils[run].add(council)
            questions[run] += 1
    framework: set[str] = set()
    for report in (ROOT / "corpus").glob("*-ofsted-*-inspection-report.md"):
        framework |= _runs(report.read_text(encoding="utf-8"))
    tests = [t for name in RULE_TESTS for t in _strings_of(ROOT / "tests" / name)]
    source = set().union(*(_runs(text) for text in [*_texts_of_rag(), *tests]))
    named = sorted(
        run
        for run, asked_by in councils.items()
        if len(asked_by) < COUNCILS
        and questions[run] < COMMON
        and run not in framework | ACRONYMS
        and run in source
    )
    assert not named, f"rag/ or a rule's test names phrases of evaluation questions: {named}"


def test_the_guard_reads_rules_and_docstrings() -> None:
    texts = _texts_of_rag()
    assert any("Overall effectiveness" in t for t in texts)  # a rule's string
    assert any("One reading of the question" in t for t in texts)  # a docstring
    short = [q for _, q in _questions() if not _runs(q)]
    assert all(len(_words(q)) < RUN for q in short), "every long question is guarded"
