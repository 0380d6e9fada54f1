"""Check that every report PDF under RAG_REPORTS_DIR loads as `rag add` reads it.

Each file is loaded with `rag.ingest.load.load_source` and its metadata validated as `rag add` would
(title, date, publisher, source_type and event, with no options given). Prints one row per
file: loaded or failed (with the reason), and for a loaded file the report fields it lacks
and any implausible value (inspection start after its end, or after publication; no
judgements for an ILACS or SIF report). A summary follows. Exits 1 if any file fails.

    python eval/check_ingest.py [FOLDER]
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from rag.errors import CorpusError
from rag.ingest.load import load_source
from rag.search.metadata import parse_meta
from rag.settings import Settings
from rag.text.names import load_authorities

REQUIRED = ("title", "date", "publisher", "source_type", "event")  # what `rag add` needs
FIELDS = (
    "authority",
    "inspection_start",
    "inspection_end",
    "lead_inspector",
    "framework",
    "judgements",
)


_PERSON = re.compile(r"^[A-Z][\w'’-]+(?: [A-Z][\w'’.-]*)+$")


def implausible(path: Path, values: dict[str, Any]) -> list[str]:
    """What is wrong with a loaded report's values, in words (empty when all is plausible)."""
    start, end, published = (values.get(k) for k in ("inspection_start", "inspection_end", "date"))
    found = []
    if start and end and start > end:
        found.append("inspection starts after it ends")
    if (end or start) and published and (end or start) > published:
        found.append("inspection ends after publication")
    if values.get("framework") in ("ILACS", "SIF") and not values.get("judgements"):
        found.append(f"no judgements in a {values['framework']} report")
    if values.get("lead_inspector") and not _PERSON.match(values["lead_inspector"]):
        found.append("lead inspector is not a name")
    if values.get("authority") and _words(path.parent.name) not in _names(values["authority"]):
        found.append(f"council {values['authority']} is not its folder's")
    return found


def _words(name: str) -> frozenset[str]:
    return frozenset(re.findall(r"[a-z]+", name.lower())) - {"of", "the", "and"}


def _names(council: str) -> list[frozenset[str]]:
    """Each name of a council (its gazetteer row) as a set of words."""
    row = next((r for r in load_authorities() if r[0] == council), (council,))
    return [_words(name) for name in row]


def check(path: Path) -> tuple[str | None, list[str], list[str], dict[str, Any]]:
    """(why the file fails or None, report fields it lacks, implausible values, values)."""
    try:
        loaded = load_source(path)
    except CorpusError as exc:
        return str(exc).removeprefix(f"{path}: "), [], [], {}
    values = loaded.values
    lacking = [key for key in REQUIRED if not values.get(key)]
    if lacking:
        return f"`rag add` would ask for {', '.join(lacking)}", [], [], values
    try:
        parse_meta(dict(values), str(path))
    except CorpusError as exc:
        return str(exc).removeprefix(f"{path}: "), [], [], values
    lacks = [key for key in FIELDS if not values.get(key)]
    return None, lacks, implausible(path, values), values


def main(argv: list[str]) -> int:
    """Check every PDF under the folder given (default RAG_REPORTS_DIR); print the table."""
    folder = Path(argv[0]) if argv else Settings().reports_dir
    paths = sorted(folder.rglob("*.pdf"))
    if not paths:
        print(f"No PDFs under {folder}.")
        return 1
    failed, missing, odd, kinds = [], Counter[str](), Counter[str](), Counter[str]()
    for path in paths:
        reason, lacks, problems, values = check(path)
        name = str(path.relative_to(folder))
        if reason:
            failed.append(name)
            print(f"FAILED  {name}: {reason}")
            continue
        missing.update(lacks)
        odd.update(problems)
        kinds[f"{values.get('framework')} with {len(values.get('judgements', {}))} judgements"] += 1
        if str(values["event"]).startswith("inspection published"):
            kinds["event named from the publication date"] += 1
        notes = [f"lacks {', '.join(lacks)}"] * bool(lacks) + problems
        print(f"loaded  {name}{': ' + '; '.join(notes) if notes else ''}")
    print(f"\n{len(paths)} files: {len(paths) - len(failed)} loaded, {len(failed)} failed")
    for key in FIELDS:
        print(f"  missing {key}: {missing[key]}")
    print(f"  implausible values: {sum(odd.values())}")
    for problem, count in sorted(odd.items()):
        print(f"    {problem}: {count}")
    for kind, count in sorted(kinds.items()):
        print(f"  {kind}: {count}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
