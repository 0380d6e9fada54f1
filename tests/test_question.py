"""Reading questions: kind, speaker, visit, topic, numbers."""

from __future__ import annotations

import datetime as dt

import pytest

from rag.query.question import (
    asks_two_things,
    classify_question,
    event_intent,
    events_between,
    expected_answer,
    figure_kind,
    speaker_intent,
    states,
    states_number,
    topic,
    unmatched_event,
    wants_number,
    wants_story,
)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Were children seen alone?", "factual"),
        ("What areas still needed more progress after the focused visit?", "list"),
        ("Which strengths did inspectors identify?", "list"),
        ("What did inspectors focus on in March 2020?", "list"),
        ("Who said the pace of change needs to accelerate?", "attribution"),
        ("Who apologised for the failings?", "attribution"),
        ("How did things change between 2019 and 2020?", "timeline"),
        ("What is the story of Newham's improvement journey?", "timeline"),
        ("What did inspectors find about life-history work?", "factual"),
        ("Are children helped to understand their own story?", "factual"),
        ("How many monitoring visits were there between 2019 and 2020?", "factual"),
        ("Which outlet reported the council's response?", "attribution"),
        ("What themes did the focused visit cover?", "list"),
    ],
)
def test_classify_question(question: str, kind: str) -> None:
    assert classify_question(question) == kind


@pytest.mark.parametrize(
    ("question", "speakers"),
    [
        ("What did inspectors say?", {"ofsted"}),
        ("What did the council promise?", {"council"}),
        ("How did the press report it?", {"press"}),
        ("Were children seen alone?", set()),
    ],
)
def test_speaker_intent(question: str, speakers: set[str]) -> None:
    assert speaker_intent(question) == speakers


EVENTS = ["February 2019 inspection", "March 2020 monitoring visit", "October 2020 focused visit"]


@pytest.mark.parametrize(
    ("question", "events"),
    [
        ("What did the March 2020 visit find?", {"March 2020 monitoring visit"}),
        ("What did the 2019 inspection find?", {"February 2019 inspection"}),
        ("What did the focused visit find?", {"October 2020 focused visit"}),
        ("What happened in 2020?", {"March 2020 monitoring visit", "October 2020 focused visit"}),
        ("Were children seen alone?", set()),
        # a part of the year stands for its months; everyday names for the kinds of visit
        ("What was found in the autumn of 2020?", {"October 2020 focused visit"}),
        ("What did Ofsted see in early 2020?", {"March 2020 monitoring visit"}),
        ("What did the late-2020 visit cover?", {"October 2020 focused visit"}),
        ("What did the winter 2019 inspection find?", {"February 2019 inspection"}),
        ("What did the follow-up visit conclude?", {"March 2020 monitoring visit"}),
        ("What did Ofsted's targeted visit look at?", {"October 2020 focused visit"}),
        (
            "What did inspectors see when they came back to monitor?",
            {"March 2020 monitoring visit"},
        ),
        ("What did Ofsted find on returning to check?", {"March 2020 monitoring visit"}),
        # no visit in those months: the year's, as for a year alone
        (
            "Was the summer of 2020 quiet?",
            {"March 2020 monitoring visit", "October 2020 focused visit"},
        ),
    ],
)
def test_event_intent(question: str, events: set[str]) -> None:
    assert event_intent(question, EVENTS) == events


_DATED = {  # the events of three councils' records, with their first dates
    "June 2016 inspection": dt.date(2016, 6, 6),  # Ealing
    "November 2019 inspection": dt.date(2019, 11, 4),
    "April 2024 inspection": dt.date(2024, 4, 15),
    "May 2015 inspection": dt.date(2015, 5, 5),  # Sunderland
    "April 2018 inspection": dt.date(2018, 4, 9),
    "July 2019 monitoring visit": dt.date(2019, 7, 2),
    "October 2020 focused visit": dt.date(2020, 10, 20),
}


@pytest.mark.parametrize(
    ("question", "spanned"),
    [
        # each end of a range is read on its own: the months of one do not narrow the other
        (
            "How did the front door change between 2018 and late 2020?",
            [
                "April 2018 inspection",
                "July 2019 monitoring visit",
                "November 2019 inspection",
                "October 2020 focused visit",
            ],
        ),
        (
            "What changed after the 2016 inspection, up to the summer of 2019?",
            ["June 2016 inspection", "April 2018 inspection", "July 2019 monitoring visit"],
        ),
        # "since" a year: from its event on
        (
            "How have care leavers fared since 2019?",
            [
                "July 2019 monitoring visit",
                "November 2019 inspection",
                "October 2020 focused visit",
                "April 2024 inspection",
            ],
        ),
        # no range: every event
        ("How did leadership change over the inspections?", sorted(_DATED, key=_DATED.get)),
    ],
)
def test_events_between_reads_each_end_of_a_range(question: str, spanned: list[str]) -> None:
    assert events_between(question, _DATED, _DATED) == spanned


@pytest.mark.parametrize(
    ("question", "visit"),
    [
        (
            "What did Ofsted find at the October 2019 monitoring visit?",
            "October 2019 monitoring visit",
        ),
        ("Was there a 2019 monitoring visit?", "2019 monitoring visit"),
        ("What did the March 2020 monitoring visit find?", None),
        ("What did the 2020 inspection find?", None),  # "inspection" loosely covers visits
        ("What did the March 2019 inspection find?", None),
        ("Were children seen alone?", None),
    ],
)
def test_unmatched_event(question: str, visit: str | None) -> None:
    assert unmatched_event(question, EVENTS) == visit


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        (
            "Which areas did the inspectors look at during the March 2020 monitoring visit?",
            "Which areas did look at?",
        ),
        (
            "What did inspectors find about thresholds for services in 2019?",
            "What did find about thresholds for services?",
        ),
        (
            "Was morale OK among the social workers in early 2020?",
            "Was morale OK among the social workers?",
        ),
        # nothing left to match on, or the visit's date is the point: keep the question
        ("What did the focused visit find?", "What did the focused visit find?"),
        ("When was the 2019 inspection carried out?", "When was the 2019 inspection carried out?"),
        # who is asked is scope, not topic (institutions only; people stay)
        (
            "What did inspectors find about life-history work?",
            "What did find about life-history work?",
        ),
        ("Were children seen alone, according to Ofsted?", "Were children seen alone?"),
        ("What did the mayor promise?", "What did the mayor promise?"),
        ("Who were the inspectors on the visit?", "Who were the inspectors on the visit?"),
        # the visit named with Ofsted's name in it, or "at the time of" / "according to" it
        (
            "Were there enough foster carers at the time of its 2019 Ofsted inspection?",
            "Were there enough foster carers?",
        ),
        (
            "How were young asylum seekers received, according to the 2019 Ofsted report?",
            "How were young asylum seekers received?",
        ),
        # a visit outside the record is what the question is about
        (
            "Which problems from the 2014 inspection were still outstanding in 2019?",
            "Which problems from the 2014 inspection were still outstanding?",
        ),
    ],
)
def test_topic(question: str, subject: str) -> None:
    assert topic(question, EVENTS) == subject


@pytest.mark.parametrize(
    ("question", "number"),
    [
        ("How many children were looked after in 2020?", True),
        ("What percentage of care leavers were in education?", True),
        ("How much is the director paid?", True),
        ("What was the staff turnover rate?", True),
        ("Were children seen alone?", False),
        ("How did the service change?", False),
        ("What was the number of referrals in 2021?", True),
        # a comparison, not a figure
        ("How did the number of referrals in Bury compare with similar areas?", False),
        ("What is the director's salary?", True),
        ("What did the report say about the cost of living for care leavers?", True),
        ("What did inspectors find about agency staff?", False),
        # an average is a figure, whatever is averaged
        ("In Rochdale, what is the mean wait for an assessment?", True),
        ("What was the median caseload for Kent's personal advisers?", True),
        ("Tell me the average caseload in Bury in 2021.", True),
        ("Was Leeds better than the national average?", False),
        ("Roughly what median wait did Dudley's families have for an assessment?", True),
    ],
)
def test_wants_number(question: str, number: bool) -> None:
    assert wants_number(question) == number


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("The council agreed £10.6 million of investment.", True),
        ("Two of the three areas were inadequate.", True),
        ("The visit on 4 and 5 March 2020 found delays.", False),  # dates are not figures
        ("In 2019 the service was inadequate for all children.", False),
        ("By a reporter on March 31, 2020 in Children, Social work", False),  # a press byline
    ],
)
def test_states_number(text: str, number: bool) -> None:
    assert states_number(text) == number


@pytest.mark.parametrize(
    ("question", "two"),
    [
        ("How quickly were referrals screened in Bury, and why were some delayed?", True),
        ("How many care leavers were in work and how many were in college?", True),
        ("Are care leavers in Leeds in suitable homes? What did the 2018 report find?", True),
        ("What did inspectors find about help and protection in Norfolk?", False),
        ("Were children and families seen quickly?", False),
    ],
)
def test_a_question_that_asks_two_things(question: str, two: bool) -> None:
    assert asks_two_things(question) is two


@pytest.mark.parametrize(
    ("question", "story"),
    [
        ("What is the story so far for Bury?", True),
        ("Can you give me an overview of Leeds's inspections?", True),
        ("Summarise the record for a new manager.", True),
        ("Was life story work done well?", False),
        ("What was the story in the local paper?", False),
    ],
)
def test_a_question_for_the_whole_story(question: str, story: bool) -> None:
    assert wants_story(question) is story


@pytest.mark.parametrize(
    ("question", "answer_type"),
    [
        ("How promptly do social workers see a child after a strategy meeting?", "time"),
        ("How fast did the council respond to a missing child?", "time"),
        ("How long did adopters wait for a match in 2018?", "time"),
        ("How long has the director been in post?", "number"),
        ("When did the focused visit take place?", "date"),
        # a clause of time before the question asks no date
        ("When Kent was inspected in 2022, were care leavers in suitable homes?", None),
        ("When children in Leeds go missing, what happens next?", None),
        ("When was Bury's last full inspection?", "date"),
        ("What did inspectors find about early help?", None),
        # contact details: an email or web address, a telephone number
        ("Which phone number does the record give for Kent's director?", "contact"),
        ("Is there an e-mail contact for Leeds's lead member?", "contact"),
        ("How do I get in touch with Bury's children's services?", "contact"),
        ("What did inspectors find about contact with birth families?", None),
        ("How did the council address the recommendations?", None),
    ],
)
def test_expected_answer(question: str, answer_type: str | None) -> None:
    assert expected_answer(question) == answer_type


@pytest.mark.parametrize(
    ("text", "time"),
    [
        # times taken, as three councils' reports give them (Liverpool 2018, Southend-on-Sea
        # 2019, Worcestershire 2016)
        ("The majority of contacts and referrals are progressed within 24 hours.", True),
        ("Some children waited up to 30 weeks from referral to receiving a service.", True),
        ("Care proceedings took 33 weeks on average.", True),
        ("Strategy meetings are held promptly when children are at risk.", True),
        ("There are delays in securing permanence for some children.", True),
        ("Leaders know their services well.", False),
        ("The visit took place on 4 and 5 March 2020.", False),
    ],
)
def test_a_time_taken_is_stated(text: str, time: bool) -> None:
    assert states("time", text) == time


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("How much did Kent spend on agency staff?", ("money", None)),
        ("How many pounds did Leeds put into its edge-of-care service?", ("money", None)),
        ("What did Bury's mayor say the £ figure for new social workers was?", ("money", None)),
        ("What percentage of Dudley's care leavers were in touch?", ("percent", None)),
        ("How many children were in Sunderland's care in 2018?", ("count", "children")),
    ],
)
def test_figure_kind(question: str, kind: tuple[str, str | None]) -> None:
    assert figure_kind(question) == kind


@pytest.mark.parametrize(
    ("text", "contact"),
    [
        # the contact lines of Ofsted's reports and letters, and a council's press contact
        ("T 0300 123 1231\nTextphone 0161 618 8524\nenquiries@ofsted.gov.uk", True),
        ("Find out more at www.gov.uk/ofsted", True),
        ("For media enquiries contact press.office@kent.gov.uk", True),
        ("Social workers keep in close contact with care leavers.", False),
        ("At 31 March 2017, 1,235 children were in need.", False),
    ],
)
def test_contact_details_are_stated(text: str, contact: bool) -> None:
    assert states("contact", text) is contact
