"""The speed benchmark's table: every goal marked met or not from the figures, as ratios."""

from __future__ import annotations

from typing import Any

from rag.evaluation.speed_table import goals, render


def _results(**load: Any) -> dict[str, Any]:
    spread = {"p50_ms": 100.0, "p95_ms": 200.0, "max_ms": 300.0}
    results: dict[str, Any] = {
        "encoder": "onnx",
        "queries": {
            "questions": 10,
            "floor_p50_ms": 10.0,
            "floor_p95_ms": 12.0,
            "floor_max_ms": 15.0,
            "ours_p50_ms": 19.0,
            "ours_p95_ms": 31.0,
            "ours_max_ms": 40.0,
        },
        "naive": {
            "quality_questions": 8,
            "ours": {"hit@1": 0.9, "hit@5": 1.0, "mrr@10": 0.95, "latency_p50_ms": 19.0},
            "naive": {
                "hit@1": 0.5,
                "hit@5": 0.8,
                "mrr@10": 0.6,
                "latency_p50_ms": 12.0,
                "latency_p95_ms": 14.0,
            },
        },
        "startup": {"cold_start_s": 4.2, "help_ms": 38.0},
        "ingest": {
            "ingest_s": 3.0,
            "ingest_embed_s": 2.0,
            "encoder_s": 2.0,
            "texts": 165,
            "passages": 35,
            "incremental_s": 0.5,
            "incremental_updated": ["a"],
            "incremental_texts": 16,
            "incremental_passages": 4,
        },
    }
    if load:
        results["load"] = {
            "clients": 20,
            "per_client": 25,
            "alone": spread,
            "loaded": {**spread, "p95_ms": load["loaded_p95"], "answers_per_s": 30.0, "errors": 0},
            "extra_user": spread,
            "burst": {
                **spread,
                "requests": 100,
                "answers": 100 - load["burst_errors"],
                "errors": load["burst_errors"],
            },
        }
    results["goals"] = goals(results)
    return results


def test_query_goals_are_ratios_to_the_floor() -> None:
    found = {g["key"]: g for g in goals(_results())}
    assert found["p50"]["measured"] == 1.9 and found["p50"]["met"]
    assert found["p95"]["measured"] == 3.1 and not found["p95"]["met"]
    assert "load" not in found


def test_load_goals_compare_with_one_user_alone() -> None:
    found = {g["key"]: g for g in goals(_results(loaded_p95=2100.0, burst_errors=0))}
    assert found["load"]["measured"] == 10.5 and not found["load"]["met"]
    assert found["burst"]["met"]
    found = {g["key"]: g for g in goals(_results(loaded_p95=1900.0, burst_errors=3))}
    assert found["load"]["met"] and not found["burst"]["met"]


def test_table_marks_each_goal_and_shows_ratios() -> None:
    table = render(_results(loaded_p95=2100.0, burst_errors=0))
    rows = {line.split("|")[1].strip(): line for line in table.splitlines()[2:]}
    assert "1.90x" in rows["ours, warm, p50"] and "<= 2x: met" in rows["ours, warm, p50"]
    assert "**not met**" in rows["ours, warm, p95"]
    assert "16 of 165 texts re-embedded" in rows["incremental: one document changed"]
    assert "hit@1 0.500" in rows["retrieval, naive recipe"]
    assert "0 errors: met" in rows["load: a burst of 100 at once"]
    assert "10.50x (p95)" in rows["load: 20 users x 25 questions"]


def test_table_of_the_load_test_alone() -> None:
    results = _results(loaded_p95=500.0, burst_errors=0)
    del results["queries"], results["naive"], results["startup"], results["ingest"]
    results["goals"] = goals(results)
    table = render(results)
    assert "floor" not in table and table.count("load:") == 4
