"""Accessibility, in the real Chromium: axe-core (bundled by axe-playwright-python) finds no
serious or critical violation on any tab, before and after an answer, at desktop and phone
width; every control is reached by the keyboard and shows a focus ring; on a phone the
question box is on the first screen. Screenshots of each tab go to tests/artifacts/
(git-ignored): look at them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect
from tests_support import ANSWER_WAIT_MS, ask_in_chat

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
VIEWPORTS = {"desktop": {"width": 1400, "height": 950}, "phone": {"width": 390, "height": 844}}
TABS = ("Ask", "Document", "Record overview")
SERIOUS = ("serious", "critical")
MAX_TABS = 200  # key presses to walk the Ask tab's controls


def _open(browser: Browser, url: str, viewport: str) -> Page:
    context = browser.new_context(viewport=VIEWPORTS[viewport])  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(url)
    expect(page.get_by_label("Your question")).to_be_visible(timeout=30_000)
    # The question box is drawn before the rest of the Ask tab: wait for the last controls of
    # both columns too, or a walk over the controls sees half a page.
    expect(page.get_by_role("button", name="Export conversation (Markdown)")).to_be_attached(
        timeout=30_000
    )
    expect(page.get_by_label("To date (YYYY-MM-DD)")).to_be_visible(timeout=30_000)
    expect(page.get_by_role("button", name="How this was answered")).to_be_visible(timeout=30_000)
    return page


def _serious_violations(page: Page) -> list[str]:
    """axe-core's serious and critical violations on the page as it is, one line each."""
    violations = Axe().run(page).response["violations"]
    return [
        f"{v['id']} ({v['impact']}) at {[n['target'] for n in v['nodes']][:3]}: {v['help']}"
        for v in violations
        if v["impact"] in SERIOUS
    ]


def _shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def page(browser: Browser, newham_app: str, viewport: str) -> Iterator[Page]:
    page = _open(browser, newham_app, viewport)
    yield page
    page.context.close()


def test_no_serious_violation_on_any_tab_before_and_after_an_answer(
    page: Page, viewport: str
) -> None:
    found: dict[str, list[str]] = {}
    for stage in ("before", "after"):
        if stage == "after":
            page.get_by_role("tab", name="Ask").click()
            ask_in_chat(page, "What did the 2019 report say needs to improve?")
            expect(page.locator("article#source-1")).to_be_visible(timeout=ANSWER_WAIT_MS)
            page.get_by_role("button", name="Open [1] in the document").click()
            expect(page.locator("#document-viewer mark#cited-passage")).to_be_visible()
        for tab in TABS:
            page.get_by_role("tab", name=tab).click()
            if tab == "Record overview" and stage == "before":  # the upload form too
                page.get_by_text("Add a document to the record").click()
                expect(page.get_by_role("button", name="Add to the record")).to_be_visible()
            page.wait_for_timeout(300)  # the tab's content drawn
            found[f"{stage} an answer, {tab}"] = _serious_violations(page)
            slug = re.sub(r"\W+", "-", tab.lower())
            _shot(page, f"a11y-{viewport}-{stage}-{slug}.png")
    assert not any(found.values()), {k: v for k, v in found.items() if v}


@pytest.mark.parametrize("viewport", ["desktop"], indirect=True)
def test_every_control_is_reached_by_keyboard_and_shows_a_focus_ring(page: Page) -> None:
    page.evaluate(
        """() => document.querySelectorAll('button, input, textarea, select, a[href]')
            .forEach((e, i) => e.setAttribute('data-control', String(i)))"""
    )
    reached: dict[str, str] = {}
    page.locator("body").focus()
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => {
              const e = document.activeElement;
              if (!e || !e.dataset.control) return null;
              const style = getComputedStyle(e);
              const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2)
                || (style.boxShadow && style.boxShadow !== 'none');
              return [e.dataset.control, ring ? '' : e.outerHTML.slice(0, 90)];
            }"""
        )
        if focused:
            reached[focused[0]] = focused[1]
    controls = page.evaluate(
        """() => [...document.querySelectorAll('[data-control]')]
            .filter(e => e.offsetParent !== null && !e.disabled && e.tabIndex >= 0
                         && !e.closest('[aria-hidden="true"]'))
            .map(e => [e.dataset.control, e.outerHTML.slice(0, 90)])"""
    )
    assert len(controls) > 20  # the Ask tab's question box, buttons, filters, links ...
    unreached = [html for control, html in controls if control not in reached]
    assert not unreached, unreached
    assert not [html for html in reached.values() if html], "no focus ring"


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_on_a_phone_the_question_box_is_on_the_first_screen(page: Page) -> None:
    expect(page.get_by_label("Your question")).to_be_in_viewport()
    expect(page.locator("#ask-button")).to_be_in_viewport()
