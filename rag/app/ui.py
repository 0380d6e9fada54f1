"""The Gradio app: chat with cited sources beside it, a document viewer, filters, examples,
a record overview, export, feedback, and an `/ask` API endpoint. Display is in render.py;
this module lays out components and wires them to the pipeline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import gradio as gr
from starlette.middleware import Middleware

from rag.app import conversations as saved_conversations
from rag.app.api import ask_endpoint
from rag.app.conversations import STORAGE_KEY, Saved, SavedTurn
from rag.app.feedback import FeedbackStore, Rating
from rag.app.layout import UI_ONLY, Components, conversation, filters, overview
from rag.app.login import LOGIN_NOTICE, LoginThrottle, ThrottledLogin
from rag.app.record_info import (
    document_titles,
    events_in_order,
    record_documents,
)
from rag.app.render import (
    document_view,
    escape_markdown,
    how_answered,
    overview_rows,
    plain_text,
    source_card,
    timeline,
)
from rag.app.suggest import suggested_follow_ups
from rag.app.theme import govuk_theme
from rag.app.tracker_view import recommendations_section
from rag.app.turns import (
    chat_messages,
    export_text,
    record_feedback,
    replay,
    stream_turn,
    turn_of_message,
    writing_messages,
)
from rag.app.upload import add_upload
from rag.errors import RagError
from rag.pipeline import Pipeline
from rag.records import SOURCE_TYPES, Answer, Citation
from rag.settings import Settings

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


def build_app(pipeline: Pipeline, feedback: FeedbackStore, secret: str | None = None) -> gr.Blocks:
    """The app for one pipeline; feedback goes to `feedback`. Each browser's conversations are
    kept in its own storage, encrypted with `secret` (one for this run if None)."""
    documents = record_documents(pipeline)
    ui = Components()
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
                    conversation(ui, documents)
                with gr.Column(scale=2):
                    filters(ui, events_in_order(documents))
                    sources_panel(ui, pipeline)
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
                overview(ui, documents)
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


def sources_panel(ui: Components, pipeline: Pipeline) -> None:
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


def _wire(ui: Components, pipeline: Pipeline, feedback: FeedbackStore) -> None:
    """Connect the components' events: asking, the record's controls, feedback."""
    _wire_answers(ui, pipeline)
    _wire_record(ui, pipeline)
    _wire_upload(ui, pipeline)
    _wire_feedback(ui, feedback)


def _wire_answers(ui: Components, pipeline: Pipeline) -> None:
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
        history = [*history, *chat_messages(answer, follow_ups)]
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


def _wire_conversations(ui: Components, pipeline: Pipeline) -> None:
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


def _reopened(ui: Components) -> list[Any]:
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


def _blank() -> tuple[Any, ...]:
    """An empty conversation: chat, answers, "how it was answered", the export button."""
    return [], [], "Ask a question to see how it was answered.", gr.Button(interactive=False)


def _past(saved: Saved) -> Any:
    return gr.Dropdown(
        choices=saved_conversations.choices(saved), value=saved["current"], interactive=True
    )


def _wire_upload(ui: Components, pipeline: Pipeline) -> None:
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


def _wire_record(ui: Components, pipeline: Pipeline) -> None:
    """The speaker buttons and the document viewer."""
    ui.ofsted_only.click(lambda: ["ofsted"], None, ui.speakers, api_visibility=UI_ONLY)
    ui.all_speakers.click(lambda: list(SOURCE_TYPES), None, ui.speakers, api_visibility=UI_ONLY)
    ui.doc_choice.input(
        lambda doc_id: open_document(pipeline, doc_id),
        ui.doc_choice,
        ui.viewer,
        api_visibility=UI_ONLY,
    )


def _wire_feedback(ui: Components, feedback: FeedbackStore) -> None:
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
