"""Working-day arithmetic: queries per second for gkrules and two other libraries.

Usage::

    python benchmarks/bench_calendar.py [--queries 100000] [--slow-queries 2000] [--seed 2024]

All contenders answer the same question on the same random (date, n) queries, n in 1..20, with
start dates in 2004–2026 (and results inside the data): "the n-th working day strictly after the
date" (C1: the start day never counts).

* ``chinese_calendar.find_workday(delta, date)`` counts differently when the start is a rest day
  (it takes the next working day as day 0), so it is asked ``delta = n - 1`` for those starts
  (``n`` otherwise); the translation is computed before timing, and every answer is checked.
* ``workalendar``'s ``China().add_working_days`` (optional, ``pip install gkrules[bench]``) follows
  C1 already, but its China calendar only knows 2018–2023, so it runs on the queries whose start
  and answer lie in those years.
* The two slow libraries rescan their tables on every call, so they are timed on the first
  ``--slow-queries`` queries and their rate is reported per second as measured (not extrapolated
  beyond the rate itself).
* gkrules scalar: ``calendar.add_workdays(date, n)``, Python ``date`` in and out, in a plain loop.
* gkrules vectorized: ``calendar.add_workdays_array(days, ns)`` on ``datetime64[D]`` arrays.

Figures are the best of ``--repeat`` runs (at least 20 for the vectorized call, which takes about a
millisecond).  This script prints; it asserts nothing about speed.
"""

from __future__ import annotations

import argparse
import platform
import random
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from datetime import date
from importlib.metadata import PackageNotFoundError, version

import numpy as np

from gkrules.calendar import WorkdayCalendar, default_calendar

Query = tuple[date, int]


def make_queries(calendar: WorkdayCalendar, count: int, seed: int) -> list[Query]:
    """Random (date, n) with n in 1..20 whose answer stays inside the calendar's years."""
    rng = random.Random(seed)
    first = date(calendar.first_year, 1, 1).toordinal()
    last = date(calendar.last_year, 12, 31).toordinal()
    queries: list[Query] = []
    while len(queries) < count:
        day = date.fromordinal(rng.randint(first, last))
        n = rng.randint(1, 20)
        if calendar.workdays_between(day, date(calendar.last_year, 12, 31)) >= n:
            queries.append((day, n))
    return queries


def best_rate(run: Callable[[], object], count: int, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return count / best


def bench_find_workday(
    calendar: WorkdayCalendar, queries: Sequence[Query], repeat: int
) -> tuple[float, int] | None:
    try:
        from chinese_calendar import find_workday
    except ImportError:  # pragma: no cover - a gkrules dependency
        return None
    # find_workday treats the next working day as day 0 when the start is a rest day.
    deltas = [(day, n if calendar.is_workday(day) else n - 1) for day, n in queries]
    answers = [find_workday(delta, day) for day, delta in deltas]
    expected = [calendar.add_workdays(day, n) for day, n in queries]
    mismatches = sum(a != b for a, b in zip(answers, expected, strict=True))

    def run() -> None:
        for day, delta in deltas:
            find_workday(delta, day)

    return best_rate(run, len(deltas), repeat), mismatches


def bench_workalendar(
    calendar: WorkdayCalendar, queries: Sequence[Query], limit: int, repeat: int
) -> tuple[float, int, int] | None:
    try:
        from workalendar.asia import China
    except ImportError:
        return None
    china = China()
    low, high = date(2018, 1, 1), date(2023, 12, 31)
    subset = [
        (day, n)
        for day, n in queries
        if low <= day and calendar.add_workdays(day, n) <= high  # its China data: 2018–2023
    ][:limit]
    if not subset:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Support years 2018-2023 currently"
        answers = [china.add_working_days(day, n) for day, n in subset]
        expected = [calendar.add_workdays(day, n) for day, n in subset]
        mismatches = sum(a != b for a, b in zip(answers, expected, strict=True))

        def run() -> None:
            for day, n in subset:
                china.add_working_days(day, n)

        rate = best_rate(run, len(subset), repeat)
    return rate, mismatches, len(subset)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=100_000, help="number of random queries")
    parser.add_argument(
        "--slow-queries",
        type=int,
        default=2_000,
        help="how many of them the slow libraries are timed on",
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per contender (best counts)")
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args(argv)

    calendar = default_calendar()
    queries = make_queries(calendar, args.queries, args.seed)
    slow = queries[: max(1, min(args.slow_queries, len(queries)))]
    add = calendar.add_workdays

    def scalar() -> None:
        for day, n in queries:
            add(day, n)

    starts = np.array([day for day, _ in queries], dtype="datetime64[D]")
    steps = np.array([n for _, n in queries], dtype=np.int64)
    vectorized_answers = calendar.add_workdays_array(starts, steps)
    scalar_answers = [add(day, n) for day, n in queries]
    assert vectorized_answers.tolist() == scalar_answers, "vectorized and scalar answers differ"

    scalar_rate = best_rate(scalar, len(queries), args.repeat)
    vector_rate = best_rate(
        lambda: calendar.add_workdays_array(starts, steps), len(queries), max(args.repeat, 20)
    )
    find = bench_find_workday(calendar, slow, args.repeat)
    work = bench_workalendar(calendar, queries, args.slow_queries, args.repeat)

    print(f"python {platform.python_version()}, numpy {np.__version__}, {platform.machine()}")
    print(
        f"{len(queries):,} queries (date in {calendar.first_year}–{calendar.last_year}, n in 1..20), "
        f"seed {args.seed}, best of {args.repeat}"
    )
    print()
    print(f"{'contender':44} {'queries/s':>16} {'vs find_workday':>16}")
    base = find[0] if find else None

    def row(name: str, rate: float) -> None:
        ratio = f"{rate / base:,.0f}×" if base else "n/a"
        print(f"{name:44} {rate:16,.0f} {ratio:>16}")

    if find:
        row(f"chinese_calendar.find_workday ({len(slow):,} q)", find[0])
    else:
        print("chinese_calendar.find_workday: not installed")
    if work:
        row(f"workalendar China.add_working_days ({work[2]:,} q)", work[0])
    else:
        print("workalendar China.add_working_days: not installed (pip install gkrules[bench])")
    row("gkrules add_workdays (scalar, date in/out)", scalar_rate)
    row("gkrules add_workdays_array (vectorized)", vector_rate)
    print()
    if find:
        print(
            f"find_workday asked delta = n-1 for rest-day starts (its day 0 is the next working day); "
            f"answers differing from gkrules: {find[1]}"
        )
    if work:
        print(
            f"workalendar timed on queries within its 2018–2023 data; "
            f"answers differing from gkrules: {work[1]}"
        )
    print(f"versions: {_versions()}")
    return 0


def _versions() -> str:
    names = ("gkrules", "chinese-calendar", "workalendar")
    found = []
    for name in names:
        try:
            found.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            found.append(f"{name} (not installed)")
    return ", ".join(found)


if __name__ == "__main__":
    sys.exit(main())
