"""The command line: `rag ingest`, `ask`, `eval`, `add`, `remove`, `list`, `grades`
(also as `python -m rag ...`)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import unicodedata
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from rag.errors import RagError
from rag.ingest.progress import progress_bar
from rag.records import MAX_K, SOURCE_TYPES, Answer, Filters

if TYPE_CHECKING:
    from rag.evaluation.evaluate import EvalQuestion, QuestionResult
    from rag.pipeline import Pipeline
    from rag.settings import Settings

Handler = Callable[[argparse.Namespace], int]
_META_OPTIONS = (
    "title",
    "date",
    "date_precision",
    "publisher",
    "source_type",
    "event",
    "kind",
    "authority",
    "url",
)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; errors a user can fix are printed plainly with a non-zero exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except RagError as exc:
        print(terminal_text(f"error: {exc}"), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rag", description="Ask the council's Ofsted inspection record; answers quote it."
    )
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    ingest = commands.add_parser("ingest", help="build or update the index from the corpus")
    ingest.add_argument(
        "--allow-empty",
        action="store_true",
        help="let an empty corpus folder remove every document from the index",
    )
    ingest.set_defaults(handler=_cmd_ingest)

    ask = commands.add_parser("ask", help="answer a question with cited passages")
    ask.add_argument("question", help="the question, or - to read one question per line")
    ask.add_argument("--json", action="store_true", help="print one JSON object per question")
    _add_filter_options(ask)
    ask.set_defaults(handler=_cmd_ask)

    chat = commands.add_parser(
        "chat", help="a conversation: each line a question, follow-ups read with the ones before"
    )
    chat.add_argument("--json", action="store_true", help="print one JSON object per answer")
    _add_filter_options(chat)
    chat.set_defaults(handler=_cmd_chat)

    evaluate = commands.add_parser("eval", help="run the evaluation set and report metrics")
    _add_eval_options(evaluate)
    evaluate.set_defaults(handler=_cmd_eval)

    add = commands.add_parser(
        "add", help="add documents (PDF, HTML, DOCX, TXT/MD; files or folders) and index them"
    )
    add.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    _add_metadata_options(add)
    add.set_defaults(handler=_cmd_add)

    remove = commands.add_parser("remove", help="take a document out of the corpus and index")
    remove.add_argument("doc_id", metavar="DOC_ID")
    remove.set_defaults(handler=_cmd_remove)

    listing = commands.add_parser("list", help="list the record's documents")
    listing.set_defaults(handler=_cmd_list)

    grades = commands.add_parser("grades", help="Ofsted's judgements per council, by date")
    grades.add_argument("authority", nargs="?", metavar="AUTHORITY", help="one council only")
    grades.set_defaults(handler=_cmd_grades)

    tracker = commands.add_parser(
        "recommendations",
        help="what each Ofsted report asked the council to improve, and what later documents said",
    )
    tracker.add_argument("authority", nargs="?", metavar="AUTHORITY", help="one council only")
    tracker.add_argument("--json", action="store_true", help="print JSON")
    tracker.add_argument(
        "--markdown", type=Path, metavar="FILE", help="also write a committee paper in Markdown"
    )
    tracker.add_argument(
        "--docx", type=Path, metavar="FILE", help="also write a committee paper in Word"
    )
    tracker.set_defaults(handler=_cmd_recommendations)
    return parser


def _add_eval_options(evaluate: argparse.ArgumentParser) -> None:
    evaluate.add_argument(
        "--compare",
        action="store_true",
        help="also run dense only, BM25 only and the naive tutorial recipe",
    )
    evaluate.add_argument("--json", action="store_true", help="print the summary as JSON")
    evaluate.add_argument(
        "--followups",
        action="store_true",
        help="run the follow-up conversations (eval/followups.jsonl) instead: key-fact "
        "recall of each last turn asked as a follow-up and of its standalone question",
    )
    evaluate.add_argument(
        "--rewordings",
        action="store_true",
        help="also ask each Newham question in its two other wordings (eval/rewordings.jsonl) "
        "and report consistency",
    )
    evaluate.add_argument(
        "--set",
        choices=("newham", "councils", "tracker"),
        default="newham",
        help="the Newham set (eval/questions.jsonl), the cross-council set (eval/reports/) or "
        "the recommendations tracker's rows (eval/tracker/)",
    )
    evaluate.add_argument(
        "--split",
        choices=("all", "train", "test", "dev", "heldout"),
        default=None,
        help="show one split (default: all three of the set)",
    )
    evaluate.add_argument("--save", metavar="NAME", help="write eval/results/NAME/")
    evaluate.add_argument("--questions", type=Path, help="evaluation set (JSON lines)")
    evaluate.add_argument(
        "--gate", action="store_true", help="exit 1 if a metric falls below eval/thresholds.json"
    )
    evaluate.add_argument(
        "--set-thresholds",
        action="store_true",
        help="write eval/thresholds.json just below this run's figures",
    )
    evaluate.add_argument(
        "--calibrate",
        action="store_true",
        help="learn the answer weights and set the thresholds on the tuning splits first "
        "(Newham train, dev councils), write them to RAG_DATA_DIR/calibration.json and "
        "evaluate with them",
    )


def _add_filter_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--source-type",
        action="append",
        choices=SOURCE_TYPES,
        default=[],
        help="only documents from this speaker (repeatable)",
    )
    parser.add_argument("--event", action="append", default=[], help="only this event (repeatable)")
    parser.add_argument("--doc", action="append", default=[], help="only this document id")
    parser.add_argument(
        "--since", type=_iso_date, help="only documents dated on or after (YYYY-MM-DD)"
    )
    parser.add_argument("--until", type=_iso_date, help="only documents dated on or before")
    parser.add_argument(
        "--k", type=_passage_count, default=None, help="passages to retrieve (default RAG_TOP_K)"
    )


def _add_metadata_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--title", help="title (default: the document's own)")
    parser.add_argument("--date", type=_iso_date, help="publication date, YYYY-MM-DD")
    parser.add_argument("--date-note", help="why this date, when the text does not give it")
    parser.add_argument("--date-precision", choices=("day", "month", "year"))
    parser.add_argument("--publisher")
    parser.add_argument("--source-type", choices=SOURCE_TYPES)
    parser.add_argument("--event", help='e.g. "March 2020 monitoring visit"')
    parser.add_argument("--kind", help='e.g. "monitoring visit letter", "news report"')
    parser.add_argument("--authority", help="the council the document concerns")
    parser.add_argument("--url")
    parser.add_argument("--no-index", action="store_true", help="write the corpus file only")


def _iso_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date in YYYY-MM-DD form") from exc


def _passage_count(value: str) -> int:
    try:
        k = int(value)
    except ValueError:
        k = 0
    if not 1 <= k <= MAX_K:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number from 1 to {MAX_K}")
    return k


def _cmd_ingest(args: argparse.Namespace) -> int:
    from rag.pipeline import run_ingest
    from rag.settings import get_settings

    report = run_ingest(get_settings(), progress=progress_bar(), allow_empty=args.allow_empty)
    print(report.summary())
    return 1 if report.problems else 0


def _cmd_add(args: argparse.Namespace) -> int:
    from rag.ingest.add import add_sources
    from rag.pipeline import run_ingest
    from rag.settings import get_settings

    settings = get_settings()
    given = {key: getattr(args, key) for key in _META_OPTIONS}
    report = add_sources(
        args.paths, settings.corpus_dir, given, args.date_note, progress_bar("files")
    )
    for path in report.written:
        print(f"{'replaced' if path in report.replaced else 'added'} {path}")
    for problem in report.problems:
        print(terminal_text(f"error: {problem}"), file=sys.stderr)
    if report.written and not args.no_index:
        print(run_ingest(settings, progress=progress_bar()).summary())
    if not report.written and not report.problems:
        print("no files to add", file=sys.stderr)
    return 1 if report.problems or not report.written else 0


def _cmd_remove(args: argparse.Namespace) -> int:
    from rag.ingest.add import remove_document
    from rag.pipeline import run_ingest
    from rag.settings import get_settings

    settings = get_settings()
    print(f"removed {remove_document(args.doc_id, settings.corpus_dir)}")
    # The user named the document: removing the last one empties the index on purpose.
    print(run_ingest(settings, allow_empty=True).summary())
    return 0


def _cmd_list(args: argparse.Namespace) -> int:
    from rag.app.listing import record_listing
    from rag.settings import get_settings

    print(terminal_text(record_listing(get_settings())))
    return 0


def _cmd_grades(args: argparse.Namespace) -> int:
    from rag.search.store import open_store
    from rag.settings import get_settings
    from rag.text.grades import grade_table

    documents = open_store(get_settings()).indexed_documents()
    table = grade_table(((d.doc_id, d.meta) for d in documents.values()), args.authority)
    print(terminal_text(table))
    return 0


def _cmd_recommendations(args: argparse.Namespace) -> int:
    from rag.answer.tracker import track, tracked_json
    from rag.app.recommendations import committee_docx, committee_markdown, terminal_table
    from rag.pipeline import get_pipeline

    pipeline = get_pipeline()
    pipeline.index.refresh()
    documents = track(pipeline.index, pipeline.weights.lexical, args.authority)
    metas = {doc_id: d.meta for doc_id, d in pipeline.index.documents.items()}
    if args.authority and not documents:
        known = sorted({m.authority for m in metas.values() if m.authority})
        raise RagError(
            f"No Ofsted report or letter about {args.authority!r} with a list of what to "
            f"improve; the record's councils are: {', '.join(known) or 'none'}."
        )
    title = f"Recommendations tracker: {args.authority or 'every council'}"
    if args.markdown:
        args.markdown.write_text(committee_markdown(documents, metas, title), encoding="utf-8")
    if args.docx:
        committee_docx(documents, metas, title, args.docx)
    if args.json:
        print(json.dumps(tracked_json(documents, metas), indent=2, ensure_ascii=False))
    else:
        print(terminal_text(terminal_table(documents, metas)))
    return 0


def _filters(args: argparse.Namespace) -> Filters:
    return Filters(
        source_types=tuple(args.source_type),
        events=tuple(args.event),
        since=args.since,
        until=args.until,
        doc_ids=tuple(args.doc),
    )


def _cmd_chat(args: argparse.Namespace) -> int:
    """A conversation on the terminal: each line a question, answered with the ones before
    it in mind ("And in 2022?"); `/new` starts a new conversation, `/quit` or end of input
    ends it."""
    from rag.pipeline import get_pipeline

    pipeline, filters = get_pipeline(), _filters(args)
    history: list[str] = []
    prompt = sys.stdin.isatty()
    print("Ask about the record; /new starts a new conversation, /quit ends.", file=sys.stderr)
    while True:
        if prompt:
            print("> ", end="", file=sys.stderr, flush=True)
        line = sys.stdin.readline()
        if not line or line.strip() == "/quit":
            return 0
        question = line.strip()
        if question == "/new":
            history = []
            print("(a new conversation)", file=sys.stderr)
            continue
        if not question:
            continue
        try:
            answer = pipeline.ask(question, filters, args.k, history)
        except RagError as exc:
            print(terminal_text(str(exc)), file=sys.stderr)
            continue
        history.append(question)
        _print_answer(answer, args.json, sys.stdout)


def _cmd_ask(args: argparse.Namespace) -> int:
    from rag.answer.chain import prepare_question
    from rag.pipeline import get_pipeline

    filters = _filters(args)
    if args.question != "-":
        prepare_question(args.question)  # fail fast, before loading the model
        answer = get_pipeline().ask(args.question, filters, args.k)
        _print_answer(answer, args.json, sys.stdout)
        return 0
    pipeline = get_pipeline()
    status = 0
    for raw in sys.stdin.buffer:
        # Each line is decoded on its own: one line that is not UTF-8 gets an error object
        # and the lines after it are still answered.
        line = raw.decode("utf-8", errors="surrogateescape").rstrip("\r\n")
        try:
            answer = pipeline.ask(line, filters, args.k)
        except RagError as exc:
            status = max(status, exc.exit_code)
            shown = line.encode("utf-8", errors="surrogateescape").decode(errors="replace")
            print(json.dumps({"question": shown, "error": str(exc)}), flush=True)
            continue
        _print_answer(answer, args.json, sys.stdout)
    return status


def _cmd_eval(args: argparse.Namespace) -> int:
    from rag.evaluation.evaluate import (
        consistency,
        load_rewordings,
        originals,
        run_systems,
        summarize,
    )
    from rag.evaluation.sets import comparison_systems
    from rag.ingest.corpus import load_corpus
    from rag.settings import get_settings

    settings = get_settings()
    if args.followups:
        return _followups(settings)
    if args.set == "tracker":
        return _tracker_eval(settings)
    if args.calibrate:  # then evaluate with what it learned
        settings = settings.model_copy(update={"calibration": _calibrate(settings)})
    pipeline, questions, all_splits = _evaluation_set(args, settings)
    splits = [args.split] if args.split else list(all_splits)
    if not set(splits) <= set(all_splits):
        raise RagError(f"The {args.set} set has the splits {', '.join(all_splits)}.")
    documents, _ = load_corpus(pipeline.settings.corpus_dir)
    texts = {d.doc_id: d.text for d in documents}
    if args.rewordings:
        questions += load_rewordings(settings.eval_dir / "rewordings.jsonl", questions)
    systems = comparison_systems(pipeline, documents, compare=args.compare)
    everything = run_systems(systems, questions, texts, progress_bar("questions"))
    results = originals(everything)
    summary = summarize(results, all_splits)
    if args.rewordings:
        for system in systems:
            agreed = consistency(everything, system.name)
            shown = "-" if agreed is None else f"{agreed:.3f}"
            print(f"{system.name}: consistency across rewordings: {shown}", file=sys.stderr)
    _show_evaluation(args, settings, summary, results, splits, all_splits)
    if args.set == "councils":
        return _council_gate(args, settings, results)
    return _newham_gate(args, settings, summary)


def _tracker_eval(settings: Settings) -> int:
    """Score the tracker's rows: Newham's on the Newham record, the others on the record of
    the cross-council evaluation (which needs the shared reports)."""
    from rag.evaluation.sets import build_eval_record, council_set
    from rag.evaluation.tracker import (
        load_tracker_rows,
        score_rows,
        summarize_tracker,
        tracker_table,
    )

    rows = load_tracker_rows(settings.eval_dir / "tracker")
    newham = [r for r in rows if r.council == "newham"]
    others = [r for r in rows if r.council != "newham"]
    bar = progress_bar("rows")
    step = partial(bar, "tracker")
    results = score_rows(build_eval_record(settings), newham, step)
    if others:
        results += score_rows(council_set(settings)[0], others, step)
    print(tracker_table(summarize_tracker(results)))
    return 0


def _evaluation_set(
    args: argparse.Namespace, settings: Settings
) -> tuple[Pipeline, list[EvalQuestion], tuple[str, ...]]:
    """The record, questions and splits of the set asked for."""
    from rag.evaluation.evaluate import SPLITS, load_questions
    from rag.evaluation.sets import build_eval_record, council_set

    if args.set == "councils":
        return council_set(settings)
    questions = load_questions(args.questions or settings.eval_dir / "questions.jsonl")
    return build_eval_record(settings), questions, SPLITS


def _show_evaluation(
    args: argparse.Namespace,
    settings: Settings,
    summary: dict[str, dict[str, dict[str, Any]]],
    results: Sequence[QuestionResult],
    splits: Sequence[str],
    all_splits: Sequence[str],
) -> None:
    from rag.evaluation.report import render_table, write_results

    if args.json:
        print(json.dumps({s: {k: summary[s][k] for k in splits} for s in summary}, indent=2))
    else:
        print(render_table(summary, splits))
    if args.save:
        folder = settings.eval_dir / "results" / args.save
        write_results(folder, summary, results, list(all_splits))
        print(f"wrote {folder}", file=sys.stderr)


def _newham_gate(
    args: argparse.Namespace, settings: Settings, summary: dict[str, dict[str, dict[str, Any]]]
) -> int:
    """--set-thresholds and --gate on the Newham set: every figure above its threshold."""
    from rag.evaluation.evaluate import gate_failures, gate_values, thresholds_from

    path = settings.eval_dir / "thresholds.json"
    values = gate_values(summary["ours"]["all"])
    if args.set_thresholds:
        path.write_text(json.dumps(thresholds_from(values), indent=2) + "\n")
        print(f"wrote {path}", file=sys.stderr)
    if not args.gate:
        return 0
    return _report_gate("below threshold", gate_failures(values, _read_json(path)))


def _council_gate(
    args: argparse.Namespace, settings: Settings, results: Sequence[QuestionResult]
) -> int:
    """--set-thresholds and --gate on the held-out councils: no fall beyond the noise."""
    from rag.evaluation.evaluate import heldout_values, interval_gate_failures
    from rag.evaluation.metrics import mean

    path = settings.eval_dir / "thresholds-councils.json"
    values = heldout_values([r for r in results if r.system == "ours"])
    if args.set_thresholds:
        baseline = {name: round(mean(v) or 0.0, 4) for name, v in values.items()}
        path.write_text(json.dumps({"heldout": baseline}, indent=2) + "\n")
        print(f"wrote {path}", file=sys.stderr)
    if not args.gate:
        return 0
    return _report_gate("regressed", interval_gate_failures(values, _read_json(path)["heldout"]))


def _read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _report_gate(word: str, failures: list[str]) -> int:
    for failure in failures:
        print(f"{word}: {failure}", file=sys.stderr)
    return 1 if failures else 0


def _followups(settings: Settings) -> int:
    """Ask each conversation's last turn as a follow-up and its standalone question, on the
    record of its set (the councils' one only where the reports are), and print the table."""
    from rag.evaluation.followups import load_conversations, run_sets, summary_rows
    from rag.evaluation.report import format_table

    conversations = load_conversations(settings.eval_dir / "followups.jsonl")
    results = [result for _, result in run_sets(settings, conversations)]
    print(format_table(summary_rows(results)))
    return 0


def _calibrate(settings: Settings) -> Path:
    """Learn the weights and set the thresholds on the tuning splits of both sets (the
    Newham set's train split, the dev councils), and write them to RAG_DATA_DIR (never into
    the installed package); returns the file written."""
    from rag.evaluation.calibrate import TuningSet, calibrate, write_calibration
    from rag.evaluation.evaluate import load_questions
    from rag.evaluation.sets import build_eval_record, council_set
    from rag.ingest.corpus import load_corpus

    newham = build_eval_record(settings)
    councils, council_questions, _ = council_set(settings)
    sets = [
        TuningSet(p.index, q, {d.doc_id: d.text for d in load_corpus(p.settings.corpus_dir)[0]})
        for p, q in (
            (newham, load_questions(settings.eval_dir / "questions.jsonl")),
            (councils, council_questions),
        )
    ]
    found = calibrate(sets, newham.weights, settings.top_k, progress_bar("trials"))
    from rag.pipeline import CALIBRATION_FILE

    out = settings.data_dir / CALIBRATION_FILE
    write_calibration(out, found)
    print(
        f"calibrated on {found.questions} tuning questions ({found.sentences} sentences): "
        f"objective {found.objective:.3f} (key-fact recall {found.key_fact_recall:.3f}, "
        f"refusal F1 {found.refusal_f1:.3f})",
        file=sys.stderr,
    )
    print(
        f"wrote {out}: answer with it by setting RAG_CALIBRATION={out}; to ship it, copy it "
        "over rag/data/calibration.json",
        file=sys.stderr,
    )
    return out


def terminal_text(text: str) -> str:
    """Text safe to print on a terminal: control characters (an ANSI escape inside a
    document, say) are shown as `\\x1b`-style escapes instead of being obeyed."""
    return "".join(
        f"\\x{ord(ch):02x}" if ch not in "\n\t" and unicodedata.category(ch) == "Cc" else ch
        for ch in text
    )


def _print_answer(answer: Answer, as_json: bool, out: TextIO) -> None:
    for notice in answer.notices:
        print(terminal_text(f"note: {notice}"), file=sys.stderr)
    if as_json:
        print(json.dumps(answer.to_json(), ensure_ascii=False), file=out, flush=True)
        return
    print(terminal_text(_answer_text(answer)), file=out, flush=True)


def _answer_text(answer: Answer) -> str:
    lines = [answer.text]
    sources = answer.citations or answer.closest
    if sources:
        heading = "Sources" if answer.citations else "Closest passages (they do not answer it)"
        lines.append(f"\n{heading}:")
    for c in sources:
        where = f", paragraph {c.paragraph}" if c.paragraph is not None else ""
        lines.append(
            f"[{c.n}] {c.meta.title}: {c.meta.publisher}, {c.meta.display_date} "
            f"({c.meta.source_type}; {c.meta.event}){where}"
        )
        lines.append(f"    “{c.quote}”")
    return "\n".join(lines) + "\n"
