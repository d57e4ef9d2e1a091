"""The bundled data: pinned to the installed chinese-calendar, and the corrections still needed."""

from __future__ import annotations

import hashlib
import re

import chinese_calendar
import pytest

from gkrules.calendar.data import (
    HOLIDAY_NAMES,
    DayKind,
    bundled_layer,
    chinese_calendar_label,
    corrections_layer,
)

#: chinese-calendar version → (holidays, make-up working days, sha256 of the extracted entries).
#: When a new release changes its data, this test fails: check the new data against the notices,
#: review data/corrections.toml, then pin the new release here.
PINNED = {
    "chinese-calendar 1.11.0": (
        621,
        150,
        "cd8151273189e8ae96d0d7d18f09c4b836bd20acd87deaa34117954930b220d8",
    ),
}

DOCUMENT_NUMBER = re.compile(r"^国办发(明电)?〔\d{4}〕\d+号$")


def test_the_package_data_is_the_data_pinned() -> None:
    layer = bundled_layer()
    label = chinese_calendar_label()
    assert label in PINNED, (
        f"{label} is not pinned: review its data and corrections.toml, then pin it"
    )
    holidays = sum(entry.kind is DayKind.HOLIDAY for entry in layer.entries)
    makeups = sum(entry.kind is DayKind.MAKEUP_WORKDAY for entry in layer.entries)
    lines = "\n".join(f"{e.day.isoformat()} {e.kind.value} {e.name}" for e in layer.entries)
    digest = hashlib.sha256(lines.encode()).hexdigest()
    assert (holidays, makeups, digest) == PINNED[label], (
        f"{label}'s holiday data changed: check it against the notices and corrections.toml, "
        "then update PINNED"
    )


def test_every_package_holiday_name_is_translated() -> None:
    assert set(chinese_calendar.constants.holidays.values()) <= set(HOLIDAY_NAMES)
    assert set(chinese_calendar.constants.workdays.values()) <= set(HOLIDAY_NAMES)


def test_the_bundled_years() -> None:
    assert bundled_layer().source.years == (2004, max(chinese_calendar.constants.holidays).year)


@pytest.mark.parametrize("entry", corrections_layer().entries, ids=lambda e: e.day.isoformat())
def test_each_correction_is_still_needed(entry) -> None:  # type: ignore[no-untyped-def]
    package_says_workday = chinese_calendar.is_workday(entry.day)
    corrected_workday = entry.kind is DayKind.MAKEUP_WORKDAY
    assert package_says_workday != corrected_workday, (
        f"chinese-calendar now agrees that {entry.day} is "
        f"{'a working day' if corrected_workday else 'a rest day'}: "
        "drop this entry from src/gkrules/calendar/data/corrections.toml"
    )


def test_each_correction_cites_a_notice() -> None:
    layer = corrections_layer()
    assert layer.entries
    for entry in layer.entries:
        assert entry.source is not None
        assert DOCUMENT_NUMBER.match(entry.source), entry.source
        assert entry.name
