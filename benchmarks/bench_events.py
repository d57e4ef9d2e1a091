"""Event-log loading throughput: rows/s for CSV and JSON Lines, with and without pyarrow.

Usage::

    python benchmarks/bench_events.py [--rows 1000000] [--seed 2024] [--repeat 3]
        [--kind realistic|standard] [--keep DIR]

Writes a log of ``--rows`` rows twice (CSV and JSON Lines) and times ``load_events`` on each:
the CSV with the standard-library reader (``csv_reader="python"``) and, when pyarrow is
installed, with pyarrow's (``csv_reader="pyarrow"``); as a floor, ``pyarrow.csv.read_csv``
alone on the same file.  Each figure is the best of ``--repeat`` runs after a first, untimed one; peak RSS is the whole
process's.  ``--kind standard`` writes the plain four-column log of EVENTS.md (``time,event,
case,unit`` and a few attributes, times in ISO 8601); ``realistic`` uses generate_log.py (19
columns, mostly empty attributes, dates and date-times across holidays).  Figures are printed,
never asserted.
"""

from __future__ import annotations

import argparse
import csv
import importlib
import json
import random
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

from gkrules.engine import load_events

EVENTS = (
    "收到申请",
    "补正告知",
    "答复",
    "延期告知",
    "解读发布",
    "政策文件公开",
    "舆情发生",
    "舆情回应",
)
CHANNELS = ("当面", "邮寄", "网络", "")


def standard_rows(count: int, seed: int) -> Iterator[list[str]]:
    """The plain standard schema: ISO times (a quarter of them dates), cases, units, a channel."""
    rng = random.Random(seed)
    start = datetime(2021, 1, 1)
    units = [f"第{i}办公室" for i in range(50)]
    for _ in range(count):
        moment = start + timedelta(minutes=rng.randrange(5 * 365 * 24 * 60))
        text = (
            moment.strftime("%Y-%m-%d")
            if rng.random() < 0.25
            else moment.strftime("%Y-%m-%d %H:%M:%S")
        )
        case = f"依申请〔{moment.year}〕{rng.randrange(200_000)}号"
        yield [text, rng.choice(EVENTS), case, rng.choice(units), rng.choice(CHANNELS)]


def write_logs(folder: Path, count: int, seed: int, kind: str) -> tuple[Path, Path]:
    csv_path, jsonl_path = folder / f"log-{kind}-{count}.csv", folder / f"log-{kind}-{count}.jsonl"
    if csv_path.exists() and jsonl_path.exists():
        return csv_path, jsonl_path
    if kind == "standard":
        columns = ["time", "event", "case", "unit", "channel"]
        rows: Callable[[], Iterator[list[str]]] = lambda: standard_rows(count, seed)  # noqa: E731
    else:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        generator = importlib.import_module("generate_log")
        columns = list(generator.COLUMNS)
        rows = lambda: (list(r) for r in generator.generate_rows(count, seed))  # noqa: E731
    with open(csv_path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows())
    with open(jsonl_path, "w", encoding="utf-8") as out:
        for row in rows():
            item = {name: value for name, value in zip(columns, row, strict=True) if value}
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
    return csv_path, jsonl_path


def best_of(repeat: int, run: Callable[[], int]) -> tuple[float, int]:
    """The fastest of *repeat* timed runs, after one untimed run that warms caches and imports."""
    best, rows = float("inf"), run()
    for _ in range(repeat):
        started = time.perf_counter()
        rows = run()
        best = min(best, time.perf_counter() - started)
    return best, rows


def peak_rss_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--kind", choices=("standard", "realistic"), default="standard")
    parser.add_argument("--keep", type=Path, help="folder to write (and reuse) the logs in")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        csv_path, jsonl_path = write_logs(folder, args.rows, args.seed, args.kind)
        print(
            f"bench_events: {args.rows:,} rows ({args.kind}), "
            f"CSV {csv_path.stat().st_size / 2**20:.1f} MiB, written in "
            f"{time.perf_counter() - started:.1f} s; best of {args.repeat}"
        )
        load_events([{"time": "2021-06-18", "event": "warm-up"}])
        cases: list[tuple[str, Callable[[], int]]] = [
            ("CSV, standard library", lambda: len(load_events(csv_path, csv_reader="python"))),
            ("JSON Lines", lambda: len(load_events(jsonl_path))),
        ]
        try:
            pa_csv = importlib.import_module("pyarrow.csv")
        except ImportError:
            print("  (pyarrow is not installed: pip install 'gkrules[fast]' for its reader)")
        else:
            cases.insert(
                1, ("CSV, pyarrow reader", lambda: len(load_events(csv_path, csv_reader="pyarrow")))
            )
            cases.append(
                ("floor: pyarrow.csv.read_csv alone", lambda: pa_csv.read_csv(csv_path).num_rows)
            )
        for name, run in cases:
            seconds, rows = best_of(args.repeat, run)
            print(f"  {name:36s} {seconds:8.3f} s  {rows / seconds:>12,.0f} rows/s")
        print(f"  peak RSS {peak_rss_mib():,.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
