"""The command line, run as a user runs it: `python -m rag ...` in a subprocess."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from rag.ingest.corpus import load_corpus

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
TEXTS = {d.doc_id: d.text for d in load_corpus(CORPUS)[0]}
CITATION_KEYS = {
    "n",
    "doc_id",
    "title",
    "date",
    "publisher",
    "source_type",
    "event",
    "quote",
    "paragraph",
    "score",
}


def _run(args: list[str], env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rag", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        cwd=ROOT,
        timeout=600,
    )


@pytest.fixture(scope="module")
def record(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A fresh data folder (no index yet) and a private corpus copy."""
    base = tmp_path_factory.mktemp("cli")
    shutil.copytree(CORPUS, base / "corpus")
    return {"RAG_DATA_DIR": str(base / "data"), "RAG_CORPUS_DIR": str(base / "corpus")}


@pytest.mark.parametrize("question", ["", "   ", "\t\n", "\u200b\u200d\ufeff"])
def test_empty_question_is_exit_code_2(question: str, record: dict[str, str]) -> None:
    result = _run(["ask", question], record)
    assert result.returncode == 2
    assert "empty" in result.stderr and not result.stdout


def test_bad_date_option_is_exit_code_2(record: dict[str, str]) -> None:
    result = _run(["ask", "--since", "last year", "q"], record)
    assert result.returncode == 2 and "YYYY-MM-DD" in result.stderr


@pytest.mark.slow
def test_json_lines_contract_and_automatic_index(record: dict[str, str]) -> None:
    questions = [
        "Were children seen alone by their social workers?",
        "How did the council respond to Ofsted's October 2020 focused visit?",
        "What is the capital of France?",
    ]
    result = _run(["ask", "--json", "-"], record, stdin="\n".join(questions) + "\n")
    assert result.returncode == 0, result.stderr
    assert "No index" in result.stderr and "building it" in result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(questions)
    answers = [json.loads(line) for line in lines]
    for question, answer in zip(questions, answers, strict=True):
        assert answer["question"] == question
        assert isinstance(answer["answer"], str) and isinstance(answer["refused"], bool)
        assert set(answer["timings_ms"]) == {"retrieve", "answer", "total"}
        for citation in answer["citations"]:
            assert set(citation) >= CITATION_KEYS
            assert citation["quote"] in TEXTS[citation["doc_id"]]
            assert len(citation["date"]) == 10 and citation["date"][4] == "-"
            assert f"[{citation['n']}]" in answer["answer"]
    assert [a["refused"] for a in answers] == [False, False, True]
    assert answers[0]["citations"][0]["source_type"] == "ofsted"


@pytest.mark.slow
def test_single_question_prints_answer_and_sources(record: dict[str, str]) -> None:
    result = _run(["ask", "--source-type", "ofsted", "Were children seen alone?"], record)
    assert result.returncode == 0, result.stderr
    assert "Sources:" in result.stdout and "[1]" in result.stdout
    assert "Filters in force: sources: ofsted" in result.stdout


@pytest.mark.slow
def test_ingest_reports_a_bad_file_and_exits_non_zero(record: dict[str, str]) -> None:
    bad = Path(record["RAG_CORPUS_DIR"]) / "broken.md"
    bad.write_bytes(b"\xff\xfe not text")
    try:
        result = _run(["ingest"], record)
    finally:
        bad.unlink()
    assert result.returncode == 1
    assert "broken.md" in result.stdout and "UTF-8" in result.stdout
    assert "8 unchanged" in result.stdout


def test_help_lists_commands_and_importing_the_cli_loads_no_model() -> None:
    result = _run(["--help"], {})
    assert result.returncode == 0
    for command in ("ingest", "ask", "add"):
        assert command in result.stdout
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, rag.app.cli; print(sorted({'torch', 'chromadb', "
            "'gradio', 'sentence_transformers'} & set(sys.modules)))",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    assert probe.stdout.strip() == "[]"


@pytest.mark.slow
def test_chat_reads_a_follow_up_with_the_questions_before(record: dict[str, str]) -> None:
    lines = "What did Ofsted write about foster carers in 2019?\nAnd in 2022?\n/new\nAnd in 2022?\n"
    result = _run(["chat", "--json"], record, stdin=lines)
    assert result.returncode == 0, result.stderr
    first, follow_up, fresh = (json.loads(line) for line in result.stdout.splitlines())
    assert first["standalone_question"] == first["question"]
    assert follow_up["question"] == "And in 2022?"
    assert follow_up["standalone_question"] == "What did Ofsted write about foster carers in 2022?"
    assert follow_up["answer"].startswith("Answering: What did Ofsted write about foster carers")
    assert "2022" in follow_up["citations"][0]["date"]
    assert fresh["standalone_question"] == "And in 2022?"  # /new forgot the conversation
