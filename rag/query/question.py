"""Reading a question: what shape of answer it wants, whom and which visit it asks about,
its topic without those scope words, and whether it asks for a number."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal

from rag.text.names import MONTHS, YEAR, people_in

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
_TIMELINE = re.compile(
    r"\b(timeline|chronological(ly)?|in order|sequence|over time|story (of|so far)|journey|"
    r"history of|"
    r"changed?|evolv\w*|progress(ed)? (from|since|between)|between .+ and|"
    r"since (the )?\d{4}|what happened (after|next|since)|from \d{4} to \d{4})\b",
    re.IGNORECASE,
)
_ATTRIBUTION = re.compile(
    r"^\s*(who|according to whom|which (person|organisation|organization|body|publication|"
    r"newspaper|paper|magazine|outlet|news outlet|website|source|councillor|journalist))\b|"
    r"\bwho (said|says|wrote|called|warned|stated|reported|"
    r"found)\b",
    re.IGNORECASE,
)
_SPEAKER_WORDS = {
    "ofsted": re.compile(r"\b(ofsted|inspectors?|inspectorate|hmis?|watchdog)\b", re.IGNORECASE),
    "council": re.compile(r"\b(council|councillors?|cllr|mayor)\b", re.IGNORECASE),
    "press": re.compile(
        r"\b(press|news(papers?)?|media|journalists?|reported|paper)\b",
        re.IGNORECASE,
    ),
}
_STRICT_KINDS = ("monitoring visit", "focused visit")
# Everyday names for the two kinds of visit: a monitoring visit is Ofsted's return to check on
# a council judged inadequate ("a follow-up visit", "a progress check"); a focused visit looks
# at one theme ("a targeted visit").
_KIND_WORDS = {
    "monitoring visit": re.compile(
        r"\bmonitoring visit|\b(follow-up|follow up|return|repeat) visit|\bprogress check|"
        r"\bcheck-in\b|\b(came|come|coming|went|go|going) back to (check|monitor)\b|"
        r"\breturn(ed|s|ing)? to (check|monitor)\b",
        re.IGNORECASE,
    ),
    "focused visit": re.compile(r"\b(focused|targeted|themed) visit", re.IGNORECASE),
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
    r"(?:visit|letter)|inspection|inspectors|visit|letter|report)s?"
)
_SCOPE_WITH_KIND = re.compile(
    rf"(?:\s*\b{_PREP})?\s*(?:\bthe\s+|\bits\s+|\bofsted's\s+)?(?:\b{_WHEN}(?:\s+of)?[\s-]+)?"
    rf"(?:\b{_YEAR}\s+)?(?:ofsted(?:'s|’s)?\s+)?\b{_KIND}\b",
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
# A question about dates: "When ...?" (not "... when Ofsted inspected"), "what date", ...
_ABOUT_TIME = re.compile(
    # not "When children go missing, are they ...?": a clause of time before the question
    r"^\s*when\b(?![^,?]*,\s*(?:\w+\s+)?(?:did|do|does|is|are|was|were|has|have|had|how|what|"
    r"which|who|why|where|could|can|should|would|will)\b)|\bwhen (did|was|were|is|does|do)\b|"
    r"\b(what dates?|how soon|which year|what year|sequence|timeline|chronological(ly)?|"
    r"what order)\b",
    re.IGNORECASE,
)
_FILLER = frozenset(
    (
        "what did do does was were is are how who which the a an find found say said says about "
        "it its they their in at of to ofsted"
    ).split()
)
_WANTS_NUMBER = re.compile(
    r"\bhow (many|much|old|often|long)\b|\bwhat (percentage|proportion|share|fraction|ratio|"
    r"number)\b|\b(average|total) (number|cost|spend)\b|\b(rate|budget|salary|cost)s? (of|for|was"
    r"|is|were)\b|"
    # "the average caseload", "a median wait": an average is a figure
    r"\b(?:the|an?|what|which) (?:average|mean|median) \w+|"
    r"\b(what|which)\b[^?]*\brates?\b(?!\s+as\b)|"
    # "the number of ...", "what salary ...", "what's X's age", "how expensive ..."
    r"\bwhat(?:'s|’s| is| was| were| are)?\s+(?:the\s+)?(?:total\s+)?"
    r"(number|count|total|tally) of\b|"
    r"\bhow (expensive|costly)\b|\bwhat did \S+ pay\b|"
    r"\bwhat(?:'s|’s| is| was| were| are)?\b(?![^?]*\b(?:about|say|said|find|found)\b)[^?]*\b"
    r"(age|salary|salaries|pay|price|cost|count|bill|spending|wages?|fees?)\b",
    re.IGNORECASE,
)
_COUNT = (
    r"(?:\d[\d,]*(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"twenty|thirty|forty|fifty|hundred|thousand|half|dozen|second|third)"
)
# A figure: money, a percentage, or a count of something ("10 months", "two of the three
# areas", "three-day"): the word counted is lower case, so identifiers ("Covid-19", postcodes,
# "1000 Dock Side Road") are not figures.
_FIGURE = re.compile(
    rf"£\s?\d|\d\s?(?:%|(?i:per ?cent))|(?<![\w-])(?i:{_COUNT})(?:\s+of\s+the)?[\s-]+[a-z]+|"
    r"\b(?i:majority|minority)\b"
)
_MONEY_QUESTION = re.compile(
    r"\b(how much\b.*\b(money|spend|spent|cost|budget|invest\w*|paid|pay|salary|funding)|"
    r"budget|salary|spend on|price|cost|costs|costly|expensive|bill|wages?|fees?|pay for)\b|"
    r"\bwhat did \S+ pay\b|\bspending\b|['’]s pay\b|\bhow many (pounds|pence)\b|\bpounds\b|£",
    re.IGNORECASE,
)
_PERCENT_QUESTION = re.compile(r"\b(percentage|proportion|per ?cent|share)\b", re.IGNORECASE)
_COUNTED = re.compile(
    r"\bhow many (?:of the )?([a-z]+(?: [a-z]+)?)|\bnumber of ([a-z]+)|\baverage ([a-z]+)",
    re.IGNORECASE,
)
_NOT_NOUN = frozenset(
    "were was did do does are is have has had in at on of by for from took there will would "
    "could".split()
)
_DURATION_QUESTION = re.compile(r"\bhow long\b", re.IGNORECASE)
_DURATION = re.compile(
    rf"(?<![\w-])(?i:{_COUNT})[\s-]+(?:(?:working|calendar)\s+)?(days?|weeks?|months?|years?)\b",
    re.IGNORECASE,
)
_MONEY = re.compile(r"£\s?\d|\b\d[\d,.]*\s?(million|thousand|billion)\b", re.IGNORECASE)
_PERCENT = re.compile(r"\d\s?(%|per ?cent)", re.IGNORECASE)
_DATE = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:and\s+\d{{1,2}}\s+)?(?:{'|'.join(MONTHS)})\b|"
    rf"\b(?:{'|'.join(MONTHS)})\s+\d{{1,2}}(?:st|nd|rd|th)?\b|"  # "March 31, 2020" (a byline)
    rf"\b{_YEAR}\b",
    re.IGNORECASE,
)


AnswerType = Literal["number", "date", "person", "time", "contact"] | None
# A question about how quickly something is done: it wants a time taken ("within 24 hours",
# "up to 30 weeks") or a word for timeliness ("promptly", "delays").
_WANTS_TIME = re.compile(
    r"\bhow (quickly|fast|promptly|swiftly|timely|speedily)\b|\bhow long (did|does|do|had|has|"
    r"have|was|were|is|are)\b[^?]*\b(take|taking|took|taken|wait|waiting|waited)\b",
    re.IGNORECASE,
)
_TIME_TAKEN = re.compile(
    rf"(?<![\w-])(?i:{_COUNT})[\s-]+(?:(?:working|calendar)\s+)?"
    r"(hours?|days?|weeks?|months?|years?)\b|"
    r"\b(timely|timeliness|promptly|prompt|quickly|swift(ly)?|delays?|delayed|immediately|"
    r"same day|without delay|drift)\b",
    re.IGNORECASE,
)
# A question asking how to reach someone: an email or web address, a telephone number.
_WANTS_CONTACT = re.compile(
    r"\b(e-?mail|telephone|phone|mobile|fax|contact|postal|web|website)\s+(address|number|"
    r"details|information|contact)\b|\bwebsite\b|"
    r"^\s*how (?:can|do|should|could|would) (?:i|we|you|one|a \w+) (?:e-?mail|phone|telephone|"
    r"contact|get in touch with|write to)\b",
    re.IGNORECASE,
)
# A telephone number, an email or a web address.
CONTACT = re.compile(
    r"\b0\d{3}\s?\d{3}\s?\d{4}\b|\b[\w.+-]+@[\w-]+\.[\w.]+\b|\bwww\.[\w-]+\.\w+",
    re.IGNORECASE,
)
# A question asking for a person by name: "what is the name of ...", "who is the director ...".
_WANTS_PERSON = re.compile(
    r"\bnames? of (?:the |its |their |a |an )?(?:[\w’'-]+\s+){0,3}?(directors?|dcs|inspectors?|"
    r"chairs?|chairman|chairwoman|leaders?|head|managers?|mayor|councillors?|chief executive|"
    r"officers?|person|people|social workers?|ministers?|journalists?|reporters?|authors?)\b|"
    r"^\s*who (is|was|are|were|chairs?|chaired|leads?|heads?|headed|runs?|ran|replaced)\b",
    re.IGNORECASE,
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
_RELATIVE_DATE = re.compile(
    r"\b(last|next|this) (month|year|week)\b|\b(a|one|two|three) (years?|months?) (ago|later|"
    r"after)\b|\btoday\b",
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
    if _ATTRIBUTION.search(question):
        return "attribution"
    if wants_number(question):
        return "factual"  # "how many visits between A and B?" wants a count, not a story
    if _TIMELINE.search(question) or len(set(re.findall(_YEAR, question))) > 1:
        return "timeline"
    if _LIST.search(question):
        return "list"
    return "factual"


def speaker_intent(question: str) -> frozenset[str]:
    """The source types a question asks about ("what did inspectors say" -> ofsted)."""
    return frozenset(kind for kind, pattern in _SPEAKER_WORDS.items() if pattern.search(question))


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


def event_intent(
    question: str, events: Iterable[str], years_of: Mapping[str, frozenset[str]] | None = None
) -> frozenset[str]:
    """The events a question names: by month and year, by year and kind ("the 2019
    inspection"), by kind alone when only one event is of that kind, or by year. A year that
    names no event is tried against the years each event was inspected or published in
    (`years_of`): "the 2023 report" of an inspection in November 2022."""
    asked = event_parts(question)
    parsed = {event: event_parts(event) for event in set(events)}
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


# Where a question about change splits into the two ends of its range ("between 2019 and
# late 2020", "from the 2017 report until the 2021 visit"): each end names its own
# event, so the months of one end do not narrow the year of the other.
_RANGE_ENDS = re.compile(
    r"\b(?:and|to|until|till|through(?:\s+to)?|up\s+to|versus|vs\.?|compared\s+(?:with|to)|"
    r"then)\b",
    re.IGNORECASE,
)
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
    named = set(event_intent(question, events, years_of))
    for end in _RANGE_ENDS.split(question):  # each end of the range read on its own
        named |= event_intent(end, events, years_of)
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
    if _ABOUT_TIME.search(question):
        return question
    known = list(events)

    def drop(match: re.Match[str]) -> str:
        return "" if event_intent(match.group(0), known) else match.group(0)

    stripped = _SCOPE_TIME.sub(drop, _SCOPE_WITH_KIND.sub(drop, question))
    stripped = _ACCORDING_TO.sub("", _SPEAKER_SUBJECT.sub(r"\1", stripped))
    stripped = re.sub(r"\s+([?.!,])", r"\1", re.sub(r"\s{2,}", " ", stripped)).strip()
    stripped = re.sub(r"[,;:]+([?.!])", r"\1", stripped)
    content = [w for w in re.findall(r"[a-z']+", stripped.lower()) if w not in _FILLER]
    return stripped if content else question


def is_generic(subject: str) -> bool:
    """Whether a question about change names no particular subject ("how has it
    gone for the council since then?"), so that any judgement or progress is the answer."""
    words = re.findall(r"[a-z]+", subject.lower())
    return not [w for w in words if w not in _FILLER and w not in _GENERIC]


def expected_answer(question: str) -> AnswerType:
    """The kind of fact the question asks for: contact details, a time taken, a number, a
    date, a person, or anything."""
    if _WANTS_CONTACT.search(question):
        return "contact"
    if _WANTS_TIME.search(question):
        return "time"
    if wants_number(question):
        return "number"
    if _ABOUT_TIME.search(question):
        return "date"
    if _WANTS_PERSON.search(question):
        return "person"
    return None


def states(answer_type: AnswerType, text: str) -> bool:
    """Whether a passage states the kind of fact asked for (always, when none is)."""
    if answer_type == "number":
        return states_number(text)
    if answer_type == "date":
        return _DATE.search(text) is not None or _RELATIVE_DATE.search(text) is not None
    if answer_type == "person":
        return bool(people_in(text))
    if answer_type == "time":
        return _TIME_TAKEN.search(text) is not None
    if answer_type == "contact":
        return CONTACT.search(text) is not None
    return True


def about_document(question: str) -> bool:
    """Whether the question asks about a document itself (its date, recipient, publication)."""
    return _ABOUT_DOCUMENT.search(question) is not None


def describes_itself(sentence: str) -> bool:
    """Whether a sentence is about its own document ("This letter summarises ...")."""
    return _SELF_REFERENCE.search(sentence) is not None


def wants_number(question: str) -> bool:
    """Whether the question asks for a count, amount, rate or age."""
    return _WANTS_NUMBER.search(question) is not None


def figure_kind(question: str) -> tuple[str, str | None]:
    """What sort of figure a "how many / how much" question wants: "money", "percent", or
    "count" with the word for what is counted ("children"), else ("figure", None)."""
    if _MONEY_QUESTION.search(question):
        return "money", None
    if _DURATION_QUESTION.search(question):
        return "duration", None
    if _PERCENT_QUESTION.search(question):
        return "percent", None
    counted = _COUNTED.search(question)
    if counted:
        words = next(g for g in counted.groups() if g).lower().split()
        phrase = [words[0], *(w for w in words[1:2] if w not in _NOT_NOUN)]
        return "count", phrase[-1].rstrip("s")
    return "figure", None


def states_figure(kind: str, counted: str | None, text: str) -> bool:
    """Whether a passage states the figure asked for: money, a percentage, or a number
    counting the thing asked about ("416 children"), dates and years aside."""
    undated = _DATE.sub(" ", text)
    if kind == "money":
        return _MONEY.search(undated) is not None
    if kind == "percent":
        return _PERCENT.search(undated) is not None
    if kind == "duration":
        return _DURATION.search(undated) is not None
    if kind == "count" and counted:
        near = rf"(?<![\w-])(?i:{_COUNT})\b(?:\W+\w+){{0,3}}?\W+(?i:{re.escape(counted)})s?\b"
        return re.search(near, undated) is not None
    return states_number(text)


def states_number(text: str) -> bool:
    """Whether a passage states a figure: money, a percentage, or a count of something
    (dates, years, "Covid-19" and addresses do not count)."""
    return _FIGURE.search(_DATE.sub(" ", text)) is not None
