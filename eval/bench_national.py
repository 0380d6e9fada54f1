"""The scale benchmark: `python eval/bench_national.py [--limit N]`, run by `make bench-national`.

Ingests every report PDF under RAG_REPORTS_DIR into RAG_DATA_DIR/bench (a fresh directory,
separate from the app's index), does the same for the small corpus, and prints a table of
wall time, time per stage, the bare-encoder floor, peak memory and query latency.
"""

import argparse
import json
import sys
from pathlib import Path

from rag.errors import RagError
from rag.evaluation.bench import read_questions, render, report_files, rerun_queries, run_benchmark
from rag.settings import get_settings

HERE = Path(__file__).resolve().parent


def main() -> int:
    settings = get_settings()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=Path, default=settings.reports_dir)
    parser.add_argument("--limit", type=int, help="only the first N PDFs (a quick check)")
    parser.add_argument("--questions", type=Path, default=HERE / "bench_questions.txt")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "bench-national.json")
    parser.add_argument(
        "--queries-only",
        action="store_true",
        help="measure only the questions again, on the indexes of the run saved in --out",
    )
    args = parser.parse_args()
    bench_dir = settings.data_dir / "bench"
    try:
        questions = read_questions(args.questions)
        if args.queries_only:
            if not args.out.is_file():
                raise RagError(f"No earlier run in {args.out}: run the benchmark first.")
            previous = json.loads(args.out.read_text(encoding="utf-8"))
            results = rerun_queries(previous, questions, bench_dir)
        else:
            reports = report_files(args.reports, args.limit)
            results = run_benchmark(questions, reports, bench_dir)
    except RagError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(render(results))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"saved {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
