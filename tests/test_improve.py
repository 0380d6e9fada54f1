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
        "3. Reduce the caseloads of independent reviewing officers.\n\n"
        "Summary for children and young people\n\nWe spoke to children.\n"
    )
    quoted = _evidence_text(text)
    assert quoted is not None
    assert quoted.startswith("1. Ensure that strategy discussions")  # with its number
    assert "Priority and immediate action" not in quoted[:10]
    assert quoted.endswith("independent reviewing officers.")
    assert "We spoke to children" not in quoted


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
