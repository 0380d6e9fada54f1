"""The Record overview's recommendations view: per council, each Ofsted report's items with
their status and what each later document said, every passage one click from the document
viewer (highlighted), and the committee paper to download in Word and Markdown."""

from __future__ import annotations

import html
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import gradio as gr

from rag.answer.tracker import STATUS_TEXT, Tracked, TrackedDocument, track
from rag.app.layout import UI_ONLY
from rag.app.recommendations import (
    committee_docx,
    committee_markdown,
    item_place,
    source_line,
)
from rag.app.render import document_view, speaker_badge
from rag.pipeline import Pipeline
from rag.records import DocumentMeta, Evidence

Opened = tuple[str, Any, Any]


def tracker_councils(pipeline: Pipeline) -> list[str]:
    """The councils with an Ofsted document in the record, the one most documents concern
    first."""
    metas = [d.meta for d in pipeline.index.documents.values()]
    counts: dict[str, int] = {}
    for meta in metas:
        if meta.authority:
            counts[meta.authority] = counts.get(meta.authority, 0) + 1
    ofsted = {m.authority for m in metas if m.source_type == "ofsted" and m.authority}
    return sorted(ofsted, key=lambda council: (-counts[council], council))


def item_card(
    n: int, tracked: Tracked, document: TrackedDocument, metas: Mapping[str, DocumentMeta]
) -> str:
    """One recommendation as HTML: the item, where it is, its status, and each later
    passage quoted with its source (everything escaped)."""
    meta = document.meta
    place = item_place(document, tracked)
    later = "".join(
        f"<li>{speaker_badge(metas[m.doc_id].source_type)} "
        f"{html.escape(source_line(m, metas))}<blockquote>“{html.escape(m.text)}”</blockquote></li>"
        for m in tracked.mentions
    )
    return (
        f'<article class="tracker-item" aria-label="Recommendation {n}">'
        f"<h5>{n}. {html.escape(tracked.item.text)}</h5>"
        f'<p class="source-meta">{html.escape(meta.event)}'
        f"{' · ' + html.escape(place) if place else ''}</p>"
        f'<p class="tracker-status status-{tracked.status.replace(" ", "-")}">'
        f"<strong>{html.escape(STATUS_TEXT[tracked.status])}</strong></p>"
        f"{'<ul>' + later + '</ul>' if later else ''}</article>"
    )


def open_passage(pipeline: Pipeline, evidence: Evidence) -> Opened:
    """The document viewer showing the passage highlighted, and the Document tab."""
    document = pipeline.index.documents[evidence.doc_id]
    text = pipeline.index.text(evidence.doc_id)
    view = document_view(document.meta, text, evidence.start, evidence.end)
    return view, gr.Dropdown(value=evidence.doc_id), gr.Tabs(selected="document")


def committee_paper(pipeline: Pipeline, council: str | None) -> list[str]:
    """The council's committee paper, written in Word and Markdown to a new temporary
    folder (Gradio serves them from its cache)."""
    if not council:
        return []
    documents = track(pipeline.index, pipeline.weights.lexical, council)
    metas = {d: x.meta for d, x in pipeline.index.documents.items()}
    folder = Path(tempfile.mkdtemp(prefix="committee-paper-"))
    name = "".join(c if c.isalnum() else "-" for c in council.lower())
    title = f"Recommendations tracker: {council}"
    markdown = folder / f"recommendations-{name}.md"
    markdown.write_text(committee_markdown(documents, metas, title), encoding="utf-8")
    word = committee_docx(documents, metas, title, folder / f"recommendations-{name}.docx")
    return [str(word), str(markdown)]


def recommendations_section(
    pipeline: Pipeline, opened: tuple[Any, Any, Any], scroll_js: str
) -> None:
    """The view, inside the Record overview; `opened` are the viewer, the document choice
    and the tabs that a passage opens in."""
    gr.Markdown(
        "### Recommendations and what happened next\n\n"
        "What each Ofsted report asked the council to improve (and what each visit looked "
        "at), and what every later document said about it. The status is read from the "
        "record: a later Ofsted finding, only the council's or the press's words, or nothing."
    )
    councils = tracker_councils(pipeline)
    council = gr.Dropdown(
        choices=councils,
        value=councils[0] if councils else None,
        label="Recommendations for",
        elem_id="tracker-council",
    )
    with gr.Row():
        make = gr.Button("Make the committee paper (Word and Markdown)", size="sm")
        files = gr.File(
            label="Committee paper",
            file_count="multiple",
            interactive=False,
            visible="hidden",  # an empty file box breaks ARIA rules (axe: aria-prohibited-attr)
            elem_id="committee-paper",
        )
    make.click(lambda name: committee_paper(pipeline, name), council, files, api_visibility=UI_ONLY)

    @gr.render(inputs=[council])  # type: ignore[untyped-decorator]
    def tracked(name: str | None) -> None:
        documents = track(pipeline.index, pipeline.weights.lexical, name) if name else []
        if not documents:
            gr.Markdown("No Ofsted report or visit letter of this council lists what to improve.")
            return
        metas = {d: x.meta for d, x in pipeline.index.documents.items()}
        for document in documents:
            _document_items(pipeline, document, metas, opened, scroll_js)


def _document_items(
    pipeline: Pipeline,
    document: TrackedDocument,
    metas: Mapping[str, DocumentMeta],
    opened: tuple[Any, Any, Any],
    scroll_js: str,
) -> None:
    meta = document.meta
    label = f"{meta.event} ({meta.display_date}): {len(document.items)} items"
    with gr.Accordion(label, open=False, elem_classes=["tracker-report"]):
        for n, item in enumerate(document.items, start=1):
            gr.HTML(item_card(n, item, document, metas))
            with gr.Row():
                _opener(
                    pipeline, "Open the item in the report", item.item.evidence, opened, scroll_js
                )
                for mention in item.mentions:
                    said = metas[mention.doc_id]
                    _opener(
                        pipeline,
                        f"Open what the {said.event} said",
                        mention.evidence,
                        opened,
                        scroll_js,
                    )


def _opener(
    pipeline: Pipeline,
    text: str,
    evidence: Evidence,
    opened: tuple[Any, Any, Any],
    scroll_js: str,
) -> None:
    button = gr.Button(text, size="sm", elem_classes=["open-source"])
    show: Callable[[], Opened] = lambda: open_passage(pipeline, evidence)  # noqa: E731
    button.click(show, None, list(opened), api_visibility=UI_ONLY).then(None, js=scroll_js)
