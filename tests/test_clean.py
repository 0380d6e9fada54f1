"""Boilerplate removal: each rule on its own, and the five source documents end to end."""

from __future__ import annotations

from pathlib import Path

import frontmatter
import pytest

from rag.ingest.clean import clean_web_text
from rag.ingest.corpus import corpus_files
from rag.ingest.load import load_source

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "seeds"
CORPUS = Path(__file__).resolve().parent.parent / "corpus"

ARTICLE = (
    "Inspectors found that children were seen alone by their social workers in every case.\n\n"
    "The council said it would publish an action plan within a month of the report.\n"
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # a site menu before the article goes, headline kept
        (
            "Site Name\nMenu\n  • Jobs\n  • News\n  • Events\n▼\nJobs Live Inform\n\n"
            "Council told to improve\n\n" + ARTICLE,
            "Council told to improve\n\n" + ARTICLE,
        ),
        # photo credits go
        ("Headline here\n\nPhoto: Someone/Agency\n\n" + ARTICLE, "Headline here\n\n" + ARTICLE),
        (
            "Image of a notebook (credit: someone / Adobe Stock)\n(credit: someone)\n\n" + ARTICLE,
            ARTICLE,
        ),
        # everything from a footer marker on goes
        (ARTICLE + "\nMore from Community Care\n\nComments are closed.\n• About us\n", ARTICLE),
        (ARTICLE + "\nSign up for our social work emails\n\nJobs\n", ARTICLE),
        (ARTICLE + "\n© Publisher 2025. All rights reserved\n", ARTICLE),
        # a box of links to other stories goes, the story around it stays
        (
            "Inspectors found that children were seen alone by their social workers "
            "in every case.\n\n"
            "Recent Ofsted reports\n\nCouncil ‘unaware’ of problems, finds Ofsted\n\n"
            "Another council demoted to ‘inadequate’\n\n"
            "The council said it would publish an action plan within a month of the report.\n",
            ARTICLE,
        ),
        # "read it here" links go
        (ARTICLE + "\nYou can read the full Ofsted report on the Ofsted website here\n", ARTICLE),
    ],
)
def test_boilerplate_rules(raw: str, expected: str) -> None:
    assert clean_web_text(raw) == expected


@pytest.mark.parametrize(
    "text",
    [
        # a letter with an address block and no menus keeps everything
        "Ofsted\nPiccadilly Gate\nManchester\n\n27 March 2020\n\nDear Tim\n\n" + ARTICLE,
        # a short content list is not a menu
        "Inspectors found progress in:\n\n• Progress with permanency planning\n• Staff feel "
        "supported\n• Better assessments\n\n" + ARTICLE,
        # a section heading that merely starts like a link box stays
        "Recent developments\n\n" + ARTICLE,
    ],
)
def test_content_is_kept(text: str) -> None:
    assert clean_web_text(text) == text


def test_lines_are_kept_verbatim_apart_from_surrounding_space() -> None:
    raw = "   Indented “quoted” line, with £10.6 million – and more text to be prose.  \n"
    assert clean_web_text(raw) == raw.strip() + "\n"


def _body(path: Path) -> str:
    return frontmatter.loads(path.read_text(encoding="utf-8")).content.strip("\n") + "\n"


@pytest.mark.parametrize("corpus_file", corpus_files(CORPUS), ids=lambda p: p.stem[:40])
def test_corpus_bodies_are_the_cleaned_sources(corpus_file: Path) -> None:
    """The corpus is the cleaning code's output, not hand-edited text: a web page's cleaned
    text, or what `rag add` reads from a report PDF (committed as a test fixture)."""
    meta = frontmatter.loads(corpus_file.read_text(encoding="utf-8"))
    if meta.get("source_path"):
        pdf = (CORPUS / str(meta["source_path"])).resolve()
        assert _body(corpus_file) == load_source(pdf).body.strip("\n") + "\n"
        return
    raw = (FIXTURES / str(meta["source"])).read_text(encoding="utf-8")
    assert _body(corpus_file) == clean_web_text(raw)


COMMUNITY_CARE_BOILERPLATE = [
    "Jobs/Careers",
    "Menu",
    "Employer Profiles",
    "Job of the week",
    "More from Community Care",
    "Related articles",
    "Comments are closed",
    "Sign up for our social work emails",
    "Recent Ofsted reports",
    "Leaders ‘unaware of care leavers living in tents’",
    "credit: peterschreiber.media",
    "Mark Allen Group",
    "© MA Education",
    "Social Worker – Based in Kingston",
    "Privacy",
]


def test_community_care_page_boilerplate_is_gone() -> None:
    raw = (FIXTURES / "003_61972650bfbaec01.txt").read_text(encoding="utf-8")
    cleaned = clean_web_text(raw)
    for phrase in COMMUNITY_CARE_BOILERPLATE:
        assert phrase not in cleaned, phrase
    assert cleaned.startswith("‘Inadequate’ authority must speed up improvements")
    assert "By Alex Turner on March 31, 2020" in cleaned
    assert cleaned.rstrip().endswith("will update this story when we receive a response.")
    # every paragraph of the article proper survives, word for word
    for paragraph in ("Matching concerns", "Life-story work was another area", "More positively"):
        assert paragraph in cleaned
