"""Facts from the reports themselves: which inspection reports a question concerns, and the
grades and front-page lines taken from them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from rag.answer.chain import Query, prepare_retrieval
from rag.answer.facts import latest_of_each_council, report_facts, reports_asked
from rag.query.understand import understand
from rag.records import DocumentMeta, Filters
from rag.text.grades import Report


def _report(doc_id: str, authority: str | None, date: str) -> Report:
    meta = DocumentMeta(
        f"Inspection of {authority}",
        dt.date.fromisoformat(date),
        "Ofsted",
        "ofsted",
        f"{date[:4]} inspection",
        authority=authority,
        kind="inspection report",
    )
    return Report(doc_id, meta, "")


NEWHAM_2014 = _report("n14", "Newham", "2014-08-08")
NEWHAM_2019 = _report("n19", "Newham", "2019-03-25")
NEWHAM_2022 = _report("n22", "Newham", "2022-09-21")
KENT_2018 = _report("k18", "Kent", "2018-01-10")
KENT_2021_A = _report("k21a", "Kent", "2021-06-01")
KENT_2021_B = _report("k21b", "Kent", "2021-06-01")
NO_COUNCIL_2010 = _report("x10", None, "2010-05-05")
NO_COUNCIL_2012 = _report("x12", None, "2012-05-05")


@pytest.mark.parametrize(
    ("reports", "latest"),
    [
        ([], []),
        ([NEWHAM_2019], [NEWHAM_2019]),
        ([NEWHAM_2019, NEWHAM_2022, NEWHAM_2014], [NEWHAM_2022]),
        ([NEWHAM_2022, KENT_2018, NEWHAM_2014], [NEWHAM_2022, KENT_2018]),
        # two reports of one council on its latest date are both kept, in the order given
        ([KENT_2021_B, KENT_2018, KENT_2021_A], [KENT_2021_B, KENT_2021_A]),
        # reports naming no council are one group of their own
        ([NO_COUNCIL_2012, NEWHAM_2014, NO_COUNCIL_2010], [NO_COUNCIL_2012, NEWHAM_2014]),
    ],
)
def test_latest_of_each_council(reports: list[Report], latest: list[Report]) -> None:
    assert latest_of_each_council(reports) == latest


def _metas(pipeline: Any) -> dict[str, DocumentMeta]:
    return {doc_id: d.meta for doc_id, d in pipeline.index.documents.items()}


def _report_id(metas: dict[str, DocumentMeta], year: int) -> str:
    (doc_id,) = [
        d for d, m in metas.items() if m.kind == "inspection report" and m.date.year == year
    ]
    return doc_id


@pytest.mark.parametrize(
    ("question", "filters", "graded", "years"),
    [
        ("What judgements did the 2019 report record for Newham?", Filters(), True, [2019]),
        ("Name the lead inspector on Newham's 2019 inspection report.", Filters(), False, [2019]),
        ("What overall grade was Newham given most recently?", Filters(), True, [2022]),
        # the latest report the filters allow
        (
            "What overall grade was Newham given most recently?",
            Filters(until=dt.date(2020, 1, 1)),
            True,
            [2019],
        ),
        (
            "How have the judgements on Newham changed over the years?",
            Filters(),
            True,
            [2014, 2019, 2022],
        ),
        # a council the record does not hold has no reports here
        ("What overall grade did Kent receive most recently?", Filters(), True, []),
    ],
)
def test_reports_asked(
    newham_pipeline: Any, question: str, filters: Filters, graded: bool, years: list[int]
) -> None:
    metas = _metas(newham_pipeline)
    intent = understand(question, newham_pipeline.index.scope)
    reports = reports_asked(newham_pipeline.index, filters, metas, intent, graded)
    assert sorted(r.doc_id for r in reports) == sorted(_report_id(metas, y) for y in years)
    for report in reports:
        assert report.meta == metas[report.doc_id]
        assert report.text == newham_pipeline.index.text(report.doc_id)


def test_report_facts_for_a_grade_in_2019(newham_pipeline: Any) -> None:
    index = newham_pipeline.index
    metas = _metas(newham_pipeline)
    intent, retrieval = prepare_retrieval(
        index, Query("What judgements did the 2019 report record for Newham?"), 6
    )
    found = report_facts(index, retrieval, metas, intent)
    assert found is not None
    summary, evidence, texts = found
    report = _report_id(metas, 2019)
    assert summary == f"Newham's overall effectiveness: Inadequate ({metas[report].event})."
    assert evidence and {e.doc_id for e in evidence} == {report}
    quoted = [index.text(e.doc_id)[e.start : e.end] for e in evidence]
    assert "Overall effectiveness Inadequate" in quoted
    assert texts == {report: index.text(report)}


def test_report_facts_for_a_front_page_line(newham_pipeline: Any) -> None:
    index = newham_pipeline.index
    metas = _metas(newham_pipeline)
    intent, retrieval = prepare_retrieval(
        index, Query("Name the lead inspector on Newham's 2019 inspection report."), 6
    )
    found = report_facts(index, retrieval, metas, intent)
    assert found is not None
    summary, evidence, texts = found
    report = _report_id(metas, 2019)
    lead = metas[report].lead_inspector
    assert lead and lead in summary
    (line,) = evidence
    assert line.doc_id == report and lead in index.text(report)[line.start : line.end]
    assert list(texts) == [report]


def test_report_facts_for_two_front_page_lines_asked_at_once(newham_pipeline: Any) -> None:
    index = newham_pipeline.index
    metas = _metas(newham_pipeline)
    question = "Who was the lead inspector for Newham’s 2022 inspection, and what were its dates?"
    intent, retrieval = prepare_retrieval(index, Query(question), 6)
    found = report_facts(index, retrieval, metas, intent)
    assert found is not None
    summary, evidence, _ = found
    report = _report_id(metas, 2022)
    quoted = [index.text(e.doc_id)[e.start : e.end] for e in evidence]
    assert [q.split(":")[0] for q in quoted] == ["Lead inspector", "Inspection dates"]
    assert summary.startswith("Lead inspector: ") and "Inspection dates: " in summary
    assert {e.doc_id for e in evidence} == {report}


def test_a_front_page_fact_and_a_second_ask_quote_the_report_for_both(
    newham_pipeline: Any,
) -> None:
    """The front page names the lead inspector; the size of her team is in the report's
    text, and is quoted beside it."""
    answer = newham_pipeline.ask("Who was the lead inspector in 2014, and what size was her team?")
    assert answer.text.startswith("Lead inspector: Shirley Bailey")
    quoted = " ".join(c.quote for c in answer.citations)
    assert "Lead inspector: Shirley Bailey" in quoted
    assert "inspection team consisted of seven" in quoted


def test_the_rest_of_the_team_is_given_where_the_report_lists_it(newham_pipeline: Any) -> None:
    listed = newham_pipeline.ask("Besides the lead, which HMIs inspected Newham in 2014?")
    assert listed.text.startswith("Team inspectors: Pauline Turner")
    assert not listed.refused
    # an ILACS report names its lead inspector only: no answer, and it says why
    unlisted = newham_pipeline.ask("Besides the lead, which HMIs inspected Newham in 2019?")
    assert unlisted.refused
    assert "names its lead inspector only" in unlisted.text


def test_what_a_visit_looked_at_is_its_letters_areas_covered(newham_pipeline: Any) -> None:
    answer = newham_pipeline.ask("Which themes did Ofsted's spring 2020 visit examine?")
    assert answer.text.startswith("What the visit looked at:")
    (citation,) = answer.citations
    assert citation.meta.kind == "monitoring visit letter"
    assert citation.quote.startswith("During this visit, inspectors evaluated")
    assert "The quality of case recording." in citation.quote
    # no letter for an inspection: the question is answered from its findings
    other = newham_pipeline.ask("Which themes did the 2022 inspection examine?")
    assert not other.text.startswith("What the visit looked at:")


@pytest.mark.parametrize(
    "question",
    [
        "Were children seen alone by their social workers?",  # neither grades nor front page
        "What overall grade did Kent receive most recently?",  # no report of that council
    ],
)
def test_report_facts_none_when_no_report_says(newham_pipeline: Any, question: str) -> None:
    intent, retrieval = prepare_retrieval(newham_pipeline.index, Query(question), 6)
    metas = _metas(newham_pipeline)
    assert report_facts(newham_pipeline.index, retrieval, metas, intent) is None
