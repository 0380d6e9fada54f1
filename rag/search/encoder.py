"""The bundled all-MiniLM-L6-v2 run by ONNX Runtime instead of PyTorch, behind LangChain's
Embeddings.

The ONNX file is exported once from the model folder (torch.onnx.export, pooling and
normalisation inside the graph) into a cache folder, and for `onnx-int8` quantised there
(onnxruntime's dynamic int8). The tokenizer is the model folder's own `tokenizer.json`, with
the model's maximum length. Texts are encoded as sentence-transformers does: sorted by
length, in batches of BATCH_SIZE, so the fp32 vectors match the PyTorch ones.
"""

from __future__ import annotations

import hashlib
import json
import os
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal

import numpy as np
from langchain_core.embeddings import Embeddings

OnnxKind = Literal["onnx", "onnx-int8"]
EXPORT_VERSION = "1"  # bump when the exported graph changes
OPSET = 17
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")


class OnnxEmbeddings(Embeddings):
    """Sentence embeddings from an ONNX export of a sentence-transformers model folder."""

    def __init__(self, model_dir: Path, onnx_file: Path, batch_size: int, threads: int) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        self.batch_size = batch_size
        self._tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self._tokenizer.no_padding()
        self._tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # to each batch's longest
        self._tokenizer.enable_truncation(max_length=max_length(model_dir))
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        # Idle threads sleep instead of spinning: on a shared 2-core machine, spinning
        # threads take the cores that other requests (or processes) need.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = onnxruntime.InferenceSession(
            str(onnx_file), options, providers=["CPUExecutionProvider"]
        )

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors for the texts, (n, dim) float32, in the texts' order."""
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        out: np.ndarray | None = None
        for start in range(0, len(order), self.batch_size):
            rows = order[start : start + self.batch_size]
            vectors = self._run([texts[i] for i in rows])
            if out is None:
                out = np.zeros((len(texts), vectors.shape[1]), dtype=np.float32)
            out[rows] = vectors
        return out if out is not None else np.zeros((0, 0), dtype=np.float32)

    def _run(self, texts: list[str]) -> np.ndarray:
        encoded = self._tokenizer.encode_batch(texts)
        feeds = {
            "input_ids": np.array([e.ids for e in encoded], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask for e in encoded], dtype=np.int64),
            "token_type_ids": np.array([e.type_ids for e in encoded], dtype=np.int64),
        }
        (vectors,) = self._session.run(["sentence_embedding"], feeds)
        return np.asarray(vectors, dtype=np.float32)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed texts (LangChain's interface)."""
        result: list[list[float]] = self.encode(texts).tolist()
        return result

    def embed_query(self, text: str) -> list[float]:
        """Embed one question (LangChain's interface)."""
        result: list[float] = self._run([text])[0].tolist()
        return result


def max_length(model_dir: Path) -> int:
    """The model's maximum sequence length, as sentence-transformers reads it."""
    config = model_dir / "sentence_bert_config.json"
    if config.is_file():
        return int(json.loads(config.read_text(encoding="utf-8")).get("max_seq_length", 256))
    return 256


def onnx_file(
    model_dir: Path,
    cache_dir: Path,
    kind: OnnxKind,
    log: Callable[[str], None] | None = None,
) -> Path:
    """The ONNX file for the model folder, exported (and quantised) into cache_dir on first
    use; later calls, and other processes, reuse it."""
    folder = cache_dir / f"{model_dir.name}-{_model_digest(model_dir)}"
    plain = folder / "export.onnx"
    if not plain.is_file():
        if log:
            log(f"Exporting the encoder to ONNX in {folder} (once) ...")
        folder.mkdir(parents=True, exist_ok=True)
        _export(model_dir, plain)
    target = folder / ("model.onnx" if kind == "onnx" else "model-int8.onnx")
    if not target.is_file():
        partial = target.with_suffix(f".{os.getpid()}.partial")
        if kind == "onnx":
            _fuse(model_dir, plain, partial)
        else:
            from onnxruntime.quantization import QuantType, quantize_dynamic

            quantize_dynamic(str(plain), str(partial), weight_type=QuantType.QInt8)
        partial.replace(target)
    return target


def _model_digest(model_dir: Path) -> str:
    """Changes when the model's weights or configuration, or the export recipe, change."""
    digest = hashlib.sha256(EXPORT_VERSION.encode())
    for path in sorted(model_dir.rglob("*.json")) + sorted(model_dir.glob("*.safetensors")):
        stat = path.stat()
        digest.update(f"{path.relative_to(model_dir)}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:12]


def _export(model_dir: Path, target: Path) -> None:
    """Export the transformer with mean pooling and normalisation as one graph."""
    import torch
    from transformers import AutoModel

    class Pooled(torch.nn.Module):
        def __init__(self, model: Any) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            tokens = self.model(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            )[0]
            mask = attention_mask.unsqueeze(-1).to(tokens.dtype)
            mean = (tokens * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, p=2, dim=1)

    model = Pooled(AutoModel.from_pretrained(str(model_dir), attn_implementation="eager")).eval()
    sample = torch.ones((2, 8), dtype=torch.int64)
    dynamic = {name: {0: "batch", 1: "tokens"} for name in _INPUTS}
    partial = target.with_suffix(f".{os.getpid()}.partial")
    # The tracer warns about Python branches in transformers' mask code: they depend only on
    # the sample's shape, which the dynamic axes make general.
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            model,
            (sample, sample, torch.zeros_like(sample)),
            str(partial),
            input_names=list(_INPUTS),
            output_names=["sentence_embedding"],
            dynamic_axes={**dynamic, "sentence_embedding": {0: "batch"}},
            opset_version=OPSET,
            dynamo=False,
        )
    partial.replace(target)


def _fuse(model_dir: Path, source: Path, target: Path) -> None:
    """Fuse the graph's attention, layer norms and GELUs (ONNX Runtime's transformer
    optimizer): the same arithmetic in fewer, faster operators."""
    from onnxruntime.transformers.optimizer import optimize_model

    config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    fused = optimize_model(
        str(source),
        model_type="bert",
        num_heads=int(config["num_attention_heads"]),
        hidden_size=int(config["hidden_size"]),
        opt_level=1,
    )
    fused.save_model_to_file(str(target))
