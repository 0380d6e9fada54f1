"""Builds the real pipeline (store, model, index, chain) once, lazily."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, fields
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from langchain_core.embeddings import Embeddings
from langchain_core.runnables import Runnable, RunnableLambda

from rag.answer.chain import Query, build_chain
from rag.answer.llm import EXTRACTIVE, chat_model, stream_synthesis, synthesize
from rag.answer.select import Weights
from rag.errors import ConfigError
from rag.ingest.build import IngestReport, ingest
from rag.records import Answer, Filters
from rag.search.embed import load_embeddings, model_id
from rag.search.index import RecordIndex
from rag.search.retrieve import RecordRetriever
from rag.search.store import Store, ingest_lock, open_store
from rag.settings import Encoder, Settings, get_settings

CALIBRATION_FILE = "calibration.json"


@dataclass
class Pipeline:
    """Everything needed to answer questions about one record."""

    settings: Settings
    store: Store
    embeddings: Embeddings
    index: RecordIndex
    weights: Weights
    chain: Runnable[Query, Answer]
    extractive: Runnable[Query, Answer]  # `chain` before the model's rewrite
    model: Any = None  # the chat model RAG_LLM names (None: extractive answers only)

    def ask(
        self,
        question: str,
        filters: Filters | None = None,
        k: int | None = None,
        history: Sequence[str] = (),
    ) -> Answer:
        """Answer one question; `history` holds the conversation's earlier questions, oldest
        first, and a follow-up is answered as the question it stands for."""
        return self.chain.invoke(Query(question, filters or Filters(), k, tuple(history)))

    def ask_stream(
        self,
        question: str,
        filters: Filters | None = None,
        k: int | None = None,
        history: Sequence[str] = (),
    ) -> Iterator[str | Answer]:
        """Answer one question as `ask` does; with a language model, first yield its text as
        it writes it (unverified), then the verified answer, always last."""
        if self.model is None:
            yield self.ask(question, filters, k, history)
            return
        answer = self.extractive.invoke(Query(question, filters or Filters(), k, tuple(history)))
        yield from stream_synthesis(answer, self.model, self.embeddings)

    def use_weights(self, weights: Weights) -> None:
        """Answer with other weights from now on (after a calibration)."""
        self.weights = weights
        self.extractive = build_chain(self.index, weights, self.settings.top_k)
        self.chain = with_synthesis(self.extractive, self.settings, self.embeddings, self.model)

    def retriever(self, k: int | None = None, filters: Filters | None = None) -> RecordRetriever:
        """The hybrid search as a LangChain retriever."""
        return RecordRetriever(
            index=self.index, k=k or self.settings.top_k, filters=filters or Filters()
        )


def calibration_path(settings: Settings | None = None) -> Path:
    """The one tuning file answers are scored with: RAG_CALIBRATION if set, else the file
    shipped in the package (rag/data/calibration.json)."""
    if settings is not None and settings.calibration is not None:
        return settings.calibration
    return Path(str(resources.files("rag").joinpath("data", CALIBRATION_FILE)))


def load_weights(path: Path | None = None) -> Weights:
    """The answer weights and thresholds, as calibrated on the tuning splits. Read strictly:
    a key the scorer does not know, or one it needs and the file lacks, is an error (keys
    starting "_" are notes)."""
    path = path or calibration_path()
    try:
        values: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"{path}: the calibration file cannot be read ({exc}).") from exc
    known = {f.name for f in fields(Weights)}
    given = {k for k in values if not k.startswith("_")}
    if given != known:
        unknown = ", ".join(sorted(given - known)) or "none"
        missing = ", ".join(sorted(known - given)) or "none"
        raise ConfigError(
            f"{path}: the calibration does not match the scorer (unknown keys: {unknown}; "
            f"missing keys: {missing}): restore the committed file (git checkout "
            f"rag/data/calibration.json), or add the missing keys and run `rag eval --calibrate`."
        )
    return Weights(**{k: values[k] for k in known})


def run_ingest(
    settings: Settings,
    store: Store | None = None,
    embeddings: Callable[[], Embeddings] | None = None,
    progress: Callable[[str, int], None] | None = None,
    allow_empty: bool = False,
) -> IngestReport:
    """Bring the index in line with the corpus; loads the model only if something changed.
    An empty corpus folder empties a non-empty index only with `allow_empty`."""
    store = store or open_store(settings)
    with ingest_lock(settings):
        return ingest(
            settings.corpus_dir,
            store,
            embeddings or (lambda: embeddings_for(settings)),
            model_id(settings),
            progress,
            allow_empty,
        )


def build_pipeline(
    settings: Settings,
    log: Callable[[str], None] | None = None,
    embeddings: Embeddings | None = None,
) -> Pipeline:
    """Open the store, load the model, build the index from the corpus if there is none."""
    say = log or (lambda message: print(message, file=sys.stderr))
    store = open_store(settings)
    embeddings = embeddings or embeddings_for(settings)
    model = embeddings
    if not store.indexed_documents():
        say(f"No index in {settings.data_dir}: building it from {settings.corpus_dir} ...")
        say(run_ingest(settings, store, lambda: model).summary())
    index = RecordIndex(store, embeddings)
    weights = load_weights(calibration_path(settings))
    model = synthesis_model(settings)
    extractive = build_chain(index, weights, settings.top_k)
    chain = with_synthesis(extractive, settings, embeddings, model)
    return Pipeline(settings, store, embeddings, index, weights, chain, extractive, model)


def synthesis_model(settings: Settings) -> Any:
    """The chat model RAG_LLM names, or None for extractive answers."""
    if settings.llm == EXTRACTIVE:
        return None
    return chat_model(
        settings.llm, settings.llm_base_url, settings.llm_api_key, settings.llm_timeout
    )


def with_synthesis(
    chain: Runnable[Query, Answer],
    settings: Settings,
    embeddings: Embeddings,
    model: Any = None,
) -> Runnable[Query, Answer]:
    """The chain, followed by the verified language-model rewrite when RAG_LLM names one
    (`model`: that model, if already made)."""
    if settings.llm == EXTRACTIVE:
        return chain
    chosen = model if model is not None else synthesis_model(settings)
    return chain | RunnableLambda(lambda answer: synthesize(answer, chosen, embeddings))


@cache
def get_pipeline() -> Pipeline:
    """The one pipeline of this process, built on first use from the environment's settings."""
    return build_pipeline(get_settings())


def embeddings_for(settings: Settings) -> Embeddings:
    """The embedding model the settings name, loaded once per process."""
    return _model(settings.model_path, settings.encoder, settings.cache_dir)


@cache
def _model(model_path: Path | None, encoder: Encoder, cache_dir: Path) -> Embeddings:
    """One model per model folder and encoder in a process, whatever else settings change."""
    return load_embeddings(Settings(model_path=model_path, encoder=encoder, cache_dir=cache_dir))
