"""Scope checks: councils and years the record does not cover."""

from __future__ import annotations

import pytest

from rag.scope import load_authorities, out_of_scope, record_scope

SCOPE = record_scope(
    ["Newham"],
    ["Aldridge helped guide fellow London borough Havering from 2016 to 2019.", "In March 2020"],
    [2019, 2020],
)


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("What did Ofsted find in Newham?", None),
        ("What did Ofsted say about Havering?", None),  # named in the record
        ("What did Ofsted say about Hackney's children's services?", "nothing about Hackney"),
        ("How did Kingston upon Hull do?", "nothing about Kingston upon Hull"),
        ("Reading the letter, what changed?", None),  # "Reading" the verb, not the council
        ("What happened at the 2023 inspection?", "2023"),
        ("What changed between 2019 and 2023?", None),  # 2019 is covered
        ("Were children seen alone?", None),
    ],
)
def test_out_of_scope(question: str, reason: str | None) -> None:
    found = out_of_scope(question, SCOPE)
    if reason is None:
        assert found is None
    else:
        assert found is not None and reason in found


def test_scope_collects_years_and_named_councils() -> None:
    assert SCOPE.mentioned == frozenset({"Havering"})
    assert {2016, 2019, 2020} <= SCOPE.years


def test_gazetteer_covers_english_councils() -> None:
    names = {n for row in load_authorities() for n in row}
    assert {"Newham", "Hackney", "Tower Hamlets", "Hull", "Birmingham"} <= names
    assert len(load_authorities()) >= 150
