"""What kind of fact a question wants (a number of some sort, a date, a time taken, a person,
contact details) and whether a passage states it: the answer-type matching that scores
sentences and refuses answers lacking what was asked."""

from __future__ import annotations

import re
from typing import Literal

from rag.text.names import MONTHS, YEAR, people_in

# A question about dates: "When ...?" (not "... when Ofsted inspected"), "what date", ...
_ABOUT_TIME = re.compile(
    # not "When children go missing, are they ...?": a clause of time before the question
    r"^\s*(?:(?:exactly|precisely|roughly|approximately|and|so|but)\s+)?when\b"
    r"(?![^,?]*,\s*(?:\w+\s+)?(?:did|do|does|is|are|was|were|has|have|had|how|what|"
    r"which|who|why|where|could|can|should|would|will)\b)|\bwhen (did|was|were|is|does|do)\b|"
    r"\b(what dates?|how soon|which year|what year|sequence|timeline|chronological(ly)?|"
    r"what order)\b",
    re.IGNORECASE,
)
# A question for a date of birth: an age, as far as the record could give one.
_BIRTH = r"\bwhen was\b[^?]*\bborn\b|\b(?:date|year) of birth\b"
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
    r"(age|salary|salaries|pay|price|cost|count|bill|spending|wages?|fees?)\b|"
    rf"{_BIRTH}",
    re.IGNORECASE,
)
_COUNT = (
    r"(?:\d[\d,]*(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"twenty|thirty|forty|fifty|hundred|thousand|half|dozen|second|third)"
)
# Numbers that count nothing: a label ("section 47 enquiries", "key stage 4", "year 11",
# "paragraph 12") and a share ("one fifth of those children", "a third of", "one in five
# children"). A question asking how many is not answered by them.
_NOT_COUNTS = re.compile(
    r"\b(?:section|s\.|part|paragraph|para|page|stage|tier|level|year|article|schedule|"
    r"regulation|rule)\s+\d+[a-z]?\b|"
    rf"(?<![\w-])(?:{_COUNT}|a|an)[\s-]+(?:halves|thirds?|quarters?|fifths?|sixths?|sevenths?|"
    r"eighths?|ninths?|tenths?)\b|"
    rf"(?<![\w-])(?:{_COUNT})\s+in\s+(?:every\s+)?(?:{_COUNT})\b",
    re.IGNORECASE,
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
_AGE_QUESTION = re.compile(rf"\bhow old\b|\bages?\b|{_BIRTH}", re.IGNORECASE)
_PERCENT_QUESTION = re.compile(r"\b(percentage|proportion|per ?cent|share)\b", re.IGNORECASE)
# What is counted: "how many of the council's former care leavers" counts care leavers, not the
# council (an owner and a word for when are passed over).
_COUNTED = re.compile(
    r"\bhow many (?:of\s+)?(?:(?:the|its|their|these|those|[\w-]+['’]s?)\s+){0,2}"
    r"(?:(?:former|current|present|previous|new)\s+)?([a-z]+(?: [a-z]+)?)|"
    r"\bnumber of ([a-z]+)|\baverage ([a-z]+)",
    re.IGNORECASE,
)
# Words for the children and young people a council serves: a report counting "54 care
# leavers" answers a question counting the children who left its care.
_YOUNG_PEOPLE = (
    "child|children|kid|young people|young person|care leaver|leaver|teenager|adolescent|"
    "famil(?:y|ie)|pupil|bab(?:y|ie)|unaccompanied"
)
_NOT_NOUN = frozenset(
    "were was did do does are is have has had in at on of by for from took there will would "
    "could".split()
)
_VERB = re.compile(r"\w+ed$|born$|seen$|taken$|given$")
# The time between two things: answered by a time taken or by the dates of both.
_GAP_QUESTION = re.compile(
    r"\bhow (?:long|soon|many (?:days|weeks|months|years)) (?:after|before|between)\b|"
    r"\b(?:gap|time|interval) between\b|"
    r"\bhow many (?:days|weeks|months|years) (?:separated|passed|elapsed|went by|were there)\b",
    re.IGNORECASE,
)
_DURATION_QUESTION = re.compile(r"\bhow long\b", re.IGNORECASE)
# "How many times ...", "on how many occasions": a frequency, stated by any number or an
# ordinal ("the second monitoring visit"), not a count of "times".
_HOW_OFTEN = frozenset({"time", "times", "occasion", "occasions"})
# How long something took, said in words: "reasonable wait times", "promptly", "delays".
_HOW_SOON = re.compile(
    r"\b(?:timely|untimely|promptly|swiftly|without (?:undue )?delay|delays?|delayed|"
    r"(?:reasonable|short|long|lengthy) wait(?:ing)? times?|wait too long|too long)\b",
    re.IGNORECASE,
)
_DURATION = re.compile(
    rf"(?<![\w-])(?i:{_COUNT})[\s-]+(?:(?:working|calendar)\s+)?(days?|weeks?|months?|years?)\b",
    re.IGNORECASE,
)
# An age: "15 years old", "aged 16 and 17", "sixteen-year-olds", "born in 2004".
_AGE = re.compile(
    rf"(?<![\w-])(?i:{_COUNT})[\s-]+years?[\s-]+olds?\b|\baged\s+(?:between\s+)?(?i:{_COUNT})\b|"
    rf"\bages?\s+(?:of\s+)?(?i:{_COUNT})\b|\bborn\s+(?:in|on)\b",
    re.IGNORECASE,
)
_MONEY = re.compile(r"£\s?\d|\b\d[\d,.]*\s?(million|thousand|billion)\b", re.IGNORECASE)
_PERCENT = re.compile(r"\d\s?(%|per ?cent)", re.IGNORECASE)
_DATE = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:and\s+\d{{1,2}}\s+)?(?:{'|'.join(MONTHS)})\b|"
    rf"\b(?:{'|'.join(MONTHS)})\s+\d{{1,2}}(?:st|nd|rd|th)?\b|"  # "March 31, 2020" (a byline)
    rf"\b{YEAR}\b",
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
    r"contact|get in touch with|write to)\b|"
    # "which number should I ring", "what address do we use", "send the director an email"
    r"\b(?:what|which)\s+(?:e-?mail\s+)?(?:address|number)\s+(?:should|do|can|could|would|might)\s+"
    r"(?:i|we|you|one)\s+(?:use|call|ring|dial|phone|write to)\b|"
    r"\bsend\b[^?]{0,60}?\ban?\s+e-?mail\b",
    re.IGNORECASE,
)
# A telephone number, an email or a web address.
_CONTACT = re.compile(
    r"\b0\d{3}\s?\d{3}\s?\d{4}\b|\b[\w.+-]+@[\w-]+\.[\w.]+\b|\bwww\.[\w-]+\.\w+",
    re.IGNORECASE,
)
# A question asking for a person by name: "what is the name of ...", "who is the director ...".
_WANTS_PERSON = re.compile(
    r"\bnames? of (?:the |its |their |a |an )?(?:[\w’'-]+\s+){0,3}?(directors?|dcs|inspectors?|"
    r"chairs?|chairman|chairwoman|leaders?|head|managers?|mayor|councillors?|chief executive|"
    r"officers?|person|people|social workers?|ministers?|journalists?|reporters?|authors?)\b|"
    # "Who was ...?", also after a clause ("In 2014, who chaired ...?", "Apart from X, who
    # else ...?"); "which person ...", "name the author ..."
    r"(?:^|[,;:]\s*)who (is|was|are|were|else|chairs?|chaired|leads?|heads?|headed|runs?|ran|"
    r"replaced)\b"
    # not "who were the children in care ...?": reports name no child, young person or family
    r"(?!\s+(?:(?:most|many|some|all|the|these|those|of|majority|main|typical)\s+){0,4}"
    r"(?:children|young people|families|care leavers|teenagers|adolescents|pupils|babies|"
    r"parents|carers)\b(?![’']))|"
    # "to whom was it addressed?"; not "which person said ...?": the speaker of words is
    # whoever the quoted document gives, named in the quote or not
    r"^\s*(?:to|by|from|with) whom\b|"
    r"\bwhich (?:person|individual|people)\b(?![^?]*\b(?:said|says|say|stated|claimed|"
    r"promised|pledged|committed|apologised|apologized|described|called|warned|wrote|praised|"
    r"credited|criticised|criticized|accused|admitted|insisted)\b)|"
    r"\bname (?:the|a|an|any) (?:[\w’'-]+\s+){0,2}?(person|people|individual|author|reporter|"
    r"journalist|inspectors?|chair|director|leader|manager)\b",
    re.IGNORECASE,
)
_RELATIVE_DATE = re.compile(
    r"\b(last|next|this) (month|year|week)\b|\b(a|one|two|three) (years?|months?) (ago|later|"
    r"after)\b|\btoday\b",
    re.IGNORECASE,
)


def expected_answer(question: str) -> AnswerType:
    """The kind of fact the question asks for: contact details, a time taken, a number, a
    date, a person, or anything."""
    if _WANTS_CONTACT.search(question):
        return "contact"
    if _WANTS_TIME.search(question):
        return "time"
    if wants_number(question):
        return "number"
    if asks_when(question):
        return "date"
    if _WANTS_PERSON.search(question):
        return "person"
    return None


def states(answer_type: AnswerType, text: str) -> bool:
    """Whether a passage states the kind of fact asked for (always, when none is)."""
    if answer_type == "number":
        return states_number(text)
    if answer_type == "date":
        return states_date(text)
    if answer_type == "person":
        return bool(people_in(text))
    if answer_type == "time":
        return _TIME_TAKEN.search(text) is not None
    if answer_type == "contact":
        return _CONTACT.search(text) is not None
    return True


def wants_number(question: str) -> bool:
    """Whether the question asks for a count, amount, rate or age."""
    return _WANTS_NUMBER.search(question) is not None


# "Did the report comment on how many families a worker held?": the count is the topic of a
# finding, so a passage without a figure can still answer it.
_COUNT_AS_TOPIC = re.compile(
    r"\b(?:about|on|regarding|concerning|into)\s+how (?:many|much)\b", re.IGNORECASE
)


def number_is_topic(question: str) -> bool:
    """Whether a "how many / how much" is the topic of a finding asked for, not the ask."""
    return _COUNT_AS_TOPIC.search(question) is not None


def figure_kind(question: str) -> tuple[str, str | None]:
    """What sort of figure a "how many / how much" question wants: "money", "gap" (the time
    between two things), "duration", "percent", "age", or "count" with the word for what is
    counted ("children"), else ("figure", None)."""
    if _MONEY_QUESTION.search(question):
        return "money", None
    if _GAP_QUESTION.search(question):
        return "gap", None
    if _DURATION_QUESTION.search(question):
        return "duration", None
    if _PERCENT_QUESTION.search(question):
        return "percent", None
    if _AGE_QUESTION.search(question):
        return "age", None
    counted = _COUNTED.search(question)
    if counted:
        words = next(g for g in counted.groups() if g).lower().split()
        # "how many children born ...": a participle after the noun is not what is counted
        phrase = [words[0], *(w for w in words[1:2] if w not in _NOT_NOUN and not _VERB.match(w))]
        if phrase[0] in _HOW_OFTEN:  # "how many times": how often, of anything
            return "count", None
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
        return _DURATION.search(undated) is not None or _HOW_SOON.search(text) is not None
    if kind == "gap":  # the dates of both, or the time between them
        return _DURATION.search(undated) is not None or states_date(text)
    if kind == "age":  # "born in 2004" is dated
        return _AGE.search(text) is not None
    if kind == "count" and counted:
        young = re.fullmatch(_YOUNG_PEOPLE, counted, re.IGNORECASE)
        noun = f"(?:{_YOUNG_PEOPLE})" if young else re.escape(counted)
        near = rf"(?<![\w-])(?i:{_COUNT})\b(?:\W+\w+){{0,3}}?\W+(?i:{noun})s?\b"
        return re.search(near, _NOT_COUNTS.sub(" ", undated)) is not None
    return states_number(text)


def states_number(text: str) -> bool:
    """Whether a passage states a figure: money, a percentage, or a count of something
    (dates, years, "Covid-19" and addresses do not count)."""
    return _FIGURE.search(_DATE.sub(" ", text)) is not None


def states_date(text: str) -> bool:
    """Whether a text states a date, a year or a time relative to now ("a year ago")."""
    return _DATE.search(text) is not None or _RELATIVE_DATE.search(text) is not None


def asks_when(question: str) -> bool:
    """Whether the question asks for a date ("When did ...?", "what date ...")."""
    return _ABOUT_TIME.search(question) is not None
