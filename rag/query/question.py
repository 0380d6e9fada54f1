"""Reading a question: what shape of answer it wants, whom and which visit it asks about,
and its topic without those scope words (what kind of fact it wants: `answer_type`)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal

from rag.query.answer_type import asks_when, wants_number
from rag.text.names import MONTHS, YEAR

QuestionKind = Literal["factual", "list", "timeline", "attribution"]

_PLURALS = (
    r"areas?|improvements|weaknesses|strengths|concerns|issues|priorities|measures|steps|"
    r"actions|things|findings|aspects|changes|recommendations|failings|criticisms|kinds|parts|"
    r"problems|options|topics|themes"
)
_LIST = re.compile(
    rf"\b(list|name all|what are the|which|what)\b(\s+\S+){{0,3}}?\s+({_PLURALS})\b|"
    rf"\b({_PLURALS})\b.*\b(needed|need|still|highlighted|identified|found|find|included|were|"
    rf"are)\b|\bfocus(ed)? on\b",
    re.IGNORECASE,
)
# "Between" two times or visits ("between the 2019 inspection and ...", "between Ofsted's
# spring and autumn visits"), not two things ("between social workers and their managers").
_BETWEEN_TIMES = (
    rf"between (?:[\w’'-]+\s+){{0,2}}?(?:{YEAR}|{'|'.join(MONTHS)}|spring|summer|autumn|"
    r"winter|early|late|first|last|previous|earlier|inspections?|visits?|reports?)\b[^?]*\band"
)
_TIMELINE = re.compile(
    r"\b(timeline|chronological(ly)?|in order|sequence|over time|story (of|so far)|journey|"
    r"history of|"
    rf"changed?|evolv\w*|progress(ed)? (from|since|between)|{_BETWEEN_TIMES}|"
    r"since (the )?\d{4}|what happened (after|next|since)|from \d{4} to \d{4}|"
    # over several visits: "across the three inspections", "from one report to the next",
    # "from 2014 onwards", "2014 through 2022", "over the years", "lighter now than in 2014"
    r"(?:across|over|throughout) (?:the |its |all |each of |their )?(?:\w+ ){0,2}?"
    r"(?:inspections|reports|visits)|from one (?:inspection|report|visit) to the next|"
    r"\d{4} (?:onwards|through|until|up to)|over the years|"
    r"(?:now|today|currently) than (?:in|at|during) (?:the )?\d{4})\b",
    re.IGNORECASE,
)
_ATTRIBUTION = re.compile(
    r"^\s*(who|according to whom|(?:to|by|from) whom|which (person|organisation|organization|"
    r"body|publication|newspaper|paper|magazine|outlet|news outlet|website|source|councillor|"
    r"journalist))\b|"
    r"\bwho (said|says|wrote|called|warned|stated|reported|"
    r"found)\b|"
    # "Whose view was it that ...?", "Whose words are these?": the speaker of a view
    r"\bwhose (?:view|views|words|opinion|verdict|claim|comment|assessment|description|idea|"
    r"criticism|praise|statement|conclusion)\b",
    re.IGNORECASE,
)
# Which of two speakers said something ("Did the inspectors or the council say ...?", "Who
# called it X: the watchdog or the local authority?"), so neither is favoured; a choice between
# two things that says no verb of speech ("Which has the higher grade, X or Y?") is not.
_SPEECH = r"(?:said|say|says|wrote|write|described|describe|called|call|claimed|claim)"
_EITHER_SPEAKER = re.compile(
    rf"^\s*(?:was it|is it|did)\s[^?]{{1,40}}?\bor\b[^?]{{1,60}}?\b{_SPEECH}\b|"
    rf"^\s*(?:who|which)\b[^?:,]*\b{_SPEECH}\b[^?]*[:,]\s*(?:the\s+)?[\w’' -]{{2,30}}?\s+or\s+"
    r"(?:the\s+)?[\w’' -]{2,30}\?\s*$",
    re.IGNORECASE,
)
_SPEAKER_WORDS = {
    "ofsted": re.compile(r"\b(ofsted|inspectors?|inspectorate|hmis?|watchdog)\b", re.IGNORECASE),
    "council": re.compile(r"\b(councillors?|cllr|mayor)\b", re.IGNORECASE),
    "press": re.compile(
        r"\b(press|news(papers?)?|media|journalists?|reported|paper|outlets?|magazines?)\b",
        re.IGNORECASE,
    ),
}
_STRICT_KINDS = ("monitoring visit", "focused visit")
# Everyday names for the two kinds of visit: a monitoring visit is Ofsted's return to check on
# a council judged inadequate ("a follow-up visit", "a progress check"); a focused visit looks
# at one theme ("a targeted visit").
_KIND_WORDS = {
    "monitoring visit": re.compile(
        r"\bmonitoring (?:visit|letter)|\b(follow-up|follow up|return|repeat) visit|"
        r"\bprogress[\s-]check|"
        r"\b(?:its|ofsted's|ofsted’s) follow[\s-]?up\b|"
        r"\bcheck-in\b|\b(came|come|coming|went|go|going) back to (check|monitor)\b|"
        r"\breturn(ed|s|ing)? to (check|monitor)\b",
        re.IGNORECASE,
    ),
    "focused visit": re.compile(r"\b(focused|targeted|themed) (?:visit|letter)", re.IGNORECASE),
}
# The months a part of a year means ("autumn 2020", "early 2019", "the end of 2022").
_SEASONS = (
    (r"spring", ("march", "april", "may")),
    (r"summer", ("june", "july", "august")),
    (r"autumn|fall", ("september", "october", "november")),
    (r"winter", ("december", "january", "february")),
    (r"early|start of|beginning of|first (?:few )?months of", MONTHS[:4]),
    (r"late|end of|close of|last (?:few )?months of", MONTHS[8:]),
)
_SEASON_WORDS = tuple(
    (re.compile(rf"\b(?:{words})(?:\s+of)?[\s-]+(?:the\s+)?{YEAR}\b", re.IGNORECASE), months)
    for words, months in _SEASONS
)
_YEAR = YEAR
_WHEN = rf"(?:(?:the\s+)?(?:{'|'.join(words for words, _ in _SEASONS)})|{'|'.join(MONTHS)})"
# Not "before": "before 2019" is about a time outside the visit it names.
_PREP = (
    r"(?:at the time of|according to|at|during|in|on|after|from|of|since|by|for|following|to|"
    r"through)"
)
_KIND = (
    r"(?:(?:ofsted\s+)?(?:second\s+|first\s+|full\s+)?(?:monitoring|focused)\s+"
    r"(?:visit\s+letter|visit|letter)|inspection|inspectors|visit|letter|report)s?"
)
_SCOPE_WITH_KIND = re.compile(
    rf"(?:\s*\b{_PREP})?\s*(?:\bthe\s+|\bits\s+|\bofsted's\s+)?(?:\b{_WHEN}(?:\s+of)?[\s-]+)?"
    rf"(?:\b{_YEAR}\s+)?(?:ofsted(?:'s|’s)?\s+)?\b{_KIND}\b",
    re.IGNORECASE,
)
# A range of time between two of the record's visits or years ("between 2019 and late 2020").
_RANGE = re.compile(
    rf"\s*\bbetween\s+(?:the\s+)?(?:{_WHEN}(?:\s+of)?[\s-]+)?{_YEAR}"
    rf"(?:\s+(?:ofsted\s+)?{_KIND})?\s+and\s+(?:the\s+)?(?:{_WHEN}(?:\s+of)?[\s-]+)?{_YEAR}"
    rf"(?:\s+(?:ofsted\s+)?{_KIND})?\b",
    re.IGNORECASE,
)
_SCOPE_TIME = re.compile(rf"\s*\b{_PREP}\s+(?:{_WHEN}(?:\s+of)?[\s-]+)?{_YEAR}\b", re.IGNORECASE)
# Institutions only: a mayor or councillor is a person, often quoted by the press.
_SPEAKERS = (
    r"(?:the\s+)?(?:ofsted(?:'s)?(?:\s+inspectors)?|inspectors|inspectorate|hmis?|council|"
    r"press|papers?|newspapers?|watchdog)"
)
# "What did <a speaker> find about X?": who is asked is scope (a bonus for their documents),
# not topic; left in, it favours sentences that merely mention inspectors.
_SPEAKER_SUBJECT = re.compile(
    rf"\b(did|does|do|has|have|had)\s+{_SPEAKERS}(?=\s+\w)", re.IGNORECASE
)
_ACCORDING_TO = re.compile(rf",?\s*\baccording to\s+{_SPEAKERS}\b", re.IGNORECASE)
_FILLER = frozenset(
    (
        "what did do does was were is are how who which the a an find found say said says about "
        "it its they their in at of to ofsted"
    ).split()
)
_GENERIC = frozenset(
    (
        "how has have had change changed changes between and over time from since evolve evolved "
        "develop developed story journey sequence timeline things get got better worse improve "
        "improved s children child service services council local authority social care "
        "overall view views rating ratings judgement judgements verdict verdicts judge judged "
        "rate rated on for going went"
    ).split()
)
# Words of a "how many" question that say nothing of what is counted.
NOT_FOCUS_WORDS = (
    " ".join(sorted(_GENERIC | _FILLER))
    + " many much number numbers average total amount rate rates percentage proportion share "
    "per cent social work worker workers staff team teams year years month"
)
_SELF_REFERENCE = re.compile(
    r"^(this|the) (letter|report|article|story|statement)\b|\b(copying|published|summarises) "
    r"this (letter|report)\b|\bthis (letter|report) (will be|is being) published\b",
    re.IGNORECASE,
)
_ABOUT_DOCUMENT = re.compile(
    r"\b(letter|report|article|statement|story)\b.*\b(addressed|published|copied|sent|"
    r"signed|written|wrote|summari[sz]e)|\b(addressed|published|copied|sent|signed|written)\b.*"
    r"\b(letter|report|article|statement)\b",
    re.IGNORECASE,
)


# A question that asks a second thing: "..., and why?", "... and how many were homeless?",
# or two questions in one ("Are care leavers in work? What did inspectors find?").
_SECOND_ASK = re.compile(
    r",?\s+and\s+(?:why|how|what|which|who|when|where|whether)\b|\?\s+\w[^?]*\?",
    re.IGNORECASE,
)


# "What is the story so far?", "give me an overview of the inspections": the record's whole
# story, inspection by inspection (not "life story work", not a news story).
_STORY = re.compile(
    r"\b(?<!life )(?<!life-)story so far\b|\bwhole story\b|"
    r"\bstory of (?:the|its|their|[\w’']+['’]s?) (?:inspections?|record|improvement|journey)\b|"
    r"\boverview of (?:the |its |their |[\w’']+['’]s? )?(?:record|inspections?|"
    r"ofsted (?:record|history))\b|"
    r"\b(?:summari[sz]e|sum up) (?:the |its |their )?(?:record|inspections?|ofsted history)\b",
    re.IGNORECASE,
)


def wants_story(question: str) -> bool:
    """Whether the question asks for the record's story across its inspections and visits."""
    return _STORY.search(question) is not None


def asks_two_things(question: str) -> bool:
    """Whether the question asks a second thing beside its first."""
    return _SECOND_ASK.search(question) is not None


@dataclass(frozen=True)
class EventParts:
    """The years, months and kinds of visit a text names."""

    years: frozenset[str]
    months: frozenset[str]
    kinds: frozenset[str]


def classify_question(question: str) -> QuestionKind:
    """What shape of answer the question wants."""
    if _ATTRIBUTION.search(question) or asks_which_speaker(question):
        return "attribution"
    if wants_number(question):
        return "factual"  # "how many visits between A and B?" wants a count, not a story
    if _TIMELINE.search(question) or len(set(re.findall(_YEAR, question))) > 1:
        return "timeline"
    if _LIST.search(question):
        return "list"
    return "factual"


def asks_which_speaker(question: str) -> bool:
    """Whether a question asks which of two named speakers said something ("Did the
    inspectors or the council say ...?", "Who called it X: the watchdog or the council?")."""
    return _EITHER_SPEAKER.search(question) is not None


# A question asking for someone's words: what they said, stated, promised, ...
WORDS_ASKED = re.compile(
    r"\b(?:say|said|says|saying|stat(?:e|ed|es|ement)|respon(?:d|ded|ds|se)|comment(?:ed|s)?|"
    r"promis(?:e|ed|es)|pledg(?:e|ed|es)|claim(?:ed|s)?|admit(?:ted|s)?|apologi[sz](?:e|ed|es)|"
    r"announc(?:e|ed|es|ement)|describ(?:e|ed|es)|call(?:ed|s)?|welcom(?:e|ed|es)|"
    r"acknowledg(?:e|ed|es)|react(?:ed|s|ion)?|told|tell|words|according to|press release|"
    r"commit(?:ted|s)? to|vow(?:ed|s)?|insist(?:ed|s)?|warn(?:ed|s)?|quoted)\b",
    re.IGNORECASE,
)
# "The council" is a speaker when the question asks for its words (a statement, a response,
# a promise); otherwise it is whom the findings are about (the children in its care, its
# joint working with schools).
_COUNCIL = re.compile(r"\bcouncil\b", re.IGNORECASE)


def speaker_intent(question: str) -> frozenset[str]:
    """The source types a question asks about ("what did inspectors say" -> ofsted); none
    when it asks which of two said something."""
    if asks_which_speaker(question):
        return frozenset()
    kinds = {kind for kind, pattern in _SPEAKER_WORDS.items() if pattern.search(question)}
    if _COUNCIL.search(question) and WORDS_ASKED.search(question):
        kinds.add("council")
    return frozenset(kinds)


def event_parts(text: str) -> EventParts:
    """The years, months and visit kinds named in a question or an event's name."""
    lowered = text.lower()
    kinds = {k for k, words in _KIND_WORDS.items() if words.search(lowered)}
    if re.search(r"\binspect(ion|ed|ors?)\b|\breports?\b", lowered):
        kinds.add("inspection")  # a report, its inspectors: the inspection, loosely
    months = {m for m in MONTHS if re.search(rf"\b{m}\b", lowered)}
    if not months:
        months = {m for words, named in _SEASON_WORDS if words.search(lowered) for m in named}
    return EventParts(
        frozenset(re.findall(rf"(?<!\d){_YEAR}(?!\d)", lowered)),
        frozenset(months),
        frozenset(kinds),
    )


def _kind_matches(asked: EventParts, event: EventParts) -> bool:
    """ "inspection" is loose (a visit is an inspection of sorts); visit kinds must match."""
    strict = asked.kinds & set(_STRICT_KINDS)
    return bool(strict & event.kinds) if strict else "inspection" in asked.kinds


# Where a question about change splits into the two ends of its range ("between 2017 and
# the autumn of 2019", "from the 2017 report until the 2021 visit"): each end names its own
# event, so the months of one end do not narrow the year of the other.
_RANGE_ENDS = re.compile(
    r"\b(?:and|to|until|till|through(?:\s+to)?|up\s+to|versus|vs\.?|compared\s+(?:with|to)|"
    r"then)\b",
    re.IGNORECASE,
)


def event_intent(
    question: str, events: Iterable[str], years_of: Mapping[str, frozenset[str]] | None = None
) -> frozenset[str]:
    """The events a question names: by month and year, by year and kind ("the 2019
    inspection"), by kind alone when only one event is of that kind, or by year. A year that
    names no event is tried against the years each event was inspected or published in
    (`years_of`): "the 2023 report" of an inspection in November 2022. Each end of a range
    ("between 2017 and the autumn of 2019") is read on its own too, so that the months of one end do
    not narrow the year of the other."""
    parsed = {event: event_parts(event) for event in set(events)}
    found = set(_named_in(question, parsed, years_of))
    for end in _RANGE_ENDS.split(question):
        found |= _named_in(end, parsed, years_of)
    return frozenset(found)


def _named_in(
    text: str, parsed: Mapping[str, EventParts], years_of: Mapping[str, frozenset[str]] | None
) -> frozenset[str]:
    asked = event_parts(text)
    found = _events_asked(asked, parsed)
    if found or not years_of or not asked.years:
        return found
    return _events_asked(asked, _widened(parsed, years_of))


def _widened(
    parsed: Mapping[str, EventParts], years_of: Mapping[str, frozenset[str]]
) -> dict[str, EventParts]:
    return {e: replace(p, years=p.years | years_of.get(e, frozenset())) for e, p in parsed.items()}


def _events_asked(asked: EventParts, parsed: Mapping[str, EventParts]) -> frozenset[str]:
    by_month = {e for e, p in parsed.items() if p.years & asked.years and p.months & asked.months}
    if by_month:
        return frozenset(by_month)
    by_kind = {e for e, p in parsed.items() if p.years & asked.years and _kind_matches(asked, p)}
    if by_kind:
        return frozenset(by_kind)
    strict = asked.kinds & set(_STRICT_KINDS)
    only_kind = [e for e, p in parsed.items() if strict & p.kinds]
    if strict and len(only_kind) == 1 and not asked.years:
        return frozenset(only_kind)
    return frozenset(e for e, p in parsed.items() if p.years & asked.years)


_ONWARDS = re.compile(rf"\b(?:since|from)\s+(?:the\s+|its\s+)?(?:\w+\s+)?{_YEAR}\b", re.IGNORECASE)


def events_between(
    question: str,
    events: Iterable[str],
    dates: Mapping[str, Any],
    years_of: Mapping[str, frozenset[str]] | None = None,
) -> list[str]:
    """The events a question about change spans: from the earliest to the latest it names
    ("between the 2017 inspection and the May 2019 monitoring visit"), or all of them."""
    events = list(events)
    named = event_intent(question, events, years_of)
    ordered = sorted(set(events), key=lambda e: (dates[e], e))
    onwards = _ONWARDS.search(question)
    if named and onwards and len(event_parts(question).years) == 1:  # "since 2019": on from it
        return [e for e in ordered if dates[e] >= min(dates[e] for e in named)]
    if len(named) < 2:
        return ordered
    first = min(dates[e] for e in named)
    last = max(dates[e] for e in named)
    return [e for e in ordered if first <= dates[e] <= last]


def named_events(
    question: str, events: Iterable[str], years_of: Mapping[str, frozenset[str]] | None = None
) -> frozenset[str]:
    """The events a question names precisely ("the March 2020 monitoring visit", "the 2022
    inspection"), each phrase on its own: by month and year, or by year and kind of visit
    (a year that names no event tried against `years_of`, as in `event_intent`).
    A year alone ("in 2020") or a kind alone ("the focused visit") is not precise enough."""
    parsed = {event: event_parts(event) for event in set(events)}
    widened = _widened(parsed, years_of or {})
    found: set[str] = set()
    for match in _SCOPE_WITH_KIND.finditer(question):
        asked = event_parts(match.group(0))
        if asked.years:
            found |= _precise(asked, parsed) or _precise(asked, widened)
    return frozenset(found)


def _precise(asked: EventParts, parsed: Mapping[str, EventParts]) -> set[str]:
    by_month = {e for e, p in parsed.items() if p.years & asked.years and p.months & asked.months}
    return by_month or {
        e for e, p in parsed.items() if p.years & asked.years and _kind_matches(asked, p)
    }


def unmatched_event(question: str, events: Iterable[str]) -> str | None:
    """A visit the question names that no document is about ("the October 2019 monitoring
    visit"), in words; None when every visit it names is covered or it names none."""
    asked = event_parts(question)
    strict = asked.kinds & set(_STRICT_KINDS)
    if not (asked.years and strict):
        return None
    parsed = [event_parts(e) for e in set(events)]
    if any(p.years & asked.years and strict & p.kinds for p in parsed):
        return None
    month = " ".join(sorted(m.capitalize() for m in asked.months))
    year = ", ".join(sorted(asked.years))
    return " ".join(part for part in (month, year, sorted(strict)[0]) if part)


def topic(question: str, events: Iterable[str]) -> str:
    """The question without the words that only say which of the record's visits or years
    it is about, or whose words it wants, so that sentences are matched on what is asked,
    not on naming the visit or the speaker.
    Words naming something outside the record ("the 2014 inspection") are the topic and
    stay; so do dates in a question about dates, and a question with too little left."""
    if asks_when(question):
        return question
    known = list(events)

    def drop(match: re.Match[str]) -> str:
        return "" if event_intent(match.group(0), known) else match.group(0)

    stripped = _SCOPE_TIME.sub(drop, _SCOPE_WITH_KIND.sub(drop, _RANGE.sub(drop, question)))
    stripped = _ACCORDING_TO.sub("", _SPEAKER_SUBJECT.sub(r"\1", stripped))
    stripped = re.sub(r"\s+([?.!,])", r"\1", re.sub(r"\s{2,}", " ", stripped)).strip()
    stripped = re.sub(r"[,;:]+([?.!])", r"\1", stripped)
    content = [w for w in re.findall(r"[a-z']+", stripped.lower()) if w not in _FILLER]
    return stripped if content else question


# The words of a question about change that frame it rather than name its subject ("how has
# ... changed across the inspections", "over the years", "from one report to the next").
_CHANGE_FRAME = re.compile(
    r"^\s*(?:how|in what ways?)\s+(?:has|have|had|did|do|does)\b|"
    r"\b(?:changed?|changes|changing|develop(?:ed|ing)?|evolv(?:e|ed|es|ing)|shift(?:ed|s)?|"
    r"mov(?:e|ed|es))\b|"
    r"\b(?:across|over|through|between|throughout)\s+(?:all\s+)?(?:the\s+|its\s+|their\s+)?"
    r"(?:\w+\s+)?(?:inspections|visits|reports|years|time)\b|"
    r"\bfrom one (?:report|inspection|visit) to the next\b|"
    # a yes-or-no question about change: "did X get better at ...", "has X become stronger"
    r"^\s*(?:did|do|does|has|have|had|is|are|was|were)\b|"
    r"\b(?:get|gets|got|gotten|getting|become|became|becoming|grow|grew|grown)\s+"
    r"(?:any\s+|much\s+|markedly\s+)?(?:better|worse|stronger|weaker)(?:\s+(?:at|in|with))?\b",
    re.IGNORECASE,
)


def without_change_frame(subject: str) -> str:
    """A question about change without the words that frame it as one, so that passages are
    matched on its subject ("How has early help changed across the inspections?" -> "early
    help"); the subject as it was when nothing else would be left."""
    stripped = re.sub(r"\s+([?.!,])", r"\1", " ".join(_CHANGE_FRAME.sub(" ", subject).split()))
    return stripped if not is_generic(stripped) else subject


def is_generic(subject: str) -> bool:
    """Whether a question about change names no particular subject ("how has it
    gone for the council since then?"), so that any judgement or progress is the answer."""
    words = re.findall(r"[a-z]+", subject.lower())
    return not [w for w in words if w not in _FILLER and w not in _GENERIC]


def about_document(question: str) -> bool:
    """Whether the question asks about a document itself (its date, recipient, publication)."""
    return _ABOUT_DOCUMENT.search(question) is not None


def describes_itself(sentence: str) -> bool:
    """Whether a sentence is about its own document ("This letter summarises ...")."""
    return _SELF_REFERENCE.search(sentence) is not None
