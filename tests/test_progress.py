"""The progress bar: one bar per stage, drawn on standard error, counting what each stage did."""

from __future__ import annotations

import pytest
from tqdm import tqdm

from rag.ingest.progress import progress_bar


def _live_bars() -> dict[str, int]:
    """The open tqdm bars, by description, with their counts."""
    return {bar.desc: bar.n for bar in list(getattr(tqdm, "_instances", ()))}


def test_each_stage_draws_its_own_bar_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    update = progress_bar("files")
    update("Reading files", 2)
    update("Reading files", 3)
    update("Embedding passages", 7)
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("Reading files:") == 1  # a stage's bar is drawn once, then updated
    assert err.count("Embedding passages:") == 1
    assert " files" in err


def test_each_stage_counts_its_own_updates() -> None:
    update = progress_bar()
    update("Stage one of a progress test", 2)
    update("Stage one of a progress test", 3)
    update("Stage two of a progress test", 7)
    bars = _live_bars()
    assert bars["Stage one of a progress test"] == 5
    assert bars["Stage two of a progress test"] == 7


def test_the_unit_defaults_to_texts(capsys: pytest.CaptureFixture[str]) -> None:
    progress_bar()("Embedding", 1)
    assert " texts" in capsys.readouterr().err
