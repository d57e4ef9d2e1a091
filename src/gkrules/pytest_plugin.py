"""pytest plugin: the rule tests of .gk files and ``*_tests.csv`` tables as pytest items.

Registered as the ``pytest11`` entry point ``gkrules``, so ``pytest rules/`` runs an agency's rule
tests like any other tests (docs/rule-tests.md)::

    pytest dsl_examples/条例.gk          # one file (named on the command line)
    pytest --gk dsl_examples/            # every .gk file and *_tests.csv in a folder

A ``.gk`` file or test table is collected when it is named on the command line; files found by
walking folders only with ``--gk`` (or the ini option ``gk_collect = true``), so a project whose
tests hold ``.gk`` fixtures (broken ones, on purpose) is not disturbed.  Every other file is left
alone.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from gkrules.diagnostics import Lang
from gkrules.errors import GkError

__all__ = ["GkFile", "GkTestItem", "pytest_addoption", "pytest_collect_file"]


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("gkrules")
    group.addoption(
        "--gk",
        action="store_true",
        default=False,
        help="gkrules: collect the rule tests of every .gk file and *_tests.csv in the folders given",
    )
    parser.addini(
        "gk_collect",
        type="bool",
        default=False,
        help="gkrules: collect rule tests from every .gk file and *_tests.csv pytest walks into",
    )


def _lang() -> Lang:
    for variable in ("GKRULES_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "zh"


def _is_rule_file(path: Path) -> bool:
    return path.suffix == ".gk" or path.name.endswith("_tests.csv")


def _given(path: Path, config: pytest.Config) -> bool:
    """Named on the command line, or in a folder walked with ``--gk`` / ``gk_collect``."""
    if config.getoption("gk", default=False) or config.getini("gk_collect"):
        return True
    if config.args_source is not pytest.Config.ArgsSource.ARGS:
        return False
    target = path.resolve()
    return any(Path(argument.split("::")[0]).resolve() == target for argument in config.args)


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if _is_rule_file(file_path) and _given(file_path, parent.config):
        return GkFile.from_parent(parent, path=file_path)
    return None


class GkFile(pytest.File):
    """A .gk file (its test blocks) or a test table (its tests, against the folder's rules)."""

    def collect(self) -> Iterator[pytest.Item]:
        from gkrules.engine.ruletests import load_test_table, tests_of_program
        from gkrules.language.loader import load_program

        path = Path(self.path)
        try:
            if path.suffix == ".gk":
                program = load_program(path)
                tests = [
                    test
                    for test in tests_of_program(program)
                    if test.span is not None and Path(test.span.path).resolve() == path.resolve()
                ]
            else:
                program = load_program(path.parent)
                tests = list(load_test_table(path))
        except GkError as error:
            raise self.CollectError(error.render(_lang())) from None
        for test in tests:
            yield GkTestItem.from_parent(
                self, name=test.name.replace("::", ":"), test=test, rules=program.rules
            )


class GkRuleTestFailed(Exception):
    """A rule test whose expectations were not met (its result describes the diff)."""


class GkTestItem(pytest.Item):
    """One rule test."""

    def __init__(self, *, test: object, rules: tuple[object, ...], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.test = test
        self.rules = rules

    def runtest(self) -> None:
        from gkrules.calendar import default_calendar
        from gkrules.engine.ruletests import RuleTest, run_rule_tests

        assert isinstance(self.test, RuleTest)
        report = run_rule_tests([self.test], self.rules, default_calendar(), lang=_lang())  # type: ignore[arg-type]
        result = report.results[0]
        if not result.passed:
            raise GkRuleTestFailed(result.describe(_lang()))

    def repr_failure(
        self,
        excinfo: pytest.ExceptionInfo[BaseException],
        style: object = None,
    ) -> str:
        if isinstance(excinfo.value, GkRuleTestFailed):
            return str(excinfo.value)
        if isinstance(excinfo.value, GkError):
            return excinfo.value.render(_lang())
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        from gkrules.engine.ruletests import RuleTest

        line: int | None = None
        if isinstance(self.test, RuleTest) and self.test.where:
            _, _, number = self.test.where.rpartition(":")
            line = int(number) - 1 if number.isdigit() else None
        return Path(self.path), line, f"gkrules test: {self.name}"
