"""The ``gkrules`` command line.

Built on click (already a dependency of most Python tooling, with a test
runner, shell completion and clean ``--help`` output; typer would add a layer
over click without adding anything gkrules needs).  Only this module prints
or exits.  Exit status: 0 all good, 1 findings at the ``--fail-on`` level,
2 usage, rule or input errors (diagnostics on stderr).
"""

from __future__ import annotations

import locale
import os
import sys
from collections.abc import Sequence

import click

from gkrules import __version__
from gkrules.diagnostics import Lang
from gkrules.errors import GkError

__all__ = ["cli", "main"]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2


def default_lang() -> Lang:
    """``zh`` when the locale (GKRULES_LANG, LC_ALL, LC_MESSAGES, LANG) is Chinese, else ``en``."""
    for variable in ("GKRULES_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    current = locale.getlocale()[0] or ""
    return "zh" if current.lower().startswith("zh") else "en"


@click.group(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(
    __version__, "-V", "--version", prog_name="gkrules", message="%(prog)s %(version)s"
)
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default=None,
    help="Language of messages (default: from the locale).",
)
@click.pass_context
def cli(ctx: click.Context, lang: str | None) -> None:
    """gkrules — 政务公开 compliance: rules, working-day deadlines, event-log checks.

    gkrules —— 政务公开合规检查：规则语言、法定工作日期限计算、事件日志核查。
    """
    ctx.ensure_object(dict)
    ctx.obj["lang"] = lang or default_lang()


def _register() -> None:
    from gkrules.cli.calendar_commands import calendar_command, deadline_command
    from gkrules.cli.check_commands import check_command, due_command, explain_command

    cli.add_command(deadline_command)
    cli.add_command(calendar_command)
    cli.add_command(check_command)
    cli.add_command(due_command)
    cli.add_command(explain_command)

    from gkrules.cli.language_commands import fmt_command, lint_command, test_command

    cli.add_command(fmt_command)
    cli.add_command(lint_command)
    cli.add_command(test_command)


_register()


def _lang_of_args(args: Sequence[str]) -> Lang:
    """The ``--lang`` given anywhere on the command line (the last one wins), else the locale's."""
    lang: str | None = None
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(args):
            lang = args[index + 1]
        elif arg.startswith("--lang="):
            lang = arg.partition("=")[2]
    if lang in ("zh", "en"):
        return "zh" if lang == "zh" else "en"
    return default_lang()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit status instead of exiting (for ``python -m`` and tests)."""
    args = list(argv) if argv is not None else sys.argv[1:]
    try:
        result = cli.main(args=args, prog_name="gkrules", standalone_mode=False)
    except click.exceptions.Exit as stop:
        return stop.exit_code
    except click.ClickException as problem:
        problem.show()
        return EXIT_ERROR
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return EXIT_ERROR
    except GkError as problem:
        click.echo(problem.render(_lang_of_args(args)), err=True)
        return EXIT_ERROR
    return result if isinstance(result, int) else EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
