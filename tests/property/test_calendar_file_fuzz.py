"""Calendar files of any content: a calendar, or a gkrules error, nothing else (issue 9).

Random bytes go through :func:`gkrules.calendar.load_calendar` (read, decode, parse, check and
compile); TOML-shaped documents built from the format's own keys and values of every TOML type go
through :func:`~gkrules.calendar.files.parse_calendar_text` and ``load_calendar``.  The only
exceptions allowed out are :class:`gkrules.errors.GkError` subclasses, and their messages render
in both languages.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from gkrules.calendar import load_calendar
from gkrules.calendar.files import parse_calendar_text
from gkrules.errors import GkError

TOP_KEYS = ("source", "years", "region", "name", "kind", "note", "year", "holidays")
ENTRY_KEYS = ("date", "start", "end", "name", "source", "dates", "note", "region", "days")
TABLES = ("holidays", "makeup_workdays", "workdays", "rest_days", "holiday")

SCALARS = (
    st.integers(-(2**70), 2**70)
    | st.sampled_from([2004, 2026, 2027, 2028, 9999, 0, -1, 20270101])
    | st.text(max_size=12)
    | st.sampled_from(["2027-01-01", "春节", "广西", "国办发明电〔2026〕1号", "5月1日", ""])
    | st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31))
    | st.dates(dt.date(2003, 1, 1), dt.date(2030, 12, 31))
    | st.datetimes(dt.datetime(1990, 1, 1), dt.datetime(2040, 1, 1))
    | st.times()
    | st.booleans()
    | st.floats()
)
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4), max_leaves=6)


def toml_value(value: object) -> str:
    """*value* as TOML text (a string in double quotes, dates bare, arrays in brackets)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, float):
        return {"nan": "nan", "inf": "inf", "-inf": "-inf"}.get(repr(value), repr(value))
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    return str(value)


@st.composite
def calendar_documents(draw: st.DrawFn) -> str:
    """TOML text shaped like a calendar file, sometimes cut or spliced with junk."""
    lines = [
        f"{key} = {toml_value(draw(VALUES))}"
        for key in draw(st.lists(st.sampled_from(TOP_KEYS), max_size=4, unique=True))
    ]
    for table in draw(st.lists(st.sampled_from(TABLES), max_size=5)):
        lines.append(f"\n[[{table}]]")
        keys = draw(st.lists(st.sampled_from(ENTRY_KEYS), max_size=4, unique=True))
        lines.extend(f"{key} = {toml_value(draw(VALUES))}" for key in keys)
    text = "\n".join(lines) + "\n"
    if draw(st.booleans()):
        cut = draw(st.integers(0, len(text)))
        text = text[:cut] + draw(st.text(max_size=5)) + text[cut + draw(st.integers(0, 3)) :]
    return text


@st.composite
def near_valid_documents(draw: st.DrawFn) -> str:
    """Well-formed notices for years around the bundled data's end, with clashing dates likely."""
    first = draw(st.integers(2024, 2029))
    last = first + draw(st.integers(-1, 2))
    days = st.dates(dt.date(first - 1, 12, 1), dt.date(max(first, last) + 1, 1, 31))
    lines = ['source = "测试通知"']
    if draw(st.booleans()):
        lines.append(f"years = [{first}, {last}]")
    if draw(st.booleans()):
        lines.append('region = "广西"')
    for _ in range(draw(st.integers(0, 4))):
        start = draw(days)
        end = start + dt.timedelta(days=draw(st.integers(-2, 9)))
        name = draw(st.sampled_from(["春节", "国庆节", "元旦", ""]))
        lines += ["", "[[holidays]]", f"start = {start}", f"end = {end}", f'name = "{name}"']
    for _ in range(draw(st.integers(0, 3))):
        lines += ["", "[[makeup_workdays]]", f"date = {draw(days)}", 'name = "春节"']
    return "\n".join(lines) + "\n"


def _renders(error: GkError) -> None:
    """The error's message is non-empty in both languages."""
    for lang in ("en", "zh"):
        if not error.render(lang).strip():
            raise AssertionError(f"an empty {lang} message for {error!r}")


def _load_file(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "日历.toml"
        path.write_bytes(content)
        try:
            calendar = load_calendar([path])
        except GkError as error:
            _renders(error)
            return
        calendar.day_info(dt.date(2026, 10, 1))


@given(st.binary(max_size=400))
def test_random_bytes_load_or_raise_a_gkrules_error(content: bytes) -> None:
    _load_file(content)


@given(calendar_documents() | near_valid_documents())
def test_toml_shaped_text_parses_or_raises_a_gkrules_error(text: str) -> None:
    try:
        parse_calendar_text(text, "日历.toml")
    except GkError as error:
        _renders(error)


@given(calendar_documents() | near_valid_documents())
def test_toml_shaped_files_load_or_raise_a_gkrules_error(text: str) -> None:
    _load_file(text.encode("utf-8", "surrogatepass"))
