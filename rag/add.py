"""Add source files to the corpus: load and clean each, complete its metadata, write it.

Metadata the document states about itself (an Ofsted report's council, dates, grades) is read
from it; what it does not state comes from the options given. Adding the same source file
again replaces its corpus file instead of making a copy. A file that cannot be read is
reported and the others still go in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rag.corpus import corpus_files, new_doc_id, parse_meta, read_document, render_document
from rag.errors import CorpusError
from rag.load import load_source, source_files

_OPTION = {
    "source_type": "--source-type",
    "date": "--date",
    "publisher": "--publisher",
    "event": "--event",
    "title": "--title",
}


# What makes a file "the same document" when it is added again: its file name and the council
# it concerns (report PDFs of different councils share names such as
# 2024-07-12-ofsted-childrens-services-inspection.pdf).
SourceKey = tuple[str, str | None]


@dataclass
class AddReport:
    """What `rag add` did with each file."""

    written: list[Path] = field(default_factory=list)
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
    existing = {p.stem: p for p in corpus_files(corpus_dir)}
    by_source = _ids_by_source(existing.values())
    for path in source_files(paths):
        try:
            target = _add_one(path, corpus_dir, given, date_note, set(existing), by_source)
        except CorpusError as exc:
            report.problems.append(str(exc))
            continue
        finally:
            if progress:
                progress("parse", 1)
        existing[target.stem] = target
        report.written.append(target)
    return report


def remove_document(doc_id: str, corpus_dir: Path) -> Path:
    """Delete a document's corpus file (the next ingest takes it out of the index)."""
    path = corpus_dir / f"{doc_id}.md"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in corpus_files(corpus_dir))[:5])
        raise CorpusError(
            f"No document {doc_id!r} in {corpus_dir}; `rag list` shows the ids "
            f"(for example {known})."
        )
    path.unlink()
    return path


def _add_one(
    path: Path,
    corpus_dir: Path,
    given: Mapping[str, Any],
    date_note: str | None,
    taken: set[str],
    by_source: dict[SourceKey, str],
) -> Path:
    loaded = load_source(path)
    values = loaded.values | {k: v for k, v in given.items() if v not in (None, "")}
    missing = [key for key in _OPTION if not values.get(key)]
    if missing:
        options = ", ".join(_OPTION[key] for key in missing)
        raise CorpusError(
            f"{path}: the document does not say its {', '.join(missing)}; give {options}."
        )
    meta = parse_meta(values, str(path))
    key = (path.name, meta.authority)
    doc_id = by_source.get(key) or new_doc_id(meta, taken)
    by_source[key] = doc_id
    target = corpus_dir / f"{doc_id}.md"
    staging = target.with_suffix(".md.part")
    staging.write_text(
        render_document(meta, loaded.body, date_note or loaded.date_note), encoding="utf-8"
    )
    staging.replace(target)  # a crash never leaves half a corpus file
    return target


def _ids_by_source(paths: Iterable[Path]) -> dict[SourceKey, str]:
    """Corpus ids by the file each was made from and the council it concerns (unreadable
    files skipped: `rag ingest` reports them)."""
    found = {}
    for path in paths:
        try:
            meta = read_document(path).meta
        except CorpusError:
            continue
        if meta.source:
            found[(meta.source, meta.authority)] = path.stem
    return found
