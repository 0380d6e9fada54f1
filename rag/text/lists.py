"""Lists in a document's spans: where each run of list items starts and ends, with the line
that leads into it. Ingest embeds a list item with its lead-in; answering quotes lists whole."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rag.records import Span

# The marks that open a list item in the record's texts (bullets, arrows, dashes), one class
# for every stage that reads items.
BULLET_MARK = r"[•▪◦●■◼▶►*\-–]"


def list_runs(spans: Sequence[Span], text_of: Callable[[Span], str]) -> list[tuple[int, int]]:
    """Index ranges [first, last] of each list among spans, lead-in line (ending ':') included."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(spans):
        if spans[i].kind != "item":
            i += 1
            continue
        first = i
        while i < len(spans) and spans[i].kind == "item":
            i += 1
        if (
            first > 0
            and spans[first - 1].kind == "text"
            and text_of(spans[first - 1]).endswith(":")
        ):
            first -= 1
        runs.append((first, i - 1))
    return runs
