"""Scope checks: councils, inspectorates, years, visits, people and the future."""

from __future__ import annotations

import datetime as dt

import pytest

from rag.query.scope import ScopeDocument, narrow, out_of_scope, record_scope, unknown_name
from rag.query.understand import understand
from rag.records import Filters

SCOPE = record_scope(
    [
        ScopeDocument(
            "Newham",
            dt.date(2020, 3, 27),
            "March 2020 monitoring visit",
            "Aldridge helped guide fellow London borough Havering from 2016 to 2019. "
            "The appointment of Tim Aldridge as director.",
        ),
        ScopeDocument(
            "Newham",
            dt.date(2020, 12, 1),
            "October 2020 focused visit",
            "Cllr Sarah Ruiz, Cabinet Member for Education, said: “We are proud.”",
        ),
        ScopeDocument(
            "Newham", dt.date(2019, 3, 25), "February 2019 inspection", "The report was published."
        ),
    ]
)


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("What did Ofsted find in Newham?", None),
        ("What did Ofsted say about Havering?", None),  # named in the record
        ("What did Ofsted say about social care for children in Hackney?", "nothing about Hackney"),
        ("How did Kingston upon Hull do?", "nothing about Kingston upon Hull"),
        # typed in lower case: a council's name of two words or more still counts
        ("how did kingston upon hull do?", "nothing about Kingston upon Hull"),
        ("what about care leavers in west berkshire?", "nothing about West Berkshire"),
        ("tower hamlets: the front door?", "nothing about Tower Hamlets"),
        ("Reading the letter, what changed?", None),  # "Reading" the verb, not the council
        ("What did the CQC say about health visiting?", "not the Care Quality Commission's"),
        # an inspectorate of several words, however it is written
        ("Did the care quality commission visit the clinics?", "not the Care Quality"),
        ("What grade did the probation inspectorate give Newham?", "not the HM Inspectorate of"),
        ("How did hmi probation judge the youth team?", "not the HM Inspectorate of"),
        ("Was care provided to the child in the 2019 inspection?", None),
        ("What happened at the 2023 inspection?", "2023"),
        ("What changed between 2019 and 2023?", None),  # 2019 is covered
        ("What did the October 2019 monitoring visit find?", "no report of the October 2019"),
        ("Will Newham be rated outstanding next time?", "not what comes next"),
        ("When is the next inspection due?", "not what comes next"),
        ("What will the council focus on?", None),  # a plan in the record, not an outcome
        # other ways of asking about what comes next
        ("When is Newham's next full inspection?", "not what comes next"),
        ("Is Newham due to be inspected again soon?", "not what comes next"),
        ("Will Newham get a better grade?", "not what comes next"),
        ("Is the council likely to receive a good rating?", "not what comes next"),
        ("Will inspectors judge the service outstanding?", "not what comes next"),
        ("What were leaders expected to achieve with partners?", None),
        # "will" about support the record describes, not an outcome to come
        ("Who will support care leavers after the 2019 inspection?", None),
        ("How did Cllr Sarah Ruiz react to the 2019 inspection?", "Sarah Ruiz only"),
        ("How did Sarah Ruiz react to the focused visit?", None),
        ("What did Tim Aldridge bring to the March 2020 visit?", None),
        ("Were children seen alone?", None),
    ],
)
def test_out_of_scope(question: str, reason: str | None) -> None:
    found = out_of_scope(question, SCOPE)
    if reason is None:
        assert found is None
    else:
        assert found is not None and reason in found


def test_scope_collects_years_councils_events_and_people() -> None:
    assert SCOPE.mentioned == frozenset({"Havering"})
    assert {2016, 2019, 2020} <= SCOPE.years
    assert SCOPE.people["Sarah Ruiz"] == frozenset({"October 2020 focused visit"})
    assert "Cabinet Member" not in SCOPE.people and "London Borough" not in SCOPE.people


@pytest.mark.parametrize(
    ("question", "events", "note"),
    [
        (
            "What did the March 2020 monitoring visit find?",
            ("March 2020 monitoring visit",),
            "the March 2020 monitoring visit",
        ),
        (
            "What changed from the 2019 inspection until the October 2020 focused visit?",
            (
                "February 2019 inspection",
                "March 2020 monitoring visit",
                "October 2020 focused visit",
            ),
            "February 2019 inspection",
        ),
        # a year alone narrows to that year's visits
        (
            "What happened in 2020?",
            ("March 2020 monitoring visit", "October 2020 focused visit"),
            "the documents about the March 2020 monitoring visit",
        ),
        ("How did things change between 2019 and 2020?", (), ""),  # change needs every visit
        ("Were children seen alone?", (), ""),
    ],
)
def test_narrow_to_the_visits_a_question_names(
    question: str, events: tuple[str, ...], note: str
) -> None:
    narrowed, said = narrow(understand(question, SCOPE), Filters(), SCOPE)
    assert narrowed.events == events
    assert note in said


def test_narrow_keeps_the_users_filters_and_names_councils_only_in_a_wider_record() -> None:
    chosen = Filters(events=("October 2020 focused visit",))
    assert (
        narrow(understand("What did the March 2020 monitoring visit find?", SCOPE), chosen, SCOPE)[
            0
        ]
        == chosen
    )
    assert narrow(understand("What did Newham do?", SCOPE), Filters(), SCOPE)[0].authorities == ()
    wider = record_scope(
        [
            ScopeDocument("Newham", dt.date(2022, 9, 21), "July 2022 inspection", ""),
            ScopeDocument("Hackney", dt.date(2022, 5, 1), "March 2022 inspection", ""),
        ]
    )
    assert narrow(understand("What did Ofsted say about Hackney?", wider), Filters(), wider)[
        0
    ].authorities == ("Hackney",)


OFFICES = record_scope(
    [
        # the council's statement on its 2022 inspection, as Kent's, Leeds' and Bury's put it
        ScopeDocument(
            "Kent",
            dt.date(2022, 9, 2),
            "July 2022 inspection",
            "Cabinet Member for Children, Young People and Education, said: “We are pleased.” "
            "The Leader of the Council and the Chief Executive welcomed the report.",
        ),
        ScopeDocument("Kent", dt.date(2018, 3, 9), "January 2018 inspection", "Leaders know."),
        ScopeDocument(
            "Kent",
            dt.date(2016, 1, 8),
            "November 2015 inspection",
            "The Mayor spoke.",
            (dt.date(2015, 11, 2), dt.date(2015, 11, 13)),
        ),
    ]
)


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        # an office that speaks for the council, asked what it said about a visit whose
        # documents do not name it
        (
            "How did the cabinet member respond to the 2018 report?",
            "names the council's councillor only in documents about the July 2022 inspection",
        ),
        ("What did the chief executive say about Kent's 2018 inspection?", "chief executive"),
        ("Did the mayor comment on the 2022 inspection?", "mayor only in documents about the"),
        ("How did Kent's mayor describe the 2018 report?", "mayor only in documents about the"),
        ("What did the chief executive announce after Kent's 2018 inspection?", "chief executive"),
        # named in that visit's documents: no reason to refuse
        ("What did the cabinet member say about the 2022 inspection?", None),
        ("How did the Mayor react to the 2015 inspection?", None),
        # an office that is the topic, not a speaker
        ("Was there backing from councillors in 2018?", None),
        # no visit named: nothing to check against
        ("Did the mayor comment at all?", None),
    ],
)
def test_an_office_asked_what_it_said_about_a_visit_must_be_in_its_documents(
    question: str, reason: str | None
) -> None:
    found = out_of_scope(question, OFFICES)
    assert (found is None) if reason is None else (found is not None and reason in found)


# Sentences of three councils' reports (Norfolk 2015, Leeds 2022, Hertfordshire 2018): the
# programmes they name are the record's words; a name they never use is not.
_PASSAGES = [
    "The Signs of Safety framework is used well to consider risk and protective factors and "
    "social workers respond appropriately to those children in need of help and protection.",
    "Often, this has been supported through an extensive therapeutic offer delivered through "
    "the Mockingbird programme and a responsive 24-hour support line.",
    "They also helped to select and then test out the Mind of My Own (MOMO) app, giving "
    "children and young people another way to provide feedback of their experiences.",
]


@pytest.mark.parametrize(
    ("question", "unknown"),
    [
        ("Did Norfolk's social workers use Signs of Safety?", None),
        ("How did the Mockingbird Programme help foster carers in Leeds?", None),
        ("What did children say through Mind of My Own in Hertfordshire?", None),
        # a name none of the reports uses, wherever it stands in the question
        ("Did Crystal Palace sponsor the support line?", "Crystal Palace"),
        ("What did inspectors say about the Tottenham Hotspur's foundation?", "Tottenham Hotspur"),
        ("Was the Family Valued programme mentioned in Leeds?", "Family Valued"),
        # capitals that start a sentence, acronyms and honorifics are not names
        ("Supported? Was the line open all night?", None),
        ("Did MOMO help the team?", None),
        # months, seasons and days are dates, not names, even where no document writes them
        ("Was the Leeds support line open in January, or over the Summer on Sundays?", None),
        ("Did MOMO help Ms Smith's team?", "Ms Smith"),  # a person the record never names
        ("How was the framework used? Did it help?", None),
    ],
)
def test_a_name_the_record_never_uses_is_out_of_scope(question: str, unknown: str | None) -> None:
    from rag.search.keyword import KeywordIndex

    knows = KeywordIndex([*_PASSAGES, "Norfolk Leeds Hertfordshire"]).knows
    assert unknown_name(question, knows) == unknown
    documents = [
        ScopeDocument(council, dt.date(year, 1, 5), f"{year} inspection", text)
        for council, year, text in zip(
            ("Norfolk", "Leeds", "Hertfordshire"), (2015, 2022, 2018), _PASSAGES, strict=True
        )
    ]
    scope = record_scope(documents, knows)
    reason = out_of_scope(question, scope)
    assert (reason == f"Nothing in the record mentions {unknown}.") if unknown else reason is None


def test_without_the_records_words_no_name_is_unknown() -> None:
    assert unknown_name("Did Crystal Palace sponsor the support line?", None) is None


# Reports that mention other inspectorates (Hull 2015, Solihull 2023, Bury 2016, Durham 2016):
# naming one does not put a question out of scope; asking for its own grade does.
_MENTIONS = record_scope(
    [
        ScopeDocument(
            council,
            dt.date(year, 3, 1),
            f"{year} inspection",
            text,
        )
        for council, year, text in (
            (
                "Kingston upon Hull",
                2015,
                "At the same time, HMIC, the CQC and HMI Probation conducted pilot inspections "
                "of the police force and health and probation services respectively.",
            ),
            (
                "Solihull",
                2023,
                "A Joint Targeted Area Inspection (JTAI), undertaken by inspectors from Ofsted, "
                "the Care Quality Commission (CQC) and His Majesty’s Inspectorate of Constabulary.",
            ),
            (
                "Bury",
                2016,
                "... resulting in a visit from the Children’s Commissioner and an inspection by "
                "the Care Quality Commission.",
            ),
            (
                "Durham",
                2016,
                "... instigated a Care Quality Commission (CQC) external review in relation to "
                "consultant cover in tertiary services.",
            ),
        )
    ]
)


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("Why did the CQC carry out a review in Durham?", None),
        ("Which inspectorates joined Ofsted in Hull's pilot inspections?", None),
        # the other inspectorate's own grade, asked either way round
        ("Which rating did the CQC give Durham's tertiary services?", "Care Quality"),
        ("What grade has HMI Probation awarded Hull's youth offending work?", "Probation"),
        ("Did the Care Quality Commission grade the Bury hospital as good?", "Care Quality"),
        ("What score did the CQC give Solihull?", "Care Quality"),
        # Ofsted's grade, in a record that mentions the CQC, is the record's
        ("Which rating did Ofsted give Solihull's care leavers in 2023?", None),
    ],
)
def test_another_inspectorates_grade_is_not_the_records(question: str, reason: str | None) -> None:
    found = out_of_scope(question, _MENTIONS)
    assert (found is None) if reason is None else (found is not None and reason in found)
