"""Scope: notice a question about a council or a year that the record does not cover."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from rag.question import unmatched_event

_YEAR = re.compile(r"(?<!\d)(19[89]\d|20[0-4]\d)(?!\d)")


@dataclass(frozen=True)
class Scope:
    """What the record covers: the councils it concerns or names, and the years it mentions."""

    authorities: frozenset[str]
    mentioned: frozenset[str]
    years: frozenset[int]
    events: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def load_authorities() -> tuple[tuple[str, ...], ...]:
    """English councils with children's services, each as (name, other names...)."""
    text = resources.files("rag").joinpath("data", "authorities.txt").read_text(encoding="utf-8")
    rows = (line.strip() for line in text.splitlines())
    return tuple(
        tuple(name.strip() for name in row.split("|")) for row in rows if row and row[0] != "#"
    )


def record_scope(
    authorities: Iterable[str],
    texts: Iterable[str],
    dates_years: Iterable[int],
    events: Iterable[str] = (),
) -> Scope:
    """The scope of a record from its documents' councils, texts, years and events."""
    mentioned: set[str] = set()
    years = set(dates_years)
    for text in texts:
        years.update(int(y) for y in _YEAR.findall(text))
        mentioned.update(_councils_named(text))
    return Scope(
        frozenset(a for a in authorities if a),
        frozenset(mentioned),
        frozenset(years),
        frozenset(events),
    )


def out_of_scope(question: str, scope: Scope) -> str | None:
    """Why the record cannot answer the question (an uncovered council, year or visit)."""
    known = scope.authorities | scope.mentioned
    for name in _councils_named(question, skip_first_word=True):
        if name not in known:
            covered = ", ".join(sorted(scope.authorities)) or "other councils"
            return f"The record covers {covered}; it holds nothing about {name}."
    asked = {int(y) for y in _YEAR.findall(question)}
    if asked and not asked & scope.years:
        years = ", ".join(str(y) for y in sorted(asked))
        span = f"{min(scope.years)} to {max(scope.years)}" if scope.years else "no dates"
        return f"Nothing in the record is from or about {years} (it spans {span})."
    visit = unmatched_event(question, scope.events)
    if visit:
        return f"It holds no report of the {visit}."
    return None


def _councils_named(text: str, skip_first_word: bool = False) -> list[str]:
    """Councils named in the text (capitalised, whole words), by main name. A question's
    first word is skipped for one-word names, often ordinary words ("Reading the report")."""
    pattern, canonical = _gazetteer_pattern()
    found: list[str] = []
    for match in pattern.finditer(text):
        name = match.group(1)
        if skip_first_word and " " not in name and not text[: match.start()].strip():
            continue
        found.append(canonical[name])
    return list(dict.fromkeys(found))


@lru_cache(maxsize=1)
def _gazetteer_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    canonical = {name: names[0] for names in load_authorities() for name in names}
    alternatives = "|".join(re.escape(n) for n in sorted(canonical, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])({alternatives})(?:['’]s)?(?![\w-])"), canonical
