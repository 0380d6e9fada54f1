"""PDF cleaning: headers, page numbers, paragraphs across pages, hyphens, ligatures, tables."""

from __future__ import annotations

import pytest
from tests_support import newham_report

from rag.ingest.pdf import clean_pdf_pages, extract_pages

HEADER = "Inspection of Anytown local authority children’s services\n1 to 5 May 2023 {n}"
BODY_LINE = "The quick brown fox jumps over the lazy dog and then does it once again for luck"


def _page(n: int, body: str) -> str:
    return HEADER.format(n=n) + "\n" + body


def test_running_headers_and_page_numbers_go_even_mid_paragraph() -> None:
    pages = [
        "Inspection of Anytown local authority children’s services\nInspection dates: 1 to 5 May "
        "2023\n1. First paragraph starts here and " + BODY_LINE + " and it\ncontinues",
        _page(2, "onto the next page where it ends.\n2. Second paragraph."),
        _page(3, "3. Third paragraph."),
    ]
    cleaned = clean_pdf_pages(pages)
    assert "1 to 5 May 2023 2" not in cleaned.text and "1 to 5 May 2023 3" not in cleaned.text
    assert "and it continues onto the next page where it ends." in cleaned.text
    assert cleaned.text.startswith("Inspection of Anytown local authority children’s services")
    assert cleaned.page_starts[0] == 0
    page_two = cleaned.page_starts[1]
    assert cleaned.text[page_two:].startswith("onto the next page")


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("eﬀective ﬁndings ﬂow", "effective findings flow"),
        ("informa\ufffetion is shared", "information is shared"),
        ("multi-agency information\ufffesharing works", "multi-agency information-sharing works"),
        ("decision-\nmaking is quick.", "decision-making is quick."),
    ],
)
def test_ligatures_and_line_end_hyphens(raw: str, clean: str) -> None:
    assert clean_pdf_pages([raw]).text.strip() == clean


def test_back_page_boilerplate_is_dropped() -> None:
    pages = [
        "1. A finding about children.",
        "The Office for Standards in Education, Children’s Services and Skills (Ofsted) regulates"
        "\nYou may reuse this information\nPiccadilly Gate\n© Crown copyright 2022",
    ]
    cleaned = clean_pdf_pages(pages)
    assert "Crown copyright" not in cleaned.text and "Piccadilly" not in cleaned.text
    assert "A finding about children." in cleaned.text


def test_judgement_table_rows_stay_one_per_line() -> None:
    page = (
        "Inspection dates: 18 to 29 July 2022\nJudgement Grade\n"
        "The impact of leaders on social work \npractice with children and families\nOutstanding\n"
        "The experiences and progress of \nchildren who need help and protection\nGood\n"
        "Overall effectiveness Good\nChildren in the borough receive good services."
    )
    text = clean_pdf_pages([page]).text
    assert (
        "Judgement Grade\nThe impact of leaders on social work practice with children and "
        "families Outstanding\nThe experiences and progress of children who need help and "
        "protection Good\nOverall effectiveness Good\n\nChildren in the borough"
    ) in text


@pytest.mark.slow
def test_newham_2022_report_reads_cleanly() -> None:
    cleaned = clean_pdf_pages(extract_pages(newham_report("2022")))
    text = cleaned.text
    assert "Inspection of Newham local authority children’s services 18 to 29" not in text
    assert "Crown copyright" not in text and "Open Government Licence" not in text
    assert "\n\n46. Leaders have made significant progress in improving supervision" in text
    assert "well-chaired case conferences" in text
    assert len(cleaned.page_starts) == 11
    assert cleaned.page_starts == tuple(sorted(cleaned.page_starts))


def test_unreadable_pdfs_are_errors_naming_the_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from rag.errors import CorpusError

    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\nnot really a pdf at all")
    with pytest.raises(CorpusError, match=r"broken\.pdf: cannot read this PDF"):
        extract_pages(broken)
