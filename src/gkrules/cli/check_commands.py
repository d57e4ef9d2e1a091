"""``gkrules check``, ``gkrules due`` and ``gkrules explain``: what an officer runs every morning.

``check RULES… --events LOG…`` evaluates the rules on the logs as of an instant and writes a
report (text, JSON, JSON Lines, CSV, Markdown or HTML); its exit status says whether anything
reached ``--fail-on``.  ``due`` lists the obligations still open, soonest deadline first.
``explain --rule ID --case KEY`` shows the full reasoning for one instance.

The pipeline is the API's: :func:`gkrules.api.load` (rules) →
:func:`~gkrules.engine.loading.load_events` (logs) → :meth:`~gkrules.api.RuleSet.check` →
:mod:`gkrules.reports`.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from gkrules.api import RuleSet, load
from gkrules.calendar.core import WorkdayCalendar
from gkrules.calendar.periods import Period
from gkrules.cli import EXIT_FINDINGS, EXIT_OK
from gkrules.cli.common import calendar_options, lang_of, make_calendar
from gkrules.diagnostics import Lang, closest
from gkrules.engine.evaluate import resolve_as_of
from gkrules.engine.events import EventLog
from gkrules.engine.loading import load_events
from gkrules.engine.report import EXPLANATIONS, Explanations, Report
from gkrules.engine.verdicts import Status, Verdict
from gkrules.errors import GkError, UsageError
from gkrules.reports import (
    DEFAULT_AT_RISK,
    RuleText,
    collect,
    csv_chunks,
    json_chunks,
    jsonl_lines,
    open_items,
    quote_rows,
    render_due_json,
    render_due_jsonl,
    render_due_text,
    render_explain_json,
    render_explain_text,
    render_html,
    render_markdown,
    render_text,
)
from gkrules.reports.common import as_of_words, key_words
from gkrules.reports.messages import usage_error

__all__ = ["check_command", "due_command", "explain_command"]

F = TypeVar("F", bound=Callable[..., Any])

#: Logs at least this large (about 100,000 rows of a typical export) get a progress bar on a
#: terminal; compressed files count five times their size.
PROGRESS_BYTES = 8 << 20
#: How many findings each human format lists unless ``--limit`` says otherwise.
DEFAULT_LIMITS = {"text": 100, "md": 1000, "html": 5000}
_STATUS_NAMES = ", ".join(status.value for status in Status)


# --- shared options ----------------------------------------------------------------------------


def _remember(ctx: click.Context, param: click.Parameter, value: object) -> None:
    """Keep a log-reading option in the context (read by :func:`_run`, not by each command)."""
    if param.name is not None:
        ctx.ensure_object(dict)[param.name] = value


def run_options(function: F) -> F:
    """RULES…, ``--events LOG`` (repeatable), ``--as-of``, ``--lenient``, ``--encoding``,
    ``--dedupe`` and the calendar options."""
    function = calendar_options(function)
    function = click.option(
        "--dedupe",
        type=click.Choice(["keep", "drop", "error"]),
        default="keep",
        show_default=True,
        expose_value=False,
        callback=_remember,
        help="Rows repeated exactly (all columns, same instant): keep them (reported), drop them "
        "(reported), or stop with an error.",
    )(function)
    function = click.option(
        "--columns",
        type=click.Choice(["all", "used"]),
        default="all",
        show_default=True,
        expose_value=False,
        callback=_remember,
        help="Read and check every column of the logs, or only the columns the rules use "
        "(time, event, case, unit and the attributes they name): faster on wide logs; problems "
        "in the other columns then go unnoticed.",
    )(function)
    function = click.option(
        "--encoding",
        metavar="NAME",
        default=None,
        expose_value=False,
        callback=_remember,
        help="The logs' text encoding (e.g. gb18030); default UTF-8 with or without BOM, GB18030 "
        "when detected with certainty.",
    )(function)
    function = click.option(
        "--lenient",
        is_flag=True,
        help="Set aside log rows that cannot be read (counted and listed) instead of stopping.",
    )(function)
    function = click.option(
        "--as-of",
        "as_of",
        metavar="T",
        help="Evaluate as of this date or date-time (no zone: Beijing time); default now.",
    )(function)
    function = click.option(
        "--events",
        "-e",
        "events",
        multiple=True,
        required=True,
        metavar="LOG",
        help="An event log (CSV or JSON Lines, optionally .gz); repeatable.",
    )(function)
    function = click.argument("rules", nargs=-1, required=True, metavar="RULES...")(function)
    return function


def output_option(function: F) -> F:
    return click.option(
        "--output",
        "-o",
        metavar="FILE",
        type=click.Path(dir_okay=False, writable=True, path_type=Path),
        help="Write the report to FILE instead of standard output.",
    )(function)


def colour_option(function: F) -> F:
    return click.option(
        "--color/--no-color",
        "colour",
        default=None,
        help="Colour the text output (default: only on a terminal, never with -o or NO_COLOR).",
    )(function)


def _use_colour(choice: bool | None, output: Path | None) -> bool:
    if choice is not None:
        return choice and output is None
    if output is not None or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def _as_of(value: str | None) -> dt.datetime:
    if value is None:
        return resolve_as_of(None)
    try:
        return resolve_as_of(value)
    except UsageError:
        raise usage_error("GK626", value=value) from None


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while a check runs and its report is written.

    A large log's report makes hundreds of thousands of small objects that live until it is
    written (verdicts, findings); each full collection walks every one of them again, and there
    were a dozen or more: at 10^6 rows the HTML report's findings took 8 s instead of 5.  A check
    makes few reference cycles, and the collector is back on (and runs) when the command ends.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _progress_wanted(events: Sequence[str]) -> bool:
    if not sys.stderr.isatty():
        return False
    total = 0
    for name in events:
        try:
            size = os.path.getsize(name)
        except OSError:
            continue
        total += size * 5 if name.lower().endswith(".gz") else size
    return total >= PROGRESS_BYTES


_PHASES = {
    "load": ("reading the logs", "读取日志"),
    "check": ("checking the rules", "检查规则"),
    "report": ("writing the report", "生成报告"),
}


@contextmanager
def _progress(enabled: bool, lang: Lang) -> Iterator[Callable[[str], None]]:
    """A bar on stderr moving through the phases (read, check, report); a no-op when disabled."""
    if not enabled:
        yield lambda phase: None
        return

    def show(item: str | None) -> str:
        return item or ""

    with click.progressbar(
        length=len(_PHASES),
        label="gkrules",
        file=sys.stderr,
        item_show_func=show,
        show_eta=False,
    ) as bar:
        started: list[str] = []

        def advance(phase: str) -> None:
            en, zh = _PHASES[phase]
            label = zh if lang == "zh" else en
            if started:
                bar.update(1, label)  # the previous phase is done; this one is under way
            else:
                bar.current_item = label
                bar.render_progress()
            started.append(phase)

        yield advance
        bar.update(1)


def _load_rules(rules: Sequence[str], calendar: WorkdayCalendar, lang: Lang) -> RuleSet:
    ruleset = load(list(rules), calendar=calendar)
    for warning in ruleset.warnings:
        click.echo(warning.render(lang), err=True)
    if not len(ruleset):
        raise usage_error("GK620", path=", ".join(rules))
    return ruleset


_LOG_SUFFIXES = (".csv", ".jsonl", ".ndjson", ".csv.gz", ".jsonl.gz", ".ndjson.gz")


def _looks_like_log(name: str) -> bool:
    return name.lower().endswith(_LOG_SUFFIXES)


def _event_paths(events: Sequence[str]) -> list[str]:
    """The logs named, a folder standing for the logs in it (sorted; not its subfolders)."""
    found: list[str] = []
    for name in events:
        path = Path(name)
        if "://" not in name and path.is_dir():
            inside = sorted(
                str(p) for p in path.iterdir() if p.is_file() and _looks_like_log(p.name)
            )
            if not inside:
                raise usage_error("GK630", path=name)
            found.extend(inside)
        else:
            found.append(name)
    return found


def _check_rule_arguments(rules: Sequence[str]) -> None:
    """A log given where rules belong (``--events a.csv b.csv`` takes only a.csv) gets a clear hint."""
    for name in rules:
        if _looks_like_log(name):
            raise usage_error("GK631", path=name)


def _run(
    ctx: click.Context,
    rules: Sequence[str],
    events: Sequence[str],
    as_of: str | None,
    calendar_files: tuple[Path, ...],
    provisional: bool,
    lenient: bool,
    advance: Callable[[str], None] = lambda phase: None,
) -> tuple[RuleSet, EventLog, Report, WorkdayCalendar]:
    """Rules, log, report and calendar of one run; errors are GkErrors (exit status 2)."""
    lang = lang_of(ctx)
    _check_rule_arguments(rules)
    instant = _as_of(as_of)
    calendar = make_calendar(calendar_files, provisional)
    ruleset = _load_rules(rules, calendar, lang)
    advance("load")
    options = ctx.find_object(dict) or {}
    used = options.get("columns") == "used"  # only where the rules can look (RuleSet.check)
    log = load_events(
        *_event_paths(events),
        lenient=lenient,
        encoding=options.get("encoding"),
        dedupe=options.get("dedupe", "keep"),
        columns=ruleset.columns if used else None,
        events=ruleset.rows if used else None,
    )
    advance("check")
    report = ruleset.check(log, as_of=instant, calendar=calendar, lenient=lenient, lang=lang)
    return ruleset, log, report, calendar


def _statuses(values: Iterable[str]) -> tuple[Status, ...]:
    chosen: list[Status] = []
    for value in values:
        for part in value.replace("，", ",").split(","):
            if not part.strip():
                continue
            try:
                status = Status.parse(part)
            except ValueError:
                raise usage_error("GK621", value=part.strip()) from None
            if status not in chosen:
                chosen.append(status)
    return tuple(chosen)


def _write(chunks: Iterable[str], output: Path | None, colour: bool = False) -> None:
    if output is None:
        for chunk in _batched(chunks):
            click.echo(chunk, nl=False, color=colour)
        return
    with open(output, "w", encoding="utf-8", newline="") as stream:
        for chunk in _batched(chunks):
            stream.write(chunk)


def _batched(chunks: Iterable[str]) -> Iterator[str]:
    """*chunks* joined into pieces of about :data:`_WRITE_BATCH` characters (a write per JSON
    line costs more than making the line)."""
    pending: list[str] = []
    size = 0
    for chunk in chunks:
        pending.append(chunk)
        size += len(chunk)
        if size >= _WRITE_BATCH:
            yield "".join(pending)
            pending, size = [], 0
    if pending:
        yield "".join(pending)


_WRITE_BATCH = 1 << 20


# --- check ---------------------------------------------------------------------------------------


@click.command("check")
@run_options
@click.option(
    "--format",
    "-f",
    "output_format",
    type=click.Choice(["text", "json", "jsonl", "csv", "md", "html"]),
    default="text",
    show_default=True,
    help="text and md for people, html one self-contained page, json/jsonl/csv for scripts.",
)
@output_option
@click.option(
    "--status",
    "statuses",
    multiple=True,
    metavar="S[,S…]",
    help=f"List only verdicts with these statuses ({_STATUS_NAMES}); "
    "default violated,pending for text/md, all for the others.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["violated", "pending", "never"]),
    default="violated",
    show_default=True,
    help="Exit with status 1 when a verdict reaches this level (pending: violated or pending).",
)
@click.option(
    "--at-risk",
    "at_risk",
    default=str(DEFAULT_AT_RISK),
    show_default=True,
    metavar="SHARE",
    help="Mark pending obligations with less than this share of their time left (0.2 or 20%).",
)
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=None,
    help="List at most N findings in text/md/html (default 100/1000/5000; 0: all).",
)
@click.option("--bom", is_flag=True, help="Start CSV output with a UTF-8 BOM (for Excel).")
@click.option(
    "--explanations",
    type=click.Choice(EXPLANATIONS),
    default="all",
    show_default=True,
    help="json, jsonl and csv: which verdicts carry their explanation (non-met: all but the "
    "met ones; the others get null).  Explanations are most of the writing time on large logs.",
)
@click.option(
    "--engine",
    type=click.Choice(["local", "stream", "spark"]),
    default="local",
    show_default=True,
    help="stream: logs larger than memory, on this machine, in bounded memory (CSV logs; "
    "jsonl and csv only; pip install 'gkrules[fast]').  spark: evaluate on Apache Spark "
    "(pip install 'gkrules[spark]'; $SPARK_MASTER or spark-submit's master, else local[*]); "
    "--events may then be s3a:// or hdfs:// URIs, folders or Parquet; jsonl and csv only.",
)
@click.option(
    "--buckets",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="--engine stream: split the logs into N buckets (default: one per 16 MiB of logs); "
    "more buckets, less memory.",
)
@click.option(
    "--spill-dir",
    "spill_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    metavar="DIR",
    help="--engine stream: where the temporary bucket files go (default: the system's "
    "temporary folder; about the logs' size).",
)
@colour_option
@click.pass_context
def check_command(
    ctx: click.Context,
    rules: tuple[str, ...],
    events: tuple[str, ...],
    as_of: str | None,
    lenient: bool,
    calendar_files: tuple[Path, ...],
    provisional: bool,
    output_format: str,
    output: Path | None,
    statuses: tuple[str, ...],
    fail_on: str,
    at_risk: str,
    limit: int | None,
    bom: bool,
    explanations: Explanations,
    engine: str,
    buckets: int | None,
    spill_dir: Path | None,
    colour: bool | None,
) -> int:
    """Check event logs against rules and report every obligation instance.

    对照规则核查事件日志，逐项报告每个义务实例的结论（已履行、违反、未到期、不适用）。

    \b
    gkrules check dsl_examples/条例.gk --events events.csv --as-of 2024-03-15
    gkrules check rules/ -e 2024.csv -e 2025.csv --format html -o report.html
    gkrules check rules/ -e events.csv --format jsonl --status violated
    """
    lang = lang_of(ctx)
    share = _share(at_risk)
    chosen = _statuses(statuses)
    if engine == "stream":
        options = _streaming_options(
            ctx, output_format, as_of, provisional, lenient, chosen, bom, explanations
        )
        return _check_streaming(
            ctx, rules, events, calendar_files, output, fail_on, buckets, spill_dir, options
        )
    if engine == "spark":
        return _check_on_spark(
            ctx,
            rules,
            events,
            as_of,
            calendar_files,
            provisional,
            lenient,
            output_format,
            output,
            chosen,
            fail_on,
            bom,
            explanations,
        )
    with _progress(_progress_wanted(events), lang) as advance, _collector_paused():
        _, _, report, calendar = _run(
            ctx, rules, events, as_of, calendar_files, provisional, lenient, advance
        )
        advance("report")
        human = output_format in ("text", "md", "html")
        listed = chosen or (
            (Status.VIOLATED, Status.PENDING) if output_format in ("text", "md") else tuple(Status)
        )
        if output_format in ("jsonl", "csv"):  # the records alone: nothing to count or list
            if output_format == "jsonl":
                _write(jsonl_lines(report, listed, lang, explanations), output)
            else:
                _write(csv_chunks(report, listed, lang, bom=bom, explanations=explanations), output)
            return _exit_status(report, fail_on)
        cap = limit if limit is not None else DEFAULT_LIMITS.get(output_format)
        collected = collect(
            report,
            calendar,
            statuses=listed if human else (),
            at_risk=share,
            limit=None if cap == 0 else cap,
        )
        if output_format == "text":
            use_colour = _use_colour(colour, output)
            _write([render_text(collected, lang, color=use_colour)], output, use_colour)
        elif output_format == "md":
            _write([render_markdown(collected, lang)], output)
        elif output_format == "html":
            _write([render_html(collected, lang)], output)
        else:
            _write(json_chunks(collected, listed, lang, explanations), output)
    return _exit_status(report, fail_on)


def _check_on_spark(
    ctx: click.Context,
    rules: Sequence[str],
    events: Sequence[str],
    as_of: str | None,
    calendar_files: tuple[Path, ...],
    provisional: bool,
    lenient: bool,
    output_format: str,
    output: Path | None,
    chosen: tuple[Status, ...],
    fail_on: str,
    bom: bool,
    explanations: Explanations,
) -> int:
    """``--engine spark``: the same check evaluated by Spark (:mod:`gkrules.spark`)."""
    from gkrules.spark import run_check_spark

    lang = lang_of(ctx)
    reading = ctx.find_object(dict) or {}
    encoding = reading.get("encoding")
    if reading.get("dedupe", "keep") != "keep" or (
        encoding is not None and encoding.lower().replace("-", "") not in ("utf8", "utf8sig")
    ):
        raise usage_error("GK632")
    instant = _as_of(as_of)
    ruleset = _load_rules(rules, make_calendar(calendar_files, provisional), lang)
    options: dict[str, Any] = {
        "as_of": instant,
        "output_format": output_format,
        "calendar_files": calendar_files,
        "provisional": provisional,
        "lenient": lenient,
        "lang": lang,
        "statuses": chosen or tuple(Status),
        "bom": bom,
        "explanations": explanations,
    }
    if output is None:
        run = run_check_spark(ruleset, list(events), output=sys.stdout, **options)
    else:
        with open(output, "w", encoding="utf-8", newline="") as stream:
            run = run_check_spark(ruleset, list(events), output=stream, **options)
    return _exit_for(run.counts, fail_on)


def _streaming_options(
    ctx: click.Context,
    output_format: str,
    as_of: str | None,
    provisional: bool,
    lenient: bool,
    chosen: tuple[Status, ...],
    bom: bool,
    explanations: Explanations,
) -> dict[str, Any]:
    reading = ctx.find_object(dict) or {}
    if reading.get("dedupe", "keep") != "keep":
        raise usage_error("GK633")
    return {
        "as_of": _as_of(as_of),
        "output_format": output_format,
        "provisional": provisional,
        "lenient": lenient,
        "lang": lang_of(ctx),
        "statuses": chosen or tuple(Status),
        "bom": bom,
        "explanations": explanations,
        "encoding": reading.get("encoding"),
        "columns": reading.get("columns", "all"),
    }


def _check_streaming(
    ctx: click.Context,
    rules: Sequence[str],
    events: Sequence[str],
    calendar_files: tuple[Path, ...],
    output: Path | None,
    fail_on: str,
    buckets: int | None,
    spill_dir: Path | None,
    options: dict[str, Any],
) -> int:
    """``--engine stream``: the check in bounded memory (:mod:`gkrules.stream`)."""
    from gkrules.stream import run_check_stream

    ruleset = _load_rules(
        rules, make_calendar(calendar_files, options["provisional"]), lang_of(ctx)
    )
    paths = _event_paths(events)
    more: dict[str, Any] = {
        "calendar_files": calendar_files,
        "buckets": buckets,
        "spill_dir": spill_dir,
        "progress": _stream_progress(options["lang"]) if sys.stderr.isatty() else None,
    }
    if output is None:
        run = run_check_stream(ruleset, paths, output=sys.stdout, **options, **more)
    else:
        with open(output, "w", encoding="utf-8", newline="") as stream:
            run = run_check_stream(ruleset, paths, output=stream, **options, **more)
    if more["progress"] is not None:
        sys.stderr.write("\n")
    return _exit_for(run.counts, fail_on)


_STREAM_PHASES = {
    "read": ("reading and spilling the logs", "读取日志并分桶"),
    "check": ("checking bucket", "核查分桶"),
    "write": ("writing verdicts", "写出结论"),
}


def _stream_progress(lang: Lang) -> Callable[[str, int, int], None]:
    """One status line on stderr, rewritten in place, for ``--engine stream``."""

    def show(phase: str, done: int, total: int) -> None:
        en, zh = _STREAM_PHASES[phase]
        label = zh if lang == "zh" else en
        count = f"{done:,}/{total:,}" if total else f"{done:,}"
        sys.stderr.write(f"\rgkrules: {label} {count}\033[K")
        sys.stderr.flush()

    return show


def _exit_status(report: Report, fail_on: str) -> int:
    return _exit_for(report.counts(), fail_on)


def _exit_for(counts: dict[Status, int], fail_on: str) -> int:
    if fail_on == "violated" and counts[Status.VIOLATED]:
        return EXIT_FINDINGS
    if fail_on == "pending" and (counts[Status.VIOLATED] or counts[Status.PENDING]):
        return EXIT_FINDINGS
    return EXIT_OK


def _share(value: str) -> float:
    cleaned = value.strip().replace("％", "%")
    try:
        share = float(cleaned[:-1]) / 100 if cleaned.endswith("%") else float(cleaned)
    except ValueError:
        raise usage_error("GK623", value=value) from None
    if not 0 <= share <= 1:
        raise usage_error("GK623", value=value)
    return share


# --- due -------------------------------------------------------------------------------------------


@click.command("due")
@run_options
@click.option(
    "--within",
    metavar="PERIOD",
    help="Only obligations due within this period of the as-of instant (5工作日, 3日, 48小时).",
)
@click.option(
    "--at-risk",
    "at_risk",
    default=str(DEFAULT_AT_RISK),
    show_default=True,
    metavar="SHARE",
    help="Mark obligations with less than this share of their time left (0.2 or 20%).",
)
@click.option("--rule", "rule_ids", multiple=True, metavar="ID", help="Only these rules.")
@click.option(
    "--overdue/--no-overdue",
    default=True,
    show_default=True,
    help="Include obligations past their deadline and still not done (未完成).",
)
@click.option(
    "--format",
    "-f",
    "output_format",
    type=click.Choice(["text", "json", "jsonl"]),
    default="text",
    show_default=True,
)
@output_option
@click.option(
    "--fail-on",
    type=click.Choice(["overdue", "at-risk", "never"]),
    default="never",
    show_default=True,
    help="Exit with status 1 when an item is overdue (or, at-risk, overdue or at risk).",
)
@colour_option
@click.pass_context
def due_command(
    ctx: click.Context,
    rules: tuple[str, ...],
    events: tuple[str, ...],
    as_of: str | None,
    lenient: bool,
    calendar_files: tuple[Path, ...],
    provisional: bool,
    within: str | None,
    at_risk: str,
    rule_ids: tuple[str, ...],
    overdue: bool,
    output_format: str,
    output: Path | None,
    fail_on: str,
    colour: bool | None,
) -> int:
    """List the obligations still open, soonest deadline first, with the working days left.

    待办事项：列出尚未履行的义务，按期限先后排列，标明剩余工作日；剩余时间不足 --at-risk 比例的标为“临期”。

    \b
    gkrules due dsl_examples/条例.gk --events events.csv --within 5工作日
    """
    lang = lang_of(ctx)
    share = _share(at_risk)
    period = _within(within) if within is not None else None
    with _progress(_progress_wanted(events), lang) as advance:
        ruleset, _, report, calendar = _run(
            ctx, rules, events, as_of, calendar_files, provisional, lenient, advance
        )
        advance("report")
        for rule_id in rule_ids:
            _known_rule(ruleset, rule_id)
        items = open_items(
            report,
            calendar,
            within=period,
            at_risk=share,
            overdue=overdue,
            rules=rule_ids or None,
        )
        if output_format == "json":
            _write([render_due_json(items, report.as_of, lang)], output)
        elif output_format == "jsonl":
            _write([render_due_jsonl(items, lang)], output)
        else:
            use_colour = _use_colour(colour, output)
            rendered = render_due_text(items, report.as_of, lang, within=period, color=use_colour)
            _write([rendered], output, use_colour)
    if fail_on == "overdue" and any(item.overdue for item in items):
        return EXIT_FINDINGS
    if fail_on == "at-risk" and any(item.overdue or item.at_risk for item in items):
        return EXIT_FINDINGS
    return EXIT_OK


def _within(value: str) -> Period:
    try:
        return Period.parse(value.strip().lstrip("+"))
    except GkError as error:
        raise UsageError(
            [usage_error("GK622", value=value).diagnostics[0], *error.diagnostics]
        ) from None


def _known_rule(ruleset: RuleSet, rule_id: str) -> None:
    if rule_id in ruleset.ids:
        return
    near = closest(rule_id, ruleset.ids, cutoff=0.5)
    raise usage_error("GK624", rule=rule_id, near=near, hint="GK624.hint" if near else None)


# --- explain ----------------------------------------------------------------------------------------


@click.command("explain")
@run_options
@click.option("--rule", "rule_id", required=True, metavar="ID", help="The rule's id (L5, S16…).")
@click.option(
    "--case",
    "case",
    metavar="KEY",
    help="The instance's case (for rules without a case key: its unit, window or other key).",
)
@click.option("--unit", metavar="UNIT", help="Only the instances of this unit.")
@click.option("--window", metavar="W", help="Only the instance of this window (2021-Q3, 2021).")
@click.option(
    "--format",
    "-f",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
@output_option
@colour_option
@click.pass_context
def explain_command(
    ctx: click.Context,
    rules: tuple[str, ...],
    events: tuple[str, ...],
    as_of: str | None,
    lenient: bool,
    calendar_files: tuple[Path, ...],
    provisional: bool,
    rule_id: str,
    case: str | None,
    unit: str | None,
    window: str | None,
    output_format: str,
    output: Path | None,
    colour: bool | None,
) -> None:
    """Show the full reasoning for one obligation instance: rows, rule text and citation.

    说明某一义务实例的完整推理：引用日志行（文件:行号）、规则原文位置和法规依据。

    \b
    gkrules explain dsl_examples/条例.gk --events events.csv --rule L5 --case A2
    """
    lang = lang_of(ctx)
    ruleset, log, report, _ = _run(ctx, rules, events, as_of, calendar_files, provisional, lenient)
    _known_rule(ruleset, rule_id)
    everything = list(report.verdicts(rule=rule_id))
    chosen = [
        verdict for verdict in everything if _matches(verdict, case=case, unit=unit, window=window)
    ]
    as_of_text = as_of_words(report.as_of)
    if not everything:
        raise usage_error("GK627", rule=rule_id, as_of=as_of_text)
    if not chosen or (case is None and unit is None and window is None and len(chosen) > 1):
        wanted = " ".join(
            f"{name}={value}"
            for name, value in (("case", case), ("unit", unit), ("window", window))
            if value is not None
        )
        some = "; ".join(key_words(verdict, "en") for verdict in everything[:8])
        if len(everything) > 8:
            some += " …"
        raise usage_error(
            "GK625",
            rule=rule_id,
            instance=wanted or "?",
            as_of=as_of_text,
            some=some,
            hint="GK625.hint",
        )
    rule = ruleset.rule(rule_id)
    source = ruleset.program.source(rule.span.path)
    rule_text = RuleText(rule, source.line_text(rule.span.line) if source is not None else None)
    instances = [(verdict, quote_rows(log, verdict.evidence)) for verdict in chosen]
    if output_format == "json":
        _write([render_explain_json(rule_text, instances, lang)], output)
        return
    use_colour = _use_colour(colour, output)
    _write([render_explain_text(rule_text, instances, lang, color=use_colour)], output, use_colour)


def _matches(verdict: Verdict, *, case: str | None, unit: str | None, window: str | None) -> bool:
    if unit is not None and verdict.unit != unit:
        return False
    if window is not None and verdict.window != window:
        return False
    if case is None:
        return True
    if any(name == "case" for name, _ in verdict.key):
        return verdict.case == case
    return case == verdict.window or any(value == case for _, value in verdict.key)
