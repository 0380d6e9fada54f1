"""The load test: its figures, and a small real run against the app on 127.0.0.1, where
several users at once and a burst all get answers."""

from __future__ import annotations

from typing import Any

import pytest

from rag.evaluation.loadtest import Run, run_load


def test_figures_count_answers_and_errors() -> None:
    run = Run((0.1, 0.2, 0.3, 0.4), ("AppError: Queue is full",) * 2, wall_s=2.0)
    figures = run.figures()
    assert figures["requests"] == 6 and figures["answers"] == 4 and figures["errors"] == 2
    assert figures["p50_ms"] == pytest.approx(250.0) and figures["max_ms"] == pytest.approx(400.0)
    assert figures["answers_per_s"] == 2.0
    assert figures["error_kinds"] == ["AppError: Queue is full"]


@pytest.mark.slow
def test_a_small_load_gets_every_answer(running_app: dict[str, Any]) -> None:
    questions = ["Were children seen alone?", "What did Ofsted say about permanence planning?"]
    figures = run_load(
        running_app["url"], questions, log=lambda _: None, clients=3, per_client=4, burst_size=12
    )
    assert figures["alone"]["errors"] == 0 and figures["alone"]["answers"] == 2
    assert figures["loaded"]["answers"] == 12 and figures["loaded"]["errors"] == 0
    assert figures["extra_user"]["errors"] == 0 and figures["extra_user"]["answers"] >= 1
    assert figures["burst"]["answers"] == 12 and figures["burst"]["errors"] == 0
