"""The speed benchmark's own parts: the fresh record it runs on, the spread of its timings,
and the recording of what an ingest embeds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from rag.evaluation.speed import Recording, _spread, bench_settings
from rag.settings import Settings


def _base(tmp_path: Path) -> Settings:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("a.md", "b.md", "README.md", "notes.txt"):
        (corpus / name).write_text(f"text of {name}\n", encoding="utf-8")
    return Settings(
        data_dir=tmp_path / "data",
        corpus_dir=corpus,
        chroma_url="http://127.0.0.1:9",
        top_k=9,
        collection="bench-base",
    )


def test_bench_settings_copy_the_documents_into_a_fresh_record(tmp_path: Path) -> None:
    base = _base(tmp_path)
    work = tmp_path / "work"
    (work / "data").mkdir(parents=True)
    (work / "data" / "stale.sqlite3").write_text("from a previous run")
    settings = bench_settings(base, work)
    assert settings.data_dir == work / "data" and not settings.data_dir.exists()
    assert settings.corpus_dir == work / "corpus"
    assert sorted(p.name for p in settings.corpus_dir.iterdir()) == ["a.md", "b.md"]
    assert (settings.corpus_dir / "a.md").read_text(encoding="utf-8") == "text of a.md\n"
    assert settings.chroma_url == ""  # its own embedded store, never the base's server
    assert (settings.top_k, settings.collection) == (9, "bench-base")
    assert sorted(p.name for p in base.corpus_dir.iterdir()) == [
        "README.md",
        "a.md",
        "b.md",
        "notes.txt",
    ]


def test_bench_settings_start_again_on_a_second_run(tmp_path: Path) -> None:
    base = _base(tmp_path)
    work = tmp_path / "work"
    first = bench_settings(base, work)
    (first.corpus_dir / "a.md").write_text("changed by the benchmark", encoding="utf-8")
    (base.corpus_dir / "b.md").unlink()
    second = bench_settings(base, work)
    assert sorted(p.name for p in second.corpus_dir.iterdir()) == ["a.md"]
    assert (second.corpus_dir / "a.md").read_text(encoding="utf-8") == "text of a.md\n"


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], (0.0, 0.0, 0.0)),
        ([7.0], (7.0, 7.0, 7.0)),
        ([40.0, 10.0, 30.0, 20.0], (25.0, 38.5, 40.0)),
        ([1.0] * 19 + [100.0], (1.0, 5.95, 100.0)),
    ],
)
def test_spread(values: list[float], expected: tuple[float, float, float]) -> None:
    spread = _spread("ours", values)
    assert list(spread) == ["ours_p50_ms", "ours_p95_ms", "ours_max_ms"]
    assert tuple(spread.values()) == pytest.approx(expected)


def test_recording_keeps_the_texts_it_embeds(embeddings: Any) -> None:
    recording = Recording(embeddings)
    first = ["Children were seen alone.", "Managers oversee casework."]
    vectors = recording.embed_documents(first)
    recording.embed_documents(["Children were seen alone."])
    assert recording.texts == [*first, "Children were seen alone."]
    assert vectors == embeddings.embed_documents(first)
    query = recording.embed_query("Were children seen alone?")
    assert query == embeddings.embed_query("Were children seen alone?")
    assert len(recording.texts) == 3  # questions are not recorded
