"""The speed benchmark's goals and its table: each figure beside its floor, as a ratio, and
each goal marked met or not."""

from __future__ import annotations

from typing import Any

P50_GOAL = 2.0  # ours p50 / floor
P95_GOAL = 3.0  # ours p95 / floor
LOAD_P95_GOAL = 10.0  # p95 under load / p95 alone


def goals(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Each goal with its measured ratio and whether it was met (load goals if measured)."""
    checks: list[tuple[str, str, float, float]] = []
    q = results.get("queries")
    if q:
        checks.append(("p50", "ours p50 / floor", q["ours_p50_ms"] / q["floor_p50_ms"], P50_GOAL))
        checks.append(("p95", "ours p95 / floor", q["ours_p95_ms"] / q["floor_p50_ms"], P95_GOAL))
    load = results.get("load")
    if load:
        ratio = load["loaded"]["p95_ms"] / load["alone"]["p95_ms"]
        checks.append(("load", "p95 under load / alone", ratio, LOAD_P95_GOAL))
        checks.append(("burst", "burst errors", float(load["burst"]["errors"]), 0.0))
    return [
        {
            "key": key,
            "goal": name,
            "measured": round(value, 2),
            "target": limit,
            "met": value <= limit,
        }
        for key, name, value, limit in checks
    ]


def render(results: dict[str, Any]) -> str:
    """The benchmark as one Markdown table: measure, value, ratio to its floor, goal, met."""
    rows = _load_rows(results.get("load"))
    if "queries" in results:
        rows = _query_rows(results) + _ingest_rows(results) + rows
    met = {g["key"]: g for g in results["goals"]}
    lines = ["| measure | value | ratio | goal |", "| --- | --- | --- | --- |"]
    for measure, value, ratio, goal in rows:
        verdict = ""
        if goal in met:
            verdict = f"{_goal_text(met[goal])}: {'met' if met[goal]['met'] else '**not met**'}"
        lines.append(f"| {measure} | {value} | {ratio} | {verdict} |")
    return "\n".join(lines)


def _goal_text(goal: dict[str, Any]) -> str:
    if goal["key"] == "burst":
        return "0 errors"
    return f"<= {goal['target']:g}x"


Row = tuple[str, str, str, str]


def _query_rows(r: dict[str, Any]) -> list[Row]:
    q, naive, start = r["queries"], r["naive"], r["startup"]
    floor = q["floor_p50_ms"]
    ours, recipe = naive["ours"], naive["naive"]
    quality = "hit@1 {hit@1:.3f}, hit@5 {hit@5:.3f}, MRR@10 {mrr@10:.3f}"
    return [
        ("floor: query embedding + Chroma lookup, p50", f"{floor:.1f} ms", "1.00x", ""),
        ("ours, warm, p50", f"{q['ours_p50_ms']:.1f} ms", _x(q["ours_p50_ms"], floor), "p50"),
        ("ours, warm, p95", f"{q['ours_p95_ms']:.1f} ms", _x(q["ours_p95_ms"], floor), "p95"),
        ("ours, warm, max", f"{q['ours_max_ms']:.1f} ms", _x(q["ours_max_ms"], floor), ""),
        (
            "naive recipe, p50 / p95",
            f"{recipe['latency_p50_ms']:.1f} / {recipe['latency_p95_ms']:.1f} ms",
            _x(recipe["latency_p50_ms"], floor),
            "",
        ),
        (f"retrieval, ours ({naive['quality_questions']} q.)", quality.format(**ours), "", ""),
        ("retrieval, naive recipe", quality.format(**recipe), "", ""),
        ("cold start: `rag ask` to its answer", f"{start['cold_start_s']:.1f} s", "", ""),
        ("`rag --help`", f"{start['help_ms']:.0f} ms", "", ""),
    ]


def _ingest_rows(r: dict[str, Any]) -> list[Row]:
    i = r["ingest"]
    rate = i["texts"] / i["encoder_s"] if i["encoder_s"] else 0.0
    return [
        (
            f"bare encoder ({r['encoder']}), {i['texts']} texts in one call",
            f"{i['encoder_s']:.2f} s ({rate:.0f} texts/s)",
            "1.00x",
            "",
        ),
        (
            f"ingest, model loaded ({i['passages']} passages)",
            f"{i['ingest_s']:.2f} s (embed {i['ingest_embed_s']:.2f} s)",
            _x(i["ingest_s"], i["encoder_s"]),
            "",
        ),
        (
            "incremental: one document changed",
            f"{i['incremental_s']:.2f} s; {i['incremental_texts']} of {i['texts']} texts "
            f"re-embedded ({i['incremental_passages']} passages)",
            _x(i["incremental_s"], i["encoder_s"]),
            "",
        ),
    ]


def _load_rows(load: dict[str, Any] | None) -> list[Row]:
    if not load:
        return []
    alone, loaded, extra, burst = load["alone"], load["loaded"], load["extra_user"], load["burst"]
    spread = "p50 {p50_ms:.0f} / p95 {p95_ms:.0f} / max {max_ms:.0f} ms"
    return [
        ("load: one user alone (API)", spread.format(**alone), "1.00x", ""),
        (
            f"load: {load['clients']} users x {load['per_client']} questions",
            spread.format(**loaded)
            + f"; {loaded['answers_per_s']:.1f} answers/s; {loaded['errors']} errors",
            _x(loaded["p95_ms"], alone["p95_ms"]) + " (p95)",
            "load",
        ),
        (
            "load: one extra user meanwhile",
            spread.format(**extra) if extra else "-",
            _x(extra["p95_ms"], alone["p95_ms"]) + " (p95)" if extra else "",
            "",
        ),
        (
            f"load: a burst of {burst['requests']} at once",
            f"{burst['answers']} answered, {burst['errors']} errors; " + spread.format(**burst),
            "",
            "burst",
        ),
    ]


def _x(value: float, floor: float) -> str:
    return f"{value / floor:.2f}x" if floor else "-"
