"""What the web app shows, as pure functions from records to Markdown and HTML.

Everything taken from a document or a question is escaped here, so no HTML or script in the
record can run in the page, and no Markdown in it can turn into a link.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from rag.records import OVERALL, Answer, Citation, DocumentMeta

SPEAKERS = {"ofsted": "Ofsted", "council": "Council", "press": "Press"}
_MARKER = re.compile(r"\\\[(\d+)\\\]")  # "[n]" once escaped: "\[n\]"
_BOLD_LEAD = re.compile(r"\*\*(.+?)\*\*: ")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>])")
# What GFM turns into a link without any Markdown: "scheme://", "www." and "@" (e-mail).
_AUTOLINK = re.compile(r"://|(?<![\w.])(www)\.|@", re.IGNORECASE)
_GRADE_CLASSES = (
    ("inadequate", "inadequate"),
    ("requires improvement", "ri"),
    ("good", "good"),
    ("outstanding", "outstanding"),
)


@dataclass(frozen=True)
class RecordDocument:
    """A document as the record overview lists it."""

    doc_id: str
    meta: DocumentMeta
    passages: int


def escape_markdown(text: str) -> str:
    """Text that Markdown shows literally: HTML escaped, Markdown punctuation backslashed,
    and what would become a link by itself (a URL, www., an e-mail address) broken with an
    entity the browser shows as the same character."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))
    return _AUTOLINK.sub(_no_autolink, escaped)


def _no_autolink(match: re.Match[str]) -> str:
    if match.group(1):
        return f"{match.group(1)}&#46;"
    return "&#58;//" if match.group(0) == "://" else "&#64;"


PREVIEW_CHARS = 220  # of a quote, in its marker's tooltip


def answer_markdown(answer: Answer) -> str:
    """The answer for the chat: escaped, with each [n] a link to its source card whose
    tooltip previews the quote and names its source. The answer's own structure (list
    bullets, bold visit names) is kept."""
    previews = {str(c.n): _preview(c) for c in answer.citations}

    def marker(match: re.Match[str]) -> str:
        n = match.group(1)
        title = f' "{previews[n]}"' if n in previews else ""
        return f"[\\[{n}\\]](#source-{n}{title})"

    out = []
    for line in answer.text.splitlines():
        prefix = ""
        if line.startswith("- "):
            prefix, line = "- ", line[2:]
        bold = _BOLD_LEAD.match(line)
        if bold:
            prefix += f"**{escape_markdown(bold.group(1))}**: "
            line = line[bold.end() :]
        out.append(prefix + _MARKER.sub(marker, escape_markdown(line)))
    return "\n".join(out)


def _preview(citation: Citation) -> str:
    """A marker's tooltip: the start of the quote and its source, as a Markdown link title
    (escaped; its double quotes made typographic)."""
    quote = " ".join(citation.quote.split())
    if len(quote) > PREVIEW_CHARS:
        quote = quote[: PREVIEW_CHARS - 1].rstrip() + "…"
    meta = citation.meta
    text = f"“{quote}” ({meta.title}, {meta.display_date})".replace('"', "”")
    return escape_markdown(text)


def speaker_badge(source_type: str) -> str:
    """A labelled badge for who is speaking."""
    label = SPEAKERS.get(source_type, source_type)
    return f'<span class="badge badge-{html.escape(source_type)}">{html.escape(label)}</span>'


def source_card(citation: Citation, closest: bool = False) -> str:
    """One cited passage as an HTML card: speaker, title, publisher, date, event, paragraph,
    and the quote."""
    meta = citation.meta
    where = f" · paragraph {citation.paragraph}" if citation.paragraph is not None else ""
    if citation.page is not None:
        where += f" · page {citation.page}"
    note = '<p class="not-answer">Closest passage found; it does not answer the question.</p>'
    return (
        f'<article class="source-card" id="source-{citation.n}" aria-label="Source {citation.n}">'
        f'<h4><span class="source-n">[{citation.n}]</span> {speaker_badge(meta.source_type)} '
        f"{html.escape(meta.title)}</h4>"
        f'<p class="source-meta">{html.escape(meta.publisher)} · {html.escape(meta.display_date)}'
        f" · {html.escape(meta.event)}{where}</p>"
        f"{note if closest else ''}"
        f"<blockquote>{_with_breaks(citation.quote)}</blockquote>"
        "</article>"
    )


def document_view(meta: DocumentMeta, text: str, start: int | None, end: int | None) -> str:
    """A whole document as HTML, the cited passage (if any) highlighted in a <mark>."""
    header = (
        f'<header class="doc-header"><h3>{html.escape(meta.title)}</h3>'
        f"<p>{speaker_badge(meta.source_type)} {html.escape(meta.publisher)} · "
        f"{html.escape(meta.display_date)} · {html.escape(meta.event)}</p></header>"
    )
    if start is None or end is None:
        body = html.escape(text)
    else:
        body = (
            f"{html.escape(text[:start])}"
            f'<mark id="cited-passage" tabindex="-1">{html.escape(text[start:end])}</mark>'
            f"{html.escape(text[end:])}"
        )
    return f'{header}<div class="doc-text">{body}</div>'


def how_answered(answer: Answer, titles: Mapping[str, str] | None = None) -> str:
    """Markdown explaining the answer: the question answered, filters, timings, and every
    passage retrieved, named by its document's title (`titles`, by document id), as a list
    that fits a narrow column."""
    named = titles or {}
    filters = escape_markdown(answer.filters.describe()) or "none"
    timings = answer.timings
    lines = []
    if answer.standalone_question and answer.standalone_question != answer.question:
        lines.append(f"**Question answered:** {escape_markdown(answer.standalone_question)}")
    lines += [
        f"**Filters in force:** {filters}",
        f"**Timings:** retrieval {timings.retrieve:.0f} ms, answer {timings.answer:.0f} ms, "
        f"total {timings.total:.0f} ms",
    ]
    lines += [f"**Note:** {escape_markdown(n)}" for n in answer.notices]
    if answer.retrieved:
        lines += [
            "",
            "**Passages retrieved**, best first (fused score; each retriever's rank):",
            "",
        ]
        for rank, hit in enumerate(answer.retrieved, start=1):
            title = escape_markdown(named.get(hit.chunk.doc_id, hit.chunk.doc_id))
            where = f", paragraph {hit.chunk.paragraph}" if hit.chunk.paragraph else ""
            dense = "-" if hit.dense_rank is None else str(hit.dense_rank)
            similarity = (
                "" if hit.dense_similarity is None else f", similarity {hit.dense_similarity:.3f}"
            )
            keyword = "-" if hit.keyword_rank is None else str(hit.keyword_rank)
            lines.append(
                f"{rank}. *{title}*{where}: score {hit.score:.4f}; meaning rank {dense}"
                f"{similarity}; word rank {keyword}"
            )
    return "\n".join(lines)


def export_markdown(turns: Sequence[Answer], exported: dt.datetime) -> str:
    """The conversation as Markdown with full citations, for a committee briefing."""
    parts = [
        "# Inspection record: questions and answers",
        f"Exported {exported:%d %B %Y, %H:%M}. Quotations are verbatim from the documents cited.",
    ]
    for number, answer in enumerate(turns, start=1):
        parts.append(f"## {number}. {answer.question}")
        parts.append(answer.text)
        sources = answer.citations or answer.closest
        if sources:
            heading = "Sources" if answer.citations else "Closest passages (not an answer)"
            parts.append(f"### {heading}")
            parts.append("\n".join(_export_citation(c) for c in sources))
    return "\n\n".join(parts) + "\n"


def plain_text(answer: Answer) -> str:
    """An answer as plain text, for the clipboard: the question, the answer with its [n]
    markers, then each numbered source in full (title, publisher, date, visit, paragraph,
    page, address, quote)."""
    parts = [f"Question: {answer.question}", answer.text.replace("**", "")]
    sources = answer.citations or answer.closest
    if sources:
        heading = "Sources:" if answer.citations else "Closest passages (they do not answer it):"
        lines = [_export_citation(c, markdown=False) for c in sources]
        parts.append("\n".join([heading, *lines]))
    return "\n\n".join(parts)


def _export_citation(citation: Citation, markdown: bool = True) -> str:
    """One source of the export: title, who published it (and what kind of source that is,
    when the name does not say), date, visit, paragraph and page, address, the quote."""
    meta = citation.meta
    where = f", paragraph {citation.paragraph}" if citation.paragraph is not None else ""
    if citation.page is not None:
        where += f", page {citation.page}"
    label = SPEAKERS[meta.source_type]
    who = (
        meta.publisher if label.lower() in meta.publisher.lower() else f"{meta.publisher} ({label})"
    )
    url = (f" <{meta.url}>" if markdown else f" {meta.url}") if meta.url else ""
    quote = " ".join(citation.quote.split())
    return (
        f"{citation.n}. {meta.title}. {who}, {meta.display_date}; {meta.event}{where}.{url} "
        f"“{quote}”"
    )


def overview_rows(documents: Iterable[RecordDocument]) -> list[list[str | int]]:
    """The record's documents as table rows, oldest first."""
    return [
        [
            d.meta.title,
            d.meta.date.isoformat(),
            SPEAKERS[d.meta.source_type],
            d.meta.event,
            d.passages,
        ]
        for d in sorted(documents, key=lambda d: (d.meta.date, d.doc_id))
    ]


def timeline(documents: Iterable[RecordDocument]) -> str:
    """The inspections and visits the record covers, in order, each with its documents."""
    by_event: dict[str, list[RecordDocument]] = {}
    for doc in documents:
        by_event.setdefault(doc.meta.event, []).append(doc)
    ordered = sorted(by_event.items(), key=lambda item: min(d.meta.date for d in item[1]))
    items = []
    for event, docs in ordered:
        entries = "".join(
            f"<li>{speaker_badge(d.meta.source_type)} {html.escape(d.meta.title)} "
            f"({html.escape(d.meta.publisher)}, {html.escape(d.meta.display_date)})</li>"
            for d in sorted(docs, key=lambda d: d.meta.date)
        )
        items.append(f"<li><strong>{html.escape(event)}</strong><ul>{entries}</ul></li>")
    return f'<ol class="timeline">{"".join(items)}</ol>'


def grade_badge(grade: str) -> str:
    """A grade as a coloured, labelled badge (the colour repeats what the words say)."""
    low = grade.lower()
    kind = next((cls for word, cls in _GRADE_CLASSES if low.startswith(word)), "other")
    return f'<span class="grade grade-{kind}">{html.escape(grade)}</span>'


def grade_history(council: str, reports: Sequence[DocumentMeta]) -> str:
    """A council's inspection reports, oldest first, each with its overall effectiveness and
    its other judgements, as an HTML table."""
    if not reports:
        return (
            f"<p>No Ofsted inspection reports with judgements for {html.escape(council)} in the "
            "record. Add report PDFs with <code>python -m rag add</code>.</p>"
        )
    rows = []
    for meta in reports:
        others = "".join(
            f"<li>{html.escape(label)}: {grade_badge(grade)}</li>"
            for label, grade in meta.judgements
            if label != OVERALL
        )
        rows.append(
            f'<tr><th scope="row">{html.escape(meta.event)}<br>'
            f'<span class="grade-meta">published {html.escape(meta.display_date)}'
            f"{' · ' + html.escape(meta.framework) if meta.framework else ''}</span></th>"
            f"<td>{grade_badge(meta.overall) if meta.overall else 'not stated'}</td>"
            f"<td><ul>{others}</ul></td></tr>"
        )
    return (
        f'<table class="grade-history"><caption>{html.escape(council)}: Ofsted judgements, '
        'oldest first</caption><thead><tr><th scope="col">Inspection</th>'
        '<th scope="col">Overall effectiveness</th><th scope="col">Other judgements</th></tr>'
        f"</thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _with_breaks(text: str) -> str:
    return "<br>".join(html.escape(line) for line in text.splitlines())
