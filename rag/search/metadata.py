"""A document's metadata as plain values (str, date, list, dict) and back, checked: the store
keeps it so beside each chunk, and a corpus file's front matter holds it so."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields
from typing import Any

from rag.errors import CorpusError
from rag.records import SOURCE_TYPES, DocumentMeta

_REQUIRED = ("title", "date", "publisher", "source_type", "event")
_DATES = ("date", "inspection_start", "inspection_end")


def parse_meta(values: dict[str, Any], where: str) -> DocumentMeta:
    """Validate front matter values into DocumentMeta; errors name the file and the key."""
    missing = [key for key in _REQUIRED if not values.get(key)]
    if missing:
        raise CorpusError(f"{where}: front matter lacks {', '.join(missing)}.")
    if values["source_type"] not in SOURCE_TYPES:
        raise CorpusError(
            f"{where}: source_type {values['source_type']!r} must be one of "
            f"{', '.join(SOURCE_TYPES)}."
        )
    known = {f.name: f for f in fields(DocumentMeta)}
    converted: dict[str, Any] = {}
    for key, value in values.items():
        if key not in known or value is None:
            continue
        if key in _DATES:
            converted[key] = _as_date(value, key, where)
        elif key == "judgements":
            converted[key] = _judgements(value, where)
        elif key == "pages":
            converted[key] = _pages(value, where)
        else:
            converted[key] = str(value)
    return DocumentMeta(**converted)


def meta_values(meta: DocumentMeta) -> dict[str, Any]:
    """The metadata as plain values (str, date, list, dict), unset ones left out."""
    values: dict[str, Any] = {}
    for f in fields(DocumentMeta):
        value = getattr(meta, f.name)
        if value is None or value == ():
            continue
        if f.name == "judgements":
            value = dict(value)
        elif f.name == "pages":
            value = list(value)
        values[f.name] = value
    return values


def _judgements(value: Any, where: str) -> tuple[tuple[str, str], ...]:
    """Judgements as (judgement, grade) pairs, from a mapping or a list of pairs."""
    pairs = list(value.items()) if isinstance(value, dict) else value
    if not isinstance(pairs, list | tuple) or not all(
        isinstance(p, list | tuple) and len(p) == 2 for p in pairs
    ):
        raise CorpusError(
            f"{where}: judgements {value!r} must map each judgement to its grade, e.g. "
            "`judgements: {Overall effectiveness: Good}`."
        )
    return tuple((str(k), str(v)) for k, v in pairs)


def _pages(value: Any, where: str) -> tuple[int, ...]:
    """Page start offsets: a list of whole numbers."""
    if not isinstance(value, list) or not all(
        isinstance(p, int) and not isinstance(p, bool) and p >= 0 for p in value
    ):
        raise CorpusError(
            f"{where}: pages {value!r} must be a list of character offsets (whole numbers)."
        )
    return tuple(value)


def _as_date(value: Any, key: str, where: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise CorpusError(f"{where}: {key} {value!r} is not an ISO date (YYYY-MM-DD).") from exc
