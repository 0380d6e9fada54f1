"""Keyword retrieval: BM25 (bm25s) over stemmed words, with stop words removed."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer("english")


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

    def search(self, query: str, n: int, mask: np.ndarray | None = None) -> list[tuple[int, float]]:
        """The best n passages as (position, score), best first; zero scores dropped."""
        query_terms = [t for t in terms([query])[0] if t in self._doc_freq]
        if not self._size or not query_terms:
            return []
        scores = self._bm25.get_scores(query_terms, weight_mask=mask)
        order = np.argsort(-scores, kind="stable")[:n]
        return [(int(i), float(scores[i])) for i in order if scores[i] > 0]
