"""The Python API: load rules, check event logs, run rule tests.

::

    import gkrules

    rules = gkrules.load("dsl_examples")                 # files, folders, or rule text
    report = rules.check("events.csv", as_of="2024-03-01")
    for verdict in report.verdicts(status="violated"):
        print(verdict.rule, verdict.case, verdict.deadline, *verdict.explain("zh"), sep="\\n")
    report.to_jsonl()

The pipeline reads in one function: :func:`load` (parse → check → compile) and
:meth:`RuleSet.check` (load the log → evaluate as of an instant → report).  Every error a user can
cause is a :class:`gkrules.GkError`.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from typing import Literal

from gkrules.calendar import default_calendar
from gkrules.calendar.core import WorkdayCalendar
from gkrules.diagnostics import Diagnostic, Lang
from gkrules.engine.compile import CompiledRule, compile_rules, rule_columns, rule_rows
from gkrules.engine.eval_messages import usage_error
from gkrules.engine.evaluate import evaluate, resolve_as_of
from gkrules.engine.logs import loaded_log
from gkrules.engine.report import Report
from gkrules.engine.ruletests import TestReport, load_test_table, run_rule_tests, tests_of_program
from gkrules.language import ast
from gkrules.language.loader import Program, load_program

__all__ = ["RuleSet", "load"]

RuleSource = str | os.PathLike[str] | Sequence[str | os.PathLike[str]]


class RuleSet:
    """Checked, compiled rules: check logs with :meth:`check`, run their tests with :meth:`run_tests`."""

    def __init__(self, program: Program, *, calendar: WorkdayCalendar | None = None) -> None:
        self.program = program
        self.calendar = calendar
        self._compiled: tuple[CompiledRule, ...] = compile_rules(program.rules)

    @property
    def rules(self) -> tuple[ast.Rule, ...]:
        """The rules, in the order of their files."""
        return self.program.rules

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(rule.id for rule in self.program.rules)

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        """The checker's warnings (errors stop :func:`load`)."""
        return self.program.warnings

    @property
    def events(self) -> frozenset[str]:
        """Every event name the rules read."""
        return frozenset().union(*(rule.events for rule in self._compiled))

    @property
    def rows(self) -> frozenset[str] | None:
        """The events whose rows the rules can read (``check(..., columns="used")`` reads only
        these rows), or ``None`` when they read every row — a date or window rule checks every
        unit the log has, whatever its events."""
        found: set[str] = set()
        for rule in self._compiled:
            events = rule_rows(rule.rule)
            if events is None:
                return None
            found |= events
        return frozenset(found)

    @property
    def columns(self) -> frozenset[str]:
        """Every log column the rules can read: ``time``, ``event``, ``case``, ``unit``, their keys
        and the attributes they name (``check(..., columns="used")`` reads only these)."""
        return frozenset().union(*(rule_columns(rule.rule) for rule in self._compiled))

    def rule(self, rule_id: str) -> ast.Rule:
        rule = self.program.rule(rule_id)
        if rule is None:
            raise usage_error("GK522", rule=rule_id)
        return rule

    def select(self, rule_ids: Sequence[str]) -> RuleSet:
        """A rule set of only the rules *rule_ids* (in this set's order)."""
        for rule_id in rule_ids:
            self.rule(rule_id)
        chosen = RuleSet.__new__(RuleSet)
        chosen.program = self.program
        chosen.calendar = self.calendar
        chosen._compiled = tuple(r for r in self._compiled if r.id in set(rule_ids))
        return chosen

    def __len__(self) -> int:
        return len(self._compiled)

    def __repr__(self) -> str:
        return f"<RuleSet {len(self._compiled)} rules: {', '.join(r.id for r in self._compiled[:8])}{' …' if len(self._compiled) > 8 else ''}>"

    def check(
        self,
        events: object,
        *,
        as_of: dt.datetime | dt.date | str | None = None,
        calendar: WorkdayCalendar | None = None,
        lenient: bool = False,
        lang: Lang = "zh",
        columns: Literal["all", "used"] = "all",
    ) -> Report:
        """Every verdict of these rules on *events* as of *as_of* (default: now).

        *events* is anything the event-log loader reads — a path, several paths, an open file,
        an iterable of mappings, a pandas DataFrame, a pyarrow Table — or a log loaded already.
        *as_of* may be an aware or naive (Beijing time) datetime, a date (its last instant) or ISO
        text.  With *lenient*, rows that cannot be read are set aside and listed in the report
        instead of stopping the check.  *lang* is the language of explanations in exports.
        With ``columns="used"``, a log read here (not one loaded already) is read only where the
        rules can look: the columns they can read (:attr:`columns`) in the rows they can read
        (:attr:`rows`); the other rows are counted by event, as unused.  Faster, the
        same verdicts, but problems elsewhere go unnoticed.
        """
        instant = resolve_as_of(as_of)
        if columns not in ("all", "used"):
            raise usage_error("GK524", value=repr(columns))
        used = columns == "used"
        outcome = loaded_log(
            events,
            lenient=lenient,
            columns=self.columns if used else None,
            event_names=self.rows if used else None,
        )
        return evaluate(
            self._compiled,
            outcome.log,
            as_of=instant,
            calendar=calendar or self.calendar or default_calendar(),
            lang=lang,
            rows_set_aside=outcome.rows_set_aside,
            rows_dropped=outcome.rows_dropped,
            set_aside=outcome.set_aside,
            sources=outcome.sources,
            load=outcome.load_report,
        )

    def run_tests(
        self,
        *,
        tables: Sequence[str | os.PathLike[str]] = (),
        calendar: WorkdayCalendar | None = None,
        lang: Lang = "zh",
    ) -> TestReport:
        """Run the rules' ``测试`` blocks and the test tables given (CSV, docs/rule-tests.md)."""
        tests = list(tests_of_program(self.program))
        for table in tables:
            tests.extend(load_test_table(table))
        return run_rule_tests(
            tests,
            self.program.rules,
            calendar or self.calendar or default_calendar(),
            lang=lang,
        )


def load(source: RuleSource, *, calendar: WorkdayCalendar | None = None) -> RuleSet:
    """Load, check and compile rules: a .gk file, a folder of them, several, or rule text.

    A ``str`` holding a line break is rule text.  Raises :class:`~gkrules.RuleSyntaxError` or
    :class:`~gkrules.RuleCheckError` (all problems at once) for bad rules and
    :class:`~gkrules.UsageError` for a missing path.  *calendar* becomes the default calendar of
    :meth:`RuleSet.check`.
    """
    program = load_program(source)
    return RuleSet(program, calendar=calendar)
