"""Reading a question at the edge: tidied, cut short when very long, empty when nothing shows."""

from __future__ import annotations

import pytest

from rag.answer.chain import MAX_QUESTION_CHARS, prepare_question
from rag.errors import QuestionError


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   \t\n ",
        "\u200b",
        "\u200b\u200c\u200d\u2060\ufeff",  # zero-width space, non-joiner, joiner, word joiner, BOM
        " \u200b \u200b ",
        "\x00\x01\x1b\x7f",
        "\u202e\u200f",  # right-to-left override and mark alone
    ],
)
def test_a_question_with_nothing_visible_is_empty(raw: str) -> None:
    with pytest.raises(QuestionError, match="empty"):
        prepare_question(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Were children   seen alone? ", "Were children seen alone?"),
        ("Were\u200bchildren seen\u00a0alone?", "Were children seen alone?"),
        ("Were chil\u00addren seen alone?", "Were children seen alone?"),  # soft hyphen
        (
            "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
            "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
        ),  # ZWNJ kept
        ("Were children\x00 seen\x1b[31m alone?\x07", "Were children seen [31m alone?"),
        ("\u202eWere children seen alone?", "Were children seen alone?"),
        ("Were children seen alone? 👩‍👧", "Were children seen alone? 👩‍👧"),
        ("هل شوهد الأطفال بمفردهم؟", "هل شوهد الأطفال بمفردهم؟"),
    ],
)
def test_a_question_is_tidied(raw: str, expected: str) -> None:
    assert prepare_question(raw) == (expected, ())


def test_a_very_long_question_is_cut_with_a_notice() -> None:
    question, notices = prepare_question("word " * 20_000)
    assert len(question) <= MAX_QUESTION_CHARS and question.endswith("word")
    assert notices and "only its first" in notices[0]
