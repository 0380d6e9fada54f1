"""The recommendations tracker shown to people: a plain-text table for the terminal, and a
committee paper in Markdown and in Word (python-docx): one row per recommendation, what
each later document said quoted with its source, and the status read from the record."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from rag.answer.tracker import STATUS_TEXT, Mention, Tracked, TrackedDocument
from rag.records import DocumentMeta

SPEAKER = {"council": "the council", "press": "the press"}


def source_line(mention: Mention, metas: Mapping[str, DocumentMeta]) -> str:
    """Who said it, where and when: "Ofsted, July 2022 inspection (2022-09-21), paragraph 12"."""
    meta = metas[mention.doc_id]
    where = f", paragraph {mention.evidence.paragraph}" if mention.evidence.paragraph else ""
    page = meta.page_at(mention.evidence.start)
    where += f", page {page}" if page else ""
    speaker = (
        "Ofsted"
        if meta.source_type == "ofsted"
        else f"{meta.publisher} ({SPEAKER.get(meta.source_type, meta.source_type)})"
    )
    listed = " (listed again as still to improve or look at)" if mention.relisted else ""
    return f"{speaker}, {meta.event} ({meta.date.isoformat()}){where}{listed}"


def _heading(document: TrackedDocument) -> str:
    meta = document.meta
    return f"{meta.authority or ''}: {meta.event}, {meta.title} ({meta.date.isoformat()})".strip(
        ": "
    )


def item_place(document: TrackedDocument, tracked: Tracked) -> str:
    """Where the item stands in its report: "paragraph 9, page 4" (or what of it is known)."""
    paragraph = tracked.item.evidence.paragraph
    page = document.meta.page_at(tracked.item.evidence.start)
    parts = [f"paragraph {paragraph}" if paragraph else "", f"page {page}" if page else ""]
    return ", ".join(p for p in parts if p)


def terminal_table(documents: Sequence[TrackedDocument], metas: Mapping[str, DocumentMeta]) -> str:
    """The tracker as text: each report's items, numbered, each with its status and what
    later documents said."""
    if not documents:
        return "No Ofsted report or visit letter in the record has a list of what to improve."
    lines: list[str] = []
    for document in documents:
        lines += [_heading(document), ""]
        for n, tracked in enumerate(document.items, start=1):
            where = item_place(document, tracked)
            lines.append(f"  {n}. {tracked.item.text}" + (f" ({where})" if where else ""))
            lines.append(f"     Status: {STATUS_TEXT[tracked.status]}")
            for mention in tracked.mentions:
                lines.append(f"     - {source_line(mention, metas)}:")
                lines.append(f"       “{mention.text}”")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def sources_listed(
    documents: Sequence[TrackedDocument], metas: Mapping[str, DocumentMeta]
) -> list[str]:
    """The paper's sources, oldest first: each report tracked and each later document quoted,
    as "Title. Publisher, date. URL"."""
    used = {d.doc_id: d.meta for d in documents}
    used |= {m.doc_id: metas[m.doc_id] for d in documents for t in d.items for m in t.mentions}
    out = []
    for _, meta in sorted(used.items(), key=lambda kv: (kv[1].date, kv[0])):
        url = f" {meta.url}" if meta.url else ""
        out.append(f"{meta.title}. {meta.publisher}, {meta.date.isoformat()}.{url}")
    return out


def committee_markdown(
    documents: Sequence[TrackedDocument], metas: Mapping[str, DocumentMeta], title: str
) -> str:
    """A committee paper in Markdown: a table per report (recommendation, status, what later
    documents said), then the sources listed."""
    lines = [f"# {title}", ""]
    for document in documents:
        lines += [f"## {_heading(document)}", ""]
        lines += [
            "| # | Recommendation | Status | What later documents said |",
            "|---|---|---|---|",
        ]
        for n, tracked in enumerate(document.items, start=1):
            said = "<br>".join(
                f"{_cell(source_line(m, metas))}: “{_cell(m.text)}”" for m in tracked.mentions
            )
            lines.append(
                f"| {n} | {_cell(tracked.item.text)} | {STATUS_TEXT[tracked.status]} | "
                f"{said or '-'} |"
            )
        lines.append("")
    lines += ["## Sources", ""]
    lines += [f"- {source}" for source in sources_listed(documents, metas)]
    return "\n".join(lines) + "\n"


def committee_docx(
    documents: Sequence[TrackedDocument],
    metas: Mapping[str, DocumentMeta],
    title: str,
    path: Path,
) -> Path:
    """The same committee paper as a Word document, one table row per recommendation."""
    from docx import Document

    paper = Document()
    paper.add_heading(title, level=1)
    for document in documents:
        paper.add_heading(_heading(document), level=2)
        table = paper.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, text in zip(
            table.rows[0].cells,
            ("#", "Recommendation", "Status", "What later documents said"),
            strict=True,
        ):
            cell.text = text
        for n, tracked in enumerate(document.items, start=1):
            row = table.add_row().cells
            row[0].text = str(n)
            row[1].text = tracked.item.text
            row[2].text = STATUS_TEXT[tracked.status]
            row[3].text = (
                "\n".join(f"{source_line(m, metas)}: “{m.text}”" for m in tracked.mentions) or "-"
            )
    paper.add_heading("Sources", level=2)
    for source in sources_listed(documents, metas):
        paper.add_paragraph(source)
    paper.save(str(path))
    return path
