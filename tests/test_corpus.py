"""Corpus files: front matter validation, round trips, ids, and the five documents' metadata."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from rag.errors import CorpusError
from rag.ingest.corpus import corpus_files, load_corpus, new_doc_id, read_document, render_document
from rag.records import DocumentMeta

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
META = DocumentMeta(
    title="A title",
    date=dt.date(2020, 3, 27),
    publisher="Ofsted",
    source_type="ofsted",
    event="March 2020 monitoring visit",
)


def test_render_then_read_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "a-doc.md"
    body = "First paragraph.\n\n• item one\n• item two\n"
    path.write_text(render_document(META, body, date_note="why this date"), encoding="utf-8")
    doc = read_document(path)
    assert doc.doc_id == "a-doc"
    assert doc.meta == META
    assert doc.text == body
    assert "# why this date\ndate: 2020-03-27" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("front_matter", "message"),
    [
        ("title: x\ndate: 2020-01-01\npublisher: p\nsource_type: press\n", "lacks event"),
        ("title: x\ndate: 01/02/2020\npublisher: p\nsource_type: press\nevent: e\n", "ISO date"),
        ("title: x\ndate: 2020-01-01\npublisher: p\nsource_type: blog\nevent: e\n", "one of"),
        ("title: [unclosed\n", "not valid YAML"),
    ],
)
def test_bad_front_matter_is_reported_with_the_file(
    tmp_path: Path, front_matter: str, message: str
) -> None:
    path = tmp_path / "bad.md"
    path.write_text(f"---\n{front_matter}---\n\nText.\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=message) as info:
        read_document(path)
    assert str(path) in str(info.value)


def test_non_utf8_and_empty_files_are_reported(tmp_path: Path) -> None:
    latin = tmp_path / "latin.md"
    latin.write_bytes("---\ntitle: café\n---\n".encode("latin-1"))
    empty = tmp_path / "empty.md"
    empty.write_text(render_document(META, "\n"), encoding="utf-8")
    with pytest.raises(CorpusError, match="not UTF-8"):
        read_document(latin)
    with pytest.raises(CorpusError, match="no text"):
        read_document(empty)


def test_load_corpus_keeps_going_past_a_bad_file(tmp_path: Path) -> None:
    (tmp_path / "good.md").write_text(render_document(META, "Text."), encoding="utf-8")
    (tmp_path / "bad.md").write_text("no front matter at all", encoding="utf-8")
    (tmp_path / "README.md").write_text("# not a document", encoding="utf-8")
    documents, problems = load_corpus(tmp_path)
    assert [d.doc_id for d in documents] == ["good"]
    assert [p.path.name for p in problems] == ["bad.md"]


def test_new_doc_id_is_readable_and_unique() -> None:
    first = new_doc_id(META, set())
    assert first == "2020-03-27-ofsted-a-title"
    assert new_doc_id(META, {first}) == f"{first}-2"


def test_the_record_holds_the_five_sources_and_newhams_three_reports() -> None:
    documents, problems = load_corpus(CORPUS)
    assert not problems
    assert len(documents) == 8
    by_type = sorted(d.meta.source_type for d in documents)
    assert by_type == ["council", *["ofsted"] * 4, "press", "press", "press"]
    events = {d.meta.event for d in documents}
    assert events == {
        "June 2014 inspection",
        "February 2019 inspection",
        "March 2020 monitoring visit",
        "October 2020 focused visit",
        "July 2022 inspection",
    }
    reports = [d for d in documents if d.meta.kind == "inspection report"]
    assert sorted(d.meta.overall or "" for d in reports) == [
        "Good",
        "Inadequate",
        "Requires improvement",
    ]
    letter = next(d for d in documents if d.meta.kind == "monitoring visit letter")
    assert letter.meta.date == dt.date(2020, 3, 27)
    assert all(d.meta.authority == "Newham" for d in documents)


def test_undated_documents_explain_their_date() -> None:
    """Where the text gives no date, the front matter says why the date was chosen."""
    for path in corpus_files(CORPUS):
        text = path.read_text(encoding="utf-8")
        body = text.split("---", 2)[2]
        doc = read_document(path)
        stated = f"{doc.meta.date:%B} {doc.meta.date.day}, {doc.meta.date.year}" in body or (
            f"{doc.meta.date.day} {doc.meta.date:%B %Y}" in body
        )
        assert stated or "\n# " in text.split("date:")[0], path.name
