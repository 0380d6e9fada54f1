"""The package's public API: what `rag.__all__` names exists, and naming it is cheap."""

from __future__ import annotations

import ast
import subprocess
import sys

import rag


def test_every_public_name_resolves() -> None:
    for name in rag.__all__:
        assert getattr(rag, name) is not None, name
    assert rag.RecordRetriever.__name__ == "RecordRetriever"


def test_importing_the_records_loads_no_model_store_or_stage() -> None:
    code = "import sys, rag, rag.records; print(sorted(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(ast.literal_eval(out.stdout))
    assert not {"torch", "chromadb", "gradio", "rag.pipeline", "rag.search.retrieve"} & loaded
