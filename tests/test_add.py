"""Adding and removing documents: mixed folders, bad files, re-adding, the command line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from tests_support import newham_report

from rag.errors import CorpusError
from rag.ingest.add import add_sources, remove_document
from rag.ingest.corpus import load_corpus

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "fixtures" / "seeds" / "003_61972650bfbaec01.txt"
PRESS = {
    "date": None,
    "publisher": "Community Care",
    "source_type": "press",
    "event": "March 2020 monitoring visit",
}


def test_a_folder_goes_in_despite_a_bad_file(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(newham_report("2019"), inbox / newham_report("2019").name)
    (inbox / "broken.pdf").write_bytes(b"%PDF-1.4 nonsense")
    (inbox / "empty.txt").write_bytes(b"")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    report = add_sources([inbox], corpus, {})
    assert [p.name for p in report.written] == ["2019-03-25-ofsted-newham-inspection-report.md"]
    assert len(report.problems) == 2
    assert any("broken.pdf" in p for p in report.problems)
    assert any("empty.txt" in p for p in report.problems)
    (document,), problems = load_corpus(corpus)
    assert not problems and document.meta.overall == "Inadequate"
    assert document.meta.page_at(document.text.index("44. Political and corporate")) == 12


def test_adding_again_replaces_and_missing_metadata_is_asked_for(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    refused = add_sources([SEED], corpus, {})  # a web page does not say its publisher
    assert refused.written == []
    (problem,) = refused.problems
    assert "003_61972650bfbaec01.txt: the document does not say its" in problem
    for option in ("--date", "--publisher", "--source-type", "--event"):
        assert option in problem
    first = add_sources([SEED], corpus, PRESS | {"date": "2020-03-31"}).written
    again = add_sources([SEED], corpus, PRESS | {"date": "2020-03-31", "title": "New title"})
    assert again.written == first
    assert load_corpus(corpus)[0][0].meta.title == "New title"
    assert len(list(corpus.glob("*.md"))) == 1


def test_remove_names_unknown_ids(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    with pytest.raises(CorpusError, match="No document 'nope'"):
        remove_document("nope", corpus)
    gone = remove_document("2020-03-27-ofsted-monitoring-visit-to-newham-local-authority", corpus)
    assert not gone.exists()


@pytest.mark.slow
def test_cli_add_list_grades_remove(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    (corpus / "2022-09-21-ofsted-newham-inspection-report.md").unlink()  # added again below
    env = {**os.environ, "RAG_DATA_DIR": str(tmp_path / "data"), "RAG_CORPUS_DIR": str(corpus)}

    def rag(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "rag", *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            timeout=900,
        )

    bad = tmp_path / "notes.pdf"
    bad.write_text("notes typed into a file named .pdf")
    added = rag("add", str(newham_report("2022")), str(bad))
    assert added.returncode == 1  # one file failed; the other went in and was indexed
    assert "notes.pdf: not a PDF" in added.stderr
    assert "2022-09-21-ofsted-newham-inspection-report.md" in added.stdout
    assert "8 added" in added.stdout
    listed = rag("list")
    assert "2022-09-21-ofsted-newham-inspection-report" in listed.stdout
    assert "July 2022 inspection" in listed.stdout
    grades = rag("grades", "Newham")
    assert "July 2022 inspection, ILACS: Good overall" in grades.stdout
    removed = rag("remove", "2022-09-21-ofsted-newham-inspection-report")
    assert removed.returncode == 0 and "1 removed" in removed.stdout
    assert "2022-09-21-ofsted" not in rag("list").stdout


def test_reports_of_different_councils_with_the_same_file_name_are_kept_apart(
    tmp_path: Path, national_reports: Path
) -> None:
    name = "2014-03-21-ofsted-childrens-services-inspection.pdf"
    sources = [national_reports / council / name for council in ("bolton", "coventry")]
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    first = add_sources(sources, corpus, {})
    assert len(first.written) == 2 and not first.problems
    again = add_sources(sources[1:], corpus, {})  # the same file again replaces its document
    assert again.written == first.written[1:]
    documents, _ = load_corpus(corpus)
    assert sorted(d.meta.authority or "" for d in documents) == ["Bolton", "Coventry"]


def test_a_source_is_the_same_document_by_its_path_or_its_bytes(tmp_path: Path) -> None:
    corpus = tmp_path / "project" / "corpus"
    corpus.mkdir(parents=True)
    notes = tmp_path / "project" / "a" / "notes.txt"
    other = tmp_path / "project" / "b" / "notes.txt"
    for path, text in ((notes, "January notes on fostering.\n"), (other, "June notes.\n")):
        path.parent.mkdir()
        path.write_text(text, encoding="utf-8")
    given = {"publisher": "Council", "source_type": "council", "event": "Notes"}
    first = add_sources([notes], corpus, given | {"date": "2021-01-15", "title": "January"})
    second = add_sources([other], corpus, given | {"date": "2021-06-15", "title": "June"})
    assert first.written != second.written and not second.replaced  # same name, other file
    notes.write_text("January notes on fostering, corrected.\n", encoding="utf-8")
    again = add_sources([notes], corpus, given | {"date": "2021-01-15", "title": "January"})
    assert again.replaced == first.written  # the same file, edited, replaces itself
    copy = tmp_path / "elsewhere.txt"
    copy.write_bytes(other.read_bytes())
    moved = add_sources([copy], corpus, given | {"date": "2021-06-15", "title": "June"})
    assert moved.replaced == second.written  # the same bytes from elsewhere
    documents = {d.doc_id: d for d in load_corpus(corpus)[0]}
    assert len(documents) == 2
    (january,) = (d for d in documents.values() if "january" in d.doc_id)
    assert january.meta.source_path == "../a/notes.txt"  # relative inside the checkout
    assert "corrected" in january.text
