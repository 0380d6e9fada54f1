"""Saved conversations: kept per browser, reopened, deleted, and read forgivingly."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from rag.app import conversations as c

NOW = dt.datetime(2026, 12, 1, 9, 30)


def _turn(question: str) -> c.SavedTurn:
    return {"question": question, "speakers": ["ofsted"], "events": [], "since": "", "until": ""}


def test_questions_go_to_the_open_conversation_or_start_one() -> None:
    saved = c.with_turn(c.empty(), _turn("What did Ofsted say about Bury in 2021?"), NOW)
    saved = c.with_turn(saved, _turn("And in 2023?"), NOW)
    assert len(saved["conversations"]) == 1
    assert [t["question"] for t in c.current(saved)["turns"]] == [  # type: ignore[index]
        "What did Ofsted say about Bury in 2021?",
        "And in 2023?",
    ]
    assert c.choices(saved) == [
        (
            "What did Ofsted say about Bury in 2021? (1 Dec 2026 09:30, 2 questions)",
            saved["current"],
        )
    ]


def test_a_new_conversation_keeps_the_old_one_and_the_trash_deletes_it() -> None:
    first = c.with_turn(c.empty(), _turn("Were children in Leeds seen alone?"), NOW)
    afresh = c.started_afresh(first)
    assert afresh["current"] is None and len(afresh["conversations"]) == 1
    second = c.with_turn(afresh, _turn("What grade did Norfolk get?"), NOW)
    assert [label.split(" (")[0] for label, _ in c.choices(second)] == [
        "What grade did Norfolk get?",  # newest first
        "Were children in Leeds seen alone?",
    ]
    reopened = c.opened(second, first["current"])
    assert c.current(reopened)["title"] == "Were children in Leeds seen alone?"  # type: ignore[index]
    deleted = c.without_current(reopened)
    assert c.choices(deleted)[0][0].startswith("What grade did Norfolk get?")
    assert len(deleted["conversations"]) == 1
    assert c.opened(deleted, "no-such-id")["current"] is None


def test_the_oldest_conversations_and_turns_beyond_the_limits_are_dropped() -> None:
    saved = c.empty()
    for n in range(c.MAX_CONVERSATIONS + 2):
        saved = c.started_afresh(c.with_turn(saved, _turn(f"Question {n}?"), NOW))
    titles = [label.split(" (")[0] for label, _ in c.choices(saved)]
    assert len(titles) == c.MAX_CONVERSATIONS and titles[-1] == "Question 2?"
    for n in range(c.MAX_TURNS + 5):
        saved = c.with_turn(saved, _turn(f"Turn {n}?"), NOW)
    assert len(c.current(saved)["turns"]) == c.MAX_TURNS  # type: ignore[index]


def test_a_long_question_is_shortened_for_its_title() -> None:
    saved = c.with_turn(c.empty(), _turn("What did inspectors find " * 10), NOW)
    title = c.current(saved)["title"]  # type: ignore[index]
    assert len(title) == c.MAX_TITLE and title.endswith("…")


@pytest.mark.parametrize(
    "value",
    [
        None,
        "a string",
        {"current": "x", "conversations": "not a list"},
        {"conversations": [{"id": 1, "started": "2026-12-01", "title": "t", "turns": []}]},
        {"conversations": [{"id": "a", "started": "not a date", "title": "t", "turns": [{}]}]},
    ],
)
def test_a_malformed_value_is_read_as_nothing_saved(value: object) -> None:
    assert c.parse(value) == c.empty()


def test_what_is_well_formed_is_kept_and_bad_parts_dropped() -> None:
    saved = c.with_turn(c.empty(), _turn("Were care leavers in Kent in suitable homes?"), NOW)
    value = {
        "current": saved["current"],
        "conversations": [
            {**saved["conversations"][0], "turns": [*saved["conversations"][0]["turns"], 7]},
            {"id": "b", "started": "2026-12-01T10:00:00", "title": "t", "turns": ["no"]},
        ],
    }
    assert c.parse(value) == saved


def test_the_browser_key_is_made_once_and_kept(tmp_path: Path) -> None:
    key = c.browser_secret(tmp_path / "data")
    assert len(key) >= 24
    assert c.browser_secret(tmp_path / "data") == key
    assert (tmp_path / "data" / c.SECRET_FILE).stat().st_mode & 0o777 == 0o600


def test_without_a_writable_data_folder_the_key_lasts_one_run(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert c.browser_secret(blocked / "data") != c.browser_secret(blocked / "data")
