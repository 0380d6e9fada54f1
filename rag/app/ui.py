"""The Gradio app: chat with cited sources beside it, a document viewer, filters, examples,
a record overview, export, feedback, and an `/ask` API endpoint. Display is in render.py;
this module lays out components and wires them to the pipeline."""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import gradio as gr
import yaml
from gradio.components.chatbot import ExampleMessage
from starlette.middleware import Middleware

from rag.app import conversations as saved_conversations
from rag.app.api import UNEXPECTED, answer_safely, ask_endpoint, filters_from
from rag.app.conversations import STORAGE_KEY, Saved, SavedConversation, SavedTurn
from rag.app.feedback import MAX_COMMENT_CHARS, FeedbackStore, Rating
from rag.app.login import LOGIN_NOTICE, LoginThrottle, ThrottledLogin
from rag.app.render import (
    SPEAKERS,
    RecordDocument,
    answer_markdown,
    document_view,
    escape_markdown,
    export_markdown,
    grade_history,
    how_answered,
    overview_rows,
    plain_text,
    source_card,
    timeline,
)
from rag.app.suggest import suggested_follow_ups
from rag.app.theme import govuk_theme
from rag.app.tracker_view import recommendations_section
from rag.app.upload import add_upload
from rag.errors import RagError
from rag.ingest.load import SUPPORTED
from rag.pipeline import Pipeline
from rag.records import SOURCE_TYPES, Answer, Citation, Filters
from rag.settings import Settings
from rag.text.grades import reports_by_council

TITLE = "Inspection record assistant"
INTRO = (
    "Ask about the council's Ofsted inspection record. Answers quote the record word for "
    "word and cite each source; when the record does not answer, the assistant says so."
)
# Questions answered at once: the pipeline is safe for it (tests/test_concurrency.py), and
# while one question waits on the store or the event loop another can use the CPU. The queue
# holds QUEUE_SIZE waiting requests before it refuses more ("Queue is full").
ANSWER_CONCURRENCY = 4
QUEUE_SIZE = 512
PERSONAS = {"staff": "Council staff", "manager": "New managers", "scrutiny": "Scrutiny members"}
# The UI's own events stay out of the API and its schema: the schema is served even before
# login, and their choices (document ids, events) would give the record away.
UI_ONLY: Literal["private"] = "private"
# Above a language model's text while it writes: it is shown before it is checked.
WRITING = "*Writing… (not yet checked against the record)*\n\n"
_log = logging.getLogger(__name__)
# Gradio shows an event's progress when its function takes a gr.Progress default.
PROGRESS = gr.Progress()
# Runs in the browser with the conversation as Markdown: saves it as a file. Nothing is
# written on the server, so a data folder that cannot be written never stops the chat.
DOWNLOAD_EXPORT = """(text) => {
  if (!text) return;
  const stamp = new Date().toISOString().slice(0, 19).replace(/[-:]/g, "").replace("T", "-");
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([text], { type: "text/markdown" }));
  link.download = `inspection-record-conversation-${stamp}.md`;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 60000);
}"""
# Runs in the browser with the last answer as plain text: puts it on the clipboard.
COPY_TEXT = """(text) => {
  if (text && navigator.clipboard) navigator.clipboard.writeText(text);
}"""
# Runs in the browser after a source is opened: wait for the highlighted passage to be in
# the page, then bring it into view and give it focus (for keyboard and screen readers).
SCROLL_TO_PASSAGE = """() => {
  let tries = 0;
  const show = () => {
    const mark = document.getElementById("cited-passage");
    if (mark) {
      mark.scrollIntoView({ block: "center" });
      mark.focus({ preventScroll: true });
    } else if (tries++ < 40) {
      setTimeout(show, 50);
    }
  };
  setTimeout(show, 50);
}"""


class _UI:
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


def build_app(pipeline: Pipeline, feedback: FeedbackStore, secret: str | None = None) -> gr.Blocks:
    """The app for one pipeline; feedback goes to `feedback`. Each browser's conversations are
    kept in its own storage, encrypted with `secret` (one for this run if None)."""
    documents = record_documents(pipeline)
    ui = _UI()
    with gr.Blocks(title=TITLE, analytics_enabled=False) as app:
        ui.turns = gr.State([])
        ui.saved = gr.BrowserState(
            saved_conversations.empty(), storage_key=STORAGE_KEY, secret=secret
        )
        gr.HTML(f'<header class="app-header"><h1>{TITLE}</h1></header>', padding=False)
        gr.Markdown(INTRO, elem_id="intro")
        with gr.Tabs() as ui.tabs:
            with gr.Tab("Ask", id="ask"), gr.Row(equal_height=False):
                with gr.Column(scale=3):
                    _conversation(ui, documents)
                with gr.Column(scale=2):
                    _filters(ui, _events_in_order(documents))
                    _sources_panel(ui, pipeline)
                    with gr.Accordion("How this was answered", open=False):
                        ui.how = gr.Markdown("Ask a question to see how it was answered.")
            with gr.Tab("Document", id="document"):
                ui.doc_choice = gr.Dropdown(
                    label="Document",
                    choices=[
                        (f"{d.meta.title} ({d.meta.display_date})", d.doc_id) for d in documents
                    ],
                    value=None,
                )
                ui.viewer = gr.HTML(
                    "<p>Choose a document, or open a source.</p>", elem_id="document-viewer"
                )
            with gr.Tab("Record overview", id="overview"):
                _overview(ui, documents)
                recommendations_section(
                    pipeline, (ui.viewer, ui.doc_choice, ui.tabs), SCROLL_TO_PASSAGE
                )
        _wire(ui, pipeline, feedback)
        app.load(
            lambda value: _reopen(pipeline, saved_conversations.parse(value)),
            ui.saved,
            _reopened(ui),
            api_visibility=UI_ONLY,
        )
        gr.api(  # type: ignore[attr-defined]
            ask_endpoint(pipeline),
            api_name="ask",
            concurrency_limit=ANSWER_CONCURRENCY,
            concurrency_id="answer",
        )
    blocks: gr.Blocks = app
    return blocks


def _conversation(ui: _UI, documents: list[RecordDocument]) -> None:
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


def _filters(ui: _UI, events: list[str]) -> None:
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


def _sources_panel(ui: _UI, pipeline: Pipeline) -> None:
    @gr.render(inputs=[ui.turns])  # type: ignore[untyped-decorator]
    def sources(turns: list[Answer]) -> None:
        if not turns:
            gr.Markdown("### Sources\n\nThe passages an answer quotes appear here.")
            return
        answer = turns[-1]
        cited = answer.citations or answer.closest
        heading = "Sources" if answer.citations else "Closest passages (they do not answer it)"
        gr.Markdown(f"### {heading}" if cited else "### Sources\n\nNothing in the record.")
        for citation in cited:
            with gr.Group(elem_classes=["source"]):
                gr.HTML(source_card(citation, closest=not answer.citations))
                button = gr.Button(
                    f"Open [{citation.n}] in the document", size="sm", elem_classes=["open-source"]
                )
                button.click(
                    lambda c=citation: _open_citation(pipeline, c),
                    None,
                    [ui.viewer, ui.doc_choice, ui.tabs],
                    api_visibility=UI_ONLY,
                ).then(None, js=SCROLL_TO_PASSAGE)


def _overview(ui: _UI, documents: list[RecordDocument]) -> None:
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


def _upload_form(ui: _UI) -> None:
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


def _wire(ui: _UI, pipeline: Pipeline, feedback: FeedbackStore) -> None:
    """Connect the components' events: asking, the record's controls, feedback."""
    _wire_answers(ui, pipeline)
    _wire_record(ui, pipeline)
    _wire_upload(ui, pipeline)
    _wire_feedback(ui, feedback)


def _wire_answers(ui: _UI, pipeline: Pipeline) -> None:
    """Ask, start again, reopen or delete a conversation, export it."""

    def respond(
        question: str,
        history: list[Any],
        turns: list[Answer],
        value: Any,
        speakers: list[str],
        events: list[str],
        since: str,
        until: str,
    ) -> Iterator[tuple[Any, ...]]:
        turn: SavedTurn = {
            "question": question,
            "speakers": speakers,
            "events": events,
            "since": since,
            "until": until,
        }
        skip = gr.skip()
        answer: Answer | None = None
        try:
            for step in stream_turn(pipeline, turn, turns):
                if isinstance(step, Answer):
                    answer = step
                else:  # a language model writing: shown as it comes, replaced when checked
                    yield writing_messages(history, question, step), *[skip] * 6
        except RagError as exc:
            problem = {"role": "assistant", "content": escape_markdown(str(exc))}
            yield [*history, problem], question, turns, skip, skip, skip, skip
            return
        assert answer is not None  # the stream always ends with the answer
        saved = saved_conversations.with_turn(
            saved_conversations.parse(value), turn, dt.datetime.now()
        )
        follow_ups = suggested_follow_ups(pipeline, answer, [t.question for t in turns])
        history = [*history, *_messages(answer, follow_ups)]
        yield (
            history,
            "",
            [*turns, answer],
            how_answered(answer, document_titles(pipeline)),
            gr.Button(interactive=True),
            saved,
            _past(saved),
        )

    inputs = [ui.question, ui.chat, ui.turns, ui.saved, ui.speakers, ui.events, ui.since, ui.until]
    outputs = [ui.chat, ui.question, ui.turns, ui.how, ui.export, ui.saved, ui.past]

    def answer_on(event: Any) -> None:
        event(
            respond,
            inputs,
            outputs,
            concurrency_limit=ANSWER_CONCURRENCY,
            concurrency_id="answer",
            api_visibility=UI_ONLY,
        )

    def example_question(data: gr.SelectData) -> str:
        return str(data.value["text"])

    def follow_up(data: gr.SelectData) -> str:
        return str(data.value)

    answer_on(ui.ask.click)
    answer_on(ui.question.submit)
    # A chip in the empty chat, or a suggested follow-up under an answer, asks at once.
    for selected, question_of in (
        (ui.chat.example_select, example_question),
        (ui.chat.option_select, follow_up),
    ):
        answer_on(selected(question_of, None, ui.question, api_visibility=UI_ONLY).then)
    _wire_conversations(ui, pipeline)
    ui.copy.click(
        lambda turns: plain_text(turns[-1]) if turns else "",
        ui.turns,
        ui.copy_text,
        api_visibility=UI_ONLY,
    ).then(None, ui.copy_text, None, js=COPY_TEXT)
    ui.export.click(export_text, ui.turns, ui.export_text, api_visibility=UI_ONLY).then(
        None, ui.export_text, None, js=DOWNLOAD_EXPORT
    )


def _wire_conversations(ui: _UI, pipeline: Pipeline) -> None:
    """ "New conversation" keeps the open one to reopen; the chat's trash icon deletes it.
    Either way the sources, the export and the feedback target go with it."""

    def start_again(value: Any, delete: bool) -> tuple[Any, ...]:
        saved = saved_conversations.parse(value)
        saved = (
            saved_conversations.without_current if delete else saved_conversations.started_afresh
        )(saved)
        return (*_blank(), "", saved, _past(saved))

    cleared = [ui.chat, ui.turns, ui.how, ui.export, ui.status, ui.saved, ui.past]
    ui.clear.click(lambda v: start_again(v, False), ui.saved, cleared, api_visibility=UI_ONLY)
    ui.chat.clear(lambda v: start_again(v, True), ui.saved, cleared, api_visibility=UI_ONLY)

    def reopen(value: Any, conversation_id: str | None) -> tuple[Any, ...]:
        saved = saved_conversations.opened(saved_conversations.parse(value), conversation_id)
        return _reopen(pipeline, saved)

    ui.past.input(
        reopen,
        [ui.saved, ui.past],
        _reopened(ui),
        concurrency_limit=ANSWER_CONCURRENCY,
        concurrency_id="answer",
        api_visibility=UI_ONLY,
    )


def _reopened(ui: _UI) -> list[Any]:
    """What reopening a conversation sets."""
    return [ui.chat, ui.turns, ui.how, ui.export, ui.saved, ui.past]


def _reopen(pipeline: Pipeline, saved: Saved) -> tuple[Any, ...]:
    """The open conversation asked again, turn by turn, against the record as it is now."""
    conversation = saved_conversations.current(saved)
    if conversation is None:
        chat, turns, how, export = _blank()
        return chat, turns, how, export, saved, _past(saved)
    history, turns = replay(pipeline, conversation)
    how = how_answered(turns[-1], document_titles(pipeline)) if turns else _blank()[2]
    return history, turns, how, gr.Button(interactive=bool(turns)), saved, _past(saved)


def replay(
    pipeline: Pipeline, conversation: SavedConversation
) -> tuple[list[dict[str, Any]], list[Answer]]:
    """A saved conversation's chat and answers, each question asked again with its filters
    and the questions before it (a question that now fails shows why in the chat)."""
    history: list[dict[str, Any]] = []
    turns: list[Answer] = []
    for turn in conversation["turns"]:
        try:
            answer = _answer_turn(pipeline, turn, turns)
        except RagError as exc:
            history += [
                {"role": "user", "content": escape_markdown(turn["question"])},
                {"role": "assistant", "content": escape_markdown(str(exc))},
            ]
            continue
        history += _messages(
            answer, suggested_follow_ups(pipeline, answer, [t.question for t in turns])
        )
        turns.append(answer)
    return history, turns


def stream_turn(pipeline: Pipeline, turn: SavedTurn, turns: list[Answer]) -> Iterator[str | Answer]:
    """One question answered as `_answer_turn` does; with a language model, its text as it
    writes it comes first (unverified), the checked answer always last."""
    filters, earlier = _turn_query(turn, turns)
    try:
        yield from pipeline.ask_stream(turn["question"], filters, history=earlier)
    except RagError:
        raise
    except Exception as exc:
        _log.exception("answering a question failed")
        raise RagError(UNEXPECTED) from exc


def writing_messages(history: list[Any], question: str, written: str) -> list[dict[str, Any]]:
    """The chat while a language model writes: the question, and its text so far, marked as
    not yet checked against the record."""
    return [
        *history,
        {"role": "user", "content": escape_markdown(question)},
        {"role": "assistant", "content": WRITING + escape_markdown(written)},
    ]


def _turn_query(turn: SavedTurn, turns: list[Answer]) -> tuple[Filters, list[str]]:
    """A saved turn's filters, and the questions before it (a follow-up is read with them)."""
    filters = filters_from(turn["speakers"], turn["events"], turn["since"], turn["until"])
    return filters, [t.question for t in turns]


def _answer_turn(pipeline: Pipeline, turn: SavedTurn, turns: list[Answer]) -> Answer:
    """One question answered with its filters, read with the questions before it."""
    filters, earlier = _turn_query(turn, turns)
    return answer_safely(lambda: pipeline.ask(turn["question"], filters, history=earlier))


def _messages(answer: Answer, follow_ups: list[str]) -> list[dict[str, Any]]:
    """A question and its answer as chat messages; the suggested follow-ups are buttons
    under the answer."""
    reply: dict[str, Any] = {"role": "assistant", "content": reply_markdown(answer)}
    if follow_ups:
        reply["options"] = [{"value": q, "label": q} for q in follow_ups]
    return [{"role": "user", "content": escape_markdown(answer.question)}, reply]


def _blank() -> tuple[Any, ...]:
    """An empty conversation: chat, answers, "how it was answered", the export button."""
    return [], [], "Ask a question to see how it was answered.", gr.Button(interactive=False)


def _past(saved: Saved) -> Any:
    return gr.Dropdown(
        choices=saved_conversations.choices(saved), value=saved["current"], interactive=True
    )


def _wire_upload(ui: _UI, pipeline: Pipeline) -> None:
    """Add a document, then show the record as it now is."""
    names = list(ui.upload_fields)

    def add(upload: str | None, *values: str, progress: Any = PROGRESS) -> tuple[Any, ...]:
        def tell(stage: str, _: int) -> None:
            progress(None, desc=f"Indexing: {stage}")

        path = Path(upload) if upload else None
        result = add_upload(pipeline, path, dict(zip(names, values, strict=True)), tell)
        status = escape_markdown(result.message)
        if not result.added:
            return f"**Not added.** {status}", gr.skip(), gr.skip(), gr.skip(), gr.skip()
        documents = record_documents(pipeline)
        choices = [(f"{d.meta.title} ({d.meta.display_date})", d.doc_id) for d in documents]
        return (
            status,
            overview_rows(documents),
            timeline(documents),
            gr.Dropdown(choices=choices),
            None,
        )

    ui.add.click(
        add,
        [ui.upload, *ui.upload_fields.values()],
        [ui.add_status, ui.documents, ui.timeline, ui.doc_choice, ui.upload],
        concurrency_limit=1,
        concurrency_id="add",
        api_visibility=UI_ONLY,
    )


def _wire_record(ui: _UI, pipeline: Pipeline) -> None:
    """The speaker buttons and the document viewer."""
    ui.ofsted_only.click(lambda: ["ofsted"], None, ui.speakers, api_visibility=UI_ONLY)
    ui.all_speakers.click(lambda: list(SOURCE_TYPES), None, ui.speakers, api_visibility=UI_ONLY)
    ui.doc_choice.input(
        lambda doc_id: open_document(pipeline, doc_id),
        ui.doc_choice,
        ui.viewer,
        api_visibility=UI_ONLY,
    )


def _wire_feedback(ui: _UI, feedback: FeedbackStore) -> None:
    """Thumbs and comments on the last answer, or on any answer in the conversation."""
    for button, rating in ((ui.up, "up"), (ui.down, "down")):
        button.click(
            lambda turns, comment, r=rating: record_feedback(feedback, turns, -1, r, comment),
            [ui.turns, ui.comment],
            [ui.status, ui.comment],
            api_visibility=UI_ONLY,
        )

    def like(turns: list[Answer], history: list[dict[str, Any]], data: gr.LikeData) -> str:
        rating: Rating = "up" if data.liked else "down"
        index = data.index if isinstance(data.index, int) else data.index[0]
        turn = turn_of_message(history, index)
        if turn is None:
            return "Only answers can be rated: use the thumbs on an answer."
        return record_feedback(feedback, turns, turn, rating, "")[0]

    ui.chat.like(like, [ui.turns, ui.chat], [ui.status], api_visibility=UI_ONLY)


def reply_markdown(answer: Answer) -> str:
    """The assistant's chat message: the answer with linked [n] markers."""
    text = answer_markdown(answer)
    removed = [c for c in answer.checks if not c.supported] if answer.mode == "llm" else []
    if removed:
        text += "\n\n**Removed, not supported by the record:**\n" + "\n".join(
            f"- ~~{escape_markdown(c.text)}~~ ({escape_markdown(c.reason)})" for c in removed
        )
    if answer.refused and answer.closest:
        text += "\n\n*The closest passages are listed under Sources; they do not answer it.*"
    return text


def open_document(pipeline: Pipeline, doc_id: str | None) -> str:
    """A whole document for the viewer, nothing highlighted."""
    document = pipeline.index.documents.get(doc_id or "")
    if document is None:
        return "<p>Choose a document.</p>"
    return document_view(document.meta, pipeline.index.text(document.doc_id), None, None)


def _open_citation(pipeline: Pipeline, citation: Citation) -> tuple[str, Any, Any]:
    text = pipeline.index.text(citation.doc_id)
    view = document_view(citation.meta, text, citation.start, citation.end)
    return view, gr.Dropdown(value=citation.doc_id), gr.Tabs(selected="document")


def turn_of_message(history: list[dict[str, Any]], index: int) -> int | None:
    """Which answer a chat message is (0 for the first), or None if it is not one: an answer
    follows its question; a problem shown in the chat follows another reply."""
    if not 0 < index < len(history) or history[index - 1].get("role") != "user":
        return None
    if history[index].get("role") != "assistant":
        return None
    return sum(1 for message in history[:index] if message.get("role") == "user") - 1


def record_feedback(
    store: FeedbackStore, turns: list[Answer], index: int, rating: Rating, comment: str
) -> tuple[str, str]:
    """Store feedback on one answer; returns the status line and the emptied comment box."""
    if not turns or not -len(turns) <= index < len(turns):
        return "Ask a question first, then say whether the answer helped.", comment
    try:
        feedback_id = store.add(turns[index], rating, comment)
    except RagError as exc:
        return escape_markdown(str(exc)), comment
    return f"Thank you: feedback #{feedback_id} saved.", ""


def export_text(turns: list[Answer]) -> str:
    """The conversation as Markdown, made when the user asks for it ("" before any answer)."""
    return export_markdown(turns, dt.datetime.now()) if turns else ""


def document_titles(pipeline: Pipeline) -> dict[str, str]:
    """Each document's title and date, by id (as "How this was answered" names them)."""
    return {
        d.doc_id: f"{d.meta.title} ({d.meta.display_date})"
        for d in pipeline.index.documents.values()
    }


def record_documents(pipeline: Pipeline) -> list[RecordDocument]:
    """The record's documents with their passage counts."""
    pipeline.index.refresh()
    return [RecordDocument(d.doc_id, d.meta, d.chunks) for d in pipeline.index.documents.values()]


def _events_in_order(documents: list[RecordDocument]) -> list[str]:
    first: dict[str, dt.date] = {}
    for d in documents:
        first[d.meta.event] = min(first.get(d.meta.event, d.meta.date), d.meta.date)
    return sorted(first, key=lambda e: (first[e], e))


EXAMPLES_PER_PERSONA = 2  # shown in the empty chat; the rest under "More example questions"


def empty_chat(documents: list[RecordDocument]) -> str:
    """What the empty chat says: what the record holds, and how to ask."""
    kinds = Counter(d.meta.source_type for d in documents)
    years = sorted({d.meta.date.year for d in documents})
    by = {"ofsted": "by Ofsted", "council": "by the council", "press": "in the press"}
    held = ", ".join(f"{kinds[k]} {by.get(k, k)}" for k in SOURCE_TYPES if kinds[k])
    span = f"; {years[0]} to {years[-1]}" if years else ""
    return (
        f"**The record holds {len(documents)} documents** ({held}{span}). Ask what inspectors "
        "found, what the council promised or how the grades changed. Try:"
    )


def example_messages() -> list[ExampleMessage]:
    """The first example questions of each persona, as chips in the empty chat."""
    return [
        {"text": q, "display_text": f"{PERSONAS.get(persona, persona)}: {q}"}
        for persona, questions in load_examples().items()
        for q in questions[:EXAMPLES_PER_PERSONA]
    ]


def load_examples() -> dict[str, list[str]]:
    """Example questions by persona, from rag/data/examples.yaml."""
    text = resources.files("rag").joinpath("data", "examples.yaml").read_text(encoding="utf-8")
    examples: dict[str, list[str]] = yaml.safe_load(text)
    return examples


def _asset(name: str) -> str:
    return resources.files("rag").joinpath("data", name).read_text(encoding="utf-8")


def serve(app: gr.Blocks, settings: Settings, block: bool = True) -> None:
    """Start the app on RAG_HOST:RAG_PORT, with a login if RAG_AUTH is set."""
    app.queue(default_concurrency_limit=4, max_size=QUEUE_SIZE).launch(
        server_name=settings.host,
        server_port=settings.port,
        auth=settings.credentials,
        auth_message=LOGIN_NOTICE if settings.credentials else None,
        app_kwargs=_login_guard(settings),
        ssr_mode=False,
        show_error=False,
        prevent_thread_lock=not block,
        css=_asset("ui.css"),
        js=_asset("ui.js"),
        theme=govuk_theme(),
        footer_links=[],  # no "Built with Gradio", no API or settings pages linked
        run_history=False,  # the conversations are kept by the app (rag/app/conversations.py)
        quiet=not block,
    )


def _login_guard(settings: Settings) -> dict[str, list[Middleware]]:
    """With a login, the middleware that refuses repeated wrong passwords for a while."""
    if settings.credentials is None:
        return {}
    return {"middleware": [Middleware(ThrottledLogin, throttle=LoginThrottle())]}
