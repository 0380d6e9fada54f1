"""Query expansion from the glossary."""

from __future__ import annotations

import pytest

from rag.search.expand import expand_query, load_glossary


@pytest.mark.parametrize(
    ("question", "added"),
    [
        ("What did Ofsted say about IROs?", ("independent reviewing officer",)),
        (
            "How was the MASH working?",
            ("multi-agency safeguarding hub", "multi-agency service hub"),
        ),
        ("Is the DCS new?", ("director of children's services",)),
        ("What about the independent reviewing officer?", ("IRO",)),
        ("Was the service RI in 2019?", ("requires improvement", "requiring improvement")),
        ("Were the kids seen on their own?", ("child", "children", "alone")),
        ("What is the LADO's role?", ("local authority designated officer",)),
        ("Any PLO work?", ("public law outline",)),
        (
            "How many UASC are there?",
            ("unaccompanied asylum-seeking children", "unaccompanied asylum-seeking child"),
        ),
        # lower-case "mash" is not the acronym; "Ofsted" is not widened back to "watchdog"
        ("mash potatoes", ()),
        ("What did Ofsted say?", ()),
    ],
)
def test_expansion(question: str, added: tuple[str, ...]) -> None:
    expansion = expand_query(question, load_glossary())
    assert expansion.added == added
    if added:
        assert expansion.dense_text.startswith(question)
        assert all(term in expansion.keyword_text for term in added)
    else:
        assert expansion.dense_text == expansion.keyword_text == question


def test_glossary_entries_are_well_formed() -> None:
    glossary = load_glossary()
    assert len(glossary) > 30
    assert all(entry.term and entry.means for entry in glossary)
