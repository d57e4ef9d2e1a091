"""Options and helpers shared by the gkrules commands."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from gkrules.calendar import WorkdayCalendar, load_calendar
from gkrules.diagnostics import Lang

__all__ = ["calendar_options", "lang_of", "lang_option", "make_calendar"]

F = TypeVar("F", bound=Callable[..., Any])


def _set_lang(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is not None:
        ctx.ensure_object(dict)["lang"] = value


def lang_option(function: F) -> F:
    """``--lang zh|en`` after the command name too (the group's option is the default)."""
    return click.option(
        "--lang",
        type=click.Choice(["zh", "en"]),
        default=None,
        expose_value=False,
        callback=_set_lang,
        help="Language of messages (default: from the locale).",
    )(function)


def calendar_options(function: F) -> F:
    """``--calendar FILE`` (repeatable), ``--provisional`` and ``--lang``."""
    function = lang_option(function)
    function = click.option(
        "--provisional",
        is_flag=True,
        help="Answer dates past the calendar data provisionally (statutory holidays, no 调休) and mark them.",
    )(function)
    function = click.option(
        "--calendar",
        "calendar_files",
        multiple=True,
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        metavar="FILE",
        help="A calendar file (TOML) adding a year's notice or regional holidays; repeatable.",
    )(function)
    return function


def make_calendar(files: tuple[Path, ...], provisional: bool) -> WorkdayCalendar:
    return load_calendar(files, provisional=provisional)


def lang_of(ctx: click.Context) -> Lang:
    obj = ctx.find_object(dict) or {}
    lang = obj.get("lang", "en")
    return "zh" if lang == "zh" else "en"
