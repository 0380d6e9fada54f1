"""The recommendations tracker: what Ofsted asked a council to improve, and what happened next.

The items are read from each Ofsted document's own structure: a report's improvement list
("What needs to improve?", "What does the local authority need to improve?", "Areas for
improvement", "Recommendations") and a visit letter's areas of focus ("Areas covered by the
visit", "Areas for priority action"), one item per line of the list. For every item, each
later document of the same council (a later inspection or visit, and the council's and the
press's statements, which are labelled as theirs) is searched for its sentence closest in
meaning and words to the item; a sentence scoring MENTION_SCORE or more speaks to it. The status
is read from what was found, never guessed: a later Ofsted finding (the latest first), only a
council or press statement, or not mentioned in any later document.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from rag.answer.improve import headed_by
from rag.answer.select import lexical_overlap
from rag.records import Chunk, DocumentMeta, Evidence, Span
from rag.search.index import RecordIndex
from rag.search.keyword import terms
from rag.text.sections import is_recommendation, section_kind

# How well a later sentence must match an item (similarity of the stored sentence vectors,
# plus the weighted share of the item's rarer words) to count as speaking to it. Set on the
# tracker evaluation's tuning rows only (Newham train, dev councils; eval/tracker/): the
# lowest score of a passage a row names that was its document's best match (0.76), rounded
# down; the weaker best matches below it (0.6 to 0.75) were, read by hand, other topics.
MENTION_SCORE = 0.75
# How well a question's subject must match an item for the tracker to answer it. Set on the
# tuning sets only (dev councils, Newham train): the value that lets through the most
# tracker questions matched to their own item (7 of 15) for the fewest of the other
# questions that name an earlier visit and ask what came after (1 of 18, about findings).
ITEM_SCORE = 0.68
MAX_ITEMS = 24  # items read from one document's list

Status = Literal["later finding", "council or press only", "not mentioned", "no later document"]
STATUS_TEXT: Mapping[Status, str] = {
    "later finding": "Later Ofsted finding",
    "council or press only": "Mentioned only by the council or the press, not by Ofsted",
    "not mentioned": "Not mentioned in any later document",
    "no later document": "No later document in the record",
}


@dataclass(frozen=True)
class Item:
    """One thing an Ofsted document asked the council to improve (or looked at)."""

    doc_id: str
    text: str
    evidence: Evidence
    sentences: tuple[tuple[str, int], ...]  # (chunk id, index among its quotable spans)


@dataclass(frozen=True)
class Mention:
    """The sentence of a later document closest to an item, alike enough to speak to it."""

    doc_id: str
    text: str
    evidence: Evidence
    similarity: float
    relisted: bool = False  # it sits in the later document's own improvement or focus list


@dataclass(frozen=True)
class Tracked:
    """An item, with what later documents said about it and the status that follows."""

    item: Item
    mentions: tuple[Mention, ...]
    status: Status


@dataclass(frozen=True)
class TrackedDocument:
    """An Ofsted document of the council, with its items tracked."""

    doc_id: str
    meta: DocumentMeta
    items: tuple[Tracked, ...]


# The lead-in of a list of strengths inside a SIF report's improvement section ("The local
# authority has the following strengths:"): what follows is not asked for.
STRENGTHS = re.compile(r"\bstrengths?\b", re.IGNORECASE)
# A line saying the list is empty ("The inspection did not find any areas for priority and
# immediate action", "There are no areas of priority and immediate action.").
NONE_FOUND = re.compile(r"\b(did not (find|identify) any|there (are|were) no)\b", re.IGNORECASE)


def document_items(chunks: Sequence[Chunk]) -> list[Item]:
    """The items of a document's improvement or focus sections, in order: each line of the
    list (a numbered or bulleted item, or a paragraph), with the sentences on it. Headings,
    a lead-in ending ":", a line saying there are none, and a list of strengths inside the
    section are not items."""
    items: list[Item] = []
    current: list[tuple[Chunk, int]] = []  # (chunk, span index)

    def close() -> None:
        if current:
            chunk, first = current[0]
            last_chunk, last = current[-1]
            start, end = chunk.quotable[first].start, last_chunk.quotable[last].end
            text = chunk.text[start - chunk.start : end - chunk.start]
            evidence = Evidence(chunk.doc_id, start, end, chunk.quotable[first].paragraph, 1.0)
            sentences = tuple((c.chunk_id, i) for c, i in current)
            items.append(Item(chunk.doc_id, text, evidence, sentences))
            current.clear()

    section, strengths, kind, checked = None, False, "body", True
    for chunk in chunks:
        if chunk.section != section:
            section, strengths = chunk.section, STRENGTHS.search(chunk.section or "") is not None
            found = section_kind(chunk.section)
            # a subheading inside an improvement section ("Quality of practice", "Missing
            # children") goes on with it if it opens with a recommendation; a section of any
            # other known kind ends it
            kind = "continued" if found == "body" and kind in ("improve", "continued") else found
            checked = kind != "continued"
        if kind != "improve" and headed_by(chunk, "improve"):
            kind, checked = "improve", True
        for i, span in enumerate(chunk.quotable):
            text = chunk.text[span.start - chunk.start : span.end - chunk.start]
            lead_in = span.kind == "heading" or text.rstrip().endswith(":")
            strengths = strengths or (lead_in and STRENGTHS.search(text) is not None)
            if not checked and not lead_in:
                checked = True
                kind = "continued" if is_recommendation(text) else "body"
            # a letter's areas of focus are the items of its list, not the lines around it
            wanted = kind in ("improve", "continued") or (kind == "focus" and span.kind == "item")
            if not wanted or strengths or lead_in or NONE_FOUND.search(text):
                close()
                continue
            previous = current[-1] if current else None
            gap = (
                chunk.text[chunk.quotable[previous[1]].end - chunk.start : span.start - chunk.start]
                if previous is not None and previous[0] is chunk
                else "\n"
            )
            if "\n" in gap:
                close()
            current.append((chunk, i))
        close()
    return items[:MAX_ITEMS]


def later_documents(
    meta: DocumentMeta, documents: Iterable[tuple[str, DocumentMeta]]
) -> list[tuple[str, DocumentMeta]]:
    """The documents of the same council dated after this one and about another visit,
    latest first (a report on the same inspection published a day later is not "later")."""
    found = [
        (doc_id, m)
        for doc_id, m in documents
        if m.authority == meta.authority and m.date > meta.date and m.event != meta.event
    ]
    return sorted(found, key=lambda found: (found[1].date, found[0]), reverse=True)


def track(
    index: RecordIndex,
    lexical: float,
    authority: str | None = None,
    doc_ids: Collection[str] | None = None,
    later_events: Collection[str] | None = None,
) -> list[TrackedDocument]:
    """Every Ofsted document of the council (or of every council) with its items, oldest
    first, each item with the later documents' sentences that speak to it (`lexical`: the
    weight of word overlap against similarity, the answers' own `Weights.lexical`; `doc_ids`:
    only these documents' items; `later_events`: only these events' later documents)."""
    documents = [(d.doc_id, d.meta) for d in index.documents.values()]
    tables: dict[str, DocumentSentences] = {}
    out = []
    for doc_id, meta in sorted(documents, key=lambda x: (x[1].date, x[0])):
        if meta.source_type != "ofsted" or (authority and not meta.is_of(authority)):
            continue
        if doc_ids is not None and doc_id not in doc_ids:
            continue
        items = document_items(index.document_chunks(doc_id))
        if not items:
            continue
        owners, matrix = index.document_sentences(doc_id)
        rows = _first_rows(owners)
        later = [
            (later_id, m)
            for later_id, m in later_documents(meta, documents)
            if later_events is None or m.event in later_events
        ]
        for later_id, _ in later:  # each later document read once, for all the items
            if later_id not in tables:
                tables[later_id] = document_sentences(index, later_id)
        tracked = tuple(
            _track_item(index, item, matrix, rows, later, tables, lexical) for item in items
        )
        out.append(TrackedDocument(doc_id, meta, tracked))
    return out


def _track_item(
    index: RecordIndex,
    item: Item,
    matrix: np.ndarray,
    rows: Mapping[str, int],
    later: Sequence[tuple[str, DocumentMeta]],
    tables: Mapping[str, DocumentSentences],
    lexical: float,
) -> Tracked:
    vector = item_vector(item, matrix, rows)
    words = terms([item.text])[0]
    mentions = []
    for doc_id, _ in later:
        mention = best_mention(index, doc_id, tables[doc_id], vector, words, lexical)
        if mention is not None:
            mentions.append(mention)
    metas = dict(later)
    ofsted = [m for m in mentions if metas[m.doc_id].source_type == "ofsted"]
    others = [m for m in mentions if metas[m.doc_id].source_type != "ofsted"]
    status: Status
    if ofsted:
        status = "later finding"
    elif others:
        status = "council or press only"
    else:
        status = "not mentioned" if later else "no later document"
    return Tracked(item, tuple(ofsted + others), status)


def item_vector(item: Item, matrix: np.ndarray, rows: Mapping[str, int]) -> np.ndarray:
    """The item's meaning: the mean of its sentences' stored vectors, of unit length."""
    vector: np.ndarray = matrix[[rows[chunk_id] + i for chunk_id, i in item.sentences]].mean(axis=0)
    out: np.ndarray = vector / (float(np.linalg.norm(vector)) or 1.0)
    return out


@dataclass(frozen=True)
class DocumentSentences:
    """A document's quotable sentences, read once for all the items matched against it:
    their chunks, stored vectors (one row each), spans, texts and stemmed words."""

    owners: Sequence[Chunk]
    matrix: np.ndarray
    spans: Sequence[Span]
    texts: Sequence[str]
    words: Sequence[Sequence[str]]


def document_sentences(index: RecordIndex, doc_id: str) -> DocumentSentences:
    """The document's sentence table (see DocumentSentences)."""
    owners, matrix = index.document_sentences(doc_id)
    rows = _first_rows(owners)
    spans = [chunk.quotable[row - rows[chunk.chunk_id]] for row, chunk in enumerate(owners)]
    texts = [
        c.text[s.start - c.start : s.end - c.start] for c, s in zip(owners, spans, strict=True)
    ]
    return DocumentSentences(owners, matrix, spans, texts, index.keyword.terms_of(texts))


def best_mention(
    index: RecordIndex,
    doc_id: str,
    sentences: DocumentSentences,
    vector: np.ndarray,
    words: Sequence[str],
    lexical: float,
) -> Mention | None:
    """The document's sentence that best matches the item, scored as answers score a
    sentence (similarity, plus `lexical` times the share of the item's rarer words it
    holds), if it scores MENTION_SCORE or more."""
    if not len(sentences.owners):
        return None
    overlap = np.array([lexical_overlap(words, set(w), index.keyword.idf) for w in sentences.words])
    scores = sentences.matrix @ vector + lexical * overlap
    row = int(np.argmax(scores))
    score = float(scores[row])
    if score < MENTION_SCORE:
        return None
    span = sentences.spans[row]
    evidence = Evidence(doc_id, span.start, span.end, span.paragraph, score)
    relisted = section_kind(sentences.owners[row].section) in ("improve", "focus")
    return Mention(doc_id, sentences.texts[row], evidence, score, relisted)


def _first_rows(owners: Sequence[Chunk]) -> dict[str, int]:
    """Each chunk's first row in its document's sentence matrix (a row per quotable span)."""
    rows: dict[str, int] = {}
    for row, chunk in enumerate(owners):
        rows.setdefault(chunk.chunk_id, row)
    return rows


def tracked_json(
    documents: Sequence[TrackedDocument], metas: Mapping[str, DocumentMeta]
) -> list[dict[str, object]]:
    """The tracker in the JSON contract's shape: per Ofsted document, its items, each with
    its status and the later passages quoted, with their document, speaker, date, visit and
    paragraph."""

    def source(doc_id: str, evidence: Evidence) -> dict[str, object]:
        meta = metas[doc_id]
        return {
            "doc_id": doc_id,
            "title": meta.title,
            "speaker": meta.source_type,
            "publisher": meta.publisher,
            "date": meta.date.isoformat(),
            "event": meta.event,
            "paragraph": evidence.paragraph,
            "page": meta.page_at(evidence.start),
            "start": evidence.start,
            "end": evidence.end,
        }

    return [
        {
            "doc_id": d.doc_id,
            "title": d.meta.title,
            "date": d.meta.date.isoformat(),
            "event": d.meta.event,
            "authority": d.meta.authority,
            "items": [
                {
                    "item": t.item.text,
                    "paragraph": t.item.evidence.paragraph,
                    "page": d.meta.page_at(t.item.evidence.start),
                    "status": t.status,
                    "status_text": STATUS_TEXT[t.status],
                    "later": [
                        {
                            **source(m.doc_id, m.evidence),
                            "quote": m.text,
                            "score": round(m.similarity, 3),
                            "relisted": m.relisted,
                        }
                        for m in t.mentions
                    ],
                }
                for t in d.items
            ],
        }
        for d in documents
    ]


def item_scores(
    index: RecordIndex,
    document: TrackedDocument,
    query_vector: np.ndarray,
    query_words: Sequence[str],
    lexical: float,
) -> list[float]:
    """How well each of the document's items matches a question (similarity to its
    vector, plus `lexical` times the share of its rarer words the item holds)."""
    owners, matrix = index.document_sentences(document.doc_id)
    rows = _first_rows(owners)
    words = index.keyword.terms_of([t.item.text for t in document.items])
    scores = []
    for tracked, item_words in zip(document.items, words, strict=True):
        vector = item_vector(tracked.item, matrix, rows)
        overlap = lexical_overlap(query_words, set(item_words), index.keyword.idf)
        scores.append(float(vector @ query_vector) + lexical * overlap)
    return scores


def items_asked(
    index: RecordIndex,
    documents: Sequence[TrackedDocument],
    query_vector: np.ndarray,
    query_words: Sequence[str],
    lexical: float,
) -> list[tuple[TrackedDocument, Tracked]]:
    """The item a question is about: the best match among the documents' items, if it
    matches ITEM_SCORE or better; none otherwise."""
    scored = [
        (score, document, tracked)
        for document in documents
        for score, tracked in zip(
            item_scores(index, document, query_vector, query_words, lexical),
            document.items,
            strict=True,
        )
    ]
    if not scored:
        return []
    score, document, tracked = max(scored, key=lambda x: x[0])
    return [(document, tracked)] if score >= ITEM_SCORE else []
