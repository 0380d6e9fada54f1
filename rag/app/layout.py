"""The app's layout: its components, built tab by tab and kept on one `Components` object
that ui.py then wires to the pipeline."""

from __future__ import annotations

from collections import Counter
from typing import Literal

import gradio as gr

from rag.app.feedback import MAX_COMMENT_CHARS
from rag.app.record_info import PERSONAS, empty_chat, example_messages, load_examples
from rag.app.render import (
    SPEAKERS,
    RecordDocument,
    grade_history,
    overview_rows,
    timeline,
)
from rag.ingest.load import SUPPORTED
from rag.records import SOURCE_TYPES
from rag.text.grades import reports_by_council

# The UI's own events stay out of the API and its schema: the schema is served even before
# login, and their choices (document ids, events) would give the record away.
UI_ONLY: Literal["private"] = "private"


class Components:
    """The app's components, each set as the layout is built and read when it is wired."""

    turns: gr.State
    saved: gr.BrowserState
    past: gr.Dropdown
    tabs: gr.Tabs
    chat: gr.Chatbot
    question: gr.Textbox
    ask: gr.Button
    clear: gr.Button
    comment: gr.Textbox
    up: gr.Button
    down: gr.Button
    status: gr.Markdown
    export: gr.Button
    export_text: gr.Textbox
    copy: gr.Button
    copy_text: gr.Textbox
    speakers: gr.CheckboxGroup
    ofsted_only: gr.Button
    all_speakers: gr.Button
    events: gr.Dropdown
    since: gr.Textbox
    until: gr.Textbox
    how: gr.Markdown
    documents: gr.Dataframe
    timeline: gr.HTML
    upload: gr.File
    upload_fields: dict[str, gr.Textbox | gr.Dropdown]
    add: gr.Button
    add_status: gr.Markdown
    doc_choice: gr.Dropdown
    viewer: gr.HTML


def conversation(ui: Components, documents: list[RecordDocument]) -> None:
    # In the chat's toolbar: the last answer as plain text with its sources, not Markdown.
    ui.copy = gr.Button("Copy answer", size="sm", elem_id="copy-answer", render=False)
    ui.copy_text = gr.Textbox(visible=False)
    ui.chat = gr.Chatbot(
        label="Conversation",
        height="52vh",
        min_height=280,
        elem_id="chat",
        placeholder=empty_chat(documents),
        examples=example_messages(),
        buttons=[ui.copy],
    )
    ui.question = gr.Textbox(
        label="Your question", placeholder="e.g. Were children seen alone?", elem_id="question"
    )
    with gr.Row():
        ui.ask = gr.Button("Ask", variant="primary", elem_id="ask-button")
        ui.clear = gr.Button("New conversation", elem_id="new-conversation")
    ui.past = gr.Dropdown(
        choices=[],
        value=None,
        label="Past conversations (kept in this browser)",
        elem_id="past-conversations",
    )
    with gr.Accordion("More example questions", open=False):
        for persona, questions in load_examples().items():
            gr.Examples([[q] for q in questions], [ui.question], label=PERSONAS.get(persona))
    with gr.Group():
        ui.comment = gr.Textbox(
            label="Comment on the last answer (optional)",
            info=f"Up to {MAX_COMMENT_CHARS:,} characters.",
            lines=2,
            elem_id="feedback-comment",
        )
        with gr.Row():
            ui.up = gr.Button("Helpful", elem_id="feedback-up")
            ui.down = gr.Button("Not helpful", elem_id="feedback-down")
        ui.status = gr.Markdown(elem_id="feedback-status")
    ui.export = gr.Button("Export conversation (Markdown)", interactive=False, elem_id="export")
    ui.export_text = gr.Textbox(visible=False)


def filters(ui: Components, events: list[str]) -> None:
    with gr.Accordion("Filters", open=True):
        ui.speakers = gr.CheckboxGroup(
            choices=[(SPEAKERS[s], s) for s in SOURCE_TYPES],
            value=list(SOURCE_TYPES),
            label="Speakers",
            elem_id="speakers",
        )
        with gr.Row():
            ui.ofsted_only = gr.Button("Ofsted only", size="sm", elem_id="ofsted-only")
            ui.all_speakers = gr.Button("All speakers", size="sm")
        ui.events = gr.Dropdown(
            choices=events, value=[], multiselect=True, label="Inspection or visit (any if empty)"
        )
        with gr.Row():
            ui.since = gr.Textbox(label="From date (YYYY-MM-DD)", max_lines=1)
            ui.until = gr.Textbox(label="To date (YYYY-MM-DD)", max_lines=1)


def overview(ui: Components, documents: list[RecordDocument]) -> None:
    gr.Markdown("### Documents in the record")
    ui.documents = gr.Dataframe(
        value=overview_rows(documents),
        headers=["Title", "Date", "Speaker", "Inspection or visit", "Passages"],
        interactive=False,
        wrap=True,
        label="Documents",
        column_widths=["42%", "12%", "10%", "26%", "10%"],
        elem_id="record-documents",
    )
    _upload_form(ui)
    gr.Markdown("### Inspections and visits covered")
    ui.timeline = gr.HTML(timeline(documents), elem_id="timeline")
    _grades(documents)


def _upload_form(ui: Components) -> None:
    """Add a document: a file and the metadata `rag add` takes (empty: from the document)."""
    with gr.Accordion("Add a document to the record", open=False, elem_id="add-document"):
        gr.Markdown(
            "A PDF, Word (.docx), web page (.html) or text file. Ofsted reports say their own "
            "title, date, council and inspection; for other documents give what they do not "
            "say. The file is indexed at once and kept in the app's data folder."
        )
        ui.upload = gr.File(
            label="Document", file_types=list(SUPPORTED), type="filepath", elem_id="upload-file"
        )
        with gr.Row():
            ui.upload_fields = {
                "title": gr.Textbox(label="Title", max_lines=1),
                "date": gr.Textbox(label="Publication date (YYYY-MM-DD)", max_lines=1),
                "publisher": gr.Textbox(label="Publisher", max_lines=1),
            }
        with gr.Row():
            ui.upload_fields |= {
                "source_type": gr.Dropdown(
                    choices=[("From the document", ""), *((SPEAKERS[s], s) for s in SOURCE_TYPES)],
                    value="",
                    label="Speaker",
                ),
                "event": gr.Textbox(
                    label="Inspection or visit", placeholder="e.g. March 2020 monitoring visit"
                ),
                "kind": gr.Textbox(label="Kind", placeholder="e.g. news report", max_lines=1),
            }
        with gr.Row():
            ui.upload_fields |= {
                "authority": gr.Textbox(label="Council it concerns", max_lines=1),
                "url": gr.Textbox(label="Web address", max_lines=1),
            }
        ui.add = gr.Button("Add to the record", variant="primary", elem_id="add-button")
        ui.add_status = gr.Markdown(elem_id="add-status")


def _grades(documents: list[RecordDocument]) -> None:
    gr.Markdown("### Ofsted grades by council")
    by_council = reports_by_council(d.meta for d in documents)
    if not by_council:
        gr.HTML(
            "<p>No Ofsted inspection reports with judgements in the record yet. Add report "
            "PDFs with <code>python -m rag add</code> (for Newham's: "
            "<code>make newham-reports</code>).</p>",
            elem_id="grade-history",
        )
        return
    # The record's own council first: the one most of its documents concern.
    mentions = Counter(d.meta.authority for d in documents)
    first = min(by_council, key=lambda council: (-mentions[council], council))
    council = gr.Dropdown(
        choices=list(by_council), value=first, label="Council", elem_id="grade-council"
    )
    history = gr.HTML(grade_history(first, by_council[first]), elem_id="grade-history")
    council.change(
        lambda name: grade_history(name or "", by_council.get(name or "", [])),
        council,
        history,
        api_visibility=UI_ONLY,
    )
