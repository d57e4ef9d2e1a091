"""Calendar files: bad files give located diagnostics (golden), good files change the answers."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from tests.golden_support import check_golden

from gkrules.calendar import DayKind, default_calendar, load_calendar
from gkrules.calendar.core import compile_calendar
from gkrules.calendar.data import bundled_layer, corrections_layer
from gkrules.calendar.files import load_calendar_file, parse_calendar_text
from gkrules.errors import CalendarFileError

HERE = Path(__file__).resolve().parent
GOLDEN = HERE.parent.parent / "golden" / "calendar_files"
BAD_FILES = sorted(GOLDEN.glob("*.toml"))
GUANGXI = HERE / "files" / "guangxi-2025.toml"
NOTICE_2027 = HERE / "files" / "notice-2027.toml"


def load_as_shipped(path: Path) -> None:
    """Parse *path* (named relative to tests/golden so output is stable) onto the bundled data."""
    name = f"calendar_files/{path.name}"
    layer = parse_calendar_text(path.read_text(encoding="utf-8"), name)
    compile_calendar([bundled_layer(), corrections_layer(), layer])


def test_there_are_enough_bad_file_cases() -> None:
    assert len(BAD_FILES) >= 10


@pytest.mark.parametrize("path", BAD_FILES, ids=lambda path: path.stem)
def test_bad_calendar_files(path: Path, update_golden: bool) -> None:
    with pytest.raises(CalendarFileError) as caught:
        load_as_shipped(path)
    for lang in ("en", "zh"):
        rendered = caught.value.render(lang) + "\n"
        check_golden(path.with_suffix(f".{lang}.txt"), rendered, update_golden)
    for diagnostic in caught.value.diagnostics:
        assert diagnostic.code.startswith("GK1")
        assert diagnostic.span is not None, diagnostic


def test_a_missing_file_is_a_calendar_file_error(tmp_path: Path) -> None:
    with pytest.raises(CalendarFileError, match=r"GK110.*cannot read calendar file"):
        load_calendar([tmp_path / "nope.toml"])


def test_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "gbk.toml"
    path.write_bytes('source = "国办发明电"\n'.encode("gbk"))
    with pytest.raises(CalendarFileError, match="GK110"):
        load_calendar_file(path)


def test_a_regional_file_changes_the_answers() -> None:
    cal = default_calendar().with_files(GUANGXI)
    # 2025 壮族三月三: 农历三月初三 is 3月31日 (Monday); the region rests 3月31日 and 4月1日.
    friday = date(2025, 3, 28)
    assert default_calendar().add_workdays(friday, 1) == date(2025, 3, 31)
    assert cal.add_workdays(friday, 1) == date(2025, 4, 2)
    info = cal.day_info(date(2025, 3, 31))
    assert (info.kind, info.name) == (DayKind.HOLIDAY, "壮族三月三")
    assert info.source is not None
    assert info.source.startswith("示例")
    assert cal.last_year == default_calendar().last_year
    assert cal.sources[-1].region == "广西"
    assert cal.sources[-1].years is None
    assert load_calendar([GUANGXI]) == cal


def test_a_national_file_extends_the_years() -> None:
    cal = load_calendar([NOTICE_2027])
    assert cal.last_year == 2027
    assert not cal.provisional
    assert cal.sources[-1].years == (2027, 2027)
    info = cal.day_info(date(2027, 2, 20))
    assert info.kind is DayKind.MAKEUP_WORKDAY
    assert cal.day_info(date(2027, 3, 1)).source == cal.sources[-1].documents[0]
    assert not cal.is_provisional(date(2027, 12, 31))
    # The example now has an authoritative answer.
    assert cal.add_workdays(date(2026, 12, 20), 20) == date(2027, 1, 18)
    with_region = cal.with_files(GUANGXI)
    assert with_region.last_year == 2027


def test_the_bundled_corrections_file_is_a_calendar_file() -> None:
    layer = corrections_layer()
    assert layer.source.name == "corrections.toml"
    assert all(entry.span is not None for entry in layer.entries)


TEMPLATE = HERE.parents[2] / "docs" / "calendar-2027.template.toml"


def test_the_2027_template_refuses_to_load_unfilled() -> None:
    with pytest.raises(CalendarFileError) as caught:
        load_calendar([TEMPLATE])
    assert [d.code for d in caught.value.diagnostics] == ["GK126"]


def test_the_2027_template_loads_once_filled(tmp_path: Path) -> None:
    """Uncomment the entries and fill the make-up days in, as a user would."""
    makeup_days = iter(("2027-02-20", "2027-04-25", "2027-10-09"))
    lines = []
    for line in TEMPLATE.read_text(encoding="utf-8").splitlines():
        if line.startswith("# [[") or (line.startswith("# ") and " = " in line):
            line = line[2:]
        if line.startswith("date = 2027-MM-DD"):
            line = line.replace("2027-MM-DD", next(makeup_days))
        lines.append(line)
    filled = tmp_path / "calendar-2027.toml"
    filled.write_text("\n".join(lines), encoding="utf-8")
    cal = load_calendar([filled])
    assert cal.last_year == 2027
    assert not cal.is_workday(date(2027, 2, 5))
    assert cal.is_workday(date(2027, 10, 9))


def test_a_national_file_replaces_the_data_of_its_years(tmp_path: Path) -> None:
    """Re-declaring a known year: the file is the whole arrangement, earlier entries of it go."""
    path = tmp_path / "calendar-2024.toml"
    path.write_text(
        'source = "测试：只放元旦的2024年"\nyears = [2024, 2024]\n\n'
        '[[holidays]]\ndate = 2024-01-01\nname = "元旦"\n',
        encoding="utf-8",
    )
    cal = default_calendar().with_files(path)
    assert not cal.is_workday(date(2024, 1, 1))
    assert cal.is_workday(date(2024, 2, 12))  # the bundled 春节 of 2024 is gone
    assert not cal.is_workday(date(2024, 2, 4))  # and so is its make-up Sunday
    assert cal.day_info(date(2024, 3, 4)).source == "测试：只放元旦的2024年"
    assert cal.is_workday(date(2005, 12, 31))  # other years keep their corrections
