"""``gkrules deadline`` and ``gkrules calendar`` through the real entry point, with golden output."""

from __future__ import annotations

import json

import pytest
from tests.conftest import GOLDEN_ROOT
from tests.golden_support import check_golden

from gkrules.cli import main

CASES = {
    "deadline_spring_festival_zh": ["--lang", "zh", "deadline", "2024-02-08", "+3工作日"],
    "deadline_spring_festival_en": ["--lang", "en", "deadline", "2024-02-08", "+3工作日"],
    "deadline_national_day_zh": ["deadline", "2025-09-30", "+3工作日", "--lang", "zh"],
    "deadline_hours_zh": ["deadline", "2024-05-01 10:15", "+48小时", "--lang", "zh"],
    "deadline_month_end_en": ["deadline", "2024-01-31", "+1个月", "--lang", "en"],
    "deadline_natural_days_rolled_zh": ["deadline", "2025-09-16", "+15日", "--lang", "zh"],
    "deadline_provisional_zh": [
        "deadline",
        "2026-12-20",
        "+20工作日",
        "--provisional",
        "--lang",
        "zh",
    ],
    "calendar_2026_10_zh": ["calendar", "2026-10", "--lang", "zh"],
    "calendar_2024_02_en": ["calendar", "2024-02", "--lang", "en"],
    "calendar_2027_02_provisional_en": ["calendar", "2027-02", "--provisional", "--lang", "en"],
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_output_matches_golden(name, capsys, update_golden):
    assert main(CASES[name]) == 0
    check_golden(GOLDEN_ROOT / "cli" / f"{name}.txt", capsys.readouterr().out, update_golden)


def test_deadline_past_the_calendar_is_an_error_naming_the_year(capsys):
    assert main(["--lang", "en", "deadline", "2026-12-20", "+20工作日"]) == 2
    err = capsys.readouterr().err
    assert "2027" in err
    assert "2004–2026" in err
    assert "--calendar FILE" in err


def test_deadline_json_is_machine_readable(capsys):
    assert main(["deadline", "2024-02-08", "+3工作日", "--format", "json", "--lang", "en"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["last_day"] == "2024-02-19"
    assert record["due"] == "2024-02-20T00:00:00+08:00"
    assert record["provisional"] is False
    assert record["period"] == {"value": 3, "unit": "工作日"}


def test_deadline_with_cutoff(capsys):
    assert (
        main(["deadline", "2024-02-08", "+3工作日", "--cutoff", "17:30", "--format", "json"]) == 0
    )
    assert json.loads(capsys.readouterr().out)["due"] == "2024-02-19T17:30:00+08:00"


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["deadline", "2024-02-08", "+3工做日"], "工作日"),
        (["deadline", "2024-02-08", "+3工作日", "--cutoff", "25:00"], "HH:MM"),
        (["calendar", "2026-13"], "YYYY-MM"),
        (["deadline", "2003-12-31", "+3工作日"], "2003"),
    ],
)
def test_bad_arguments_exit_2_with_a_message(args, needle, capsys):
    assert main(args) == 2
    assert needle in capsys.readouterr().err
