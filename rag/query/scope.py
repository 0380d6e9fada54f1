"""Scope: notice a question that the record cannot answer because of what it asks about: a
council, an inspectorate, a year or a visit it does not cover, a person it has speaking only
about other visits, or the future."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from rag.query.question import WORDS_ASKED, event_intent, events_between, unmatched_event
from rag.records import Filters
from rag.text.names import month_number, name_variants, names_in, people_in

if TYPE_CHECKING:
    from rag.query.understand import Intent

_YEAR = re.compile(r"(?<!\d)(19[89]\d|20[0-4]\d)(?!\d)")
# A question about what comes next: an inspection or grade in the future ("will ... be rated",
# "the next inspection", "when is ... due").
_FUTURE = re.compile(
    r"\b(will|going to|likely to|predicted to|is due|are due|due to)\s+"
    r"(?:\S+\s+){0,3}?(?:be\s+)?(rated|graded|judged|rate|grade|judge|inspected|inspect|get|"
    r"receive|achieve)\b|"
    r"\b(next|upcoming|forthcoming|future)\s+(?:ofsted\s+|full\s+)?(inspection|monitoring visit|"
    r"focused visit|visit)\b|\bwhen\b[^?]*\b(next|due)\b",
    re.IGNORECASE,
)
# Adult social care is inspected by another regime; the record is of children's services.
_ADULTS = re.compile(r"\badult(s['’])? social care\b|\bservices for adults\b", re.IGNORECASE)


@dataclass(frozen=True)
class ScopeDocument:
    """What scope needs of one document."""

    authority: str | None
    date: dt.date
    event: str
    text: str
    inspected: tuple[dt.date, ...] = ()  # the inspection's first and last days, if known
    publisher: str = ""
    source_type: str = ""


@dataclass(frozen=True)
class Scope:
    """What the record covers: the councils it concerns, the councils and bodies it names,
    the years it mentions, its events, and the events each person named in it appears in."""

    authorities: frozenset[str]
    mentioned: frozenset[str]
    years: frozenset[int]
    events: frozenset[str] = frozenset()
    people: Mapping[str, frozenset[str]] = field(default_factory=dict)
    event_dates: Mapping[str, dt.date] = field(default_factory=dict)
    # Each council's events, and the years each event's documents were published in or
    # inspected in ("the 2023 report" is of an inspection in November 2022).
    council_events: Mapping[str, frozenset[str]] = field(default_factory=dict)
    event_years: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # Who published the record's documents, and what kind of source each is ("Community
    # Care" -> press): a question naming a publisher asks for that source's words.
    publishers: Mapping[str, str] = field(default_factory=dict)
    # The events whose documents name each office that speaks for a council ("mayor" ->
    # the visits a mayor is quoted or named about).
    offices: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # Whether a word (any form of it: "inspected", "inspections") occurs anywhere in the
    # record; None when the record's words are not known (nothing is then said unknown).
    knows: Callable[[str], bool] | None = field(default=None, compare=False, repr=False)

    def events_of(self, councils: Iterable[str]) -> frozenset[str]:
        """The events of the documents about these councils (all events for none)."""
        chosen = [self.council_events.get(c, frozenset()) for c in councils]
        return frozenset().union(*chosen) if chosen else self.events


# Offices that speak for a council, as questions and documents name them.
_OFFICES = {
    "mayor": re.compile(r"\bmayor\b", re.IGNORECASE),
    "councillor": re.compile(
        r"\b(?:cllr|councillors?|cabinet members?|lead members?|portfolio holders?)\b",
        re.IGNORECASE,
    ),
    "chief executive": re.compile(r"\bchief executive\b", re.IGNORECASE),
}


def record_scope(
    documents: Iterable[ScopeDocument], knows: Callable[[str], bool] | None = None
) -> Scope:
    """The scope of a record from its documents (`knows`: whether a word is the record's)."""
    authorities: set[str] = set()
    mentioned: set[str] = set()
    years: set[int] = set()
    events: set[str] = set()
    people: dict[str, set[str]] = {}
    event_dates: dict[str, dt.date] = {}
    council_events: dict[str, set[str]] = {}
    event_years: dict[str, set[str]] = {}
    publishers: dict[str, str] = {}
    offices: dict[str, set[str]] = {}
    for doc in documents:
        for office, pattern in _OFFICES.items():
            if pattern.search(doc.text):
                offices.setdefault(office, set()).add(doc.event)
        if doc.publisher and doc.source_type:
            publishers[doc.publisher] = doc.source_type
        event_dates[doc.event] = min(event_dates.get(doc.event, doc.date), doc.date)
        event_years.setdefault(doc.event, set()).update(
            str(d.year) for d in (doc.date, *doc.inspected)
        )
        if doc.authority:
            authorities.add(doc.authority)
            council_events.setdefault(doc.authority, set()).add(doc.event)
        years.update(d.year for d in (doc.date, *doc.inspected))  # published, inspected
        years.update(int(y) for y in _YEAR.findall(doc.text))
        events.add(doc.event)
        mentioned.update(names_in("authorities.txt", doc.text))
        mentioned.update(names_in("bodies.txt", doc.text))
        for person in people_in(doc.text):
            people.setdefault(person, set()).add(doc.event)
    return Scope(
        frozenset(authorities),
        frozenset(mentioned),
        frozenset(years),
        frozenset(events),
        {person: frozenset(found) for person, found in people.items()},
        event_dates,
        {council: frozenset(found) for council, found in council_events.items()},
        {event: frozenset(found) for event, found in event_years.items()},
        publishers,
        {office: frozenset(found) for office, found in offices.items()},
        knows,
    )


def out_of_scope(question: str, scope: Scope) -> str | None:
    """Why the record cannot answer the question, in a sentence; None if it may."""
    known = scope.authorities | scope.mentioned
    covered = ", ".join(sorted(scope.authorities)) or "other councils"
    for name in names_in("authorities.txt", question, skip_first_word=True, any_case=True):
        if name not in known:
            return f"The record covers {covered}; it holds nothing about {name}."
    for name in names_in("bodies.txt", question, any_case=True):
        if name not in known or _asks_findings_of(question, name):
            return f"The record holds Ofsted's inspections and their coverage, not the {name}'s."
    if _ADULTS.search(question):
        return "It is a record of children's social care; adult social care is inspected apart."
    asked = {int(y) for y in _YEAR.findall(question)}
    if asked and not asked & scope.years:
        years = ", ".join(str(y) for y in sorted(asked))
        span = f"{min(scope.years)} to {max(scope.years)}" if scope.years else "no dates"
        return f"Nothing in the record is from or about {years} (it spans {span})."
    visit = unmatched_event(question, scope.events)
    if visit:
        return f"It holds no report of the {visit}."
    if _FUTURE.search(question):
        return "It records inspections and visits that have happened, not what comes next."
    unknown = unknown_name(question, scope.knows)
    if unknown:
        return f"Nothing in the record mentions {unknown}."
    return _person_elsewhere(question, scope)


# A name in a question: capitalised words in a row ("Crystal Palace", "Brighton Pier", "Signs of
# Safety"), with their possessive dropped. Honorifics are not names ("Ms", "Cllr").
_NAME_RUN = re.compile(
    r"\b[A-Z][a-z]+(?:['’]s)?\b(?:(?:\s+(?:of|and|for|the))?\s+[A-Z][a-z]+(?:['’]s)?\b)*"
)
_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "cllr", "sir", "dame", "lord", "lady"})
# Words of time are dates, not names: a record that never writes "January" may still hold
# what happened then (the questions' dates are read apart). Months are `month_number`'s.
_TIME_WORDS = frozenset(
    "spring summer autumn winter monday tuesday wednesday thursday friday saturday sunday".split()
)
_SENTENCE_START = re.compile(r"(?:^|[.?!:;]\s+|[\"“‘(]\s*)$")


def _not_a_name(word: str) -> bool:
    """An honorific or a word of time ("Ms", "January", "Sept", "Sundays")."""
    return word in _HONORIFICS or any(
        w in _TIME_WORDS or month_number(w) is not None for w in (word, word.removesuffix("s"))
    )


def unknown_name(question: str, knows: Callable[[str], bool] | None) -> str | None:
    """A name the question asks about that the record never uses: a capitalised word, not
    the first of a sentence, that occurs in no document in any form ("Crystal Palace", a
    programme another council runs). The words of a name are looked up one by one, so a
    name written otherwise than the record writes it ("Newham Children's Services") is
    not unknown while each of its words is the record's; months, seasons and days are
    dates, not names. None when every name is known, or when the record's words are not
    known."""
    if knows is None:
        return None
    for match in _NAME_RUN.finditer(question):
        words = [w[:-2] if w.endswith(("'s", "’s")) else w for w in match.group().split()]
        if _SENTENCE_START.search(question[: match.start()]):
            words = words[1:]  # "What ...", "Did ...": a capital that starts a sentence
        while words and words[0].islower():  # a joining word left first: "In the Kirklees"
            words = words[1:]
        named = [w for w in words if w[0].isupper() and not _not_a_name(w.lower())]
        if any(not knows(w) for w in named):
            return " ".join(words)
    return None


def council_year_missing(councils: Iterable[str], question: str, scope: Scope) -> str | None:
    """A year the question names for a council of the record that none of that council's
    documents is from or about (by inspection or publication year); None when a named year
    is covered, or no council or year is named."""
    asked = set(_YEAR.findall(question))
    for council in councils:
        events = scope.council_events.get(council)
        if not asked or not events:
            continue
        years = set().union(*(scope.event_years.get(e, frozenset()) for e in events))
        if not asked & years:
            held = ", ".join(sorted(years))
            named = ", ".join(sorted(asked))
            return f"It holds no report on {council} from {named} (its reports are from {held})."
    return None


def _asks_findings_of(question: str, body: str) -> bool:
    """Whether the question asks what another inspectorate itself found or concluded
    (what it found, said, rated or gave as a grade, or a joint inspection it took part in)."""
    alternatives = "|".join(re.escape(n) for n in name_variants("bodies.txt", body))
    return bool(
        re.search(
            rf"\b(?:{alternatives})(?:['’]s)?\s+(?:\w+\s+){{0,2}}?(find|found|say|said|conclude|"
            rf"concluded|rate|rated|judge|judged|report|reported|inspection|inspected|review|"
            rf"give|gave|given|award|awarded|grade|graded)\b|"
            # "what rating did the CQC give", "which grade has HMIP awarded"
            rf"\b(?:rating|grade|judgement|judgment|verdict|score)s?\s+(?:did|does|has|had|have)\s+"
            rf"(?:the\s+)?(?:{alternatives})\b|"
            rf"\bjoint\b[^?]*\b(?:{alternatives})\b",
            question,
            re.IGNORECASE,
        )
    )


def narrow(intent: Intent, filters: Filters, scope: Scope) -> tuple[Filters, str]:
    """Filters narrowed to what the question names: a council (when the record covers more
    than one) and a particular inspection or visit. Returns them and a note of what was
    narrowed ("" when nothing was). Filters set by the user are left as they are."""
    filters, council_note = narrow_councils(intent, filters, scope)
    notes = [council_note] if council_note else []
    if not filters.events:
        visits = intent.named_events or _year_scoped(intent)
        if len(visits) > 1:  # "between the 2019 inspection and the 2020 visit": all between
            events = scope.events_of(intent.covered)
            between = events_between(intent.question, events, scope.event_dates, scope.event_years)
            visits = frozenset(between)
        if visits:
            filters = replace(filters, events=tuple(sorted(visits)))
            notes.append("the documents about the " + " and the ".join(sorted(visits)))
    return filters, "; ".join(notes)


def narrow_councils(intent: Intent, filters: Filters, scope: Scope) -> tuple[Filters, str]:
    """Filters narrowed to the councils the question names, when the record covers more than
    one and the user chose none; with a note of it ("" when nothing was narrowed)."""
    if filters.authorities or len(scope.authorities) <= 1 or not intent.covered:
        return filters, ""
    narrowed = replace(filters, authorities=intent.covered)
    return narrowed, "the documents about " + " and ".join(intent.covered)


def _year_scoped(intent: Intent) -> frozenset[str]:
    """The events of the year a question about one time names ("in 2014"); none for a
    question about change, which needs every visit."""
    return frozenset() if intent.kind == "timeline" or intent.history else intent.events


def _person_elsewhere(question: str, scope: Scope) -> str | None:
    """A person the question asks about who appears only in documents about other visits
    than the one it names: a councillor quoted about one visit, asked about another."""
    asked = event_intent(question, scope.events)
    if not asked:
        return None
    for person in people_in(question):
        found = scope.people.get(person)
        if found and not found & asked:
            where = ", ".join(sorted(found))
            return f"The record has {person} only in documents about the {where}."
    if not WORDS_ASKED.search(question):  # the office asked about is a speaker, not a topic
        return None
    for office, pattern in _OFFICES.items():  # the mayor asked for words on a visit
        if pattern.search(question) and not scope.offices.get(office, frozenset()) & asked:
            held = scope.offices.get(office)
            where = f" only in documents about the {', '.join(sorted(held))}" if held else ""
            return f"The record names the council's {office}{where}, not about the {_one(asked)}."
    return None


def _one(events: Iterable[str]) -> str:
    return " or the ".join(sorted(events))
