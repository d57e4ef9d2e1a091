"""gkrules on Spark in local mode: wall time by phase, for 1 and 2 cores, against one machine.

Usage::

    python benchmarks/bench_spark.py [--sizes 100000 1000000] [--masters 'local[1]' 'local[2]']
        [--workdir /tmp/gkrules-bench-spark] [--as-of 2026-06-30] [--rules dsl_examples]

For each size a standard-schema CSV log is generated once (benchmarks/generate_log.py).  Each
(size, master) runs in a fresh process — a new JVM and new Python workers, as a job would — and
reports: starting the session, reading the log with row numbers (one scan), annotating and
summarizing it (the engine's loader on every row, one scan), and evaluating every rule with
explanations (the verdicts are computed and dropped by Spark's ``noop`` sink).  The one-machine
figure is ``RuleSet.check`` plus ``Report.to_records`` (the same verdicts with their
explanations).  Needs ``pip install 'gkrules[spark]'`` and Java 17.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _log(size: int, workdir: Path) -> Path:
    path = workdir / f"log-{size}.csv"
    if not path.exists():
        subprocess.run(
            [sys.executable, str(HERE / "generate_log.py"), str(size), "-o", str(path)],
            check=True,
        )
    return path


def _child(args: argparse.Namespace) -> int:
    """One measurement in this process; prints one JSON line."""
    warnings.filterwarnings("ignore", category=FutureWarning)
    import gkrules

    rules = gkrules.load(args.rules)
    figures: dict[str, object] = {"size": args.size, "master": args.master}
    if args.master == "one-machine":
        started = time.perf_counter()
        report = rules.check(args.log, as_of=args.as_of)
        checked = time.perf_counter()
        records = report.to_records()
        done = time.perf_counter()
        figures.update(
            check=round(checked - started, 1),
            explain=round(done - checked, 1),
            total=round(done - started, 1),
            verdicts=len(records),
        )
        print(json.dumps(figures))
        return 0
    from gkrules.spark import plan_check_spark, read_events, spark_session

    started = time.perf_counter()
    cores = args.master.removeprefix("local[").removesuffix("]")
    cores = cores if cores.isdigit() else str(os.cpu_count() or 1)
    spark = spark_session(
        args.master,
        app_name="gkrules-bench",
        config={
            "spark.ui.enabled": "false",
            "spark.driver.memory": "3g",
            "spark.sql.shuffle.partitions": str(4 * int(cores)),
            # split the CSV into blocks of 8 MiB, so that every core has blocks to read
            "spark.sql.files.maxPartitionBytes": str(8 << 20),
        },
    )
    spark.sparkContext.setLogLevel("ERROR")
    session = time.perf_counter()
    events = read_events(spark, [args.log])
    read = time.perf_counter()
    check = plan_check_spark(rules, events, as_of=args.as_of)
    summary = time.perf_counter()
    check.verdicts().write.format("noop").mode("overwrite").save()
    done = time.perf_counter()
    figures.update(
        session=round(session - started, 1),
        read=round(read - session, 1),
        summary=round(summary - read, 1),
        evaluate=round(done - summary, 1),
        total=round(done - started, 1),
        without_session=round(done - session, 1),
        partitions=events.frame.rdd.getNumPartitions(),
    )
    check.release()
    spark.stop()
    print(json.dumps(figures))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--masters", nargs="+", default=["local[1]", "local[2]"])
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/gkrules-bench-spark"))
    parser.add_argument("--as-of", default="2026-06-30")
    parser.add_argument("--rules", default=str(HERE.parent / "dsl_examples"))
    parser.add_argument("--one-machine", action="store_true", help="also time RuleSet.check")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--master", help=argparse.SUPPRESS)
    parser.add_argument("--log", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return _child(args)
    args.workdir.mkdir(parents=True, exist_ok=True)
    masters = (["one-machine"] if args.one_machine else []) + list(args.masters)
    for size in args.sizes:
        log = _log(size, args.workdir)
        for master in masters:
            command = [
                sys.executable,
                __file__,
                "--child",
                f"--size={size}",
                f"--master={master}",
                f"--log={log}",
                f"--as-of={args.as_of}",
                f"--rules={args.rules}",
            ]
            result = subprocess.run(
                command, capture_output=True, text=True, check=False, env=dict(os.environ)
            )
            lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
            if result.returncode or not lines:
                print(f"{size} {master}: failed\n{result.stderr[-2000:]}", file=sys.stderr)
                continue
            print(lines[-1], flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
