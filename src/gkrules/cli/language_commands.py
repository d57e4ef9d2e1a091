"""``gkrules fmt`` and ``gkrules lint``: the rule author's tools.

``fmt`` rewrites .gk files in the one canonical layout (``--check`` only
reports); ``lint`` runs the checker over rule files and adds style warnings
(full-width punctuation, unformatted files), exiting 1 when it finds errors
(or warnings with ``--strict``).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path

import click

from gkrules.cli.common import calendar_options, lang_of, lang_option, make_calendar
from gkrules.diagnostics import Catalog, Diagnostic, Severity, render_all
from gkrules.errors import GkError, UsageError
from gkrules.language import find_fullwidth, format_text
from gkrules.language.loader import diagnose
from gkrules.source import SourceFile

__all__ = ["fmt_command", "gk_files", "lint_command", "test_command"]

STYLE = Catalog(
    {
        "GK601": (
            "full-width '{char}' read as '{ascii}'",
            "全角字符“{char}”按半角“{ascii}”读取",
        ),
        "GK601.hint": (
            "`gkrules fmt` writes '{ascii}'",
            "`gkrules fmt` 会改写为“{ascii}”",
        ),
        "GK602": (
            "file is not in the canonical layout",
            "文件未按标准格式排版",
        ),
        "GK602.hint": (
            "run `gkrules fmt {path}`",
            "运行 `gkrules fmt {path}`",
        ),
    }
)


def gk_files(paths: Iterable[Path]) -> list[Path]:
    """The .gk files named, and those under named folders (sorted); a missing path is an error."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*.gk") if p.is_file()))
        elif path.is_file():
            found.append(path)
        else:
            raise UsageError(f"no such file or folder: {path}")
    return found


@click.command("fmt")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--check", is_flag=True, help="Change nothing; exit 1 if a file is not formatted.")
@click.option("--diff", "show_diff", is_flag=True, help="Show what would change (implies --check).")
@lang_option
@click.pass_context
def fmt_command(ctx: click.Context, paths: tuple[Path, ...], check: bool, show_diff: bool) -> int:
    """Format .gk files in the canonical layout (comments kept; idempotent).

    按标准格式排版 .gk 规则文件（保留注释）。
    """
    lang = lang_of(ctx)
    check = check or show_diff
    unformatted = 0
    errors: list[Diagnostic] = []
    for path in gk_files(paths):
        text = path.read_text(encoding="utf-8-sig")
        try:
            formatted = format_text(text, str(path))
        except GkError as problem:
            errors.extend(problem.diagnostics)
            continue
        if formatted == text:
            continue
        unformatted += 1
        if check:
            click.echo(("未排版：" if lang == "zh" else "would reformat: ") + str(path))
            if show_diff:
                click.echo(
                    "".join(
                        difflib.unified_diff(
                            text.splitlines(keepends=True),
                            formatted.splitlines(keepends=True),
                            str(path),
                            str(path) + " (formatted)",
                        )
                    )
                )
        else:
            path.write_text(formatted, encoding="utf-8")
            click.echo(("已排版：" if lang == "zh" else "reformatted: ") + str(path))
    if errors:
        click.echo(render_all(errors, lang), err=True)
        return 2
    return 1 if check and unformatted else 0


@click.command("lint")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@lang_option
@click.pass_context
def lint_command(ctx: click.Context, paths: tuple[Path, ...], strict: bool) -> int:
    """Check .gk files: every checker finding plus style warnings.

    检查 .gk 规则文件：语义检查的全部结果及书写风格提示。
    """
    lang = lang_of(ctx)
    files = gk_files(paths)
    # The checker's findings, errors and warnings alike; its per-file full-width count (GK373)
    # is replaced by the per-character warnings below.
    findings = [d for d in diagnose([str(path) for path in files]) if d.code != "GK373"]
    for path in files:
        findings.extend(_style_warnings(path))
    if findings:
        click.echo(render_all(findings, lang), err=True)
    errors = sum(1 for d in findings if d.severity is Severity.ERROR)
    warnings = len(findings) - errors
    summary = (
        f"{len(files)} 个文件：{errors} 个错误，{warnings} 个警告"
        if lang == "zh"
        else f"{len(files)} file(s): {errors} error(s), {warnings} warning(s)"
    )
    click.echo(summary)
    if errors:
        return 1
    return 1 if strict and warnings else 0


def _style_warnings(path: Path) -> list[Diagnostic]:
    text = path.read_text(encoding="utf-8-sig")
    source = SourceFile(str(path), text)
    found = [
        STYLE.diagnostic(
            "GK601",
            item.span,
            source,
            severity=Severity.WARNING,
            hint="GK601.hint",
            char=item.original,
            ascii=item.ascii,
        )
        for item in find_fullwidth(text, str(path))
    ]
    try:
        formatted = format_text(text, str(path))
    except GkError:
        return found  # the checker already reported the syntax error
    if formatted != text:
        found.append(
            STYLE.diagnostic(
                "GK602",
                source.span(0, 0),
                source,
                severity=Severity.WARNING,
                hint="GK602.hint",
                path=str(path),
            )
        )
    return found


@click.command("test")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--table",
    "tables",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    metavar="CSV",
    help="A test table (CSV with Chinese headers, docs/rule-tests.md); repeatable. "
    "Files named *_tests.csv under the PATHS are picked up too.",
)
@click.option("-v", "--verbose", is_flag=True, help="Show passing tests too.")
@calendar_options
@click.pass_context
def test_command(
    ctx: click.Context,
    paths: tuple[Path, ...],
    tables: tuple[Path, ...],
    verbose: bool,
    calendar_files: tuple[Path, ...],
    provisional: bool,
) -> int:
    """Run the rules' own tests (测试 blocks and test tables); list rules without tests.

    运行规则自带的测试（测试块与测试表），并列出没有测试的规则。
    """
    from gkrules.api import load

    lang = lang_of(ctx)
    files = gk_files(paths)
    found_tables = list(tables)
    for path in paths:
        if path.is_dir():
            found_tables.extend(sorted(path.rglob("*_tests.csv")))
    ruleset = load([str(path) for path in files])
    report = ruleset.run_tests(
        tables=[str(table) for table in found_tables],
        calendar=make_calendar(calendar_files, provisional),
        lang=lang,
    )
    click.echo(report.render(lang, verbose=verbose))
    return 0 if report.passed else 1
