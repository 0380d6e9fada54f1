"""The retrieval chain: question -> retrieval -> answer, as a LangChain Runnable.

Each step is a plain function; the Runnable only strings them together, so other LangChain
programs can invoke, batch or stream the chain like any other.
"""

from __future__ import annotations

import re
import time
import unicodedata
from dataclasses import dataclass, field, replace
from functools import partial

from langchain_core.runnables import Runnable, RunnableLambda

from rag.answer.compose import compose_answer
from rag.answer.select import Weights
from rag.errors import QuestionError
from rag.query.followup import standalone_question
from rag.query.scope import narrow
from rag.query.understand import Intent, understand
from rag.records import MAX_K, Answer, Filters, Retrieval, Timings
from rag.search.index import RecordIndex
from rag.search.retrieve import RetrievalMode, retrieve, retrieve_per_event

MAX_QUESTION_CHARS = 1000
ANSWERING = "Answering: "  # opens the answer to a follow-up, before the question it became
# Words that make "how did it change?" find the judgements and progress at each visit.
TIMELINE_HINT = "judged progress improvement inadequate"
PER_EVENT_K = 3
# Lone surrogates: what Python makes of bytes that are not UTF-8 (in argv, or stdin).
_SURROGATE = re.compile("[\ud800-\udfff]")
TRACE_K = 10  # passages kept in the answer's trace (retrieval metrics use ten)
# Invisible characters in a question: control characters and zero-width separators read as
# spaces; direction controls and soft hyphens are dropped (they only change how text shows).
# Zero-width (non-)joiners stay: emoji sequences and Persian and Indic words need them.
_INVISIBLE = {
    **dict.fromkeys([*range(0x20), *range(0x7F, 0xA0), 0x200B, 0x2060, 0xFEFF], " "),
    **dict.fromkeys([0x00AD, 0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F)], None),
    **dict.fromkeys(range(0x2066, 0x206A), None),
}


@dataclass(frozen=True)
class Query:
    """A question as asked, with its filters and how many passages to retrieve."""

    question: str
    filters: Filters = field(default_factory=Filters)
    k: int | None = None
    # The conversation's earlier questions, oldest first: a follow-up is read with them.
    history: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Prepared:
    question: str
    filters: Filters
    k: int
    notices: tuple[str, ...]
    started: float
    history: tuple[str, ...] = ()
    asked: str = ""  # the question as asked, when `question` is its standalone rewriting


@dataclass(frozen=True)
class _Retrieved:
    prepared: _Prepared
    intent: Intent
    retrieval: Retrieval
    retrieved_at: float


def prepare_question(raw: str) -> tuple[str, tuple[str, ...]]:
    """The question tidied and, if very long, cut short (with a notice saying so); one with
    nothing visible in it is empty, one holding bytes that are not UTF-8 is refused."""
    if not isinstance(raw, str):
        raise QuestionError("The question must be text: send it as a string.")
    if _SURROGATE.search(raw):
        raise QuestionError(
            "The question holds bytes that are not UTF-8 text: retype it, or save it as UTF-8."
        )
    question = " ".join(raw.translate(_INVISIBLE).split())
    if all(unicodedata.category(c) == "Cf" for c in question.replace(" ", "")):
        raise QuestionError("The question is empty: type a question about the inspection record.")
    if len(question) <= MAX_QUESTION_CHARS:
        return question, ()
    cut = question[:MAX_QUESTION_CHARS].rsplit(" ", 1)[0] or question[:MAX_QUESTION_CHARS]
    notice = (
        f"The question was {len(question):,} characters long; only its first {len(cut):,} "
        "were used."
    )
    return cut, (notice,)


def build_chain(
    index: RecordIndex, weights: Weights, default_k: int, mode: RetrievalMode = "hybrid"
) -> Runnable[Query, Answer]:
    """The chain that turns a Query into an Answer (`mode` swaps retrievers for comparisons)."""
    return (
        RunnableLambda(partial(_prepare, default_k=default_k)).with_config(run_name="prepare")
        | RunnableLambda(partial(_retrieve, index=index, mode=mode)).with_config(
            run_name="retrieve"
        )
        | RunnableLambda(partial(_answer, index=index, weights=weights)).with_config(
            run_name="answer"
        )
    )


def _prepare(query: Query, default_k: int) -> _Prepared:
    started = time.perf_counter()
    question, notices = prepare_question(query.question)
    if query.k is not None and not 1 <= query.k <= MAX_K:
        raise QuestionError(f"k must be a whole number from 1 to {MAX_K}, not {query.k}.")
    k = query.k or default_k
    history = tuple(prepare_question(h)[0] for h in query.history if h and h.strip())
    return _Prepared(question, query.filters, k, notices, started, history)


def _retrieve(prepared: _Prepared, index: RecordIndex, mode: RetrievalMode) -> _Retrieved:
    index.refresh()
    if prepared.history:
        speakers = tuple(index.scope.publishers)
        asked = standalone_question(prepared.question, prepared.history, speakers)
        if asked != prepared.question:
            prepared = replace(prepared, question=asked, asked=prepared.question)
    intent = understand(prepared.question, index.scope)
    if intent.kind == "timeline":
        retrieval = retrieve_per_event(
            index, intent, prepared.filters, PER_EVENT_K, TIMELINE_HINT, mode, False
        )
    else:
        filters, narrowed = narrow(intent, prepared.filters, index.scope)
        k = max(_answer_k(prepared, intent), TRACE_K)
        found = retrieve(index, prepared.question, filters, k, mode, False, intent.topic)
        retrieval = replace(found, narrowed=narrowed)
    return _Retrieved(prepared, intent, retrieval, time.perf_counter())


def _answer_k(prepared: _Prepared, intent: Intent) -> int:
    """Passages an answer draws on: twice as many for a list."""
    return prepared.k * 2 if intent.kind == "list" else prepared.k


def _for_answer(retrieved: _Retrieved) -> Retrieval:
    """The passages the answer draws on: the top k (all of them for a timeline)."""
    retrieval = retrieved.retrieval
    if retrieved.intent.kind == "timeline":
        return retrieval
    return replace(
        retrieval, hits=retrieval.hits[: _answer_k(retrieved.prepared, retrieved.intent)]
    )


def prepare_retrieval(
    index: RecordIndex, query: Query, default_k: int, mode: RetrievalMode = "hybrid"
) -> tuple[Intent, Retrieval]:
    """The chain's first two steps: the question's intent and the retrieval its answer uses."""
    retrieved = _retrieve(_prepare(query, default_k), index, mode)
    return retrieved.intent, _for_answer(retrieved)


def _answer(retrieved: _Retrieved, index: RecordIndex, weights: Weights) -> Answer:
    prepared = retrieved.prepared
    retrieval = retrieved.retrieval
    answer = compose_answer(index, _for_answer(retrieved), retrieved.intent, weights)
    done = time.perf_counter()
    timings = Timings(
        retrieve=(retrieved.retrieved_at - prepared.started) * 1000,
        answer=(done - retrieved.retrieved_at) * 1000,
        total=(done - prepared.started) * 1000,
    )
    if prepared.asked:  # a follow-up: say which question was answered
        answer = replace(
            answer,
            question=prepared.asked,
            standalone_question=prepared.question,
            text=f"{ANSWERING}{prepared.question}\n\n{answer.text}",
        )
    return replace(
        answer, notices=prepared.notices, timings=timings, retrieved=retrieval.hits[:TRACE_K]
    )
