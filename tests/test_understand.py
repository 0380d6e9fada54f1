"""Reading a question once: the Intent, against a record of several councils."""

from __future__ import annotations

import datetime as dt

import pytest

from rag.query.scope import ScopeDocument, record_scope
from rag.query.understand import asks_what_came_of_it, spell_out_year_spans, understand

# Three councils; one inspected in November 2022 and published in January 2023.
SCOPE = record_scope(
    [
        ScopeDocument(
            "Norfolk",
            dt.date(2023, 1, 13),
            "November 2022 inspection",
            "",
            (dt.date(2022, 11, 7), dt.date(2022, 11, 18)),
        ),
        ScopeDocument("Norfolk", dt.date(2018, 1, 19), "November 2017 inspection", ""),
        ScopeDocument("Bury", dt.date(2021, 12, 17), "October 2021 inspection", ""),
        ScopeDocument("Leeds", dt.date(2018, 12, 18), "October 2018 inspection", ""),
    ]
)


def test_the_council_chooses_documents_and_leaves_the_topic() -> None:
    intent = understand("How does Bury's front door respond to risk?", SCOPE)
    assert intent.councils == ("Bury",)
    assert "Bury" not in intent.topic and "front door" in intent.topic


@pytest.mark.parametrize(
    ("question", "events"),
    [
        ("What did Norfolk's 2022 inspection find about neglect?", {"November 2022 inspection"}),
        # published in 2023: "the 2023 report" is of the November 2022 inspection
        ("What did the 2023 report on Norfolk say about neglect?", {"November 2022 inspection"}),
        ("What did Norfolk's 2017 inspection say?", {"November 2017 inspection"}),
        # a year is matched within the council asked about, not across the record
        ("What did Leeds' 2018 inspection say?", {"October 2018 inspection"}),
    ],
)
def test_events_are_matched_by_inspection_and_publication_year(
    question: str, events: set[str]
) -> None:
    assert understand(question, SCOPE).events == events


@pytest.mark.parametrize(
    ("question", "grades", "improvements", "figure"),
    [
        ("Which overall effectiveness grade was given to Bury in 2021?", True, False, False),
        ("How has Ofsted's verdict on Leeds changed since 2018?", True, False, False),
        ("Was help and protection in Leeds rated good by the 2018 inspection?", True, False, False),
        ("What rate of turnover did Bury's social workers have?", False, False, True),
        ("What did Ofsted tell Norfolk to improve in 2022?", False, True, False),
        ("What were the areas for improvement in Leeds in 2018?", False, True, False),
        ("Which recommendations did Ofsted give Bury?", False, True, False),
        ("How has Bury improved since 2021?", False, False, False),
        # the same asks in everyday words
        ("How did inspectors rate adoption in Leeds in 2018?", True, False, False),
        ("What must Bury still work on, according to the 2021 report?", False, True, False),
        ("Which services did Ofsted say were needing more development?", False, True, False),
        ("What had Leeds yet to get right when the 2018 report came out?", False, True, False),
        ("Which weaknesses were still to fix in Norfolk after 2022?", False, True, False),
        ("After 2021, which services had Bury still to improve?", False, True, False),
        ("What did inspectors find Bury had yet to sort out?", False, True, False),
        ("Had Kent yet to fix its caseloads in 2022?", False, False, False),
        ("Did Norfolk get better after 2022?", False, False, False),
        ("What is the annual salary of the director in Bury?", False, False, True),
        ("How expensive were agency staff for Leeds?", False, False, True),
        ("What was the total of referrals Bury received?", False, False, True),
        ("What did the 2021 report say about supervision quality?", False, False, False),
        # a count that is the topic of a finding: a passage without a figure may answer it
        ("What did Leeds' inspectors say about how many cases workers held?", False, False, False),
        ("What did Ofsted report on how much agency staff Bury used?", False, False, False),
        # "verdict" and "how did they judge" ask for a grade only of a judged area, or of nothing
        # in particular
        ("What was Ofsted's verdict on Leeds in 2018?", True, False, False),
        ("Which verdict did Bury's adoption service get in 2021?", True, False, False),
        ("In 2021, what verdict did Bury's early help receive?", False, False, False),
        ("How did inspectors judge the timeliness of assessments in Leeds?", False, False, False),
        # grade words in a clause of time before the question say when, not what is asked
        ("Since its inadequate rating, has Bury cut caseloads?", False, False, False),
        ("After the 2018 judgement, what did Leeds promise to families?", False, False, False),
        ("Following Norfolk's good grade, was it graded again later?", True, False, False),
    ],
)
def test_what_kind_of_answer_is_wanted(
    question: str, grades: bool, improvements: bool, figure: bool
) -> None:
    intent = understand(question, SCOPE)
    assert (intent.grades, intent.improvements, intent.figure is not None) == (
        grades,
        improvements,
        figure,
    )


@pytest.mark.parametrize(
    ("question", "judged_how"),
    [
        # asked how an area was judged: the grade, and the findings behind it
        ("How did inspectors judge Leeds' adoption service in 2018?", True),
        ("Give the 2021 verdict on help and protection in Bury.", True),
        # a grade asked for plainly: the grade
        ("What grade did Bury's adoption service get in 2021?", False),
        ("How did Kent's inspectors rate the speed of assessments?", False),
    ],
)
def test_a_question_how_an_area_was_judged_wants_its_findings_too(
    question: str, judged_how: bool
) -> None:
    assert understand(question, SCOPE).judged_how is judged_how


def test_a_year_the_record_holds_only_as_an_inspection_date_is_in_scope() -> None:
    # inspected in November 2022, published in January 2023; no text names the year
    intent = understand("In 2022, which improvements were asked of Norfolk by Ofsted?", SCOPE)
    assert intent.unanswerable is None
    assert intent.events == {"November 2022 inspection"}


def test_a_council_outside_the_record_is_kept_and_refused() -> None:
    intent = understand("What did Ofsted say about Hackney's care leavers?", SCOPE)
    assert intent.councils == ("Hackney",)
    assert intent.unanswerable is not None and "Hackney" in intent.unanswerable


@pytest.mark.parametrize(
    ("question", "says"),
    [
        # a year with no report for the council asked about (Bury: 2021; Leeds: 2018)
        # (2018 and 2023 are years of the record, but not of Bury's or Leeds' reports)
        ("What did Ofsted find at Bury's 2018 inspection?", "no report on Bury from 2018"),
        ("What did Ofsted find on its 2023 inspection of Leeds?", "no report on Leeds from 2023"),
        # Norfolk's November 2022 inspection was published in 2023: both years are covered
        ("What did Norfolk's 2023 report say about neglect?", None),
        ("How did Bury change between 2019 and 2021?", None),  # 2021 is covered
        # another inspectorate's own findings, though the reports mention it
        (
            "What were the Care Quality Commission's findings on Bury's health services?",
            "Care Quality",
        ),
        ("What did the joint Ofsted and CQC inspection of SEND in Leeds conclude?", "Care Quality"),
        ("What were HMICFRS's findings on policing in Norfolk?", "Constabulary"),
        ("What did HMIP say about youth justice in Bury?", "Probation"),
        # adult social care is not the children's record
        ("How did Ofsted rate Leeds' adult social care services?", "adult social care"),
        ("What did Ofsted say about Bury's care leavers in 2021?", None),
    ],
)
def test_what_the_record_cannot_answer_is_named(question: str, says: str | None) -> None:
    reason = understand(question, SCOPE).unanswerable
    if says is None:
        assert reason is None
    else:
        assert reason is not None and says in reason


@pytest.mark.parametrize(
    ("question", "answer_type"),
    [
        ("What is the name of Bury's director of children's services?", "person"),
        ("Who chairs the safeguarding partnership in Leeds?", "person"),
        ("What is the name given to the practice model in Norfolk?", None),  # a model, not a person
        ("When did the inspection of Bury take place?", "date"),
        ("How many children were in Norfolk's care?", "number"),
    ],
)
def test_the_kind_of_fact_asked_for(question: str, answer_type: str | None) -> None:
    assert understand(question, SCOPE).answer_type == answer_type


@pytest.mark.parametrize(
    ("question", "spelled"),
    [
        # a span of years written short reads as both its years
        (
            "How many children did Bury adopt in 2017-18?",
            "How many children did Bury adopt in 2017 to 2018?",
        ),
        ("What was Leeds's budget for 2016/17?", "What was Leeds's budget for 2016 to 2017?"),
        (
            "Did Kent's caseloads fall during 2021–22?",
            "Did Kent's caseloads fall during 2021 to 2022?",
        ),
        # written out in full, or not running forward, it stays as it is
        ("Did Dudley improve over 2016-2018?", "Did Dudley improve over 2016-2018?"),
        ("Was Wigan's 2019-17 figure a misprint?", "Was Wigan's 2019-17 figure a misprint?"),
    ],
)
def test_spans_of_years_written_short_are_spelled_out(question: str, spelled: str) -> None:
    assert spell_out_year_spans(question) == spelled


@pytest.mark.parametrize(
    ("question", "came_of_it"),
    [
        # "after" an inspection, a year or a verdict asks what came of it
        ("Did Bury get better at care plans after the 2021 inspection?", True),
        ("Did Leeds cut caseloads after 2018?", True),
        ("Were Kent's return interviews any use after Ofsted's visit?", True),
        # "after" something else is no time
        ("Did Bury act quickly after children had gone missing?", False),
        ("Were Norfolk's plans reviewed after a child moved home?", False),
    ],
)
def test_after_a_time_asks_what_came_of_it(question: str, came_of_it: bool) -> None:
    assert asks_what_came_of_it(question) is came_of_it
