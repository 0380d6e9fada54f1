"""The evaluation's records and systems: what is missing is said before anything is built."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from rag.errors import RagError
from rag.evaluation.baseline import NaiveSystem, PipelineSystem
from rag.evaluation.sets import build_council_record, build_eval_record, comparison_systems
from rag.settings import Settings


class _WithoutCommittedReports(Settings):
    """Settings as in a checkout without tests/fixtures: Newham's reports are only looked for
    in RAG_REPORTS_DIR/newham."""

    @property
    def newham_reports_dir(self) -> Path:
        return self.reports_dir / "newham"


def test_build_eval_record_names_rag_reports_dir_when_newham_is_missing(tmp_path: Path) -> None:
    settings = _WithoutCommittedReports(data_dir=tmp_path / "data", reports_dir=tmp_path / "none")
    with pytest.raises(RagError, match="RAG_REPORTS_DIR") as raised:
        build_eval_record(settings, log=lambda _: None)
    assert str(tmp_path / "none" / "newham") in str(raised.value)
    assert "Newham" in str(raised.value)
    assert not (tmp_path / "data").exists()  # nothing was built


@pytest.mark.parametrize(
    ("present", "asked", "named"),
    [
        ((), ("kent",), "kent"),
        (("kent",), ("kent", "leeds"), "leeds"),
        ((), ("bury", "wigan"), "bury"),  # the first missing one is named
    ],
)
def test_build_council_record_names_a_missing_council_folder(
    tmp_path: Path, present: tuple[str, ...], asked: tuple[str, ...], named: str
) -> None:
    reports = tmp_path / "reports"
    for council in present:
        (reports / council).mkdir(parents=True)
    settings = Settings(data_dir=tmp_path / "data", reports_dir=reports)
    with pytest.raises(RagError, match="RAG_REPORTS_DIR") as raised:
        build_council_record(settings, list(asked), log=lambda _: None)
    assert str(reports / named) in str(raised.value)
    assert not (tmp_path / "data").exists()


def test_build_council_record_without_a_reports_folder(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", reports_dir=tmp_path / "none")
    with pytest.raises(RagError, match=r"not found: .*none/kent"):
        build_council_record(settings, ["kent"])


def test_comparison_systems_ours_alone(pipeline: Any) -> None:
    (ours,) = comparison_systems(pipeline, [], compare=False)
    assert isinstance(ours, PipelineSystem) and ours.name == "ours"
    answer = ours.answer("Were children seen alone?")
    assert answer.citations and not answer.refused


def test_comparison_systems_side_by_side(pipeline: Any) -> None:
    from rag.ingest.corpus import load_corpus

    documents, _ = load_corpus(pipeline.settings.corpus_dir)
    systems = comparison_systems(pipeline, documents, compare=True)
    assert [s.name for s in systems] == ["ours", "dense only", "bm25 only", "naive"]
    assert isinstance(systems[-1], NaiveSystem)
    assert all(isinstance(s, PipelineSystem) for s in systems[:-1])
