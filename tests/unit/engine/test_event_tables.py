"""Event logs from pandas DataFrames and pyarrow Tables, and pyarrow's CSV fast path (when installed)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from gkrules.engine import load_events
from gkrules.errors import EventLogError

HEADER = "time,event,case,unit\n"


def test_dataframes() -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(
        {
            "time": pd.to_datetime(["2021-06-18 09:30", "2021-06-18 10:00"]),
            "event": ["收到申请", "答复"],
            "value": [0.04, None],
        }
    )
    log = load_events(frame)
    assert log.sources == ("<DataFrame>",)
    assert log.zone_assumed.tolist() == [True, True]
    assert log.column("value").tolist() == ["0.04", None]  # type: ignore[union-attr]
    aware = frame.assign(time=frame["time"].dt.tz_localize("Asia/Shanghai"))
    assert load_events(aware).time.tolist() == log.time.tolist()
    text = pd.DataFrame({"time": ["2021年6月18日", None], "event": ["a", "b"]})
    with pytest.raises(EventLogError) as raised:
        load_events(text)
    assert [d.code for d in raised.value.diagnostics] == ["GK400", "GK410"]
    assert load_events(text, lenient=True).date_only.tolist() == [True]


def test_dataframe_without_required_columns() -> None:
    pd = pytest.importorskip("pandas")
    with pytest.raises(EventLogError) as raised:
        load_events(pd.DataFrame({"when": ["2021-06-18"], "event": ["a"]}))
    assert [d.code for d in raised.value.diagnostics] == ["GK400", "GK406"]


def test_arrow_tables() -> None:
    pa = pytest.importorskip("pyarrow")
    table = pa.table(
        {
            "time": pa.array([dt.datetime(2021, 6, 18, 1, 30), None], pa.timestamp("ms", tz="UTC")),
            "event": pa.array(["答复", "答复"]).dictionary_encode(),
            "days": pa.array([20, None]),
            "day": pa.array([dt.date(2021, 6, 18), None]),
        }
    )
    log = load_events(table, lenient=True)
    assert len(log) == 1
    assert log.zone_assumed.tolist() == [False]
    assert log.row_dict(0) == {
        "time": "2021-06-18T09:30:00+08:00",
        "event": "答复",
        "days": "20",
        "day": "2021-06-18",
    }
    dates = pa.table({"time": pa.array([dt.date(2021, 6, 18)]), "event": ["a"]})
    assert load_events(dates).date_only.tolist() == [True]
    strings = pa.table({"time": ["2021-06-18 09:30", "2021年6月18日"], "event": ["a", "b"]})
    assert load_events(strings).date_only.tolist() == [False, True]


PLAIN = HEADER + "".join(
    f"2021-06-{1 + i % 28:02d} {i % 24:02d}:{i % 60:02d}:00,事件{i % 7},案{i % 13},单位{i % 5}\n"
    for i in range(300)
)

CSV_CASES = {
    "plain": PLAIN,
    "bom": "\ufeff" + PLAIN,
    "crlf": PLAIN.replace("\n", "\r\n"),
    "mixed_forms": HEADER + "2021-06-18,a,1,u\n2021年6月18日 9时5分,b,2,u\n 2021/6/18 ,c,3,u\n",
    "empty_cells": HEADER + "2021-06-18,a,,\n2021-06-18,b,2,\n,,,\n",
    "quoted": HEADER + '2021-06-18,a,"x,y",u\n',
    "doubled_quotes": HEADER
    + '"2021-06-18","a ""b"", c","",u\n2021-06-18,"""",",",""\n2021-06-18,b,"x","a,""\x07"\n',
    "quoted_crlf": HEADER.replace("\n", "\r\n") + '2021-06-18,"a,b","c",u\r\n',
    "quoted_newline": HEADER + '2021-06-18,a,"x\ny",u\n2021-06-18,b,"z",u\n',
    "quoted_header": '"time",event,case,unit\n2021-06-18,a,"x",u\n',
    "quote_then_text": HEADER + '2021-06-18,a,"x"y,u\n',
    "quote_inside_text": HEADER + '2021-06-18,a,x"y",u\n',
    "space_before_quote": HEADER + '2021-06-18,a, "x",u\n',
    "unclosed_quote": HEADER + '2021-06-18,a,"x,u\n',
    "blank_line": HEADER + "2021-06-18,a,1,u\n\n2021-06-18,b,2,u\n",
    "blank_lines_crlf": HEADER.replace("\n", "\r\n") + "2021-06-18,a,1,u\r\n\r\n\r\n",
    "blank_last_lines": HEADER + "2021-06-18,a,1,u\n\n\n",
    "blank_cells_line": HEADER + "2021-06-18,a,1,u\n,,,\n2021-06-19,b,2,u",
    "spaces_line": HEADER + "2021-06-18,a,1,u\n   \n2021-06-18,b,2,u\n",
    "duplicates": HEADER + "2021-06-18,a,1,u\n2021-06-18,a,1,u\n",
}
#: The cases pyarrow reads; it leaves the others to the standard reader.
ARROW_CASES = {
    "plain",
    "bom",
    "crlf",
    "mixed_forms",
    "empty_cells",
    "duplicates",
    "quoted",
    "doubled_quotes",
    "quoted_crlf",
    "blank_line",
    "blank_lines_crlf",
    "blank_last_lines",
    "blank_cells_line",
}


@pytest.mark.parametrize("case", sorted(CSV_CASES))
def test_the_pyarrow_csv_reader_agrees_with_the_standard_one(tmp_path: Path, case: str) -> None:
    pytest.importorskip("pyarrow")
    path = tmp_path / "events.csv"
    path.write_text(CSV_CASES[case], encoding="utf-8", newline="")
    fast = load_events(path, csv_reader="pyarrow", lenient=True)
    slow = load_events(path, csv_reader="python", lenient=True)
    assert slow.report.sources[0].reader == "python"
    assert fast.report.sources[0].reader == ("pyarrow" if case in ARROW_CASES else "python")
    assert list(fast.records()) == list(slow.records())
    assert fast.row.tolist() == slow.row.tolist()
    assert fast.time.tolist() == slow.time.tolist()
    assert {n: c.vocab for n, c in fast.columns.items()} == {
        n: c.vocab for n, c in slow.columns.items()
    }
    assert fast.report.summary() == slow.report.summary()
    assert fast.report.set_aside == slow.report.set_aside


def test_quoted_fields_read_by_pyarrow_keep_commas_and_doubled_quotes(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    path = tmp_path / "events.csv"
    path.write_text(CSV_CASES["doubled_quotes"], encoding="utf-8", newline="")
    log = load_events(path, csv_reader="pyarrow", lenient=True)
    assert log.report.sources[0].reader == "pyarrow"
    assert log.column("event").tolist() == ['a "b", c', '"']
    assert log.column("case").tolist() == [None, ","]
    assert log.column("unit").tolist() == ["u", None]
    assert [(r.row, r.codes) for r in log.report.set_aside] == [(4, ("GK421",))]


def test_the_pyarrow_reader_leaves_problem_files_to_the_standard_one(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    path = tmp_path / "events.csv"
    path.write_text(HEADER + "2021-06-18,a,1,u\n2021-06-18,b\n", encoding="utf-8")
    with pytest.raises(EventLogError) as fast:
        load_events(path, csv_reader="pyarrow")
    with pytest.raises(EventLogError) as slow:
        load_events(path, csv_reader="python")
    assert fast.value.diagnostics == slow.value.diagnostics
    path.write_bytes("time,event\n2021-06-18,答复\n".encode("gb18030"))
    log = load_events(path, csv_reader="pyarrow")
    assert log.report.sources[0].encoding == "gb18030"


def test_asking_for_pyarrow_without_it_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    from gkrules.errors import UsageError

    path = tmp_path / "events.csv"
    path.write_text(PLAIN, encoding="utf-8")
    for name in ("pyarrow", "pyarrow.csv"):
        monkeypatch.setitem(sys.modules, name, None)  # what an uninstalled package looks like
    with pytest.raises(UsageError, match=r"GK491.*gkrules\[fast\]"):
        load_events(path, csv_reader="pyarrow")
    assert load_events(path).report.sources[0].reader == "python"


def test_auto_uses_pyarrow_for_large_files_when_installed(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    path = tmp_path / "events.csv"
    path.write_text(HEADER + PLAIN.split("\n", 1)[1] * 100, encoding="utf-8")
    assert path.stat().st_size > 1 << 20
    log = load_events(path, dedupe="drop")
    assert log.report.sources[0].reader == "pyarrow"
    assert log.report.rows_read == 300 * 100
    assert len(log) == 300
