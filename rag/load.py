"""Load a source file (a web page saved as text, a letter) and make its clean corpus body."""

from __future__ import annotations

from pathlib import Path

from rag.clean import clean_web_text
from rag.errors import CorpusError

TEXT_SUFFIXES = (".txt", ".md", ".text")


def load_source_text(path: Path) -> str:
    """The cleaned text of a source file, or CorpusError naming the file and the problem."""
    if not path.is_file():
        raise CorpusError(f"{path}: no such file.")
    if path.suffix.lower() not in TEXT_SUFFIXES:
        raise CorpusError(
            f"{path}: cannot read {path.suffix or 'files without an extension'}; "
            f"supported: {', '.join(TEXT_SUFFIXES)}."
        )
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CorpusError(
            f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8."
        ) from exc
    body = clean_web_text(text)
    if not body.strip():
        raise CorpusError(f"{path}: no text left after removing web boilerplate.")
    return body


def first_line(text: str) -> str:
    """The first non-empty line, used as a title when none is given."""
    return next((line.strip() for line in text.splitlines() if line.strip()), "")
