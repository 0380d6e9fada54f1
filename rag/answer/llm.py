"""Optional synthesis by a language model (RAG_LLM), verified sentence by sentence.

The extractive answer is made first, as always; its quoted passages are what the model is
given, numbered as the answer numbers them. The model writes a plain-English answer citing
them; `rag.answer.verify` keeps only the sentences the cited passages support. If the model
fails, times out or too little survives, the extractive answer is given, with a notice. A
refusal is never sent to a model.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import replace
from importlib import resources
from typing import Any

from langchain_core.embeddings import Embeddings
from langchain_core.language_models import BaseChatModel

from rag.answer.cite import inline
from rag.answer.verify import SentenceCheck, check_sentences
from rag.errors import ConfigError
from rag.records import Answer, Citation

PROMPT_FILE = "synthesis_prompt.txt"
EXTRACTIVE = "extractive"
PROVIDERS = {  # RAG_LLM's prefix -> (module, class, the extra that installs it)
    "openai": ("langchain_openai", "ChatOpenAI", "llm-openai"),
    "ollama": ("langchain_ollama", "ChatOllama", "llm-ollama"),
}
MAX_TOKENS = 400  # a few short sentences; a model that rambles is cut off
MIN_KEPT = 0.5  # the share of the model's sentences that must survive, else the extractive
NOT_VERIFIED = (
    "The language model's answer could not be checked against the record, so the record's "
    "own words are given instead."
)
MODEL_FAILED = "The language model did not answer ({}), so the record's own words are given."
# A passage that speaks to the model ("ignore previous instructions", "you are now ...") is
# withheld from it: passages are data.
_INSTRUCTIONS = re.compile(
    r"\b(ignore|disregard|forget)\b[^.]{0,40}\b(instructions?|prompt|rules)\b|"
    r"\byou are (now )?(a|an|the)\b|\bsystem prompt\b|\bas an ai\b|\bassistant:",
    re.IGNORECASE,
)
_log = logging.getLogger(__name__)


def chat_model(spec: str, base_url: str | None, api_key: str | None, timeout: float) -> Any:
    """The chat model RAG_LLM names ("openai:<model>", "ollama:<model>"); ConfigError for an
    unknown kind or a missing extra, naming the `pip install` to run."""
    provider, _, model = spec.partition(":")
    if provider not in PROVIDERS or not model:
        kinds = ", ".join(f"{p}:<model>" for p in PROVIDERS)
        raise ConfigError(f"RAG_LLM must be {EXTRACTIVE} or one of {kinds}; it is {spec!r}.")
    module, name, extra = PROVIDERS[provider]
    try:
        chat_class = getattr(__import__(module, fromlist=[name]), name)
    except ImportError as exc:
        raise ConfigError(
            f"RAG_LLM={spec} needs the {extra} extra: run pip install -e '.[{extra}]'."
        ) from exc
    options: dict[str, Any] = {"model": model, "temperature": 0}
    if provider == "openai":
        options |= {"base_url": base_url, "api_key": api_key or "none", "timeout": timeout}
        # as max_tokens in the request body: the field every OpenAI-compatible server reads
        options |= {"max_retries": 0, "extra_body": {"max_tokens": MAX_TOKENS}}
    else:
        options |= {"base_url": base_url} if base_url else {}
        options |= {"client_kwargs": {"timeout": timeout}, "num_predict": MAX_TOKENS}
    return chat_class(**options)


def prompt(question: str, passages: dict[int, Citation]) -> str:
    """The prompt file filled in: the numbered passages with speaker, date, visit and
    paragraph, and the question."""
    template = resources.files("rag").joinpath("data", PROMPT_FILE).read_text(encoding="utf-8")
    lines = []
    for n, citation in passages.items():
        meta = citation.meta
        where = f", paragraph {citation.paragraph}" if citation.paragraph else ""
        head = f"[{n}] {meta.source_type} ({meta.publisher}), {meta.display_date}, {meta.event}"
        lines.append(f"{head}{where}:\n<<<{inline(citation.quote)}>>>")
    return template.replace("{passages}", "\n".join(lines)).replace("{question}", question)


def given_passages(answer: Answer) -> dict[int, Citation]:
    """The extractive answer's passages, by number, less any that speak to the model."""
    return {c.n: c for c in answer.citations if not _INSTRUCTIONS.search(c.quote)}


def synthesize(answer: Answer, model: BaseChatModel, embeddings: Embeddings) -> Answer:
    """A verified model answer in place of the extractive one, or the extractive one with a
    notice when the model fails or too little of what it writes is supported."""
    if answer.refused or not answer.citations:
        return answer
    passages = given_passages(answer)
    question = answer.standalone_question or answer.question
    try:
        reply = model.invoke(prompt(question, passages))
        written = str(reply.content).strip()
    except Exception as exc:  # a server down, slow or broken: the extractive answer stands
        return _failed(answer, exc)
    return verified(answer, passages, written, embeddings)


def stream_synthesis(
    answer: Answer, model: BaseChatModel, embeddings: Embeddings
) -> Iterator[str | Answer]:
    """The model's answer as it writes it (the text so far, unverified), then the verified
    answer (or the extractive one with a notice), always last."""
    if answer.refused or not answer.citations:
        yield answer
        return
    passages = given_passages(answer)
    question = answer.standalone_question or answer.question
    written = ""
    try:
        for chunk in model.stream(prompt(question, passages)):
            written += str(chunk.content)
            yield written
    except Exception as exc:  # stopped half-way: nothing unverified stays on screen
        yield _failed(answer, exc)
        return
    yield verified(answer, passages, written.strip(), embeddings)


def _failed(answer: Answer, exc: Exception) -> Answer:
    _log.warning("the language model failed: %s", exc)
    return replace(answer, notices=(*answer.notices, MODEL_FAILED.format(type(exc).__name__)))


def verified(
    answer: Answer, passages: dict[int, Citation], written: str, embeddings: Embeddings
) -> Answer:
    """The model's text checked sentence by sentence: its supported sentences as the answer,
    or the extractive answer with a notice when too few are."""
    checks = check_sentences(written, passages, embeddings)
    kept = [c for c in checks if c.supported]
    if not kept or len(kept) < MIN_KEPT * len(checks):
        return replace(answer, notices=(*answer.notices, NOT_VERIFIED), checks=tuple(checks))
    return replace(answer, text=_verified_text(kept, checks), mode="llm", checks=tuple(checks))


def _verified_text(kept: list[SentenceCheck], checks: list[SentenceCheck]) -> str:
    """The supported sentences, and a line saying how many were removed."""
    text = " ".join(c.text for c in kept)
    removed = len(checks) - len(kept)
    if removed:
        text += (
            f"\n\n({removed} sentence{'s' * (removed != 1)} removed: not supported by the record.)"
        )
    return text
