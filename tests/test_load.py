"""Loading sources of every supported kind, and bad files, each named in a clear error."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from tests_support import newham_report

from rag.errors import CorpusError
from rag.ingest.load import load_source, source_files

ARTICLE = """<html><head><title>Council praised | Local News</title>
<meta property="og:site_name" content="Local News">
<meta name="date" content="2021-05-04"></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/jobs">Jobs</a></li></ul></nav>
<article><h1>Council praised by inspectors</h1>
<p>Inspectors found that children in the borough were seen regularly and alone by social
workers who knew them well, according to a letter published this week.</p>
<p>The council said it would build on the findings and publish a new plan for care leavers
before the end of the year, with more help for young people leaving care.</p>
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
        ("notes.pdf", b"plain text saved under a .pdf name", "not a PDF"),
        (
            "2012-08-10-report.pdf",
            b"<!DOCTYPE html><html><head><title>Report not found - Ofsted</title></head>"
            b"<body><h1>Report not found</h1><p>Sorry, the document you requested no longer "
            b"exists.</p></body></html>",
            "an error page",
        ),
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


REPORT_PAGE = """<!DOCTYPE html><html><head><title>{title}</title>
<meta property="og:site_name" content="Ofsted"></head><body><article>
<h1>{title}</h1>
<p>Inspection date: {dates}</p>
<p>Lead inspector: Jane Marsh, Her Majesty's Inspector</p>
<p>Children's services in Redbridge are good. Children who need help and protection Good.</p>
<p>Social workers know the children they work with well and visit them often, and children
are seen alone when that is right for them, according to the inspectors who met them.</p>
</article></body></html>"""
SIF_TITLE = (
    "Redbridge: Inspection of services for children in need of help and protection, "
    "children looked after and care leavers"
)


def _saved_page(tmp_path: Path, html: str) -> Path:
    path = tmp_path / "2016-11-25-ofsted-childrens-services-inspection.pdf"
    path.write_text(html, encoding="utf-8")
    return path


def test_a_report_page_saved_as_pdf_is_read_as_html(tmp_path: Path) -> None:
    page = REPORT_PAGE.format(title=SIF_TITLE, dates="12/09/2016 to 06/10/2016")
    loaded = load_source(_saved_page(tmp_path, page))
    values = loaded.values
    assert "children are seen alone" in loaded.body
    assert (values["publisher"], values["source_type"]) == ("Ofsted", "ofsted")
    assert values["authority"] == "Redbridge" and values["event"] == "September 2016 inspection"
    assert values["inspection_end"] == dt.date(2016, 10, 6)
    assert values["lead_inspector"] == "Jane Marsh"
    assert values["date"] == dt.date(2016, 11, 25)  # from the file name, with a note why
    assert loaded.date_note and "file name" in loaded.date_note


def test_a_report_without_inspection_dates_is_named_from_its_publication(
    tmp_path: Path,
) -> None:
    loaded = load_source(_saved_page(tmp_path, REPORT_PAGE.format(title=SIF_TITLE, dates="")))
    assert loaded.values["event"] == "inspection published November 2016"
    assert "inspection_start" not in loaded.values
    assert loaded.date_note and "states no inspection dates" in loaded.date_note


def test_another_ofsted_page_saved_as_pdf_is_ofsteds_dated_by_its_name(tmp_path: Path) -> None:
    page = REPORT_PAGE.format(title="Children's services in Redbridge", dates="")
    loaded = load_source(_saved_page(tmp_path, page.replace("Inspection date:", "Visited:")))
    assert loaded.values["publisher"] == "Ofsted" and loaded.values["source_type"] == "ofsted"
    assert loaded.values["date"] == dt.date(2016, 11, 25)
    assert "event" not in loaded.values  # `rag add` asks for --event


@pytest.mark.parametrize(
    ("folder", "event", "published"),
    [
        ("redbridge/2016-11-25", "September 2016 inspection", dt.date(2016, 11, 25)),
        ("stoke-on-trent/2015-08-12", "June 2015 inspection", dt.date(2015, 8, 10)),
        ("sheffield/2014-02-21", "November 2013 inspection", dt.date(2014, 2, 21)),
    ],
)
@pytest.mark.slow
def test_reports_with_numeric_or_split_dates_load(
    folder: str, event: str, published: dt.date, national_reports: Path
) -> None:
    loaded = load_source(national_reports / f"{folder}-ofsted-childrens-services-inspection.pdf")
    assert loaded.values["event"] == event and loaded.values["date"] == published


def test_a_saved_error_page_among_the_reports_is_a_named_error(national_reports: Path) -> None:
    path = national_reports / "rotherham/2012-08-10-ofsted-childrens-services-inspection.pdf"
    with pytest.raises(CorpusError, match=r"error page \('Report not found'\)"):
        load_source(path)


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


def test_loading_does_not_import_the_answering_stage() -> None:
    import subprocess
    import sys

    code = (
        "import sys, rag.ingest.load; print(sorted(m for m in sys.modules if m.startswith('rag.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "'rag.ingest.ofsted'" in out.stdout
    for module in (
        "rag.query.question",
        "rag.query.scope",
        "rag.answer.compose",
        "rag.search.retrieve",
    ):
        assert f"'{module}'" not in out.stdout
