"""Lists among a document's spans: each run of items, with the line that leads into it, and
the bullet marks that open an item."""

from __future__ import annotations

import re

import pytest

from rag.records import Span, SpanKind
from rag.text.lists import BULLET_MARK, list_runs


def _spans(*lines: tuple[SpanKind, str]) -> tuple[list[Span], str]:
    """Spans over the lines joined by newlines, and the joined text."""
    spans: list[Span] = []
    start = 0
    for kind, line in lines:
        spans.append(Span(start, start + len(line), kind))
        start += len(line) + 1
    return spans, "\n".join(line for _, line in lines)


def _runs(*lines: tuple[SpanKind, str]) -> list[tuple[int, int]]:
    spans, text = _spans(*lines)
    return list_runs(spans, lambda span: text[span.start : span.end])


@pytest.mark.parametrize(
    ("lines", "runs"),
    [
        ([("text", "No list here."), ("text", "Nor here:")], []),
        ([], []),
        ([("item", "Return home interviews"), ("item", "Supervision")], [(0, 1)]),
        (
            [("text", "Plans are slow."), ("item", "Return home interviews"), ("item", "IROs")],
            [(1, 2)],  # the sentence before does not lead into the list
        ),
        (
            [("text", "More progress is needed in:"), ("item", "Return home"), ("item", "IROs")],
            [(0, 2)],
        ),
        (
            [("heading", "Areas for improvement:"), ("item", "Return home"), ("item", "IROs")],
            [(1, 2)],  # a heading is not a lead-in, even one ending ':'
        ),
        (
            [("text", "Inspectors found:"), ("text", "Leaders know."), ("item", "One")],
            [(2, 2)],  # only the line just before the list can lead into it
        ),
        ([("text", "Inspectors found:"), ("item", "One"), ("text", "After.")], [(0, 1)]),
    ],
)
def test_list_runs(lines: list[tuple[SpanKind, str]], runs: list[tuple[int, int]]) -> None:
    assert _runs(*lines) == runs


def test_several_runs_each_with_or_without_its_lead_in() -> None:
    runs = _runs(
        ("heading", "What needs to improve"),
        ("text", "Leaders should improve:"),
        ("item", "supervision"),
        ("item", "return home interviews"),
        ("text", "Inspectors also saw strengths."),
        ("item", "timely referrals"),
        ("text", "And:"),
        ("item", "good management oversight"),
    )
    assert runs == [(1, 3), (5, 5), (6, 7)]


def test_list_runs_reads_the_lead_in_through_its_callback() -> None:
    spans = [Span(0, 10, "text"), Span(11, 20, "item")]
    read: list[Span] = []

    def text_of(span: Span) -> str:
        read.append(span)
        return "It found:"

    assert list_runs(spans, text_of) == [(0, 1)]
    assert read == [spans[0]]  # only the line before the items is read


@pytest.mark.parametrize("mark", ["•", "▪", "◦", "●", "■", "◼", "▶", "►", "*", "-", "–"])
def test_bullet_mark_matches_the_bullets_reports_use(mark: str) -> None:
    assert re.fullmatch(BULLET_MARK, mark)
    assert re.match(rf"{BULLET_MARK}\s+", f"{mark} Return home interviews")


# "+" and "," lie between "*" and "-": they would match if "-" made a range.
@pytest.mark.parametrize("text", ["+", ",", ".", "a", "1", "(", " ", "••"])
def test_bullet_mark_matches_nothing_else(text: str) -> None:
    assert not re.fullmatch(BULLET_MARK, text)
