"""Document structure as data: what kind of section a heading opens, read from the heading's
own words, the same way for every framework Ofsted has reported under since 2012.

ILACS reports (2018 on) head their lists "What needs to improve?", single inspection (SIF)
reports "What does the local authority need to improve?", older reports "Areas for
improvement"; summaries are "Headline findings", "Summary of key findings" or "Summary"; a
judgement section's heading ends in its grade ("... care leavers is: Good"). Background
sections ("Previous Ofsted inspections", "Information about this inspection", "Other
information about this area") tell the record's history and the area's figures, not what
this inspection found. A visit letter's "Areas covered by the visit" are its areas of focus."""

from __future__ import annotations

import re
from typing import Literal

SectionKind = Literal[
    "improve", "focus", "summary", "judgement", "safeguarding board", "background", "body"
]

GRADE = r"(?:Outstanding|Good|Requires improvement(?: to be good)?|Inadequate)"
# The areas an ILACS report judges, as its judgement headings begin.
_JUDGED_AREA = (
    r"(?:The experiences and progress of (?:children|care leavers)\b|"
    r"The impact of leaders on social work practice\b)[^:.\n]*?"
)
# A judgement section's heading: "The impact of leaders ... is: Good"; or a judged area and
# its grade without the colon, as some reports of 2018-20 set it ("The experiences and
# progress of children who need help and protection is outstanding", "... Requires
# improvement", "... requires improvement to be good.").
JUDGEMENT_HEADING = re.compile(
    rf":\s*{GRADE}\.?$|^{_JUDGED_AREA}\s+(?:(?:is|are)\s+)?{GRADE}\.?$", re.IGNORECASE
)
# A report's section heading put as a question, on a line of its own.
QUESTION_HEADING = re.compile(r"(What|How|Which|Why|Where|When|Who|Is|Are|Does|Do)\b[^“”\"]*\?$")
# A line ending ":" that names a list's section ("What needs to improve:", "Areas for
# improvement:", "Areas covered by the visit:"): some reports set it over the list in place of
# a heading. Its words are the section's, not a sentence's: a lead-in ("Inspectors found
# that:") joins its list instead.
LIST_HEADING = re.compile(
    r"(?:what needs to improve|what does the local authority need to improve|"
    r"areas? for (?:further )?(?:improvement|development)|areas? for priority action|"
    r"priority and immediate action|recommendations|areas covered by (?:the|this) visit)\s*:$",
    re.IGNORECASE,
)
_KINDS: tuple[tuple[SectionKind, re.Pattern[str]], ...] = (
    (
        "improve",
        re.compile(
            r"\b(needs? to improve|areas? for (further )?(improvement|development)|"
            r"recommendations|priority and immediate action|areas? for priority action|"
            r"what needs to (happen|change))\b",
            re.IGNORECASE,
        ),
    ),
    # a visit letter's areas of focus
    ("focus", re.compile(r"\bareas covered by (the|this) visit\b|\bareas? of focus\b", re.I)),
    ("summary", re.compile(r"\b(headline findings|summary|key findings)\b", re.IGNORECASE)),
    ("safeguarding board", re.compile(r"\bsafeguarding children board\b|\bLSCB\b", re.I)),
    ("judgement", JUDGEMENT_HEADING),
    (
        "background",
        re.compile(
            r"\b((previous|other) Ofsted inspections?|information about (this|the) "
            r"(inspection|area|local authority)|other information about|"
            r"local authority context)\b",
            re.IGNORECASE,
        ),
    ),
)


def section_kind(heading: str | None) -> SectionKind:
    """The kind of section a heading opens ("body" for any other, or none)."""
    if not heading:
        return "body"
    return next((kind for kind, pattern in _KINDS if pattern.search(heading)), "body")


# A recommendation is put in the imperative ("Ensure that ...", "Improve the ..."), after its
# number or bullet: the form of Ofsted's recommendations in every framework since 2012.
_IMPERATIVES = (
    "Ensure|Improve|Develop|Strengthen|Review|Increase|Reduce|Take|Evaluate|Make|Establish|"
    "Provide|Implement|Monitor|Embed|Undertake|Agree|Secure|Consider|Raise|Promote|Address|"
    "Analyse|Identify|Put|Complete|Use|Extend|Work|Build|Clarify|Tackle|Introduce|Continue|Set|"
    "Record|Share|Assess|Plan|Enable|Support|Prioritise|Reassess|Publish|Revise|Produce|"
    "Commission|Audit|Reinforce|Re-establish|Act|Engage|Check|Challenge"
)
# "Robustly challenge ...", "Urgently review ...": an adverb before the imperative
_ADVERBS = (
    "Urgently|Robustly|Swiftly|Quickly|Rapidly|Promptly|Immediately|Further|Fully|Consistently|"
    "Regularly|Routinely|Systematically|Effectively|Clearly|Better"
)
RECOMMENDATION = re.compile(
    rf"^(?:\d+\.\s*|[•\-–]\s*)?(?:(?:{_ADVERBS})\s+(?i:{_IMPERATIVES})|{_IMPERATIVES})\b"
)


OBLIGATION = re.compile(r"\b(needs? to|should|must)\b", re.IGNORECASE)


def is_recommendation(text: str) -> bool:
    """Whether a line is put as a recommendation: in the imperative, or saying what the
    council needs to / should / must do."""
    return RECOMMENDATION.match(text) is not None or OBLIGATION.search(text) is not None
