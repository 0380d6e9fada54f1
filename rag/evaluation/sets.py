"""The evaluation's records and question sets: the Newham record (the corpus plus Newham's
three reports) and the cross-council record (every report of the councils in
eval/reports/councils.yaml), each kept in its own folder under RAG_DATA_DIR and updated
incrementally; and the systems compared on them."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence

from rag.errors import RagError
from rag.evaluation.evaluate import EvalQuestion, System
from rag.pipeline import Pipeline, build_pipeline, embeddings_for, run_ingest
from rag.records import Document
from rag.search.store import open_store
from rag.settings import Settings


def comparison_systems(
    pipeline: Pipeline, documents: Sequence[Document], compare: bool
) -> list[System]:
    """Ours alone, or ours beside dense only, BM25 only and the naive tutorial recipe."""
    from rag.evaluation.baseline import NaiveSystem, pipeline_systems

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

    from rag.ingest.add import add_sources
    from rag.ingest.corpus import corpus_files

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
    model = embeddings_for(settings)
    run_ingest(record, open_store(record), lambda: model)
    return build_pipeline(record, log, model)


def build_council_record(
    settings: Settings, councils: Sequence[str], log: Callable[[str], None] | None = None
) -> tuple[Pipeline, dict[str, str]]:
    """The record of the cross-council evaluation: every report PDF of the given councils
    (from RAG_REPORTS_DIR), added with `rag add`'s code into RAG_DATA_DIR/eval-councils and
    updated incrementally; with it, each report file (`council/file.pdf`) -> its document id."""
    from rag.ingest.add import add_sources, source_location
    from rag.ingest.corpus import load_corpus

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
    model = embeddings_for(settings)
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

    from rag.evaluation.evaluate import COUNCIL_SPLITS, load_council_questions, with_sources

    folder = settings.eval_dir / "reports"
    councils = yaml.safe_load((folder / "councils.yaml").read_text(encoding="utf-8"))["councils"]
    pipeline, ids = build_council_record(settings, sorted(councils))
    return pipeline, with_sources(load_council_questions(folder), ids), COUNCIL_SPLITS
