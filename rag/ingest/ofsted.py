"""Facts an Ofsted inspection report states about itself: the council, the inspection
dates, the publication date, the lead inspector, the framework (SIF or ILACS) and the
judgement table. Read from the report's cleaned text; nothing is guessed from elsewhere."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from rag.records import OVERALL
from rag.text.grades import LSCB, LSCB_STATEMENT, OVERALL_STATEMENT, ROW_GAP
from rag.text.names import MONTH_PATTERN, YEAR, councils_named, month_number

# One date or part of one, as the front pages write them: "18 Feb 2014", "3rd June",
# "29" (its month and year follow), "12/09/2016".
_DATE_PART = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?(?:\s+({MONTH_PATTERN}))?(?:\s+({YEAR}))?(?!\d|/)|"
    r"\b(\d{1,2})/(\d{1,2})/((?:19|20)?\d\d)\b",
    re.IGNORECASE,
)
# Where the dates end: the line, or the front page's next statement run into it.
_DATES_END = re.compile(
    r"\n|\bThe overall judgement|\bReport published|\bLead inspector", re.IGNORECASE
)
_GRADES = ("Outstanding", "Good", "Requires improvement", "Inadequate")
_GRADE = re.compile(
    r"(outstanding|good|requires? improvement(?: to be good)?|inadequate)\b", re.IGNORECASE
)
ILACS_JUDGEMENTS = (
    "The impact of leaders on social work practice with children and families",
    "The experiences and progress of children who need help and protection",
    "The experiences and progress of children in care and care leavers",
    # From 2023 children in care and care leavers are judged apart.
    "The experiences and progress of children in care",
    "The experiences and progress of care leavers",
    OVERALL,
)
SIF_JUDGEMENTS = (
    "Children who need help and protection",
    "Children looked after and achieving permanence",
    "Adoption performance",
    "Experiences and progress of care leavers",
    "Leadership, management and governance",
)
_LAC_OVERALL = re.compile(
    r"Overall effectiveness of services for looked after children and young people Grade \d "
    r"\((outstanding|good|adequate|inadequate)\)",
    re.IGNORECASE,
)
_FOOTNOTE_MARK = re.compile(r"(?<=[a-z])\d$")  # "... Safeguarding Children Board1"
_HEAD = 1500  # the front page: where a report states these facts


@dataclass(frozen=True)
class ReportFacts:
    """What an Ofsted report's front page says."""

    authority: str | None
    title: str
    inspection_start: dt.date | None
    inspection_end: dt.date | None
    published: dt.date | None
    lead_inspector: str | None
    framework: str | None
    judgements: tuple[tuple[str, str], ...]

    @property
    def overall(self) -> str | None:
        """The overall effectiveness grade."""
        return dict(self.judgements).get(OVERALL)


def is_inspection_report(text: str) -> bool:
    """Whether a text is an Ofsted inspection report: its front page gives the dates."""
    return re.search(r"Inspection dates?:", text[:_HEAD]) is not None


def read_report(text: str) -> ReportFacts:
    """The facts on a report's front page (None where it does not state one)."""
    head = text[:_HEAD]
    flat = " ".join(head.split())
    start, end = _inspection_dates(head)
    published = _field_date(head, "(?:Report published|Published)")
    framework = _framework(flat, head)
    sif = framework == "SIF"
    if sif:  # the list may run on past a footnote
        judgements = _sif_judgements(text[: 2 * _HEAD])
    elif framework == "LAC":
        judgements = _lac_judgements(" ".join(text.split()))
    else:
        judgements = _ilacs_judgements(head)
    lscb = LSCB_STATEMENT.search(text) if sif else None
    if lscb:
        judgements += ((LSCB, normalise_grade(lscb.group(1))),)
    authorities = councils_named(flat)
    return ReportFacts(
        authority=authorities[0] if authorities else None,
        title=_title(text),
        inspection_start=start,
        inspection_end=end,
        published=published,
        lead_inspector=_lead_inspector(head) or _lead_inspector(text),
        framework=framework,
        judgements=judgements,
    )


# An Ofsted visit letter's opening, in Ofsted's set wording: "This letter summarises the
# findings of the monitoring visit to Newham local authority children's services on 4 and 5
# March 2020." (monitoring visits to a council judged inadequate; focused and assurance visits
# of 2019-21). Group "kind" is the visit's kind, "where" names the council, "dates" the days.
_VISIT_LETTER = re.compile(
    r"findings of (?:the|a|an) (?P<kind>monitoring|focused|assurance) visit to (?P<where>.{3,120}?)"
    rf"\s+on\s+(?P<dates>[^.]{{1,60}}?{YEAR})",
    re.IGNORECASE | re.DOTALL,
)
# A letter's date, above the addressee ("27 March 2020"): the last date before the opening
# (a PDF's text may run the address block into one line).
_LETTER_DATE = re.compile(rf"\b(\d{{1,2}}\s+{MONTH_PATTERN}\s+{YEAR})\b", re.IGNORECASE)
# The letter's heading, just before its opening: "Monitoring visit to Newham local authority
# children's services".
_LETTER_HEADING = re.compile(
    r"\b((?:Monitoring|Focused|Assurance) visit to [^\n]{3,150}?children['’]s services)"
)
# The inspectors, as the letter names them: "The inspectors were A, Her Majesty's Inspector,
# and B, Her Majesty's Inspector."; "Her Majesty's Inspectors for this visit were A and B."
_LETTER_INSPECTORS = re.compile(
    r"(?:The inspectors were|Inspectors? for this visit (?:were|was)|"
    r"The (?:visit|inspection) was (?:carried out|undertaken|conducted) by)\s+([^.]{3,200})\.",
    re.IGNORECASE,
)
_LETTER_HEAD = 3000  # the address block, the date and the opening paragraph


@dataclass(frozen=True)
class LetterFacts:
    """What an Ofsted visit letter's opening says."""

    kind: str  # "monitoring visit", "focused visit", "assurance visit"
    heading: str | None
    authority: str | None
    visit_start: dt.date
    visit_end: dt.date
    dated: dt.date | None
    inspectors: str | None


def read_visit_letter(text: str) -> LetterFacts | None:
    """The facts an Ofsted visit letter states in its opening (None for another document):
    the kind of visit, the letter's heading, the council, the days of the visit, the letter's
    date and the inspectors named."""
    head = text[:_LETTER_HEAD]
    match = _VISIT_LETTER.search(head)
    if match is None:
        return None
    start, end = inspection_dates(" ".join(match.group("dates").split()))
    if start is None or end is None:
        return None
    councils = councils_named(" ".join(match.group("where").split()))
    before = head[: match.start()]
    dated = list(_LETTER_DATE.finditer(before))
    headings = list(_LETTER_HEADING.finditer(before))
    inspectors = _LETTER_INSPECTORS.search(head)
    return LetterFacts(
        kind=f"{match.group('kind').lower()} visit",
        heading=" ".join(headings[-1].group(1).split()) if headings else None,
        authority=councils[0] if councils else None,
        visit_start=start,
        visit_end=end,
        dated=_parse_day(dated[-1].group(1)) if dated else None,
        inspectors=" ".join(inspectors.group(1).split()) if inspectors else None,
    )


def _parse_day(text: str) -> dt.date | None:
    """ "27 March 2020" -> the date."""
    start, end = inspection_dates(text)
    return end if start == end else None


def normalise_grade(grade: str) -> str:
    """ "requires improvement to be good" -> "Requires improvement"; "good" -> "Good"."""
    lowered = grade.lower()
    if lowered.startswith(("requires improvement", "improvement")):
        return "Requires improvement"
    return next((g for g in _GRADES if g.lower() == lowered), grade.capitalize())


def inspection_dates(line: str) -> tuple[dt.date | None, dt.date | None]:
    """The first and last day of the dates a front page gives: "18 to 29 July 2022",
    "3 June 2014 – 25 June 2014", "14 April – 8 May 2015", "18 Feb 2014 – 12 March 2014",
    "12/09/2016 to 06/10/2016"; two periods ("... and 28 – 30 January 2014") span both."""
    parts = [_part(m) for m in _DATE_PART.finditer(line)]
    if not parts or parts[-1][1] is None or parts[-1][2] is None:
        return None, None
    end = _date(*parts[-1])
    # The first day takes its missing month and year from the next part that states them.
    day, month, year = parts[0]
    month = month or next((p[1] for p in parts[1:] if p[1]), None)
    year = year or next((p[2] for p in parts[1:] if p[2]), None)
    start = _date(day, month, year)
    if start and end and start > end and parts[0][2] is None:  # "28 December – 8 January 2015"
        start = _date(day, month, (year or 0) - 1)
    return start or end, end


def _part(match: re.Match[str]) -> tuple[int, int | None, int | None]:
    """(day, month, year) of one date part, None where the part leaves it out."""
    if match.group(4):
        year = int(match.group(6))
        return int(match.group(4)), int(match.group(5)), year + 2000 if year < 100 else year
    month = month_number(match.group(2)) if match.group(2) else None
    return int(match.group(1)), month, int(match.group(3)) if match.group(3) else None


def _date(day: int, month: int | None, year: int | None) -> dt.date | None:
    if month is None or year is None:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _field_date(head: str, label: str) -> dt.date | None:
    """The date after a label: "Report published: 3 June 2015", "... 25/11/2016"."""
    match = re.search(rf"{label}:[ \t]*([^\n]{{0,40}})", head)
    if not match:
        return None
    first = _DATE_PART.match(match.group(1))
    return _date(*_part(first)) if first else None


def _inspection_dates(head: str) -> tuple[dt.date | None, dt.date | None]:
    match = re.search(r"Inspection dates?:\s*", head)
    if not match:
        return None, None
    rest = head[match.end() : match.end() + 200]
    stop = _DATES_END.search(rest)
    return inspection_dates(rest[: stop.start()] if stop else rest)


def _framework(flat: str, head: str) -> str | None:
    """SIF (2013-2018, with its review of the LSCB, sometimes published apart), ILACS (from
    2018), or LAC: the inspection of looked after children services before 2014."""
    lowered = flat.lower()
    if "of services for children in need of help and protection" in lowered:
        return "SIF"
    if "review of the effectiveness of the local safeguarding children board" in lowered:
        return "SIF"
    if "Judgement Grade" in head:
        return "ILACS"
    if "inspection of looked after children services" in lowered:
        return "LAC"
    return None


def _lac_judgements(text: str) -> tuple[tuple[str, str], ...]:
    """The overall grade, stated in the report's body: "Overall effectiveness of services for
    looked after children and young people Grade 3 (Adequate)"."""
    match = _LAC_OVERALL.search(text)
    return ((OVERALL, match.group(1).capitalize()),) if match else ()


def _lead_inspector(head: str) -> str | None:
    match = re.search(
        r"(?:Lead|Reporting) inspectors?(?: on site)?:?\s*([^,\n(]+?)"
        r"(?:,|\n|\s*\(|\s+H(?:er|is) Majesty|\s+(?:Senior\s+)?HMI\b|$)",
        head,
    )
    return match.group(1).strip() if match else None


def _ilacs_judgements(head: str) -> tuple[tuple[str, str], ...]:
    flat = " ".join(head.split())
    found = []
    for label in ILACS_JUDGEMENTS:
        match = re.search(rf"{re.escape(label)}{ROW_GAP}{_GRADE.pattern}", flat, re.IGNORECASE)
        if match:
            found.append((label, normalise_grade(match.group(1))))
    return tuple(found)


def _sif_judgements(head: str) -> tuple[tuple[str, str], ...]:
    flat = " ".join(head.split())
    found = []
    overall = OVERALL_STATEMENT.search(flat)
    if overall:
        found.append((OVERALL, normalise_grade(overall.group(1))))
    for label in SIF_JUDGEMENTS:
        match = re.search(rf"{re.escape(label)}\s+{_GRADE.pattern}", flat, re.IGNORECASE)
        if match:
            found.append((label, normalise_grade(match.group(1))))
    return tuple(found)


def _title(text: str) -> str:
    """The report's own title line ("Inspection of ..."), with the council when it is not in it."""
    lines = [line for line in text.splitlines()[:10] if line.strip()]
    titled = ("Inspection of", "Re-inspection of", "Reinspection of", "Review of")
    title = next((line for line in lines if line.startswith(titled)), lines[0] if lines else "")
    before = (
        " ".join(line for line in lines[: lines.index(title)] if line) if title in lines else ""
    )
    if before and not councils_named(title):
        title = f"{before}: {title}"
    return _FOOTNOTE_MARK.sub("", title)
