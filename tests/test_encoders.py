"""The encoder comparison: the texts it embeds, the extrapolated national ingest, its table."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest

from rag.evaluation.encoders import ENCODERS, ROUNDS, ingest_texts, national_estimate, render
from rag.evaluation.speed import Recording
from rag.ingest.corpus import render_document
from rag.records import DocumentMeta

ROOT = Path(__file__).resolve().parent.parent

RESULTS: dict[str, Any] = {
    "texts": 1250,
    "torch": {"texts_per_s": 400.4, "speedup": 1.0, "cosine_min": 1.0, "cosine_mean": 1.0},
    "onnx": {"texts_per_s": 900.0, "speedup": 2.25, "cosine_min": 0.99991, "cosine_mean": 0.99999},
    "onnx-int8": {"texts_per_s": 1600.0, "speedup": 4.0, "cosine_min": 0.9512, "cosine_mean": 0.98},
}


@pytest.mark.parametrize(
    ("national", "speedup", "expected"),
    [
        ({"wall_s": 100.0, "embed_s": 60.0}, 1.0, 100.0),
        ({"wall_s": 100.0, "embed_s": 60.0}, 2.0, 70.0),
        ({"wall_s": 100.0, "embed_s": 60.0}, 0.5, 160.0),
        ({"wall_s": 3000, "embed_s": 0, "other": 1}, 3.0, 3000.0),
        ({"wall_s": "50", "embed_s": "50"}, 4.0, 12.5),  # as a JSON file may hold them
    ],
)
def test_national_estimate(national: dict[str, Any], speedup: float, expected: float) -> None:
    assert national_estimate(national, speedup) == pytest.approx(expected)


def _rows(table: str) -> dict[str, list[str]]:
    lines = [line for line in table.splitlines() if line.startswith("|")]
    assert lines[1] == "| --- | --- | --- | --- | --- |"
    cells = [[c.strip() for c in line.strip("|").split("|")] for line in lines]
    return {row[0]: row[1:] for row in cells if row[0] != "---"}


def test_render_has_a_row_for_each_encoder() -> None:
    table = render(RESULTS, None)
    assert table.splitlines()[0] == f"1250 texts, batches of 32 sorted by length, best of {ROUNDS}"
    rows = _rows(table)
    assert list(rows) == ["encoder", *ENCODERS]
    assert rows["torch"] == ["400", "1.00x", "1.0000 / 1.0000", "-"]
    assert rows["onnx"] == ["900", "2.25x", "0.9999 / 1.0000", "-"]
    assert rows["onnx-int8"] == ["1600", "4.00x", "0.9512 / 0.9800", "-"]


def test_render_extrapolates_the_national_ingest_per_encoder() -> None:
    national = {"wall_s": 1200.0, "embed_s": 900.0}  # 20 minutes, 15 of them embedding
    rows = _rows(render(RESULTS, national))
    estimates = {name: rows[name][-1] for name in ENCODERS}
    assert estimates == {"torch": "20.0 min", "onnx": "11.7 min", "onnx-int8": "8.8 min"}


def test_ingest_texts_are_each_sentence_and_list_item_with_its_lead_in(tmp_path: Path) -> None:
    meta = DocumentMeta("A letter", dt.date(2021, 5, 4), "Ofsted", "ofsted", "May 2021 visit")
    body = (
        "Children are seen alone by their social workers. Managers check the records weekly.\n\n"
        "Inspectors found two strengths:\n\n"
        "- visits happen on time\n"
        "- plans are written with families\n"
    )
    (tmp_path / "letter.md").write_text(render_document(meta, body), encoding="utf-8")
    (tmp_path / "README.md").write_text("# What this folder holds\n", encoding="utf-8")
    assert ingest_texts(tmp_path) == [
        "Children are seen alone by their social workers.",
        "Managers check the records weekly.",
        "Inspectors found two strengths:",
        "Inspectors found two strengths: visits happen on time",
        "Inspectors found two strengths: plans are written with families",
    ]


def test_ingest_texts_are_what_an_ingest_embeds(tmp_path: Path, embeddings: Any) -> None:
    from rag.pipeline import run_ingest
    from rag.search.store import open_store
    from rag.settings import Settings

    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=corpus)
    recording = Recording(embeddings)
    run_ingest(settings, open_store(settings), lambda: recording)
    texts = ingest_texts(corpus)
    assert len(texts) > 100
    assert sorted(texts) == sorted(recording.texts)
