"""Load a source file (PDF, HTML, DOCX, or text saved from a web page) into a clean body and
the metadata the document states about itself."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from rag.errors import CorpusError
from rag.ingest.clean import clean_web_text
from rag.ingest.ofsted import is_inspection_report, read_report, read_visit_letter
from rag.ingest.pdf import clean_pdf_pages, extract_pages
from rag.text.grades import REPORT_KIND

TEXT_SUFFIXES = (".txt", ".md", ".text")
HTML_SUFFIXES = (".html", ".htm")
SUPPORTED = (".pdf", ".docx", *HTML_SUFFIXES, *TEXT_SUFFIXES)
_FILE_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})")
_HTML = re.compile(rb"<!doctype html|<html[\s>]", re.IGNORECASE)
# A saved error page ("Report not found", "404") holds no document, whatever its name says.
_ERROR_PAGE = re.compile(r"\b(not found|404|no longer exists|page unavailable)\b", re.IGNORECASE)


@dataclass(frozen=True)
class LoadedSource:
    """A source's clean body and the front matter values read from the document itself."""

    path: Path
    body: str
    values: dict[str, Any] = field(default_factory=dict)
    date_note: str | None = None


def source_files(paths: Sequence[Path]) -> Iterator[Path]:
    """The files to add: each file given, and the supported files inside each folder."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix.lower() in SUPPORTED)
        else:
            yield path


def load_source(path: Path) -> LoadedSource:
    """Read one source file, or raise CorpusError naming the file and the problem."""
    if not path.is_file():
        raise CorpusError(f"{path}: no such file.")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise CorpusError(
            f"{path}: cannot read {suffix or 'files without an extension'}; "
            f"supported: {', '.join(SUPPORTED)}."
        )
    if path.stat().st_size == 0:
        raise CorpusError(f"{path}: the file is empty.")
    loader = {".pdf": _load_pdf, ".docx": _load_docx}.get(suffix)
    if loader is None:
        loader = _load_html if suffix in HTML_SUFFIXES else _load_text
    try:
        loaded = loader(path)
    except CorpusError:
        raise
    except Exception as exc:  # the parsers raise many types on malformed files
        raise CorpusError(
            f"{path}: cannot be read as a {suffix} file ({type(exc).__name__}: {exc}); "
            "check that it opens in its usual program, or save it again."
        ) from exc
    if not loaded.body.strip():
        raise CorpusError(f"{path}: no text left after cleaning.")
    return _as_visit_letter(loaded)


def _as_visit_letter(loaded: LoadedSource) -> LoadedSource:
    """An Ofsted visit letter with the metadata its opening states (Ofsted's, the council,
    the visit as its event, the letter's date), as an inspection report's front page gives
    its own; any other document as it is. A date the letter does not print is taken from the
    file name, with a note; what the user gives overrides all of these."""
    if "event" in loaded.values:  # an inspection report, read already
        return loaded
    facts = read_visit_letter(loaded.body)
    if facts is None:
        return loaded
    values: dict[str, Any] = {
        "publisher": "Ofsted",
        "source_type": "ofsted",
        "kind": f"{facts.kind} letter",
        "event": f"{facts.visit_start:%B %Y} {facts.kind}",
        "authority": facts.authority,
    }
    if facts.heading:
        values["title"] = facts.heading
    note = loaded.date_note
    if facts.dated or "date" not in loaded.values:
        values["date"], note = _publication_date(loaded.path, facts.dated, "letter")
    merged = loaded.values | {k: v for k, v in values.items() if v}
    return replace(loaded, values=merged, date_note=note)


def first_line(text: str) -> str:
    """The first non-empty line, used as a title when none is given."""
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def _decode(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CorpusError(
            f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8."
        ) from exc


def _load_text(path: Path) -> LoadedSource:
    body = clean_web_text(_decode(path))
    return LoadedSource(path, body, {"title": first_line(body), "source": path.name})


def _load_pdf(path: Path) -> LoadedSource:
    with path.open("rb") as handle:
        head = handle.read(1024)
    if not head.startswith(b"%PDF-"):
        if _HTML.search(head):  # a web page saved under a .pdf name
            return _load_saved_page(path)
        raise CorpusError(f"{path}: not a PDF, whatever its extension says.")
    cleaned = clean_pdf_pages(extract_pages(path))
    values: dict[str, Any] = {
        "title": first_line(cleaned.text),
        "source": path.name,
        "pages": list(cleaned.page_starts),
    }
    if not is_inspection_report(cleaned.text):
        return LoadedSource(path, cleaned.text, values)
    report, note = _report_values(path, cleaned.text)
    return LoadedSource(path, cleaned.text, values | report, note)


def _report_values(path: Path, text: str) -> tuple[dict[str, Any], str | None]:
    """The metadata an Ofsted report states on its front page, and a note on what it does
    not state (the publication date, or the inspection dates its event is named from)."""
    facts = read_report(text)
    date, note = _publication_date(path, facts.published)
    values: dict[str, Any] = {
        "title": facts.title,
        "date": date,
        "publisher": "Ofsted",
        "source_type": "ofsted",
        "kind": REPORT_KIND,
        "authority": facts.authority,
        "inspection_start": facts.inspection_start,
        "inspection_end": facts.inspection_end,
        "lead_inspector": facts.lead_inspector,
        "framework": facts.framework,
        "judgements": dict(facts.judgements),
    }
    if facts.inspection_start:
        values["event"] = f"{facts.inspection_start:%B %Y} inspection"
    elif date:
        values["event"] = f"inspection published {date:%B %Y}"
        undated = (
            "The report states no inspection dates; its event is named from its publication date."
        )
        note = f"{note}\n{undated}" if note else undated
    return {k: v for k, v in values.items() if v}, note


def _publication_date(
    path: Path, stated: dt.date | None, document: str = "report"
) -> tuple[dt.date | None, str | None]:
    """The date the report (or letter) states; else the one its file name carries, with a
    note why."""
    if stated:
        return stated, None
    match = _FILE_DATE.match(path.name)
    if not match:
        return None, None
    note = (
        f"The {document} does not print its publication date; taken from its file name\n"
        f"({path.name}), which records the date Ofsted published it."
    )
    return dt.date.fromisoformat(match.group(1)), note


def _load_html(path: Path) -> LoadedSource:
    import trafilatura

    html = _decode(path)
    text = trafilatura.extract(
        html, output_format="txt", include_comments=False, include_tables=True, favor_precision=True
    )
    if not text:
        raise CorpusError(f"{path}: no article text found in this page.")
    meta = trafilatura.extract_metadata(html)
    values: dict[str, Any] = {"title": first_line(text), "source": path.name}
    if meta is not None:
        values |= {
            k: v
            for k, v in {"title": meta.title, "publisher": meta.sitename, "url": meta.url}.items()
            if v
        }
        if meta.date:
            values["date"] = dt.date.fromisoformat(meta.date[:10])
    return LoadedSource(path, _paragraphs(text.splitlines()), values)


def _load_saved_page(path: Path) -> LoadedSource:
    """A web page saved with a .pdf name, read as HTML. An Ofsted report page gives its
    metadata as a PDF report does; another Ofsted page is Ofsted's, dated by its file name."""
    page = _load_html(path)
    heading = f"{page.values.get('title', '')} {first_line(page.body)}"
    if _ERROR_PAGE.search(heading):
        raise CorpusError(
            f"{path}: a web page saved with a .pdf name, and the page is an error page "
            f"({first_line(page.body)!r}), not the document: download it again."
        )
    values = page.values | {"source": path.name}
    if is_inspection_report(page.body):
        report, note = _report_values(path, page.body)
        return LoadedSource(path, page.body, values | report, note)
    if "ofsted" not in f"{values.get('publisher', '')} {values.get('url', '')}".lower():
        return LoadedSource(path, page.body, values)
    date, note = _publication_date(path, None)
    values |= {"publisher": "Ofsted", "source_type": "ofsted"}
    return LoadedSource(path, page.body, values | ({"date": date} if date else {}), note)


def _load_docx(path: Path) -> LoadedSource:
    import docx

    if not zipfile.is_zipfile(path):
        raise CorpusError(f"{path}: not a Word document (.docx), whatever its extension says.")
    document = docx.Document(str(path))
    lines = []
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        if text:
            is_item = "List" in (paragraph.style.name if paragraph.style else "")
            lines.append(f"• {text}" if is_item else text)
    body = _paragraphs(lines)
    values: dict[str, Any] = {
        "title": document.core_properties.title or first_line(body),
        "source": path.name,
    }
    return LoadedSource(path, body, values)


def _paragraphs(lines: Sequence[str]) -> str:
    """Lines as paragraphs separated by blank lines; consecutive list items stay together."""
    out: list[str] = []
    for line in (line.strip() for line in lines):
        if not line:
            continue
        item = line.startswith(("- ", "• "))
        if out and not (item and out[-1].startswith(("- ", "• "))):
            out.append("")
        out.append(line)
    return "\n".join(out) + "\n" if out else ""
