"""End to end in a real headless Chromium (Debian's package, driven by Playwright): ask, read
the sources, open a citation, filter, export, give feedback; hostile text stays text.
Screenshots go to tests/artifacts/ (git-ignored)."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel
from playwright.sync_api import Browser, Page, expect
from tests_support import ANSWER_WAIT_MS, HOSTILE_SENTENCE, HOSTILE_TITLE, ask_in_chat

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


@pytest.fixture
def page(browser: Browser, running_app: dict[str, Any]) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 950}, accept_downloads=True)
    context.set_default_timeout(60_000)  # clicks wait for a button a busy turn keeps disabled
    page = context.new_page()
    page.dialogs: list[str] = []  # type: ignore[attr-defined]
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))  # type: ignore[attr-defined]
    page.goto(running_app["url"])
    expect(page.get_by_label("Your question")).to_be_visible(timeout=30_000)
    yield page
    context.close()


def _ask(page: Page, question: str) -> None:
    ask_in_chat(page, question)
    expect(page.locator("#chat .message.bot").last).to_contain_text(
        re.compile(r"\[\d\]|does not answer"), timeout=ANSWER_WAIT_MS
    )


def _clipboard_once_written(page: Page, timeout_s: float = 30.0) -> str:
    """The clipboard's text, read until it holds some. Waiting for a non-empty read and then
    reading again once gave "" (two test runs sharing the machine), so the text checked is
    the one the wait saw."""
    deadline = time.monotonic() + timeout_s
    text: str = page.evaluate("() => navigator.clipboard.readText()")
    while not text and time.monotonic() < deadline:
        page.wait_for_timeout(100)
        text = page.evaluate("() => navigator.clipboard.readText()")
    return text


def _shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def test_answer_with_sources_and_citation_opens_highlighted(page: Page) -> None:
    _ask(page, "Were children seen alone by their social workers?")
    answer = page.locator("#chat .message.bot").last
    expect(answer).to_contain_text("Ofsted's monitoring visit letter of 27 March 2020 says")
    expect(answer.locator("a[href='#source-1']")).to_have_text("[1]")
    # hovering the marker previews the quote and names its source
    expect(answer.locator("a[href='#source-1']")).to_have_attribute(
        "title", re.compile(r"^“.+” \(Monitoring visit to Newham .+, 27 March 2020\)$")
    )
    card = page.locator("article#source-1.source-card")
    expect(card).to_contain_text("Monitoring visit to Newham local authority")
    expect(card.locator(".badge")).to_have_text("Ofsted")
    expect(card).to_contain_text("27 March 2020")
    expect(card).to_contain_text("March 2020 monitoring visit")
    quote = card.locator("blockquote").inner_text()
    _shot(page, "answer-with-sources.png")

    page.get_by_role("button", name="Open [1] in the document").click()
    mark = page.locator("#document-viewer mark#cited-passage")
    expect(mark).to_have_text(quote)
    expect(mark).to_be_in_viewport()
    expect(mark).to_be_focused()
    expect(page.locator("#document-viewer")).to_contain_text("Dear Tim")  # the whole letter
    _shot(page, "document-viewer-highlight.png")


def test_ofsted_only_is_one_click_and_stated(page: Page) -> None:
    page.get_by_role("button", name="Ofsted only").click()
    speakers = page.locator("#speakers")
    # the button sets the filter through the server: ask once it is in force
    expect(speakers.get_by_label("Press")).not_to_be_checked()
    expect(speakers.get_by_label("Ofsted")).to_be_checked()
    _ask(page, "What did inspectors find about permanence planning?")
    badges = page.locator(".source-card .badge")
    expect(badges.first).to_be_visible()
    assert set(badges.all_inner_texts()) == {"Ofsted"}
    expect(page.locator("#chat .message.bot").last).to_contain_text(
        "Filters in force: sources: ofsted"
    )
    _shot(page, "ofsted-only.png")


def test_refusal_shows_closest_passages_labelled(page: Page) -> None:
    _ask(page, "What is the capital of France?")
    expect(page.locator("#chat .message.bot").last).to_contain_text(
        "The inspection record does not answer this question."
    )
    expect(page.get_by_text("Closest passages (they do not answer it)")).to_be_visible()
    expect(page.locator(".not-answer").first).to_contain_text("does not answer the question")


def test_export_downloads_markdown_with_full_citations(page: Page) -> None:
    _ask(page, "Were children seen alone by their social workers?")
    with page.expect_download() as download:
        page.locator("#export").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert "## 1. Were children seen alone by their social workers?" in text
    assert "### Sources" in text
    assert (
        "1. Monitoring visit to Newham local authority children's services. Ofsted, "
        "27 March 2020; March 2020 monitoring visit." in text
    )
    assert "“Social workers visit children regularly and children are seen alone." in text


def test_feedback_is_stored(page: Page, running_app: dict[str, Any]) -> None:
    _ask(page, "What did the March 2020 monitoring visit find about matching?")
    page.get_by_label("Comment on the last answer (optional)").fill("Good for the briefing")
    page.get_by_role("button", name="Helpful", exact=True).click()
    expect(page.locator("#feedback-status")).to_contain_text("saved", timeout=10_000)
    stored = running_app["feedback"].all()[-1]
    assert stored.rating == "up" and stored.comment == "Good for the briefing"
    assert stored.question == "What did the March 2020 monitoring visit find about matching?"
    assert stored.citations and stored.answer.startswith(("Ofsted", "Community Care"))


def test_hostile_document_text_is_shown_as_text(page: Page) -> None:
    _ask(page, "What did the zebra crossing report say?")
    answer = page.locator("#chat .message.bot").last
    expect(answer).to_contain_text("<script>alert('xss')</script>")
    # the marker's tooltip holds the hostile quote as text too
    expect(answer.locator("a[href^='#source-']").first).to_have_attribute(
        "title", re.compile(re.escape("<script>alert('xss')</script>"))
    )
    card = page.locator(".source-card", has_text="zebra").first
    expect(card).to_contain_text("<img src=x onerror=alert('img')>")
    expect(card).to_contain_text(HOSTILE_TITLE)
    page.get_by_role("button", name=re.compile(r"Open \[\d\] in the document")).first.click()
    expect(page.locator("#document-viewer")).to_contain_text(HOSTILE_SENTENCE)
    assert page.locator("img[src='x']").count() == 0
    assert page.evaluate("document.querySelectorAll('#document-viewer script').length") == 0
    assert page.dialogs == []  # type: ignore[attr-defined]
    _shot(page, "hostile-text.png")


def test_record_overview_lists_documents_and_timeline(page: Page) -> None:
    page.get_by_role("tab", name="Record overview").click()
    table = page.get_by_label("Documents")
    expect(table).to_contain_text("Monitoring visit to Newham local authority children's services")
    timeline = page.locator("#timeline li > strong")
    expect(timeline.first).to_have_text("June 2014 inspection")
    assert timeline.all_inner_texts()[:5] == [
        "June 2014 inspection",
        "February 2019 inspection",
        "March 2020 monitoring visit",
        "October 2020 focused visit",
        "July 2022 inspection",
    ]
    _shot(page, "record-overview.png")


def test_grade_history_per_council_from_the_reports(browser: Browser, newham_app: str) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 950})
    page = context.new_page()
    page.goto(newham_app)
    page.get_by_role("tab", name="Record overview").click()
    expect(page.get_by_role("combobox", name="Council")).to_have_value("Newham")
    rows = page.locator("#grade-history tbody tr")
    expect(rows).to_have_count(3)
    overall = [cell.strip() for cell in rows.locator("td:nth-child(2)").all_inner_texts()]
    assert overall == ["Requires improvement", "Inadequate", "Good"]
    expect(rows.nth(2)).to_contain_text("The impact of leaders on social work practice")
    _shot(page, "grade-history.png")
    context.close()


def test_controls_are_labelled_and_reachable_by_keyboard(page: Page) -> None:
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll('input, textarea, select, button')]
            .filter(e => e.offsetParent !== null)
            .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')
                         && !e.getAttribute('aria-labelledby') && !e.textContent.trim()
                         && !e.title)
            .map(e => e.outerHTML.slice(0, 80))"""
    )
    assert unlabelled == []
    page.get_by_label("Your question").focus()
    page.keyboard.type("Were children seen alone?")
    page.keyboard.press("Tab")
    expect(page.locator("#ask-button")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#source-1")).to_be_visible(timeout=ANSWER_WAIT_MS)


def test_thumbs_rate_the_answer_they_are_on(page: Page, running_app: dict[str, Any]) -> None:
    page.get_by_label("From date (YYYY-MM-DD)").fill("someday")
    ask_in_chat(page, "Were children seen alone?")
    expect(page.locator("#chat .message.bot").last).to_contain_text("is not a date")
    page.get_by_label("From date (YYYY-MM-DD)").fill("")
    _ask(page, "What did the March 2020 monitoring visit find about matching?")
    # two replies carry thumbs: the problem message, then the answer
    likes = page.locator("#chat").get_by_role("button", name="Like", exact=True)
    expect(likes).to_have_count(2)
    likes.last.click()
    expect(page.locator("#feedback-status")).to_contain_text("saved", timeout=10_000)
    stored = running_app["feedback"].all()[-1]
    assert stored.rating == "up"
    assert stored.question == "What did the March 2020 monitoring visit find about matching?"


def test_a_three_turn_conversation_shows_the_question_answered(page: Page) -> None:
    _ask(page, "What did Ofsted write about foster carers in 2019?")
    _ask(page, "And in 2022?")
    answer = page.locator("#chat .message.bot").last
    expect(answer).to_contain_text("Answering: What did Ofsted write about foster carers in 2022?")
    _ask(page, "What about personal advisers?")
    answer = page.locator("#chat .message.bot").last
    expect(answer).to_contain_text(
        "Answering: What did Ofsted write about personal advisers in 2022?"
    )
    _shot(page, "follow-up-conversation.png")


def test_the_trash_icon_clears_sources_and_export_too(page: Page) -> None:
    _ask(page, "Were children seen alone by their social workers?")
    expect(page.locator("article#source-1")).to_be_visible()
    expect(page.locator("#export")).to_be_enabled()
    page.locator("#chat").get_by_role("button", name=re.compile("clear", re.IGNORECASE)).click()
    expect(page.locator("article#source-1")).to_have_count(0)
    expect(page.locator("#export")).to_be_disabled()
    _ask(page, "And in 2022?")  # a new conversation: nothing to lean on
    expect(page.locator("#chat .message.bot").last).not_to_contain_text("Answering:")


def test_a_bad_date_is_told_and_the_page_still_works(page: Page) -> None:
    page.get_by_label("From date (YYYY-MM-DD)").fill("March 2020")
    ask_in_chat(page, "Were children seen alone?")
    expect(page.locator("#chat .message.bot").last).to_contain_text("is not a date")
    page.get_by_label("From date (YYYY-MM-DD)").fill("")
    _ask(page, "Were children seen alone?")  # the question box still takes a question
    _shot(page, "bad-date-then-answer.png")


def test_conversations_survive_a_reload_and_can_be_reopened(page: Page) -> None:
    _ask(page, "What did Ofsted write about foster carers in 2019?")
    _ask(page, "And in 2022?")
    past = page.get_by_label("Past conversations (kept in this browser)")
    expect(past).to_have_value(re.compile(r"foster carers in 2019\? \(.*, 2 questions\)"))
    page.reload()
    chat = page.locator("#chat")
    expect(chat).to_contain_text(
        "Answering: What did Ofsted write about foster carers in 2022?", timeout=ANSWER_WAIT_MS
    )
    expect(chat).to_contain_text("What did Ofsted write about foster carers in 2019?")
    expect(page.locator("article#source-1")).to_be_visible()  # the sources come back too
    expect(page.locator("#export")).to_be_enabled()

    page.get_by_role("button", name="New conversation").click()
    expect(chat).not_to_contain_text("foster carers")
    expect(page.locator("article#source-1")).to_have_count(0)
    _ask(page, "Were children seen alone by their social workers?")
    past.click()
    options = page.get_by_role("option")
    expect(options).to_have_count(2)
    options.filter(has_text="foster carers in 2019").click()
    expect(chat).to_contain_text("Answering: What did Ofsted write about foster carers in 2022?")
    expect(chat).not_to_contain_text("seen alone")
    _shot(page, "conversation-reopened.png")

    chat.get_by_role("button", name=re.compile("clear", re.IGNORECASE)).click()  # deletes it
    expect(chat).not_to_contain_text("foster carers")
    past.click()
    expect(page.get_by_role("option")).to_have_count(1)
    page.keyboard.press("Escape")
    page.reload()
    expect(page.get_by_label("Your question")).to_be_visible(timeout=30_000)
    past.click()
    expect(page.get_by_role("option")).to_have_count(1)
    expect(page.get_by_role("option")).to_contain_text("seen alone")


def test_the_empty_chat_says_what_the_record_holds_and_a_chip_asks_at_once(page: Page) -> None:
    chat = page.locator("#chat")
    expect(chat).to_contain_text("The record holds")
    chips = chat.get_by_role("group", name="Example questions").get_by_role("button")
    expect(chips).to_have_count(6)
    chips.first.click()
    expect(chat.locator(".message.bot").last).to_contain_text(
        re.compile(r"\[\d\]"), timeout=ANSWER_WAIT_MS
    )
    expect(page.locator("article#source-1")).to_be_visible()
    expect(page.get_by_label("Your question")).to_have_value("")
    expect(page.locator("footer")).to_have_count(0)  # no "Built with Gradio"


def test_copy_puts_the_answer_and_its_sources_on_the_clipboard_as_text(page: Page) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    _ask(page, "Were children seen alone by their social workers?")
    page.get_by_role("button", name="Copy answer").click()
    copied = _clipboard_once_written(page)
    assert copied.startswith("Question: Were children seen alone by their social workers?")
    assert "[1]" in copied and "\nSources:\n1. " in copied
    assert "](#source-" not in copied and "\\[" not in copied  # no Markdown


def test_a_suggested_follow_up_under_an_answer_asks_at_once(page: Page) -> None:
    _ask(page, "What did the press report about the 2019 inspection?")
    answer = page.locator("#chat .message.bot").last
    suggestion = page.locator("#chat").get_by_role("button", name="What about Ofsted?")
    expect(suggestion).to_be_visible()
    suggestion.click()
    expect(page.locator("#chat")).to_contain_text(
        "Answering: What did Ofsted report", timeout=ANSWER_WAIT_MS
    )
    expect(answer).to_be_visible()
    _shot(page, "suggested-follow-up.png")


def test_recommendations_view_opens_each_passage_and_makes_the_committee_paper(
    browser: Browser, newham_app: str
) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 950}, accept_downloads=True)
    page = context.new_page()
    page.goto(newham_app)
    page.get_by_role("tab", name="Record overview").click()
    expect(page.get_by_role("combobox", name="Recommendations for")).to_have_value("Newham")
    page.get_by_role("button", name=re.compile(r"^February 2019 inspection .*items")).click()
    card = page.locator("article.tracker-item").filter(has_text="safety planning").first
    expect(card).to_contain_text("Later Ofsted finding")
    expect(card.locator("blockquote").first).to_be_visible()
    _shot(page, "recommendations.png")
    n, item = card.locator("h5").inner_text().split(". ", 1)
    row = page.locator(".tracker-report").filter(has_text="February 2019 inspection")
    row.get_by_role("button", name="Open the item in the report").nth(int(n) - 1).click()
    mark = page.locator("#document-viewer mark#cited-passage")
    expect(mark).to_have_text(item)
    expect(mark).to_be_in_viewport()
    page.get_by_role("tab", name="Record overview").click()
    page.get_by_role("button", name="Make the committee paper (Word and Markdown)").click()
    word = page.locator("#committee-paper a[href$='/recommendations-newham.docx']")
    expect(word).to_have_count(1, timeout=ANSWER_WAIT_MS)
    expect(page.locator("#committee-paper a[href$='/recommendations-newham.md']")).to_have_count(1)
    # the Word file, as the browser downloads it, holds one table row per recommendation
    from io import BytesIO

    from docx import Document

    body = page.request.get(str(word.get_attribute("href"))).body()
    tables = Document(BytesIO(body)).tables
    assert len(tables) == 4  # 2014, 2019, the 2020 letter, 2022
    assert any(item in cell.text for t in tables for r in t.rows for cell in r.cells)
    context.close()


class _HeldModel(FakeListChatModel):
    """A model that streams its reply a character at a time, as a real one streams tokens,
    and stops part-way until `resume` is set: the test sees the unchecked answer being
    written however slow the machine is, with no race against the end of the stream."""

    resume: Any = None
    held_after: int = 40

    def _stream(self, *args: Any, **kwargs: Any) -> Iterator[Any]:
        for written, chunk in enumerate(super()._stream(*args, **kwargs)):
            if written == self.held_after:
                self.resume.wait(timeout=120)
            yield chunk


def test_a_language_models_answer_streams_then_the_checked_one_replaces_it(
    browser: Browser, pipeline: Any, tmp_path: Path
) -> None:
    from dataclasses import replace

    from tests_support import free_port

    from rag.app.feedback import FeedbackStore
    from rag.app.ui import build_app, serve

    question = "Were children seen alone by their social workers?"
    quote = " ".join(pipeline.ask(question).citations[0].quote.split())
    invented = "Inspectors also found that 40 more social workers had been hired [1]."
    cited = " ".join(f"{sentence} [1]" for sentence in re.split(r"(?<=\.)\s+", quote))
    reply = f"{cited} {invented}"
    resume = threading.Event()
    model = _HeldModel(responses=[reply], sleep=0.01, resume=resume)
    streaming = replace(pipeline, model=model)
    settings = pipeline.settings.model_copy(update={"port": free_port()})
    app = build_app(streaming, FeedbackStore(tmp_path / "feedback.sqlite3"))
    serve(app, settings, block=False)
    context = browser.new_context(viewport={"width": 1400, "height": 950})
    try:
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{settings.port}/")
        ask_in_chat(page, question, wait_ms=60_000)
        bot = page.locator("#chat .message.bot").last
        expect(bot).to_contain_text("not yet checked against the record", timeout=60_000)
        expect(bot).to_contain_text(reply[: model.held_after // 2])
        _shot(page, "llm-streaming.png")
        resume.set()
        # when it is done, the checked answer replaces what was written
        expect(bot).not_to_contain_text("not yet checked", timeout=60_000)
        expect(bot).to_contain_text("Removed, not supported by the record")
        expect(bot.locator("del, s")).to_contain_text("40 more social workers")
        _shot(page, "llm-verified.png")
    finally:
        resume.set()
        context.close()
        app.close()
