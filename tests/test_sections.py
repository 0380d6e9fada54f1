"""Document structure: section kinds read from headings, the same for every framework, and the
PDF and chunk readers that find those headings (judgement headings, question headings,
numbered paragraphs printed without a space)."""

from __future__ import annotations

import datetime as dt

import pytest

from rag.ingest.chunk import chunk_document, split_blocks
from rag.ingest.pdf import clean_pdf_pages
from rag.records import Document, DocumentMeta
from rag.text.sections import section_kind

LINE = "The quick brown fox jumps over the lazy dog and then does it once again for luck"


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        # ILACS reports (Bury 2021, Knowsley 2021, Manchester 2022 use this heading)
        ("What needs to improve?", "improve"),
        # SIF reports (2014-2017) and their subsections
        ("What does the local authority need to improve?", "improve"),
        ("Priority and immediate action", "improve"),
        ("Areas for improvement", "improve"),
        ("Recommendations", "improve"),
        ("Headline findings", "summary"),
        ("Summary of key findings", "summary"),
        (
            "Review of the effectiveness of the Local Safeguarding Children Board",
            "safeguarding board",
        ),
        ("The experiences and progress of children in care and care leavers: Good", "judgement"),
        (
            "The impact of leaders on social work practice with children and families is: "
            "Inadequate",
            "judgement",
        ),
        ("Overall effectiveness: requires improvement to be good", "judgement"),
        # a judged area and its grade without the colon, as Bexley's, Bolton's and
        # Calderdale's 2018 reports set them (Bristol's 2018 with the grade capitalised)
        (
            "The experiences and progress of children who need help and protection is outstanding",
            "judgement",
        ),
        ("The experiences and progress of children in care and care leavers is good", "judgement"),
        (
            "The experiences and progress of children who need help and protection requires "
            "improvement to be good.",
            "judgement",
        ),
        (
            "The impact of leaders on social work practice with children and families Good",
            "judgement",
        ),
        # a sentence about an area is not its heading
        ("The experiences and progress of children in care are good, but slow.", "body"),
        # background sections of SIF reports (27 and 17 of the cross-council set's reports,
        # Knowsley 2017 and East Sussex 2014 among them) and of ILACS reports
        ("Previous Ofsted inspections", "background"),
        ("Other Ofsted inspections", "background"),
        ("Other information about this area", "background"),
        ("Information about this inspection", "background"),
        ("Information about this local authority area", "background"),
        ("The local authority's strengths", "body"),
        (None, "body"),
    ],
)
def test_a_heading_says_what_kind_of_section_it_opens(heading: str | None, kind: str) -> None:
    assert section_kind(heading) == kind


def test_numbered_paragraphs_printed_without_a_space_are_paragraphs() -> None:
    # As in Dudley's, Hounslow's and Leeds' 2018 reports: "12.The vulnerability ..."
    page = (
        f"11.Practice in the disability team is a strength. {LINE}\nand more.\n"
        f"12.The vulnerability of a small number of young people is not always {LINE}\n"
        "recognised.\n"
    )
    text = clean_pdf_pages([page]).text
    assert "\n\n12.The vulnerability" in text
    numbers = [b.paragraph for b in split_blocks(text) if b.kind == "para"]
    assert numbers == [11, 12]


def test_a_judgement_heading_over_two_lines_is_its_own_heading() -> None:
    page = (
        f"15.Supervision, although regular, is inconsistent in its quality. {LINE}\n"
        "how to progress children’s plans.\n"
        "The experiences and progress of children in care and care\n"
        "leavers is: Good\n"
        f"16.Appropriate and timely decisions are made for most children {LINE}\n"
        "safely.\n"
    )
    text = clean_pdf_pages([page]).text
    heading = "The experiences and progress of children in care and care leavers is: Good"
    assert f"\n\n{heading}\n\n16.Appropriate" in text
    kinds = [(b.kind, text[b.start : b.end][:20]) for b in split_blocks(text)]
    assert ("heading", heading[:20]) in kinds


def test_passages_carry_the_section_a_question_heading_opens() -> None:
    text = (
        "Inspection of Anytown local authority children’s services\n\n"
        "Leaders have a clear vision for children.\n\n"
        "What needs to improve?\n\n"
        "◼ The timeliness of strategy meetings.\n\n"
        "◼ Manageable caseloads for social workers.\n\n"
        "The experiences and progress of children who need help and protection: Good\n\n"
        "1. Children’s needs are promptly identified.\n"
    )
    meta = DocumentMeta("t", dt.date(2023, 1, 1), "Ofsted", "ofsted", "May 2023 inspection")
    chunks = chunk_document(Document("doc", meta, text, "digest"), "v")
    kinds = {section_kind(c.section) for c in chunks if "caseloads" in c.text}
    assert kinds == {"improve"}
    assert section_kind(next(c for c in chunks if "promptly" in c.text).section) == "judgement"
