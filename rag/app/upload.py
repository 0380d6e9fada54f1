"""Adding a document from the app: the same as `rag add` followed by the index update, for
one uploaded file (PDF, DOCX, HTML or text) with the same metadata fields.

The uploaded file is kept in RAG_DATA_DIR/uploads (it is the corpus file's source). Nothing is
lost when it fails: a file that cannot be read changes nothing, and if the index update fails
the corpus folder is put back as it was, so the record stays as it was before the upload. A
message never shows a server path, only the file's own name.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from rag.errors import RagError
from rag.ingest.add import add_sources
from rag.ingest.corpus import corpus_files
from rag.ingest.load import SUPPORTED
from rag.pipeline import Pipeline, run_ingest
from rag.records import SOURCE_TYPES

UPLOADS = "uploads"
# The metadata a user may give, as `rag add`'s options name them; empty means "from the
# document itself".
FIELDS = ("title", "date", "publisher", "source_type", "event", "kind", "authority", "url")


@dataclass(frozen=True)
class UploadResult:
    """What became of an upload, in a sentence for the user."""

    added: bool
    message: str


def add_upload(
    pipeline: Pipeline,
    upload: Path | None,
    fields: Mapping[str, str],
    progress: Callable[[str, int], None] | None = None,
) -> UploadResult:
    """Add one uploaded file to the record and index it."""
    if upload is None:
        return UploadResult(False, "Choose a file to add first.")
    name = upload.name
    if upload.suffix.lower() not in SUPPORTED:
        kinds = ", ".join(SUPPORTED)
        return UploadResult(False, f"{name} cannot be added: the app reads {kinds} files.")
    try:
        given = _given(fields)
    except ValueError as exc:
        return UploadResult(False, str(exc))
    settings = pipeline.settings
    kept = _keep(upload, settings.data_dir / UPLOADS)
    before = {p: p.read_bytes() for p in corpus_files(settings.corpus_dir)}
    report = add_sources([kept], settings.corpus_dir, given)
    if report.problems:
        kept.unlink(missing_ok=True)
        problem = "; ".join(p.replace(str(kept), name) for p in report.problems)
        return UploadResult(False, f"{name} was not added. {problem}")
    try:
        indexed = run_ingest(settings, pipeline.store, lambda: pipeline.embeddings, progress)
    except RagError as exc:
        _restore(settings.corpus_dir, before)
        return UploadResult(False, f"{name} was not added: the index could not be updated ({exc}).")
    if indexed.problems:
        _restore(settings.corpus_dir, before)
        run_ingest(settings, pipeline.store, lambda: pipeline.embeddings)
        skipped = "; ".join(p.message.replace(str(kept), name) for p in indexed.problems)
        return UploadResult(False, f"{name} was not added: {skipped}")
    pipeline.index.refresh()
    verb = "replaced" if report.replaced else "added"
    documents = len(pipeline.index.documents)
    return UploadResult(
        True,
        f"{name} {verb}: the record now holds {documents} documents ({indexed.chunks_total} "
        "passages), and questions are answered from it.",
    )


def _given(fields: Mapping[str, str]) -> dict[str, object]:
    """The metadata given, checked as `rag add` checks its options."""
    given: dict[str, object] = {
        k: v.strip() for k, v in fields.items() if k in FIELDS and v and v.strip()
    }
    if "date" in given:
        try:
            given["date"] = dt.date.fromisoformat(str(given["date"]))
        except ValueError:
            message = f"Date “{given['date']}” is not a date: write it as YYYY-MM-DD."
            raise ValueError(message) from None
    if given.get("source_type") not in (None, *SOURCE_TYPES):
        raise ValueError(f"Speaker must be one of {', '.join(SOURCE_TYPES)}.")
    return given


def _keep(upload: Path, folder: Path) -> Path:
    """The uploaded file copied into `folder` under its own name (made unique by its
    contents' digest if another file has that name)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / upload.name
    if target.exists() and target.read_bytes() != upload.read_bytes():
        digest = hashlib.sha256(upload.read_bytes()).hexdigest()[:8]
        target = folder / f"{upload.stem}-{digest}{upload.suffix}"
    shutil.copyfile(upload, target)
    return target


def _restore(corpus_dir: Path, before: Mapping[Path, bytes]) -> None:
    """The corpus folder as it was: new files removed, changed ones written back."""
    for path in corpus_files(corpus_dir):
        if path not in before:
            path.unlink()
    for path, content in before.items():
        if not path.exists() or path.read_bytes() != content:
            path.write_bytes(content)
