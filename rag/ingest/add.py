"""Add source files to the corpus: load and clean each, complete its metadata, write it.

Metadata the document states about itself (an Ofsted report's council, dates, grades) is read
from it; what it does not state comes from the options given. Adding the same source file
again replaces its corpus file instead of making a copy. A file that cannot be read is
reported and the others still go in.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rag.errors import CorpusError
from rag.ingest.corpus import (
    corpus_files,
    is_doc_id,
    new_doc_id,
    read_document,
    render_document,
)
from rag.ingest.load import load_source, source_files
from rag.records import DocumentMeta
from rag.search.metadata import parse_meta

_OPTION = {
    "source_type": "--source-type",
    "date": "--date",
    "publisher": "--publisher",
    "event": "--event",
    "title": "--title",
}


@dataclass
class AddReport:
    """What `rag add` did with each file: new corpus files, replaced ones, problems."""

    written: list[Path] = field(default_factory=list)
    replaced: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def add_sources(
    paths: Sequence[Path],
    corpus_dir: Path,
    given: Mapping[str, Any],
    date_note: str | None = None,
    progress: Callable[[str, int], None] | None = None,
) -> AddReport:
    """Write one corpus file per source file (folders are searched); `given` holds metadata
    from the command line, which wins over what the document says. `progress` hears of each
    file read."""
    report = AddReport()
    files = corpus_files(corpus_dir)
    known = _sources(files)
    taken = {p.stem for p in files}
    for path in source_files(paths):
        try:
            target, replaced = _add_one(path, corpus_dir, given, date_note, taken, known)
        except CorpusError as exc:
            report.problems.append(str(exc))
            continue
        finally:
            if progress:
                progress("parse", 1)
        taken.add(target.stem)
        report.written.append(target)
        if replaced:
            report.replaced.append(target)
    return report


def remove_document(doc_id: str, corpus_dir: Path) -> Path:
    """Delete a document's corpus file (the next ingest takes it out of the index). The id
    must be one of the corpus's own document ids: never a path, never the README."""
    by_id = {p.stem: p for p in corpus_files(corpus_dir)}
    path = by_id.get(doc_id) if is_doc_id(doc_id) else None
    if path is None:
        known = ", ".join(sorted(by_id)[:3]) or "none yet"
        raise CorpusError(
            f"No document {doc_id!r} in the corpus: give a document id as `rag list` shows "
            f"it (for example {known}), not a file name or path."
        )
    path.unlink()
    return path


def _add_one(
    path: Path,
    corpus_dir: Path,
    given: Mapping[str, Any],
    date_note: str | None,
    taken: set[str],
    known: dict[str, DocumentMeta],
) -> tuple[Path, bool]:
    """Write one source's corpus file; True with it when it replaced the same source's."""
    loaded = load_source(path)
    values = loaded.values | {k: v for k, v in given.items() if v not in (None, "")}
    missing = [key for key in _OPTION if not values.get(key)]
    if missing:
        options = ", ".join(_OPTION[key] for key in missing)
        raise CorpusError(
            f"{path}: the document does not say its {', '.join(missing)}; give {options}."
        )
    values["source_path"] = _portable(path, corpus_dir)
    values["source_digest"] = hashlib.sha256(path.read_bytes()).hexdigest()
    meta = parse_meta(values, str(path))
    same = same_source(meta, known, corpus_dir)
    doc_id = same or new_doc_id(meta, taken)
    known[doc_id] = meta
    target = corpus_dir / f"{doc_id}.md"
    staging = target.with_suffix(".md.part")
    staging.write_text(
        render_document(meta, loaded.body, date_note or loaded.date_note), encoding="utf-8"
    )
    staging.replace(target)  # a crash never leaves half a corpus file
    return target, same is not None


def same_source(
    new: DocumentMeta, known: Mapping[str, DocumentMeta], corpus_dir: Path
) -> str | None:
    """The corpus id already made from the same source file, if any: the same file (by its
    path) or the same bytes. A corpus file written before paths and digests were recorded
    counts as the same when its file name and council match."""
    where = source_location(new, corpus_dir)
    for doc_id, old in known.items():
        if old.source_digest or old.source_path:
            if old.source_digest == new.source_digest or source_location(old, corpus_dir) == where:
                return doc_id
        elif old.source and (old.source, old.authority) == (new.source, new.authority):
            return doc_id
    return None


def source_location(meta: DocumentMeta, corpus_dir: Path) -> Path | None:
    """The source file a corpus file was made from, as an absolute path (None if unknown)."""
    if not meta.source_path:
        return None
    return (corpus_dir / meta.source_path).resolve()


def _portable(path: Path, corpus_dir: Path) -> str:
    """The source's path as recorded: relative to the corpus folder when the source lies in
    the folder that holds the corpus (the checkout, for the project's own corpus), so a
    committed corpus file names its source on every clone; else absolute."""
    source, corpus = path.resolve(), corpus_dir.resolve()
    if source.is_relative_to(corpus.parent):
        return os.path.relpath(source, corpus)
    return str(source)


def _sources(paths: Iterable[Path]) -> dict[str, DocumentMeta]:
    """The metadata of each readable corpus file made by `rag add`, by id (unreadable files
    are skipped: `rag ingest` reports them)."""
    found = {}
    for path in paths:
        try:
            meta = read_document(path).meta
        except CorpusError:
            continue
        if meta.source or meta.source_path:
            found[path.stem] = meta
    return found
