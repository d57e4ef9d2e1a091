"""The bad-input catalogue as a whole (issue 9): every golden case of a bad .gk file, calendar
file, event log or command line, counted across the folders that hold them, each with the exact
output users see recorded in English and Chinese.

The folders and their own tests:

- ``tests/golden/syntax/``          .gk files that do not parse (tests/unit/language/test_parser.py)
- ``tests/golden/diagnostics/``     .gk files that parse but are wrong
  (tests/unit/language/test_golden_diagnostics.py)
- ``tests/golden/calendar_files/``  calendar files (tests/unit/calendar/test_calendar_files.py)
- ``tests/golden/event_logs/``      event logs (tests/unit/engine/test_event_golden.py)
- ``tests/golden/cli_errors/``      command lines (tests/reliability/test_cli_errors.py)

A case is one input file (a ``NN_name.options.json`` or a second log of the same case is not a
case of its own); its outputs are ``<stem>.en.txt`` and ``<stem>.zh.txt`` beside it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

GOLDEN = Path(__file__).resolve().parents[1] / "golden"

#: folder → the endings of its input files
CATALOGUE: dict[str, tuple[str, ...]] = {
    "syntax": (".gk",),
    "diagnostics": (".gk",),
    "calendar_files": (".toml",),
    "event_logs": (".csv", ".jsonl", ".csv.gz", ".xlsx"),
    "cli_errors": (".args",),
}


def cases(folder: str) -> list[Path]:
    """The input files of *folder*: files named ``<stem><ending>`` (stem without dots)."""
    return sorted(
        path
        for path in (GOLDEN / folder).iterdir()
        if path.is_file()
        and any(path.name == path.name.split(".")[0] + ending for ending in CATALOGUE[folder])
    )


ALL_CASES = [(folder, path) for folder in CATALOGUE for path in cases(folder)]


def test_the_catalogue_has_at_least_60_cases_in_every_kind_of_input() -> None:
    counts = {folder: len(cases(folder)) for folder in CATALOGUE}
    assert sum(counts.values()) >= 60, counts
    assert all(count >= 12 for count in counts.values()), counts


@pytest.mark.parametrize(("folder", "path"), ALL_CASES, ids=[f"{f}/{p.name}" for f, p in ALL_CASES])
def test_every_case_has_its_output_in_both_languages(folder: str, path: Path) -> None:
    stem = path.name.split(".")[0]
    for lang in ("en", "zh"):
        expected = path.parent / f"{stem}.{lang}.txt"
        assert expected.is_file(), f"{folder}/{path.name} has no {expected.name}"
        text = expected.read_text(encoding="utf-8")
        assert text.strip(), f"{expected} is empty"
        assert "Traceback" not in text, f"{expected} records a Python traceback"


def test_no_output_file_is_an_orphan() -> None:
    inputs = {(folder, path.name.split(".")[0]) for folder, path in ALL_CASES}
    for folder in CATALOGUE:
        for output in (GOLDEN / folder).glob("*.txt"):
            stem = output.name.split(".")[0]
            assert (folder, stem) in inputs, f"{folder}/{output.name} belongs to no input"
