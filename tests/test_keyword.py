"""BM25 keyword search."""

from __future__ import annotations

import numpy as np

from rag.search.keyword import KeywordIndex, terms

PASSAGES = [
    "Social workers visit children regularly and children are seen alone.",
    "IROs are not routinely tracking the progress of permanence plans.",
    "The council agreed a budget with investment in children's services.",
]


def test_terms_are_stemmed_content_words() -> None:
    assert terms(["The IROs were tracking plans"])[0] == ["iro", "were", "track", "plan"]


def test_search_ranks_the_matching_passage_first() -> None:
    index = KeywordIndex(PASSAGES)
    assert index.search("Is the IRO tracking permanence?", 3)[0][0] == 1
    assert index.search("children seen alone", 3)[0][0] == 0


def test_mask_excludes_passages() -> None:
    index = KeywordIndex(PASSAGES)
    mask = np.array([0, 1, 1], dtype=np.float32)
    assert all(i != 0 for i, _ in index.search("children seen alone", 3, mask))


def test_unknown_words_and_empty_index_find_nothing() -> None:
    assert KeywordIndex(PASSAGES).search("zebra xylophone", 3) == []
    assert KeywordIndex([]).search("children", 3) == []


def test_rare_words_weigh_more() -> None:
    index = KeywordIndex(PASSAGES)
    assert index.idf("iro") > index.idf("children")
