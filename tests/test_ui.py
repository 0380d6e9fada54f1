"""The app's server side: the /ask API through gradio_client, login, examples, helpers."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from gradio_client import Client
from tests_support import free_port

from rag.app.api import filters_from
from rag.app.feedback import FeedbackStore
from rag.app.login import LOGIN_NOTICE, MAX_FAILURES
from rag.app.record_info import load_examples
from rag.app.ui import build_app, serve
from rag.errors import RagError
from rag.ingest.corpus import load_corpus

ROOT = Path(__file__).resolve().parent.parent
TEXTS = {d.doc_id: d.text for d in load_corpus(ROOT / "corpus")[0]}
CONTRACT = {"question", "answer", "refused", "citations", "timings_ms"}


def test_ask_endpoint_returns_the_json_contract(running_app: dict[str, Any]) -> None:
    client = Client(running_app["url"], verbose=False)
    result = client.predict(question="Were children seen alone?", api_name="/ask")
    assert set(result) >= CONTRACT
    assert result["refused"] is False and result["citations"]
    citation = result["citations"][0]
    assert citation["quote"] in TEXTS[citation["doc_id"]]
    assert set(result["timings_ms"]) == {"retrieve", "answer", "total"}


def test_ask_endpoint_reads_a_follow_up_with_its_history(running_app: dict[str, Any]) -> None:
    client = Client(running_app["url"], verbose=False)
    earlier = [{"question": "What did Ofsted write about foster carers in 2019?", "answer": "..."}]
    result = client.predict(question="And in 2022?", history=earlier, api_name="/ask")
    assert result["question"] == "And in 2022?"
    assert result["standalone_question"] == "What did Ofsted write about foster carers in 2022?"
    assert result["citations"] and result["citations"][0]["date"].startswith("2022")
    alone = client.predict(question="And in 2022?", api_name="/ask")
    assert alone["standalone_question"] == "And in 2022?"


def test_ask_endpoint_applies_filters_and_refuses(running_app: dict[str, Any]) -> None:
    client = Client(running_app["url"], verbose=False)
    ofsted = client.predict(
        question="What did inspectors find about permanence planning?",
        source_types=["ofsted"],
        api_name="/ask",
    )
    assert {c["source_type"] for c in ofsted["citations"]} == {"ofsted"}
    assert ofsted["filters"]["source_types"] == ["ofsted"]
    refused = client.predict(question="What is the capital of France?", api_name="/ask")
    assert refused["refused"] is True and refused["citations"] == [] and refused["closest"]


def test_ask_endpoint_reports_an_empty_question(running_app: dict[str, Any]) -> None:
    client = Client(running_app["url"], verbose=False)
    with pytest.raises(Exception, match="empty"):
        client.predict(question="   ", api_name="/ask")


@pytest.fixture
def secured_app(running_app: dict[str, Any], tmp_path: Path) -> Iterator[str]:
    """The app behind RAG_AUTH=clerk:s3cret on a free port; yields its URL."""
    settings = running_app["settings"].model_copy(
        update={"port": free_port(), "auth": "clerk:s3cret"}
    )
    app = build_app(running_app["pipeline"], FeedbackStore(tmp_path / "f.db"))
    serve(app, settings, block=False)
    try:
        yield f"http://127.0.0.1:{settings.port}/"
    finally:
        app.close()


def test_login_is_required_when_rag_auth_is_set(secured_app: str) -> None:
    with pytest.raises(Exception):  # noqa: B017 - any refusal to connect will do
        Client(secured_app, verbose=False)
    client = Client(secured_app, auth=("clerk", "s3cret"), verbose=False)
    assert client.predict(question="Were children seen alone?", api_name="/ask")["citations"]


def _record_strings(pipeline: Any) -> list[str]:
    """What the record would give away: document ids, titles, events, example questions."""
    documents = pipeline.index.documents.values()
    found = [d.doc_id for d in documents] + [d.meta.title for d in documents]
    found += [d.meta.event for d in documents]
    return found + [q for questions in load_examples().values() for q in questions]


def _given_away(body: str, strings: list[str]) -> list[str]:
    """The strings that occur in a response, as they are or escaped for JSON or HTML."""
    forms = {s: {s, json.dumps(s)[1:-1], s.replace("'", "&#39;")} for s in strings}
    return [s for s, variants in forms.items() if any(v in body for v in variants)]


PUBLIC_PATHS = [
    "",
    "config",
    "gradio_api/info",
    "gradio_api/info?all_endpoints=true",
    "gradio_api/openapi.json",
    "gradio_api/runs",
    "gradio_api/startup-events",
    "?deep_link=x",
    "manifest.json",
]


def test_nothing_of_the_record_is_visible_before_login(
    secured_app: str, running_app: dict[str, Any]
) -> None:
    strings = _record_strings(running_app["pipeline"])
    with httpx.Client(base_url=secured_app, timeout=30) as anonymous:
        for path in PUBLIC_PATHS:
            body = anonymous.get(f"/{path}").text
            assert _given_away(body, strings) == [], f"GET /{path} gives the record away"
        assert LOGIN_NOTICE in anonymous.get("/").text  # the login form states the throttle
    with httpx.Client(base_url=secured_app, timeout=30) as clerk:
        assert clerk.post("/login", data={"username": "clerk", "password": "s3cret"}).is_success
        # the same check finds the record once logged in, so it can fail
        assert _given_away(clerk.get("/config").text, strings)


def test_repeated_wrong_passwords_are_refused_for_a_while(secured_app: str) -> None:
    wrong = {"username": "clerk", "password": "guess"}
    right = {"username": "clerk", "password": "s3cret"}
    with httpx.Client(base_url=secured_app, timeout=30) as client:
        statuses = [client.post("/login", data=wrong).status_code for _ in range(MAX_FAILURES)]
        assert statuses == [400] * MAX_FAILURES
        refused = client.post("/login", data=right)  # even the right password, for now
    assert refused.status_code == 429
    detail = refused.json()["detail"]
    assert "Too many failed logins" in detail and "try again in 15 minutes" in detail
    assert int(refused.headers["Retry-After"]) > 800
    with pytest.raises(Exception):  # noqa: B017 - gradio_client is refused too
        Client(secured_app, auth=("clerk", "s3cret"), verbose=False)


def test_a_good_login_clears_earlier_failures(secured_app: str) -> None:
    wrong = {"username": "clerk", "password": "guess"}
    right = {"username": "clerk", "password": "s3cret"}
    with httpx.Client(base_url=secured_app, timeout=30) as client:
        for _ in range(MAX_FAILURES - 1):
            assert client.post("/login", data=wrong).status_code == 400
        assert client.post("/login", data=right).status_code == 200
        assert client.post("/login", data=wrong).status_code == 400
        assert client.post("/login", data=right).status_code == 200


@pytest.mark.parametrize(
    ("persona", "question"),
    [(p, q) for p, questions in load_examples().items() for q in questions],
)
def test_every_example_question_is_answered(pipeline: Any, persona: str, question: str) -> None:
    answer = pipeline.ask(question)
    assert not answer.refused, f"{persona}: {question}"
    assert answer.citations


def test_filters_from_the_app_controls() -> None:
    assert filters_from(["ofsted", "council", "press"], [], "", "").active is False
    assert filters_from([], [], "", "").active is False
    chosen = filters_from(["ofsted"], ["March 2020 monitoring visit"], "2020-01-01", " ")
    assert chosen.source_types == ("ofsted",)
    assert chosen.events == ("March 2020 monitoring visit",)
    assert chosen.since == dt.date(2020, 1, 1) and chosen.until is None
    with pytest.raises(RagError, match="YYYY-MM-DD"):
        filters_from([], [], "1st March", "")
