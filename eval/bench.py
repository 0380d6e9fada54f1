"""The speed benchmark: `python eval/bench.py`, run by `make bench` (`--no-load` skips the
load test; `--load-only`, run by `make bench-load`, runs it alone).

On a fresh copy of the small record (the corpus folder) in RAG_DATA_DIR/bench/speed, prints one
table of ratios to each figure's floor, marks each goal met or not, and writes it to
eval/results/bench.md (and the figures to eval/results/bench.json).
"""

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from rag.errors import RagError
from rag.evaluation.evaluate import load_questions
from rag.evaluation.speed import run_bench, run_load_only
from rag.evaluation.speed_table import render
from rag.settings import get_settings

HERE = Path(__file__).resolve().parent


def main() -> int:
    settings = get_settings()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, default=HERE / "questions.jsonl")
    parser.add_argument("--out", type=Path, help="default: eval/results/bench.md (bench-load.md)")
    parser.add_argument("--no-load", action="store_true", help="skip the load test")
    parser.add_argument("--load-only", action="store_true", help="only the load test")
    args = parser.parse_args()
    try:
        questions = load_questions(args.questions)
        work = settings.data_dir / "bench" / "speed"
        if args.load_only:
            results = run_load_only(settings, questions, work, HERE.parent)
        else:
            results = run_bench(settings, questions, work, HERE.parent, not args.no_load)
    except RagError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    out = args.out or HERE / "results" / ("bench-load.md" if args.load_only else "bench.md")
    table = render(results)
    print(table)
    stamp = f"Measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, encoder {results['encoder']}."
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(f"# Speed benchmark (`make bench`)\n\n{stamp}\n\n{table}\n", "utf-8")
    out.with_suffix(".json").write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    print(f"saved {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
