"""Where ``gkrules check`` spends its time: phases, each rule alone, and the hottest functions.

Usage::

    python benchmarks/profile_check.py [--rows 1e6 | --log events.csv] [--rules dsl_examples]
        [--csv-reader pyarrow|python] [--top 25] [--seed 2024] [--as-of 2026-06-30]

Prints (1) the phases of one end-to-end run — loading the rules, ``load_events``, ``RuleSet.check``
— with the process's peak RSS; (2) each rule checked alone on the loaded log (its own ``check``:
the table is rebuilt each time, so the first line, a check with no rules, is that fixed cost);
(3) cProfile's top functions (cumulative and own time) for ``load_events`` and for ``check``.
Timings under cProfile run slower than without it; compare the shares, not the seconds.  This
script prints; it asserts nothing.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import resource
import sys
import tempfile
import time
import warnings
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def _timed(action: Any) -> tuple[Any, float]:
    started = time.perf_counter()
    value = action()
    return value, time.perf_counter() - started


def _profile(action: Any, top: int) -> tuple[Any, str]:
    profile = cProfile.Profile()
    value = profile.runcall(action)
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    text = "\n".join(
        line for line in out.getvalue().splitlines() if line.strip() and "Ordered by" not in line
    )
    return value, text.replace(str(Path(sys.prefix)), "<venv>").replace(str(HERE.parent), ".")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", default="1e6", help="generate a log of this many rows")
    parser.add_argument("--log", help="profile this log instead of a generated one")
    parser.add_argument("--rules", default=str(HERE.parent / "dsl_examples"))
    parser.add_argument("--csv-reader", choices=("auto", "pyarrow", "python"), default="auto")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--as-of", type=date.fromisoformat, default=date(2026, 6, 30))
    parser.add_argument("--no-per-rule", action="store_true", help="skip the per-rule timings")
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")

    import gkrules
    from gkrules.engine import load_events

    with tempfile.TemporaryDirectory(prefix="gkrules-profile-") as tmp:
        log = args.log
        if log is None:
            import generate_log

            log = str(Path(tmp) / "log.csv")
            with open(log, "w", encoding="utf-8", newline="") as out:
                rows = generate_log.generate_rows(generate_log.parse_count(args.rows), args.seed)
                count = generate_log.write_log(rows, out)
            print(f"log: {count:,} generated rows (seed {args.seed})")
        else:
            print(f"log: {log}")

        ruleset, rules_s = _timed(lambda: gkrules.load(args.rules))
        events, read_s = _timed(lambda: load_events(log, csv_reader=args.csv_reader))
        report, check_s = _timed(lambda: ruleset.check(events, as_of=args.as_of))
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        rows = len(events)
        total = rules_s + read_s + check_s
        print(f"\n1. phases ({len(ruleset)} rules, {rows:,} rows, csv_reader={args.csv_reader}):")
        for name, seconds in (
            ("load rules", rules_s),
            ("load_events", read_s),
            ("check", check_s),
        ):
            print(f"   {name:<12} {seconds:8.2f} s  {seconds / total:6.1%}")
        print(
            f"   {'total':<12} {total:8.2f} s  {rows / total:,.0f} events/s; peak RSS {rss:,.0f} MiB"
        )
        print(f"   verdicts: {len(report):,}")
        del report

        if not args.no_per_rule:
            print("\n2. each rule alone (check only; the log is loaded):")
            _, empty_s = _timed(lambda: ruleset.select([]).check(events, as_of=args.as_of))
            print(f"   {'(no rules)':<8} {empty_s:8.3f} s   the table and accounting alone")
            timings = []
            for rule in ruleset.rules:
                chosen = ruleset.select([rule.id])
                alone, seconds = _timed(lambda c=chosen: c.check(events, as_of=args.as_of))
                timings.append((seconds - empty_s, rule.id, type(rule.body).__name__, len(alone)))
            for seconds, rule_id, body, verdicts in sorted(timings, reverse=True):
                print(f"   {rule_id:<8} {seconds:8.3f} s   {body:<13} {verdicts:>9,} verdicts")
            print(f"   sum of the rules' own times: {sum(t[0] for t in timings):.2f} s")

        print(f"\n3. cProfile, load_events (top {args.top}):")
        _, text = _profile(lambda: load_events(log, csv_reader=args.csv_reader), args.top)
        print(text)
        print(f"\n3. cProfile, check (top {args.top}):")
        _, text = _profile(lambda: ruleset.check(events, as_of=args.as_of), args.top)
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
