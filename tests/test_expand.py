"""Query expansion from the glossary."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rag.errors import RagError
from rag.search.expand import _is_acronym, expand_query, load_glossary, swap_acronyms


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
        # a councillor's plain words widen to the reports' own
        ("Did staff get regular one-to-ones with their managers?", ("supervision",)),
        ("Were the file reviews accurate?", ("audits", "auditing")),
        (
            "Did things get better for kids sent back home?",
            (
                "child",
                "children",
                "return home",
                "placed with parents",
                "reunification",
            ),
        ),
        ("Is Leeds' preventative support for families working?", ("early help",)),
        # the turnover of someone is a change of worker; a turnover rate is a figure
        ("Was there much turnover in caseworkers?", ("social worker", "changes of social worker")),
        ("What was Kent's staff turnover rate?", ()),
        # each word of a term may be singular or plural
        (
            "Who covers the evening and weekend rota in Dudley?",
            ("emergency duty team", "out of hours", "out-of-hours"),
        ),
        ("Were Merton's young people in prison supported?", ("custody",)),
        (
            "How dependent on temporary staff was Kent?",
            ("reliance on", "agency staff", "agency workers"),
        ),
        ("Were Bury's children expelled less often?", ("exclusion", "excluded")),
        ("Did Leeds keep siblings together?", ("brothers and sisters",)),
        # an adverb between the words of a phrase
        (
            "Had Sefton's help for families got noticeably worse?",
            ("deterioration", "deteriorated", "declined"),
        ),
        # two words between are another phrase
        ("Did Wigan's reviews of cases keep very close tabs on drift?", ()),
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


GLOSSARY_MIN_COUNCILS = 3


def test_every_everyday_word_widens_to_wording_several_councils_reports_use(
    national_reports: Path,
) -> None:
    """An everyday word is widened only to the reports' own wording: each wording it adds
    is found in the latest reports of at least three councils, so no entry serves one
    document.
    (An acronym's `means` is its definition, and is not checked.)"""
    from rag.ingest.load import load_source

    texts = []
    for council in sorted(p for p in national_reports.iterdir() if p.is_dir()):
        reports = sorted(council.glob("*.pdf"))
        if not reports:
            continue
        try:  # the council's latest report (a few saved files are not PDFs)
            texts.append(load_source(reports[-1]).body.replace("’", "'").lower())
        except RagError:
            continue
    for entry in load_glossary():
        if _is_acronym(entry.term):
            continue
        for wording in entry.means:
            pattern = re.compile(rf"(?<![\w-]){re.escape(wording.lower())}s?(?![\w-])")
            found = sum(bool(pattern.search(t)) for t in texts)
            assert found >= GLOSSARY_MIN_COUNCILS, (entry.term, wording, found)


@pytest.mark.parametrize(
    ("text", "swapped"),
    [
        ("Were independent reviewing officers busy?", "Were IROs busy?"),
        (
            "Did the IROs and the IRO challenge?",
            "Did the independent reviewing officers and the independent reviewing officer "
            "challenge?",
        ),
        ("When is a personal adviser allocated?", "When is a PA allocated?"),
        ("Does the multi-agency safeguarding hub act?", "Does the MASH act?"),
        # the longest written-out form first: a child protection plan is a CPP
        ("Who reviews child protection plans?", "Who reviews CPPs?"),
        ("How are foster carers supported?", "How are foster carers supported?"),  # none
    ],
)
def test_swap_acronyms_puts_the_other_wording(text: str, swapped: str) -> None:
    assert swap_acronyms(text, load_glossary()) == swapped


# Sentences that use only an acronym (Trafford 2015, Hartlepool 2024, Dudley 2023), asked
# about in written-out words: the encoder finds them closer to the question put with the
# acronym, which is why a sentence's similarity is the closer of the two wordings'.
@pytest.mark.parametrize(
    ("question", "sentence"),
    [
        (
            "Were independent reviewing officers too busy to challenge practice?",
            "Although IROs have high caseloads, they challenge practice well to encourage high "
            "standards and better outcomes for children and young people.",
        ),
        (
            "What limited the allocation of a personal adviser?",
            "Capacity constraints have impacted on the ability to allocate PAs before a child "
            "reaches 18.",
        ),
        (
            "How quickly were needs identified in the multi-agency safeguarding hub?",
            "Children’s needs are promptly identified within the MASH.",
        ),
    ],
)
def test_the_acronym_wording_is_closer_to_a_sentence_that_uses_the_acronym(
    embeddings: object, question: str, sentence: str
) -> None:
    import numpy as np

    vectors = np.array(
        embeddings.embed_documents(  # type: ignore[attr-defined]
            [question, swap_acronyms(question, load_glossary()), sentence]
        )
    )
    assert vectors[1] @ vectors[2] > vectors[0] @ vectors[2] + 0.05
