"""Adding a document from the app: indexed at once, with the metadata given; a file that
cannot be read, bad metadata or a failed index update change nothing, and no message shows
a server path. In the browser: the form on the Record overview adds a document that the next
question is answered from."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, expect
from tests_support import ANSWER_WAIT_MS, ask_in_chat, free_port

from rag.app import upload as upload_module
from rag.app.upload import UPLOADS, add_upload
from rag.errors import RagError

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SMALL = (  # two short documents: a letter and a council statement
    "2020-03-27-ofsted-monitoring-visit-to-newham-local-authority.md",
    "2020-12-01-london-borough-of-positive-signs-of-improvement-childrens-services.md",
)
NOTE = (
    "Bury Council said the fostering recruitment campaign had found forty new foster "
    "families across the borough.\n\nThe council thanked the families who came forward.\n"
)
FIELDS = {
    "title": "Fostering campaign update",
    "date": "2023-05-02",
    "publisher": "Bury Council",
    "source_type": "council",
    "event": "October 2021 inspection",
    "kind": "press release",
    "authority": "Bury",
}


@pytest.fixture
def small_pipeline(tmp_path: Path, embeddings: Any) -> Any:
    from rag.pipeline import build_pipeline
    from rag.settings import Settings

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in SMALL:
        shutil.copy(CORPUS / name, corpus / name)
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=corpus, port=free_port())
    return build_pipeline(settings, log=lambda _: None, embeddings=embeddings)


def _note(tmp_path: Path, name: str = "fostering-update.txt", text: str = NOTE) -> Path:
    path = tmp_path / "from-browser" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_an_upload_is_indexed_at_once_with_its_metadata(
    small_pipeline: Any, tmp_path: Path
) -> None:
    result = add_upload(small_pipeline, _note(tmp_path), FIELDS)
    assert result.added, result.message
    assert "the record now holds 3 documents" in result.message
    answer = small_pipeline.ask("How many new foster families did the Bury campaign find?")
    assert not answer.refused
    assert answer.citations[0].meta.title == "Fostering campaign update"
    assert answer.citations[0].meta.source_type == "council"
    kept = small_pipeline.settings.data_dir / UPLOADS / "fostering-update.txt"
    assert kept.read_text(encoding="utf-8") == NOTE  # the source is kept


@pytest.mark.parametrize(
    ("name", "content", "fields", "says"),
    [
        ("broken.pdf", "not a PDF at all", FIELDS, "broken.pdf was not added"),
        ("notes.xlsx", "cells", FIELDS, "cannot be added: the app reads"),
        ("fine.txt", NOTE, {**FIELDS, "date": "May 2023"}, "is not a date"),
        ("fine.txt", NOTE, {**FIELDS, "source_type": "blog"}, "Speaker must be one of"),
        ("fine.txt", NOTE, {**FIELDS, "publisher": ""}, "does not say its publisher"),
    ],
)
def test_what_cannot_be_added_changes_nothing_and_says_why(
    small_pipeline: Any, tmp_path: Path, name: str, content: str, fields: dict[str, str], says: str
) -> None:
    corpus = small_pipeline.settings.corpus_dir
    before = sorted(p.name for p in corpus.iterdir())
    result = add_upload(small_pipeline, _note(tmp_path, name, content), fields)
    assert not result.added and says in result.message
    assert str(tmp_path) not in result.message  # no server path
    assert sorted(p.name for p in corpus.iterdir()) == before
    assert len(small_pipeline.index.documents) == 2


def test_a_failed_index_update_puts_the_corpus_back(
    small_pipeline: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = small_pipeline.settings.corpus_dir
    before = {p.name: p.read_bytes() for p in corpus.iterdir()}

    def fail(*_: Any, **__: Any) -> None:
        raise RagError("the store is locked by another ingest")

    monkeypatch.setattr(upload_module, "run_ingest", fail)
    result = add_upload(small_pipeline, _note(tmp_path), FIELDS)
    assert not result.added and "could not be updated" in result.message
    assert {p.name: p.read_bytes() for p in corpus.iterdir()} == before
    assert len(small_pipeline.index.documents) == 2  # the record as it was


@pytest.fixture
def upload_app(small_pipeline: Any) -> Iterator[str]:
    from rag.app.feedback import FeedbackStore
    from rag.app.ui import build_app, serve

    settings = small_pipeline.settings
    app = build_app(small_pipeline, FeedbackStore(settings.data_dir / "feedback.sqlite3"))
    serve(app, settings, block=False)
    yield f"http://127.0.0.1:{settings.port}/"
    app.close()


def test_a_document_added_in_the_browser_answers_the_next_question(
    browser: Browser, upload_app: str, tmp_path: Path
) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 950})
    page.goto(upload_app)
    expect(page.get_by_label("Your question")).to_be_visible(timeout=30_000)
    page.get_by_role("tab", name="Record overview").click()
    page.get_by_text("Add a document to the record").click()
    page.locator("#upload-file input[type=file]").set_input_files(str(_note(tmp_path)))
    for label, value in (
        ("Title", FIELDS["title"]),
        ("Publication date (YYYY-MM-DD)", FIELDS["date"]),
        ("Publisher", FIELDS["publisher"]),
        ("Council it concerns", FIELDS["authority"]),
        ("Inspection or visit", FIELDS["event"]),
    ):
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_label("Speaker", exact=True).click()
    page.get_by_role("option", name="Council").click()
    page.get_by_role("button", name="Add to the record").click()
    expect(page.locator("#add-status")).to_contain_text(
        "fostering-update.txt added", timeout=60_000
    )
    expect(page.locator("#record-documents")).to_contain_text("Fostering campaign update")
    page.get_by_role("tab", name="Ask").click()
    ask_in_chat(page, "How many new foster families did the Bury campaign find?")
    expect(page.locator("article#source-1")).to_contain_text(
        re.compile("Fostering campaign update"), timeout=ANSWER_WAIT_MS
    )
    page.screenshot(path=str(Path(__file__).parent / "artifacts" / "added-document.png"))
    page.context.close()
