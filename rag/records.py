"""The records that flow between the pipeline's stages, as frozen dataclasses."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

SourceType = Literal["ofsted", "council", "press"]
SOURCE_TYPES: tuple[SourceType, ...] = ("ofsted", "council", "press")
SpanKind = Literal["heading", "text", "item"]


# The judgement every Ofsted inspection report gives, in the words the reports use.
OVERALL = "Overall effectiveness"
MAX_K = 50  # the most passages a question may retrieve (RAG_TOP_K and --k)


@dataclass(frozen=True)
class DocumentMeta:
    """What the corpus file's front matter says about a document."""

    title: str
    date: dt.date
    publisher: str
    source_type: SourceType
    event: str
    authority: str | None = None
    kind: str | None = None
    url: str | None = None
    source: str | None = None
    date_precision: str | None = None
    inspection_start: dt.date | None = None
    inspection_end: dt.date | None = None
    lead_inspector: str | None = None
    framework: str | None = None
    judgements: tuple[tuple[str, str], ...] = ()
    pages: tuple[int, ...] = ()
    source_path: str | None = None
    source_digest: str | None = None

    @property
    def overall(self) -> str | None:
        """An inspection report's overall effectiveness grade."""
        return dict(self.judgements).get(OVERALL)

    def is_of(self, authority: str) -> bool:
        """Whether the document is about this council (its name in any case)."""
        return self.authority is not None and self.authority.lower() == authority.lower()

    def page_at(self, offset: int) -> int | None:
        """The 1-based page of the original on which a character of the text falls."""
        if not self.pages:
            return None
        return max(i for i, start in enumerate(self.pages) if start <= offset or i == 0) + 1

    @property
    def display_date(self) -> str:
        """The date as a reader writes it ("27 March 2020"; "December 2020" when approximate)."""
        if self.date_precision == "year":
            return str(self.date.year)
        if self.date_precision == "month":
            return f"{self.date:%B %Y}"
        return f"{self.date.day} {self.date:%B %Y}"

    @property
    def kind_label(self) -> str:
        """What sort of document this is, in words ("monitoring visit letter")."""
        if self.kind:
            return self.kind
        return {"ofsted": "report", "council": "statement", "press": "news report"}[
            self.source_type
        ]


@dataclass(frozen=True)
class Document:
    """One document of the record: its id, metadata, verbatim text and content digest."""

    doc_id: str
    meta: DocumentMeta
    text: str
    digest: str


@dataclass(frozen=True)
class Span:
    """A sentence, list item or heading inside a document, by character offsets."""

    start: int
    end: int
    kind: SpanKind
    paragraph: int | None = None


@dataclass(frozen=True)
class Chunk:
    """A passage of a document: whole paragraphs or lists, with its sentences."""

    chunk_id: str
    doc_id: str
    position: int
    start: int
    end: int
    text: str
    section: str | None
    paragraph: int | None
    sentences: tuple[Span, ...]

    @property
    def quotable(self) -> tuple[Span, ...]:
        """The sentences and list items that can be quoted as evidence (not headings)."""
        return tuple(s for s in self.sentences if s.kind != "heading")


@dataclass(frozen=True)
class Filters:
    """Restrictions on which documents retrieval may use."""

    source_types: tuple[str, ...] = ()
    events: tuple[str, ...] = ()
    since: dt.date | None = None
    until: dt.date | None = None
    doc_ids: tuple[str, ...] = ()
    authorities: tuple[str, ...] = ()

    @property
    def active(self) -> bool:
        """True when any restriction is set."""
        return bool(
            self.source_types
            or self.events
            or self.since
            or self.until
            or self.doc_ids
            or self.authorities
        )

    def describe(self) -> str:
        """The filters in force, in words, or an empty string."""
        parts: list[str] = []
        if self.source_types:
            parts.append("sources: " + ", ".join(self.source_types))
        if self.events:
            parts.append("events: " + ", ".join(self.events))
        if self.since:
            parts.append(f"from {self.since.isoformat()}")
        if self.until:
            parts.append(f"until {self.until.isoformat()}")
        if self.doc_ids:
            parts.append("documents: " + ", ".join(self.doc_ids))
        if self.authorities:
            parts.append("councils: " + ", ".join(self.authorities))
        return "; ".join(parts)

    def accepts(self, doc_id: str, meta: DocumentMeta) -> bool:
        """Whether a document passes these filters."""
        return (
            (not self.source_types or meta.source_type in self.source_types)
            and (not self.events or meta.event in self.events)
            and (self.since is None or meta.date >= self.since)
            and (self.until is None or meta.date <= self.until)
            and (not self.doc_ids or doc_id in self.doc_ids)
            and (not self.authorities or meta.authority in self.authorities)
        )

    def to_json(self) -> dict[str, Any]:
        """The filters as plain JSON values."""
        return {
            "source_types": list(self.source_types),
            "events": list(self.events),
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "doc_ids": list(self.doc_ids),
            "authorities": list(self.authorities),
        }


@dataclass(frozen=True)
class Hit:
    """A retrieved chunk with its fused score and the ranks it had in each retriever."""

    chunk: Chunk
    score: float
    dense_similarity: float | None = None
    dense_rank: int | None = None
    keyword_rank: int | None = None

    def to_json(self) -> dict[str, Any]:
        """How the passage was found: its scores and ranks in each retriever."""
        return {
            "doc_id": self.chunk.doc_id,
            "chunk_id": self.chunk.chunk_id,
            "paragraph": self.chunk.paragraph,
            "score": round(self.score, 5),
            "dense_similarity": (
                None if self.dense_similarity is None else round(self.dense_similarity, 4)
            ),
            "dense_rank": self.dense_rank,
            "keyword_rank": self.keyword_rank,
        }


@dataclass(frozen=True)
class Retrieval:
    """What retrieval found for a question: hits best first, the query as searched by BM25,
    and the question's topic (the vector and words sentences are scored against)."""

    question: str
    searched_text: str
    query_vector: np.ndarray = field(repr=False, compare=False)
    hits: tuple[Hit, ...] = ()
    filters: Filters = field(default_factory=Filters)
    topic_text: str = ""
    narrowed: str = ""
    requested: Filters | None = None  # the user's filters, before the question narrowed them
    events: tuple[str, ...] = ()  # for a question about change: the events it spans, oldest first
    # the topic again with the sector's acronyms and their long forms swapped ("independent
    # reviewing officers" -> "IROs"), embedded: the encoder does not know that they are one
    other_forms: tuple[np.ndarray, ...] = field(default=(), repr=False, compare=False)


@dataclass(frozen=True)
class Evidence:
    """A stretch of a document chosen to answer a question, before it is numbered."""

    doc_id: str
    start: int
    end: int
    paragraph: int | None
    score: float
    is_list: bool = False


@dataclass(frozen=True)
class Citation:
    """A numbered, verbatim quotation from one document."""

    n: int
    doc_id: str
    meta: DocumentMeta
    quote: str
    start: int
    end: int
    paragraph: int | None
    score: float

    @property
    def page(self) -> int | None:
        """The page of the original document the quote starts on (PDFs)."""
        return self.meta.page_at(self.start)

    def to_json(self) -> dict[str, Any]:
        """The citation in the JSON contract's shape."""
        return {
            "n": self.n,
            "doc_id": self.doc_id,
            "title": self.meta.title,
            "date": self.meta.date.isoformat(),
            "publisher": self.meta.publisher,
            "source_type": self.meta.source_type,
            "event": self.meta.event,
            "quote": self.quote,
            "paragraph": self.paragraph,
            "page": self.page,
            "score": round(self.score, 4),
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True)
class Timings:
    """How long each stage of answering took, in milliseconds."""

    retrieve: float = 0.0
    answer: float = 0.0
    total: float = 0.0

    def to_json(self) -> dict[str, float]:
        """The timings rounded to a tenth of a millisecond."""
        return {
            "retrieve": round(self.retrieve, 1),
            "answer": round(self.answer, 1),
            "total": round(self.total, 1),
        }


@dataclass(frozen=True)
class Answer:
    """The assistant's reply: text with [n] markers, its citations, or a refusal."""

    question: str
    text: str
    refused: bool
    citations: tuple[Citation, ...] = ()
    closest: tuple[Citation, ...] = ()
    filters: Filters = field(default_factory=Filters)
    notices: tuple[str, ...] = ()
    timings: Timings = field(default_factory=Timings)
    retrieved: tuple[Hit, ...] = ()
    # A follow-up is answered as the question it stands for; "" when it was asked as such.
    standalone_question: str = ""
    # "llm" when a language model wrote the text (RAG_LLM) and each sentence was checked
    # against its cited passages (`checks`: rag.answer.verify.SentenceCheck); else "extractive".
    mode: str = "extractive"
    checks: tuple[Any, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The answer as the JSON object that `rag ask --json` prints."""
        return {
            "question": self.question,
            "standalone_question": self.standalone_question or self.question,
            "answer": self.text,
            "refused": self.refused,
            "citations": [c.to_json() for c in self.citations],
            "closest": [c.to_json() for c in self.closest],
            "filters": self.filters.to_json(),
            "notices": list(self.notices),
            "mode": self.mode,
            "sentences": [check.to_json() for check in self.checks],
            "retrieved": [hit.to_json() for hit in self.retrieved],
            "timings_ms": self.timings.to_json(),
        }
