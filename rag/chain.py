"""The retrieval chain: question -> retrieval -> answer, as a LangChain Runnable.

Each step is a plain function; the Runnable only strings them together, so other LangChain
programs can invoke, batch or stream the chain like any other.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from functools import partial

from langchain_core.runnables import Runnable, RunnableLambda

from rag.answer import compose_answer
from rag.errors import QuestionError
from rag.question import QuestionKind, classify_question
from rag.records import Answer, Filters, Retrieval, Timings
from rag.retrieve import RecordIndex, RetrievalMode, retrieve, retrieve_per_event
from rag.scope import narrow
from rag.select import Weights

MAX_QUESTION_CHARS = 1000
# Words that make "how did it change?" find the judgements and progress at each visit.
TIMELINE_HINT = "judged progress improvement inadequate"
PER_EVENT_K = 3
TRACE_K = 10  # passages kept in the answer's trace (retrieval metrics use ten)


@dataclass(frozen=True)
class Query:
    """A question as asked, with its filters and how many passages to retrieve."""

    question: str
    filters: Filters = field(default_factory=Filters)
    k: int | None = None


@dataclass(frozen=True)
class _Prepared:
    question: str
    kind: QuestionKind
    filters: Filters
    k: int
    notices: tuple[str, ...]
    started: float


@dataclass(frozen=True)
class _Retrieved:
    prepared: _Prepared
    retrieval: Retrieval
    retrieved_at: float


def prepare_question(raw: str) -> tuple[str, tuple[str, ...]]:
    """The question tidied and, if very long, cut short (with a notice saying so)."""
    question = " ".join(raw.split())
    if not question:
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
    kind = classify_question(question)
    k = query.k or default_k
    if kind == "list":
        k *= 2
    return _Prepared(question, kind, query.filters, k, notices, started)


def _retrieve(prepared: _Prepared, index: RecordIndex, mode: RetrievalMode) -> _Retrieved:
    index.refresh()
    if prepared.kind == "timeline":
        retrieval = retrieve_per_event(
            index, prepared.question, prepared.filters, PER_EVENT_K, TIMELINE_HINT, mode, False
        )
    else:
        filters, narrowed = narrow(prepared.question, prepared.filters, index.scope)
        k = max(prepared.k, TRACE_K)
        found = retrieve(index, prepared.question, filters, k, mode, refresh=False)
        retrieval = replace(found, narrowed=narrowed)
    return _Retrieved(prepared, retrieval, time.perf_counter())


def _for_answer(retrieved: _Retrieved) -> Retrieval:
    """The passages the answer draws on: the top k (all of them for a timeline)."""
    prepared, retrieval = retrieved.prepared, retrieved.retrieval
    if prepared.kind == "timeline":
        return retrieval
    return replace(retrieval, hits=retrieval.hits[: prepared.k])


def prepare_retrieval(
    index: RecordIndex, query: Query, default_k: int, mode: RetrievalMode = "hybrid"
) -> tuple[QuestionKind, Retrieval]:
    """The chain's first two steps: the question's kind and the retrieval its answer uses."""
    retrieved = _retrieve(_prepare(query, default_k), index, mode)
    return retrieved.prepared.kind, _for_answer(retrieved)


def _answer(retrieved: _Retrieved, index: RecordIndex, weights: Weights) -> Answer:
    prepared = retrieved.prepared
    retrieval = retrieved.retrieval
    answer = compose_answer(index, _for_answer(retrieved), prepared.kind, weights)
    done = time.perf_counter()
    timings = Timings(
        retrieve=(retrieved.retrieved_at - prepared.started) * 1000,
        answer=(done - retrieved.retrieved_at) * 1000,
        total=(done - prepared.started) * 1000,
    )
    return replace(
        answer, notices=prepared.notices, timings=timings, retrieved=retrieval.hits[:TRACE_K]
    )
