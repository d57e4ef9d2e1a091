"""Safety (issue 9): nothing in gkrules runs code from its input, imports stay under the rules'
folder, and no error message dumps an unbounded input line.

Covered elsewhere and not repeated here: absolute, drive-letter, https URL, ``..`` and symbolic
link imports (tests/unit/language/test_loader.py, tests/golden/diagnostics/51–54); HTML escaping
in headless Chromium (tests/unit/reports/test_html_browser.py); CSV formula neutralisation
(tests/unit/reports/).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from gkrules.calendar import load_calendar
from gkrules.calendar.files import parse_calendar_text
from gkrules.engine import load_events
from gkrules.errors import CalendarFileError, EventLogError, GkError, RuleCheckError, UsageError
from gkrules.language.loader import load_program
from gkrules.language.parser import parse_text

SOURCE = Path(__file__).resolve().parents[2] / "src" / "gkrules"

#: builtins that run or load code
FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__", "breakpoint", "input"}
#: modules that run code, deserialize objects, spawn processes or open connections
FORBIDDEN_MODULES = {
    "subprocess", "pickle", "marshal", "shelve", "dill", "cloudpickle", "ctypes", "socket",
    "urllib", "http", "ftplib", "smtplib", "requests", "httpx", "aiohttp", "code", "codeop", "pty",
    "runpy", "multiprocessing",
}  # fmt: skip
#: parts of those modules that only compute (parsing a URL text opens nothing)
HARMLESS_SUBMODULES = {"urllib.parse"}
#: os functions that start programs
FORBIDDEN_OS = {"system", "popen", "execv", "execve", "execvp", "execl", "spawnv", "startfile"}

#: (file relative to src/gkrules, name) → why it is safe there
ALLOWED: dict[tuple[str, str], str] = {
    ("spark/worker.py", "pickle"): (
        "ships the rules' AST, compiled by gkrules on the driver, to gkrules' own Spark executors; "
        "the bytes never come from a user's file"
    ),
    ("spark/plan.py", "pickle"): (
        "reads back the problems gkrules' own executors pickled (worker.py); never user bytes"
    ),
    ("stream/spill.py", "pickle"): (
        "reads back the diagnostics gkrules' own loader pickled for a row set aside, in the same "
        "process (spark/worker.py annotate); never user bytes"
    ),
    ("stream/run.py", "pickle"): (
        "reads back the evaluation problems gkrules' own worker pickled in the same process; "
        "never user bytes"
    ),
    ("language/parser.py", "pickle"): (
        "reads the parser's LALR tables shipped in the package (grammar.tables, written by "
        "write_tables), with an unpickler that refuses every class and function: plain data only "
        "(tested); never user bytes"
    ),
    ("engine/log_arrow.py", "import_module(?)"): (
        "_import(name) is called with literal pyarrow module names only (checked below)"
    ),
}
#: ``importlib.import_module`` is allowed only with these modules (optional dependencies)
OPTIONAL_MODULES = {"pandas", "pyarrow", "pyarrow.csv", "pyarrow.compute", "pyarrow.json",
                    "pyarrow.parquet", "pyspark", "pyspark.sql", "pyspark.sql.functions",
                    "pyspark.sql.types", "pyspark.errors"}  # fmt: skip


def _module(name: str) -> str:
    """The top-level name of an imported module, or ``ok`` for a harmless part of one."""
    return "ok" if name in HARMLESS_SUBMODULES else name.split(".")[0]


def _findings(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(_module(alias.name), node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((_module(node.module), node.lineno))
        elif isinstance(node, ast.Call):
            function = node.func
            if isinstance(function, ast.Name) and function.id in FORBIDDEN_CALLS:
                found.append((function.id, node.lineno))
            elif isinstance(function, ast.Attribute):
                owner = function.value
                if (
                    isinstance(owner, ast.Name)
                    and owner.id == "os"
                    and function.attr in FORBIDDEN_OS
                ):
                    found.append((f"os.{function.attr}", node.lineno))
                if function.attr == "import_module":
                    argument = node.args[0] if node.args else None
                    literal = (
                        isinstance(argument, ast.Constant) and argument.value in OPTIONAL_MODULES
                    )
                    found.append(("import_module" if literal else "import_module(?)", node.lineno))
    return found


def test_no_source_file_evaluates_code_spawns_processes_or_opens_connections() -> None:
    bad = []
    for path in sorted(SOURCE.rglob("*.py")):
        relative = path.relative_to(SOURCE).as_posix()
        for name, line in _findings(path):
            forbidden = (
                name in FORBIDDEN_MODULES
                or name in FORBIDDEN_CALLS
                or name.startswith("os.")
                or name == "import_module(?)"
            )
            if forbidden and (relative, name) not in ALLOWED:
                bad.append(f"src/gkrules/{relative}:{line}: {name}")
    assert not bad, "code execution, processes or network in the library:\n" + "\n".join(bad)


def test_a_variable_import_module_only_loads_optional_dependencies() -> None:
    """``engine/log_arrow.py`` imports by a variable name: every caller passes a literal."""
    text = (SOURCE / "engine" / "log_arrow.py").read_text(encoding="utf-8")
    calls = [node for node in ast.walk(ast.parse(text)) if isinstance(node, ast.Call)]
    names = [
        call.args[0].value
        for call in calls
        if isinstance(call.func, ast.Name) and call.func.id == "_import" and call.args
        if isinstance(call.args[0], ast.Constant)
    ]
    assert names
    assert set(names) <= OPTIONAL_MODULES
    assert len(names) == sum(
        1 for call in calls if isinstance(call.func, ast.Name) and call.func.id == "_import"
    )


def test_the_scan_would_catch_what_it_looks_for(tmp_path: Path) -> None:
    planted = tmp_path / "planted.py"
    planted.write_text(
        "import subprocess\nfrom urllib import request\nimport importlib\n"
        "eval('1')\nos.system('x')\nimportlib.import_module(name)\n",
        encoding="utf-8",
    )
    names = {name for name, _ in _findings(planted)}
    assert {"subprocess", "urllib", "eval", "os.system", "import_module(?)"} <= names


@pytest.mark.parametrize(
    ("target", "code"),
    [
        ("file:///etc/外部.gk", "GK303"),
        ("ftp://example.gov.cn/外部.gk", "GK303"),
        ("\\\\\\\\server\\\\share\\\\外部.gk", "GK302"),
        ("..\\\\外部.gk", "GK304"),
        ("rules/../../外部.gk", "GK304"),
        ("~/外部.gk", "GK301"),
    ],
)
def test_more_import_forms_outside_the_root_are_refused(
    tmp_path: Path, target: str, code: str
) -> None:
    (tmp_path / "外部.gk").write_text("常量 X = 3\n", encoding="utf-8")
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "main.gk").write_text(f'导入 "{target}"\n', encoding="utf-8")
    with pytest.raises(RuleCheckError) as raised:
        load_program(tmp_path / "rules" / "main.gk")
    assert [d.code for d in raised.value.diagnostics] == [code]


def test_a_nul_in_a_path_is_a_gkrules_error() -> None:
    with pytest.raises(EventLogError):
        load_events("日志\x00.csv")
    with pytest.raises(CalendarFileError):
        load_calendar(["日历\x00.toml"])
    with pytest.raises(UsageError):
        load_program("规则\x00.gk")


LIMIT = 1_000


def _rendered(error: GkError) -> list[str]:
    return [error.render(lang) for lang in ("en", "zh")]


def test_a_gk_error_at_column_500000_of_a_1_mb_line_renders_short() -> None:
    line = " " * 499_999 + "@" + " " * 500_000
    with pytest.raises(GkError) as raised:
        parse_text(line + "\n")
    [diagnostic] = raised.value.diagnostics
    assert diagnostic.span is not None
    assert diagnostic.span.column == 500_000
    assert all(len(text) < LIMIT for text in _rendered(raised.value))


def test_a_calendar_error_at_column_500000_renders_short() -> None:
    text = 'source = "' + "x" * 499_990 + '" junk' + " " * 500_000 + "\n"
    with pytest.raises(CalendarFileError) as raised:
        parse_calendar_text(text, "长行.toml")
    assert all(len(shown) < LIMIT for shown in _rendered(raised.value))


def test_a_log_error_far_along_a_1_mb_line_renders_short(tmp_path: Path) -> None:
    cells = 100
    header = ",".join(["event", *(f"n{i}" for i in range(cells)), "time"])
    row = ",".join(["答复", *("x" * 9_000 for _ in range(cells)), "不是时间"])
    path = tmp_path / "长行.csv"
    path.write_text(f"{header}\n{row}\n", encoding="utf-8")
    with pytest.raises(EventLogError) as raised:
        load_events(path)
    spans = [d.span for d in raised.value.diagnostics if d.span is not None]
    assert any(span.column > 500_000 for span in spans)
    assert all(len(shown) < 2 * LIMIT for shown in _rendered(raised.value))
