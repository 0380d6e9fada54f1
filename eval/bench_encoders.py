"""The encoders compared: `python eval/bench_encoders.py [--corpus DIR]`, run by
`make bench-encoders`.

Embeds the texts an ingest of the corpus folder would embed (by default the evaluation
record, RAG_DATA_DIR/eval/corpus, if `rag eval` has built it: the corpus plus Newham's three
reports) with PyTorch, ONNX fp32 and ONNX int8; prints texts a second, the cosine of each
encoder's vectors to PyTorch's, and the national ingest's time extrapolated from
eval/results/bench-national.json; writes eval/results/bench-encoders.md.
"""

import argparse
import json
import sys
from pathlib import Path

from rag.evaluation.encoders import compare_encoders, ingest_texts, render
from rag.settings import get_settings

HERE = Path(__file__).resolve().parent


def main() -> int:
    settings = get_settings()
    record = settings.data_dir / "eval" / "corpus"
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=record if record.is_dir() else None)
    parser.add_argument("--out", type=Path, default=HERE / "results" / "bench-encoders.md")
    args = parser.parse_args()
    texts = ingest_texts(args.corpus or settings.corpus_dir)
    results = compare_encoders(settings, texts)
    national_file = HERE / "results" / "bench-national.json"
    national = None
    if national_file.is_file():
        national = json.loads(national_file.read_text(encoding="utf-8")).get("national")
    table = render(results, national)
    print(table)
    args.out.write_text(f"# Encoders compared (`make bench-encoders`)\n\n{table}\n", "utf-8")
    print(f"saved {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
