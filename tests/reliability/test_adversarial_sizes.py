"""Adversarial sizes (issue 9): huge or deeply nested input gets a clear gkrules error or a result,
and the time taken grows linearly.

Each check runs two sizes a factor of four apart and asserts the larger takes at most eight times
as long (a quadratic path would take sixteen), plus a small allowance for very short runs.  That
catches a blow-up without being a benchmark.  The limits themselves are documented in
docs/language.md (``LIMITS`` in gkrules/language/lexing.py) and docs/event-logs.md
(``MAX_CELL_CHARS``).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from gkrules.api import load
from gkrules.engine import load_events
from gkrules.engine.log_columns import MAX_CELL_CHARS
from gkrules.errors import EventLogError, GkError, RuleSyntaxError
from gkrules.language.lexing import LIMITS

#: the rendered error of any of these inputs stays short, whatever the input's size
MESSAGE_CHARS = 2_000


def _best_time(run: Callable[[], object], repeats: int = 2) -> float:
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        with contextlib.suppress(GkError):
            run()
        best = min(best, time.perf_counter() - started)
    return best


def assert_linear(make: Callable[[int], Callable[[], object]], small: int) -> None:
    """``make(4 * small)`` runs in at most 8× the time of ``make(small)`` (+ 50 ms)."""
    fast = _best_time(make(small))
    slow = _best_time(make(4 * small))
    assert slow <= 8 * fast + 0.05, f"size ×4 took {slow / max(fast, 1e-9):.1f}× the time"


def _rule(number: int) -> str:
    return f'规则 R{number} "第{number}条" {{\n    当 收到申请\n    按 case\n    须 答复 在 20 工作日 内\n}}\n'


def _rules(count: int) -> str:
    return "".join(_rule(number) for number in range(count))


def _nested(depth: int) -> str:
    return f'规则 R1 "x" {{\n    每年\n    须满足 次数(答复) >= {"(" * depth}1{")" * depth}\n}}\n'


def test_brackets_nested_past_the_limit_are_refused_quickly() -> None:
    with pytest.raises(RuleSyntaxError) as raised:
        load(_nested(1_000_000))
    rendered = raised.value.render("en")
    assert "GK207" in rendered
    assert f"the limit is {LIMITS.nesting}" in rendered
    assert len(rendered) < MESSAGE_CHARS
    assert_linear(lambda depth: lambda: load(_nested(depth)), 100_000)


def test_a_10_mb_single_line_is_refused_with_the_file_size_limit() -> None:
    with pytest.raises(RuleSyntaxError) as raised:
        load("# " + "x" * 10_000_000 + "\n" + _rule(1))
    rendered = raised.value.render("en")
    assert "GK206" in rendered
    assert f"{LIMITS.file_chars}" in rendered
    assert len(rendered) < MESSAGE_CHARS


def test_long_lines_under_the_limit_load_in_linear_time() -> None:
    ruleset = load("# " + "x" * 4_000_000 + "\n" + _rule(1))
    assert len(ruleset) == 1
    assert_linear(lambda size: lambda: load("# " + "x" * size + "\n" + _rule(1)), 1_000_000)


def test_100_000_rules_in_one_file_are_refused_with_a_hint_to_split() -> None:
    with pytest.raises(RuleSyntaxError) as raised:
        load(_rules(100_000))
    rendered = raised.value.render("en")
    assert "GK206" in rendered
    assert "split the rules into several files" in rendered
    assert len(rendered) < MESSAGE_CHARS


def test_parsing_and_checking_many_rules_takes_linear_time() -> None:
    assert len(load(_rules(1_000))) == 1_000
    assert_linear(lambda count: lambda: load(_rules(count)), 250)


def _log_with_cell(tmp_path: Path, chars: int) -> Path:
    path = tmp_path / f"cell-{chars}.csv"
    path.write_text(
        f"time,event,note\n2021-06-18,答复,{'x' * chars}\n2021-06-19,答复,ok\n", encoding="utf-8"
    )
    return path


@pytest.mark.slow
def test_a_csv_with_one_50_mb_cell_is_a_clear_error_or_set_aside(tmp_path: Path) -> None:
    path = _log_with_cell(tmp_path, 50_000_000)
    with pytest.raises(EventLogError) as raised:
        load_events(path)
    rendered = raised.value.render("en")
    assert "GK422" in rendered
    assert f"the limit is {MAX_CELL_CHARS}" in rendered
    assert len(rendered) < MESSAGE_CHARS
    log = load_events(path, lenient=True)
    assert len(log) == 1
    assert "1 set aside" in log.report.summary("en")


def test_reading_a_huge_cell_takes_linear_time(tmp_path: Path) -> None:
    paths = {chars: _log_with_cell(tmp_path, chars) for chars in (3_000_000, 12_000_000)}
    assert_linear(lambda chars: lambda: load_events(paths[chars]), 3_000_000)
