"""Month names and council names, shared by reading reports and reading questions."""

from __future__ import annotations

import pytest

from rag.text.names import (
    councils_named,
    load_authorities,
    month_number,
    people_in,
    without_councils,
)


@pytest.mark.parametrize(
    ("word", "number"),
    [
        ("March", 3),
        ("Feb", 2),  # "18 Feb 2014 – 12 March 2014"
        ("Sept", 9),
        ("sept.", 9),
        ("SEPTEMBER", 9),
        ("may", 5),
        ("Jun", 6),
        ("Jul", 7),
        ("Ma", None),  # too short to tell March from May
        ("to", None),
        ("Monday", None),
    ],
)
def test_month_number(word: str, number: int | None) -> None:
    assert month_number(word) == number


def test_gazetteer_covers_english_councils() -> None:
    names = {n for row in load_authorities() for n in row}
    assert {"Newham", "Hackney", "Tower Hamlets", "Hull", "Birmingham"} <= names
    assert len(load_authorities()) >= 150


@pytest.mark.parametrize(
    ("text", "councils"),
    [
        ("Inspection of Bexley local authority children’s services", ["Bexley"]),
        ("Stoke-on-Trent City Council", ["Stoke-on-Trent"]),
        ("Children’s services across the City of London are good", ["City of London"]),
        ("Brighton & Hove and St. Helens", ["Brighton and Hove", "St Helens"]),
        ("Reading about Newcastle upon Tyne", ["Reading", "Newcastle upon Tyne"]),
    ],
)
def test_councils_named(text: str, councils: list[str]) -> None:
    assert councils_named(text) == councils


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("Cllr Sarah Ruiz, Cabinet Member for Education, said: “We are proud.”", ["Sarah Ruiz"]),
        # titles and bodies in three councils' reports are not people
        ("Meetings help to ensure that the Town Clerk and lead member are informed.", []),
        ("Partnerships such as the Staffordshire Families Strategic Partnership work well.", []),
        ("The Virtual School Head tracks progress; the Front Door is busy.", []),
        # laws, orders, procedures and a sentence's opening words, in reports of many councils
        ("Pre-proceedings under the Public Law Outline (PLO) are timely.", []),
        ("Under section 152 of the Education and Inspections Act 2006, Ofsted reports.", []),
        ("Special Guardianship Orders are used; Key Stage 4 results improved.", []),
        ("In September the Child Death Overview Panel met. Since April the North East has.", []),
        (
            "The visit was carried out by Jane Smith and Amir Khan, inspectors.",
            ["Jane Smith", "Amir Khan"],
        ),
    ],
)
def test_people_are_told_from_titles_and_bodies(text: str, people: list[str]) -> None:
    assert people_in(text) == people


@pytest.mark.parametrize(
    ("question", "councils"),
    [
        # typed in lower case, as people type: a name of two words or more still counts
        ("how did cheshire east do in 2019?", ["Cheshire East"]),
        ("care leavers in west sussex, 2022", ["West Sussex"]),
        ("barking and dagenham's lead inspector?", ["Barking and Dagenham"]),
        ("was brighton & hove rated good?", ["Brighton and Hove"]),
        # a one-word name in lower case may be an ordinary word: not a council
        ("are children reading well in bury?", []),
        # a capitalised one-word name counts, as in a document
        ("Did Bolton improve?", ["Bolton"]),
    ],
)
def test_councils_a_question_names_in_any_case(question: str, councils: list[str]) -> None:
    assert councils_named(question, any_case=True) == councils


def test_a_council_named_in_lower_case_is_left_out_of_the_topic() -> None:
    assert without_councils("how are cheshire east's foster carers supported?") == (
        "how are foster carers supported?"
    )
    assert without_councils("Kent and west sussex") == "and"
