"""Reading questions: kind, speaker, visit, topic."""

from __future__ import annotations

import datetime as dt

import pytest

from rag.query.question import (
    asks_two_things,
    classify_question,
    event_intent,
    events_between,
    speaker_intent,
    topic,
    unmatched_event,
    wants_story,
    without_change_frame,
)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Were children seen alone?", "factual"),
        ("What areas still needed more progress after the focused visit?", "list"),
        ("Which strengths did inspectors identify?", "list"),
        ("What did inspectors focus on in March 2020?", "list"),
        ("Who said progress needs to speed up?", "attribution"),
        ("Who apologised for the failings?", "attribution"),
        ("How did things change between 2019 and 2020?", "timeline"),
        ("What is the story of Newham's improvement journey?", "timeline"),
        ("What did inspectors find about life-history work?", "factual"),
        ("Are children helped to make sense of their own story?", "factual"),
        ("How many monitoring visits were there between 2019 and 2020?", "factual"),
        ("Which outlet reported the council's response?", "attribution"),
        ("What themes did the focused visit cover?", "list"),
        # "between" two times or visits is change over time; between two groups is not
        ("Did Kent's assessments get better between its 2017 and 2022 inspections?", "timeline"),
        ("How did Leeds's grades move between spring and autumn visits?", "timeline"),
        ("How good was supervision between Bury's social workers and managers?", "factual"),
        ("Was information shared well between Dudley's police and schools?", "factual"),
        # which of two speakers said it
        ("Was it the inspectors or Bury's council that called progress slow?", "attribution"),
        ("Did the inspectors or Kent itself say the service was improving?", "attribution"),
        (
            "Who described Leeds's help as outstanding: the inspectors or the council?",
            "attribution",
        ),
        ("Did Dudley's social workers see children alone or with parents?", "factual"),
        # change over several visits, without the word "change"
        ("Across its three inspections, how has Kent's early help shifted?", "timeline"),
        ("From one report to the next, did Leeds's assessments improve?", "timeline"),
        ("Has Bury got better at permanence from 2016 onwards?", "timeline"),
        ("Are Dudley's social workers carrying fewer cases now than in 2017?", "timeline"),
        ("Over the years, did Wigan keep in touch with care leavers?", "timeline"),
        ("What did inspectors find across the visit to Kent?", "factual"),
        # the speaker of a view, or the person written to
        ("Whose opinion was it that Bury's pace was too slow?", "attribution"),
        ("Whose words described Leeds's leaders as ambitious?", "attribution"),
        ("To whom was the Kent monitoring letter addressed?", "attribution"),
        ("By whom was Dudley's improvement plan written?", "attribution"),
        ("Which had the better grade, Kent or Leeds?", "factual"),
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
        ("Which magazine covered Bury's letter?", {"press"}),
        ("Were children seen alone?", set()),
        # the council as whom the findings are about, not a speaker
        ("Were children in Bury council's care seen by a dentist?", set()),
        ("Was Kent County Council's joint working with schools strong?", set()),
        ("How did Leeds City Council respond to the 2015 report?", {"council"}),
        ("What did the mayor of Hackney promise?", {"council"}),
        # which of the two said it is what is asked, so neither is favoured
        ("Did the inspectors or the council say it was improving?", set()),
        ("Who called it slow: the watchdog or the council?", set()),
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
        # each end of a range on its own: the months of one end do not narrow the other
        (
            "Were plans better in 2019 versus the autumn of 2020?",
            {"February 2019 inspection", "October 2020 focused visit"},
        ),
        ("What did the winter 2019 inspection find?", {"February 2019 inspection"}),
        ("What did the follow-up visit conclude?", {"March 2020 monitoring visit"}),
        ("What did Ofsted's targeted visit look at?", {"October 2020 focused visit"}),
        (
            "What did inspectors see on coming back to monitor?",
            {"March 2020 monitoring visit"},
        ),
        ("What did Ofsted find on returning to check?", {"March 2020 monitoring visit"}),
        ("What did the progress-check letter say?", {"March 2020 monitoring visit"}),
        ("What was the view of Ofsted's follow-up on the plans?", {"March 2020 monitoring visit"}),
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
            "Was the front door better in 2018 versus the autumn of 2020?",
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


# A visit's letter names its visit as the visit does ("the monitoring letter"): in any record
# with one visit of that kind (Newham's; a record like _DATED's, of two councils' events).
@pytest.mark.parametrize("events", [EVENTS, list(_DATED)], ids=["newham", "ealing-sunderland"])
@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Is fostering praised in the monitoring letter?", "monitoring visit"),
        ("Did Ofsted's focused letter mention care leavers?", "focused visit"),
        ("Supervision: any comment in the monitoring visit letter?", "monitoring visit"),
    ],
)
def test_a_letter_names_its_visit(question: str, kind: str, events: list[str]) -> None:
    assert set(event_intent(question, events)) == {e for e in events if kind in e}
    assert "letter" not in topic(question, events)


@pytest.mark.parametrize(
    ("question", "visit"),
    [
        (
            "What did the October 2019 monitoring visit reveal?",
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
            "Which services did the inspectors examine in the March 2020 monitoring visit?",
            "Which services did examine?",
        ),
        (
            "What did inspectors learn about the thresholds for help in 2019?",
            "What did learn about the thresholds for help?",
        ),
        (
            "Were social workers' spirits high in early 2020?",
            "Were social workers' spirits high?",
        ),
        # nothing left to match on, or the visit's date is the point: keep the question
        ("What did the focused visit find?", "What did the focused visit find?"),
        ("When was the 2019 inspection held?", "When was the 2019 inspection held?"),
        # who is asked is scope, not topic (institutions only; people stay)
        (
            "What did inspectors find about life-history work?",
            "What did find about life-history work?",
        ),
        ("Were children seen alone, according to Ofsted?", "Were children seen alone?"),
        ("What did the mayor promise?", "What did the mayor promise?"),
        ("Who were the inspectors for that visit?", "Who were the inspectors for that visit?"),
        # the visit named with Ofsted's name in it, or "at the time of" / "according to" it
        (
            "Were foster carers in short supply at the time of the 2019 Ofsted inspection?",
            "Were foster carers in short supply?",
        ),
        (
            "How were young asylum seekers received, according to the 2019 Ofsted report?",
            "How were young asylum seekers received?",
        ),
        # a visit outside the record is what the question is about
        (
            "Which weaknesses found in the 2014 inspection remained unresolved in 2019?",
            "Which weaknesses found in the 2014 inspection remained unresolved?",
        ),
        # a range between two of the record's times is scope; one outside it is the topic
        (
            "Did early help in Kent get stronger between 2019 and the autumn of 2020?",
            "Did early help in Kent get stronger?",
        ),
        (
            "Did early help in Kent get stronger between 2011 and 2013?",
            "Did early help in Kent get stronger between 2011 and 2013?",
        ),
    ],
)
def test_topic(question: str, subject: str) -> None:
    assert topic(question, EVENTS) == subject


@pytest.mark.parametrize(
    ("question", "two"),
    [
        ("How quickly were referrals screened in Bury, and why were some delayed?", True),
        ("How many care leavers had jobs and how many were in college?", True),
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
    ("question", "subject"),
    [
        # the words that make a question one about change are not its subject
        (
            "How have Wigan's adoption services evolved over the years?",
            "Wigan's adoption services?",
        ),
        (
            "In what ways did Bury's front door shift between its two reports?",
            "Bury's front door?",
        ),
        (
            "How did care planning in Leeds develop from one report to the next?",
            "care planning in Leeds?",
        ),
        # a yes-or-no question about change
        (
            "Did Kent get better at recording children's views between its reports?",
            "Kent recording children's views?",
        ),
        ("Has Norfolk's fostering work become stronger?", "Norfolk's fostering work?"),
        ("Did supervision in Leeds get any worse after 2018?", "supervision in Leeds after 2018?"),
        # nothing but the frame: the question stays as it was
        ("How have things changed over time?", "How have things changed over time?"),
    ],
)
def test_without_change_frame(question: str, subject: str) -> None:
    assert without_change_frame(question) == subject
