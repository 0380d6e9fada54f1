"""Chunking: blocks, sentences and lists stay whole; every span is an exact range of the text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from rag.ingest.chunk import (
    MAX_WORDS,
    chunk_document,
    embedding_texts,
    list_runs,
    sentence_spans,
    split_blocks,
)
from rag.ingest.corpus import load_corpus
from rag.records import Document, DocumentMeta

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
META = DocumentMeta("t", dt.date(2020, 1, 1), "p", "press", "e")


def _doc(text: str) -> Document:
    return Document("doc", META, text, "digest")


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("Overview\n\nThe pace was slow. Plans are in place.\n", ["heading", "para"]),
        (
            "Inspectors focused on:\n\n- The quality of plans.\n- The quality of records.\n",
            ["list"],
        ),
        ("Areas include:\n  • One thing\n  • Another thing\n", ["list"]),
        ("• a\n\n• b\n\n• c\n", ["list"]),
        (
            "12. The MASH works well. Referrals are timely.\n\n13. Next paragraph.\n",
            ["para", "para"],
        ),
        ("Ofsted\nPiccadilly Gate\nManchester\n", ["para"]),
        ("By Alex Turner on March 31, 2020 in Children\n\nText follows here.\n", ["para", "para"]),
    ],
)
def test_blocks(text: str, kinds: list[str]) -> None:
    assert [b.kind for b in split_blocks(text)] == kinds


def test_numbered_paragraphs_carry_their_number_and_drop_it_from_sentences() -> None:
    text = "12. The MASH works well. Referrals are timely.\n"
    (block,) = split_blocks(text)
    assert block.paragraph == 12
    assert [text[s.start : s.end] for s in block.spans] == [
        "The MASH works well.",
        "Referrals are timely.",
    ]
    assert all(s.paragraph == 12 for s in block.spans)


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        (
            "Cllr Sarah Ruiz said: “We are proud.” The report found £10.6 million was spent.",
            ["Cllr Sarah Ruiz said: “We are proud.”", "The report found £10.6 million was spent."],
        ),
        (
            "The inspectors were Andy Whippey, Her Majesty's Inspector, and Tara Geere. They met.",
            [
                "The inspectors were Andy Whippey, Her Majesty's Inspector, and Tara Geere.",
                "They met.",
            ],
        ),
        (
            "“This failure is serious,” the report found. It said more.",
            ["“This failure is serious,” the report found.", "It said more."],
        ),
    ],
)
def test_sentence_spans_are_exact(text: str, sentences: list[str]) -> None:
    spans = sentence_spans(text, 0, len(text))
    assert [text[s.start : s.end] for s in spans] == sentences


def test_a_list_with_its_lead_in_is_one_block_even_across_blank_lines() -> None:
    text = "Inspectors focused on:\n\n- One.\n- Two.\n\n- Three.\n\nAfter the list.\n"
    blocks = split_blocks(text)
    assert [b.kind for b in blocks] == ["list", "para"]
    spans = blocks[0].spans
    assert [s.kind for s in spans] == ["text", "item", "item", "item"]
    assert [text[s.start : s.end] for s in spans[1:]] == ["One.", "Two.", "Three."]
    assert list_runs(spans, lambda s: text[s.start : s.end]) == [(0, 3)]


def test_list_items_are_embedded_with_their_lead_in() -> None:
    text = "Progress is needed in:\n\n• Return home interviews\n• Supervision records\n"
    (chunk,) = chunk_document(_doc(text), "v1")
    assert embedding_texts(text, chunk) == [
        "Progress is needed in:",
        "Progress is needed in: Return home interviews",
        "Progress is needed in: Supervision records",
    ]


def test_long_paragraph_is_split_between_sentences_never_inside_one() -> None:
    sentence = "Social workers visit children regularly and children are seen alone by them. "
    text = sentence * 40
    chunks = chunk_document(_doc(text), "v1")
    assert len(chunks) > 1
    for chunk in chunks:
        assert len(chunk.text.split()) <= MAX_WORDS
        assert chunk.text.strip().endswith("alone by them.")


def test_chunk_ids_depend_on_document_version_and_content() -> None:
    text = "First paragraph here.\n\nSecond paragraph here.\n"
    first = chunk_document(_doc(text), "v1")
    assert [c.chunk_id for c in first] == [c.chunk_id for c in chunk_document(_doc(text), "v1")]
    assert first[0].chunk_id != chunk_document(_doc(text), "v2")[0].chunk_id
    assert first[0].chunk_id.startswith("doc:")


def test_a_passage_repeated_word_for_word_gets_its_own_id() -> None:
    # Reports repeat passages word for word (a 2014 report did); Chroma needs unique ids.
    text = "Children are seen alone by their social workers. " * 400
    chunks = chunk_document(_doc(text), "v1")
    ids = [c.chunk_id for c in chunks]
    assert len(chunks) > 1 and len({c.text for c in chunks}) < len(chunks)
    assert len(set(ids)) == len(ids)
    assert ids == [c.chunk_id for c in chunk_document(_doc(text), "v1")]  # and stable


@pytest.mark.parametrize("doc", load_corpus(CORPUS)[0], ids=lambda d: d.doc_id[:40])
def test_corpus_chunks_are_exact_and_cover_every_sentence(doc: Document) -> None:
    chunks = chunk_document(doc, "v1")
    covered = 0
    for position, chunk in enumerate(chunks):
        assert chunk.position == position
        assert chunk.text == doc.text[chunk.start : chunk.end]
        for span in chunk.sentences:
            assert chunk.start <= span.start < span.end <= chunk.end
            piece = doc.text[span.start : span.end]
            assert piece == piece.strip()
        covered += len(chunk.text.split())
    # nothing is lost between chunks: only blank lines separate them
    assert covered == len(doc.text.split())


@pytest.mark.parametrize(
    "text",
    [
        # Sunderland 2025: a footnote's marker between the heading and its list
        "What needs to improve?\n\n1\n\n◼ The uptake of return home interviews and how the "
        "information from these informs actions to mitigate risks. (Outcome three)\n",
        # Manchester 2014 and Portsmouth 2014: a footnote's marker between two paragraphs
        "Summary\n\nThe overall judgement is that children’s services are inadequate.\n\n2\n\n"
        "The authority is not yet delivering good protection, help or care for children.\n",
        "Summary\n\nThis is an increase from 2 at 31st March 2013.\n\n3\n\n"
        "Inspectors compared it with local unvalidated data where this was available.\n",
    ],
)
def test_a_line_of_only_a_number_heads_nothing(text: str) -> None:
    heading = text.split("\n", 1)[0]
    chunks = chunk_document(_doc(text), "v1")
    assert {c.section for c in chunks} == {heading}
