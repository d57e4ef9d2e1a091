"""Sample data for the report and command-line tests, built with the real loaders.

The rules (tests/fixtures/reports/规则.gk) have one rule of each shape; the log has met, violated
(done late and not done), pending and at-risk instances of each, a misspelt event name (答付) and a
row after the as-of instant.  Paths are relative to the repository root, as a user would type them,
so reports name ``tests/fixtures/reports/events.csv:5``.
"""

from __future__ import annotations

import contextlib
import csv
from pathlib import Path

from gkrules.api import load
from gkrules.engine.loading import load_events
from gkrules.engine.report import Report
from tests.conftest import REPO_ROOT

FIXTURES = Path("tests") / "fixtures" / "reports"
RULES = str(FIXTURES / "规则.gk")
EVENTS = str(FIXTURES / "events.csv")
#: Before the working day ends: R2's case Y2 (重大, 24 hours from 04-09 10:00) has 2 hours left.
AS_OF = "2024-04-10T08:00"


def build_report(lang: str = "zh", as_of: str = AS_OF) -> Report:
    """The fixture rules checked on the fixture log, as of *as_of*."""
    with contextlib.chdir(REPO_ROOT):
        rules = load(RULES)
        log = load_events(EVENTS)
        return rules.check(log, as_of=as_of, lang=lang)  # type: ignore[arg-type]


HOSTILE_RULES = """
规则 X1 "<script>window.__pwned=1;document.title='pwned'</script>\\" onmouseover=\\"window.__pwned=2" {
    依据 "</script><script>window.__pwned=3</script>" 条款 "<b onmouseover=window.__pwned=4>第一条</b>"
    当 收到申请
    按 case
    须 答复 在 20 工作日 内
}

规则 X2 "=HYPERLINK(\\"http://example.invalid\\")" {
    依据 "@SUM(1+1)"
    对每个 公文印发
    须满足 attribute 属于 ["主动公开", "依申请公开", "不予公开"]
}
"""

#: Event values a hostile export could hold: tags, attribute breakers, formulas, line separators.
HOSTILE_ROWS: list[dict[str, str]] = [
    {
        "time": "2024-01-26",
        "event": "收到申请",
        "case": "<img src=x onerror=\"window.__pwned=5;document.title='pwned'\">",
        "unit": '" onmouseover="window.__pwned=6',
        "channel": "</script><script>window.__pwned=7</script>",
    },
    {
        "time": "2024-01-29",
        "event": "收到申请",
        "case": "=1+1",
        "unit": "+cmd|' /C calc'!A0",
        "channel": "-2+3",
    },
    {
        "time": "2024-01-30",
        "event": "收到申请",
        "case": "@SUM(A1)",
        "unit": "\tunit",
        "channel": "\u2028line\u2029",
    },
    {
        "time": "2024-03-01",
        "event": "公文印发",
        "case": "F1",
        "unit": "办公室",
        "attribute": "<svg onload=window.__pwned=8>",
    },
    {
        "time": "2024-03-02",
        "event": '<svg onload="window.__pwned=9">',
        "case": "F2",
        "unit": "办公室",
    },
]


def write_hostile(folder: Path) -> tuple[str, str]:
    """The hostile rules and log written under *folder*: (rules path, log path)."""
    rules = folder / "规则.gk"
    rules.write_text(HOSTILE_RULES, encoding="utf-8")
    log = folder / "events.csv"
    columns = ["time", "event", "case", "unit", "channel", "attribute"]
    with open(log, "w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, columns)
        writer.writeheader()
        writer.writerows(HOSTILE_ROWS)
    return str(rules), str(log)
