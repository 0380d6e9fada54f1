"""The recommendations tracker: items read from each framework's own lists, later documents
found by date and council, statuses read from what was found, and where it shows (the
command line, a question's answer, the committee paper in Markdown and Word)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from rag.answer.tracker import document_items, later_documents, track
from rag.ingest.chunk import chunk_document
from rag.records import Document, DocumentMeta

META = DocumentMeta(
    "Inspection", dt.date(2016, 5, 16), "Ofsted", "ofsted", "April 2016 inspection", "Bury"
)


def _items(text: str, meta: DocumentMeta = META) -> list[str]:
    return [i.text for i in document_items(chunk_document(Document("d", meta, text, "x"), "v"))]


def test_a_sif_list_gives_its_recommendations_not_its_strengths_nor_an_empty_heading() -> None:
    # the layout of SIF reports (Newham 2014, Knowsley 2014, Leeds 2015)
    text = (
        "Summary of key findings\n\nChildren are safe.\n\n"
        "What does the local authority need to improve?\n\n"
        "Priority and immediate action\n\n"
        "The inspection did not find any areas for priority and immediate action\n\n"
        "Areas for improvement\n\n"
        "9. Ensure that strategy discussions include the police.\n\n"
        "10. Improve the quality of plans for children in need. Plans should be reviewed.\n\n"
        "The local authority has the following strengths:\n\n"
        "11. Leaders know their services well.\n\n"
        "Summary for children and young people\n\nWe spoke to children.\n"
    )
    assert _items(text) == [
        "Ensure that strategy discussions include the police.",
        "Improve the quality of plans for children in need. Plans should be reviewed.",
    ]


def test_subheadings_inside_the_list_carry_it_on_until_a_section_that_is_not_one() -> None:
    # Manchester 2014 and Leeds 2015 put their areas for improvement under subheadings
    text = (
        "Areas for improvement\n\nQuality of practice\n\n"
        "17. Promote stable relationships with social workers.\n\n"
        "The provision of help\n\n"
        "23. The local authority and its partners need to target early help.\n\n"
        "24. Develop a shared protocol with the police.\n\n"
        "Information about this inspection\n\n"
        "Inspectors have looked closely at the experiences of children.\n"
    )
    assert _items(text) == [
        "Promote stable relationships with social workers.",
        "The local authority and its partners need to target early help.",
        "Develop a shared protocol with the police.",
    ]


def test_a_visit_letter_gives_the_areas_its_inspectors_focused_on() -> None:
    letter = DocumentMeta(
        "Letter", dt.date(2020, 3, 27), "Ofsted", "ofsted", "March 2020 monitoring visit", "Bury"
    )
    text = (
        "Areas covered by the visit\n\n"
        "During this visit, inspectors evaluated care planning.\n\n"
        "Inspectors focused on:\n\n"
        "- The quality of care planning for children in care.\n"
        "- The timeliness of plans for permanence.\n\n"
        "A range of evidence was considered.\n\n"
        "Overview\n\nProgress has been slow.\n"
    )
    assert _items(text, letter) == [
        "The quality of care planning for children in care.",
        "The timeliness of plans for permanence.",
    ]


def test_later_documents_are_the_same_councils_about_another_visit_latest_first() -> None:
    def meta(day: str, event: str, authority: str = "Bury", source: str = "ofsted") -> Any:
        return DocumentMeta("t", dt.date.fromisoformat(day), "p", source, event, authority)  # type: ignore[arg-type]

    documents = [
        ("press-same-visit", meta("2016-05-17", "April 2016 inspection", source="press")),
        ("later", meta("2019-01-01", "2018 inspection")),
        ("latest", meta("2022-01-01", "2021 inspection")),
        ("other-council", meta("2020-01-01", "2019 inspection", "Kent")),
        ("earlier", meta("2014-01-01", "2013 inspection")),
    ]
    found = later_documents(META, documents)
    assert [doc_id for doc_id, _ in found] == ["latest", "later"]


def test_later_documents_can_be_kept_to_a_range_of_visits(newham_pipeline: Any) -> None:
    """ "Between the 2014 and 2019 inspections": only the 2019 inspection's documents speak
    to the 2014 items, where without the range the later visits do too."""
    index, lexical = newham_pipeline.index, newham_pipeline.weights.lexical
    asked = {"June 2014 inspection", "February 2019 inspection"}

    def later_events(documents: Any) -> set[str]:
        first = next(d for d in documents if d.meta.event == "June 2014 inspection")
        return {index.documents[m.doc_id].meta.event for t in first.items for m in t.mentions}

    within = later_events(track(index, lexical, "newham", later_events=asked))
    everyone = later_events(track(index, lexical, "newham"))
    assert within == {"February 2019 inspection"}
    assert everyone - asked  # the range is what kept the later visits out


@pytest.mark.slow
def test_newhams_record_is_tracked_report_by_report(newham_pipeline: Any) -> None:
    index = newham_pipeline.index
    documents = track(index, newham_pipeline.weights.lexical, "newham")
    events = [d.meta.event for d in documents]
    assert events == [
        "June 2014 inspection",
        "February 2019 inspection",
        "March 2020 monitoring visit",
        "July 2022 inspection",
    ]
    assert all(len(d.items) >= 4 for d in documents)
    # the latest report's items have nothing after them; every earlier one was followed up
    assert {t.status for t in documents[-1].items} == {"no later document"}
    for document in documents[:-1]:
        for tracked in document.items:
            assert tracked.status != "no later document"
            for mention in tracked.mentions:
                later = index.documents[mention.doc_id].meta
                assert later.date > document.meta.date and later.event != document.meta.event
                text = index.text(mention.doc_id)
                assert text[mention.evidence.start : mention.evidence.end] == mention.text
    # Ofsted's findings come before the council's and the press's
    for tracked in documents[0].items:
        kinds = [index.documents[m.doc_id].meta.source_type for m in tracked.mentions]
        assert kinds == sorted(kinds, key=lambda k: k != "ofsted")


@pytest.mark.slow
def test_newhams_tuning_rows_find_their_items(newham_pipeline: Any) -> None:
    from rag.evaluation.tracker import load_tracker_rows, score_rows

    rows = load_tracker_rows(Path(__file__).resolve().parents[1] / "eval" / "tracker")
    train = [r for r in rows if r.council == "newham" and r.split == "train"]
    assert len(train) >= 5
    results = score_rows(newham_pipeline, train)
    assert all(r.item_found for r in results)


@pytest.mark.slow
def test_a_question_about_an_inspections_recommendations_is_answered_from_the_tracker(
    newham_pipeline: Any,
) -> None:
    answer = newham_pipeline.ask("Has Newham addressed the recommendations of 2019 yet?")
    assert not answer.refused
    assert "asked for, and what came of it" in answer.text
    assert any(c.meta.event == "February 2019 inspection" for c in answer.citations)
    assert any(c.meta.date.year > 2019 for c in answer.citations)


@pytest.mark.slow
def test_the_command_prints_json_and_writes_the_committee_paper(
    newham_pipeline: Any, tmp_path: Path
) -> None:
    from docx import Document as Word

    from rag.answer.tracker import tracked_json
    from rag.app.recommendations import committee_docx, committee_markdown, terminal_table

    index = newham_pipeline.index
    documents = track(index, newham_pipeline.weights.lexical, "Newham")
    metas = {d: x.meta for d, x in index.documents.items()}
    payload = json.loads(json.dumps(tracked_json(documents, metas)))
    assert payload[0]["event"] == "June 2014 inspection"
    first = payload[0]["items"][0]
    assert first["status"] in ("later finding", "council or press only", "not mentioned")
    assert all(later["date"] > payload[0]["date"] for later in first["later"])
    assert "Status:" in terminal_table(documents, metas)
    paper = committee_markdown(documents, metas, "Newham")
    assert "| # | Recommendation | Status | What later documents said |" in paper
    assert "## Sources" in paper
    path = committee_docx(documents, metas, "Newham", tmp_path / "paper.docx")
    word = Word(str(path))
    assert len(word.tables) == len(documents)
    assert len(word.tables[0].rows) == len(documents[0].items) + 1  # a header row
    assert word.tables[0].rows[1].cells[1].text == documents[0].items[0].item.text


# Councils of the cross-council set's dev split with reports of both frameworks (SIF, ILACS).
TRACKED_COUNCILS = ("Kent", "Norfolk", "Knowsley", "Manchester", "Leeds", "Dudley")


def test_other_councils_reports_are_tracked_in_both_frameworks(council_set: Any) -> None:
    pipeline, _, _ = council_set
    frameworks = set()
    for council in TRACKED_COUNCILS:
        documents = track(pipeline.index, pipeline.weights.lexical, council)
        assert len(documents) >= 2, council
        for document in documents:  # Leeds 2022 asks for two things only
            assert len(document.items) >= 2, (council, document.meta.event)
            frameworks.add(document.meta.framework)
        assert sum(len(d.items) for d in documents) >= 8, council
        # every report but the latest was followed by one, and each later passage is later
        for document in documents[:-1]:
            for tracked in document.items:
                assert tracked.status != "no later document"
                for mention in tracked.mentions:
                    assert pipeline.index.documents[mention.doc_id].meta.date > document.meta.date
    assert {"SIF", "ILACS"} <= frameworks


def test_the_tracker_rows_of_dev_councils_find_their_items(council_set: Any) -> None:
    from rag.evaluation.tracker import load_tracker_rows, score_rows, summarize_tracker

    pipeline, _, _ = council_set
    rows = load_tracker_rows(Path(__file__).resolve().parents[1] / "eval" / "tracker")
    dev = [r for r in rows if r.split == "dev"]
    assert len(dev) >= 20
    summary = summarize_tracker(score_rows(pipeline, dev))["dev"]
    assert summary["item_recall"] == 1.0
    assert (summary["later_finding_status"] or 0.0) >= 0.85
