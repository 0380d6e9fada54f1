"""The evaluation harness: run known questions through a system and score every answer."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any, Protocol

from rag.errors import RagError
from rag.evaluation.metrics import (
    bootstrap_interval,
    citation_precision,
    covers,
    hit_at,
    key_fact_recall,
    mean,
    percentile,
    reciprocal_rank,
    refusal_scores,
)
from rag.records import Answer

TYPES = (
    "factual",
    "list",
    "attribution",
    "timeline",
    "paraphrase",
    "acronym",
    "grade",
    "front_page",
    "unanswerable",
)
SPLITS = ("all", "train", "test")
# The cross-council set (eval/reports/) is split by council: dev councils may be tuned on,
# held-out councils never are.
COUNCIL_SPLITS = ("all", "dev", "heldout")
CORPORA = ("seeds", "reports")  # questions on the five source documents, on the three reports
_REQUIRED = (
    "id",
    "question",
    "persona",
    "type",
    "reference_answer",
    "key_facts",
    "sources",
    "refuse",
    "split",
)


@dataclass(frozen=True)
class EvalQuestion:
    """One question of the evaluation set with what a correct answer must contain."""

    id: str
    question: str
    persona: str
    type: str
    reference_answer: str
    key_facts: tuple[tuple[str, ...], ...]
    sources: tuple[str, ...]
    refuse: bool
    split: str
    speaker: tuple[str, ...] = ()
    corpus: str = "seeds"
    council: str | None = None


class System(Protocol):
    """Anything that answers a question the way the pipeline does."""

    name: str

    def answer(self, question: str) -> Answer:
        """Answer one question."""
        ...


@dataclass(frozen=True)
class QuestionResult:
    """How one system did on one question."""

    system: str
    id: str
    type: str
    split: str
    question: str
    should_refuse: bool
    refused: bool
    retrieved: tuple[str, ...]
    sources: tuple[str, ...]
    cited: tuple[str, ...]
    quotes: int
    verbatim: int
    key_fact_recall: float
    attributed: bool | None
    latency_ms: float
    answer: str
    corpus: str = "seeds"


def load_questions(path: Path) -> list[EvalQuestion]:
    """Read the evaluation set; a malformed line is an error naming the line."""
    questions = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            missing = [key for key in _REQUIRED if key not in row]
            if missing:
                raise ValueError(f"missing {', '.join(missing)}")
            questions.append(
                EvalQuestion(
                    id=row["id"],
                    question=row["question"],
                    persona=row["persona"],
                    type=row["type"],
                    reference_answer=row["reference_answer"],
                    key_facts=tuple(tuple(g) for g in row["key_facts"]),
                    sources=tuple(row["sources"]),
                    refuse=bool(row["refuse"]),
                    split=row["split"],
                    speaker=tuple(row.get("speaker", ())),
                    corpus=row.get("corpus", "seeds" if "council" not in row else "reports"),
                    council=row.get("council"),
                )
            )
        except (ValueError, TypeError) as exc:
            raise RagError(f"{path}:{number}: not a valid evaluation question ({exc}).") from exc
    return questions


def load_council_questions(folder: Path) -> list[EvalQuestion]:
    """The cross-council set: every `<council>.jsonl` in the folder, in name order."""
    files = sorted(folder.glob("*.jsonl"))
    if not files:
        raise RagError(f"No cross-council questions in {folder}: expected <council>.jsonl files.")
    return [q for path in files for q in load_questions(path)]


def with_sources(questions: Sequence[EvalQuestion], ids: Mapping[str, str]) -> list[EvalQuestion]:
    """The questions with their source report files (`council/file.pdf`) named by the record's
    document ids; a source the record lacks is an error naming it."""
    missing = sorted({s for q in questions for s in q.sources if s not in ids})
    if missing:
        raise RagError(f"The evaluation record lacks these reports: {', '.join(missing[:5])}.")
    return [replace(q, sources=tuple(ids[s] for s in q.sources)) for q in questions]


REWORDED = "~"  # a reworded question's id: the original's id, "~", and 1 or 2


def load_rewordings(path: Path, questions: Sequence[EvalQuestion]) -> list[EvalQuestion]:
    """Each question asked in its other wordings (eval/rewordings.jsonl), as questions of their
    own whose ids say which original they reword."""
    by_id = {q.id: q for q in questions}
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        original = by_id.get(row["id"])
        if original is None:
            raise RagError(f"{path}: {row['id']} is not a question of the set.")
        out += [
            replace(original, id=f"{original.id}{REWORDED}{n}", question=text)
            for n, text in enumerate(row["rewordings"], start=1)
        ]
    return out


def is_right(result: QuestionResult) -> bool:
    """Answered right: refused when it should be, else every key fact given."""
    if result.should_refuse:
        return result.refused
    return not result.refused and result.key_fact_recall == 1.0


def consistency(results: Iterable[QuestionResult], system: str = "ours") -> float | None:
    """The share of questions one system answered right in every wording asked (originals
    that have rewordings only)."""
    verdicts: dict[str, list[bool]] = {}
    for r in results:
        if r.system == system:
            verdicts.setdefault(r.id.split(REWORDED)[0], []).append(is_right(r))
    return mean([all(v) for v in verdicts.values() if len(v) > 1])


def originals(results: Iterable[QuestionResult]) -> list[QuestionResult]:
    """The results of the questions as written (rewordings left out)."""
    return [r for r in results if REWORDED not in r.id]


def score_answer(
    system: str, question: EvalQuestion, answer: Answer, texts: Mapping[str, str]
) -> QuestionResult:
    """Score one answer against the question's expectations and the documents' texts."""
    verbatim = sum(c.quote in texts.get(c.doc_id, "") for c in answer.citations)
    attributed = covers(answer.text, question.speaker) if question.type == "attribution" else None
    return QuestionResult(
        system=system,
        id=question.id,
        type=question.type,
        split=question.split,
        question=question.question,
        should_refuse=question.refuse,
        refused=answer.refused,
        retrieved=tuple(dict.fromkeys(h.chunk.doc_id for h in answer.retrieved)),
        sources=question.sources,
        cited=tuple(c.doc_id for c in answer.citations),
        quotes=len(answer.citations),
        verbatim=verbatim,
        key_fact_recall=0.0 if answer.refused else key_fact_recall(answer.text, question.key_facts),
        attributed=attributed and not answer.refused,
        latency_ms=answer.timings.total,
        answer=answer.text,
        corpus=question.corpus,
    )


def run_systems(
    systems: Sequence[System],
    questions: Sequence[EvalQuestion],
    texts: Mapping[str, str],
    progress: Callable[[str, int], None] | None = None,
) -> list[QuestionResult]:
    """Ask every system every question."""
    results = []
    for system in systems:
        for question in questions:
            answer = system.answer(question.question)
            results.append(score_answer(system.name, question, answer, texts))
            if progress:
                progress(system.name, 1)
    return results


def summarize(
    results: Iterable[QuestionResult], splits: Sequence[str] = SPLITS
) -> dict[str, dict[str, dict[str, Any]]]:
    """Metrics per system, per split (all, train, test; or all, dev, heldout), per question
    type and overall."""
    by_system: dict[str, list[QuestionResult]] = {}
    for result in results:
        by_system.setdefault(result.system, []).append(result)
    summary: dict[str, dict[str, dict[str, Any]]] = {}
    for system, rows in by_system.items():
        summary[system] = {}
        for split in splits:
            chosen = [r for r in rows if split == "all" or r.split == split]
            groups = {"overall": chosen} | {t: [r for r in chosen if r.type == t] for t in TYPES}
            groups |= {f"on {c}": [r for r in chosen if r.corpus == c] for c in CORPORA}
            summary[system][split] = {name: group_metrics(g) for name, g in groups.items() if g}
    return summary


def group_metrics(rows: Sequence[QuestionResult]) -> dict[str, Any]:
    """The metrics of one group of results."""
    answerable = [r for r in rows if not r.should_refuse]
    with_quotes = [r for r in rows if r.quotes]
    precisions = [citation_precision(r.cited, r.sources) for r in answerable]
    refusal_precision, refusal_recall = refusal_scores(
        [r.refused for r in rows], [r.should_refuse for r in rows]
    )
    attributions = [r.attributed for r in rows if r.attributed is not None]
    latencies = [r.latency_ms for r in rows]
    return {
        "n": len(rows),
        "hit@1": mean([hit_at(r.retrieved, r.sources, 1) for r in answerable]),
        "hit@5": mean([hit_at(r.retrieved, r.sources, 5) for r in answerable]),
        "mrr@10": mean([reciprocal_rank(r.retrieved, r.sources, 10) for r in answerable]),
        "key_fact_recall": mean([r.key_fact_recall for r in answerable]),
        "key_fact_recall_ci": bootstrap_interval([r.key_fact_recall for r in answerable]),
        "exact_answer_rate": mean([r.key_fact_recall == 1.0 for r in answerable]),
        "citation_precision": mean([p for p in precisions if p is not None]),
        "quote_fidelity": (
            sum(r.verbatim for r in with_quotes) / sum(r.quotes for r in with_quotes)
            if with_quotes
            else None
        ),
        "refusal_precision": refusal_precision if any(r.refused for r in rows) else None,
        "refusal_recall": refusal_recall if any(r.should_refuse for r in rows) else None,
        "attribution_accuracy": mean([bool(a) for a in attributions]),
        "latency_p50_ms": percentile(latencies, 50),
        "latency_p95_ms": percentile(latencies, 95),
    }


def results_jsonl(results: Iterable[QuestionResult]) -> str:
    """The per-question results, one JSON object per line."""
    return "".join(json.dumps(asdict(r), ensure_ascii=False) + "\n" for r in results)


GATED = (
    "hit@1",
    "hit@5",
    "mrr@10",
    "key_fact_recall",
    "exact_answer_rate",
    "citation_precision",
    "quote_fidelity",
    "refusal_precision",
    "refusal_recall",
    "attribution_accuracy",
)


def gate_values(metrics_by_group: Mapping[str, Mapping[str, Any]]) -> dict[str, float]:
    """The numbers the gate watches: overall metrics and one score per question type."""
    overall = metrics_by_group["overall"]
    values = {m: float(overall[m]) for m in GATED if overall.get(m) is not None}
    for question_type in TYPES:
        group = metrics_by_group.get(question_type)
        if group:
            key = "refusal_recall" if question_type == "unanswerable" else "key_fact_recall"
            if group.get(key) is not None:
                values[f"{question_type}:{key}"] = float(group[key])
    return values


def thresholds_from(values: Mapping[str, float], margin: float = 0.03) -> dict[str, float]:
    """Thresholds just below a baseline's values; quote fidelity must stay at 100%."""
    out = {name: max(0.0, round(value - margin, 2)) for name, value in values.items()}
    out["quote_fidelity"] = 1.0
    return out


def gate_failures(values: Mapping[str, float], thresholds: Mapping[str, float]) -> list[str]:
    """Every gated number that fell below its threshold (or went missing), in words."""
    failures = []
    for name, minimum in thresholds.items():
        value = values.get(name)
        if value is None or value < minimum:
            shown = "missing" if value is None else f"{value:.3f}"
            failures.append(f"{name}: {shown} < {minimum:.3f}")
    return failures


def heldout_values(results: Iterable[QuestionResult]) -> dict[str, list[float]]:
    """Per question, the figures the held-out gate watches: key-fact recall of each
    answerable question, whether each unanswerable one was refused, and each quote's
    fidelity (1.0 verbatim)."""
    rows = [r for r in results if r.split == "heldout"]
    return {
        "key_fact_recall": [r.key_fact_recall for r in rows if not r.should_refuse],
        "refusal_recall": [float(r.refused) for r in rows if r.should_refuse],
        "quote_fidelity": [float(r.verbatim == r.quotes) for r in rows if r.quotes],
    }


def interval_gate_failures(
    values: Mapping[str, Sequence[float]], baseline: Mapping[str, float]
) -> list[str]:
    """A figure fails when even the top of its 95% bootstrap interval is below its baseline
    (a fall larger than the draw of questions explains); quote fidelity must stay 1.0."""
    failures = []
    for name, floor in baseline.items():
        got = values.get(name) or []
        interval = bootstrap_interval(got)
        if interval is None:
            failures.append(f"{name}: no questions")
        elif name == "quote_fidelity" and min(got) < 1.0:
            failures.append(f"{name}: a quote is not verbatim")
        elif interval[1] < floor:
            failures.append(f"{name}: interval {interval[0]:.3f}-{interval[1]:.3f} < {floor:.3f}")
    return failures
