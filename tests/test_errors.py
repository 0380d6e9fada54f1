"""The error hierarchy: every error is a RagError, shown as it is, with the CLI's exit code."""

from __future__ import annotations

import pytest

from rag.errors import ConfigError, CorpusError, QuestionError, RagError, StoreError


@pytest.mark.parametrize(
    ("error", "code"),
    [(RagError, 1), (ConfigError, 1), (CorpusError, 1), (StoreError, 1), (QuestionError, 2)],
)
def test_each_error_has_its_exit_code(error: type[RagError], code: int) -> None:
    assert error.exit_code == code
    assert error("x").exit_code == code


@pytest.mark.parametrize("error", [ConfigError, CorpusError, StoreError, QuestionError])
def test_every_error_is_caught_as_a_rag_error_with_its_message(error: type[RagError]) -> None:
    message = "No index found in data/: run `make ingest`"
    with pytest.raises(RagError) as info:
        raise error(message)
    assert type(info.value) is error
    assert str(info.value) == message


def test_the_errors_are_distinct_kinds() -> None:
    kinds = [ConfigError, CorpusError, StoreError, QuestionError]
    for kind in kinds:
        others = [other for other in kinds if other is not kind]
        assert not any(issubclass(kind, other) for other in others)
