"""Suggested follow-up questions under an answer: the same question at the council's next (or
previous) inspection or visit, or asked of another speaker whose documents cover the visits
the answer quotes. Each is a follow-up the conversation rules read ("And at the July 2022
inspection?", "What about the council?"), and each is offered only if the record answers
it: it is asked before it is shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from rag.pipeline import Pipeline
from rag.records import Answer, DocumentMeta

MAX_SUGGESTIONS = 3
_OTHER_SPEAKER = {
    "ofsted": "What about Ofsted?",
    "council": "What about the council?",
    "press": "What about the press?",
}


def suggested_follow_ups(pipeline: Pipeline, answer: Answer, history: Sequence[str]) -> list[str]:
    """Up to MAX_SUGGESTIONS follow-ups to an answer that the record answers (none for a
    refusal). `history` is the questions asked before the answered one."""
    if answer.refused or not answer.citations:
        return []
    metas = [d.meta for d in pipeline.index.documents.values()]
    asked = [*history, answer.question]
    found = []
    for candidate in _candidates(answer, metas):
        reply = pipeline.ask(candidate, answer.filters, history=asked)
        if not reply.refused and reply.citations:
            found.append(candidate)
        if len(found) == MAX_SUGGESTIONS:
            break
    return found


def _candidates(answer: Answer, metas: Sequence[DocumentMeta]) -> list[str]:
    """The follow-ups worth trying, best first: another visit, then another speaker."""
    cited = [c.meta for c in answer.citations]
    councils = {m.authority for m in cited if m.authority}
    cited_events = {m.event for m in cited}
    # An inspection after an inspection (a grade or a list of improvements comes from one);
    # after a visit, any inspection or visit.
    inspections = any(_kind(e) == "inspection" for e in cited_events)
    ours = [m for m in metas if not councils or m.authority in councils]
    events = _events_in_order(
        [m for m in ours if not inspections or _kind(m.event) == "inspection"]
    )
    out = []
    latest = max((events.index(e) for e in cited_events if e in events), default=None)
    earliest = min((events.index(e) for e in cited_events if e in events), default=None)
    if latest is not None and latest + 1 < len(events):
        out.append(f"And at the {events[latest + 1]}?")
    if earliest is not None and earliest > 0:
        out.append(f"And at the {events[earliest - 1]}?")
    speakers = {m.source_type for m in cited}
    covering = {m.source_type for m in metas if m.event in cited_events} - speakers
    out += [_OTHER_SPEAKER[s] for s in ("ofsted", "council", "press") if s in covering]
    return out


def _kind(event: str) -> str:
    """ "February 2019 inspection" -> "inspection"; "March 2020 monitoring visit" -> "visit"."""
    return "inspection" if event.endswith("inspection") else "visit"


def _events_in_order(metas: Sequence[DocumentMeta]) -> list[str]:
    first: dict[str, dt.date] = {}
    for meta in metas:
        first[meta.event] = min(first.get(meta.event, meta.date), meta.date)
    return sorted(first, key=lambda e: (first[e], e))
