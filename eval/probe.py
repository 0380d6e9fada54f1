"""Probe the answers on councils outside the evaluation set, with questions made from each
report's own structure rather than written by hand.

For every inspection report of every third council not in `eval/reports/councils.yaml` (31
councils, about 80 reports; Newham is left out too), the assistant is asked, in several
wordings each, for what every report states in a known place: the list of what needs to
improve, the lead inspector, the inspection dates, the overall judgement and each judged
area's grade; also for a report by the year it was published (where the inspection was the
year before), for the council's latest overall judgement, not named by year, and for how its
overall judgement changed from its first report to its latest. What is right is read from
the report by the parser (`section_evidence`, the front page, the
judgement table), so a probe checks the answer stage (reading the question, scoping it to
the council and the inspection, routing, selection) against the document's structure on
records nobody wrote a question for. It does not check the parser itself
(`eval/check_lists.py` and `eval/check_ingest.py` do that).

A probe is right when the answer cites the report asked about and, for the list, its
quotations cover at least half the list's text; for the lead inspector, it names them;
for the dates, it gives the last day of the inspection with its month (in words or in
numbers); for the overall judgement, it gives the grade; for an area, its summary line gives
the area's grade; for a change, both reports are cited and both grades given in date order.
These are tuning data like the dev councils: their failures may be read (`--failures`) and
lead to general rules. The record is built once, in RAG_DATA_DIR/probe (several minutes the
first time); the table of a run of every probe is also written to eval/results/probe.md.

    python eval/probe.py [--failures] [--kind list] [--save FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import yaml

from rag.answer.improve import section_evidence
from rag.evaluation.sets import build_council_record
from rag.pipeline import Pipeline
from rag.records import OVERALL, Answer, DocumentMeta
from rag.settings import get_settings
from rag.text.grades import is_report

HERE = Path(__file__).resolve().parent
LIST_COVERAGE = 0.5

# Each kind of probe in a few wordings: a member of staff's, a councillor's plain words.
WORDINGS: dict[str, tuple[str, ...]] = {
    "list": (
        "What did Ofsted say {council} needed to improve after the {year} inspection?",
        "What were the areas for improvement in the {year} inspection report on {council}?",
        "List the recommendations Ofsted made to {council} in {year}.",
        "What must {council} do better, according to the {year} Ofsted inspection?",
    ),
    "lead": (
        "Who was the lead inspector for the {year} inspection of {council}?",
        "Which inspector led Ofsted's {year} inspection of {council}?",
    ),
    "dates": (
        "When did the {year} inspection of {council} take place?",
        "On what dates were inspectors in {council} for the {year} inspection?",
    ),
    "overall": (
        "What was the overall effectiveness judgement for {council} in {year}?",
        "How did Ofsted rate {council} overall in {year}?",
        "What overall grade did {council} receive at its {year} inspection?",
    ),
    # each judged area other than the overall one, by the area's own name
    "area": (
        "What grade did {council} get for {area} at the {year} inspection?",
        "How was {area} judged in {council}'s {year} Ofsted report?",
    ),
    # a report by the year it was published, where that is not the year of the inspection
    "published": (
        "What overall judgement did the Ofsted report on {council} published in {published} give?",
        "Who led the inspection of {council} whose report came out in {published}?",
    ),
    # the overall judgement of two inspections of one council, oldest and newest
    "change": (
        "How did {council}'s overall effectiveness grade change between {year} and {later}?",
        "Did {council} get a better or worse overall rating from Ofsted in {later} than in {year}?",
    ),
    # the council's latest report, not named by year
    "latest": (
        "What was {council}'s overall judgement at its most recent Ofsted inspection?",
        "How was {council} rated overall when Ofsted last inspected its children's services?",
    ),
}


@dataclass(frozen=True)
class Probe:
    """One question made from a report, and what a right answer holds."""

    kind: str
    council: str
    doc_ids: tuple[str, ...]  # the report asked about (a change: the first and the latest)
    question: str
    # what the answer must say: one of these (dates, in words or numbers), both in this
    # order (a change), or the one given; for a list, nothing but its span in the report
    expected: tuple[str, ...]
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class Outcome:
    """A probe and how it was answered."""

    probe: Probe
    right: bool
    cited_report: bool
    answer: str


def probe_councils(reports_dir: Path, third: int = 0) -> list[str]:
    """Every third council folder (sorted) that the evaluation set does not hold, from the
    `third`-th on: 0 is the tuning probes' councils, 1 and 2 are councils they never saw.

    The thirds were drawn before the fourth and fifth batches of councils joined the set
    (`added_fourth`, `added_fifth`), and stay as drawn: those councils are still probed where
    they were."""
    listed = yaml.safe_load((HERE / "reports" / "councils.yaml").read_text(encoding="utf-8"))
    later = {*listed.get("added_fourth", []), *listed.get("added_fifth", [])}
    taken = (set(listed["councils"]) - later) | {"newham"}
    folders = sorted(p.name for p in reports_dir.iterdir() if p.is_dir())
    return [name for name in folders if name not in taken][third::3]


def probes(pipeline: Pipeline) -> Iterator[Probe]:
    """The probes of every inspection report in the record whose council had one
    inspection that year (so that "the 2017 inspection" names one report)."""
    index = pipeline.index
    metas = {d.doc_id: d.meta for d in index.documents.values()}
    reports = {
        d: m for d, m in metas.items() if is_report(m) and m.authority and m.inspection_start
    }
    per_year: dict[tuple[str, int], list[str]] = defaultdict(list)
    for doc_id, meta in reports.items():
        assert meta.authority and meta.inspection_start
        per_year[(meta.authority, meta.inspection_start.year)].append(doc_id)
    published = Counter((m.authority, m.date.year) for m in reports.values())
    for (council, year), found in sorted(per_year.items()):
        if len(found) != 1:
            continue
        doc_id = found[0]
        meta = reports[doc_id]
        yield from _report_probes(pipeline, doc_id, meta, council, year)
        if meta.date.year != year and published[(council, meta.date.year)] == 1:
            yield from _published_probes(doc_id, meta, council)
    graded: dict[str, list[str]] = defaultdict(list)
    for doc_id, meta in reports.items():
        if meta.overall and meta.authority:
            graded[meta.authority].append(doc_id)
    for council, found in sorted(graded.items()):
        in_order = sorted(found, key=lambda d: reports[d].inspection_start or reports[d].date)
        first, latest = in_order[0], in_order[-1]
        for wording in WORDINGS["latest"]:
            overall = reports[latest].overall or ""
            question = wording.format(council=council)
            yield Probe("latest", council, (latest,), question, (overall,))
        years = [(reports[d].inspection_start or reports[d].date).year for d in (first, latest)]
        if years[0] == years[1] or any(len(per_year[(council, y)]) != 1 for y in years):
            continue  # "the 2017 inspection" must name one report
        grades = (reports[first].overall or "", reports[latest].overall or "")
        for wording in WORDINGS["change"]:
            question = wording.format(council=council, year=years[0], later=years[1])
            yield Probe("change", council, (first, latest), question, grades)


def _published_probes(doc_id: str, meta: DocumentMeta, council: str) -> Iterator[Probe]:
    overall, lead = WORDINGS["published"]
    year = meta.date.year
    if meta.overall:
        question = overall.format(council=council, published=year)
        yield Probe("published", council, (doc_id,), question, (meta.overall,))
    if meta.lead_inspector:
        question = lead.format(council=council, published=year)
        yield Probe("published", council, (doc_id,), question, (_surname(meta.lead_inspector),))


def _report_probes(
    pipeline: Pipeline, doc_id: str, meta: DocumentMeta, council: str, year: int
) -> Iterator[Probe]:
    expected: dict[str, tuple[tuple[str, ...], int, int]] = {}
    listed = section_evidence(pipeline.index.snapshot.document_chunks(doc_id), "improve")
    if listed is not None:
        expected["list"] = ((), listed.start, listed.end)
    if meta.lead_inspector:
        expected["lead"] = ((_surname(meta.lead_inspector),), 0, 0)
    if meta.inspection_end:
        last = meta.inspection_end  # "25 June", or "25/06" where the front page has numbers;
        # "04 May" and "04/05" count too (judge)
        expected["dates"] = ((f"{last.day} {last:%B}", f"{last.day}/{last.month:02d}"), 0, 0)
    if meta.overall:
        expected["overall"] = ((meta.overall,), 0, 0)
    for kind, (values, start, end) in expected.items():
        for wording in WORDINGS[kind]:
            question = wording.format(council=council, year=year)
            yield Probe(kind, council, (doc_id,), question, values, start, end)
    for label, grade in meta.judgements:
        if label == OVERALL:
            continue
        area = label[4:] if label.startswith("The ") else label
        for wording in WORDINGS["area"]:
            question = wording.format(council=council, year=year, area=area.lower())
            yield Probe("area", council, (doc_id,), question, (f"{area}: {grade}",))


def _surname(name: str) -> str:
    """The lead inspector's surname ("Jane Smith HMI" -> "Smith")."""
    words = [w for w in re.split(r"\s+", name.strip()) if w and w.upper() not in ("HMI", "HM")]
    return words[-1] if words else name


def judge(probe: Probe, answer: Answer) -> Outcome:
    """Whether the answer holds what the report says, from that report."""
    cites = set(probe.doc_ids) <= {c.doc_id for c in answer.citations}
    text = answer.text.lower()
    expected = [e.lower() for e in probe.expected]
    if probe.kind == "list":
        mine = [c for c in answer.citations if c.doc_id in probe.doc_ids]
        covered = sum(max(0, min(c.end, probe.end) - max(c.start, probe.start)) for c in mine)
        right = covered >= LIST_COVERAGE * (probe.end - probe.start)
    elif probe.kind == "change":  # each grade given, in date order
        at = text.find(expected[0])
        right = cites and at >= 0 and text.find(expected[1], at) >= 0
    elif probe.kind == "dates":  # in words or in numbers, the day with a leading 0 or not
        right = cites and any(re.search(rf"\b0?{re.escape(d)}\b", text) for d in expected)
    else:
        right = cites and expected[0] in text
    return Outcome(probe, right, cites, answer.text)


def main(argv: list[str]) -> int:
    """Build the probe record if needed, ask every probe, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kind", choices=sorted(WORDINGS), help="only probes of this kind")
    parser.add_argument("--failures", action="store_true", help="print each wrong answer")
    parser.add_argument("--save", type=Path, help="write every outcome to this JSON-lines file")
    parser.add_argument(
        "--third",
        type=int,
        choices=(0, 1, 2),
        default=0,
        help="which third of the other councils: 0 (default) the tuning probes', 1 or 2 others",
    )
    args = parser.parse_args(argv)
    settings = get_settings()
    if not settings.reports_dir.is_dir():
        print(
            f"No folder of reports at {settings.reports_dir}: set RAG_REPORTS_DIR.", file=sys.stderr
        )
        return 2
    councils = probe_councils(settings.reports_dir, args.third)
    name = "probe" if args.third == 0 else f"probe-{args.third}"
    record_settings = settings.model_copy(update={"data_dir": settings.data_dir / name})
    pipeline, _ = build_council_record(record_settings, councils)
    outcomes = []
    for probe in probes(pipeline):
        if args.kind and probe.kind != args.kind:
            continue
        outcome = judge(probe, pipeline.ask(probe.question))
        outcomes.append(outcome)
        if args.failures and not outcome.right:
            print(f"--- [{probe.kind}] {probe.question}")
            print(f"  expected: {probe.expected or probe.doc_ids}")
            print("  " + outcome.answer[:700].replace("\n", " "))
    by_kind: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        by_kind[outcome.probe.kind].append(outcome)
    reports = len({d for o in outcomes for d in o.probe.doc_ids})
    lines = [f"{len(councils)} councils, {reports} reports\n"]
    lines += ["| probe | asked | right | cites the report |", "| --- | --- | --- | --- |"]
    for kind, found in sorted(by_kind.items()):
        right = sum(o.right for o in found) / len(found)
        cited = sum(o.cited_report for o in found) / len(found)
        lines.append(f"| {kind} | {len(found)} | {right:.3f} | {cited:.3f} |")
    table = "\n".join(lines)
    print(table)
    if not args.kind:  # the committed table is of every probe
        command = "python eval/probe.py" + (f" --third {args.third}" if args.third else "")
        results = HERE / "results" / f"{name}.md"
        results.write_text(f"# Structure probes (`{command}`)\n\n{table}\n", "utf-8")
    if args.save:
        with args.save.open("w", encoding="utf-8") as out:
            for outcome in outcomes:
                row = asdict(outcome.probe) | {"right": outcome.right, "answer": outcome.answer}
                out.write(json.dumps(row) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
