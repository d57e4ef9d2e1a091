"""The .gk front end with its checks: parse + check a generated file of many rules.

Usage::

    python benchmarks/bench_checks.py [--rules 2000] [--repeat 3] [--seed 2024]

The file is bench_language.py's (the shapes the shipped rules use, with a test block every 50
rules).  Figures are the best of ``--repeat`` runs: parsing, the semantic checks
(:data:`gkrules.language.checks.CHECKS`, each timed too), and constant substitution.  The target
for 2,000 rules is parse + check under one second.  The script prints; it asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_language import best, generate
from gkrules.language.checks import CHECKS, Context, LoadedFile, run_checks
from gkrules.language.parser import lark_parser, parse_text
from gkrules.source import SourceFile


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rules", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args(argv)

    lark_parser()
    text = generate(args.rules, args.seed)
    source = SourceFile("bench.gk", text)
    tree = parse_text(text, "bench.gk")
    files = (LoadedFile(source, tree),)

    parse_seconds = best(lambda: parse_text(text, "bench.gk"), args.repeat)
    check_seconds = best(lambda: run_checks(files), args.repeat)
    found = Counter(d.code for d in run_checks(files))

    print(f"file: {args.rules} rules, {len(tree.items)} items, {len(text):,} characters")
    print(f"parse + build: {parse_seconds:.3f} s")
    print(f"checks ({len(CHECKS)}): {check_seconds:.3f} s")
    print(
        f"parse + check: {parse_seconds + check_seconds:.3f} s (target: under 1 s for 2,000 rules)"
    )
    print(
        "diagnostics: " + (", ".join(f"{code}×{n}" for code, n in sorted(found.items())) or "none")
    )
    ctx = Context.build(files)
    slowest = []
    for check in CHECKS:
        start = time.perf_counter()
        for _ in check(ctx):
            pass
        slowest.append((time.perf_counter() - start, check.__name__))  # type: ignore[attr-defined]
    slowest.sort(reverse=True)
    print(
        "slowest checks: "
        + ", ".join(f"{name} {seconds * 1000:.0f} ms" for seconds, name in slowest[:5])
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
