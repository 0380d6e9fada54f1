"""`rag list`: the indexed documents as a table, or what to do when there is no index."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from rag.app.listing import record_listing
from rag.ingest.corpus import load_corpus
from rag.settings import Settings

HEADER = ["id", "title", "date", "speaker", "event", "passages"]


def test_an_empty_data_folder_says_to_ingest(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=tmp_path / "corpus")
    assert record_listing(settings) == f"No index in {tmp_path / 'data'}: run `rag ingest`."


def _cells(listing: str) -> list[list[str]]:
    # the columns are padded to the widest cell, with at least two spaces between them
    return [re.split(r" {2,}", line) for line in listing.splitlines()]


def test_every_indexed_document_is_listed(pipeline: Any) -> None:
    rows = _cells(record_listing(pipeline.settings))
    assert rows[0] == HEADER
    documents, _ = load_corpus(pipeline.settings.corpus_dir)
    assert len(rows) == len(documents) + 1 and len(documents) >= 5
    listed = {row[0]: row for row in rows[1:]}
    for document in documents:
        doc_id, title, date, speaker, event, passages = listed[document.doc_id]
        meta = document.meta
        assert (date, speaker, event) == (meta.date.isoformat(), meta.source_type, meta.event)
        assert passages == str(len(pipeline.index.document_chunks(doc_id)))
        if len(meta.title) <= 60:
            assert title == meta.title
        else:  # a long title is cut to 60 characters
            assert len(title) == 60 and title.endswith("...")
            assert meta.title.startswith(title.removesuffix("..."))


def test_documents_are_listed_oldest_first(pipeline: Any) -> None:
    rows = _cells(record_listing(pipeline.settings))[1:]
    order = [(date, doc_id) for doc_id, _, date, *_ in rows]
    assert order == sorted(order)
    assert len({date for date, _ in order}) > 1
