"""Facts an Ofsted inspection report states about itself: the council, the inspection
dates, the publication date, the lead inspector, the framework (SIF or ILACS) and the
judgement table. Read from the report's cleaned text; nothing is guessed from elsewhere."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from rag.question import MONTHS
from rag.scope import councils_named

_MONTHS = {m: i for i, m in enumerate(MONTHS, start=1)}
_DATE = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\s+(\d{4})")
_GRADES = ("Outstanding", "Good", "Requires improvement", "Inadequate")
_GRADE = re.compile(
    r"(outstanding|good|requires improvement(?: to be good)?|inadequate)\b", re.IGNORECASE
)
ILACS_JUDGEMENTS = (
    "The impact of leaders on social work practice with children and families",
    "The experiences and progress of children who need help and protection",
    "The experiences and progress of children in care and care leavers",
    "Overall effectiveness",
)
SIF_JUDGEMENTS = (
    "Children who need help and protection",
    "Children looked after and achieving permanence",
    "Adoption performance",
    "Experiences and progress of care leavers",
    "Leadership, management and governance",
)
OVERALL = "Overall effectiveness"
# A SIF report also reviews the Local Safeguarding Children Board; its grade is stated in a
# line of its own, on the front page or at the head of the report's LSCB section.
LSCB = "Effectiveness of the Local Safeguarding Children Board"
LSCB_STATEMENT = re.compile(
    r"^(?:The effectiveness of )?(?:the )?(?:Local Safeguarding Children Board(?: \(LSCB\))?|"
    r"LSCB)\s+(?:is\s+)?(outstanding|good|requires improvement(?: to be good)?|inadequate)\b"
    r"[^\n]*",
    re.IGNORECASE | re.MULTILINE,
)
_SIF_OVERALL = re.compile(
    r"(?:overall judgement is(?: that children[’']s services?)?|Children[’']s services in "
    r"[^\n]+?)\s+(?:are |is |requires? |require )?(outstanding|good|inadequate|"
    r"(?:requires? )?improvement(?: to be good)?)",
    re.IGNORECASE,
)
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
    sif = "of services for children in need of help and protection" in flat
    framework = "SIF" if sif else ("ILACS" if "Judgement Grade" in head else None)
    judgements = _sif_judgements(head) if sif else _ilacs_judgements(head)
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


def normalise_grade(grade: str) -> str:
    """ "requires improvement to be good" -> "Requires improvement"; "good" -> "Good"."""
    lowered = grade.lower()
    if lowered.startswith(("requires improvement", "improvement")):
        return "Requires improvement"
    return next((g for g in _GRADES if g.lower() == lowered), grade.capitalize())


def _parse_date(day: str, month: str, year: str) -> dt.date | None:
    number = _MONTHS.get(month.lower())
    if number is None:
        return None
    try:
        return dt.date(int(year), number, int(day))
    except ValueError:
        return None


def _field_date(head: str, label: str) -> dt.date | None:
    match = re.search(rf"{label}:\s*{_DATE.pattern}", head)
    return _parse_date(*match.groups()) if match else None


def _inspection_dates(head: str) -> tuple[dt.date | None, dt.date | None]:
    """ "18 to 29 July 2022", "3 June 2014 – 25 June 2014", "14 April – 8 May 2015"."""
    match = re.search(r"Inspection dates?:\s*([^\n]+)", head)
    if not match:
        return None, None
    parts = re.split(r"\s+to\s+|\s*[–-]\s*", match.group(1).strip(), maxsplit=1)
    end = _DATE.search(parts[-1])
    if end is None:
        return None, None
    end_date = _parse_date(*end.groups())
    first = re.match(r"(\d{1,2})(?:\s+([A-Za-z]+))?(?:\s+(\d{4}))?", parts[0])
    if end_date is None or first is None or len(parts) == 1:
        return end_date, end_date
    day, month, year = first.group(1), first.group(2), first.group(3)
    start = _parse_date(day, month or end.group(2), year or end.group(3))
    return start, end_date


def _lead_inspector(head: str) -> str | None:
    match = re.search(
        r"(?:Lead|Reporting) inspector:?\s*([^,\n]+?)(?:,|\n|\s+H(?:er|is) Majesty|\s+HMI\b|$)",
        head,
    )
    return match.group(1).strip() if match else None


def _ilacs_judgements(head: str) -> tuple[tuple[str, str], ...]:
    flat = " ".join(head.split())
    found = []
    for label in ILACS_JUDGEMENTS:
        match = re.search(rf"{re.escape(label)}\s+{_GRADE.pattern}", flat, re.IGNORECASE)
        if match:
            found.append((label, normalise_grade(match.group(1))))
    return tuple(found)


def _sif_judgements(head: str) -> tuple[tuple[str, str], ...]:
    flat = " ".join(head.split())
    found = []
    overall = _SIF_OVERALL.search(flat)
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
    titled = ("Inspection of", "Re-inspection of", "Review of")
    title = next((line for line in lines if line.startswith(titled)), lines[0] if lines else "")
    before = (
        " ".join(line for line in lines[: lines.index(title)] if line) if title in lines else ""
    )
    if before and not councils_named(title):
        return f"{before}: {title}"
    return title
