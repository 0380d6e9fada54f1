"""Follow-up questions: a question that leans on the conversation before it ("And in 2022?",
"What about care leavers?", "What did they say about that?") is rewritten into one that stands
alone, by carrying over the council, the visit or year, the speaker and the topic of the turn
before. Plain rules over the question's words, no language model; the rewritten question is
shown with the answer, so a wrong guess is seen and can be corrected.

Each earlier question is first made standalone in turn, so a third turn builds on the second
as the second was understood.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rag.text.grades import is_grade_question, wants_history
from rag.text.names import MONTHS, YEAR, councils_named, without_councils

_KIND = (
    r"(?:(?:first|second|third|latest|last|previous|most recent|full)\s+)?"
    r"(?:monitoring visit|focused visit|re-inspection|inspection|visit|report|letter)"
)
_MONTH = "|".join(MONTHS)
# The visit or year a question is about: "in 2019", "at the 2022 inspection", "in March
# 2020", "the monitoring visit", "at the last inspection".
_WHEN = re.compile(
    rf"\bbetween\s+(?:the\s+)?{YEAR}(?:\s+{_KIND})?\s+and\s+(?:the\s+)?{YEAR}(?:\s+{_KIND})?\b|"
    rf"(?:\b(?:in|at|during|from|for|of|after|since|by)\s+)?(?:\bthe\s+|\bits\s+|\btheir\s+)?"
    rf"(?:\b(?:{_MONTH})\s+)?\b{YEAR}\b(?:\s+(?:{_KIND}|one)\b)?"
    rf"|(?:\b(?:in|at|during|from|for|of|after|since|by)\s+)?\b(?:the|its|their)\s+{_KIND}\b",
    re.IGNORECASE,
)
_PREPOSITION = re.compile(r"^(?:in|at|during|from|for|of|after|since|by|between)\s", re.IGNORECASE)
# Who is asked: Ofsted, the council, the press (and the record's own publishers, given).
_SPEAKER = (
    r"ofsted|the inspectors|inspectors|the inspectorate|the council|the local authority|"
    r"the press|the papers|the newspapers?|the media"
)
# Words that open a question leaning on the one before.
_CONNECTIVE = re.compile(
    r"^(?:and what about|and how about|what about|how about|what of|same for|and|but|also|"
    r"so|then|ok(?:ay)?)\b[,\s]*",
    re.IGNORECASE,
)
# What is left of a question that only asks who said what ("and what was the mayor's view?"):
# it names no subject matter of its own.
_SCAFFOLD = re.compile(
    r"\b(?:what|how|who|which|did|does|do|was|were|is|are|has|have|had|say|said|says|"
    r"find|found|think|thought|report|reported|make|made|of|it|that|this|then|there|"
    r"anything|else|too|also)\b",
    re.IGNORECASE,
)
# A question's own verb: "what did ... find", "were", "is" ... (an ellipsis has none).
_CLAUSE = re.compile(
    r"\b(?:what|how|who|which|when|why|where|did|does|do|was|were|is|are|has|have|had|"
    r"can|could|will|would|should)\b",
    re.IGNORECASE,
)
_ABOUT = re.compile(
    r"\b(?:about|on|regarding|for|(?:look|looks|looked|looking)\s+(?:at|into))\s+(?P<topic>.+?)"
    r"(?=\s+(?:in|at|during|from|since|by|according to|between)\s|\s*[?.!]*\s*$)",
    re.IGNORECASE,
)
# Pronouns that stand for what the last turn was about, or who it asked.
_TOPIC_PRONOUN = re.compile(
    r"\b(?P<lead>about|on|of|with|for|to|into|regarding)\s+(?:that|this|it|them|those|these)\b"
    r"|\b(?P<subject>it|that|this)\b(?=\s+(?:improve|change|get|go|become|stay|work)\w*\b|"
    r"\s+(?:any\s+|much\s+|no\s+)?(?:better|worse|different)\b)",
    re.IGNORECASE,
)
# "Which weaknesses did the letter list?": the noun after "what" or "which" is the topic.
_WHAT_NOUN = re.compile(
    r"^(?:what|which)\s+(?P<topic>(?!(?:did|does|do|was|were|is|are|has|have|had|grade|"
    r"overall|score|rating|judgement)\b)"
    r"[a-z][\w\s'’-]{2,60}?)\s+(?:did|does|do|was|were|is|are|has|have|had)\b",
    re.IGNORECASE,
)
# The subject of "<wh-word> <auxiliary> <subject> <the rest>" ("How were Bury's care leavers
# doing ...", "What was the inspectors' view of ..."): the words after the auxiliary up to a
# verb form or a preposition.
_NOT_SUBJECT = (
    r"in|on|at|of|for|by|to|from|with|about|during|after|since|between|seen|given|made|done|"
    r"taken|kept|found|known|held|told|shown|left|able|there|it|they|this|that"
)
# A verb form: a lower-case word ending -ing or -ed ("doing", "inspected"; not "Ofsted's").
_VERB_FORM = r"(?-i:[a-z][\w-]*(?:ing|ed))\b(?!['’])"
_SUBJECT_WORD = rf"(?!(?:{_NOT_SUBJECT})\b|{_VERB_FORM})[\w'’-]+"
_SUBJECT = re.compile(
    r"^(?:(?:how|why|where|when|what)\s+)?(?:were|was|are|is|had|has|have)\s+"
    rf"(?P<topic>{_SUBJECT_WORD}(?:\s+{_SUBJECT_WORD}){{0,4}}?)"
    rf"(?=\s+(?:(?:{_NOT_SUBJECT})\b|{_VERB_FORM})|\s*\?)",
    re.IGNORECASE,
)
_THEY = re.compile(r"\b(?:they|them)\b", re.IGNORECASE)
# "they" who say or judge are the speaker; "they" that improve are what was asked about.
_SAYING_THEY = re.compile(
    r"\bthey\s+(?:\w+\s+){0,2}?(?:say|said|find|found|report|reported|think|thought|rate|"
    r"rated|judge|judged|grade|graded|ask|asked|recommend|recommended|conclude|concluded)\b",
    re.IGNORECASE,
)
_THERE = re.compile(r"\bthere\b(?!\s+(?:is|are|was|were|been|be)\b)", re.IGNORECASE)
_ARTICLE = re.compile(r"^(?:the|its|their)\s+", re.IGNORECASE)
_LEADING = re.compile(r"^(?:for|on|about|regarding|with|to)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Slots:
    """What a question names: its councils, its visit or year (as written), who it asks and
    what it is about."""

    councils: tuple[str, ...]
    when: str | None
    speaker: str | None
    topic: str | None

    @property
    def council(self) -> str:
        """The councils as a question names them ("Kent and Medway"); "" for none."""
        return " and ".join(self.councils)


def standalone_question(question: str, history: Sequence[str], speakers: Iterable[str] = ()) -> str:
    """The question as it would be asked on its own, given the earlier questions of the
    conversation (oldest first); unchanged when it does not lean on them. `speakers` are
    other names a question may ask by (the record's publishers, "Community Care")."""
    names = tuple(speakers)
    before: str | None = None
    for earlier in history:
        before = earlier if before is None else _rewrite(earlier, before, names)
    return question if before is None else _rewrite(question, before, names)


def slots(question: str, speakers: Sequence[str] = ()) -> Slots:
    """The councils, visit or year, speaker and topic a question names."""
    asked_by = _speaker_pattern(tuple(speakers))
    when = _WHEN.search(question)
    speaker = asked_by.search(question)
    councils = tuple(councils_named(question, any_case=True))
    about = _WHAT_NOUN.search(question) or _about(question) or _SUBJECT.search(question)
    topic = about.group("topic").strip() if about else None
    if topic and (_WHEN.fullmatch(topic) or asked_by.fullmatch(topic) or _only_council(topic)):
        topic = None
    return Slots(
        councils,
        when.group(0).strip() if when else None,
        speaker.group(0) if speaker else None,
        _clean_topic(topic) if topic else None,
    )


def _rewrite(question: str, before: str, speakers: tuple[str, ...]) -> str:
    """One follow-up made standalone from the (standalone) question before it."""
    rest = _CONNECTIVE.sub("", question).strip()
    connective = rest != question.strip()
    if connective and not _CLAUSE.search(rest):
        return _from_ellipsis(rest, before, speakers)
    old = slots(before, speakers)
    new = _resolve_pronouns(rest, old)
    leans = connective or new != rest
    mine = slots(new, speakers)
    if old.when and not mine.when:  # "in October", after a question about 2020: October 2020
        dated = _year_for_months(new, old.when)
        if dated != new:
            new, leans, mine = dated, True, slots(dated, speakers)
    if leans and old.topic and not mine.topic and not _subject_matter(new, speakers):
        new = _append(new, f"about {old.topic}")
    if old.when and not mine.when and (leans or not wants_history(new)):
        new = _append(new, _with_preposition(old.when))
    elif old.when and mine.when and leans and wants_history(new):
        # A change up to a later year, asked after a question about 2016: since 2016.
        earlier = sorted(set(re.findall(YEAR, old.when)) - set(re.findall(YEAR, new)))
        if earlier:
            new = _append(new, f"since {earlier[0]}")
    if old.councils and not mine.councils:
        new = _append(new, f"in {old.council}")
    if new == rest and not connective:
        return question
    return _sentence(new)


def _from_ellipsis(fragment: str, before: str, speakers: tuple[str, ...]) -> str:
    """A fragment ("in 2022?", "care leavers?", "the council?") swapped into the question
    before, in the place of the slot it fills."""
    last = slots(before, speakers)
    if last.when:  # "and in May?" after a question about 2019: May 2019
        fragment = _year_for_months(fragment, last.when)
    new = slots(fragment, speakers)
    result = before.rstrip(" ?.!")
    remainder = fragment.rstrip(" ?.!")
    if new.when:
        result = _replace_when(result, _with_preposition(_kind_of_one(new.when, last.when)))
        remainder = remainder.replace(new.when, " ")
    if new.speaker:
        old = _speaker_pattern(speakers).search(result)
        result = (
            result[: old.start()] + new.speaker + result[old.end() :]
            if old
            else f"{result}, according to {new.speaker}"
        )
        remainder = remainder.replace(new.speaker, " ")
    for council in new.councils:
        for old_council in councils_named(result, any_case=True):
            result = re.sub(re.escape(old_council), council, result, flags=re.IGNORECASE)
    topic = _clean_topic(without_councils(remainder))
    if topic:
        about = _about(result)
        if about:
            result = result[: about.start("topic")] + topic + result[about.end("topic") :]
        else:  # the question before names no topic to swap: ask the same of this one
            result = _asking_of(topic, last, is_grade_question(before))
    return _sentence(result)


def _asking_of(topic: str, last: Slots, grade: bool) -> str:
    """The question before, asked of another topic when it names none to swap: its grade,
    or what its speaker (else Ofsted) said, at its visit or year and for its council."""
    if grade:
        question = f"What grade did {last.council or 'the council'} get for {topic}"
        where = ""
    else:
        question = f"What did {last.speaker or 'Ofsted'} say about {topic}"
        where = f"in {last.council}" if last.council else ""
    if last.when:
        question = _append(question, _with_preposition(last.when))
    return _append(question, where)


def _only_council(text: str) -> bool:
    """Whether a text names a council and nothing else ("Leeds", "Leeds's")."""
    return bool(councils_named(text, any_case=True)) and not re.search(
        r"[a-z]{3,}", without_councils(text)
    )


def _about(question: str) -> re.Match[str] | None:
    """The first "about X" (or "on X", "for X") whose X is not a council's name."""
    return next(
        (
            m
            for m in _ABOUT.finditer(question)
            if not councils_named(m.group("topic"), any_case=True)
        ),
        None,
    )


def _subject_matter(question: str, speakers: tuple[str, ...]) -> bool:
    """Whether a question says what it is about, beyond who said it, when and where."""
    text = without_councils(_WHEN.sub(" ", _speaker_pattern(speakers).sub(" ", question)))
    return bool(re.search(r"[a-z]{3,}", _SCAFFOLD.sub(" ", text), re.IGNORECASE))


def _resolve_pronouns(question: str, old: Slots) -> str:
    """ "about that" -> about the last topic, "they" -> the last speaker, "there" -> the last
    council."""
    out = question
    if old.topic:

        def topic(match: re.Match[str]) -> str:
            lead = match.group("lead")
            return f"{lead} {old.topic}" if lead else str(old.topic)

        out = _TOPIC_PRONOUN.sub(topic, out)
    if _SAYING_THEY.search(out):
        if old.speaker:
            out = _THEY.sub(old.speaker, out)
    elif _THEY.search(out) and (old.topic or old.councils):
        out = _THEY.sub(old.topic or old.council, out)
    if old.councils:
        out = _THERE.sub(f"in {old.council}", out)
    return out


def _kind_of_one(when: str, before: str | None) -> str:
    """ "the 2018 one" -> "the 2018 inspection" (the kind of visit named before)."""
    if not re.search(r"\bone$", when, re.IGNORECASE):
        return when
    kind = re.search(_KIND + "$", before or "", re.IGNORECASE)
    return re.sub(r"\bone$", kind.group(0) if kind else "inspection", when, flags=re.IGNORECASE)


def _replace_when(question: str, when: str) -> str:
    """The question with its (last) visit or year replaced, written as the old one was: "at
    the 2019 inspection", "the 2019 inspection" or "Leeds's 2019 inspection"."""
    found = list(_WHEN.finditer(question))
    if not found:
        return _append(question, when)
    old = found[-1].group(0).strip()
    if not _PREPOSITION.match(old):
        when = _PREPOSITION.sub("", when)
        if not _ARTICLE.match(old):
            when = _ARTICLE.sub("", when)
    return question[: found[-1].start()] + when + question[found[-1].end() :]


_MONTH_ALONE = re.compile(rf"\b(?P<month>{_MONTH})\b(?!\s*,?\s*{YEAR})", re.IGNORECASE)


def _year_for_months(question: str, when: str) -> str:
    """A month the question names without a year, given the year of the visit the last
    question named ("by the October visit", after one about March 2020: October 2020)."""
    years = re.findall(YEAR, when)
    if len(years) != 1:
        return question
    return _MONTH_ALONE.sub(lambda m: f"{m.group('month')} {years[0]}", question, count=1)


def _with_preposition(when: str) -> str:
    """ "2022" -> "in 2022", "the 2022 inspection" -> "at the 2022 inspection"."""
    if _PREPOSITION.match(when):
        return when
    return f"at {when}" if _ARTICLE.match(when) else f"in {when}"


def _append(question: str, part: str) -> str:
    return f"{question.rstrip(' ?.!')} {part}" if part else question


def _sentence(question: str) -> str:
    text = " ".join(question.split()).rstrip(" ?.!,")
    return text[:1].upper() + text[1:] + "?"


def _clean_topic(text: str) -> str:
    topic = _LEADING.sub("", " ".join(text.split()).strip(" ?.!,"))
    return "" if topic.lower() in {"it", "that", "this", "them", "those", "there"} else topic


@lru_cache(maxsize=32)
def _speaker_pattern(speakers: tuple[str, ...]) -> re.Pattern[str]:
    names = "|".join(re.escape(s) for s in sorted(speakers, key=len, reverse=True))
    return re.compile(rf"\b(?:{names + '|' if names else ''}{_SPEAKER})\b", re.IGNORECASE)
