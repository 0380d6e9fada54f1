"""The Gradio app: chat with cited sources beside it, a document viewer, filters, examples,
a record overview, export, feedback, and an `/ask` API endpoint. Display is in render.py;
this module lays out components and wires them to the pipeline."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import gradio as gr
import yaml

from rag.errors import QuestionError, RagError
from rag.feedback import FeedbackStore, Rating
from rag.grades import reports_by_council
from rag.pipeline import Pipeline
from rag.records import SOURCE_TYPES, Answer, Citation, Filters
from rag.render import (
    SPEAKERS,
    RecordDocument,
    answer_markdown,
    document_view,
    export_markdown,
    grade_history,
    how_answered,
    overview_rows,
    source_card,
    timeline,
)
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
PERSONAS = {"staff": "Council staff", "manager": "New managers", "scrutiny": "Scrutiny members"}
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


@dataclass
class _UI:
    """The app's components, filled in as the layout is built."""

    turns: Any = None
    tabs: Any = None
    chat: Any = None
    question: Any = None
    ask: Any = None
    clear: Any = None
    comment: Any = None
    up: Any = None
    down: Any = None
    status: Any = None
    export: Any = None
    speakers: Any = None
    ofsted_only: Any = None
    all_speakers: Any = None
    events: Any = None
    since: Any = None
    until: Any = None
    how: Any = None
    doc_choice: Any = None
    viewer: Any = None


def build_app(pipeline: Pipeline, feedback: FeedbackStore, export_dir: Path) -> gr.Blocks:
    """The app for one pipeline; feedback goes to `feedback`, exports to `export_dir`."""
    documents = record_documents(pipeline)
    ui = _UI()
    with gr.Blocks(title=TITLE, analytics_enabled=False) as app:
        ui.turns = gr.State([])
        gr.Markdown(f"# {TITLE}\n\n{INTRO}")
        with gr.Tabs() as ui.tabs:
            with gr.Tab("Ask", id="ask"), gr.Row(equal_height=False):
                with gr.Column(scale=3):
                    _conversation(ui)
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
                _overview(documents)
        _wire(ui, pipeline, feedback, export_dir)
        _api(pipeline)
    blocks: gr.Blocks = app
    return blocks


def _conversation(ui: _UI) -> None:
    ui.chat = gr.Chatbot(label="Conversation", height=500, elem_id="chat")
    ui.question = gr.Textbox(
        label="Your question", placeholder="e.g. Were children seen alone?", elem_id="question"
    )
    with gr.Row():
        ui.ask = gr.Button("Ask", variant="primary", elem_id="ask-button")
        ui.clear = gr.Button("New conversation")
    with gr.Accordion("Example questions", open=False):
        for persona, questions in load_examples().items():
            gr.Examples([[q] for q in questions], [ui.question], label=PERSONAS.get(persona))
    with gr.Group():
        ui.comment = gr.Textbox(
            label="Comment on the last answer (optional)", lines=2, elem_id="feedback-comment"
        )
        with gr.Row():
            ui.up = gr.Button("Helpful", elem_id="feedback-up")
            ui.down = gr.Button("Not helpful", elem_id="feedback-down")
        ui.status = gr.Markdown(elem_id="feedback-status")
    ui.export = gr.DownloadButton(
        "Export conversation (Markdown)", value=None, interactive=False, elem_id="export"
    )


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
                ).then(None, js=SCROLL_TO_PASSAGE)


def _overview(documents: list[RecordDocument]) -> None:
    gr.Markdown("### Documents in the record")
    gr.Dataframe(
        value=overview_rows(documents),
        headers=["Title", "Date", "Speaker", "Inspection or visit", "Passages"],
        interactive=False,
        wrap=True,
        label="Documents",
        column_widths=["42%", "12%", "10%", "26%", "10%"],
    )
    gr.Markdown("### Inspections and visits covered")
    gr.HTML(timeline(documents), elem_id="timeline")
    _grades(documents)


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
        lambda name: grade_history(name or "", by_council.get(name or "", [])), council, history
    )


def _wire(ui: _UI, pipeline: Pipeline, feedback: FeedbackStore, export_dir: Path) -> None:
    def respond(
        question: str,
        history: list[Any],
        turns: list[Answer],
        speakers: list[str],
        events: list[str],
        since: str,
        until: str,
    ) -> tuple[Any, ...]:
        try:
            filters = filters_from(speakers, events, since, until)
            answer = pipeline.ask(question, filters)
        except QuestionError as exc:
            gr.Warning(str(exc))
            return history, question, turns, gr.skip(), gr.skip()
        except RagError as exc:
            raise gr.Error(str(exc)) from exc
        turns = [*turns, answer]
        history = [
            *history,
            {"role": "user", "content": answer.question},
            {"role": "assistant", "content": reply_markdown(answer)},
        ]
        path = write_export(export_dir, turns)
        return (
            history,
            "",
            turns,
            how_answered(answer),
            gr.DownloadButton(value=path, interactive=True),
        )

    inputs = [ui.question, ui.chat, ui.turns, ui.speakers, ui.events, ui.since, ui.until]
    outputs = [ui.chat, ui.question, ui.turns, ui.how, ui.export]
    for trigger in (ui.ask.click, ui.question.submit):
        trigger(
            respond, inputs, outputs, concurrency_limit=ANSWER_CONCURRENCY, concurrency_id="answer"
        )
    ui.clear.click(
        lambda: (
            [],
            [],
            "Ask a question to see how it was answered.",
            gr.DownloadButton(value=None, interactive=False),
        ),
        None,
        [ui.chat, ui.turns, ui.how, ui.export],
    )
    ui.ofsted_only.click(lambda: ["ofsted"], None, ui.speakers)
    ui.all_speakers.click(lambda: list(SOURCE_TYPES), None, ui.speakers)
    ui.doc_choice.input(lambda doc_id: open_document(pipeline, doc_id), ui.doc_choice, ui.viewer)
    for button, rating in ((ui.up, "up"), (ui.down, "down")):
        button.click(
            lambda turns, comment, r=rating: record_feedback(feedback, turns, -1, r, comment),
            [ui.turns, ui.comment],
            [ui.status, ui.comment],
        )

    def like(turns: list[Answer], data: gr.LikeData) -> str:
        rating: Rating = "up" if data.liked else "down"
        index = data.index if isinstance(data.index, int) else data.index[0]
        return record_feedback(feedback, turns, index // 2, rating, "")[0]

    ui.chat.like(like, [ui.turns], [ui.status])


def _api(pipeline: Pipeline) -> None:
    def ask(
        question: str,
        source_types: list[str] | None = None,
        events: list[str] | None = None,
        since: str | None = None,
        until: str | None = None,
        k: int | None = None,
    ) -> dict[str, Any]:
        """Answer a question about the record: the JSON object `rag ask --json` prints."""
        try:
            filters = filters_from(source_types or [], events or [], since or "", until or "")
            return pipeline.ask(question, filters, k).to_json()
        except RagError as exc:
            raise gr.Error(str(exc)) from exc

    gr.api(ask, api_name="ask", concurrency_limit=ANSWER_CONCURRENCY, concurrency_id="answer")  # type: ignore[attr-defined]


def reply_markdown(answer: Answer) -> str:
    """The assistant's chat message: the answer with linked [n] markers."""
    text = answer_markdown(answer)
    if answer.refused and answer.closest:
        text += "\n\n*The closest passages are listed under Sources; they do not answer it.*"
    return text


def filters_from(speakers: list[str], events: list[str], since: str, until: str) -> Filters:
    """The filters chosen in the app (all speakers ticked, or none, means any speaker)."""
    chosen = tuple(s for s in SOURCE_TYPES if s in speakers)
    return Filters(
        source_types=() if len(chosen) in (0, len(SOURCE_TYPES)) else chosen,
        events=tuple(events),
        since=_date(since, "From date"),
        until=_date(until, "To date"),
    )


def _date(value: str, label: str) -> dt.date | None:
    if not value or not value.strip():
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError as exc:
        raise RagError(f"{label} {value!r} is not a date: use YYYY-MM-DD.") from exc


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


def record_feedback(
    store: FeedbackStore, turns: list[Answer], index: int, rating: Rating, comment: str
) -> tuple[str, str]:
    """Store feedback on one answer; returns the status line and the emptied comment box."""
    if not turns or not -len(turns) <= index < len(turns):
        return "Ask a question first, then say whether the answer helped.", comment
    feedback_id = store.add(turns[index], rating, comment)
    return f"Thank you: feedback #{feedback_id} saved.", ""


def write_export(folder: Path, turns: list[Answer]) -> str:
    """Write the conversation as Markdown for download; returns the file's path."""
    folder.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now()
    path = folder / f"inspection-record-conversation-{now:%Y%m%d-%H%M%S-%f}.md"
    path.write_text(export_markdown(turns, now), encoding="utf-8")
    return str(path)


def record_documents(pipeline: Pipeline) -> list[RecordDocument]:
    """The record's documents with their passage counts."""
    pipeline.index.refresh()
    return [RecordDocument(d.doc_id, d.meta, d.chunks) for d in pipeline.index.documents.values()]


def _events_in_order(documents: list[RecordDocument]) -> list[str]:
    first: dict[str, dt.date] = {}
    for d in documents:
        first[d.meta.event] = min(first.get(d.meta.event, d.meta.date), d.meta.date)
    return sorted(first, key=lambda e: (first[e], e))


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
        ssr_mode=False,
        show_error=True,
        prevent_thread_lock=not block,
        css=_asset("ui.css"),
        js=_asset("ui.js"),
        theme=gr.themes.Default(),
        quiet=not block,
    )
