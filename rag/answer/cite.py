"""Citations: who is speaking, merging adjacent quotes, numbering, and the answer's wording."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

from rag.records import Citation, DocumentMeta, Evidence
from rag.text.lists import BULLET_MARK

_BULLET = re.compile(rf"^\s*{BULLET_MARK}\s*", re.MULTILINE)
_VERBS = r"(?:said|says|found|added|warned|concluded|states|stated|noted|wrote)"
# Reported speech, by its structure: "“...,” Ofsted said.", "“...,” the watchdog said.",
# "The report concluded: “...”", "Cllr Jane Smith, cabinet member for ..., said: “...”".
_SUBJECT = (
    r"(?:[Tt]he\s+[a-z][\w’'-]*(?:\s+[a-z][\w’'-]*){0,2}|[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,2})"
)
_SAID_AFTER = re.compile(rf"[,”\"]\s+({_SUBJECT})\s+{_VERBS}\b")
_SAID_BEFORE = re.compile(rf"^({_SUBJECT})\s+{_VERBS}\s*:")
_PERSON_SAID = re.compile(
    r"^((?:(?:[A-Z][\w.]*|of)\s+){0,3}[A-Z][a-z]+ [A-Z][a-z]+)(?:,[^:“\"]{0,120})?,?\s+said:"
)


def attribution(meta: DocumentMeta) -> str:
    """Who is speaking, for the start of a quotation ("Community Care reported on ...")."""
    if meta.source_type == "ofsted":
        return f"Ofsted's {meta.kind_label} of {meta.display_date} says"
    if meta.source_type == "council":
        return f"The council said in its {meta.kind_label} of {meta.display_date}"
    return f"{meta.publisher} reported on {meta.display_date}"


def reported_speaker(sentence: str) -> str | None:
    """Whom a sentence quotes, when it says so ("..., Ofsted said." -> "Ofsted")."""
    person = _PERSON_SAID.match(sentence)
    if person:
        return person.group(1)
    for pattern in (_SAID_AFTER, _SAID_BEFORE):
        match = pattern.search(sentence)
        if match:
            found = match.group(1)
            return "the" + found[3:] if found.startswith("The ") else found
    return None


def merge_adjacent(evidence: Sequence[Evidence], texts: Mapping[str, str]) -> list[Evidence]:
    """Join quotes from one document that follow each other with only spaces between them."""
    ordered = sorted(evidence, key=lambda e: (e.doc_id, e.start, -e.end))
    merged: list[Evidence] = []
    for item in ordered:
        last = merged[-1] if merged else None
        if (
            last is not None
            and last.doc_id == item.doc_id
            and not last.is_list
            and not item.is_list
            and last.paragraph == item.paragraph
            and not texts[item.doc_id][last.end : item.start].strip(" ")
        ):
            merged[-1] = replace(
                last, end=max(last.end, item.end), score=max(last.score, item.score)
            )
        elif last is None or item.start >= last.end or item.doc_id != last.doc_id:
            merged.append(item)
    return merged


def number_citations(
    evidence: Sequence[Evidence],
    metas: Mapping[str, DocumentMeta],
    texts: Mapping[str, str],
    first: int = 1,
) -> list[Citation]:
    """Number evidence in the order given; each quote is the verbatim document text."""
    return [
        Citation(
            n=first + i,
            doc_id=e.doc_id,
            meta=metas[e.doc_id],
            quote=texts[e.doc_id][e.start : e.end],
            start=e.start,
            end=e.end,
            paragraph=e.paragraph,
            score=e.score,
        )
        for i, e in enumerate(evidence)
    ]


_PARAGRAPH_BREAK = re.compile(r"[ \t]*\n\s*\n\s*")


def quote_line(citations: Sequence[Citation], is_list: Sequence[bool]) -> str:
    """One speaker's quotations as a line: attribution, then each quote with its marker."""
    meta = citations[0].meta
    speaker = reported_speaker(citations[0].quote)
    intro = attribution(meta)
    if speaker and meta.source_type != "ofsted":
        intro += f", quoting {speaker}"
    parts = [
        f"[{c.n}]:\n{render_list(c.quote)}" if listed else f"“{inline(c.quote)}” [{c.n}]"
        for c, listed in zip(citations, is_list, strict=True)
    ]
    separator = " " if is_list[0] else ": "
    return intro + separator + " … ".join(parts)


def inline(quote: str) -> str:
    """A quotation as one line of the answer: a blank line inside it (a wrapped table cell,
    "Requires improvement" / "to be good") shown as a space. The citation keeps the text as
    the document has it."""
    return _PARAGRAPH_BREAK.sub(" ", quote)


def render_list(quote: str) -> str:
    """A quoted list as Markdown: its lead-in line, then one bullet per item."""
    lines = [line.strip() for line in quote.splitlines() if line.strip()]
    out = []
    for line in lines:
        if _BULLET.match(line):
            out.append(f"- {_BULLET.sub('', line, count=1)}")
        else:
            out.append(f"“{line}”")
    return "\n".join(out)
