"""Grades from the judgement tables: finding the rows, choosing reports, answering."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from rag.ingest.ofsted import normalise_grade, read_report
from rag.records import DocumentMeta
from rag.text.grades import (
    OVERALL_STATEMENT,
    Report,
    area_evidence,
    areas_named,
    front_page_evidence,
    front_page_fields,
    front_page_summary,
    grade_evidence,
    grade_table,
    is_grade_question,
    judgements_asked,
    names_area,
    row_span,
    wants_history,
)

ILACS = DocumentMeta(
    "Inspection",
    dt.date(2022, 9, 21),
    "Ofsted",
    "ofsted",
    "July 2022 inspection",
    authority="Newham",
    framework="ILACS",
    judgements=(
        ("The impact of leaders on social work practice with children and families", "Outstanding"),
        ("The experiences and progress of children who need help and protection", "Good"),
        ("Overall effectiveness", "Good"),
    ),
)
ILACS_TEXT = (
    "Judgement Grade\nThe impact of leaders on social work practice with children and families "
    "Outstanding\nThe experiences and progress of children who need help and protection Good\n"
    "Overall effectiveness Good\n\nThe experiences and progress of children who need help and "
    "protection: good\n"
)
SIF = DocumentMeta(
    "Inspection",
    dt.date(2014, 8, 8),
    "Ofsted",
    "ofsted",
    "June 2014 inspection",
    authority="Newham",
    framework="SIF",
    judgements=(
        ("Overall effectiveness", "Requires improvement"),
        ("Adoption performance", "Good"),
        ("Effectiveness of the Local Safeguarding Children Board", "Good"),
    ),
)
SIF_TEXT = (
    "Report published: 8 August 2014\n\nThe overall judgement is that children’s service "
    "requires improvement.\n\n2.1 Adoption performance Good\n\nThe effectiveness of the Local "
    "Safeguarding Children Board (LSCB) is good.\n"
)


@pytest.mark.parametrize(
    ("question", "grade", "history"),
    [
        ("In 2022, which overall judgement did Newham receive?", True, False),
        ("How have Newham's grades changed since 2014?", True, True),
        ("Did help and protection get a good rating?", True, False),
        ("Were children seen alone?", False, False),
        # "ever", "at any point": every inspection's grade, not the latest
        ("Has Wigan ever been judged inadequate?", True, True),
        ("Was Dudley rated outstanding at any point?", True, True),
        ("Was Kent's overall grade good at any stage, or did it bounce back later?", True, True),
        # a visit named by its everyday name is not a question about change
        ("What did the 2021 progress check conclude about Bury's plans?", False, False),
        ("Was the Leeds progress-check letter positive?", False, False),
        # the judged area's name, or progress of a child, is no change over time
        ("Bury's grade for the experiences and progress of care leavers?", True, False),
        ("In 2015, who reviewed the progress of each child Sunderland looked after?", False, False),
        ("What progress has Kent made since its 2017 inspection?", False, True),
    ],
)
def test_grade_questions(question: str, grade: bool, history: bool) -> None:
    assert is_grade_question(question) is grade
    assert wants_history(question) is history


def test_judgements_asked_names_areas_or_overall() -> None:
    assert judgements_asked("Which overall grade was given?", ILACS) == ["Overall effectiveness"]
    assert judgements_asked("What grade did help and protection get?", ILACS) == [
        "The experiences and progress of children who need help and protection"
    ]
    assert judgements_asked("How were leaders rated?", ILACS)[0].startswith("The impact of leaders")
    # the same areas in everyday words
    assert judgements_asked("How good was Bury at helping and protecting children?", ILACS) == [
        "The experiences and progress of children who need help and protection"
    ]
    assert names_area("What grade did Kent get for those who left its care?")
    # "management" is the leadership judgement, "management oversight" a practice
    assert names_area("How was Leeds' management rated in 2018?")
    assert names_area("How did Leeds do on leadership, management and governance?")
    assert not names_area("How did inspectors rate management oversight in Kent?")
    assert not names_area("Did Norfolk's line management support social workers well?")
    assert not names_area("Was case management in Wigan judged effective?")
    lscb = "Effectiveness of the Local Safeguarding Children Board"
    assert judgements_asked("What rating did the LSCB get in 2014?", SIF) == [lscb]
    assert judgements_asked("Was the safeguarding board judged good?", SIF) == [lscb]


def test_a_question_about_the_judgements_in_general_gets_every_one() -> None:
    every = [label for label, _ in ILACS.judgements]
    assert judgements_asked("Which judgement was rated requires improvement?", ILACS) == every
    assert judgements_asked("What were all the grades Leeds received?", ILACS) == every
    sif = [label for label, _ in SIF.judgements]
    assert judgements_asked("In Kent, was each judgement area good?", SIF) == sif
    # the grades of several reports are their overall grades
    assert judgements_asked("How have the grades changed?", SIF) == ["Overall effectiveness"]


@pytest.mark.parametrize(
    "question",
    [
        "Which of Kent's 2021 judgements came out good?",
        "How many areas did Bury's inspectors find inadequate?",
        "Name the four aspects that Ofsted graded in Leeds.",
        "What were the areas judged at Sunderland's last inspection?",
        "Which area of Dudley's services was rated outstanding?",
        "What got the lowest grade at Kent's 2022 inspection?",
        "What was rated outstanding in Bury?",
    ],
)
def test_a_question_over_the_judged_areas_gets_every_judgement(question: str) -> None:
    assert judgements_asked(question, ILACS) == [label for label, _ in ILACS.judgements]


def test_an_area_the_report_does_not_grade_gets_no_grade_not_the_overall_one() -> None:
    # ILACS reports grade no adoption service; a SIF report of a council that placed no
    # child for adoption says "Adoption performance Not judged" (City of London 2016)
    assert judgements_asked("Which grade was adoption given?", ILACS) == []
    assert judgements_asked("Which grade was adoption given?", SIF) == ["Adoption performance"]


def test_rows_are_found_in_the_table_not_the_headings() -> None:
    start, end = row_span(
        ILACS_TEXT, "The experiences and progress of children who need help and protection", "Good"
    )  # type: ignore[misc]
    assert ILACS_TEXT[start:end] == (
        "The experiences and progress of children who need help and protection Good"
    )
    start, end = row_span(SIF_TEXT, "Overall effectiveness", "Requires improvement")  # type: ignore[misc]
    assert (
        SIF_TEXT[start:end]
        == "The overall judgement is that children’s service requires improvement."
    )
    start, end = row_span(SIF_TEXT, "Adoption performance", "Good")  # type: ignore[misc]
    assert SIF_TEXT[start:end] == "2.1 Adoption performance Good"
    lscb = "Effectiveness of the Local Safeguarding Children Board"
    start, end = row_span(SIF_TEXT, lscb, "Good")  # type: ignore[misc]
    assert SIF_TEXT[start:end] == (
        "The effectiveness of the Local Safeguarding Children Board (LSCB) is good."
    )


ILACS_CARE_ROW = "The experiences and progress of children in care and care leavers"


def test_a_grade_wrapped_onto_the_next_line_is_quoted_whole() -> None:
    # the table cells of Croydon's, Sheffield's and Wirral's ILACS reports wrap like this
    text = (
        "The experiences and progress of children in care and care leavers Requires improvement\n"
        "to be good\nOverall effectiveness Requires improvement\n\nto be good\n\nProgress has "
        "been made."
    )
    start, end = row_span(text, "Overall effectiveness", "Requires improvement")  # type: ignore[misc]
    assert text[start:end] == "Overall effectiveness Requires improvement\n\nto be good"
    start, end = row_span(text, ILACS_CARE_ROW, "Requires improvement")  # type: ignore[misc]
    assert text[start:end].endswith("Requires improvement\nto be good")


SIF_CARE = "The experiences and progress of children looked after and achieving permanence"
ILACS_CARE = "The experiences and progress of children in care and care leavers"
HELP = "The experiences and progress of children who need help and protection"
AREAS_SIF = replace(SIF, judgements=((SIF_CARE, "Inadequate"), ("Adoption performance", "Good")))
AREAS_ILACS = replace(ILACS, judgements=((ILACS_CARE, "Good"), (HELP, "Good")))
AREAS = [
    Report("a", AREAS_SIF, f"{SIF_CARE} Inadequate\n2.1 Adoption performance Good\n"),
    Report("b", AREAS_ILACS, f"Judgement Grade\n{ILACS_CARE} Good\n{HELP} Good\n"),
]


@pytest.mark.parametrize(
    ("question", "labels"),
    [
        # care leavers in each framework's words (SIF: "children looked after", ILACS:
        # "children in care and care leavers"), however the question puts it
        ("How has help for young people leaving care changed?", [SIF_CARE, ILACS_CARE]),
        ("How did things change for care leavers?", [SIF_CARE, ILACS_CARE]),
        ("How did adoption change between the inspections?", ["Adoption performance"]),
        ("How did things change between the inspections?", []),  # no area: the findings
    ],
)
def test_a_question_about_one_area_over_time_brings_its_grades(
    question: str, labels: list[str]
) -> None:
    found = area_evidence(question, AREAS)
    texts = {r.doc_id: r.text for r in AREAS}
    quoted = [texts[e.doc_id][e.start : e.end] for e in found]
    assert [q.rsplit(" ", 1)[0].removeprefix("2.1 ") for q in quoted] == labels


def test_grade_evidence_is_oldest_first() -> None:
    rows = grade_evidence(
        "How have the overall grades changed?",
        [Report("b", ILACS, ILACS_TEXT), Report("a", SIF, SIF_TEXT)],
    )
    assert [(r.doc_id, grade) for r, _, grade, _ in rows] == [
        ("a", "Requires improvement"),
        ("b", "Good"),
    ]


def test_grade_table() -> None:
    table = grade_table([("a", SIF), ("b", ILACS)], "newham")
    assert table.splitlines()[0] == "Newham"
    assert "2014-08-08  June 2014 inspection, SIF: Requires improvement overall" in table
    assert "Adoption performance: Good" in table
    assert "No inspection reports" in grade_table([("a", SIF)], "Hackney")


@pytest.mark.slow
def test_grade_answers_from_the_real_reports(newham_pipeline: Any) -> None:
    answer = newham_pipeline.ask("In 2022, which overall judgement did Newham receive?")
    assert not answer.refused
    citation, *in_its_words = answer.citations  # the table row, then the report's words
    assert citation.quote == "Overall effectiveness Good" and citation.page == 1
    assert citation.doc_id == "2022-09-21-ofsted-newham-inspection-report"
    assert len(in_its_words) <= 1
    assert all(c.doc_id == citation.doc_id for c in in_its_words)
    history = newham_pipeline.ask("How have Newham's grades changed since 2014?")
    rows = [
        "The overall judgement is that children’s service requires improvement.",
        "Overall effectiveness Inadequate",
        "Overall effectiveness Good",
    ]
    assert [c.quote for c in history.citations if c.quote in rows] == rows
    assert history.text.startswith(
        "Newham's overall effectiveness: Requires improvement (June 2014 inspection) → "
        "Inadequate (February 2019 inspection) → Good (July 2022 inspection)."
    )


@pytest.mark.slow
def test_a_change_over_a_range_quotes_grades_of_that_range_only(newham_pipeline: Any) -> None:
    answer = newham_pipeline.ask("How did the leadership of Newham change from 2019 to late 2020?")
    events = {c.meta.event for c in answer.citations}
    assert "February 2019 inspection" in events
    assert events <= {
        "February 2019 inspection",
        "March 2020 monitoring visit",
        "October 2020 focused visit",
    }


@pytest.mark.slow
def test_contact_details_are_given_only_for_whom_they_belong_to(newham_pipeline: Any) -> None:
    ofsted = newham_pipeline.ask("What telephone number does Ofsted give in its letters?")
    assert not ofsted.refused and "0300 123 1231" in ofsted.text
    person = newham_pipeline.ask("Which phone number does the record give for Tim Aldridge?")
    assert person.refused and "no contact details" in person.text


@pytest.mark.slow
def test_report_citations_carry_paragraph_and_page(newham_pipeline: Any) -> None:
    answer = newham_pipeline.ask("What did the 2022 inspection say about supervision?")
    assert answer.citations
    report = [c for c in answer.citations if c.doc_id.startswith("2022-09-21")]
    assert report and all(c.page is not None for c in report)
    # a numbered paragraph's quote gives its number; the list of what needs to improve, before
    # the numbered paragraphs, has none
    text = (
        Path(__file__).resolve().parent.parent
        / "corpus"
        / "2022-09-21-ofsted-newham-inspection-report.md"
    ).read_text(encoding="utf-8")
    first_paragraph = text.index("\n1. ")
    assert any(c.paragraph is not None for c in report)
    assert all(c.paragraph is not None or text.index(c.quote) < first_paragraph for c in report)
    assert {c.meta.event for c in answer.citations} == {"July 2022 inspection"}
    assert "as the question asks" in answer.text


# A visit letter's opening, in the set wording of Ofsted's monitoring and focused-visit
# letters (the Newham letter in corpus/ is one; the others follow the same template).
LETTERS = {
    "newham": (
        "This letter summarises the findings of the monitoring visit to Newham local authority "
        "children's services on 4 and 5 March 2020. The visit was the second monitoring visit "
        "since the local authority was judged inadequate in March 2019. The inspectors were "
        "Andy Whippey, Her Majesty's Inspector, and Tara Geere, Her Majesty's Inspector.",
        "4 and 5 March 2020",
        "Andy Whippey, Her Majesty's Inspector, and Tara Geere, Her Majesty's Inspector",
    ),
    "focused": (
        "This letter summarises the findings of the focused visit to Kent County Council "
        "children's services on 6 October 2020 to 8 October 2020. This visit was carried out "
        "by Jo Smith, Her Majesty's Inspector.",
        "6 October 2020 to 8 October 2020",
        "Jo Smith, Her Majesty's Inspector",
    ),
    "between": (
        "This letter summarises the findings of the monitoring visit to Leeds children's "
        "services between 11 and 12 June 2019. The inspector was Sam Jones, Her Majesty's "
        "Inspector.",
        "11 and 12 June 2019",
        "Sam Jones, Her Majesty's Inspector",
    ),
}


@pytest.mark.parametrize("name", sorted(LETTERS))
def test_a_visit_letter_gives_its_dates_and_inspectors_from_its_opening(name: str) -> None:
    text, dates, inspectors = LETTERS[name]
    meta = DocumentMeta(
        "Monitoring visit",
        dt.date(2020, 3, 27),
        "Ofsted",
        "ofsted",
        "a visit",
        kind="monitoring visit letter",
    )
    letter = Report("letter", meta, "Dear Director\n\n" + text + "\n\nYours sincerely\n")
    for field, value in (("inspection dates", dates), ("lead inspector", inspectors)):
        [(_, found, evidence)] = front_page_evidence(field, [letter])
        assert found == value
        quoted = letter.text[evidence.start : evidence.end]
        assert value in quoted and quoted.endswith(".") and not quoted.startswith(" ")
    summary = front_page_summary("lead inspector", front_page_evidence("lead inspector", [letter]))
    assert summary.startswith("Inspectors: ")


def test_a_letter_is_not_read_as_a_report_front_page_nor_a_report_as_a_letter() -> None:
    meta = DocumentMeta("Report", dt.date(2022, 9, 21), "Ofsted", "ofsted", "an inspection")
    text = "The inspectors were A, B and C."  # in a report's body, not its front page
    report = Report("r", replace(meta, kind="inspection report"), text)
    press = Report("p", replace(meta, source_type="press", kind="news letter"), text)
    assert front_page_evidence("lead inspector", [report, press]) == []


@pytest.mark.parametrize(
    ("question", "field"),
    [
        ("When did the 2020 monitoring visit take place?", "inspection dates"),
        ("Tell me the dates of the focused visit.", "inspection dates"),
        ("When was Leeds visited in 2019?", "inspection dates"),
        ("Who carried out the visit?", "lead inspector"),
        ("Which inspectors came?", "lead inspector"),
        ("Who were the inspectors?", "lead inspector"),
        ("Who headed the team Ofsted sent to Bury?", "lead inspector"),
        ("Name the HMIs who conducted the 2021 visit.", "lead inspector"),
        ("Which days did the inspection of Leeds run on?", "inspection dates"),
        ("Give the dates of each full Ofsted assessment of Kent.", "inspection dates"),
        ("What was the timing of Dudley's Ofsted reviews?", "inspection dates"),
        # a child's review is not Ofsted's
        ("Tell me the dates of the children's reviews.", None),
        ("Who carried out the audit of case files?", None),
        # "when" about something done beside the visit is not a question about its dates
        ("When was Bury's new director appointed relative to the visit?", None),
        ("What did the visit find about life-story work?", None),
    ],
)
def test_front_page_questions_about_visits(question: str, field: str | None) -> None:
    assert next(iter(front_page_fields(question)), None) == field


@pytest.mark.parametrize(
    ("question", "fields"),
    [
        (
            "When was Kent's 2022 inspection carried out, and who was its lead inspector?",
            ("inspection dates", "lead inspector"),
        ),
        (
            "Who led the Bury inspection and what dates did it cover?",
            ("lead inspector", "inspection dates"),
        ),
        ("Who was the lead inspector in Leeds?", ("lead inspector",)),
        ("Could you tell me who Dudley's lead Ofsted inspector was?", ("lead inspector",)),
        ("What did Dudley's inspectors find about adoption?", ()),
        # the older reports' word for the lead inspector
        ("Who was the reporting inspector for Kent in 2013?", ("lead inspector",)),
        ("Name Medway's reporting inspector.", ("lead inspector",)),
        # the inspectors beside the lead: the lead is named only to say whom they were beside
        ("Which HMIs inspected Kent alongside the lead inspector?", ("team inspectors",)),
        ("Can you list the other inspectors who came to Leeds?", ("team inspectors",)),
        ("Besides the lead, who inspected Bury in 2016?", ("team inspectors",)),
        ("Who else was on Dudley's inspection team?", ("team inspectors",)),
        ("Who led Wigan's inspection?", ("lead inspector",)),
        ("How did social workers get on with the lead professional?", ()),
        # a letter's addressee and signatory
        ("Who was Leeds' 2021 monitoring letter sent to?", ("addressed to",)),
        ("To whom did Ofsted send the letter after visiting Bury?", ("addressed to",)),
        ("Who was the recipient of Kent's focused visit letter?", ("addressed to",)),
        ("Which HMI signed the letter to Dudley?", ("signed by",)),
        # both facts, to compare
        ("Was the Wigan letter signed by the lead inspector?", ("signed by", "lead inspector")),
        ("Were plans signed off by managers?", ()),
    ],
)
def test_the_front_page_facts_a_question_asks(question: str, fields: tuple[str, ...]) -> None:
    assert front_page_fields(question) == fields


def test_a_sif_report_lists_its_team_and_an_ilacs_report_does_not() -> None:
    # the SIF front-matter lines as Barnsley's, Bury's and Dudley's 2014-16 reports print them
    sif_text = (
        "Lead inspector: Neil Penswick\n\nTeam inspectors: Lynn Radley, Sarah Urding, "
        "Julie Winyard and Ralph Trevelyan-Beard.\n"
    )
    sif = Report("a", replace(SIF, kind="inspection report"), sif_text)
    ((_, value, evidence),) = front_page_evidence("team inspectors", [sif])
    assert value == "Lynn Radley, Sarah Urding, Julie Winyard and Ralph Trevelyan-Beard"
    assert sif_text[evidence.start : evidence.end].startswith("Team inspectors: Lynn Radley")
    ilacs_text = "Lead inspector: Christine Kennet, Her Majesty’s Inspector\n"
    ilacs = Report("b", replace(ILACS, kind="inspection report"), ilacs_text)
    assert front_page_evidence("team inspectors", [ilacs]) == []


@pytest.mark.parametrize(
    ("line", "name"),
    [
        # the 2013 reports of Kent, Medway and Norfolk print no colon after the label
        ("Reporting inspector Helen Cawston HMI", "Helen Cawston HMI"),
        ("Reporting inspector Sarah Urding HMI", "Sarah Urding HMI"),
        ("Reporting inspector Gary Lamb HMI", "Gary Lamb HMI"),
        # Hammersmith and Fulham's 2016 report, and a later report's two lead inspectors
        ("Lead inspector on site: Pietro Battista", "Pietro Battista"),
        ("Lead inspectors: Rebecca Quested and Matthew Reed", "Rebecca Quested and Matthew Reed"),
    ],
)
def test_the_lead_inspector_is_read_with_or_without_a_colon(line: str, name: str) -> None:
    report = Report("a", replace(SIF, kind="inspection report"), f"Children's services\n\n{line}\n")
    ((_, value, evidence),) = front_page_evidence("lead inspector", [report])
    assert value == name and report.text[evidence.start : evidence.end] == line


def test_a_letter_names_its_addressee_under_its_date_and_its_signatory_at_its_end() -> None:
    # Ofsted's letter layout (the monitoring letters to Newham, Leeds and Bury alike): the
    # date, the addressee's name and post, the salutation ... the sign-off
    text = (
        "Ofsted\nPiccadilly Gate\nManchester\n\n9 June 2021\n\nJane Smith\n"
        "Director of Children's Services\nBury Council\nTown Hall\n\nDear Jane\n\n"
        "Monitoring visit to Bury children's services\n\nThe findings follow.\n\n"
        "Yours sincerely\n\nAnne Green\nHer Majesty's Inspector\n"
    )
    meta = DocumentMeta(
        "Letter", dt.date(2021, 6, 9), "Ofsted", "ofsted", "May 2021 monitoring visit",
        kind="monitoring visit letter",
    )  # fmt: skip
    letter = Report("letter", meta, text)
    [(_, to, _)] = front_page_evidence("addressed to", [letter])
    assert to == "Jane Smith, Director of Children's Services"
    [(_, by, evidence)] = front_page_evidence("signed by", [letter])
    assert by == "Anne Green, Her Majesty's Inspector"
    assert text[evidence.start : evidence.end].startswith("Yours sincerely")
    report = Report("r", replace(ILACS, kind="inspection report"), text)
    assert front_page_evidence("signed by", [report]) == []  # a report is signed by no one


SIF_LEAVERS = "Experiences and progress of care leavers"
ILACS_IN_CARE = "The experiences and progress of children in care"
ILACS_LEAVERS = "The experiences and progress of care leavers"


@pytest.mark.parametrize(
    ("question", "sif", "ilacs"),
    [
        # a SIF report's "2.2" row and a 2023 report's own row for care leavers: their
        # question gets that row, not the children in care's
        ("Did leaving care services in Kent improve?", [SIF_LEAVERS], [ILACS_LEAVERS]),
        # children in care, or permanence: not the care leavers' row
        ("How has permanence in Dudley changed?", [SIF_CARE], [ILACS_IN_CARE]),
        (
            "What about Leeds: its children in care and care leavers?",
            [SIF_LEAVERS, SIF_CARE],
            [ILACS_LEAVERS, ILACS_IN_CARE],
        ),
    ],
)
def test_care_leavers_and_children_in_care_are_graded_apart_where_a_report_does(
    question: str, sif: list[str], ilacs: list[str]
) -> None:
    sif_meta = replace(SIF, judgements=((SIF_CARE, "Good"), (SIF_LEAVERS, "Requires improvement")))
    ilacs_meta = replace(
        ILACS, judgements=((ILACS_IN_CARE, "Good"), (ILACS_LEAVERS, "Outstanding"))
    )
    assert sorted(areas_named(question, sif_meta)) == sorted(sif)
    assert sorted(areas_named(question, ilacs_meta)) == sorted(ilacs)


def test_an_early_sif_reports_overall_judgement_in_words_is_found_and_quoted() -> None:
    # Haringey's, Herefordshire's and Derbyshire's 2013-14 reports state it without "that
    # children's services", and the next sentence follows with no full stop between.
    texts = {
        "Inspection date: 1 April 2014\n\nThe overall judgement is requires improvement There "
        "are no widespread or serious failures": "The overall judgement is requires improvement",
        "Report published: 30 June 2014\n\nThe overall judgement is requires improvement\n\n"
        "The authority is not yet delivering good": "The overall judgement is requires improvement",
        "19 November 2013 – 11 December 2013\nThe overall judgement is good.\nThe local "
        "authority leads effective services": "The overall judgement is good.",
    }
    for text, stated in texts.items():
        grade = "Good" if stated.endswith("good.") else "Requires improvement"
        start, end = row_span(text, "Overall effectiveness", grade)  # type: ignore[misc]
        assert text[start:end] == stated
        found = OVERALL_STATEMENT.search(" ".join(text.split()))  # as the PDF reader reads it
        assert found is not None
        assert normalise_grade(found.group(1)) == grade


def test_a_statement_of_children_s_services_with_a_plain_apostrophe_is_found() -> None:
    text = (
        "Report published: 21 May 2018\n\nChildren's services in Walsall require improvement "
        "to be good\n\n1. Children who need help"
    )
    start, end = row_span(text, "Overall effectiveness", "Requires improvement")  # type: ignore[misc]
    assert text[start:end] == "Children's services in Walsall require improvement to be good"


def test_a_report_s_title_is_not_quoted_as_what_it_found(newham_pipeline: Any) -> None:
    # the 2014 report's front-page heading names the areas a question about them names
    answer = newham_pipeline.ask(
        "How did Ofsted judge help and protection, children looked after and care leavers in 2014?"
    )
    assert answer.citations
    assert not any(c.quote.startswith("Inspection of services") for c in answer.citations)


@pytest.mark.parametrize(
    ("after_table", "grade", "headline"),
    [
        # Solihull's, Croydon's and Rutland's ILACS reports (2020): the paragraph after the
        # table opens with the report's own summary of its overall judgement
        (
            "The local authority has made some progress in improving the quality of services "
            "for children and families since its inspection in 2016. Senior leaders prioritise",
            "Requires improvement",
            "The local authority has made some progress in improving the quality of services "
            "for children and families since its inspection in 2016.",
        ),
        (
            "Children’s services in Croydon have improved dramatically since the last "
            "inspection in 2017, when they were judged to be inadequate. Services for children",
            "Good",
            "Children’s services in Croydon have improved dramatically since the last "
            "inspection in 2017, when they were judged to be inadequate.",
        ),
        (
            "Services for children in Rutland continue to require improvement to be "
            "good and have not improved since the last inspection in 2016. Leaders have",
            "Requires improvement",
            "Services for children in Rutland continue to require improvement to be "
            "good and have not improved since the last inspection in 2016.",
        ),
    ],
)
def test_an_ilacs_report_s_overall_grade_comes_with_its_headline_sentence(
    after_table: str, grade: str, headline: str
) -> None:
    wrapped = "\n\nto be good" if grade == "Requires improvement" else ""
    text = (
        "Judgement Grade\nThe experiences and progress of children in care Good\n"
        f"Overall effectiveness {grade}{wrapped}\n\n{after_table}\n\nWhat needs to improve?"
    )
    meta = replace(ILACS, judgements=(("Overall effectiveness", grade),))
    rows = grade_evidence("What was the overall judgement?", [Report("r", meta, text)])
    quoted = [text[e.start : e.end] for _, _, _, e in rows]
    assert quoted[0].startswith("Overall effectiveness")
    assert quoted[1:] == [headline]


def test_a_statement_of_children_s_services_opens_its_sentence() -> None:
    # mid-sentence history (Solihull's and Hull's 2023 reports; Solihull's shortened) is not
    # the overall judgement
    for text in (
        "since the last inspection in 2019, when Solihull Council was "
        "judged to be requires improvement to be good.",
        "The impact of improvements for children’s services in Hull City Council is good.",
    ):
        assert OVERALL_STATEMENT.search(text) is None


# Judgement tables as three councils' ILACS reports print them: Cheshire East's (2019) puts a
# full stop after the first label, Plymouth's (2018) wraps its grades, Kent's (2022) does
# neither.
TABLES = {
    "cheshire east": (
        "Judgement Grade\nThe impact of leaders on social work practice with children and "
        "families. Requires improvement\nto be good\nThe experiences and progress of children "
        "who need help and protection Requires improvement\nto be good\nThe experiences and "
        "progress of children in care and care leavers Requires improvement\nto be good\n"
        "Overall effectiveness Requires improvement\n"
    ),
    "plymouth": (
        "Judgement Grade\nThe impact of leaders on social work practice with children and "
        "families Requires improvement\nto be good\nThe experiences and progress of children "
        "who need help and protection Requires improvement\nto be good\nThe experiences and "
        "progress of children in care and care leavers Requires improvement\nto be good\n"
        "Overall effectiveness Requires improvement\n\nto be good\n"
    ),
    "kent": (
        "Judgement Grade\nThe impact of leaders on social work practice with children and "
        "families Outstanding\nThe experiences and progress of children who need help and "
        "protection Good\nThe experiences and progress of children in care and care leavers "
        "Outstanding\nOverall effectiveness Outstanding\n"
    ),
}


@pytest.mark.parametrize("table", TABLES.values(), ids=TABLES.keys())
def test_every_row_the_reader_grades_is_found_for_the_answer(table: str) -> None:
    judgements = read_report(f"Inspection dates: 18 to 29 November 2019\n\n{table}").judgements
    assert len(judgements) == 4
    for label, grade in judgements:
        span = row_span(table, label, grade)
        assert span is not None, label
        row = table[span[0] : span[1]]
        assert row.startswith(label) and grade.split()[0] in row
