"""Structure-aware chunking: paragraphs and lists stay whole and no sentence is ever cut.

A document is read as blocks (headings, paragraphs, lists with their lead-in line), each made
of spans: sentences found by pysbd, list items, headings. Blocks are packed into chunks of up
to MAX_WORDS words; a heading starts a new chunk, as does a numbered report paragraph. A
paragraph longer than MAX_WORDS is split between sentences, a list longer than LIST_MAX_WORDS
between items. Every span and chunk is a character range of the document's text, so anything
quoted from them is verbatim.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from rag.records import Chunk, Document, Span
from rag.text.lists import BULLET_MARK, list_runs
from rag.text.sections import JUDGEMENT_HEADING, LIST_HEADING, QUESTION_HEADING

MAX_WORDS = 150
LIST_MAX_WORDS = 320
HEADING_MAX_WORDS = 12

BlockKind = Literal["heading", "para", "list"]
_BULLET = re.compile(rf"{BULLET_MARK}\s+")
_NUMBERED = re.compile(r"(\d{1,3})\.(?:\s+(?=\S)|(?=[A-Z]))")
_BYLINE = re.compile(r"By [A-Z]")
_FIELD = re.compile(r"[A-Z][\w’' ]{2,30}: \S")
_TERMINAL = ".!?:;"
_CLOSERS = "\"'”’)]"


@dataclass(frozen=True)
class Block:
    """A heading, paragraph or list: a character range and the spans inside it."""

    kind: BlockKind
    start: int
    end: int
    spans: tuple[Span, ...]
    words: int
    paragraph: int | None = None


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    text: str


def chunk_document(doc: Document, version: str) -> list[Chunk]:
    """Split a document into chunks; ids combine the document id, `version` and content."""
    blocks = split_blocks(doc.text)
    chunks: list[Chunk] = []
    seen: Counter[str] = Counter()
    for position, (group, section) in enumerate(_pack(blocks, doc.text)):
        start, end = group[0].start, group[-1].end
        text = doc.text[start:end]
        digest = hashlib.sha256(text.encode()).hexdigest()[:12]
        repeat = seen[digest]  # a passage repeated word for word in the document
        seen[digest] += 1
        if repeat:
            digest = f"{digest}-{repeat}"
        chunks.append(
            Chunk(
                chunk_id=f"{doc.doc_id}:{version[:12]}:{digest}",
                doc_id=doc.doc_id,
                position=position,
                start=start,
                end=end,
                text=text,
                section=section,
                paragraph=next((b.paragraph for b in group if b.paragraph is not None), None),
                sentences=tuple(span for block in group for span in block.spans),
            )
        )
    return chunks


def split_blocks(text: str) -> list[Block]:
    """Read the text as headings, paragraphs and lists; a lead-in line ending ':' joins its list."""
    blocks: list[Block] = []
    for group in _line_groups(text):
        for block in _classify(text, group):
            previous = blocks[-1] if blocks else None
            joins = previous is not None and (
                previous.kind == "list" or _is_lead_in(text, previous)
            )
            if block.kind == "list" and previous is not None and joins:
                blocks[-1] = _merge(previous, block)
            else:
                blocks.append(block)
    return blocks


def embedding_texts(doc_text: str, chunk: Chunk) -> list[str]:
    """The text to embed for each quotable span: list items carry their lead-in line, so
    "Return home interviews" is embedded as what the list says about it."""
    spans = chunk.quotable

    def text_of(span: Span) -> str:
        return doc_text[span.start : span.end]

    texts = [text_of(span) for span in spans]
    for first, last in list_runs(spans, text_of):
        if spans[first].kind == "text":
            lead = texts[first]
            for i in range(first + 1, last + 1):
                texts[i] = f"{lead} {texts[i]}"
    return texts


def sentence_spans(text: str, start: int, end: int, paragraph: int | None = None) -> list[Span]:
    """The sentences of text[start:end] as spans, found by pysbd and located exactly."""
    spans: list[Span] = []
    cursor = start
    for segment in _segmenter().segment(text[start:end]):
        piece = segment.strip()
        if not piece:
            continue
        found = text.find(piece, cursor, end)
        if found < 0:  # pysbd changed the text: keep the rest whole rather than misquote
            rest = text[cursor:end].strip()
            if rest:
                found = text.find(rest, cursor, end)
                spans.append(Span(found, found + len(rest), "text", paragraph))
            break
        spans.append(Span(found, found + len(piece), "text", paragraph))
        cursor = found + len(piece)
    return spans


@lru_cache(maxsize=1)
def _segmenter() -> Any:
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


def _line_groups(text: str) -> Iterator[list[_Line]]:
    """Runs of non-blank lines, each line with its offsets (leading whitespace excluded)."""
    group: list[_Line] = []
    offset = 0
    for raw in text.splitlines(keepends=True):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            start = offset + lead
            group.append(_Line(start, start + len(stripped), stripped))
        elif group:
            yield group
            group = []
        offset += len(raw)
    if group:
        yield group


def _ends_sentence(line: str) -> bool:
    stripped = line.rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _TERMINAL


def _classify(text: str, lines: list[_Line]) -> list[Block]:
    """One group of lines as blocks: a heading, a numbered or plain paragraph, list items."""
    first_item = next((i for i, line in enumerate(lines) if _BULLET.match(line.text)), None)
    if first_item is not None and all(_BULLET.match(line.text) for line in lines[first_item:]):
        lead = _classify(text, lines[:first_item]) if first_item else []
        return [*lead, _list_block(text, lines[first_item:])]
    start, end = lines[0].start, lines[-1].end
    words = _count_words(text, start, end)
    first = lines[0].text
    if _is_heading(lines, words):
        return [Block("heading", start, end, (Span(start, end, "heading"),), words)]
    if len(lines) > 1 and not any(_ends_sentence(line.text) for line in lines):
        # An address or a signature: short lines that only make sense together.
        return [Block("para", start, end, (Span(start, end, "text"),), words)]
    numbered = _NUMBERED.match(first)
    number = int(numbered.group(1)) if numbered else None
    body_start = start + numbered.end() if numbered else start
    spans = tuple(sentence_spans(text, body_start, end, number))
    return [Block("para", start, end, spans, words, number)]


def _is_heading(lines: list[_Line], words: int) -> bool:
    """A single short line without closing punctuation that is neither a byline nor a
    "Label: value" line ("Lead inspector: Jane Smith"), with a word in it: a line of only a
    number (a footnote's marker, a page number) heads nothing."""
    line = lines[0].text
    if not any(ch.isalpha() for ch in line):
        return False
    if len(lines) == 1 and words <= 2 * HEADING_MAX_WORDS and JUDGEMENT_HEADING.search(line):
        return True  # "The experiences and progress of children in care ... is: Good"
    if len(lines) == 1 and words <= HEADING_MAX_WORDS and QUESTION_HEADING.match(line):
        return True  # "What needs to improve?", "What does the local authority need to improve?"
    if len(lines) == 1 and words <= HEADING_MAX_WORDS and LIST_HEADING.match(line):
        return True  # "What needs to improve:" over its list, in place of a heading
    return (
        len(lines) == 1
        and words <= HEADING_MAX_WORDS
        and not _ends_sentence(line)
        and not _BYLINE.match(line)
        and not _FIELD.match(line)
    )


def _count_words(text: str, start: int, end: int) -> int:
    return len(text[start:end].split())


def _list_block(text: str, lines: list[_Line]) -> Block:
    items = []
    for line in lines:
        marker = _BULLET.match(line.text)
        items.append(Span(line.start + (marker.end() if marker else 0), line.end, "item"))
    start, end = lines[0].start, lines[-1].end
    return Block("list", start, end, tuple(items), _count_words(text, start, end))


def _is_lead_in(text: str, block: Block) -> bool:
    return block.kind == "para" and text[block.start : block.end].rstrip().endswith(":")


def _merge(first: Block, second: Block) -> Block:
    spans = first.spans + second.spans
    return Block("list", first.start, second.end, spans, first.words + second.words)


def _pack(blocks: list[Block], text: str) -> Iterator[tuple[list[Block], str | None]]:
    """Group blocks into chunks, yielding each group with the heading it falls under."""
    current: list[Block] = []
    section: str | None = None
    yielded = False
    for block in blocks:
        has_content = any(b.kind != "heading" for b in current)
        if block.kind == "heading":
            if has_content:
                yield current, section
                current, yielded = [], True
            section = text[block.start : block.end]
            current.append(block)
            continue
        size = sum(b.words for b in current)
        starts_new = block.paragraph is not None or size + block.words > MAX_WORDS
        if has_content and starts_new:
            yield current, section
            current, yielded = [], True
        limit = LIST_MAX_WORDS if block.kind == "list" else MAX_WORDS
        if block.words <= limit:
            current.append(block)
            continue
        for piece in _split_block(block, text):
            yield [*current, piece], section
            current, yielded = [], True
    if current and (any(b.kind != "heading" for b in current) or not yielded):
        yield current, section


def _split_block(block: Block, text: str) -> Iterator[Block]:
    """Cut an over-long paragraph between sentences (a list between items)."""
    pieces: list[list[Span]] = [[]]
    size = 0
    for span in block.spans:
        words = _count_words(text, span.start, span.end)
        if pieces[-1] and size + words > MAX_WORDS:
            pieces.append([])
            size = 0
        pieces[-1].append(span)
        size += words
    for i, spans in enumerate(pieces):
        start = block.start if i == 0 else spans[0].start  # the first keeps "12. " or its lead-in
        end = spans[-1].end
        yield Block(
            block.kind, start, end, tuple(spans), _count_words(text, start, end), block.paragraph
        )
