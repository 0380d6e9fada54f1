"""Remove web boilerplate from text copied out of a web page, keeping the article verbatim.

The input is text already extracted from a page (one paragraph per line), so HTML-structure
extractors such as trafilatura cannot see menus or footers any more. What is left to go on is
the shape of the lines: navigation is runs of bulleted one-to-four-word links, footers start at
a marker line such as "More from ...", photo credits and "read it here" links have set forms.
Only whole lines are removed; the lines that stay are kept character for character, apart
from surrounding whitespace.
"""

from __future__ import annotations

import re

from rag.text.lists import BULLET_MARK

_BULLET = re.compile(rf"^{BULLET_MARK}\s*")
_NAV_WORDS = frozenset({"menu", "search", "login", "log in", "register", "skip to content", "id"})
_NAV_ARROWS = frozenset({"▼", "▲", "►", "◄", "›", "»"})
_FOOTER = re.compile(
    r"^(more from\b|comments are closed|related (articles|stories|content)|sign up\b|"
    r"share (this|on)\b|most (read|popular)\b|follow us\b|connect with us\b|©|copyright\b|"
    r"all rights reserved|you (may|might) also like|job of the week|featured jobs)",
    re.IGNORECASE,
)
_CREDIT = re.compile(
    r"^(photos?|pictures?|images?|pic|credit)\s*:|\((photo |image )?credit:|^image of\b",
    re.IGNORECASE,
)
_RELATED_BOX = re.compile(
    r"^(recent|related|read more|more on|most read|popular|see also|read next|also read)\b",
    re.IGNORECASE,
)
_CALL_TO_ACTION = re.compile(
    r"^(you can )?(read|view|download|see|find|click)\b.*\bhere\W*$", re.IGNORECASE
)
_TERMINAL = ".!?:;"
_CLOSERS = "\"'”’)]"

PROSE_MIN_WORDS = 8
FOOTER_MAX_WORDS = 8
NAV_MAX_WORDS = 4
HEADLINE_MAX_WORDS = 25
MENU_MIN_RUN = 3


def clean_web_text(raw: str) -> str:
    """Return the article in `raw` with menus, footers, credits and link boxes removed."""
    lines = [line.strip() for line in raw.splitlines()]
    first = _first_prose_line(lines)
    if first is None:
        return _join(lines)
    start = _article_start(lines, first)
    end = _article_end(lines, first)
    kept = _drop_inline_boilerplate(lines[start:end])
    return _join(kept)


def _words(line: str) -> int:
    return len(line.split())


def _ends_sentence(line: str) -> bool:
    stripped = line.rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _TERMINAL


def _is_prose(line: str) -> bool:
    return _words(line) >= PROSE_MIN_WORDS and _ends_sentence(line) and not _CREDIT.search(line)


def _is_nav(line: str) -> bool:
    """A menu entry: an arrow, a bare navigation word, or a bulleted link of a few words."""
    if line in _NAV_ARROWS or line.lower() in _NAV_WORDS:
        return True
    bullet = _BULLET.match(line)
    return bullet is not None and _words(line[bullet.end() :]) <= NAV_MAX_WORDS


def _first_prose_line(lines: list[str]) -> int | None:
    return next((i for i, line in enumerate(lines) if _is_prose(line)), None)


def _article_start(lines: list[str], first_prose: int) -> int:
    """Skip the site header: everything up to the end of the last menu before the article."""
    start = _end_of_last_menu(lines[:first_prose])
    if start == 0:
        return 0
    # Short unpunctuated lines right after a menu ("Jobs Live Inform") are menu too.
    while start < first_prose and (
        not lines[start] or (_words(lines[start]) <= 3 and not _ends_sentence(lines[start]))
    ):
        start += 1
    return start


def _end_of_last_menu(lines: list[str]) -> int:
    """Index after the last run of MENU_MIN_RUN menu lines (blank lines ignored), or 0.
    A run right after a line ending in ':' is a list the text introduces, not a menu."""
    end = run = 0
    previous = ""
    introduced = False
    for i, line in enumerate(lines):
        if not line:
            continue
        if _is_nav(line):
            if run == 0:
                introduced = previous.endswith(":")
            run += 1
        else:
            run = 0
        if run >= MENU_MIN_RUN and not introduced:
            end = i + 1
        previous = line
    return end


def _is_footer_marker(line: str) -> bool:
    return bool(_FOOTER.match(line)) and _words(line) <= FOOTER_MAX_WORDS


def _article_end(lines: list[str], first_prose: int) -> int:
    """Cut at the first footer marker ("More from ...", "Comments are closed.") after the start."""
    return next(
        (i for i in range(first_prose, len(lines)) if _is_footer_marker(lines[i])), len(lines)
    )


def _is_headline(line: str) -> bool:
    return bool(line) and _words(line) <= HEADLINE_MAX_WORDS and not _ends_sentence(line)


def _is_link_box_heading(lines: list[str], i: int) -> bool:
    """ "Recent Ofsted reports" followed by headlines (not by a paragraph) heads a link box."""
    line = lines[i]
    if not (_RELATED_BOX.match(line) and _is_headline(line) and _words(line) <= 5):
        return False
    following = next((other for other in lines[i + 1 :] if other), "")
    return _is_headline(following)


def _drop_inline_boilerplate(lines: list[str]) -> list[str]:
    """Drop photo credits, "read it here" links and boxes of links to other articles."""
    kept: list[str] = []
    in_box = False
    for i, line in enumerate(lines):
        if in_box and (not line or _is_headline(line)):
            continue
        in_box = False
        short = _words(line) <= HEADLINE_MAX_WORDS
        if short and (_CREDIT.search(line) or _CALL_TO_ACTION.match(line)):
            continue
        if _is_link_box_heading(lines, i):
            in_box = True
            continue
        kept.append(line)
    return kept


def _join(lines: list[str]) -> str:
    """Join lines, keeping single line breaks and at most one blank line between paragraphs."""
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n" if out else ""
