"""Add source files to the corpus: clean each, give it metadata and an id, write it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from rag.corpus import corpus_files, new_doc_id, render_document
from rag.errors import CorpusError
from rag.load import first_line, load_source_text
from rag.records import DocumentMeta


def add_text_sources(
    paths: Sequence[Path],
    corpus_dir: Path,
    template: DocumentMeta,
    date_note: str | None = None,
) -> tuple[list[Path], list[str]]:
    """Write one corpus file per source; a bad file is reported and the others still go in.

    `template` gives every file's metadata; an empty title means "use the file's first line".
    """
    taken = {p.stem for p in corpus_files(corpus_dir)}
    written: list[Path] = []
    problems: list[str] = []
    for path in paths:
        try:
            body = load_source_text(path)
        except CorpusError as exc:
            problems.append(str(exc))
            continue
        meta = template if template.title else replace(template, title=first_line(body))
        meta = replace(meta, source=meta.source or path.name)
        doc_id = new_doc_id(meta, taken)
        taken.add(doc_id)
        target = corpus_dir / f"{doc_id}.md"
        target.write_text(render_document(meta, body, date_note), encoding="utf-8")
        written.append(target)
    return written, problems
