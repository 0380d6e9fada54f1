"""What the app shows: escaping, linked markers, cards, the document view, export, overview."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from rag.app.render import (
    RecordDocument,
    answer_markdown,
    document_view,
    escape_markdown,
    export_markdown,
    grade_badge,
    grade_history,
    how_answered,
    overview_rows,
    plain_text,
    source_card,
    timeline,
)
from rag.records import Answer, Chunk, Citation, DocumentMeta, Filters, Hit, Timings

LETTER = DocumentMeta(
    "Letter <i>",
    dt.date(2020, 3, 27),
    "Ofsted",
    "ofsted",
    "March 2020 monitoring visit",
    kind="monitoring visit letter",
)
PRESS = DocumentMeta(
    "Story", dt.date(2019, 3, 25), "Newham Recorder", "press", "February 2019 inspection"
)


def _citation(quote: str, paragraph: int | None = 4) -> Citation:
    return Citation(1, "letter", LETTER, quote, 10, 10 + len(quote), paragraph, 0.9)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert\\(1\\)&lt;/script&gt;"),
        ("[click](javascript:alert(1))", "\\[click\\]\\(javascript:alert\\(1\\)\\)"),
        ("*bold* _it_ `code` # head", "\\*bold\\* \\_it\\_ \\`code\\` \\# head"),
        # bare URLs, www. names and e-mail addresses would become links (GFM autolinks)
        ("http://x.org/a.png)", "http&#58;//x.org/a.png\\)"),
        ("see www.x.org or a@b.org", "see www&#46;x.org or a&#64;b.org"),
    ],
)
def test_escape_markdown(text: str, shown: str) -> None:
    assert escape_markdown(text) == shown


def test_answer_markdown_links_markers_and_keeps_structure() -> None:
    answer = Answer(
        "q",
        "In date order:\n\n**March 2020 monitoring visit**: Ofsted says: “a <b>b</b>” [1]\n"
        "- item with [2] and (brackets)",
        False,
    )
    shown = answer_markdown(answer)
    assert "**March 2020 monitoring visit**: " in shown
    assert "[\\[1\\]](#source-1)" in shown and "[\\[2\\]](#source-2)" in shown
    assert "&lt;b&gt;" in shown and "<b>" not in shown
    assert "\n- item with" in shown and "\\(brackets\\)" in shown


def test_source_card_escapes_and_shows_everything() -> None:
    card = source_card(_citation("<img src=x onerror=alert(1)> seen alone"))
    assert 'id="source-1"' in card and 'class="badge badge-ofsted">Ofsted<' in card
    assert "Letter &lt;i&gt;" in card and "27 March 2020" in card
    assert "March 2020 monitoring visit · paragraph 4" in card
    paged = dataclasses.replace(
        _citation("seen"), meta=dataclasses.replace(LETTER, pages=(0, 5, 40))
    )
    assert "paragraph 4 · page 2" in source_card(paged)
    assert "&lt;img src=x onerror=alert(1)&gt; seen alone" in card and "<img" not in card
    assert "does not answer" not in card
    assert "does not answer the question" in source_card(_citation("x"), closest=True)


def test_document_view_highlights_the_passage() -> None:
    text = "First <b>line</b>.\nThe cited passage.\nLast line."
    start = text.index("The cited")
    view = document_view(LETTER, text, start, start + len("The cited passage."))
    assert '<mark id="cited-passage" tabindex="-1">The cited passage.</mark>' in view
    assert "First &lt;b&gt;line&lt;/b&gt;." in view
    assert "<mark" not in document_view(LETTER, text, None, None)


def test_how_answered_lists_filters_timings_and_passages() -> None:
    answer = Answer(
        "q", "a", False, filters=Filters(source_types=("ofsted",)), timings=Timings(30.0, 8.0, 38.0)
    )
    shown = how_answered(answer)
    assert "sources: ofsted" in shown and "total 38 ms" in shown


def test_how_answered_names_passages_by_title_in_a_list() -> None:
    chunk = Chunk("letter:3", "letter", 3, 0, 10, "Some text.", None, 4, ())
    answer = Answer(
        "And in 2020?",
        "a",
        False,
        retrieved=(Hit(chunk, 0.0331, 0.612, 2, 1),),
        standalone_question="What did Ofsted say about caseloads in 2020?",
    )
    shown = how_answered(answer, {"letter": "Monitoring visit letter (27 March 2020)"})
    assert "**Question answered:** What did Ofsted say about caseloads in 2020?" in shown
    assert (
        "1. *Monitoring visit letter \\(27 March 2020\\)*, paragraph 4: score 0.0331; "
        "meaning rank 2, similarity 0.612; word rank 1"
    ) in shown
    assert "|" not in shown  # no table to squeeze into the side column


def test_export_has_full_citations() -> None:
    answer = Answer(
        "Seen alone?",
        "Ofsted says: “Children are seen alone.” [1]",
        False,
        citations=(_citation("Children are\nseen alone."),),
    )
    text = export_markdown([answer], dt.datetime(2026, 11, 28, 10, 30))
    assert "## 1. Seen alone?" in text and "### Sources" in text
    assert (
        "1. Letter <i>. Ofsted, 27 March 2020; March 2020 monitoring visit, "
        "paragraph 4. “Children are seen alone.”"
    ) in text
    press = dataclasses.replace(
        _citation("Social workers left."),
        meta=dataclasses.replace(PRESS, url="https://example.org/story", pages=(0, 5)),
    )
    line = export_markdown([dataclasses.replace(answer, citations=(press,))], dt.datetime.now())
    assert f"{PRESS.publisher} (Press)" in line and "page 2" in line
    assert "<https://example.org/story>" in line
    assert "Exported 28 November 2026, 10:30" in text


def test_overview_and_timeline_are_in_date_order() -> None:
    documents = [RecordDocument("letter", LETTER, 18), RecordDocument("story", PRESS, 6)]
    assert overview_rows(documents) == [
        ["Story", "2019-03-25", "Press", "February 2019 inspection", 6],
        ["Letter <i>", "2020-03-27", "Ofsted", "March 2020 monitoring visit", 18],
    ]
    shown = timeline(documents)
    assert shown.index("February 2019 inspection") < shown.index("March 2020 monitoring visit")
    assert "Letter &lt;i&gt;" in shown


@pytest.mark.parametrize(
    ("grade", "kind"),
    [
        ("Inadequate", "inadequate"),
        ("Requires improvement to be good", "ri"),
        ("Good", "good"),
        ("Outstanding", "outstanding"),
        ("Not judged", "other"),
    ],
)
def test_grade_badge_colour_follows_the_words(grade: str, kind: str) -> None:
    assert grade_badge(grade) == f'<span class="grade grade-{kind}">{grade}</span>'


def test_grade_history_lists_reports_with_every_judgement_escaped() -> None:
    older = DocumentMeta(
        "Report",
        dt.date(2019, 3, 25),
        "Ofsted",
        "ofsted",
        "February 2019 inspection",
        framework="ILACS",
        judgements=(("Overall effectiveness", "Inadequate"), ("Help <and> protection", "Good")),
    )
    newer = DocumentMeta(
        "Report",
        dt.date(2022, 9, 21),
        "Ofsted",
        "ofsted",
        "July 2022 inspection",
        judgements=(("Overall effectiveness", "Good"),),
    )
    shown = grade_history("Newham <b>", [older, newer])
    assert "<caption>Newham &lt;b&gt;: Ofsted judgements" in shown
    assert shown.index("February 2019 inspection") < shown.index("July 2022 inspection")
    assert "published 25 March 2019 · ILACS" in shown
    assert "Help &lt;and&gt; protection: " + grade_badge("Good") in shown
    assert shown.count('<tr><th scope="row">') == 2
    assert "No Ofsted inspection reports" in grade_history("Hackney", [])


def test_plain_text_has_the_question_answer_and_numbered_sources() -> None:
    answer = Answer(
        "Seen alone?",
        "**March 2020 monitoring visit**: Ofsted says: “Children are seen alone.” [1]",
        False,
        citations=(_citation("Children are\nseen alone."),),
    )
    text = plain_text(answer)
    assert text.startswith("Question: Seen alone?\n\nMarch 2020 monitoring visit: Ofsted says")
    assert "\n\nSources:\n1. Letter <i>. Ofsted, 27 March 2020;" in text
    assert "**" not in text
