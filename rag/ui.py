"""The Gradio front end: a chat whose answers list their cited passages underneath."""

from __future__ import annotations

import html
from typing import Any

import gradio as gr

from rag.errors import QuestionError
from rag.pipeline import Pipeline
from rag.records import Answer, Citation

TITLE = "Inspection record assistant"
INTRO = (
    "Ask about the council's Ofsted inspection record. Every answer quotes the record "
    "verbatim and cites its source; when the record does not answer, the assistant says so."
)


def build_app(pipeline: Pipeline) -> gr.Blocks:
    """The chat app for one pipeline."""
    with gr.Blocks(title=TITLE, analytics_enabled=False) as app:
        gr.Markdown(f"# {TITLE}\n\n{INTRO}")
        chat = gr.Chatbot(label="Conversation", height=560)
        question = gr.Textbox(label="Your question", placeholder="e.g. Were children seen alone?")
        ask = gr.Button("Ask", variant="primary")

        def respond(
            message: str, history: list[dict[str, Any]]
        ) -> tuple[list[dict[str, Any]], str]:
            try:
                reply = render_reply(pipeline.ask(message))
            except QuestionError as exc:
                reply = html.escape(str(exc))
            turn = [{"role": "user", "content": message}, {"role": "assistant", "content": reply}]
            return [*history, *turn], ""

        for trigger in (ask.click, question.submit):
            trigger(respond, [question, chat], [chat, question], concurrency_limit=1)
    blocks: gr.Blocks = app
    return blocks


def render_reply(answer: Answer) -> str:
    """The answer and its sources as Markdown; all record and question text is escaped."""
    parts = [html.escape(answer.text)]
    sources = answer.citations or answer.closest
    if sources:
        heading = "Sources" if answer.citations else "Closest passages (these do not answer it)"
        parts.append(f"**{heading}**")
        parts.extend(render_citation(c) for c in sources)
    return "\n\n".join(parts)


def render_citation(citation: Citation) -> str:
    """One cited passage: title, date, speaker, event and the quote."""
    meta = citation.meta
    where = f", paragraph {citation.paragraph}" if citation.paragraph is not None else ""
    head = (
        f"[{citation.n}] *{html.escape(meta.title)}*: {html.escape(meta.publisher)}, "
        f"{meta.display_date} ({meta.source_type}; {html.escape(meta.event)}{where})"
    )
    quote = "\n".join(f"> {html.escape(line)}" for line in citation.quote.splitlines() if line)
    return f"{head}\n\n{quote}"
