"""Grades and front-page facts: answer questions about Ofsted's judgements from the reports'
judgement tables, citing the table row (or, in older reports, the sentence) that states each
grade; and questions about who led an inspection and when it took place, citing the line of
the report's front page that says so."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rag.records import OVERALL, DocumentMeta, Evidence
from rag.text.names import MONTH_PATTERN, YEAR

# A SIF report also reviews the Local Safeguarding Children Board; its grade is stated in a
# line of its own, on the front page or at the head of the report's LSCB section.
LSCB = "Effectiveness of the Local Safeguarding Children Board"
LSCB_STATEMENT = re.compile(
    r"^(?:The effectiveness of )?(?:the )?(?:Local Safeguarding Children Board(?: \(LSCB\))?|"
    r"LSCB)\s+(?:is\s+)?(outstanding|good|requires improvement(?: to be good)?|inadequate)\b"
    r"[^\n]*",
    re.IGNORECASE | re.MULTILINE,
)
_GRADE_QUESTION = re.compile(
    r"\b(grades?|graded|judgements?|judgments?|judged|ratings?|rated|verdicts?|"
    # "rate <an area> as <a grade>" (not "<a noun> rate"), "how did <it> judge <an area>"
    r"rate(?=[^?]*\bas\b)|(?<=\bhow did\b)[^?]*\b(judge|rate)\b|"
    r"overall effectiveness)\b",
    re.IGNORECASE,
)
_WEAK_GRADE = re.compile(r"\bverdicts?\b|\bhow did\b[^?]*\b(judge|rate)\b", re.IGNORECASE)
_CHANGE = re.compile(
    # not "the progress check": a visit, by its everyday name; nor "the progress of children
    # in care" (a judged area) or a child's progress in school
    r"\b(changed?|since|over time|history|timeline|trend|"
    r"progress(ed)?(?![\s-]+checks?)(?!\s+(?:of|for|in)\b)|all (the )?"
    r"(grades|judgements|inspections)|each inspection|every inspection|from \d{4}|"
    # "has it ever been ...", "at any point", "did it bounce back": every inspection's grade
    r"ever|at any (?:point|time|stage)|bounced? back)\b",
    re.IGNORECASE,
)
# The judgement labels of care leavers, and of children in care (SIF: "looked after").
_CARE_LEAVERS = re.compile(r"\bcare leavers?\b", re.IGNORECASE)
_IN_CARE = re.compile(r"\bchildren in care\b|looked[\s-]after", re.IGNORECASE)
# Words in a question that point at one judgement area, and what its label says: the first
# of the label patterns that finds a label in a report names the area there.
_AREAS: tuple[tuple[re.Pattern[str], tuple[re.Pattern[str], ...]], ...] = (
    (
        re.compile(r"\bhelp(ing)? and protect(ion|ing)\b|protection\b", re.IGNORECASE),
        (re.compile("help and protection", re.IGNORECASE),),
    ),
    # care leavers and children in care: judged apart in a SIF report ("2.2 Experiences and
    # progress of care leavers") and since 2023, together from 2018 to 2022; a SIF report
    # without its "2.2" row grades care leavers with children looked after
    (
        re.compile(
            r"\bcare leavers?|leaving care|left (?:its |their |the council's )?care\b",
            re.IGNORECASE,
        ),
        (_CARE_LEAVERS, _IN_CARE),
    ),
    (
        re.compile(r"\bchildren in care|looked after|permanence\b", re.IGNORECASE),
        (_IN_CARE,),
    ),
    (
        # "management" names the leadership judgement, not a practice ("management
        # oversight", "case management", "line management support")
        re.compile(
            r"\bleaders?(hip)?|(?<!case )(?<!line )(?<!risk )(?<!performance )\bmanagement\b"
            r"(?!\s+(?:oversight|support|information|data|checks?|grip|decisions?|capacity))|"
            r"governance\b",
            re.IGNORECASE,
        ),
        (re.compile("lead", re.IGNORECASE),),
    ),
    (re.compile(r"\badoption\b", re.IGNORECASE), (re.compile("adoption", re.IGNORECASE),)),
    (
        re.compile(r"\b(LSCB|safeguarding (children )?board)\b", re.IGNORECASE),
        (re.compile("safeguarding children board", re.IGNORECASE),),
    ),
)
_FRONT_PAGE = {
    "lead inspector": (
        re.compile(
            r"\b((?:lead|reporting) (?:ofsted |hmi )?inspector|led the inspection|who led)\b|"
            r"\bwhich inspectors? led\b|"
            r"\bwho (inspected|was the inspector|were the inspectors)\b|"
            r"\bwho (carried out|conducted|made) the (visit|inspection)\b|"
            r"\b(which|what) inspectors\b|\bnames? of the inspectors?\b|"
            # the person heading the team, the inspectors sent for the visit
            r"\b(who|name)\b[^?]*\b(in charge of|headed|carried out|conducted|send|sent)\b"
            r"[^?]*\b(inspection|visit|team|check)\b",
            re.IGNORECASE,
        ),
        # with or without its colon: "Lead inspector: Jane Smith", "Reporting inspector Jane
        # Smith HMI", "Lead inspector on site: ...", "Lead inspectors: ..."
        re.compile(
            r"^(?:Lead|Reporting) inspectors?(?: on site)?:?[ \t]*(?P<value>[^\n]*)", re.MULTILINE
        ),
    ),
    "inspection dates": (
        re.compile(
            r"\b(inspection|visit) dates?\b|\bwhen (was|were|did)\b[^?]*\binspect(ion|ed)?s?\b|"
            # the visit itself is what "when" asks about, not something done beside it
            r"\bwhen (was|were|did) (the |its |their )?([\w-]+ ){0,4}visit(s|ed)?"
            r"( (take place|happen|start|begin|end))?( (in|during) [\w ]+)?\s*(\?|$)|"
            r"\b(dates|timing) (and \w+ )?of\b[^?]*\b(inspections?|visits?|(ofsted|full|complete|"
            r"full-scale) (assessments?|reviews?))\b|\bwhat dates?\b|"
            r"\b(?:what|which) (?:were|are) (?:the|its|their) (?:\w+ )?dates\b|"
            r"\bwhich (exact )?days\b",
            re.IGNORECASE,
        ),
        re.compile(r"^Inspection dates?:[ \t]*(?P<value>[^\n]*)", re.MULTILINE),
    ),
    # the inspectors beside the lead: a SIF report lists them ("Team inspectors: ..."), an
    # ILACS report names its lead inspector only
    "team inspectors": (
        re.compile(
            r"\bteam inspectors?\b|\bother inspectors\b|"
            r"\b(?:rest|members?) of the (?:ofsted |inspection )?team\b|"
            r"\b(?:inspectors?|hmis?|people|team members?)\b[^?]*\b(?:alongside|besides|beside|"
            r"apart from|other than|as well as)\s+(?:the\s+|its\s+)?(?:lead|leader)\b|"
            r"\b(?:besides|apart from|other than|aside from)\s+(?:the\s+|its\s+)?(?:lead|leader)\b|"
            r"\bwho else\b[^?]*\b(?:inspect\w*|team)\b",
            re.IGNORECASE,
        ),
        re.compile(r"^Team inspectors?:[ \t]*(?P<value>[^\n]*)", re.MULTILINE),
    ),
    # a letter's own parts: whom it is addressed to (the lines under its date) and who signed
    # it (under "Yours sincerely"); a report has neither
    "addressed to": (
        re.compile(
            r"\baddressed to\b|\b(?:recipient|addressee)s?\b|"
            r"^\s*to whom\b[^?]*\b(?:write|wrote|written|send|sent|address(?:ed)?)\b|"
            r"\bwho\b[^?]*\bletter\b[^?]*\b(?:sent|written)\s+to\b",
            re.IGNORECASE,
        ),
        re.compile(r"(?!)"),
    ),
    "signed by": (
        re.compile(
            r"\b(?:who|which \w+|what \w+) signed\b|\bsignator(?:y|ies)\b|"
            r"\bletters?\b[^?]*\bsigned by\b",
            re.IGNORECASE,
        ),
        re.compile(r"(?!)"),
    ),
}
# A visit letter has no front page: its opening paragraph says when the visit was and who
# made it, in Ofsted's set wording ("This letter summarises the findings of the monitoring
# visit to ... on 4 and 5 March 2020. ... The inspectors were ...", "This visit was carried
# out by ..."). A match starts at a sentence's first letter; `value` is the part that answers.
REPORT_KIND = "inspection report"  # the `kind` of an Ofsted inspection report's document
LETTER_OPENING = 4000  # characters of a letter that hold its opening paragraph
_DAY = rf"\d{{1,2}}(?:\s+{MONTH_PATTERN})?"
_DAYS = rf"{_DAY}(?:\s*(?:,|and|to|–|-)\s*{_DAY})*"
_DATES = rf"{_DAYS}\s+{YEAR}(?:\s*(?:and|to|–|-)\s*{_DAYS}\s+{YEAR})?"
_LETTER_FIELD = {
    "lead inspector": re.compile(
        r"(?=[^.\s])[^.\n]*\b(?:the inspectors? (?:were|was)|(?:visit|inspection) was "
        r"(?:carried out|led|conducted|undertaken) by)\s+(?P<value>[^\n]+?)\.(?=\s|$)",
        re.IGNORECASE,
    ),
    "inspection dates": re.compile(
        rf"(?=[^.\s])[^.\n]*\bvisit\b[^.\n]*?\b(?:on|between|from)\s+(?P<value>{_DATES})[^.\n]*\.",
        re.IGNORECASE,
    ),
}
_LETTER_FIELD["team inspectors"] = _LETTER_FIELD["lead inspector"]  # a letter names them all
# the addressee's name and post: the two lines under the letter's date
_LETTER_FIELD["addressed to"] = re.compile(
    rf"^\d{{1,2}}\s+{MONTH_PATTERN}\s+{YEAR}[ \t]*\n\s*(?P<value>[^\n]+\n[^\n]+)",
    re.MULTILINE | re.IGNORECASE,
)
_LETTER_FIELD["signed by"] = re.compile(
    r"^Yours (?:sincerely|faithfully)[ \t]*\n\s*(?P<value>[^\n]+(?:\n[^\n]+)?)",
    re.MULTILINE | re.IGNORECASE,
)
_LETTER_LABEL = {
    "lead inspector": "Inspectors",
    "inspection dates": "Visit dates",
    "team inspectors": "Inspectors",
    "addressed to": "Addressed to",
    "signed by": "Signed by",
}


# An older report's overall judgement in words, where the PDF reader finds it (at the top of a
# SIF report) and where an answer quotes it from: "The overall judgement is that children's
# services are good", "The overall judgement is requires improvement" (2013-14),
# "Children's services in Darlington require improvement to be good"; group 1 is the grade.
OVERALL_STATEMENT = re.compile(
    r"(?:(?:The )?overall judgement is(?: that children[’']s services?)?|(?-i:C)hildren[’']s "
    r"services in [^\n]+?)\s+(?:are |is |requires? |require )?(outstanding|good|inadequate|"
    r"(?:requires? )?improvement(?: to be good)?)\b\.?",
    re.IGNORECASE,
)


# A question about a report's judgements in general, not one of them: "which judgement was
# rated ...", "each graded area", "all its grades" (not "how have the grades changed": the
# overall grade of each report).
_EVERY_JUDGEMENT = re.compile(
    r"\b(?:which|each|every|all|how many|two|three|four|five|six)(?:\s+of)?(?:\s+(?:the|its|"
    r"their|\d{4}|ofsted's|\w+'s?|two|three|four|five|six)){0,3}\s+(?:judgements?|judgments?|"
    r"graded areas?|judgement areas?|judgment areas?|grades|areas?|aspects?|parts?)\b|"
    # "the areas judged", "the three aspects Ofsted graded"
    r"\b(?:areas|aspects|parts|things)\s+(?:\w+\s+){0,2}?(?:judged|graded|rated|got a rating)\b|"
    # "what received the lowest grade?", "what was rated outstanding?": which judged areas
    r"^\s*what (?:got|received|earned|achieved|was (?:rated|judged|graded))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Report:
    """An inspection report with a judgement table."""

    doc_id: str
    meta: DocumentMeta
    text: str


def front_page_fields(question: str) -> tuple[str, ...]:
    """The front-page facts a question asks for ("lead inspector", "inspection dates"), in
    the order it asks them; none for a question about something else."""
    asked = [(found.start(), name) for name, (asks, _) in _FRONT_PAGE.items()
             if (found := asks.search(question))]  # fmt: skip
    names = tuple(name for _, name in sorted(asked))
    if "team inspectors" in names:  # "alongside the lead inspector": the lead is not asked
        names = tuple(n for n in names if n != "lead inspector")
    return names


def front_page_evidence(
    field: str, reports: Sequence[Report]
) -> list[tuple[Report, str, Evidence]]:
    """The front-page line stating the field, for each report, oldest first."""
    _, line = _FRONT_PAGE[field]
    found = []
    for report in sorted(reports, key=lambda r: r.meta.date):
        match = line.search(report.text) if is_report(report.meta) else None
        if match:
            value = match.group("value").strip().rstrip(".")
        elif is_letter(report.meta):
            # a signature closes the letter; the other parts are in its opening
            window = report.text if field == "signed by" else report.text[:LETTER_OPENING]
            match = _LETTER_FIELD[field].search(window)
            value = ", ".join(match.group("value").split("\n")).strip() if match else ""
        if match:
            evidence = Evidence(report.doc_id, match.start(), match.end(), None, 1.0)
            found.append((report, value, evidence))
    return found


def is_report(meta: DocumentMeta) -> bool:
    """Whether a document is an Ofsted inspection report (with a front page)."""
    return meta.kind == REPORT_KIND


def is_letter(meta: DocumentMeta) -> bool:
    """Whether a document is an Ofsted visit letter (monitoring or focused visit)."""
    return meta.source_type == "ofsted" and "letter" in (meta.kind or "")


def front_page_summary(field: str, rows: Iterable[tuple[Report, str, Evidence]]) -> str:
    """One plain line: each report's value in date order."""
    rows = list(rows)
    values = " → ".join(f"{value} ({report.meta.event})" for report, value, _ in rows)
    letters = all(is_letter(report.meta) for report, _, _ in rows)
    return f"{_LETTER_LABEL[field] if letters else field.capitalize()}: {values}."


def is_grade_question(question: str) -> bool:
    """Whether the question asks for Ofsted's grades (judgements)."""
    return _GRADE_QUESTION.search(question) is not None


def only_weak_grade_words(question: str) -> bool:
    """Whether the question's only grade words are ones that also ask for findings: "the
    verdict on", "how did they judge / rate" (a grade for a judged area, a finding for
    anything else)."""
    weak = _WEAK_GRADE.search(question) is not None
    return weak and _GRADE_QUESTION.search(_WEAK_GRADE.sub(" ", question)) is None


def names_area(question: str) -> bool:
    """Whether the question names an area that the reports judge (adoption, care leavers, ...)."""
    return any(pattern.search(question) for pattern, _ in _AREAS)


def wants_history(question: str) -> bool:
    """Whether the question asks how grades changed across inspections."""
    return _CHANGE.search(question) is not None


def areas_named(question: str, meta: DocumentMeta) -> list[str]:
    """The judgement labels of a report for the areas a question names (adoption, care
    leavers, leadership, ...), overall effectiveness aside."""
    labels = [label for label, _ in meta.judgements if label != OVERALL]
    named: list[str] = []
    for pattern, label_patterns in _AREAS:
        if pattern.search(question):
            found = ([x for x in labels if words.search(x)] for words in label_patterns)
            named += next((f for f in found if f), [])
    return list(dict.fromkeys(named))


def judgements_asked(question: str, meta: DocumentMeta) -> list[str]:
    """The judgement labels of a report the question asks about: the areas it names, every
    one for a question about its judgements in general ("which judgement ...", "all its
    grades"), else the overall effectiveness. A named area the report does not grade
    gives none (its overall grade is not an answer about adoption)."""
    labels = [label for label, _ in meta.judgements]
    if names_area(question):
        return areas_named(question, meta)
    if _EVERY_JUDGEMENT.search(question):
        return labels
    return [OVERALL] if OVERALL in labels else labels[:1]


def area_evidence(question: str, reports: Sequence[Report]) -> list[Evidence]:
    """For a question about how one area changed, the judgement of that area in each
    report that grades it (none when the question names no graded area)."""
    found = []
    for report in reports:
        grades = dict(report.meta.judgements)
        for label in areas_named(question, report.meta):
            span = row_span(report.text, label, grades[label])
            if span is not None:
                found.append(Evidence(report.doc_id, span[0], span[1], None, 1.0))
    return found


# Between a judgement table row's label and its grade: space, after a full stop or not ("The
# impact of leaders on social work practice with children and families. Requires
# improvement"). The PDF reader and the answers read rows with this one pattern.
ROW_GAP = r"\.?\s+"


def row_span(text: str, label: str, grade: str) -> tuple[int, int] | None:
    """Where the report states a judgement: its table row, or for an older report's overall
    effectiveness or its LSCB review, the sentence that gives it."""
    flexible = r"\s+".join(re.escape(word) for word in label.split())
    # A wrapped cell ("Requires improvement" / "to be good" on the next line) is one grade.
    row = re.search(
        rf"(?:\d(?:\.\d)?\.?\s+)?{flexible}{ROW_GAP}{re.escape(grade.split()[0])}[^\n]*"
        rf"(?:(?<=improvement)[ \t]*\n\s*to be good\b)?",
        text,
        re.IGNORECASE,
    )
    if row:
        return row.start(), row.end()
    statement = {OVERALL: OVERALL_STATEMENT, LSCB: LSCB_STATEMENT}.get(label)
    sentence = statement.search(text) if statement else None
    return (sentence.start(), sentence.end()) if sentence else None


def grade_evidence(
    question: str, reports: Sequence[Report]
) -> list[tuple[Report, str, str, Evidence]]:
    """For each report the question concerns, each judgement asked with its grade and the
    passage that states it; reports oldest first."""
    found = []
    for report in sorted(reports, key=lambda r: r.meta.date):
        grades = dict(report.meta.judgements)
        for label in judgements_asked(question, report.meta):
            span = row_span(report.text, label, grades[label])
            if span is not None:
                evidence = Evidence(report.doc_id, span[0], span[1], None, 1.0)
                found.append((report, label, grades[label], evidence))
            stated = _overall_in_words(report.text, span) if label == OVERALL else None
            if span is not None and stated and stated[0] != span[0]:
                # The report says it in words too ("Children's services in X are good").
                evidence = Evidence(report.doc_id, stated[0], stated[1], None, 1.0)
                found.append((report, label, grades[label], evidence))
    return found


# The sentence that opens the first paragraph after a judgement table's last row: an ILACS
# report's own summary of its overall judgement ("Children in X receive good-quality
# services.").
_AFTER_TABLE = re.compile(r"[ \t]*\n(?:[ \t]*\n)+[ \t]*([A-Z][^\n]{20,400}?[.!?])(?=\s|$)")


def _overall_in_words(text: str, row: tuple[int, int] | None) -> tuple[int, int] | None:
    """Where a report states its overall judgement in words: the sentence that opens the
    paragraph after the judgement table, when its overall row (`row`) ends the table (ILACS),
    else an older report's statement ("Children's services in X are good")."""
    if row is not None and text[row[0] : row[1]].lower().startswith(OVERALL.lower()):
        after = _AFTER_TABLE.match(text, row[1])
        if after:
            return after.start(1), after.end(1)
    stated = OVERALL_STATEMENT.search(text)
    return (stated.start(), stated.end()) if stated else None


def grade_summary(authority: str, rows: Iterable[tuple[Report, str, str, Evidence]]) -> str:
    """One plain line: the grades in date order ("Requires improvement (June 2014
    inspection) → Inadequate (February 2019 inspection) → Good (July 2022 inspection)")."""
    by_label: dict[str, list[str]] = {}
    for report, label, grade, _ in rows:
        by_label.setdefault(label, []).append(f"{grade} ({report.meta.event})")
    parts = [
        f"{_in_line(label)}: " + " → ".join(dict.fromkeys(grades))
        for label, grades in by_label.items()
    ]
    return f"{authority}'s " + "; ".join(parts) + "."


def _in_line(label: str) -> str:
    """A judgement's label inside a sentence: "overall effectiveness", "the impact of ..."."""
    if label == OVERALL:
        return label.lower()
    return "the" + label[3:] if label.startswith("The ") else label


def reports_by_council(
    metas: Iterable[DocumentMeta], authority: str | None = None
) -> dict[str, list[DocumentMeta]]:
    """The reports with judgements, by council (all, or only `authority`), oldest first."""
    by_council: dict[str, list[DocumentMeta]] = {}
    for meta in metas:
        if meta.judgements and (authority is None or meta.is_of(authority)):
            by_council.setdefault(meta.authority or "(council not stated)", []).append(meta)
    return {
        council: sorted(reports, key=lambda m: m.date)
        for council, reports in sorted(by_council.items())
    }


def grade_table(documents: Iterable[tuple[str, DocumentMeta]], authority: str | None) -> str:
    """Each council's reports in date order, with every judgement and its grade."""
    by_council = reports_by_council((meta for _, meta in documents), authority)
    if not by_council:
        where = f" for {authority}" if authority else ""
        return f"No inspection reports with judgements in the record{where}."
    lines = []
    for council, reports in by_council.items():
        lines.append(council)
        for meta in reports:
            framework = f", {meta.framework}" if meta.framework else ""
            lines.append(
                f"  {meta.date.isoformat()}  {meta.event}{framework}: "
                f"{meta.overall or 'no overall grade'} overall"
            )
            lines += [
                f"      {label}: {grade}" for label, grade in meta.judgements if label != OVERALL
            ]
    return "\n".join(lines)
