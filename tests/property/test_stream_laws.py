"""The streaming check is the one-machine check, whatever the buckets and the rows' order.

For random logs around the deadline rules (tests/log_strategies.py), any number of buckets and
any order of the rows in the file, ``run_check_stream`` writes exactly ``RuleSet.check``'s records
in ``--engine spark``'s order, and counts the same verdicts.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gkrules
from tests.log_strategies import as_of_times, logs

pytest.importorskip("pyarrow")

from gkrules.stream import run_check_stream
from gkrules.stream.run import SORT_COLUMNS

EXAMPLES = Path(__file__).resolve().parents[2] / "dsl_examples"
RULES = gkrules.load(str(EXAMPLES))
COLUMNS = ("time", "event", "case", "level", "days")


def _expected(records: list[dict[str, Any]]) -> list[str]:
    ids = [rule.id for rule in RULES.rules]

    def key(record: dict[str, Any]) -> tuple[object, ...]:
        rest = tuple((record.get(n) is None, record.get(n) or "") for n in SORT_COLUMNS)
        return (ids.index(record["rule"]), *rest)

    return [json.dumps(r, ensure_ascii=False) for r in sorted(records, key=key)]


@settings(deadline=None, max_examples=25)
@given(
    log=logs(min_size=1, max_size=30),
    buckets=st.integers(1, 6),
    as_of=as_of_times(),
    data=st.data(),
)
def test_stream_equals_the_one_machine_check(
    log: list[dict[str, str]], buckets: int, as_of: Any, data: st.DataObject
) -> None:
    shuffled = data.draw(st.permutations(log))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "events.csv"
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, COLUMNS)
            writer.writeheader()
            writer.writerows(shuffled)
        report = RULES.check(str(path), as_of=as_of)
        out = io.StringIO()
        run = run_check_stream(RULES, [str(path)], as_of=as_of, output=out, buckets=buckets)
    assert out.getvalue().splitlines() == _expected(report.to_records())
    assert run.counts == report.counts()
