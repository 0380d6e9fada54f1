"""Facts read from Ofsted reports' front pages: real reports of both frameworks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from tests_support import newham_report

from rag.ofsted import LSCB, is_inspection_report, normalise_grade, read_report
from rag.pdf import clean_pdf_pages, extract_pages

pytestmark = pytest.mark.slow


def _facts(path):  # type: ignore[no-untyped-def]
    text = clean_pdf_pages(extract_pages(path)).text
    assert is_inspection_report(text)
    return read_report(text)


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


def test_ilacs_2019() -> None:
    facts = _facts(newham_report("2019"))
    assert facts.lead_inspector == "Dawn Godfrey" and facts.overall == "Inadequate"
    assert facts.inspection_start == dt.date(2019, 2, 11)
    assert len(facts.judgements) == 4


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
def test_sif_lscb_review_grade_from_its_section(
    folder: str, grade: str, national_reports: Path
) -> None:
    facts = _facts(national_reports / f"{folder}-ofsted-childrens-services-inspection.pdf")
    assert dict(facts.judgements)[LSCB] == grade


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
