"""One reading of the question: the frozen `Intent` that every later step reads.

The question is parsed here, once, against what the record covers (its councils, events and
years); retrieval, routing, selection and the answer's wording read the Intent and never the
question's words again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.query.answer_type import (
    AnswerType,
    expected_answer,
    figure_kind,
    number_is_topic,
    wants_number,
)
from rag.query.question import (
    QuestionKind,
    about_document,
    asks_two_things,
    classify_question,
    event_intent,
    is_generic,
    named_events,
    speaker_intent,
    topic,
    wants_story,
    without_change_frame,
)
from rag.query.scope import Scope, council_year_missing, out_of_scope
from rag.text.grades import (
    front_page_fields,
    is_grade_question,
    names_area,
    only_weak_grade_words,
    wants_history,
)
from rag.text.names import councils_named, without_councils

# "What needs to improve?", "areas for improvement", "recommendations", "which improvements were
# required": the report's own list of what must get better. "Improved" and "what
# improvements did inspectors find" (what got better) are findings.
_IMPROVEMENTS = re.compile(
    r"\b(need|needs|needed|must|should|ought to|has to|have to|had to)\s+(?:to\s+)?improve\b|"
    r"\b(ask|asked|tell|told|require|required|want|wanted)\s+(?:\S+\s+){0,3}?to\s+improve\b|"
    r"\bto improve\?|\b(areas?|points?) (for|of|needing) (improvement|development)|"
    r"\bimprovement (areas?|points?|actions?)\b|\brecommendations?\b|\brecommended\b|"
    r"\bimprovements\b[^?]*\b(ask|asked|need|needed|require|required|make|set|want|wanted)\b|"
    # the same in everyday words: "what did Ofsted tell them to work on", "needed to do better"
    r"\b(need|needs|needed|needing|must|should|has to|have to|had to|ask|asked|tell|told|want|"
    r"wanted)\b[^?]*\b(work on|do better|get better at|improve on|get right)\b|"
    # what is left to do: "what had they yet to get right", "which weaknesses were still to fix"
    r"^\s*(?:[^?]*?,\s*)?(what|which)\b[^?]*\b(yet|still) to (get right|improve|fix|address|"
    r"tackle|sort out|put right)\b|"
    r"\b(needs?|needed|needing|requiring) (further |more )?(improvement|development)\b",
    re.IGNORECASE,
)
# "Which themes did the visit examine?", "what was in scope?": what a visit set out to look at
# (a letter's "Areas covered by the visit"), not what it found. The verb ends the question, or
# a clause of time or place does.
_VISIT_FOCUS = re.compile(
    r"^\s*(?:[^?]*?,\s*)?(?:what|which)\b(?:\s+(?:areas?|topics?|themes?|aspects?|things|"
    r"services|parts?|issues?|matters|subjects?))?\s+(?:did|does|do|was|were|had|has|have|"
    r"would|will)\b[^?]*?\b(?:look(?:ed|ing)? at|focus(?:ed|ing)? on|concentrat(?:e|ed|ing) on|"
    r"cover(?:ed)?|examin(?:e|ed)|evaluat(?:e|ed)|in scope)"
    r"(?:\s+(?:during|at|in|on|when|for)\b[^?]*)?\s*[?.]?\s*$",
    re.IGNORECASE,
)
_PLURAL = re.compile(
    r"\b(grades|judgements|inspections|inspectors|visits|reports|assessments|each|every|all|both)\b",
    re.I,
)


@dataclass(frozen=True)
class Intent:
    """What a question asks, read once.

    `events` are the record's events the question points at, loosely (a year is enough);
    `named_events` those it names precisely, to which the search is narrowed."""

    question: str
    kind: QuestionKind
    answer_type: AnswerType
    councils: tuple[str, ...]
    covered: tuple[str, ...]  # the councils named that the record covers
    events: frozenset[str]
    named_events: frozenset[str]
    speakers: frozenset[str]
    topic: str
    front_page: tuple[str, ...]  # the front-page facts asked for ("lead inspector", ...)
    grades: bool
    judged_how: bool  # "how did they judge X?": the grade, and the findings behind it
    history: bool
    plural: bool
    improvements: bool
    visit_focus: bool  # what a visit looked at: its letter's "Areas covered by the visit"
    two_asks: bool  # "..., and why?": a sentence for each ask
    story: bool  # "the story so far": each inspection's headline, in date order
    tracker: bool  # what became of an earlier inspection's recommendation
    about_document: bool
    figure: tuple[str, str | None] | None
    unanswerable: str | None


# A question about what happened to something an earlier inspection asked for or criticised:
# the request or concern, and a word for what came of it.
_ASKED_BEFORE = re.compile(
    r"\b(asked|told|required|demanded|wanted|flagged|raised|criticised|criticized|questioned|"
    r"recommended|urged|highlighted|said (?:it |they )?(?:had|needed) to)\b",
    re.IGNORECASE,
)
_CAME_OF_IT = re.compile(
    r"\b(addressed|acted on|implemented|outstanding|progress (?:on|with|against)|since|still|"
    r"yet|later|next (?:inspection|visit)|now|any better|got better|improved|sort(?:ed)? out|"
    r"fixed|followed up|what happened)\b",
    re.IGNORECASE,
)
# "after" a time ("after the 2016 inspection", "after 2019", "after Ofsted's visit"), not
# "after they had gone missing"
_AFTER = re.compile(
    r"\bafter\s+(?:(?:19|20)\d\d\b|(?:\S+\s+){0,3}?(?:inspection|visit|report|judgement|"
    r"verdict|rating|ofsted)s?\b)",
    re.IGNORECASE,
)
# A yes-or-no question ("Did ...", "Has ...", "Is ... now"): with a later time, it asks
# whether something changed.
_YES_NO = re.compile(r"^\s*(did|has|have|is|are|was|were|do|does)\b", re.IGNORECASE)


def asks_what_came_of_it(question: str) -> bool:
    """Whether a question may ask what became of an earlier inspection's recommendation or
    concern ("Has the council addressed the 2019 recommendations?", "Is X better now,
    as Ofsted asked in 2018?", "Did X get better at Y after the 2016 inspection?"). The
    tracker answers it only when its subject matches one of that inspection's items."""
    came_of_it = _CAME_OF_IT.search(question) is not None
    if _YES_NO.search(question):  # "Did ... get better after the 2016 inspection?"
        return came_of_it or _AFTER.search(question) is not None
    asked = _IMPROVEMENTS.search(question) or _ASKED_BEFORE.search(question)
    return bool(asked) and came_of_it


# A span of years written short: "2019-20", "2013/14", "2016–17".
_YEAR_SPAN = re.compile(r"\b((?:19|20)\d\d)\s*[-–/]\s*(\d\d)\b(?![-–/]?\d)")


def spell_out_year_spans(question: str) -> str:
    """The question with each span of years written short spelled out ("in 2019-20" ->
    "in 2019 to 2020"), so both ends are read as years; a span that does not run forward
    is left as it is."""

    def spelled(match: re.Match[str]) -> str:
        first = match.group(1)
        last = first[:2] + match.group(2)
        return f"{first} to {last}" if int(last) > int(first) else match.group(0)

    return _YEAR_SPAN.sub(spelled, question)


def understand(question: str, scope: Scope) -> Intent:
    """Read a (prepared) question against the record's scope."""
    question = spell_out_year_spans(question)
    councils = tuple(councils_named(question, any_case=True))
    covered = tuple(c for c in councils if c in scope.authorities)
    events = scope.events_of(covered)
    kind = classify_question(question)
    subject = without_councils(topic(question, events)) or question
    improvements = bool(_IMPROVEMENTS.search(question)) and kind in ("list", "factual")
    if kind == "timeline":  # passages are matched on what changed, not on "changed"
        subject = without_change_frame(subject)
    pointed = event_intent(question, events, scope.event_years)
    grades = _asks_grades(question, subject)
    return Intent(
        question=question,
        kind="list" if improvements else kind,
        answer_type=expected_answer(question),
        councils=councils,
        covered=covered,
        events=pointed,
        named_events=named_events(question, events, scope.event_years),
        speakers=speaker_intent(question) | _publishers_named(question, scope),
        topic=subject,
        front_page=front_page_fields(question),
        grades=grades,
        judged_how=grades and only_weak_grade_words(question),
        history=wants_history(question),
        plural=bool(_PLURAL.search(question)),
        improvements=improvements,
        visit_focus=_VISIT_FOCUS.search(question) is not None,
        two_asks=asks_two_things(question),
        story=wants_story(question),
        tracker=asks_what_came_of_it(question) and bool(pointed),
        about_document=about_document(question),
        figure=figure_kind(question)
        if wants_number(question) and not number_is_topic(question)
        else None,
        unanswerable=out_of_scope(question, scope)
        or council_year_missing(covered, question, scope),
    )


# A clause of time before the question ("Since its inadequate rating, ...", "After the 2019
# judgement, ..."): it says when, not what is asked.
_LEADING_CLAUSE = re.compile(
    r"^\s*(?:since|after|following|before|until|once|in the wake of)\b[^,?]*,\s*(?=\w)",
    re.IGNORECASE,
)


def _asks_grades(question: str, subject: str) -> bool:
    """A grade question; one asked only in words that also ask for findings ("the verdict
    on ...") when it names a judged area or nothing in particular. Grade words in a clause
    of time before the question do not ask for a grade."""
    question = _LEADING_CLAUSE.sub("", question)
    if not is_grade_question(question):
        return False
    return not only_weak_grade_words(question) or names_area(question) or is_generic(subject)


def _publishers_named(question: str, scope: Scope) -> frozenset[str]:
    """The source types of the record's publishers that the question names (a
    newspaper's name -> press), read from the documents' metadata."""
    lowered = question.lower()
    return frozenset(
        kind
        for publisher, kind in scope.publishers.items()
        if re.search(rf"\b{re.escape(publisher.lower())}\b", lowered)
    )
