"""`rag list`: the indexed documents as a table."""

from __future__ import annotations

from rag.evaluation.report import format_table
from rag.search.store import open_store
from rag.settings import Settings


def record_listing(settings: Settings) -> str:
    """The indexed documents as a table: id, title, date, speaker, event, passages."""
    documents = open_store(settings).indexed_documents()
    if not documents:
        return f"No index in {settings.data_dir}: run `rag ingest`."
    rows = [["id", "title", "date", "speaker", "event", "passages"]]
    for doc_id, d in sorted(documents.items(), key=lambda item: (item[1].meta.date, item[0])):
        title = d.meta.title if len(d.meta.title) <= 60 else d.meta.title[:57] + "..."
        rows.append(
            [
                doc_id,
                title,
                d.meta.date.isoformat(),
                d.meta.source_type,
                d.meta.event,
                str(d.chunks),
            ]
        )
    return format_table(rows)
