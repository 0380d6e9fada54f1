"""The minimal UI: replies show the answer and its sources, with record text escaped."""

from __future__ import annotations

import datetime as dt

from rag.records import Answer, Citation, DocumentMeta
from rag.ui import render_reply

META = DocumentMeta("<b>Title</b>", dt.date(2020, 3, 27), "Ofsted", "ofsted", "March 2020 visit")


def _answer(quote: str, refused: bool = False) -> Answer:
    citation = Citation(1, "d", META, quote, 0, len(quote), 7, 0.9)
    if refused:
        return Answer(
            "q", "The inspection record does not answer this question.", True, closest=(citation,)
        )
    return Answer("q", f"Ofsted says: “{quote}” [1]", False, citations=(citation,))


def test_reply_lists_sources_with_title_date_speaker_and_quote() -> None:
    reply = render_reply(_answer("Children are seen alone."))
    assert "**Sources**" in reply
    assert "27 March 2020" in reply and "ofsted" in reply and "paragraph 7" in reply
    assert "> Children are seen alone." in reply


def test_record_text_cannot_inject_html() -> None:
    reply = render_reply(_answer("<script>alert(1)</script><img src=x onerror=alert(2)>"))
    assert "<script>" not in reply and "<img" not in reply and "<b>" not in reply
    assert "&lt;script&gt;" in reply


def test_refusal_shows_closest_passages_labelled() -> None:
    reply = render_reply(_answer("Something nearby.", refused=True))
    assert "Closest passages (these do not answer it)" in reply
