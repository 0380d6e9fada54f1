"""Settings: where Newham's reports are found, with and without ../shared beside the checkout."""

from __future__ import annotations

from pathlib import Path

from tests_support import NEWHAM_REPORTS

from rag.settings import Settings


def test_newham_reports_come_from_the_reports_folder_when_it_has_them(tmp_path: Path) -> None:
    (tmp_path / "newham").mkdir()
    assert Settings(reports_dir=tmp_path).newham_reports_dir == tmp_path / "newham"


def test_without_them_newham_reports_are_the_committed_copy(tmp_path: Path) -> None:
    found = Settings(reports_dir=tmp_path / "absent").newham_reports_dir
    assert found == NEWHAM_REPORTS
    assert [p.name[:4] for p in sorted(found.glob("*.pdf"))] == ["2014", "2019", "2022"]
