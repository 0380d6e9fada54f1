"""The terminal progress bar for the stages of building a record (adding files, embedding
texts), shown by the command line and the benchmarks; its callback is what `add_sources` and
`ingest` take as `progress`."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Never


def progress_bar(unit: str = "texts") -> Callable[[str, int], None]:
    """A progress callback that draws one bar per stage on standard error (tqdm)."""
    from tqdm import tqdm

    bars: dict[str, tqdm[Never]] = {}

    def update(stage: str, n: int) -> None:
        if stage not in bars:
            bars[stage] = tqdm(
                desc=stage, unit=f" {unit}", file=sys.stderr, leave=False, mininterval=1.0
            )
        bars[stage].update(n)

    return update
