"""Facts read from Ofsted reports' front pages: every date layout of the shared reports, and
real reports of each framework (skipped when the shared reports are absent)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from tests_support import newham_report

from rag.ingest.ofsted import (
    LSCB,
    OVERALL,
    LetterFacts,
    inspection_dates,
    is_inspection_report,
    normalise_grade,
    read_report,
    read_visit_letter,
)
from rag.ingest.pdf import clean_pdf_pages, extract_pages

D = dt.date


def on_reports(test: Callable[..., None]) -> Callable[..., None]:
    """A test that reads report PDFs: slow (those of other councils than Newham come from the
    `national_reports` fixture, which skips them where they are absent)."""
    return pytest.mark.slow(test)


def _facts(path):  # type: ignore[no-untyped-def]
    text = clean_pdf_pages(extract_pages(path)).text
    assert is_inspection_report(text)
    return read_report(text)


@pytest.mark.parametrize(
    ("line", "start", "end"),
    [
        # Layouts of the shared reports' "Inspection date(s):" lines, with their councils.
        ("18 to 29 July 2022", D(2022, 7, 18), D(2022, 7, 29)),  # Newham 2022
        ("3 June 2014 – 25 June 2014", D(2014, 6, 3), D(2014, 6, 25)),  # Newham 2014
        ("29 April – 22 May 2014", D(2014, 4, 29), D(2014, 5, 22)),  # Barking and Dagenham
        ("3 December 2018 to 14 December 2018", D(2018, 12, 3), D(2018, 12, 14)),  # Birmingham
        ("6 March 2017–30 March 2017", D(2017, 3, 6), D(2017, 3, 30)),  # Derby
        ("15-19 July 2013", D(2013, 7, 15), D(2013, 7, 19)),  # Medway
        ("9–24 November 2017", D(2017, 11, 9), D(2017, 11, 24)),  # Doncaster
        ("12/09/2016 to 06/10/2016", D(2016, 9, 12), D(2016, 10, 6)),  # Redbridge
        ("1/06/2015 – 25/06/2015", D(2015, 6, 1), D(2015, 6, 25)),  # Stoke-on-Trent
        ("20 June 2017 ─ 13 July 2017", D(2017, 6, 20), D(2017, 7, 13)),  # North Lincolnshire
        ("28 July 2016", D(2016, 7, 28), D(2016, 7, 28)),  # City of London
        # Two periods: the inspection spans both (Sheffield, Derbyshire, South Tyneside).
        (
            "19 November-11 December 2013 and 28 – 30 January 2014",
            D(2013, 11, 19),
            D(2014, 1, 30),
        ),
        (
            "8 July 2019 to 12 July 2019 and 7 August 2019 to 8 August 2019",
            D(2019, 7, 8),
            D(2019, 8, 8),
        ),
        ("5 to 9 December 2022 and 14 to 15 February 2023", D(2022, 12, 5), D(2023, 2, 15)),
        # Abbreviated months (an unseen 2014 report; "Sept" as Ofsted's letters write it).
        ("18 Feb 2014 – 12 March 2014", D(2014, 2, 18), D(2014, 3, 12)),
        ("22 Sept to 3 Oct 2014", D(2014, 9, 22), D(2014, 10, 3)),
        ("1st to 12th December 2014", D(2014, 12, 1), D(2014, 12, 12)),
        ("28 December – 8 January 2015", D(2014, 12, 28), D(2015, 1, 8)),  # across a new year
        # Nothing to read: no event from these dates.
        ("", None, None),
        ("to be confirmed", None, None),
        ("31 February 2015", None, None),
    ],
)
def test_inspection_dates(line: str, start: dt.date | None, end: dt.date | None) -> None:
    assert inspection_dates(line) == (start, end)


FRONT_PAGE = """Redbridge London Borough Council

Inspection of services for children in need of help and protection,
children looked after and care leavers

Inspection date: {dates}

Report published: {published}

Children’s services in Redbridge are good

1. Children who need help and protection Good
"""


@pytest.mark.parametrize(
    ("dates", "published", "start", "published_on"),
    [
        ("12/09/2016 to 06/10/2016", "25/11/2016", D(2016, 9, 12), D(2016, 11, 25)),
        ("22 May 2015 – 18 June 2015", "3 August 2015", D(2015, 5, 22), D(2015, 8, 3)),
        ("", "3 Aug 2015", None, D(2015, 8, 3)),
    ],
)
def test_front_page_dates(
    dates: str, published: str, start: dt.date | None, published_on: dt.date
) -> None:
    facts = read_report(FRONT_PAGE.format(dates=dates, published=published))
    assert facts.inspection_start == start and facts.published == published_on
    assert facts.authority == "Redbridge" and facts.framework == "SIF"


@pytest.mark.parametrize(
    ("first_lines", "title"),
    [
        (  # Surrey 2015: the board's name, then the review's title with a footnote mark
            "Surrey Safeguarding Children Board\n\n"
            "Review of the effectiveness of the Local Safeguarding Children Board1",
            "Surrey Safeguarding Children Board: "
            "Review of the effectiveness of the Local Safeguarding Children Board",
        ),
        (
            "Somerset County Council\n\nReinspection of services for children in need",
            "Somerset County Council: Reinspection of services for children in need",
        ),
        (
            "Inspection of Bexley local authority children’s services",
            "Inspection of Bexley local authority children’s services",
        ),
    ],
)
def test_title(first_lines: str, title: str) -> None:
    assert read_report(f"{first_lines}\n\nInspection dates: 6 to 10 February 2023\n").title == title


@pytest.mark.parametrize(
    ("folder", "framework", "count", "lead"),
    [
        ("bexley/2023-03-24", "ILACS", 5, "Tom Anthony"),  # care leavers judged apart (2023)
        ("cheshire-east/2020-01-09", "ILACS", 4, "Shabana Abasi"),  # "... families. Requires"
        ("oldham/2015-08-03", "SIF", 7, "Sheena Doyle"),  # the list runs past a footnote
        ("thurrock/2016-05-24", "SIF", 7, "Jansy Kelly"),  # "Require improvement"
        ("kent/2013-08-23", "LAC", 1, "Helen Cawston"),  # "Reporting inspector ... HMI"
        ("surrey/2015-08-03", "SIF", 1, "Dominic Stevens"),  # the LSCB review alone
        ("stoke-on-trent/2022-11-25", "ILACS", 4, "Rebecca Quested"),  # two lead inspectors
        ("birmingham/2014-05-23", "SIF", 7, "Marie McGuinness"),  # "... Senior HMI"
        ("hammersmith-and-fulham/2016-03-29", "SIF", 7, "Pietro Battista"),  # "on site"
    ],
)
@on_reports
def test_judgements_and_lead_inspector_in_each_layout(
    folder: str, framework: str, count: int, lead: str, national_reports: Path
) -> None:
    facts = _facts(national_reports / f"{folder}-ofsted-childrens-services-inspection.pdf")
    assert (facts.framework, len(facts.judgements), facts.lead_inspector) == (
        framework,
        count,
        lead,
    )


@on_reports
def test_lac_overall_grade_may_be_adequate(national_reports: Path) -> None:
    facts = _facts(national_reports / "kent/2013-08-23-ofsted-childrens-services-inspection.pdf")
    assert dict(facts.judgements) == {OVERALL: "Adequate"}


@on_reports
def test_ilacs_2022() -> None:
    facts = _facts(newham_report("2022"))
    assert facts.authority == "Newham" and facts.framework == "ILACS"
    assert (facts.inspection_start, facts.inspection_end) == (
        dt.date(2022, 7, 18),
        dt.date(2022, 7, 29),
    )
    assert facts.published is None  # ILACS reports do not print it
    assert facts.lead_inspector == "Christine Kennet"
    assert facts.overall == "Good"
    assert (
        dict(facts.judgements)[
            "The impact of leaders on social work practice with children and families"
        ]
        == "Outstanding"
    )


@on_reports
def test_ilacs_2019() -> None:
    facts = _facts(newham_report("2019"))
    assert facts.lead_inspector == "Dawn Godfrey" and facts.overall == "Inadequate"
    assert facts.inspection_start == dt.date(2019, 2, 11)
    assert len(facts.judgements) == 4


@on_reports
def test_sif_2014() -> None:
    facts = _facts(newham_report("2014"))
    assert facts.framework == "SIF" and facts.published == dt.date(2014, 8, 8)
    assert facts.overall == "Requires improvement"
    assert dict(facts.judgements)["Adoption performance"] == "Good"
    assert facts.lead_inspector == "Shirley Bailey"
    assert facts.inspection_start == dt.date(2014, 6, 3)
    assert dict(facts.judgements)[LSCB] == "Good"  # "The effectiveness of the ... (LSCB) is good."


@pytest.mark.parametrize(
    ("folder", "grade"),
    [
        ("hackney/2016-09-21", "Outstanding"),  # "The Local Safeguarding Children Board is ..."
        ("lewisham/2016-01-20", "Requires improvement"),  # "... requires improvement to be good"
    ],
)
@pytest.mark.slow
def test_sif_lscb_review_grade_from_its_section(
    folder: str, grade: str, national_reports: Path
) -> None:
    facts = _facts(national_reports / f"{folder}-ofsted-childrens-services-inspection.pdf")
    assert dict(facts.judgements)[LSCB] == grade


@on_reports
def test_ilacs_reports_have_no_lscb_review() -> None:
    assert LSCB not in dict(_facts(newham_report("2022")).judgements)


@pytest.mark.parametrize(
    ("folder", "authority", "overall"),
    [
        ("darlington/2018-05-21", "Darlington", "Requires improvement"),  # "Children's services in"
        ("doncaster/2018-01-19", "Doncaster", "Good"),  # re-inspection, "9–24 November 2017"
        ("barking-and-dagenham/2014-07-07", "Barking and Dagenham", "Requires improvement"),
        ("kensington-and-chelsea/2019-10-15", "Kensington and Chelsea", "Outstanding"),
    ],
)
@pytest.mark.slow
def test_other_councils_and_layouts(
    folder: str, authority: str, overall: str, national_reports: Path
) -> None:
    facts = _facts(national_reports / f"{folder}-ofsted-childrens-services-inspection.pdf")
    assert facts.authority == authority and facts.overall == overall
    assert facts.inspection_start and facts.inspection_start <= facts.inspection_end


@pytest.mark.parametrize(
    ("raw", "grade"),
    [
        ("requires improvement to be good", "Requires improvement"),
        ("good", "Good"),
        ("INADEQUATE", "Inadequate"),
        ("improvement", "Requires improvement"),
    ],
)
def test_normalise_grade(raw: str, grade: str) -> None:
    assert normalise_grade(raw) == grade


# The openings of visit letters of three councils, in Ofsted's set wording: a monitoring
# visit's (Newham's, 2020, as the corpus holds it), a focused visit's and an assurance
# visit's, with the letter's date above the addressee.
LETTERS = {
    "newham": (
        "27 March 2020\n\nTim Aldridge\nCorporate Director\n\nDear Tim\n\nMonitoring visit "
        "to Newham local authority children's services\n\nThis letter summarises the findings "
        "of the monitoring visit to Newham local authority children's services on 4 and 5 "
        "March 2020. The visit was the second monitoring visit since the local authority was "
        "judged inadequate in March 2019. The inspectors were Andy Whippey, Her Majesty's "
        "Inspector, and Tara Geere, Her Majesty's Inspector.\n",
        LetterFacts(
            "monitoring visit",
            "Monitoring visit to Newham local authority children's services",
            "Newham",
            dt.date(2020, 3, 4),
            dt.date(2020, 3, 5),
            dt.date(2020, 3, 27),
            "Andy Whippey, Her Majesty's Inspector, and Tara Geere, Her Majesty's Inspector",
        ),
    ),
    "solihull": (
        "Dear Director\n\nFocused visit to Solihull children's services\n\nThis letter "
        "summarises the findings of the focused visit to Solihull children's services on 20 "
        "and 21 October 2020. Her Majesty's Inspectors for this visit were Ann Kirk and Ben "
        "Lowe.\n",
        LetterFacts(
            "focused visit",
            "Focused visit to Solihull children's services",
            "Solihull",
            dt.date(2020, 10, 20),
            dt.date(2020, 10, 21),
            None,
            "Ann Kirk and Ben Lowe",
        ),
    ),
    "west sussex": (
        "2 November 2020\n\nThis letter summarises the findings of the assurance visit to West "
        "Sussex County Council children's services on 28 September to 1 October 2020.\n",
        LetterFacts(
            "assurance visit",
            None,
            "West Sussex",
            dt.date(2020, 9, 28),
            dt.date(2020, 10, 1),
            dt.date(2020, 11, 2),
            None,
        ),
    ),
}


@pytest.mark.parametrize(("text", "facts"), LETTERS.values(), ids=LETTERS.keys())
def test_a_visit_letter_states_its_visit(text: str, facts: LetterFacts) -> None:
    assert read_visit_letter(text) == facts


def test_other_documents_are_not_visit_letters() -> None:
    # a report's front page, and a press story about a letter (no visit days in its words)
    assert read_visit_letter("Inspection dates: 18 to 29 July 2022\nLead inspector: A") is None
    assert (
        read_visit_letter("The letter, published on Friday, summarises the findings of a visit.")
        is None
    )
