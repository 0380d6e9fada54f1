"""Ofsted visit letters added as PDFs (printed here by Chromium from the letter's text): they
state their own metadata, as a report's front page does, and a question about the visit is
answered from them with no options given to `rag add`."""

from __future__ import annotations

import datetime as dt
import html
import shutil
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser

from rag.ingest.add import add_sources
from rag.ingest.load import load_source

ROOT = Path(__file__).resolve().parent.parent
NEWHAM_LETTER = ROOT / "corpus" / "2020-03-27-ofsted-monitoring-visit-to-newham-local-authority.md"
# A focused visit letter of another council, in Ofsted's set wording and layout (address
# block, date, heading, the opening that names the visit and its inspectors, findings).
SOLIHULL_LETTER = (
    "Ofsted\nAgora\n6 Cumberland Place\nNottingham NG1 6HJ\n\n14 December 2020\n\n"
    "Director of Children's Services\nSolihull Metropolitan Borough Council\n\n"
    "Dear Director\n\nFocused visit to Solihull children's services\n\n"
    "This letter summarises the findings of the focused visit to Solihull children's services "
    "on 3 and 4 November 2020. Her Majesty's Inspectors for this visit were Ann Kirk and Ben "
    "Lowe.\n\n"
    "Inspectors looked at the local authority's arrangements for children in care, including "
    "the quality of planning for permanence.\n\nHeadline findings\n\n"
    "Social workers visit children in care regularly and know them well. Managers have "
    "strengthened the oversight of permanence planning, although some children still wait too "
    "long for a decision about where they will live.\n\n"
    "Yours sincerely\n\nAnn Kirk\nHer Majesty's Inspector\n"
)


def _letter_text(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("---\n", 2)[2]


def _print_pdf(browser: Browser, text: str, path: Path) -> Path:
    """The letter as a PDF, one paragraph per block, printed by Chromium."""
    blocks = "".join(
        f"<p>{html.escape(b).replace(chr(10), '<br>')}</p>" for b in text.split("\n\n")
    )
    page = browser.new_page()
    page.set_content(f"<html><body style='font: 11pt Arial'>{blocks}</body></html>")
    page.pdf(path=str(path), format="A4")
    page.close()
    return path


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "newham.pdf",
            _letter_text(NEWHAM_LETTER),
            {
                "event": "March 2020 monitoring visit",
                "kind": "monitoring visit letter",
                "authority": "Newham",
                "date": dt.date(2020, 3, 27),
                "title": "Monitoring visit to Newham local authority children's services",
            },
        ),
        (
            "solihull.pdf",
            SOLIHULL_LETTER,
            {
                "event": "November 2020 focused visit",
                "kind": "focused visit letter",
                "authority": "Solihull",
                "date": dt.date(2020, 12, 14),
                "title": "Focused visit to Solihull children's services",
            },
        ),
    ],
)
def test_a_visit_letter_pdf_states_its_own_metadata(
    browser: Browser, tmp_path: Path, name: str, text: str, expected: dict[str, Any]
) -> None:
    loaded = load_source(_print_pdf(browser, text, tmp_path / name))
    assert (loaded.values["publisher"], loaded.values["source_type"]) == ("Ofsted", "ofsted")
    assert {key: loaded.values.get(key) for key in expected} == expected
    assert loaded.date_note is None  # the letter prints its date


def test_an_undated_letter_takes_its_file_names_date_with_a_note(
    browser: Browser, tmp_path: Path
) -> None:
    undated = SOLIHULL_LETTER.replace("14 December 2020\n\n", "")
    path = _print_pdf(browser, undated, tmp_path / "2020-12-15-ofsted-focused-visit.pdf")
    loaded = load_source(path)
    assert loaded.values["date"] == dt.date(2020, 12, 15)
    assert loaded.date_note and "file name" in loaded.date_note


def test_the_user_s_options_win_over_what_the_letter_says(browser: Browser, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    path = _print_pdf(browser, SOLIHULL_LETTER, tmp_path / "solihull.pdf")
    report = add_sources([path], corpus, {"event": "Autumn 2020 focused visit"})
    assert report.problems == []
    written = next(corpus.glob("*.md")).read_text(encoding="utf-8")
    assert "event: Autumn 2020 focused visit" in written
    assert "kind: focused visit letter" in written and "authority: Solihull" in written


def test_a_question_about_an_added_letter_s_visit_is_answered_from_it(
    browser: Browser, tmp_path: Path, embeddings: Any
) -> None:
    from rag.pipeline import build_pipeline, run_ingest
    from rag.search.store import open_store
    from rag.settings import Settings

    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    letter = _print_pdf(browser, SOLIHULL_LETTER, tmp_path / "solihull.pdf")
    assert add_sources([letter], corpus, {}).problems == []
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=corpus)
    run_ingest(settings, open_store(settings), lambda: embeddings)
    pipeline = build_pipeline(settings, log=lambda _: None, embeddings=embeddings)
    answer = pipeline.ask("Which inspectors carried out Solihull's focused visit?")
    assert "Ann Kirk and Ben Lowe" in answer.text
    assert {c.meta.authority for c in answer.citations} == {"Solihull"}
    answer = pipeline.ask("What did the November 2020 visit find about permanence in Solihull?")
    assert any("still wait too long" in c.quote for c in answer.citations), answer.text


def test_a_saved_letter_page_that_prints_its_date_keeps_no_file_name_note(
    tmp_path: Path,
) -> None:
    # an Ofsted page saved with a .pdf name is first dated by its file name, with a note;
    # the letter's own date then replaces both
    paragraphs = "".join(f"<p>{html.escape(b)}</p>" for b in SOLIHULL_LETTER.split("\n\n"))
    page = (
        "<!DOCTYPE html><html><head><title>Focused visit to Solihull children's services"
        '</title><meta property="og:site_name" content="Ofsted"></head><body><article>'
        f"{paragraphs}</article></body></html>"
    )
    path = tmp_path / "2020-12-20-ofsted-focused-visit.pdf"
    path.write_text(page, encoding="utf-8")
    loaded = load_source(path)
    assert loaded.values["date"] == dt.date(2020, 12, 14)
    assert loaded.values["event"] == "November 2020 focused visit"
    assert loaded.date_note is None
