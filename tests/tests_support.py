"""Helpers shared by tests: boilerplate phrases that must never be cited, a free port."""

import shutil
import socket
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Page


# How long a test waits for an answer in the browser: what it checks is what the page shows,
# not how fast (speed is the benchmarks' business). A fresh clone's run waited more than 30 s
# for one answer while the rest of the suite shared the two cores, and a CI run once more than
# 30 s for an answer that takes about a second alone.
ANSWER_WAIT_MS = 90_000


def free_port() -> int:
    """A TCP port nobody is listening on, for a test server."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


BOILERPLATE = (
    "More from Community Care",
    "Comments are closed",
    "Job of the week",
    "Sign up for",
    "Employer Profiles",
    "Recent Ofsted reports",
    "credit:",
    "Photo:",
    "©",
    "You can read the full",
)


# A document whose text holds HTML and script: the app must show it as text.
HOSTILE_TITLE = "Zebra <script>alert('title')</script> crossing report"
HOSTILE_SENTENCE = (
    "The zebra crossing report said <script>alert('xss')</script> inspectors found "
    "<img src=x onerror=alert('img')> nothing unusual at the zebra crossing."
)

# Newham's three real Ofsted report PDFs, committed with the tests (tests/fixtures/reports).
# Other councils' reports are not: tests that need them take conftest's `national_reports`.
from pathlib import Path  # noqa: E402

NEWHAM_REPORTS = Path(__file__).resolve().parent / "fixtures" / "reports" / "newham"


def newham_report(year: str) -> Path:
    """One of Newham's three report PDFs, by year (2014, 2019, 2022)."""
    found = sorted(NEWHAM_REPORTS.glob(f"{year}-*.pdf"))
    assert found, f"Newham's {year} report is missing from {NEWHAM_REPORTS}"
    return found[0]


# Debian's Chromium for the browser tests, started as this machine needs it (no sandbox as
# root; no background networking on a closed network).
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def ask_in_chat(page: "Page", question: str, wait_ms: int = 10_000) -> None:
    """Type a question into the chat's box and press Enter, once more if the chat shows no
    new message and the box still holds the question: on a page just loaded, the first Enter
    can come before the box's handler is bound (seen once in CI, the page drawn but the
    question never sent)."""
    from playwright.sync_api import expect

    messages = page.locator("#chat .message")
    before = messages.count()
    box = page.get_by_label("Your question")
    box.fill(question)
    box.press("Enter")
    try:
        expect(messages).not_to_have_count(before, timeout=wait_ms)
    except AssertionError:
        if box.input_value() == question:
            box.press("Enter")
