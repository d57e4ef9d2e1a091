"""Loading only some columns: ``load_events(..., columns=...)``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gkrules.engine import EventLog, load_events
from gkrules.errors import EventLogError, UsageError

HEADER = "time,event,case,unit,note,,extra\n"
ROWS = [
    "2021-06-18,收到申请,A,办公室,ok,,x",
    "2021-06-18,收到申请,A,办公室,bad\x07note,,y",  # a control character in "note"
    "2021-06-19,答复,B,办公室,ok,stray,",  # a value in the column without a name
    "2021-06-19,答复,B,市政府,,,",
    ",,,,,,z",  # only a column that may not be read
    "2021-06-20,延期告知,C,,ok,,",
]
READERS = ["python", "pyarrow"]


def _write(tmp_path: Path, rows: list[str] = ROWS, *, quote: bool = False) -> Path:
    path = tmp_path / "events.csv"
    body = HEADER + "".join(f"{row}\n" for row in rows)
    if quote:  # a quoted field makes the standard reader use the csv module throughout
        body = body.replace(",ok,", ',"ok",', 1)
    path.write_text(body, encoding="utf-8", newline="")
    return path


def _reader(csv_reader: str) -> str:
    if csv_reader == "pyarrow":
        pytest.importorskip("pyarrow")
    return csv_reader


@pytest.mark.parametrize("quote", [False, True])
@pytest.mark.parametrize("csv_reader", READERS)
def test_other_columns_are_not_read(tmp_path: Path, csv_reader: str, quote: bool) -> None:
    path = _write(tmp_path, quote=quote)
    reader = _reader(csv_reader)
    with pytest.raises(EventLogError):
        load_events(path, csv_reader=reader)  # the note, the stray value, the lonely "z"
    log = load_events(path, csv_reader=reader, columns=["case", "unit"])
    assert list(log.columns) == ["event", "case", "unit"]
    assert log.column_names == ("time", "event", "case", "unit")
    assert log.row.tolist() == [2, 3, 4, 5, 7]
    assert log.column("case").tolist() == ["A", "A", "B", "B", "C"]
    assert log.report.rows_set_aside == 0
    assert log.report.sources[0].blank_rows == 1  # the row with only "z": nothing read in it
    full = load_events(path, csv_reader=reader, lenient=True)
    assert [full.row_ref(i) for i in range(len(full))] == [(str(path), r) for r in (2, 5, 7)]


@pytest.mark.parametrize("csv_reader", READERS)
def test_duplicates_are_judged_on_the_columns_read(tmp_path: Path, csv_reader: str) -> None:
    path = _write(tmp_path)
    reader = _reader(csv_reader)
    log = load_events(path, csv_reader=reader, columns="case", dedupe="drop")
    assert log.row.tolist() == [2, 4, 7]  # rows 3 and 5 repeat rows 2 and 4 in time, event, case
    assert [(d.row, d.first_row) for d in log.report.duplicates] == [(3, 2), (5, 4)]
    kept = load_events(path, csv_reader=reader, columns=["case", "unit"], dedupe="drop")
    assert kept.row.tolist() == [2, 4, 5, 7]


@pytest.mark.parametrize("csv_reader", READERS)
def test_unknown_names_are_simply_absent(tmp_path: Path, csv_reader: str) -> None:
    path = _write(tmp_path, ROWS[:1])
    log = load_events(path, csv_reader=_reader(csv_reader), columns=["nope", "unit"])
    assert list(log.columns) == ["event", "unit"]
    assert log.coded("nope") is None
    assert list(load_events(path, csv_reader=_reader(csv_reader), columns=[]).columns) == ["event"]


def test_the_columns_read_match_a_full_load(tmp_path: Path) -> None:
    rows = [r for r in ROWS if "\x07" not in r and "stray" not in r and ",z" not in r]
    path = _write(tmp_path, rows)
    full = load_events(path)
    part = load_events(path, columns=["unit", "extra"])
    assert part.row.tolist() == full.row.tolist()
    assert part.time.tolist() == full.time.tolist()
    for name in ("event", "unit", "extra"):
        assert part.columns[name].vocab == full.columns[name].vocab
        assert part.columns[name].codes.tolist() == full.columns[name].codes.tolist()


def test_json_lines_records_and_tables_read_only_those_columns(tmp_path: Path) -> None:
    records: list[dict[str, object]] = [
        {"time": "2021-06-18", "event": "答复", "case": "A", "nested": {"x": 1}},
        {"time": "2021-06-19", "event": "答复", "case": "B", "nested": [1]},
    ]
    path = tmp_path / "events.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    sources: list[object] = [path, records]
    pa = pytest.importorskip("pyarrow")
    sources.append(pa.table({"time": ["2021-06-18"], "event": ["答复"], "case": ["A"]}))
    for source in sources:
        log = load_events(source, columns=["case"])
        assert list(log.columns) == ["event", "case"]
        assert isinstance(log, EventLog)
    with pytest.raises(EventLogError):
        load_events(records)  # the nested values are problems when read


def test_columns_must_be_names() -> None:
    with pytest.raises(UsageError, match="columns must be one of"):
        load_events([{"time": "2021-06-18", "event": "a"}], columns=5)  # type: ignore[arg-type]
