"""Inspection record assistant: cited answers from a council's Ofsted inspection record.

The public API is `__all__`: `ask` answers a question with verbatim, cited passages (or says
the record does not answer it); `add` writes report files into the corpus folder; `ingest`
brings the index in line with the corpus folder; `RecordRetriever` is the hybrid search as a
LangChain retriever; and the records they return. The stages live in subpackages, importing
one way (see pyproject's import contracts): app -> evaluation -> pipeline -> answer | ingest
-> search -> query -> text. The heavy parts (model, store) load on first use.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rag.records import Answer, Citation, Document, DocumentMeta, Filters

if TYPE_CHECKING:
    from rag.ingest.add import AddReport
    from rag.ingest.build import IngestReport
    from rag.search.retrieve import RecordRetriever

__all__ = [
    "AddReport",
    "Answer",
    "Citation",
    "Document",
    "DocumentMeta",
    "Filters",
    "IngestReport",
    "RecordRetriever",
    "add",
    "ask",
    "ingest",
]


def ask(
    question: str,
    filters: Filters | None = None,
    k: int | None = None,
    history: Sequence[str] = (),
) -> Answer:
    """Answer one question about the record the environment's settings name; `history` is
    the conversation's earlier questions (a follow-up is read with them)."""
    from rag.pipeline import get_pipeline

    return get_pipeline().ask(question, filters, k, history)


def add(paths: Sequence[Path], metadata: dict[str, Any] | None = None) -> AddReport:
    """Write one corpus file per report file (folders are searched) into the corpus folder;
    `metadata` (title, date, ...) wins over what the documents say. Run `ingest` after."""
    from rag.ingest.add import add_sources
    from rag.settings import get_settings

    return add_sources(paths, get_settings().corpus_dir, metadata or {})


def ingest(allow_empty: bool = False) -> IngestReport:
    """Bring the index in line with the corpus folder (only what changed is embedded)."""
    from rag.pipeline import run_ingest
    from rag.settings import get_settings

    return run_ingest(get_settings(), allow_empty=allow_empty)


def __getattr__(name: str) -> Any:
    """The classes of the heavy modules, imported when first named."""
    if name == "RecordRetriever":
        from rag.search.retrieve import RecordRetriever

        return RecordRetriever
    if name == "AddReport":
        from rag.ingest.add import AddReport

        return AddReport
    if name == "IngestReport":
        from rag.ingest.build import IngestReport

        return IngestReport
    raise AttributeError(f"module 'rag' has no attribute {name!r}")
