"""The improvement list: each framework's section, found from the report's own headings."""

from __future__ import annotations

import datetime as dt

import pytest
from tests_support import newham_report

from rag.answer.improve import section_evidence
from rag.ingest.chunk import chunk_document
from rag.ingest.load import load_source
from rag.records import Document, DocumentMeta
from rag.search.metadata import parse_meta

META = DocumentMeta("t", dt.date(2016, 5, 16), "Ofsted", "ofsted", "April 2016 inspection")


def _evidence_text(text: str) -> str | None:
    chunks = chunk_document(Document("doc", META, text, "digest"), "v")
    found = section_evidence(chunks, "improve")
    return text[found.start : found.end] if found else None


def test_a_sif_report_quotes_its_priority_actions_and_areas_for_improvement() -> None:
    text = (
        "Summary of key findings\n\nChildren are safe.\n\n"
        "What does the local authority need to improve?\n\n"
        "Priority and immediate action\n\n"
        "1. Ensure that strategy discussions include the police.\n\n"
        "Areas for improvement\n\n"
        "2. Improve the quality of plans for children in need.\n\n"
        "3. Reduce the number of children each independent reviewing officer holds.\n\n"
        "Summary for children and young people\n\nWe spoke to children.\n"
    )
    quoted = _evidence_text(text)
    assert quoted is not None
    assert quoted.startswith("1. Ensure that strategy discussions")  # with its number
    assert "Priority and immediate action" not in quoted[:10]
    assert quoted.endswith("independent reviewing officer holds.")
    assert "We spoke to children" not in quoted


@pytest.mark.parametrize(
    ("subheadings", "items"),
    [
        # the layouts of three councils' SIF reports (Bristol 2014, Devon 2015, Warrington
        # 2015): the list's heading stacked over "Priority and immediate action" and a topic
        # subheading, then more topic subheadings, each over its numbered recommendations
        (
            ("Outcomes for care leavers", "The quality of social work practice"),
            ("Ensure that each care leaver has a pathway plan.", "Publish an updated plan."),
        ),
        (
            ("Quality of work with children", "Leadership, governance and partnerships"),
            ("Review all care leavers.", "Robustly challenge commissioners."),
        ),
        (
            ("Management oversight", "Workforce development"),
            ("Line managers should improve oversight.", "Senior managers should act."),
        ),
    ],
)
def test_a_list_under_stacked_subheadings_is_quoted_whole(
    subheadings: tuple[str, str], items: tuple[str, str]
) -> None:
    text = (
        "Summary of key findings\n\nChildren are safe.\n\n"
        "What does the local authority need to improve?\n\n"
        "Priority and immediate action\n\n"
        f"{subheadings[0]}\n\n1. {items[0]}\n\n"
        "Areas for improvement\n\n"
        f"{subheadings[1]}\n\n2. {items[1]}\n\n"
        "The local authority’s strengths\n\n3. Early help is well targeted.\n"
    )
    quoted = _evidence_text(text)
    assert quoted is not None
    assert quoted.startswith(f"1. {items[0]}") and quoted.endswith(items[1])
    assert "Early help" not in quoted


@pytest.mark.parametrize(
    "bullet",
    # "What needs to improve:" set over the list in place of a heading (East Riding of
    # Yorkshire 2020, Stoke-on-Trent 2019, Wakefield 2018)
    ["◼", "•", "◼"],
)
def test_a_list_under_a_heading_ending_in_a_colon_is_the_improvement_list(bullet: str) -> None:
    text = (
        "Headline findings\n\nServices are inadequate.\n\n"
        f"What needs to improve:\n\n{bullet} The accuracy of the self-evaluation.\n\n"
        f"{bullet} Management oversight of the quality of practice.\n\n"
        "The experiences and progress of children who need help and protection: inadequate\n\n"
        "1. The quality of practice has deteriorated.\n"
    )
    quoted = _evidence_text(text)
    assert quoted is not None
    assert quoted.startswith(f"{bullet} The accuracy") and quoted.endswith("quality of practice.")


def test_a_report_without_such_a_section_has_no_list() -> None:
    assert _evidence_text("Summary\n\nChildren are safe.\n\nLeaders\n\nThey lead well.\n") is None


@pytest.mark.parametrize(
    ("year", "first_words"),
    [
        ("2014", "9. Evaluate with partners"),  # SIF: "Areas for improvement", numbered
        ("2019", "Senior leadership urgency"),  # ILACS: "What needs to improve?", bullets
        ("2022", "More robust planning"),
    ],
)
def test_each_of_newhams_reports_has_its_improvement_list(year: str, first_words: str) -> None:
    loaded = load_source(newham_report(year))
    meta = parse_meta(loaded.values, "fixture")
    doc = Document("doc", meta, loaded.body, "digest")
    found = section_evidence(chunk_document(doc, "v"), "improve")
    assert found is not None and found.is_list
    quoted = loaded.body[found.start : found.end]
    assert first_words in quoted[:200]
    assert len(quoted.split()) > 40


def test_a_visit_letter_quotes_its_areas_covered_whole() -> None:
    text = (
        "Dear Ms Smith\n\nMonitoring visit to Wigan children's services\n\n"
        "This letter summarises the findings of the monitoring visit on 3 and 4 May 2022.\n\n"
        "Areas covered by the visit\n\n"
        "Inspectors reviewed the progress made in the following areas:\n\n"
        "- Help and protection for children at the front door.\n"
        "- Children in care who go missing.\n\n"
        "Headline findings\n\nThe pace of change has been good.\n"
    )
    chunks = chunk_document(Document("doc", META, text, "digest"), "v")
    found = section_evidence(chunks, "focus")
    assert found is not None
    quoted = text[found.start : found.end]
    assert quoted.startswith("Inspectors reviewed the progress")
    assert quoted.endswith("Children in care who go missing.")
    assert section_evidence(chunks, "improve") is None
