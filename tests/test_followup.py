"""Follow-up questions made standalone from the conversation before them."""

from __future__ import annotations

import pytest

from rag.query.followup import slots, standalone_question

PRESS = ("Community Care",)


@pytest.mark.parametrize(
    ("history", "question", "standalone"),
    [
        # a year or visit swapped in by ellipsis
        (
            ["What did Ofsted write about foster carers in 2016?"],
            "And in 2021?",
            "What did Ofsted write about foster carers in 2021?",
        ),
        (
            ["Who led Hackney's March 2016 inspection?"],
            "And the October 2019 one?",
            "Who led Hackney's October 2019 inspection?",
        ),
        (
            ["Which concerns did the focused visit raise about caseloads in Croydon?"],
            "What about at the monitoring visit?",
            "Which concerns did the monitoring visit raise about caseloads in Croydon?",
        ),
        # what the question before looked at is what "it" stands for
        (
            ["What did Bolton's 2017 report say when it looked into neglect?"],
            "Did it get better by 2021?",
            "Did neglect get better by 2021 in Bolton?",
        ),
        # a question about change after one about an earlier year: the change since then
        (
            ["What was the inspectors' view of early help in Sefton in 2016?"],
            "And did it change up to 2021?",
            "Did the inspectors' view change up to 2021 since 2016 in Sefton?",
        ),
        # a topic swapped in by ellipsis
        (
            ["What did Ofsted note about workloads in Bolton in 2017?"],
            "What about personal advisers?",
            "What did Ofsted note about personal advisers in Bolton in 2017?",
        ),
        (
            ["What grade did Sefton get at its 2019 inspection?"],
            "How about adoption?",
            "What grade did Sefton get for adoption at its 2019 inspection?",
        ),
        # the speaker swapped, the topic carried
        (
            ["What did Ofsted conclude about staff morale in 2015?"],
            "And the council?",
            "What did the council conclude about staff morale in 2015?",
        ),
        (
            ["What did Ofsted conclude about staff morale in 2015?"],
            "And Community Care?",
            "What did Community Care conclude about staff morale in 2015?",
        ),
        # pronouns: the topic, the speaker, the council
        (
            ["What did Ofsted say about return home interviews in 2018?"],
            "Did it improve?",
            "Did return home interviews improve in 2018?",
        ),
        (
            ["What did inspectors say on supervision in Wigan in 2015?"],
            "What did they say on that in 2019?",
            "What did inspectors say on supervision in 2019 in Wigan?",
        ),
        (
            ["What was Rotherham's overall grade in 2018?"],
            "What did inspectors note there about permanence?",
            "What did inspectors note in Rotherham about permanence in 2018?",
        ),
        # the council carried over to a question that does not name one
        (
            ["How did Kent's care leavers' services differ from 2017 to 2022?"],
            "Which grade was adoption given in 2017?",
            "Which grade was adoption given in 2017 in Kent?",
        ),
        # a third turn builds on the second as it was understood
        (
            [
                "What did Ofsted note about caseloads in Derby in 2016?",
                "And in 2019?",
            ],
            "What about personal advisers?",
            "What did Ofsted note about personal advisers in Derby in 2019?",
        ),
        # a month without a year takes the year of the visit asked about before
        (
            ["What did the June 2021 visit to Wigan say about private fostering?"],
            "Was it any better by the November visit?",
            "Was private fostering any better by the November 2021 visit in Wigan?",
        ),
        (
            ["What did Ofsted note about neglect in Leeds in 2018?"],
            "And in May?",
            "What did Ofsted note about neglect in Leeds in May 2018?",
        ),
    ],
)
def test_a_follow_up_becomes_a_standalone_question(
    history: list[str], question: str, standalone: str
) -> None:
    assert standalone_question(question, history, PRESS) == standalone


@pytest.mark.parametrize(
    ("history", "question"),
    [
        ([], "And in 2022?"),  # nothing to lean on
        # a question of its own, naming its council and year
        (["What did Ofsted say about caseloads in Kent in 2019?"], "Was Leeds good in 2022?"),
        # about change over time: the year before is not carried into it
        (["What was Leeds's grade in 2022?"], "How has Leeds changed since 2015?"),
    ],
)
def test_a_question_that_stands_alone_is_left_as_it_is(history: list[str], question: str) -> None:
    assert standalone_question(question, history, PRESS) == question


def test_slots_of_a_question() -> None:
    found = slots(
        "What did Community Care say about caseloads in Kent at the 2019 inspection?", PRESS
    )
    assert found.councils == ("Kent",)
    assert found.when == "at the 2019 inspection"
    assert found.speaker == "Community Care"
    assert found.topic == "caseloads"
    assert slots("Which weaknesses did the letter list?").topic == "weaknesses"
    assert slots("How were foster carers on the Isle of Wight supported?").topic == "foster carers"
    # the subject after the question's verb, up to a verb form or a preposition
    assert slots("How were Leeds's care leavers doing in 2019?").topic == "Leeds's care leavers"
    assert slots("What was the inspectors' overall verdict on Bury in 2021?").topic == (
        "the inspectors' overall verdict"
    )
    assert slots("Was Leeds inspected in 2019?").topic is None  # a council alone is not one
