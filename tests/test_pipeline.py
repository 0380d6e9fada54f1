"""The pipeline's calibration file: read strictly, one file for every weight and threshold."""

from __future__ import annotations

import json
from dataclasses import asdict, fields
from pathlib import Path

import pytest

from rag.answer.select import FEATURES, Weights
from rag.errors import ConfigError
from rag.pipeline import calibration_path, load_weights
from rag.settings import Settings


def test_the_committed_calibration_sets_every_weight_and_threshold() -> None:
    weights = load_weights()
    values = json.loads(calibration_path().read_text(encoding="utf-8"))
    assert {k for k in values if not k.startswith("_")} == {f.name for f in fields(Weights)}
    assert weights.similarity == 1.0  # the learned weights are in units of similarity's
    assert set(FEATURES) <= set(asdict(weights))
    assert "logistic regression" in values["_calibrated_on"]


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"lexicl": 0.5}, "unknown keys: lexicl"),
        ({"min_support": None}, "missing keys: min_support"),
    ],
)
def test_an_unknown_or_missing_key_is_an_error(
    tmp_path: Path, change: dict[str, float | None], says: str
) -> None:
    values = json.loads(calibration_path().read_text(encoding="utf-8"))
    for key, value in change.items():
        if value is None:
            del values[key]
        else:
            values[key] = value
    path = tmp_path / "calibration.json"
    path.write_text(json.dumps(values), encoding="utf-8")
    with pytest.raises(ConfigError, match=says):
        load_weights(path)


def test_rag_calibration_names_the_one_file_read(tmp_path: Path) -> None:
    values = json.loads(calibration_path().read_text(encoding="utf-8"))
    values["min_support"] = 0.123
    path = tmp_path / "calibration.json"
    path.write_text(json.dumps(values), encoding="utf-8")
    settings = Settings(data_dir=tmp_path, calibration=path)
    assert calibration_path(settings) == path
    assert load_weights(calibration_path(settings)).min_support == 0.123
    assert calibration_path(Settings(data_dir=tmp_path)) == calibration_path()


def test_a_calibration_file_that_cannot_be_read_is_an_error(tmp_path: Path) -> None:
    broken = tmp_path / "calibration.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(ConfigError, match="cannot be read"):
        load_weights(broken)
    with pytest.raises(ConfigError, match="cannot be read"):
        load_weights(tmp_path / "missing.json")


def test_the_weights_defaults_are_a_neutral_start_not_a_second_tuning() -> None:
    start = asdict(Weights())
    assert start["similarity"] == 1.0
    assert all(start[name] == 0.0 for name in FEATURES if name != "similarity")
