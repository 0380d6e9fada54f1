"""Several questions answered at once get exactly the answers each gets alone: the pipeline
(with either encoder) from many threads, and the app's `/ask` API with many requests in
flight over its REST route, as the app's queue answers ANSWER_CONCURRENCY questions at a
time."""

from __future__ import annotations

import json
import random
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from rag.evaluation.evaluate import load_questions

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = [q.question for q in load_questions(ROOT / "eval" / "questions.jsonl")][:40]
THREADS = 8
REPEATS = 3


def _comparable(answer: dict[str, Any]) -> dict[str, Any]:
    """An answer's JSON without its timings (the only part that may differ)."""
    return {k: v for k, v in answer.items() if k != "timings_ms"}


def _asked_at_once(ask: Any, questions: list[str]) -> list[tuple[str, dict[str, Any]]]:
    """Each question REPEATS times, shuffled, from THREADS threads at once."""
    order = [q for q in questions for _ in range(REPEATS)]
    random.Random(9).shuffle(order)
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        return list(zip(order, pool.map(ask, order), strict=True))


@pytest.mark.parametrize("encoder", ["torch", "onnx"])
def test_pipeline_answers_the_same_from_many_threads(
    pipeline: Any, onnx_settings: Any, encoder: str
) -> None:
    from rag.pipeline import build_pipeline
    from rag.search.embed import load_embeddings

    model = load_embeddings(onnx_settings.model_copy(update={"encoder": encoder}))
    pipeline = build_pipeline(pipeline.settings, log=lambda _: None, embeddings=model)
    alone = {q: _comparable(pipeline.ask(q).to_json()) for q in QUESTIONS}
    together = _asked_at_once(lambda q: _comparable(pipeline.ask(q).to_json()), QUESTIONS)
    assert len(together) == len(QUESTIONS) * REPEATS
    for question, answer in together:
        assert answer == alone[question], question
    assert any(a["citations"] for a in alone.values())  # real answers, not only refusals


def _asked_over_rest(url: str, question: str) -> dict[str, Any]:
    """One question through the app's REST API (`/gradio_api/call/ask`): its own POST and
    its own event stream. gradio_client shares one stream between a client's jobs and
    closes it when the server has none left in flight, which loses a job submitted in that
    moment (a CancelledError); the REST API has no such shared state."""
    import httpx

    fields = 7  # question, source_types, events, since, until, k, history
    with httpx.Client(base_url=f"{url}gradio_api/call/ask", timeout=120) as http:
        posted = http.post("", json={"data": [question] + [None] * (fields - 1)})
        posted.raise_for_status()
        stream = http.get(f"/{posted.json()['event_id']}")
    stream.raise_for_status()
    events = stream.text.strip().split("\n\n")
    assert events[-1].startswith("event: complete"), events[-1]
    data = json.loads(events[-1].split("data:", 1)[1])
    return _comparable(data[0])


def test_api_answers_the_same_with_many_requests_in_flight(running_app: dict[str, Any]) -> None:
    from rag.app.ui import ANSWER_CONCURRENCY

    assert ANSWER_CONCURRENCY > 1
    questions = QUESTIONS[:20]
    alone = {q: _asked_over_rest(running_app["url"], q) for q in questions}
    together = _asked_at_once(lambda q: _asked_over_rest(running_app["url"], q), questions)
    assert len(together) == len(questions) * REPEATS
    for question, answer in together:
        assert answer == alone[question], question
    assert any(a["citations"] for a in alone.values())
