"""The scale benchmark behind `make bench-national`: ingest a folder of report PDFs into a
fresh data directory and measure it beside the small corpus.

Each phase runs in its own process, so its peak memory is its own: ingest (parse -> chunk ->
embed -> store), the bare encoder embedding the same texts once (the floor: no parsing,
chunking or storing, one call over everything), and the app answering a fixed question list.
Results print as a table and are saved as JSON.
"""

from __future__ import annotations

import json
import resource
import shutil
import statistics
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Any

from langchain_core.embeddings import Embeddings

from rag.errors import RagError
from rag.evaluation.metrics import percentile
from rag.evaluation.speed import Recording
from rag.settings import Settings, get_settings

TEXTS_FILE = "embedded-texts.json"

# Goals from issue 5, checked against the national column.
INGEST_FLOOR_RATIO = 1.5
INGEST_MINUTES = 20.0
QUERY_P50_RATIO = 3.0
PEAK_RSS_MB = 2048.0


@dataclass(frozen=True)
class Record:
    """One corpus to measure: where its sources are and where its index goes."""

    name: str
    sources: tuple[Path, ...]
    data_dir: Path
    from_pdfs: bool


def read_questions(path: Path) -> list[str]:
    """The benchmark questions: one per line, `#` comments and blank lines skipped."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    questions = [line for line in lines if line and not line.startswith("#")]
    if not questions:
        raise RagError(f"No questions in {path}")
    return questions


def report_files(reports_dir: Path, limit: int | None) -> list[Path]:
    """The report files under reports_dir, in a fixed order (the first `limit` if given)."""
    if not reports_dir.is_dir():
        raise RagError(
            f"No report folder {reports_dir}: set RAG_REPORTS_DIR to the folder of report PDFs."
        )
    files = sorted(p for p in reports_dir.rglob("*.pdf") if p.is_file())
    if not files:
        raise RagError(f"No PDF files under {reports_dir}")
    return files[:limit] if limit else files


def run_benchmark(
    questions: Sequence[str],
    reports: Sequence[Path],
    bench_dir: Path,
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Measure the small corpus and the reports, each phase in a fresh process."""
    settings = get_settings()
    records = [
        Record("small", (settings.corpus_dir,), bench_dir / "small", from_pdfs=False),
        Record("national", tuple(reports), bench_dir / "national", from_pdfs=True),
    ]
    results: dict[str, Any] = {}
    context = get_context("spawn")
    for record in records:
        log(f"[{record.name}] ingesting {len(record.sources)} source(s) into {record.data_dir}")
        ingest = _in_process(context, ingest_phase, record)
        log(f"[{record.name}] ingest {ingest['wall_s']:.1f} s; bare encoder on the same texts")
        floor = _in_process(context, floor_phase, record)
        log(f"[{record.name}] floor {floor['floor_s']:.1f} s; {len(questions)} questions")
        queries = _in_process(context, query_phase, record, list(questions))
        results[record.name] = {**ingest, **floor, **queries}
    results["goals"] = check_goals(results["small"], results["national"])
    return results


def rerun_queries(
    previous: dict[str, Any],
    questions: Sequence[str],
    bench_dir: Path,
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Measure the query phase again on the indexes of an earlier run (after a change to
    the answer path), keeping that run's ingest and floor figures."""
    results = dict(previous)
    context = get_context("spawn")
    for name in ("small", "national"):
        record = Record(name, (), bench_dir / name, from_pdfs=name == "national")
        if not (record.data_dir / "chroma").is_dir() or name not in previous:
            raise RagError(
                f"No earlier {name} index in {record.data_dir}: run the benchmark first."
            )
        log(f"[{name}] {len(questions)} questions on the existing index")
        queries = _in_process(context, query_phase, record, list(questions))
        results[name] = {**previous[name], **queries}
    results["goals"] = check_goals(results["small"], results["national"])
    return results


def _in_process(
    context: BaseContext, phase: Callable[..., dict[str, Any]], *args: Any
) -> dict[str, Any]:
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(phase, *args).result()


def _record_settings(record: Record) -> Settings:
    return get_settings().model_copy(
        update={"data_dir": record.data_dir, "corpus_dir": record.data_dir / "corpus"}
    )


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def ingest_phase(record: Record) -> dict[str, Any]:
    """A fresh data directory: add the sources (parsing PDFs), then ingest them."""
    from rag.ingest.add import add_sources
    from rag.ingest.corpus import corpus_files, load_corpus
    from rag.ingest.progress import progress_bar
    from rag.pipeline import run_ingest
    from rag.search.embed import load_embeddings

    settings = _record_settings(record)
    shutil.rmtree(record.data_dir, ignore_errors=True)
    settings.corpus_dir.mkdir(parents=True)
    started = time.perf_counter()
    if record.from_pdfs:
        added = add_sources(record.sources, settings.corpus_dir, {}, progress=progress_bar("files"))
        written, problems = len(added.written), added.problems
    else:
        for source in corpus_files(record.sources[0]):
            shutil.copy2(source, settings.corpus_dir / source.name)
        written, problems = len(corpus_files(settings.corpus_dir)), []
    parsed = time.perf_counter() - started
    recording: list[Recording] = []

    def model() -> Embeddings:
        recording.append(Recording(load_embeddings(settings)))
        return recording[0]

    report = run_ingest(settings, embeddings=model, progress=progress_bar())
    wall = time.perf_counter() - started
    texts = recording[0].texts if recording else []
    (record.data_dir / TEXTS_FILE).write_text(json.dumps(texts), encoding="utf-8")
    documents, _ = load_corpus(settings.corpus_dir)
    stages = dict(report.stages)
    return {
        "documents": written,
        "problems": problems,
        "text_mb": sum(len(d.text.encode("utf-8")) for d in documents) / 1e6,
        "words": sum(len(d.text.split()) for d in documents),
        "passages": report.chunks_total,
        "texts_embedded": len(texts),
        "parse_s": parsed if record.from_pdfs else None,
        "read_s": stages.get("read", 0.0),
        "chunk_s": stages.get("chunk", 0.0),
        "embed_s": stages.get("embed", 0.0),
        "store_s": stages.get("store", 0.0),
        "model_load_s": report.seconds - sum(stages.values()),
        "wall_s": wall,
        "ingest_rss_mb": _peak_rss_mb(),
    }


def floor_phase(record: Record) -> dict[str, Any]:
    """The bare encoder (RAG_ENCODER's, no chunking, no store) embedding, in one call, the
    texts the ingest embedded; model loading is not counted."""
    from rag.search.embed import load_embeddings

    texts: list[str] = json.loads((record.data_dir / TEXTS_FILE).read_text(encoding="utf-8"))
    encoder = load_embeddings(get_settings())
    started = time.perf_counter()
    encoder.embed_documents(texts)
    return {"floor_s": time.perf_counter() - started, "floor_rss_mb": _peak_rss_mb()}


def query_phase(record: Record, questions: list[str]) -> dict[str, Any]:
    """Start the app's pipeline on the record and time each question (after one full pass,
    so the figures are a running app's, not its first minute's)."""
    from rag.pipeline import build_pipeline

    settings = _record_settings(record)
    started = time.perf_counter()
    pipeline = build_pipeline(settings, log=lambda message: None)
    startup = time.perf_counter() - started
    first = _timed(pipeline.ask, questions[0])
    for question in questions[1:]:
        pipeline.ask(question)
    latencies = [_timed(pipeline.ask, question) for question in questions]
    return {
        "startup_s": startup,
        "first_query_ms": first,
        "query_p50_ms": percentile(latencies, 50),
        "query_p95_ms": percentile(latencies, 95),
        "query_mean_ms": statistics.fmean(latencies),
        "questions": len(questions),
        "query_rss_mb": _peak_rss_mb(),
    }


def _timed(ask: Callable[[str], Any], question: str) -> float:
    began = time.perf_counter()
    ask(question)
    return (time.perf_counter() - began) * 1000


def check_goals(small: dict[str, Any], national: dict[str, Any]) -> list[dict[str, Any]]:
    """Each goal of issue 5 with the measured value and whether it was met."""
    ratio = national["wall_s"] / national["floor_s"] if national["floor_s"] else float("inf")
    p50_ratio = national["query_p50_ms"] / small["query_p50_ms"]
    peak = max(national["ingest_rss_mb"], national["query_rss_mb"])
    goals = [
        ("ingest wall / encoder floor", f"<= {INGEST_FLOOR_RATIO}x", ratio, INGEST_FLOOR_RATIO),
        ("ingest wall (min)", f"<= {INGEST_MINUTES:.0f}", national["wall_s"] / 60, INGEST_MINUTES),
        ("query p50 national / small", f"<= {QUERY_P50_RATIO}x", p50_ratio, QUERY_P50_RATIO),
        ("peak RSS (MB)", f"<= {PEAK_RSS_MB:.0f}", peak, PEAK_RSS_MB),
    ]
    return [
        {"goal": name, "target": target, "measured": round(value, 2), "met": value <= limit}
        for name, target, value, limit in goals
    ]


_ROWS: list[tuple[str, str, str]] = [
    ("documents", "documents", "{:.0f}"),
    ("files that failed", "problems", "{}"),
    ("text (MB)", "text_mb", "{:.1f}"),
    ("words", "words", "{:,}"),
    ("passages", "passages", "{:,}"),
    ("texts embedded", "texts_embedded", "{:,}"),
    ("parse PDF -> corpus (s)", "parse_s", "{:.1f}"),
    ("read corpus (s)", "read_s", "{:.1f}"),
    ("chunk (s)", "chunk_s", "{:.1f}"),
    ("embed (s)", "embed_s", "{:.1f}"),
    ("store (s)", "store_s", "{:.1f}"),
    ("load model (s)", "model_load_s", "{:.1f}"),
    ("ingest wall (s)", "wall_s", "{:.1f}"),
    ("bare encoder floor (s)", "floor_s", "{:.1f}"),
    ("ingest / floor", "ratio", "{:.2f}x"),
    ("peak RSS ingest (MB)", "ingest_rss_mb", "{:.0f}"),
    ("peak RSS floor (MB)", "floor_rss_mb", "{:.0f}"),
    ("app startup (s)", "startup_s", "{:.1f}"),
    ("first question (ms)", "first_query_ms", "{:.0f}"),
    ("query p50 (ms)", "query_p50_ms", "{:.0f}"),
    ("query p95 (ms)", "query_p95_ms", "{:.0f}"),
    ("peak RSS app (MB)", "query_rss_mb", "{:.0f}"),
]


def render(results: dict[str, Any]) -> str:
    """The results as two tables: the measurements side by side, then the goals."""
    from rag.evaluation.report import format_table

    rows = [["", "small corpus", "national corpus"]]
    for label, key, form in _ROWS:
        cells = [label]
        for name in ("small", "national"):
            values = dict(results[name])
            if values.get("floor_s"):
                values["ratio"] = values["wall_s"] / values["floor_s"]
            value = values.get(key)
            if key == "problems":
                value = len(value or [])
            cells.append("-" if value is None else form.format(value))
        rows.append(cells)
    goals = [["goal", "target", "measured", "met"]] + [
        [g["goal"], g["target"], str(g["measured"]), "yes" if g["met"] else "NO"]
        for g in results["goals"]
    ]
    return format_table(rows) + "\n\n" + format_table(goals)
