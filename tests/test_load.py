"""Loading sources of every supported kind, and bad files, each named in a clear error."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from tests_support import newham_report

from rag.errors import CorpusError
from rag.load import load_source, source_files

ARTICLE = """<html><head><title>Council praised | Local News</title>
<meta property="og:site_name" content="Local News">
<meta name="date" content="2021-05-04"></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/jobs">Jobs</a></li></ul></nav>
<article><h1>Council praised by inspectors</h1>
<p>Inspectors found that children in the borough were seen regularly and alone by social
workers who knew them well, according to a letter published this week.</p>
<p>The council said it would build on the findings and publish a new plan for care leavers
before the end of the year, with more support for young people leaving care.</p>
</article><footer>Copyright Local News. Sign up for our newsletter.</footer></body></html>"""


@pytest.mark.slow
def test_an_ofsted_report_pdf_states_its_own_metadata() -> None:
    loaded = load_source(newham_report("2022"))
    values = loaded.values
    assert values["authority"] == "Newham" and values["publisher"] == "Ofsted"
    assert values["source_type"] == "ofsted" and values["event"] == "July 2022 inspection"
    assert values["date"] == dt.date(2022, 9, 21)  # from the file name, with a note why
    assert loaded.date_note and "file name" in loaded.date_note
    assert values["judgements"]["Overall effectiveness"] == "Good"
    assert len(values["pages"]) == 11 and values["pages"][0] == 0


def test_html_article_without_its_page_furniture(tmp_path: Path) -> None:
    page = tmp_path / "story.html"
    page.write_text(ARTICLE, encoding="utf-8")
    loaded = load_source(page)
    assert "seen regularly and alone by social workers" in loaded.body
    assert "Sign up for our newsletter" not in loaded.body and "Jobs" not in loaded.body
    assert loaded.values["publisher"] == "Local News"
    assert loaded.values["date"] == dt.date(2021, 5, 4)


def test_docx_paragraphs_and_list_items(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.core_properties.title = "Improvement plan"
    document.add_paragraph("The council will act on the inspection findings quickly.")
    document.add_paragraph("Recruit permanent social workers", style="List Bullet")
    document.add_paragraph("Improve supervision records", style="List Bullet")
    path = tmp_path / "plan.docx"
    document.save(str(path))
    loaded = load_source(path)
    assert loaded.values["title"] == "Improvement plan"
    assert loaded.body == (
        "The council will act on the inspection findings quickly.\n\n"
        "• Recruit permanent social workers\n• Improve supervision records\n"
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.pdf", b"", "the file is empty"),
        ("notes.pdf", b"<!DOCTYPE html><html>not a pdf</html>", "not a PDF"),
        ("corrupt.pdf", b"%PDF-1.7\n%%garbage", "cannot read this PDF"),
        ("latin.txt", "café société".encode("latin-1"), "not UTF-8"),
        ("letter.docx", b"plain text, not a zip", "not a Word document"),
        ("sheet.xlsx", b"whatever", "cannot read .xlsx"),
    ],
)
def test_bad_files_are_named_errors(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CorpusError, match=message) as info:
        load_source(path)
    assert name in str(info.value)


@pytest.mark.slow
def test_encrypted_pdf_is_a_named_error(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(newham_report("2019")).pages[:2]:
        writer.add_page(page)
    writer.encrypt("secret")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    with pytest.raises(CorpusError, match=r"locked\.pdf: cannot read this PDF \(encrypted"):
        load_source(path)


def test_folders_are_searched_for_supported_files(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    for name in ("a/one.pdf", "a/two.txt", "a/skip.png", "three.html"):
        (tmp_path / name).write_text("x")
    found = [p.relative_to(tmp_path).as_posix() for p in source_files([tmp_path])]
    assert found == ["a/one.pdf", "a/two.txt", "three.html"]
