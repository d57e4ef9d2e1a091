"""Checking event logs: gkrules against the other ways, on the same logs, with the same verdicts.

Usage::

    python benchmarks/bench_check.py [--sizes 1e4,1e5,1e6] [--big] [--quick] [--seed 2024]
        [--as-of 2026-06-30] [--repeat N] [--only KEY ...] [--workdir DIR]

For each size the script generates a standard-schema log (benchmarks/generate_log.py; 2021-01 to
2026-06, as of 2026-06-30) and runs every contender on it in a fresh Python process, so each peak
RSS (``ru_maxrss``) is that run's alone:

* ``floor`` — ``pyarrow.csv.read_csv`` of the whole file: the least any CSV-reading check can take;
* ``gkrules-all-core`` — ``gkrules.load("dsl_examples")`` (every shipped rule) and ``RuleSet.check``
  of the log read by ``load_events(path, csv_reader="python")``: the core dependencies only;
* ``gkrules-all`` — the same with pyarrow's CSV reader (the ``fast`` extra);
* ``gkrules-stream`` — every shipped rule with ``--engine stream`` (``gkrules.stream``): the log read in
  batches, spilled to buckets on disk, evaluated a bucket at a time, and every verdict written as JSON
  Lines (to ``os.devnull``) — unlike the other contenders, writing the report is timed; its peak RSS is
  the figure of interest (bounded memory);
* ``gkrules-deadlines`` — the shipped rules with a deadline body (``须 … 在 … 内``), pyarrow reader,
  reading only the columns the rules use, in the rows of their events (``--columns used``:
  ``load_events(columns=ruleset.columns, events=ruleset.rows)``, as the competitors read only their
  columns and keep only their events' rows);
* ``gkrules-S3``, ``gkrules-L5`` — ``benchmarks/rules/S3.gk`` / ``L5.gk`` (the shipped S3 without its
  2022-only dates in force; L5 as shipped), for the verdict-by-verdict comparison, likewise with
  ``--columns used``;
* the competitors of benchmarks/competitors.py on S3 and L5: pandas per case (``groupby().apply``;
  run up to 10^5 rows, extrapolated linearly beyond — and marked so), pandas vectorised
  (``merge_asof`` + a working-day index), DuckDB SQL (ASOF JOIN + calendar table), pm4py's Declare
  ``response`` (S3 without working days; up to 10^6 rows).

Before printing any time the script checks that every contender's verdicts for a rule (case, trigger
day, status, deadline, fulfilment day — as sorted lines) are identical, and that pm4py's deviating
cases are exactly the cases with an unanswered trigger; on any difference it prints the first
differing lines and exits with status 1.  Times are the best of ``--repeat`` runs in the process
(default 3 up to 10^5 rows, 2 at 10^6, 1 above), split into "rules" (gkrules: loading the .gk
files), "read" (the CSV) and "check"; events/s is the log's rows over the whole time.
Contenders whose package is not installed are listed as skipped.  This script prints; it asserts
nothing about speed.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import competitors  # noqa: E402  (no gkrules import: competitor runs stay independent of it)

AS_OF = date(2026, 6, 30)
GKRULES_UNAVAILABLE = "gkrules: not yet available"


# --- gkrules as a contender ------------------------------------------------------------------------


def gkrules_available() -> bool:
    try:
        from gkrules import load  # noqa: F401
        from gkrules.engine import load_events  # noqa: F401
    except ImportError:
        return False
    return True


def _shipped_rules() -> list[str]:
    return [str(ROOT / "dsl_examples")]


@dataclass(frozen=True)
class GkrulesRun:
    """gkrules as a contender: setup = ``gkrules.load`` (parse, check, compile the rules);
    read = ``load_events``; compute = ``RuleSet.check`` (report built, not written)."""

    rules: Callable[[], list[str]]
    rule: str | None = None  # the rule whose verdicts are compared
    deadlines_only: bool = False
    csv_reader: str = "auto"
    #: ``--engine stream``: read, check and write every verdict (JSON Lines) in bounded memory.
    stream: bool = False
    #: Read only the columns the rules use, in the rows of their events (``check --columns
    #: used``), as the competitors read only their columns and keep only their events' rows.
    used_columns: bool = False

    def setup(self) -> Any:
        import gkrules
        from gkrules.language import ast

        ruleset = gkrules.load(self.rules())
        if self.deadlines_only:
            ids = [r.id for r in ruleset.rules if isinstance(r.body, ast.DeadlineBody)]
            ruleset = ruleset.select(ids)
        return ruleset

    def read(self, path: str, ruleset: Any = None) -> Any:
        if self.stream:
            return path  # the streaming check reads the log itself, in batches
        from gkrules.engine import load_events

        used = self.used_columns and ruleset is not None
        return load_events(
            path,
            csv_reader=self.csv_reader,
            columns=ruleset.columns if used else None,
            events=ruleset.rows if used else None,
        )

    def compute(self, ruleset: Any, events: Any, as_of: date) -> Any:
        if self.stream:
            from gkrules.stream import run_check_stream

            with open(os.devnull, "w", encoding="utf-8") as sink:
                return run_check_stream(ruleset, [events], as_of=as_of, output=sink)
        return ruleset.check(events, as_of=as_of)

    def verdicts(self, report: Any) -> competitors.Verdicts | None:
        """The compared rule's verdicts, built after the timing (like writing a report)."""
        return _report_verdicts(report, self.rule) if self.rule else None


def _report_verdicts(report: Any, rule: str) -> competitors.Verdicts:
    import numpy as np

    cases, triggers, statuses, deadlines, fulfilled = [], [], [], [], []
    for verdict in report.verdicts(rule=rule):
        cases.append(dict(verdict.key).get("case"))
        triggers.append(_day(verdict.trigger))
        statuses.append(verdict.status.value)
        deadlines.append(_day(verdict.deadline))
        fulfilled.append(_day(verdict.fulfilled))
    as_int = np.asarray
    return competitors.Verdicts(
        rule,
        as_int(cases, dtype=object),
        as_int(triggers, dtype=np.int64),
        as_int(statuses, dtype=object),
        as_int(deadlines, dtype=np.int64),
        as_int(fulfilled, dtype=np.int64),
    )


def _day(value: Any) -> int:
    """Epoch day of a date or of an aware date-time's Beijing date; -1 for none."""
    if value is None:
        return -1
    if hasattr(value, "astimezone"):
        from gkrules.calendar import SHANGHAI

        value = value.astimezone(SHANGHAI).date()
    return competitors.epoch_day(value)


@dataclass(frozen=True)
class Entry:
    """One row of the table: a contender (competitor or gkrules)."""

    key: str
    name: str
    rule: str
    package: str
    max_rows: int | None = None
    untimed: bool = False
    gkrules: bool = False


def entries() -> list[Entry]:
    found = [
        Entry("gkrules-all-core", "gkrules, core deps (py CSV)", "all", "gkrules", gkrules=True),
        Entry("gkrules-all", "gkrules (pyarrow CSV)", "all", "gkrules", gkrules=True),
        Entry(
            "gkrules-stream",
            "gkrules stream, JSONL out",
            "all",
            "gkrules",
            gkrules=True,
        ),
        Entry(
            "gkrules-deadlines",
            "gkrules (pyarrow, used cols)",
            "deadlines",
            "gkrules",
            gkrules=True,
        ),
        Entry("gkrules-S3", "gkrules (pyarrow, used cols)", "S3", "gkrules", gkrules=True),
        Entry("gkrules-L5", "gkrules (pyarrow, used cols)", "L5", "gkrules", gkrules=True),
    ]
    found += [
        Entry(c.key, c.name, c.rule, c.package, c.max_rows, c.untimed)
        for c in competitors.CONTENDERS
    ]
    return found


def runner(key: str) -> GkrulesRun | competitors.Contender:
    rules = HERE / "rules"
    if key == "gkrules-all-core":
        return GkrulesRun(_shipped_rules, csv_reader="python")
    if key == "gkrules-all":
        return GkrulesRun(_shipped_rules, csv_reader="pyarrow")
    if key == "gkrules-stream":
        return GkrulesRun(_shipped_rules, stream=True)
    if key == "gkrules-deadlines":
        return GkrulesRun(
            _shipped_rules, deadlines_only=True, csv_reader="pyarrow", used_columns=True
        )
    if key in ("gkrules-S3", "gkrules-L5"):
        rule = key.rsplit("-", 1)[1]
        return GkrulesRun(
            lambda: [str(rules / f"{rule}.gk")], rule, csv_reader="pyarrow", used_columns=True
        )
    for contender in competitors.CONTENDERS:
        if contender.key == key:
            return contender
    raise SystemExit(f"bench_check: unknown contender {key!r}")


_IMPORTS = {
    "gkrules": ("gkrules", "gkrules.engine", "gkrules.calendar", "pyarrow.csv"),
    "floor": ("pyarrow.csv",),
    "per-case": ("pandas", "chinese_calendar"),
    "pandas": ("pandas", "pyarrow", "chinese_calendar"),
    "duckdb": ("duckdb", "pyarrow", "chinese_calendar"),
    "pm4py": ("pandas", "pm4py"),
}


def warm_up(key: str) -> None:
    """Import what a contender needs before timing it (import time is not check time)."""
    for prefix, modules in _IMPORTS.items():
        if key.startswith(prefix):
            for name in modules:
                if importlib.util.find_spec(name.split(".")[0]) is not None:
                    importlib.import_module(name)


# --- one run, in a child process -------------------------------------------------------------------


def child(key: str, log: str, as_of: date, repeat: int, out: str | None) -> int:
    """Run one contender *repeat* times on *log*; print one JSON line (best time, peak RSS)."""
    warnings.simplefilter("ignore")  # pandas' DtypeWarning on mixed columns, pm4py's notices
    warm_up(key)
    run = runner(key)
    best: tuple[float, float, float] | None = None
    outcome: Any = None
    for _ in range(repeat):
        outcome = None  # the previous run's result is not kept while the next one runs
        started = time.perf_counter()
        if isinstance(run, GkrulesRun):
            ruleset = run.setup()
            setup_done = time.perf_counter()
            data = run.read(log, ruleset)
            read_done = time.perf_counter()
            outcome = run.compute(ruleset, data, as_of)
        else:
            setup_done = started
            data = run.read(log)
            read_done = time.perf_counter()
            outcome = run.compute(data, as_of)
        finished = time.perf_counter()
        del data
        timing = (setup_done - started, read_done - setup_done, finished - read_done)
        if best is None or sum(timing) < sum(best):
            best = timing
    assert best is not None
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # before building verdicts
    verdicts = run.verdicts(outcome) if isinstance(run, GkrulesRun) else outcome
    result: dict[str, Any] = {
        "setup": best[0],
        "read": best[1],
        "compute": best[2],
        "rss_mib": peak_kib / 1024,
    }
    if verdicts is not None:
        result["digest"] = verdicts.digest()
        result["counts"] = verdicts.counts()
        result["instances"] = len(verdicts)
        if out:
            Path(out).write_text("\n".join(verdicts.lines()) + "\n", encoding="utf-8")
    print(json.dumps(result))
    return 0


# --- the harness ------------------------------------------------------------------------------------


@dataclass
class Result:
    entry: Entry
    size: int
    setup: float = 0.0
    read: float = 0.0
    compute: float = 0.0
    rss_mib: float = 0.0
    digest: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    instances: int = 0
    verdict_file: Path | None = None
    extrapolated_from: int | None = None
    skipped: str | None = None

    @property
    def total(self) -> float:
        return self.setup + self.read + self.compute

    def rate(self) -> float:
        return self.size / self.total if self.total > 0 else 0.0


def missing_package(entry: Entry) -> str | None:
    if entry.gkrules:
        if not gkrules_available():
            return GKRULES_UNAVAILABLE
        if entry.key != "gkrules-all-core" and importlib.util.find_spec("pyarrow") is None:
            return "pyarrow not installed (the fast extra)"
        return None
    if importlib.util.find_spec(entry.package) is None:
        return f"{entry.package} not installed"
    if entry.package == "duckdb" and importlib.util.find_spec("pyarrow") is None:
        return "pyarrow not installed"
    return None


def run_child(
    entry: Entry, log: Path, size: int, args: argparse.Namespace, workdir: Path
) -> Result:
    repeat = args.repeat or (3 if size <= 100_000 else 2 if size <= 1_000_000 else 1)
    if entry.key.startswith("per-case") or entry.untimed:
        repeat = 1  # seconds to minutes a run
    verdict_file = workdir / f"verdicts-{size}-{entry.key}.tsv"
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        entry.key,
        "--log",
        str(log),
        "--as-of",
        args.as_of.isoformat(),
        "--repeat",
        str(repeat),
        "--verdicts",
        str(verdict_file),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        return Result(entry, size, skipped="failed: " + " | ".join(tail))
    data = json.loads(done.stdout.strip().splitlines()[-1])
    return Result(
        entry,
        size,
        setup=data["setup"],
        read=data["read"],
        compute=data["compute"],
        rss_mib=data["rss_mib"],
        digest=data.get("digest"),
        counts=data.get("counts", {}),
        instances=data.get("instances", 0),
        verdict_file=verdict_file if data.get("digest") else None,
    )


def extrapolate(entry: Entry, size: int, measured: Sequence[Result]) -> Result:
    """A per-case (or pm4py) time for *size* from its largest measured run, linearly."""
    runs = [r for r in measured if r.entry.key == entry.key and r.skipped is None and r.total > 0]
    runs = [r for r in runs if r.extrapolated_from is None]
    if not runs:
        return Result(entry, size, skipped=f"not run above {entry.max_rows:,} rows")
    base = max(runs, key=lambda r: r.size)
    scale = size / base.size
    return Result(
        entry,
        size,
        setup=base.setup,
        read=base.read * scale,
        compute=base.compute * scale,
        extrapolated_from=base.size,
    )


def verify(results: Sequence[Result]) -> list[str]:
    """Disagreements between contenders' verdicts on the same log (empty: all agree)."""
    problems: list[str] = []
    for size in sorted({r.size for r in results}):
        for rule in ("S3", "L5"):
            same = [r for r in results if r.size == size and r.entry.rule == rule and r.digest]
            timed = [r for r in same if not r.entry.untimed]
            if not timed:
                continue
            reference = timed[0]
            for other in timed[1:]:
                if other.digest != reference.digest:
                    problems.append(_difference(reference, other))
            for untimed in (r for r in same if r.entry.untimed):
                expected = _unanswered(reference)
                got = {line.split("\t", 1)[0] for line in _lines(untimed)}
                if expected != got:
                    extra, missing = sorted(got - expected)[:5], sorted(expected - got)[:5]
                    problems.append(
                        f"{rule} at {size:,} rows: {untimed.entry.name} flags {len(got):,} cases, "
                        f"{reference.entry.name} has {len(expected):,} with an unanswered "
                        f"trigger; only {untimed.entry.name}: {extra}; "
                        f"only {reference.entry.name}: {missing}"
                    )
    return problems


def _lines(result: Result) -> list[str]:
    assert result.verdict_file is not None
    return result.verdict_file.read_text(encoding="utf-8").splitlines()


def _unanswered(result: Result) -> set[str]:
    return {line.split("\t")[0] for line in _lines(result) if line.split("\t")[4] == "-1"}


def _difference(a: Result, b: Result) -> str:
    left, right = set(_lines(a)), set(_lines(b))
    only_a, only_b = sorted(left - right)[:5], sorted(right - left)[:5]
    head = (
        f"{a.entry.rule} at {a.size:,} rows: {a.entry.name} ({a.instances:,} verdicts) and "
        f"{b.entry.name} ({b.instances:,}) differ in {len(left ^ right):,} lines"
    )
    body = [f"    only {a.entry.name}: {line}" for line in only_a]
    body += [f"    only {b.entry.name}: {line}" for line in only_b]
    return "\n".join([head, *body])


# --- printing ---------------------------------------------------------------------------------------


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = []
    for name in ("numpy", "pyarrow", "pandas", "duckdb", "pm4py", "chinese-calendar", "gkrules"):
        with contextlib.suppress(PackageNotFoundError):
            versions.append(f"{name} {version(name)}")
    return (
        f"{cpu}, {os.cpu_count()} CPUs, {platform.system()} {platform.machine()}, "
        f"Python {platform.python_version()}; " + ", ".join(versions)
    )


def _load() -> str:
    """The 1/5/15-minute load averages: other work on the machine skews the times."""
    try:
        return " / ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def _size(n: int) -> str:
    exponent = len(str(n)) - 1
    return f"10^{exponent}" if n == 10**exponent else f"{n:,}"


def print_table(results: Sequence[Result]) -> None:
    header = (
        f"{'rows':>7}  {'contender':<28}{'rule':<10}{'rules s':>8}{'read s':>8}{'check s':>9}{'total s':>9}"
        f"{'events/s':>13}{'peak RSS':>10}  verdicts"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        label = f"{_size(r.size):>7}  {r.entry.name:<28}{r.entry.rule or '-':<10}"
        if r.skipped:
            print(f"{label}{r.skipped}")
            continue
        mark = "~" if r.extrapolated_from else " "
        rss = "" if r.extrapolated_from else f"{r.rss_mib:,.0f} MiB"
        counts = ", ".join(f"{k} {v:,}" for k, v in sorted(r.counts.items()))
        note = f"extrapolated from {_size(r.extrapolated_from)}" if r.extrapolated_from else counts
        print(
            f"{label}{r.setup:>8.2f}{r.read:>8.2f}{r.compute:>9.2f}{mark}{r.total:>8.2f}"
            f"{r.rate():>13,.0f}{rss:>10}  {note}"
        )


def _times(ratio: float) -> str:
    """A ratio to two places near 1 (where the second place tells faster from slower), else to
    one."""
    return f"{ratio:,.2f}×" if ratio < 10 else f"{ratio:,.1f}×"


def print_ratios(results: Sequence[Result], sizes: Sequence[int]) -> None:
    def find(key: str, size: int) -> Result | None:
        for r in results:
            if r.entry.key == key and r.size == size and r.skipped is None:
                return r
        return None

    print()
    print("Ratios (time of the other / time of gkrules; > 1: gkrules faster):")
    for size in sizes:
        floor = find("floor", size)
        lines: list[str] = []
        for rule in ("S3", "L5"):
            ours = find(f"gkrules-{rule}", size)
            others = [
                (f"pandas-{rule}", "expert pandas"),
                (f"duckdb-{rule}", "DuckDB"),
                (f"per-case-{rule}", "per-case pandas"),
                (f"pm4py-{rule}", "pm4py"),
            ]
            if ours is None:
                parts = []
                for key, label in others:
                    other = find(key, size)
                    if other is not None and floor is not None:
                        approx = "~" if other.extrapolated_from else ""
                        parts.append(f"{label} {approx}{other.total / floor.total:,.1f}× the floor")
                why = GKRULES_UNAVAILABLE if not gkrules_available() else "gkrules not run"
                if parts:
                    lines.append(f"  {rule}: {why}; " + "; ".join(parts))
                continue
            parts = []
            if floor is not None:
                parts.append(f"{ours.total / floor.total:.2f}× the pyarrow read floor")
            for key, label in others:
                other = find(key, size)
                if other is not None:
                    approx = "~" if other.extrapolated_from else ""
                    parts.append(f"{approx}{_times(other.total / ours.total)} vs {label}")
            lines.append(f"  {rule}: gkrules " + "; ".join(parts))
        for key, label in (
            ("gkrules-all", "all shipped rules"),
            ("gkrules-deadlines", "deadline rules"),
        ):
            ours = find(key, size)
            if ours is not None:
                versus = f", {ours.total / floor.total:.2f}× the floor" if floor else ""
                lines.append(f"  gkrules {label}: {ours.rate():,.0f} events/s{versus}")
        print(f" {_size(size)} rows:")
        for line in lines:
            print(line)


# --- main -------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1e4,1e5,1e6", help="comma-separated row counts")
    parser.add_argument("--big", action="store_true", help="add 10^7 rows")
    parser.add_argument("--quick", action="store_true", help="a smoke run on a tiny log")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--as-of", type=date.fromisoformat, default=AS_OF)
    parser.add_argument("--repeat", type=int, default=0, help="runs per contender (best kept)")
    parser.add_argument("--only", nargs="*", default=None, help="contender keys to run")
    parser.add_argument("--workdir", help="where logs and verdicts go (default: a temporary dir)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--log", help=argparse.SUPPRESS)
    parser.add_argument("--verdicts", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args.child, args.log, args.as_of, max(args.repeat, 1), args.verdicts)
    import generate_log  # imports gkrules' calendar: only the parent needs it

    sizes = [2_000] if args.quick else [generate_log.parse_count(s) for s in args.sizes.split(",")]
    if args.big and not args.quick:
        sizes.append(10**7)
    if args.quick:
        args.repeat = args.repeat or 1
    selected = [e for e in entries() if args.only is None or e.key in args.only]
    print(f"bench_check: {machine()}")
    print(f"as of {args.as_of}; seed {args.seed}; sizes {', '.join(_size(s) for s in sizes)}")
    print(f"load average at start: {_load()}")
    if not gkrules_available():
        print(GKRULES_UNAVAILABLE)
    with tempfile.TemporaryDirectory(prefix="gkrules-bench-", dir=args.workdir) as tmp:
        workdir = Path(tmp)
        results: list[Result] = []
        for size in sizes:
            log = workdir / f"log-{size}.csv"
            started = time.perf_counter()
            with log.open("w", encoding="utf-8", newline="") as out:
                generate_log.write_log(generate_log.generate_rows(size, args.seed), out)
            print(
                f"  generated {_size(size)} rows ({log.stat().st_size / 2**20:,.1f} MiB) "
                f"in {time.perf_counter() - started:.1f} s",
                flush=True,
            )
            for entry in selected:
                skipped = missing_package(entry)
                if skipped:
                    results.append(Result(entry, size, skipped=skipped))
                elif entry.max_rows is not None and size > entry.max_rows:
                    results.append(extrapolate(entry, size, results))
                else:
                    results.append(run_child(entry, log, size, args, workdir))
                last = results[-1]
                state = last.skipped or f"{last.total:.2f} s"
                print(f"    {entry.key:<18} {state}", flush=True)
        print(f"load average at end: {_load()}")
        problems = verify(results)
        if problems:
            print("\nThe contenders do not agree; no times printed:")
            for problem in problems:
                print(problem)
            return 1
        print(
            "\nVerdicts: every contender that ran agrees on S3 and L5 (pm4py: on the cases it flags).\n"
        )
        print_table(results)
        print_ratios(results, sizes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
