"""Answers from the real pipeline over the five documents: right source, right speaker,
verbatim quotes, no boilerplate, refusals when the record has no answer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests_support import BOILERPLATE

from rag.answer.chain import MAX_QUESTION_CHARS
from rag.answer.compose import is_title
from rag.errors import QuestionError
from rag.ingest.corpus import load_corpus
from rag.records import Filters
from rag.search.index import sentence_key

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
TEXTS = {d.doc_id: d.text for d in load_corpus(CORPUS)[0]}

# question, a document id fragment that must be cited, the speaker named, words the answer has
QUESTIONS = [
    (
        "Were children seen alone by their social workers?",
        "ofsted-monitoring",
        "Ofsted's",
        "seen alone",
    ),
    (
        "Who apologised unreservedly for the unacceptable failings?",
        "newham-recorder",
        "Newham Recorder",
        "apologise unreservedly",
    ),
    (
        "How much investment in children's services did the mayor announce?",
        "community-care-inspectors",
        "Community Care",
        "£10.6 million",
    ),
    (
        "How did Cllr Sarah Ruiz respond to the focused visit's findings?",
        "london-borough",
        "The council said",
        "Sarah Ruiz",
    ),
    (
        "Which council did the new director Tim Aldridge help improve before Newham?",
        "community-care-inadequate",
        "Community Care",
        "Havering",
    ),
    (
        "What areas still needed more progress after the October 2020 focused visit?",
        "london-borough",
        "The council said",
        "Return home interviews",
    ),
]


@pytest.mark.parametrize(("question", "doc", "speaker", "words"), QUESTIONS)
def test_answers_cite_the_right_document_and_speaker(
    pipeline: Any, question: str, doc: str, speaker: str, words: str
) -> None:
    answer = pipeline.ask(question)
    assert not answer.refused, answer.text
    assert any(doc in c.doc_id for c in answer.citations), answer.text
    assert speaker in answer.text
    assert words.lower() in answer.text.lower()


@pytest.mark.parametrize("question", [q for q, *_ in QUESTIONS])
def test_every_quote_is_verbatim_and_no_boilerplate_is_cited(pipeline: Any, question: str) -> None:
    answer = pipeline.ask(question)
    for citation in answer.citations:
        assert citation.quote in TEXTS[citation.doc_id]
        assert TEXTS[citation.doc_id][citation.start : citation.end] == citation.quote
        assert f"[{citation.n}]" in answer.text
        assert not any(phrase in citation.quote for phrase in BOILERPLATE)


@pytest.mark.parametrize(
    "question",
    [
        "What is the capital of France?",
        "What did Ofsted make of Hackney's children's social care when it inspected?",
        "Which grade was Newham given by Ofsted in 2023?",
        "How do I bake sourdough bread?",
        # a name no document uses: the record cannot say what it did, however close the
        # passages found may look
        "Did Tottenham Hotspur's foundation help care leavers in Newham?",
    ],
)
def test_refuses_what_the_record_does_not_answer(pipeline: Any, question: str) -> None:
    answer = pipeline.ask(question)
    assert answer.refused
    assert answer.citations == ()
    assert answer.text.startswith("The inspection record does not answer this question.")


def test_a_name_the_record_never_uses_is_said_so(pipeline: Any) -> None:
    answer = pipeline.ask("What did the Rotary Club fund for children in care?")
    assert answer.refused
    assert "Nothing in the record mentions Rotary Club." in answer.text
    # capitals the record does use are no reason to refuse
    assert not pipeline.ask("How were Care Leavers in Newham supported, said Ofsted?").refused


def test_timeline_orders_evidence_by_date(pipeline: Any) -> None:
    answer = pipeline.ask(
        "Between the 2019 inspection and late 2020, how did Newham's services change?"
    )
    dates = [c.meta.date for c in answer.citations]
    assert len({c.meta.event for c in answer.citations}) >= 2
    assert dates == sorted(dates)


def test_filters_restrict_sources_and_are_stated(pipeline: Any) -> None:
    answer = pipeline.ask(
        "What did inspectors find about permanence planning?", Filters(source_types=("ofsted",))
    )
    assert answer.citations
    assert {c.meta.source_type for c in answer.citations} == {"ofsted"}
    assert "Filters in force: sources: ofsted" in answer.text


def test_empty_and_very_long_questions(pipeline: Any) -> None:
    with pytest.raises(QuestionError, match="empty"):
        pipeline.ask("   \n\t ")
    long = "Were children seen alone? " + "padding " * 13_000
    answer = pipeline.ask(long)
    assert len(answer.question) <= MAX_QUESTION_CHARS
    assert answer.notices and "characters long" in answer.notices[0]


def test_retriever_works_as_a_langchain_retriever(pipeline: Any) -> None:
    docs = pipeline.retriever(k=3).invoke("independent reviewing officers tracking permanence")
    assert len(docs) == 3
    assert all({"doc_id", "title", "date", "source_type"} <= set(d.metadata) for d in docs)
    assert any("IRO" in d.page_content for d in docs)


def test_an_ofsted_report_s_title_line_is_told_from_its_findings() -> None:
    # the front-page headings of Knowsley's 2017 re-inspection, Liverpool's 2014 report
    # (with its footnote mark) and Walsall's ILACS report, against their documents' titles
    titles = {
        "Re-inspection of services for children in need of help and protection, children "
        "looked after and care leavers": "Knowsley Council: Re-inspection of services for "
        "children in need of help and protection, children looked after and care leavers",
        "Inspection of services for children in need of help and protection, children looked "
        "after and care leavers and Review of the effectiveness of the local safeguarding "
        "children board1": "Liverpool City Council: Inspection of services for children in "
        "need of help and protection, children looked after and care leavers and Review of "
        "the effectiveness of the local safeguarding children board",
        "Inspection of Walsall local authority children’s services": "Inspection of Walsall "
        "local authority children’s services",
    }
    for line, title in titles.items():
        assert is_title(line, sentence_key(title))
        assert not is_title("Children looked after and care leavers are well supported.", title)
    assert not is_title("Walsall Council", sentence_key("Walsall Council"))  # too short to tell


def test_a_framework_s_set_wording_is_not_quoted_as_a_finding(council_set: Any) -> None:
    # the grade descriptors ("A good local authority leads effective services ...") that
    # every report of a framework prints word for word say what a grade means, not what
    # inspectors found in the council asked about
    pipeline = council_set[0]
    answer = pipeline.ask("Did Leeds children receive good help, care and protection in 2015?")
    assert answer.citations
    common = pipeline.index.boilerplate
    assert not any(sentence_key(c.quote) in common for c in answer.citations)
