"""The speed benchmark behind `make bench`, on the small record (the corpus folder) in a
fresh data directory, every figure beside the floor it should be judged against:

- queries: the floor is one query embedding plus one Chroma lookup; ours is the whole chain,
  warm, over the evaluation questions; both timed question by question, interleaved, best of
  ROUNDS (the machine is shared, so a slow moment hits both);
- the naive LangChain recipe on the same questions: latency and retrieval quality;
- cold start (`rag ask` from process start to its answer) and `rag --help`;
- ingest against the bare encoder embedding the same texts in one call, and the incremental
  case (one document changed: only its texts are embedded again).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from langchain_core.embeddings import Embeddings

from rag.evaluation.evaluate import EvalQuestion, System
from rag.evaluation.metrics import percentile
from rag.evaluation.speed_table import goals
from rag.settings import Settings

if TYPE_CHECKING:
    from rag.pipeline import Pipeline

ROUNDS = 2
HELP_RUNS = 5
CHANGED_TEXT = "\n\nThis paragraph was added by the benchmark to change the document.\n"


class Recording(Embeddings):
    """Passes embedding calls through and keeps the texts, to count and replay them."""

    def __init__(self, inner: Embeddings) -> None:
        self.inner = inner
        self.texts: list[str] = []

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed and remember the texts."""
        self.texts.extend(texts)
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        """Embed a question (not recorded)."""
        return self.inner.embed_query(text)


def bench_settings(base: Settings, work_dir: Path) -> Settings:
    """Settings for a fresh record in work_dir: a copy of the corpus and its own store."""
    corpus = work_dir / "corpus"
    shutil.rmtree(work_dir, ignore_errors=True)
    corpus.mkdir(parents=True)
    for source in sorted(base.corpus_dir.glob("*.md")):
        if source.name != "README.md":
            shutil.copy2(source, corpus / source.name)
    return base.model_copy(
        update={"data_dir": work_dir / "data", "corpus_dir": corpus, "chroma_url": ""}
    )


def measure_ingest(settings: Settings, model: Embeddings) -> dict[str, Any]:
    """A full ingest, the bare encoder on the same texts, then one document changed."""
    from rag.pipeline import run_ingest
    from rag.search.store import open_store

    store = open_store(settings)
    recording = Recording(model)
    full = run_ingest(settings, store, lambda: recording)
    texts = list(recording.texts)
    began = time.perf_counter()
    model.embed_documents(texts)
    floor = time.perf_counter() - began
    changed = sorted(settings.corpus_dir.glob("*.md"))[0]
    with changed.open("a", encoding="utf-8") as out:
        out.write(CHANGED_TEXT)
    again = Recording(model)
    step = run_ingest(settings, store, lambda: again)
    return {
        "ingest_s": full.seconds,
        "ingest_embed_s": dict(full.stages).get("embed", 0.0),
        "encoder_s": floor,
        "texts": len(texts),
        "passages": full.chunks_total,
        "incremental_s": step.seconds,
        "incremental_updated": list(step.updated),
        "incremental_texts": len(again.texts),
        "incremental_passages": step.chunks_written,
    }


def measure_queries(pipeline: Pipeline, questions: Sequence[str]) -> dict[str, Any]:
    """The floor and ours, per question, warm, interleaved, best of ROUNDS."""
    from rag.records import Filters
    from rag.search.embed import embed_query
    from rag.search.retrieve import SENTENCE_CANDIDATES

    total = pipeline.store.sentence_count()

    def floor(question: str) -> None:
        vector = embed_query(pipeline.embeddings, question)
        pipeline.store.query_sentences(vector, SENTENCE_CANDIDATES, Filters(), total)

    for question in questions:  # warm-up: caches, lazy imports, the allocator
        floor(question)
        pipeline.ask(question)
    floors = [float("inf")] * len(questions)
    ours = [float("inf")] * len(questions)
    for _ in range(ROUNDS):
        for i, question in enumerate(questions):
            floors[i] = min(floors[i], _ms(floor, question))
            ours[i] = min(ours[i], _ms(pipeline.ask, question))
    return {"questions": len(questions), **_spread("floor", floors), **_spread("ours", ours)}


def measure_naive(
    pipeline: Pipeline, questions: Sequence[EvalQuestion], texts: dict[str, str]
) -> dict[str, Any]:
    """Ours and the naive recipe on the questions this record can answer: retrieval quality
    (hit@1, hit@5, MRR@10) and latency, each answer timed the same way."""
    from rag.evaluation.baseline import NaiveSystem, pipeline_systems
    from rag.evaluation.evaluate import run_systems, summarize
    from rag.ingest.corpus import load_corpus

    documents, _ = load_corpus(pipeline.settings.corpus_dir)
    naive = NaiveSystem(documents, pipeline.embeddings)
    systems: list[System] = [*pipeline_systems(pipeline, ["hybrid"]), naive]
    for system in systems:  # warm-up
        for question in questions[:10]:
            system.answer(question.question)
    latencies: dict[str, list[float]] = {}
    for system in systems:
        latencies[system.name] = [_ms(system.answer, q.question) for q in questions]
    summary = summarize(run_systems(systems, questions, texts))
    out: dict[str, Any] = {"quality_questions": len(questions)}
    for system in systems:
        metrics = summary[system.name]["all"]["overall"]
        out[system.name] = {
            "hit@1": metrics["hit@1"],
            "hit@5": metrics["hit@5"],
            "mrr@10": metrics["mrr@10"],
            **_spread("latency", latencies[system.name]),
        }
    return out


def measure_startup(settings: Settings, question: str, root: Path) -> dict[str, Any]:
    """`rag ask` from process start to its printed answer (the index exists), and the best
    of HELP_RUNS runs of `rag --help`."""
    env = {
        **os.environ,
        "RAG_DATA_DIR": str(settings.data_dir),
        "RAG_CORPUS_DIR": str(settings.corpus_dir),
        "RAG_ENCODER": settings.encoder,
    }
    command = [sys.executable, "-m", "rag"]
    cold = _run_s([*command, "ask", question], env, root)
    helps = [_run_s([*command, "--help"], env, root) for _ in range(HELP_RUNS)]
    return {"cold_start_s": cold, "help_ms": min(helps) * 1000}


def _run_s(command: list[str], env: dict[str, str], cwd: Path) -> float:
    began = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, timeout=300)
    elapsed = time.perf_counter() - began
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command[1:])} failed: {done.stderr[-1000:]}")
    return elapsed


def _ms(call: Callable[[str], Any], question: str) -> float:
    began = time.perf_counter()
    call(question)
    return (time.perf_counter() - began) * 1000


def _spread(name: str, values: Sequence[float]) -> dict[str, float]:
    return {
        f"{name}_p50_ms": percentile(values, 50),
        f"{name}_p95_ms": percentile(values, 95),
        f"{name}_max_ms": max(values, default=0.0),
    }


def run_bench(
    base: Settings,
    questions: Sequence[EvalQuestion],
    work_dir: Path,
    root: Path,
    with_load: bool = True,
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Every measurement on a fresh copy of the small record in work_dir."""
    from rag.ingest.corpus import load_corpus
    from rag.pipeline import build_pipeline
    from rag.search.embed import load_embeddings

    settings = bench_settings(base, work_dir)
    log(f"[bench] encoder {settings.encoder}; ingesting {settings.corpus_dir}")
    began = time.perf_counter()
    model = load_embeddings(settings)
    results: dict[str, Any] = {"encoder": settings.encoder}
    results["model_load_s"] = time.perf_counter() - began
    results["ingest"] = measure_ingest(settings, model)
    pipeline = build_pipeline(settings, log=lambda _: None, embeddings=model)
    log(f"[bench] {len(questions)} questions: the floor and ours, {ROUNDS} rounds")
    results["queries"] = measure_queries(pipeline, [q.question for q in questions])
    texts = {d.doc_id: d.text for d in load_corpus(settings.corpus_dir)[0]}
    answerable = [q for q in questions if set(q.sources) <= set(texts)]
    log(f"[bench] ours and the naive recipe on {len(answerable)} questions")
    results["naive"] = measure_naive(pipeline, answerable, texts)
    log("[bench] cold start and --help")
    results["startup"] = measure_startup(settings, questions[0].question, root)
    if with_load:
        results["load"] = load_figures(settings, [q.question for q in questions], root, log)
    results["goals"] = goals(results)
    return results


def run_load_only(
    base: Settings,
    questions: Sequence[EvalQuestion],
    work_dir: Path,
    root: Path,
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    """The load test alone, on a fresh copy of the small record (the app indexes it)."""
    settings = bench_settings(base, work_dir)
    results: dict[str, Any] = {"encoder": settings.encoder}
    results["load"] = load_figures(settings, [q.question for q in questions], root, log)
    results["goals"] = goals(results)
    return results


def load_figures(
    settings: Settings, questions: Sequence[str], root: Path, log: Callable[[str], None]
) -> dict[str, Any]:
    """Start the app over the record and run the load test against it."""
    from rag.evaluation.loadtest import CLIENTS, PER_CLIENT, free_port, run_load, running_app

    began = time.perf_counter()
    with running_app(root, settings.data_dir, settings.corpus_dir, free_port()) as url:
        started = time.perf_counter() - began
        figures = run_load(url, questions, log)
    return {**figures, "clients": CLIENTS, "per_client": PER_CLIENT, "app_start_s": started}
