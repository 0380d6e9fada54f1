"""Builds the real pipeline (store, model, index, chain) once, lazily."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from langchain_core.embeddings import Embeddings
from langchain_core.runnables import Runnable

from rag.chain import Query, build_chain
from rag.embed import load_embeddings, model_id
from rag.errors import ConfigError, RagError
from rag.evaluate import EvalQuestion, System
from rag.ingest import IngestReport, ingest
from rag.records import Answer, Document, Filters
from rag.retrieve import RecordIndex, RecordRetriever
from rag.select import Weights
from rag.settings import Encoder, Settings, get_settings
from rag.store import Store, ingest_lock, open_store

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

    def ask(self, question: str, filters: Filters | None = None, k: int | None = None) -> Answer:
        """Answer one question."""
        return self.chain.invoke(Query(question, filters or Filters(), k))

    def use_weights(self, weights: Weights) -> None:
        """Answer with other weights from now on (after a calibration)."""
        self.weights = weights
        self.chain = build_chain(self.index, weights, self.settings.top_k)

    def retriever(self, k: int | None = None, filters: Filters | None = None) -> RecordRetriever:
        """The hybrid search as a LangChain retriever."""
        return RecordRetriever(
            index=self.index, k=k or self.settings.top_k, filters=filters or Filters()
        )


def calibration_path() -> Path:
    """The file holding the calibrated weights (inside the package)."""
    return Path(str(resources.files("rag").joinpath("data", CALIBRATION_FILE)))


def load_weights(path: Path | None = None) -> Weights:
    """The answer weights and thresholds, as calibrated on the tuning splits. Read strictly:
    a key the scorer does not know, or one it needs and the file lacks, is an error (keys
    starting "_" are notes)."""
    path = path or calibration_path()
    values: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
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
            embeddings or (lambda: _embeddings(settings)),
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
    embeddings = embeddings or _embeddings(settings)
    model = embeddings
    if not store.indexed_documents():
        say(f"No index in {settings.data_dir}: building it from {settings.corpus_dir} ...")
        say(run_ingest(settings, store, lambda: model).summary())
    index = RecordIndex(store, embeddings)
    weights = load_weights()
    chain = build_chain(index, weights, settings.top_k)
    return Pipeline(settings, store, embeddings, index, weights, chain)


def comparison_systems(
    pipeline: Pipeline, documents: Sequence[Document], compare: bool
) -> list[System]:
    """Ours alone, or ours beside dense only, BM25 only and the naive tutorial recipe."""
    from rag.baseline import NaiveSystem, pipeline_systems

    if not compare:
        return list(pipeline_systems(pipeline, ["hybrid"]))
    return [
        *pipeline_systems(pipeline, ["hybrid", "dense", "keyword"]),
        NaiveSystem(documents, pipeline.embeddings),
    ]


def _evaluation_record(settings: Settings, name: str) -> Settings:
    """Settings for an evaluation record kept in RAG_DATA_DIR/<name>, with its own corpus."""
    folder = settings.data_dir / name
    (folder / "corpus").mkdir(parents=True, exist_ok=True)
    return settings.model_copy(update={"data_dir": folder, "corpus_dir": folder / "corpus"})


def build_eval_record(settings: Settings, log: Callable[[str], None] | None = None) -> Pipeline:
    """The record the evaluation set is written for: the corpus plus Newham's three Ofsted
    reports (RAG_REPORTS_DIR/newham, else the committed copy), kept in RAG_DATA_DIR/eval and
    updated incrementally."""
    import shutil

    from rag.add import add_sources
    from rag.corpus import corpus_files

    reports = settings.newham_reports_dir
    if not reports.is_dir():
        raise RagError(
            f"The evaluation needs Newham's Ofsted reports, not found in {reports}: set "
            "RAG_REPORTS_DIR to the folder of report PDFs (with a newham/ folder)."
        )
    record = _evaluation_record(settings, "eval")
    for stale in corpus_files(record.corpus_dir):
        stale.unlink()
    for source in corpus_files(settings.corpus_dir):
        shutil.copy2(source, record.corpus_dir / source.name)
    added = add_sources([reports], record.corpus_dir, {})
    if added.problems:
        raise RagError("Cannot add Newham's reports: " + "; ".join(added.problems))
    model = _embeddings(settings)
    run_ingest(record, open_store(record), lambda: model)
    return build_pipeline(record, log, model)


def build_council_record(
    settings: Settings, councils: Sequence[str], log: Callable[[str], None] | None = None
) -> tuple[Pipeline, dict[str, str]]:
    """The record of the cross-council evaluation: every report PDF of the given councils
    (from RAG_REPORTS_DIR), added with `rag add`'s code into RAG_DATA_DIR/eval-councils and
    updated incrementally; with it, each report file (`council/file.pdf`) -> its document id."""
    from rag.add import add_sources, source_location
    from rag.corpus import load_corpus

    folders = [settings.reports_dir / council for council in councils]
    missing = [str(f) for f in folders if not f.is_dir()]
    if missing:
        raise RagError(
            f"The cross-council evaluation needs the report PDFs, not found: {missing[0]}: set "
            "RAG_REPORTS_DIR to the folder of report PDFs (one folder per council)."
        )
    record = _evaluation_record(settings, "eval-councils")
    added = add_sources(folders, record.corpus_dir, {})
    if added.problems:
        say = log or (lambda message: print(message, file=sys.stderr))
        say("Some reports could not be added: " + "; ".join(added.problems))
    model = _embeddings(settings)
    run_ingest(record, open_store(record), lambda: model)
    ids = {}
    root = settings.reports_dir.resolve()
    for document in load_corpus(record.corpus_dir)[0]:
        path = source_location(document.meta, record.corpus_dir)
        if path and path.is_relative_to(root):
            ids[path.relative_to(root).as_posix()] = document.doc_id
    return build_pipeline(record, log, model), ids


def council_set(settings: Settings) -> tuple[Pipeline, list[EvalQuestion], tuple[str, ...]]:
    """The cross-council evaluation: its record (every report of the councils listed in
    eval/reports/councils.yaml), its questions with sources named by document id, its splits."""
    import yaml

    from rag.evaluate import COUNCIL_SPLITS, load_council_questions, with_sources

    folder = settings.eval_dir / "reports"
    councils = yaml.safe_load((folder / "councils.yaml").read_text(encoding="utf-8"))["councils"]
    pipeline, ids = build_council_record(settings, sorted(councils))
    return pipeline, with_sources(load_council_questions(folder), ids), COUNCIL_SPLITS


def record_listing(settings: Settings) -> str:
    """The indexed documents as a table: id, title, date, speaker, event, passages."""
    from rag.report import format_table

    documents = open_store(settings).indexed_documents()
    if not documents:
        return f"No index in {settings.data_dir}: run `rag ingest`."
    rows = [["id", "title", "date", "speaker", "event", "passages"]]
    for doc_id, d in sorted(documents.items(), key=lambda item: (item[1].meta.date, item[0])):
        title = d.meta.title if len(d.meta.title) <= 60 else d.meta.title[:57] + "..."
        rows.append(
            [
                doc_id,
                title,
                d.meta.date.isoformat(),
                d.meta.source_type,
                d.meta.event,
                str(d.chunks),
            ]
        )
    return format_table(rows)


@cache
def get_pipeline() -> Pipeline:
    """The one pipeline of this process, built on first use from the environment's settings."""
    return build_pipeline(get_settings())


def _embeddings(settings: Settings) -> Embeddings:
    return _model(settings.model_path, settings.encoder, settings.cache_dir)


@cache
def _model(model_path: Path | None, encoder: Encoder, cache_dir: Path) -> Embeddings:
    """One model per model folder and encoder in a process, whatever else settings change."""
    return load_embeddings(Settings(model_path=model_path, encoder=encoder, cache_dir=cache_dir))
