"""Golden event logs: each ``tests/golden/event_logs/NN_name.<ext>`` is a log (most of them broken),
and ``NN_name.en.txt`` / ``NN_name.zh.txt`` are what gkrules says about it — the rendered error, or
for a log that loads, the load summary and the rows as loaded.

``NN_name.options.json`` gives ``load_events`` options; its ``also`` lists more files to load with
the first.  Files are loaded by relative path from the folder, so paths in the output are short.
``pytest --update-golden`` rewrites the expected files.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.golden_support import check_golden

from gkrules.diagnostics import Lang
from gkrules.engine import load_events
from gkrules.errors import GkError

FOLDER = Path(__file__).resolve().parents[2] / "golden" / "event_logs"
INPUTS = (".csv", ".jsonl", ".csv.gz", ".xlsx")
CASES = sorted(
    path.name
    for path in FOLDER.iterdir()
    if any(path.name == path.name.split(".")[0] + ext for ext in INPUTS)
)


def _outcome(name: str, lang: Lang) -> str:
    stem = name.split(".")[0]
    options_file = FOLDER / f"{stem}.options.json"
    options = json.loads(options_file.read_text(encoding="utf-8")) if options_file.exists() else {}
    also = options.pop("also", [])
    try:
        log = load_events(name, *also, **options)
    except GkError as error:
        return error.render(lang) + "\n"
    rows = [
        f"{log.location(i)}  {json.dumps(log.row_dict(i), ensure_ascii=False)}"
        for i in range(len(log))
    ]
    return log.report.summary(lang) + "\n\n" + "\n".join(rows) + "\n"


def test_there_are_many_cases_most_of_them_bad() -> None:
    assert len(CASES) >= 40
    errors = [
        c for c in CASES if "error[" in (FOLDER / f"{c.split('.')[0]}.en.txt").read_text("utf-8")
    ]
    assert len(errors) >= 25


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_golden(
    name: str, lang: Lang, update_golden: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(FOLDER)
    actual = _outcome(name, lang)
    check_golden(FOLDER / f"{name.split('.')[0]}.{lang}.txt", actual, update_golden)
