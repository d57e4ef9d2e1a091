"""Check every bundled rule file against its sample log (README's first command runs this).

Each ``dsl_examples/<name>.gk`` goes with ``dsl_examples/logs/<name>.csv``; the logs are written
for the as-of dates below (see logs/README.md).  Every pair is checked with the real command line,
``gkrules check <name>.gk --events logs/<name>.csv --as-of <date>``, and the reports are printed.
Extra arguments are passed on (e.g. ``--lang en``, ``--format md``).  Exit status: 0 when every
check ran (findings are expected: the logs exercise violations on purpose), 2 on any error.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from gkrules.cli import EXIT_ERROR, main

HERE = Path(os.path.relpath(Path(__file__).resolve().parent))

#: The as-of instant each sample log is written for (the later one where logs/README.md has two).
AS_OF = {
    "条例": "2025-11-20",
    "临沂某县2022年政务公开标准化规范化实施方案": "2023-01-10",
    "乐至县2021年政务公开重点工作任务分解表": "2022-01-05",
    "洮南市2019年政务公开重点工作任务分工": "2020-01-05",
    "辽宁省2021年政务公开工作要点": "2022-01-05",
    "辽宁省应急管理厅2019年政务公开工作实施方案": "2020-02-01",
}


def run(extra: list[str]) -> int:
    worst = 0
    for rules in sorted(HERE.glob("*.gk")):
        log = HERE / "logs" / f"{rules.stem}.csv"
        if not log.exists():
            continue
        as_of = AS_OF.get(rules.stem, "2025-11-20")
        print(f"\n=== {rules.name}  ←  logs/{log.name}  (as of {as_of})", flush=True)
        status = main(
            [
                "check",
                str(rules),
                "--events",
                str(log),
                "--as-of",
                as_of,
                "--fail-on",
                "never",
                *extra,
            ]
        )
        worst = max(worst, status)
    return EXIT_ERROR if worst >= EXIT_ERROR else 0


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
