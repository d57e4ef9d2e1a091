"""Rule tests: a few events and the verdicts expected, written next to the rules or in a table.

Two forms, one runner (docs/rule-tests.md):

* ``测试`` / ``test`` blocks in .gk files (:class:`~gkrules.language.ast.TestBlock`)::

      测试 "S3 跨春节" {
          截至 2024-03-01
          事件 2024-02-08 政策文件公开 case="A"
          事件 2024-02-19 解读发布 case="A"
          期望 S3 case="A" 已履行
      }

* test tables, CSV files with Chinese (or English) headers that an officer fills in
  (:func:`load_test_table`): ``测试,截至,时间,事件,case,unit,…,期望规则,期望结论``.

Each test is checked on its own events as of its ``截至`` instant (default: the end of the day of
its latest event).  An expectation names a rule, keys (``case="A"``, ``unit=…``, ``window="2024"``)
and a status; it passes when at least one verdict of that rule has those keys and every such
verdict has that status.  :func:`run_tests` returns a :class:`TestReport` with a diff for every
failure (expected vs actual, with the actual verdicts' explanations) and the rules no test names.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from attrs import field, frozen

from gkrules.calendar.core import WorkdayCalendar
from gkrules.diagnostics import Lang
from gkrules.engine.compile import CompiledRule, compile_rule
from gkrules.engine.eval_messages import CATALOG
from gkrules.engine.evaluate import evaluate, resolve_as_of
from gkrules.engine.verdicts import Status, Verdict
from gkrules.errors import GkError, UsageError
from gkrules.language import ast
from gkrules.language.loader import Program
from gkrules.source import Span

__all__ = [
    "Expectation",
    "ExpectationResult",
    "RuleTest",
    "TestReport",
    "TestResult",
    "load_test_table",
    "run_rule_tests",
    "run_tests",
    "tests_of_program",
]


@frozen
class Expectation:
    """``期望 S3 case="A" 已履行``: a rule, the keys a verdict must have, and its status."""

    rule: str
    keys: tuple[tuple[str, str], ...]
    status: Status
    where: str = ""

    def describe(self, lang: Lang = "zh") -> str:
        keys = " ".join(f"{k}={v}" for k, v in self.keys)
        return f"{self.rule} {keys} {self.status.label(lang)}".replace("  ", " ")


@frozen
class RuleTest:
    """One test: its events (rows of a log) and its expectations."""

    name: str
    as_of: str | None
    events: tuple[Mapping[str, str], ...]
    expectations: tuple[Expectation, ...]
    #: Where the test is written: ``file:line`` (for messages and pytest).
    where: str = ""
    span: Span | None = field(default=None, eq=False)
    #: Where each event is written (file, line), for explanations that quote it.
    event_refs: tuple[tuple[str, int], ...] | None = field(default=None, eq=False)


@frozen
class ExpectationResult:
    expectation: Expectation
    passed: bool
    actual: tuple[Verdict, ...] = ()
    problem: str | None = None

    def describe(self, lang: Lang = "zh") -> list[str]:
        """The diff: what was expected, what came out, and why (the verdicts' explanations)."""
        zh = lang == "zh"
        expected = self.expectation.describe(lang)
        if self.passed:
            return [("通过：期望 " if zh else "passed: expect ") + expected]
        lines = [("失败：期望 " if zh else "FAILED: expected ") + expected]
        if self.problem is not None:
            lines.append("  " + self.problem)
            return lines
        if not self.actual:
            lines.append(
                "  实际：没有符合这些键的结论" if zh else "  actual: no verdict with these keys"
            )
            return lines
        for verdict in self.actual:
            keys = " ".join(f"{k}={v}" for k, v in verdict.key if v is not None)
            window = f" window={verdict.window}" if verdict.window else ""
            lines.append(
                ("  实际：" if zh else "  actual: ")
                + f"{verdict.rule} {keys}{window} {verdict.status.label(lang)}"
            )
            lines.extend("      " + step for step in verdict.explain(lang))
        return lines


@frozen
class TestResult:
    test: RuleTest
    expectations: tuple[ExpectationResult, ...] = ()
    #: A problem that stopped the test (its events could not be read, a rule failed).
    error: str | None = None

    @property
    def passed(self) -> bool:
        return self.error is None and all(e.passed for e in self.expectations)

    def describe(self, lang: Lang = "zh") -> str:
        zh = lang == "zh"
        head = ("通过" if zh else "PASSED") if self.passed else ("失败" if zh else "FAILED")
        lines = [f"{head}: {self.test.name} ({self.test.where})"]
        if self.error is not None:
            lines.append("  " + self.error.replace("\n", "\n  "))
        for result in self.expectations:
            if not result.passed or self.passed:
                lines.extend("  " + line for line in result.describe(lang))
        return "\n".join(lines)


@frozen
class TestReport:
    results: tuple[TestResult, ...]
    #: Rules that no test names, in the program's order.
    untested_rules: tuple[str, ...] = ()

    @property
    def passed(self) -> bool:
        return all(r.passed for r in self.results)

    @property
    def failures(self) -> tuple[TestResult, ...]:
        return tuple(r for r in self.results if not r.passed)

    def render(self, lang: Lang = "zh", *, verbose: bool = False) -> str:
        """The failures in full, a summary line, and the rules without tests."""
        zh = lang == "zh"
        shown = self.results if verbose else self.failures
        parts = [r.describe(lang) for r in shown]
        passed = sum(r.passed for r in self.results)
        failed = len(self.results) - passed
        parts.append(
            f"{len(self.results)} 个测试：{passed} 个通过，{failed} 个失败"
            if zh
            else f"{len(self.results)} tests: {passed} passed, {failed} failed"
        )
        if self.untested_rules:
            names = "、".join(self.untested_rules) if zh else ", ".join(self.untested_rules)
            parts.append(
                f"没有测试的规则（{len(self.untested_rules)} 条）：{names}"
                if zh
                else f"rules without tests ({len(self.untested_rules)}): {names}"
            )
        return "\n\n".join(parts)


# --- collecting tests --------------------------------------------------------------------------------


def _status(text: str, test: str, where: str) -> Status:
    try:
        return Status.parse(text)
    except ValueError:
        raise UsageError(
            CATALOG.diagnostic("GK511", _span_of(where), hint="GK511.hint", test=test, status=text)
        ) from None


def _span_of(where: str) -> Span | None:
    path, _, rest = where.rpartition(":")
    if not path:
        return None
    line = rest.split(":")[0]
    if ":" in path and path.rsplit(":", 1)[1].isdigit():
        path, line = path.rsplit(":", 1)
    try:
        return Span.for_line(path, int(line))
    except ValueError:
        return None


def from_block(block: ast.TestBlock) -> RuleTest:
    """A :class:`RuleTest` from a ``测试`` block of a .gk file."""
    where = f"{block.span.path}:{block.span.line}"
    events = tuple({"time": e.time, "event": e.event, **dict(e.attributes)} for e in block.events)
    expectations = tuple(
        Expectation(
            e.rule,
            tuple(e.keys),
            _status(e.status, block.name, where),
            f"{e.span.path}:{e.span.line}",
        )
        for e in block.expectations
    )
    refs = tuple((e.span.path, e.span.line) for e in block.events)
    return RuleTest(block.name, block.as_of, events, expectations, where, block.span, refs)


def tests_of_program(program: Program) -> tuple[RuleTest, ...]:
    return tuple(from_block(block) for block in program.tests)


# --- test tables ---------------------------------------------------------------------------------------

_HEADERS = {
    "测试": "test",
    "测试名称": "test",
    "test": "test",
    "截至": "as_of",
    "as_of": "as_of",
    "as of": "as_of",
    "时间": "time",
    "time": "time",
    "事件": "event",
    "event": "event",
    "期望规则": "expect_rule",
    "expect_rule": "expect_rule",
    "期望结论": "expect_status",
    "expect_status": "expect_status",
}
_REQUIRED = ("test", "time", "event", "expect_rule", "expect_status")
_CHINESE_NAMES = {
    "test": "测试",
    "time": "时间",
    "event": "事件",
    "expect_rule": "期望规则",
    "expect_status": "期望结论",
}


def load_test_table(path: str | os.PathLike[str], text: str | None = None) -> tuple[RuleTest, ...]:
    """The tests of a CSV test table (UTF-8, a BOM from Excel accepted).

    Each row is an event (时间 and 事件 filled), an expectation (期望规则 and 期望结论 filled), or
    both.  A row with 测试 empty belongs to the test above it.  The other columns are the event's
    attributes — or, on an expectation row, the keys the verdict must have (``window`` included).
    """
    shown = os.fspath(path)
    if text is None:
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise UsageError(CATALOG.diagnostic("GK515", path=shown, reason=str(error))) from None
    text = text.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        return ()
    roles = [_HEADERS.get(name.strip(), _HEADERS.get(name.strip().lower(), "")) for name in header]
    names = [name.strip() for name in header]
    for required in _REQUIRED:
        if required not in roles:
            raise UsageError(
                CATALOG.diagnostic(
                    "GK510",
                    Span.for_line(shown, 1),
                    hint="GK510.hint",
                    path=shown,
                    column=_CHINESE_NAMES[required],
                )
            )
    tests: list[RuleTest] = []
    current: _TableTest | None = None
    for line_number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        row = {role: cell.strip() for role, cell in zip(roles, cells, strict=False) if role}
        attributes = {
            name: cell.strip()
            for name, role, cell in zip(names, roles, cells, strict=False)
            if not role and name and cell.strip()
        }
        where = f"{shown}:{line_number}"
        if row.get("test") or current is None:
            if current is not None:
                tests.append(current.build())
            current = _TableTest(row.get("test") or f"{Path(shown).name}:{line_number}", where)
        if row.get("as_of"):
            current.as_of = row["as_of"]
        is_event = bool(row.get("time") or row.get("event"))
        is_expectation = bool(row.get("expect_rule") or row.get("expect_status"))
        if not is_event and not is_expectation:
            raise UsageError(
                CATALOG.diagnostic("GK514", Span.for_line(shown, line_number), path=shown)
            )
        if is_event:
            current.events.append(
                {"time": row.get("time", ""), "event": row.get("event", ""), **attributes}
            )
            current.refs.append((shown, line_number))
        if is_expectation:
            status = _status(row.get("expect_status", ""), current.name, where)
            keys = tuple(sorted(attributes.items())) if not is_event else ()
            current.expectations.append(
                Expectation(row.get("expect_rule", ""), keys, status, where)
            )
    if current is not None:
        tests.append(current.build())
    return tuple(tests)


class _TableTest:
    """A test of a table while its rows are read."""

    def __init__(self, name: str, where: str) -> None:
        self.name = name
        self.where = where
        self.as_of: str | None = None
        self.events: list[dict[str, str]] = []
        self.refs: list[tuple[str, int]] = []
        self.expectations: list[Expectation] = []

    def build(self) -> RuleTest:
        return RuleTest(
            self.name,
            self.as_of,
            tuple(self.events),
            tuple(self.expectations),
            self.where,
            event_refs=tuple(self.refs),
        )


# --- running -----------------------------------------------------------------------------------------------


def _matches(verdict: Verdict, keys: Iterable[tuple[str, str]]) -> bool:
    for name, value in keys:
        actual = verdict.window if name == "window" else verdict.key_value(name)
        if actual != value:
            return False
    return True


def _default_as_of(test: RuleTest) -> str | None:
    days = [str(e.get("time", ""))[:10] for e in test.events if e.get("time")]
    return max(days) if days else None


def run_rule_tests(
    tests: Sequence[RuleTest],
    rules: Sequence[ast.Rule],
    calendar: WorkdayCalendar,
    *,
    lang: Lang = "zh",
) -> TestReport:
    """Run *tests* against *rules*; report the rules that no test names."""
    from gkrules.engine.logs import rows_log

    compiled: dict[str, CompiledRule] = {}
    by_id = {rule.id: rule for rule in rules}
    named: set[str] = set()
    results: list[TestResult] = []
    for test in tests:
        wanted = [e.rule for e in test.expectations]
        named.update(wanted)
        missing = [r for r in dict.fromkeys(wanted) if r not in by_id]
        for rule_id in dict.fromkeys(wanted):
            if rule_id in by_id and rule_id not in compiled:
                compiled[rule_id] = compile_rule(by_id[rule_id])
        try:
            log, set_aside = rows_log(test.events, test.where or test.name, refs=test.event_refs)
            as_of = resolve_as_of(test.as_of or _default_as_of(test))
            report = evaluate(
                [compiled[r] for r in dict.fromkeys(wanted) if r in compiled],
                log,
                as_of=as_of,
                calendar=calendar,
                lang=lang,
            )
        except GkError as error:
            results.append(TestResult(test, (), error.render(lang)))
            continue
        verdicts = list(report)
        outcomes: list[ExpectationResult] = []
        for expectation in test.expectations:
            if expectation.rule in missing:
                problem = CATALOG.message("GK512", test=test.name, rule=expectation.rule).get(lang)
                outcomes.append(ExpectationResult(expectation, False, (), problem))
                continue
            actual = tuple(
                v for v in verdicts if v.rule == expectation.rule and _matches(v, expectation.keys)
            )
            passed = bool(actual) and all(v.status is expectation.status for v in actual)
            outcomes.append(ExpectationResult(expectation, passed, actual))
        stopped = "\n".join(d.render(lang) for d in set_aside) if set_aside else None
        results.append(TestResult(test, tuple(outcomes), stopped))
    untested = tuple(rule.id for rule in rules if rule.id not in named)
    return TestReport(tuple(results), untested)


def run_tests(
    program: Program,
    calendar: WorkdayCalendar | None = None,
    *,
    tables: Iterable[str | os.PathLike[str]] = (),
    lang: Lang = "zh",
) -> TestReport:
    """Run the program's ``测试`` blocks and the given test tables against its rules."""
    from gkrules.calendar import default_calendar

    tests = list(tests_of_program(program))
    for table in tables:
        tests.extend(load_test_table(table))
    return run_rule_tests(tests, program.rules, calendar or default_calendar(), lang=lang)
