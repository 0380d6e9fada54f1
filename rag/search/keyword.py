"""Keyword retrieval: BM25 (bm25s) over stemmed words, with stop words removed."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

import numpy as np

TERMS_CACHE = 50_000  # texts whose terms a KeywordIndex remembers
_local = threading.local()


def _stemmer() -> Any:
    """One stemmer per thread: PyStemmer's objects are not thread-safe."""
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        import Stemmer

        stemmer = _local.stemmer = Stemmer.Stemmer("english")
    return stemmer


def terms(texts: Sequence[str]) -> list[list[str]]:
    """Each text as its stemmed, lower-cased content words (the BM25 vocabulary)."""
    import bm25s

    tokens = bm25s.tokenize(
        list(texts), stopwords="en", stemmer=_stemmer(), return_ids=False, show_progress=False
    )
    return [list(t) for t in tokens]


class KeywordIndex:
    """A BM25 index over a fixed list of passages, searched with an optional mask."""

    def __init__(self, passages: Sequence[str]) -> None:
        import bm25s

        self._size = len(passages)
        self._terms: dict[str, tuple[str, ...]] = {}
        self._terms_lock = threading.Lock()
        self._bm25 = bm25s.BM25()
        tokens = terms(passages)
        self._doc_freq: dict[str, int] = {}
        for passage_terms in tokens:
            for term in set(passage_terms):
                self._doc_freq[term] = self._doc_freq.get(term, 0) + 1
        if self._size:
            self._bm25.index(tokens, show_progress=False)

    def idf(self, term: str) -> float:
        """Inverse document frequency of a stemmed term (rare words weigh more)."""
        df = self._doc_freq.get(term, 0)
        return float(np.log(1.0 + (self._size - df + 0.5) / (df + 0.5)))

    def knows(self, word: str) -> bool:
        """Whether every stemmed content word of `word` occurs in some passage (a stop word
        is known)."""
        return all(term in self._doc_freq for term in self.terms_of([word])[0])

    def terms_of(self, texts: Sequence[str]) -> list[tuple[str, ...]]:
        """`terms` of each text, remembered: the same sentences are scored again and again."""
        with self._terms_lock:
            known = {t: self._terms[t] for t in texts if t in self._terms}
        missing = list(dict.fromkeys(t for t in texts if t not in known))
        if missing:
            found = dict(zip(missing, (tuple(t) for t in terms(missing)), strict=True))
            known |= found
            with self._terms_lock:
                if len(self._terms) > TERMS_CACHE:
                    self._terms.clear()
                self._terms.update(found)
        return [known[t] for t in texts]

    def search(self, query: str, n: int, mask: np.ndarray | None = None) -> list[tuple[int, float]]:
        """The best n passages as (position, score), best first; zero scores dropped."""
        query_terms = [t for t in terms([query])[0] if t in self._doc_freq]
        if not self._size or not query_terms:
            return []
        scores = self._bm25.get_scores(query_terms, weight_mask=mask)
        order = np.argsort(-scores, kind="stable")[:n]
        return [(int(i), float(scores[i])) for i in order if scores[i] > 0]
