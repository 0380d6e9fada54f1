"""Check that the improvement list of every report PDF under RAG_REPORTS_DIR is found.

Each file is read as `rag add` reads it (`rag.ingest.load.load_source`), chunked as the
index chunks it, and its list of what needs to improve is looked for as the answers look for
it (`rag.answer.improve.section_evidence`). Prints each report whose list is not found (an
outstanding report may have none) and a summary: reports with a list, without one, and
files that do not load (`eval/check_ingest.py` says why). No embedding is computed.

    python eval/check_lists.py [FOLDER]
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from rag.answer.improve import section_evidence
from rag.errors import CorpusError
from rag.ingest.chunk import chunk_document
from rag.ingest.load import load_source
from rag.records import Document, DocumentMeta
from rag.search.metadata import parse_meta
from rag.settings import Settings


def has_list(path: Path) -> bool:
    """Whether the report's improvement list is found (CorpusError if it does not load)."""
    loaded = load_source(path)
    meta: DocumentMeta = parse_meta(loaded.values, path.name)
    chunks = chunk_document(Document(path.stem, meta, loaded.body, "digest"), "check")
    return section_evidence(chunks, "improve") is not None


def main(argv: list[str]) -> int:
    """Check every PDF under the folder (default RAG_REPORTS_DIR); 0 when it ran."""
    root = Path(argv[0]) if argv else Settings().reports_dir
    if not root.is_dir():
        print(f"No folder of reports at {root}: set RAG_REPORTS_DIR.", file=sys.stderr)
        return 2
    counts: Counter[str] = Counter()
    for path in sorted(root.glob("*/*.pdf")):
        try:
            found = has_list(path)
        except CorpusError:
            counts["not loaded"] += 1
            continue
        counts["list found" if found else "no list found"] += 1
        if not found:
            print(f"no list found: {path.relative_to(root).as_posix()}")
    print(", ".join(f"{name}: {n}" for name, n in sorted(counts.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
