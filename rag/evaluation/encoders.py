"""The encoders compared (`make bench-encoders`): PyTorch, ONNX fp32 and ONNX int8 on the
texts an ingest of a corpus folder embeds, for speed (texts a second, best of ROUNDS,
interleaved) and for their vectors' cosine to PyTorch's. The national ingest's time with
each encoder is extrapolated from its measured stages (eval/results/bench-national.json)."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from rag.settings import Settings

ENCODERS = ("torch", "onnx", "onnx-int8")
ROUNDS = 3


def ingest_texts(corpus_dir: Path) -> list[str]:
    """Every text an ingest of the corpus folder embeds (each quotable sentence once)."""
    from rag.ingest.chunk import chunk_document, embedding_texts
    from rag.ingest.corpus import load_corpus

    documents, _ = load_corpus(corpus_dir)
    texts: list[str] = []
    for doc in documents:
        for chunk in chunk_document(doc, "bench"):
            texts.extend(embedding_texts(doc.text, chunk) or [chunk.text])
    return texts


def compare_encoders(
    settings: Settings, texts: Sequence[str], log: Callable[[str], None] = print
) -> dict[str, Any]:
    """Texts a second and cosine to PyTorch, per encoder, on the same texts."""
    from rag.search.embed import load_embeddings

    models = {e: load_embeddings(settings.model_copy(update={"encoder": e})) for e in ENCODERS}
    best = dict.fromkeys(ENCODERS, float("inf"))
    vectors: dict[str, np.ndarray] = {}
    for round_ in range(ROUNDS):
        log(f"[encoders] round {round_ + 1} of {ROUNDS}, {len(texts)} texts each")
        for name, model in models.items():
            began = time.perf_counter()
            vectors[name] = np.asarray(model.embed_documents(list(texts)), dtype=np.float32)
            best[name] = min(best[name], time.perf_counter() - began)
    out: dict[str, Any] = {"texts": len(texts)}
    for name in ENCODERS:
        cosines = (vectors[name] * vectors["torch"]).sum(axis=1)
        out[name] = {
            "seconds": best[name],
            "texts_per_s": len(texts) / best[name],
            "speedup": best["torch"] / best[name],
            "cosine_min": float(cosines.min()),
            "cosine_mean": float(cosines.mean()),
        }
    return out


def national_estimate(national: dict[str, Any], speedup: float) -> float:
    """The national ingest's wall time (s) if its embedding stage ran `speedup` times as
    fast and every other stage took what it took."""
    embed = float(national["embed_s"])
    return float(national["wall_s"]) - embed + embed / speedup


def render(results: dict[str, Any], national: dict[str, Any] | None) -> str:
    """The comparison as a Markdown table, with the extrapolated national ingest."""
    lines = [
        f"{results['texts']} texts, batches of 32 sorted by length, best of {ROUNDS}",
        "",
        "| encoder | texts/s | speed-up | cosine to PyTorch (min / mean) | national ingest, "
        "extrapolated |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name in ENCODERS:
        r = results[name]
        estimate = "-"
        if national:
            estimate = f"{national_estimate(national, r['speedup']) / 60:.1f} min"
        lines.append(
            f"| {name} | {r['texts_per_s']:.0f} | {r['speedup']:.2f}x | "
            f"{r['cosine_min']:.4f} / {r['cosine_mean']:.4f} | {estimate} |"
        )
    return "\n".join(lines)
