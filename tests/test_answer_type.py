"""What kind of fact a question wants, and whether a passage states it."""

from __future__ import annotations

import pytest

from rag.query.answer_type import (
    expected_answer,
    figure_kind,
    states,
    states_figure,
    states_number,
    wants_number,
)


@pytest.mark.parametrize(
    ("question", "number"),
    [
        ("How many children did Wigan look after in 2020?", True),
        ("What percentage of care leavers were in education?", True),
        ("How much is the director paid?", True),
        ("What was Kent's turnover rate among staff?", True),
        ("Were children seen alone?", False),
        ("How did the service change?", False),
        ("What is the number of referrals Wigan received in 2021?", True),
        # a comparison, not a figure
        ("How does the number of referrals in Bury compare with similar areas?", False),
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
        ("How do I get in touch with Wigan's social care team?", "contact"),
        ("Which number should we ring to reach Hackney's front door?", "contact"),
        ("What address do I use to write to Derby's lead member?", "contact"),
        ("How would I send the director in Bristol an email?", "contact"),
        ("What number of referrals did Sefton's front door receive?", "number"),
        ("What did inspectors find about contact with birth families?", None),
        ("How did the council address the recommendations?", None),
        # a person, asked for after a clause or in other words
        ("In 2016, who was Dudley's director of children's services?", "person"),
        ("Apart from the lead inspector, who else inspected Kent?", "person"),
        ("Could you name the person who chaired Leeds's safeguarding board?", "person"),
        ("Which person signed the Bury letter?", "person"),
        ("To whom did Ofsted send the Leeds letter?", "person"),
        # the speaker of words is whoever the quoted document gives, named in it or not
        ("Which person promised Kent more foster carers?", None),
        ("Which individual apologised to Dudley's families?", None),
        ("Which person, in Leeds' 2018 report, said leaders were ambitious?", None),
        ("Which person chaired Wigan's safeguarding board?", "person"),
        ("Who said Knowsley's pace of change must quicken?", None),
        # reports name no child or family: "who were the children ..." asks what group
        ("In 2016, who were the children Bury looked after?", None),
        ("Who are the young people Kent's care leavers service supports?", None),
        ("Who was responsible for Leeds's children in care?", "person"),
        ("Who is Dudley's director of children's services?", "person"),
        # "exactly when" asks a date as "when" does
        ("Exactly when, in 2019, were inspectors in Enfield?", "date"),
        # an age, or a date of birth
        ("How old is Sunderland's director?", "number"),
        ("When was Norfolk's lead member born?", "number"),
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
        ("What percentage of Dudley's care leavers kept in touch?", ("percent", None)),
        ("How many children were in Sunderland's care in 2018?", ("count", "children")),
        ("How many children placed out of Kent were visited?", ("count", "children")),
        # an owner or a word for when is passed over: what is counted follows them
        (
            "How many of Dudley's previous children looked after went to university?",
            ("count", "children"),
        ),
        ("How many of the council's care leavers had a flat?", ("count", "leaver")),
        ("How many of its current social workers came from agencies?", ("count", "worker")),
        ("How old were the children in Leeds's unregulated homes?", ("age", None)),
        ("What is the average age of children entering care in Dudley?", ("age", None)),
        ("When was Norfolk's lead member born?", ("age", None)),
        # the time between two things
        ("How long after its 2016 inspection was Kent visited again?", ("gap", None)),
        ("How many months separated Leeds's two inspections?", ("gap", None)),
        ("How long did Dudley's adopters wait for a match?", ("duration", None)),
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


@pytest.mark.parametrize(
    ("text", "age"),
    [
        # ages in the forms reports write them; a span of years is no age
        ("Homeless 16- and 17-year-olds are assessed jointly with housing.", True),
        ("Young people aged 16 and 17 who present as homeless are offered care.", True),
        ("Unaccompanied children, most 15 years old, arrive at the port.", True),
        ("He was director in Havering from 2016 to 2019.", False),
        ("Sixteen social workers joined in 2017.", False),
    ],
)
def test_an_age_is_stated(text: str, age: bool) -> None:
    assert states_figure("age", None, text) == age


@pytest.mark.parametrize(
    ("text", "gap"),
    [
        # the dates of both things, or the time between them, answer it
        ("The local authority was judged inadequate in March 2019.", True),
        ("The council received the lowest grade a year ago.", True),
        ("Care proceedings took 33 weeks on average.", True),
        ("Leaders know their services well.", False),
    ],
)
def test_a_gap_is_stated_by_dates_or_a_time_taken(text: str, gap: bool) -> None:
    assert states_figure("gap", None, text) == gap


@pytest.mark.parametrize(
    ("counted", "text", "stated"),
    [
        # a report may count the same young people under another word (Kent 2022, Leeds
        # 2018, Bury 2021 wordings)
        ("children", "Currently, 41 care leavers are at university.", True),
        ("leaver", "Twelve young people have graduated this year.", True),
        ("children", "There are 212 unaccompanied asylum-seeking children in care.", True),
        # staff are not the children counted
        ("children", "Thirty social workers have joined since the last inspection.", False),
        ("worker", "Currently, 41 care leavers are at university.", False),
    ],
)
def test_a_count_of_young_people_may_use_another_word_for_them(
    counted: str, text: str, stated: bool
) -> None:
    assert states_figure("count", counted, text) is stated


@pytest.mark.parametrize(
    ("text", "stated"),
    [
        # labels: an enquiry under section 47 of the Act (Staffordshire 2014, Enfield 2015,
        # Liverpool 2014), a school key stage
        (
            "In the majority of cases where children are considered to be at risk of "
            "significant harm, including harm from neglect, section 47 child protection "
            "enquiries are undertaken in a timely way.",
            False,
        ),
        (
            "All section 47 enquiries and their outcomes must be clearly recorded on the "
            "child’s electronic record.",
            False,
        ),
        ("Attainment at key stage 4 for children in care is improving.", False),
        # shares (Kent 2013, Liverpool 2014, Staffordshire 2024, Norfolk 2013)
        (
            "Over a third of care leavers who responded to the Ofsted pre inspection survey "
            "stated that they did not leave care at the right time.",
            False,
        ),
        (
            "Nearly two thirds of children and young people attend their own reviews, and IROs "
            "make good efforts to see children just prior to their reviews.",
            False,
        ),
        (
            "They prioritise routine health appointments, although approximately a third of "
            "children are awaiting a dental appointment.",
            False,
        ),
        ("Around one in six children live in income deprived families.", False),
        # a count beside a label or a share still counts
        ("Of the 445 section 47 enquiries, 96 children became subject to a plan.", True),
        ("A third of the 60 children in care live out of the area.", True),
    ],
)
def test_a_label_or_a_share_is_not_a_count(text: str, stated: bool) -> None:
    assert states_figure("count", "children", text) is stated


def test_how_many_times_asks_how_often_of_anything() -> None:
    assert figure_kind("How many times did inspectors come back before the full inspection?") == (
        "count",
        None,
    )
    assert figure_kind("On how many occasions did the lead member attend?") == ("count", None)
    # Ofsted's set wording of a visit letter's opening, in every council's letters
    assert states_figure(
        "count",
        None,
        "The visit was the third monitoring visit since the local authority was judged "
        "inadequate in March 2019.",
    )


@pytest.mark.parametrize(
    ("text", "stated"),
    [
        # how long it took, in words (Bury 2016, Knowsley 2014, Liverpool 2014)
        (
            "Dedicated, responsive child and adolescent mental health services (CAMHS) meet "
            "the emotional and mental well-being needs of children and young people looked "
            "after promptly and effectively.",
            True,
        ),
        (
            "Once they become looked after, some children continue to experience delay and "
            "drift through a lack of robust care planning and review.",
            True,
        ),
        (
            "Looked after children with more complex emotional and mental health needs have "
            "to wait too long to get specialist help.",
            True,
        ),
        ("Children are seen within reasonable wait times.", True),
        ("Assessments take 45 working days on average.", True),
        # nothing about how long
        ("Children's emotional needs are well understood by their carers.", False),
    ],
)
def test_a_time_taken_may_be_said_in_words(text: str, stated: bool) -> None:
    assert states_figure("duration", None, text) is stated
