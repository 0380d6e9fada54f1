"""Helpers shared by tests: boilerplate phrases that must never be cited, a free port."""

import socket


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

# Real Ofsted report PDFs, read in place (never copied into the project).
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from rag.settings import Settings  # noqa: E402

REPORTS = Settings().reports_dir
NEWHAM_REPORTS = REPORTS / "newham"
needs_reports = pytest.mark.skipif(
    not REPORTS.is_dir(), reason=f"the shared report PDFs are not at {REPORTS} (RAG_REPORTS_DIR)"
)


def newham_report(year: str) -> Path:
    """One of Newham's three report PDFs, by year (2014, 2019, 2022); the calling test is
    skipped when the shared reports are absent (a plain clone has no ../shared)."""
    if not REPORTS.is_dir():
        pytest.skip(f"the shared report PDFs are not at {REPORTS} (RAG_REPORTS_DIR)")
    found = sorted(NEWHAM_REPORTS.glob(f"{year}-*.pdf"))
    assert found, f"Newham's {year} report is missing from {NEWHAM_REPORTS}"
    return found[0]
