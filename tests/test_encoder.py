"""The ONNX encoder: exported once from the bundled model, it gives PyTorch's vectors (fp32)
or close ones (int8), behind LangChain's Embeddings, and RAG_ENCODER chooses it."""

from __future__ import annotations

import numpy as np
import pytest
from langchain_core.embeddings import Embeddings

from rag.search.embed import load_embeddings, model_id
from rag.search.encoder import OnnxEmbeddings, onnx_file
from rag.settings import Settings

SENTENCES = [
    "Social workers visit children regularly and children are seen alone.",
    "Inspectors found serious weaknesses in how children were helped and protected.",
    "The council has made progress since the last inspection, but it is too slow.",
    "IRO",
    "Leaders have not ensured that care leavers receive the support they need, including "
    "help with housing, education, employment and training, and with their health.",
]


def _cosines(a: list[list[float]], b: list[list[float]]) -> np.ndarray:
    x, y = np.asarray(a), np.asarray(b)
    return (x * y).sum(axis=1) / np.linalg.norm(x, axis=1) / np.linalg.norm(y, axis=1)


@pytest.fixture(scope="module")
def torch_embeddings() -> Embeddings:
    """The PyTorch encoder (sentence-transformers), which the ONNX one must match."""
    return load_embeddings(Settings(encoder="torch"))


def test_onnx_vectors_match_pytorch(torch_embeddings: Embeddings, onnx_settings: Settings) -> None:
    embeddings = torch_embeddings
    onnx = load_embeddings(onnx_settings)
    assert isinstance(onnx, OnnxEmbeddings) and isinstance(onnx, Embeddings)
    documents = onnx.embed_documents(SENTENCES)
    assert _cosines(documents, embeddings.embed_documents(SENTENCES)).min() > 0.999
    query = "Were children seen alone?"
    assert _cosines([onnx.embed_query(query)], [embeddings.embed_query(query)])[0] > 0.999
    assert np.allclose(np.linalg.norm(documents, axis=1), 1.0, atol=1e-5)


def test_vectors_do_not_depend_on_their_batch(onnx_settings: Settings) -> None:
    onnx = load_embeddings(onnx_settings)
    together = onnx.embed_documents(SENTENCES)
    alone = [onnx.embed_query(s) for s in SENTENCES]
    assert _cosines(together, alone).min() > 0.9999
    assert onnx.embed_documents([]) == []


def test_int8_vectors_are_close_and_keyed_apart(
    torch_embeddings: Embeddings, onnx_settings: Settings
) -> None:
    embeddings = torch_embeddings
    int8_settings = onnx_settings.model_copy(update={"encoder": "onnx-int8"})
    int8 = load_embeddings(int8_settings)
    cosines = _cosines(int8.embed_documents(SENTENCES), embeddings.embed_documents(SENTENCES))
    assert 0.85 < cosines.min() < 0.9999  # quantised: close, not the same
    # the index is re-embedded for int8, not for fp32 ONNX (same vectors as PyTorch)
    assert model_id(int8_settings) != model_id(Settings(encoder="torch"))
    assert model_id(onnx_settings) == model_id(Settings(encoder="torch"))


def test_the_export_is_made_once_and_reused(onnx_settings: Settings) -> None:
    from rag.search.embed import model_path

    said: list[str] = []
    folder = model_path(onnx_settings)
    first = onnx_file(folder, onnx_settings.models_dir, "onnx", log=said.append)
    again = onnx_file(folder, onnx_settings.models_dir, "onnx", log=said.append)
    assert first == again and first.is_file() and said == []
    assert first.parent.parent == onnx_settings.models_dir
    assert not list(first.parent.glob("*.partial"))


def test_encoder_setting_rejects_unknown_values() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        Settings(encoder="tensorflow")  # type: ignore[arg-type]
