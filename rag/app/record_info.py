"""What the app says about the record it answers from: its documents and their titles,
its visits in date order, the empty chat's summary and the example questions."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from importlib import resources

import yaml
from gradio.components.chatbot import ExampleMessage

from rag.app.render import RecordDocument
from rag.pipeline import Pipeline
from rag.records import SOURCE_TYPES

PERSONAS = {"staff": "Council staff", "manager": "New managers", "scrutiny": "Scrutiny members"}
EXAMPLES_PER_PERSONA = 2  # shown in the empty chat; the rest under "More example questions"


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


def events_in_order(documents: list[RecordDocument]) -> list[str]:
    first: dict[str, dt.date] = {}
    for d in documents:
        first[d.meta.event] = min(first.get(d.meta.event, d.meta.date), d.meta.date)
    return sorted(first, key=lambda e: (first[e], e))


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
