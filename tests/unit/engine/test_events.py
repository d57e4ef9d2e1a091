"""Loading event logs: formats, encodings, times, problems, accounting, and the EventLog API."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import pickle
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from gkrules.engine import (
    MAX_CELL_CHARS,
    EventLog,
    load_events,
    parse_time,
    unused_event_names,
)
from gkrules.engine.messages import EVENT_LOG_MESSAGES
from gkrules.errors import EventLogError, GkError, UsageError

SHANGHAI = ZoneInfo("Asia/Shanghai")
HEADER = "time,event,case,unit\n"


def utc_us(*args: int, tz: dt.tzinfo = SHANGHAI) -> int:
    moment = dt.datetime(*args, tzinfo=tz)  # type: ignore[misc]
    return (moment - dt.datetime(1970, 1, 1, tzinfo=dt.UTC)) // dt.timedelta(microseconds=1)


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def codes(error: GkError) -> list[str]:
    return [d.code for d in error.diagnostics]


def lines_of(error: GkError) -> list[int]:
    return [d.span.line for d in error.diagnostics if d.span is not None]


# --- the happy path ----------------------------------------------------------------------------


def test_csv_log_loads_into_columns(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "events.csv",
        HEADER
        + "2021-06-18,收到申请,依申请〔2021〕1号,办公室\n"
        + "2021-06-18 09:30,答复,依申请〔2021〕1号,办公室\n"
        + "2021-06-17T23:00:00Z,答复,依申请〔2021〕2号,\n",
    )
    log = load_events(path)
    assert len(log) == 3
    assert log.time.tolist() == [
        utc_us(2021, 6, 18),
        utc_us(2021, 6, 18, 9, 30),
        utc_us(2021, 6, 17, 23, 0, tz=dt.UTC),
    ]
    assert log.date_only.tolist() == [True, False, False]
    assert log.zone_assumed.tolist() == [True, True, False]
    assert [str(d) for d in log.day] == ["2021-06-18", "2021-06-18", "2021-06-18"]
    assert log.row.tolist() == [2, 3, 4]
    assert log.sources == (str(path),)
    assert log.event_names == ("收到申请", "答复")
    assert log.column_names == ("time", "event", "case", "unit")
    assert log.column("unit").tolist() == ["办公室", "办公室", None]
    assert log.location(2) == f"{path}:4"
    assert log.row_dict(2) == {
        "time": "2021-06-18T07:00:00+08:00",
        "event": "答复",
        "case": "依申请〔2021〕2号",
    }
    assert log.report.rows_read == 3
    assert log.report.rows_loaded == 3
    assert log.report.balanced


def test_the_arrays_are_read_only(tmp_path: Path) -> None:
    log = load_events(write(tmp_path, "e.csv", HEADER + "2021-06-18,答复,A,B\n"))
    for array in (log.time, log.date_only, log.day, log.row, log.source, log.event.codes):
        with pytest.raises(ValueError, match="read-only"):
            array[0] = array[0]


def test_standard_columns_are_trimmed_and_other_values_kept_as_text(tmp_path: Path) -> None:
    log = load_events(
        write(tmp_path, "e.csv", "time,event,case,value\n 2021-06-18 , 答复 , A-1 , 4% \n")
    )
    assert log.row_dict(0) == {
        "time": "2021-06-18",
        "event": "答复",
        "case": "A-1",
        "value": " 4% ",
    }


def test_empty_csv_cells_are_missing_but_empty_json_strings_are_not(tmp_path: Path) -> None:
    csv_log = load_events(write(tmp_path, "e.csv", "time,event,note\n2021-06-18,答复,\n"))
    assert csv_log.column("note").tolist() == [None]
    json_log = load_events(
        write(tmp_path, "e.jsonl", '{"time": "2021-06-18", "event": "答复", "note": ""}\n')
    )
    assert json_log.column("note").tolist() == [""]


def test_header_only_csv_is_an_empty_log(tmp_path: Path) -> None:
    log = load_events(write(tmp_path, "e.csv", HEADER))
    assert len(log) == 0
    assert log.report.rows_read == 0


# --- times -------------------------------------------------------------------------------------

ACCEPTED = [
    ("2021-06-18", (2021, 6, 18), True),
    ("2021-6-18", (2021, 6, 18), True),
    ("2021/6/18", (2021, 6, 18), True),
    ("2021.6.18", (2021, 6, 18), True),
    ("2021年6月18日", (2021, 6, 18), True),
    ("２０２１年６月１８日", (2021, 6, 18), True),
    ("2021-06-18T09:30", (2021, 6, 18, 9, 30), False),
    ("2021-06-18 09:30:00", (2021, 6, 18, 9, 30), False),
    ("2021-06-18 09:30:00.250", (2021, 6, 18, 9, 30, 0, 250000), False),
    ("2021-6-18 9:05", (2021, 6, 18, 9, 5), False),
    ("2021/6/18 9:05", (2021, 6, 18, 9, 5), False),
    ("2021年6月18日 9时5分", (2021, 6, 18, 9, 5), False),
    ("2021年6月18日9时5分30秒", (2021, 6, 18, 9, 5, 30), False),
    ("2021年6月18日 9点", (2021, 6, 18, 9), False),
    ("2021-06-18T09:30:00+08:00", (2021, 6, 18, 9, 30), False),
    ("2021-06-18 09:30+0800", (2021, 6, 18, 9, 30), False),
]


@pytest.mark.parametrize(("text", "parts", "date_only"), ACCEPTED)
def test_accepted_time_forms(text: str, parts: tuple[int, ...], date_only: bool) -> None:
    log = load_events([{"time": text, "event": "答复"}])
    assert log.time.tolist() == [utc_us(*parts)]
    assert log.date_only.tolist() == [date_only]


def test_offsets_and_z_are_instants() -> None:
    log = load_events(
        [
            {"time": "2021-06-18T01:30:00Z", "event": "a"},
            {"time": "2021-06-18T09:30:00+08:00", "event": "b"},
            {"time": "2021-06-17T21:30:00-04:00", "event": "c"},
        ]
    )
    assert len(set(log.time.tolist())) == 1
    assert log.zone_assumed.tolist() == [False, False, False]
    assert log.report.zone_assumed == 0


def test_a_utc_time_late_in_the_day_falls_on_the_next_local_day() -> None:
    log = load_events([{"time": "2021-06-18T20:00:00Z", "event": "a"}])
    assert str(log.day[0]) == "2021-06-19"


REJECTED = [
    ("6/18/2021", "GK413"),
    ("18/6/2021", "GK413"),
    ("18.06.2021", "GK413"),
    ("21-6-18", "GK412"),
    ("21年6月18日", "GK412"),
    ("6/18/21", "GK412"),
    ("9:05", "GK414"),
    ("9时5分", "GK414"),
    ("6月18日", "GK415"),
    ("6-18", "GK415"),
    ("2021-02-30", "GK416"),
    ("2021-13-01", "GK416"),
    ("2021-06-18 24:00", "GK417"),
    ("2021-06-18 09:61", "GK417"),
    ("2021-06-18T09:30+19:00", "GK417"),
    ("44365", "GK418"),
    ("20210618", "GK418"),
    ("1899-12-31", "GK419"),
    ("2201-01-01", "GK419"),
    ("yesterday", "GK411"),
    ("2021-06", "GK411"),
    ("2021-06-18 9", "GK411"),
    ("", "GK410"),
]


@pytest.mark.parametrize(("text", "code"), REJECTED)
def test_rejected_time_forms_name_the_reason_and_the_row(text: str, code: str) -> None:
    rows = [{"time": "2021-06-18", "event": "a"}, {"time": text, "event": "b"}]
    with pytest.raises(EventLogError) as raised:
        load_events(rows)
    assert codes(raised.value) == ["GK400", code]
    assert lines_of(raised.value) == [2]
    rendered = raised.value.render("en")
    if code != "GK410":
        assert "accepted forms: 2021-06-18" in rendered
        assert "可用的写法" in raised.value.render("zh")


def test_python_dates_and_datetimes_are_times() -> None:
    log = load_events(
        [
            {"time": dt.date(2021, 6, 18), "event": "a"},
            {"time": dt.datetime(2021, 6, 18, 9, 30), "event": "b"},
            {"time": dt.datetime(2021, 6, 18, 1, 30, tzinfo=dt.UTC), "event": "c"},
        ]
    )
    assert log.date_only.tolist() == [True, False, False]
    assert log.time.tolist()[1:] == [utc_us(2021, 6, 18, 9, 30)] * 2


def test_numbers_and_booleans_are_not_times() -> None:
    with pytest.raises(EventLogError) as raised:
        load_events([{"time": 44365, "event": "a"}, {"time": True, "event": "b"}])
    assert codes(raised.value) == ["GK400", "GK418", "GK423"]


def test_zone_can_be_chosen() -> None:
    log = load_events([{"time": "2021-06-18 09:30", "event": "a"}], tz="UTC")
    assert log.time.tolist() == [utc_us(2021, 6, 18, 9, 30, tz=dt.UTC)]
    assert log.tz == "UTC"
    assert log.instant(0).tzinfo == ZoneInfo("UTC")


def test_parse_time_helper() -> None:
    parsed = parse_time("2021年6月18日 9时5分")
    assert parsed.instant == dt.datetime(2021, 6, 18, 9, 5, tzinfo=SHANGHAI)
    assert (parsed.date_only, parsed.zone_assumed) == (False, True)
    assert parse_time("2021-06-18").date_only
    with pytest.raises(EventLogError, match=r"GK413"):
        parse_time("6/18/2021")


def test_the_vectorized_and_general_paths_agree_on_odd_shapes() -> None:
    texts = [
        "2021-06-18T09:30:00.123456+05:30",
        "2021-06-18 09:30:00.123",
        "2021-06-18T09:30Z",
        "2021-06-18T09:30:00-00:30",
        "2024-02-29",
    ]
    fast = load_events([{"time": t, "event": "a"} for t in texts])
    slow = load_events([{"time": " " + t + " ", "event": "a"} for t in texts])
    assert fast.time.tolist() == slow.time.tolist()
    assert fast.date_only.tolist() == slow.date_only.tolist()


# --- encodings and line endings ---------------------------------------------------------------

GB_TEXT = "time,event,case\n2021年6月18日,收到申请,乐府办发〔2021〕16号\n"


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    log = load_events(write(tmp_path, "e.csv", b"\xef\xbb\xbf" + GB_TEXT.encode()))
    assert log.column_names == ("time", "event", "case")
    assert log.report.sources[0].encoding == "utf-8-sig"


def test_gb18030_is_detected_and_said(tmp_path: Path) -> None:
    log = load_events(write(tmp_path, "e.csv", GB_TEXT.encode("gb18030")))
    assert log.row_dict(0)["case"] == "乐府办发〔2021〕16号"
    source = log.report.sources[0]
    assert (source.encoding, source.encoding_detected) == ("gb18030", True)
    assert "GB18030 (detected" in log.report.summary("en")
    assert "自动识别" in log.report.summary("zh")


def test_gb18030_when_asked(tmp_path: Path) -> None:
    log = load_events(write(tmp_path, "e.csv", GB_TEXT.encode("gb18030")), encoding="gb18030")
    assert log.report.sources[0].encoding_detected is False
    assert len(log) == 1


def test_wrong_encoding_names_the_line_and_the_byte(tmp_path: Path) -> None:
    path = write(tmp_path, "e.csv", GB_TEXT.encode("gb18030"))
    with pytest.raises(EventLogError) as raised:
        load_events(path, encoding="utf-8")
    assert codes(raised.value) == ["GK400", "GK404"]
    assert "byte 0xC4 on line 2" in str(raised.value)


def test_bytes_neither_utf8_nor_gb18030(tmp_path: Path) -> None:
    path = write(tmp_path, "e.csv", HEADER.encode() + b"2021-06-18,\xff\xfe\x80,A,B\n")
    with pytest.raises(EventLogError) as raised:
        load_events(path)
    assert codes(raised.value) == ["GK400", "GK403"]
    assert "line 2" in str(raised.value)


def test_mixed_line_endings_keep_row_numbers(tmp_path: Path) -> None:
    content = HEADER + "2021-06-18,a,1,u\r\n2021-06-18,b,2,u\r2021-06-18,c,3,u\n2021-06-18,d,4,u"
    log = load_events(write(tmp_path, "e.csv", content))
    assert log.row.tolist() == [2, 3, 4, 5]
    assert log.column("case").tolist() == ["1", "2", "3", "4"]


def test_embedded_newlines_count_from_the_line_a_record_starts(tmp_path: Path) -> None:
    content = 'time,event,note,unit\n2021-06-18,a,"x\ny",u\n2021-06-18,b,"p\r\nq\rr",u\nbad,c,3,u\n'
    with pytest.raises(EventLogError) as raised:
        load_events(write(tmp_path, "e.csv", content))
    assert lines_of(raised.value) == [7]
    log = load_events(write(tmp_path, "e.csv", content), lenient=True)
    assert log.row.tolist() == [2, 4]
    assert log.column("note").tolist() == ["x\ny", "p\r\nq\rr"]  # type: ignore[union-attr]
    with pytest.raises(EventLogError) as raised:
        load_events(write(tmp_path, "e.csv", HEADER + '2021-06-18,a,"x\ny",u\n'))
    assert codes(raised.value) == ["GK400", "GK421"]  # no line breaks in the standard columns


def test_blank_lines_and_empty_records_are_skipped_and_counted(tmp_path: Path) -> None:
    content = "\n" + HEADER + "\n2021-06-18,a,1,u\n,,,\n   \n2021-06-18,b,2,u\n"
    log = load_events(write(tmp_path, "e.csv", content))
    assert log.row.tolist() == [4, 7]
    assert log.report.sources[0].blank_rows == 3
    assert log.report.rows_read == 2


def test_gzip_and_streams(tmp_path: Path) -> None:
    content = HEADER + "2021-06-18,a,1,u\n"
    path = tmp_path / "e.csv.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(content)
    sources = [path, io.BytesIO(content.encode()), io.StringIO(content)]
    logs = [load_events(source) for source in sources]
    assert all(list(log.records()) == list(logs[0].records()) for log in logs)
    assert logs[1].sources == ("<stream>",)


def test_a_corrupt_gzip_file_is_a_clear_error(tmp_path: Path) -> None:
    data = gzip.compress((HEADER + "2021-06-18,a,1,u\n" * 1000).encode())
    with pytest.raises(EventLogError) as raised:
        load_events(write(tmp_path, "e.csv.gz", data[: len(data) // 2]))
    assert codes(raised.value) == ["GK400", "GK409"]


# --- header problems ----------------------------------------------------------------------------


def test_empty_file(tmp_path: Path) -> None:
    for name in ("e.csv", "e.jsonl"):
        with pytest.raises(EventLogError) as raised:
            load_events(write(tmp_path, name, "\n\n"))
        assert codes(raised.value) == ["GK400", "GK405"]


def test_missing_columns_suggest_a_rename(tmp_path: Path) -> None:
    with pytest.raises(EventLogError) as raised:
        load_events(write(tmp_path, "e.csv", "时间,Event,case\n2021-06-18,a,1\n"))
    assert codes(raised.value) == ["GK400", "GK406", "GK406"]
    rendered = raised.value.render("en")
    assert "rename the column '时间' to 'time'" in rendered
    assert "rename the column 'Event' to 'event'" in rendered


def test_a_header_that_is_data(tmp_path: Path) -> None:
    with pytest.raises(EventLogError) as raised:
        load_events(write(tmp_path, "e.csv", "2021-06-18,答复,A\n"))
    assert "looks like data" in raised.value.render("en")


def test_duplicate_and_unnamed_columns(tmp_path: Path) -> None:
    with pytest.raises(EventLogError) as raised:
        load_events(write(tmp_path, "e.csv", "time,event,case,case\n"))
    assert codes(raised.value) == ["GK400", "GK407"]
    log = load_events(write(tmp_path, "e.csv", "time,event,\n2021-06-18,a,\n"))
    assert log.column_names == ("time", "event")
    with pytest.raises(EventLogError) as raised:
        load_events(write(tmp_path, "e.csv", "time,event,\n2021-06-18,a,lost?\n"))
    assert codes(raised.value) == ["GK400", "GK408"]


def test_ragged_rows_are_reported_with_their_rows(tmp_path: Path) -> None:
    content = HEADER + "2021-06-18,a,1,u\n2021-06-18,b,2\n2021-06-18,c,3,u,extra\n"
    with pytest.raises(EventLogError) as raised:
        load_events(write(tmp_path, "e.csv", content))
    assert codes(raised.value) == ["GK400", "GK425", "GK425"]
    assert lines_of(raised.value) == [3, 4]


def test_unterminated_quote(tmp_path: Path) -> None:
    with pytest.raises(EventLogError) as raised:
        load_events(write(tmp_path, "e.csv", HEADER + '2021-06-18,a,"open,u\n2021-06-18,b,2,u\n'))
    assert codes(raised.value) == ["GK400", "GK427"]
    assert "closing double quote is missing" in str(raised.value)


# --- values ------------------------------------------------------------------------------------


def test_control_characters_and_huge_cells_are_problems(tmp_path: Path) -> None:
    huge = "x" * (MAX_CELL_CHARS + 1)
    content = f"time,event,note\n2021-06-18,a\x07b,ok\n2021-06-18,a,{huge}\n2021-06-18,a,tab\tok\n"
    with pytest.raises(EventLogError) as raised:
        load_events(write(tmp_path, "e.csv", content))
    assert codes(raised.value) == ["GK400", "GK421", "GK422"]
    rendered = raised.value.render("en")
    assert "U+0007" in rendered
    assert max(len(line) for line in rendered.splitlines()) < 400


def test_json_values_become_text() -> None:
    log = load_events(
        [{"time": "2021-06-18", "event": "指标报告", "value": 0.04, "days": 20, "checked": True}]
    )
    assert log.row_dict(0) == {
        "time": "2021-06-18",
        "event": "指标报告",
        "value": "0.04",
        "days": "20",
        "checked": "true",
    }


def test_nested_values_are_problems() -> None:
    with pytest.raises(EventLogError) as raised:
        load_events([{"time": "2021-06-18", "event": "a", "x": [1]}])
    assert codes(raised.value) == ["GK400", "GK423"]


# --- JSON Lines --------------------------------------------------------------------------------


def test_a_bad_json_line_in_the_middle(tmp_path: Path) -> None:
    content = (
        '{"time": "2021-06-18", "event": "a"}\n'
        '{"time": "2021-06-18", "event": }\n'
        "\n"
        "[1, 2]\n"
        '{"time": "2021-06-19", "event": "b"}\n'
    )
    path = write(tmp_path, "e.ndjson", content)
    with pytest.raises(EventLogError) as raised:
        load_events(path)
    assert codes(raised.value) == ["GK400", "GK430", "GK431"]
    assert lines_of(raised.value) == [2, 4]
    log = load_events(path, lenient=True)
    assert log.row.tolist() == [1, 5]
    assert log.report.rows_read == 4
    assert log.report.rows_set_aside == 2


def test_jsonl_without_a_time_key_anywhere(tmp_path: Path) -> None:
    with pytest.raises(EventLogError) as raised:
        load_events(write(tmp_path, "e.jsonl", '{"when": "2021-06-18", "event": "a"}\n'))
    assert codes(raised.value) == ["GK400", "GK406"]


def test_format_is_sniffed_without_an_extension(tmp_path: Path) -> None:
    log = load_events(write(tmp_path, "events", '{"time": "2021-06-18", "event": "a"}\n'))
    assert log.report.sources[0].format == "jsonl"


# --- strict and lenient, accounting -------------------------------------------------------------


def test_strict_lists_every_problem_and_caps_the_detail(tmp_path: Path) -> None:
    content = HEADER + "".join(f"bad{i},a,1,u\n" for i in range(1500))
    with pytest.raises(EventLogError) as raised:
        load_events(write(tmp_path, "e.csv", content))
    error = raised.value
    assert "1500 problem(s)" in error.diagnostics[0].message.en
    assert len(error.diagnostics) == 1001
    assert error.render("en").endswith("… and 951 more")


def test_lenient_sets_rows_aside_and_accounts_for_them(tmp_path: Path) -> None:
    content = HEADER + "2021-06-18,a,1,u\nbad,b,2,u\n2021-06-18,,3,u\n2021-06-18,c,4\n"
    log = load_events(write(tmp_path, "e.csv", content), lenient=True)
    report = log.report
    assert (report.rows_read, report.rows_loaded, report.rows_set_aside) == (4, 1, 3)
    assert [row.location for row in report.set_aside] == [
        f"{tmp_path / 'e.csv'}:{n}" for n in (3, 4, 5)
    ]
    assert [row.codes for row in report.set_aside] == [("GK411",), ("GK420",), ("GK425",)]
    assert dict(report.set_aside_by_code) == {"GK411": 1, "GK420": 1, "GK425": 1}
    assert report.balanced


def test_a_row_with_two_problems_is_set_aside_once() -> None:
    log = load_events([{"time": "bad", "event": None}], lenient=True)
    assert log.report.rows_set_aside == 1
    assert log.report.set_aside[0].codes == ("GK410",) or log.report.set_aside[0].codes == (
        "GK411",
        "GK420",
    )


def test_file_problems_are_errors_even_when_lenient(tmp_path: Path) -> None:
    with pytest.raises(EventLogError) as raised:
        load_events(tmp_path / "missing.csv", lenient=True)
    assert codes(raised.value) == ["GK400", "GK401"]


# --- duplicates ----------------------------------------------------------------------------------

DUPLICATED = [
    {"time": "2021-06-18 09:30", "event": "a", "case": "1"},
    {"time": "2021-06-18T01:30:00Z", "event": "a", "case": "1"},
    {"time": "2021-06-18 09:30", "event": "a", "case": "2"},
    {"time": "2021-06-18", "event": "a", "case": "1"},
]


def test_duplicates_kept_by_default_and_reported() -> None:
    log = load_events(DUPLICATED)
    assert len(log) == 4
    assert log.report.duplicates_found == 1
    assert [(d.row, d.first_row) for d in log.report.duplicates] == [(2, 1)]
    assert "repeat an earlier row exactly" in log.report.summary()


def test_duplicates_dropped_when_asked() -> None:
    log = load_events(DUPLICATED, dedupe="drop")
    assert log.row.tolist() == [1, 3, 4]
    assert log.report.duplicates_dropped == 1
    assert log.report.balanced


def test_duplicates_an_error_when_asked() -> None:
    with pytest.raises(EventLogError) as raised:
        load_events(DUPLICATED, dedupe="error")
    assert codes(raised.value) == ["GK400", "GK440"]
    assert "<records>:1" in str(raised.value)


def test_duplicates_an_error_even_when_lenient() -> None:
    with pytest.raises(EventLogError, match=r"GK440"):
        load_events(DUPLICATED, dedupe="error", lenient=True)


def test_duplicates_across_sources() -> None:
    log = load_events(DUPLICATED[:1], DUPLICATED[:1], dedupe="drop")
    assert len(log) == 1
    assert log.sources == ("<records>", "<records 2>")
    assert [s.duplicates_dropped for s in log.report.sources] == [0, 1]


# --- the EventLog API ----------------------------------------------------------------------------


@pytest.fixture
def log() -> EventLog:
    return load_events(
        [
            {"time": "2021-06-20", "event": "答复", "case": "B"},
            {"time": "2021-06-18 10:00", "event": "收到申请", "case": "A"},
            {"time": "2021-06-19", "event": "答复", "case": "A"},
            {"time": "2021-06-18 09:00", "event": "收到申请", "case": "B"},
            {"time": "2021-06-18 08:00", "event": "舆情发生"},
        ]
    )


def test_select_and_masks(log: EventLog) -> None:
    assert log.event_mask("答复").tolist() == [True, False, True, False, False]
    replies = log.select(["答复", "未知"])
    assert replies.row.tolist() == [1, 3]
    assert replies.event_names == log.event_names
    assert log.event_counts() == {"答复": 2, "收到申请": 2, "舆情发生": 1}


def test_group_by_orders_each_group_by_time(log: EventLog) -> None:
    groups = log.group_by(["case"])
    # Groups come by code: a missing value first, then values in order of first appearance.
    assert [key for key, _ in groups] == [(None,), ("B",), ("A",)]
    assert [log.row[rows].tolist() for _, rows in groups] == [[5], [4, 1], [2, 3]]
    assert groups.labels().tolist() == [0, 1, 1, 2, 2]
    subset = log.group_by(["case", "event"], rows=np.flatnonzero(log.event_mask("答复")))
    assert [groups_key for groups_key, _ in subset] == [("B", "答复"), ("A", "答复")]
    everything = log.group_by([])
    assert len(everything) == 1
    assert everything.rows(0).size == 5


def test_group_by_a_column_no_source_has(log: EventLog) -> None:
    groups = log.group_by(["nothing"])
    assert [key for key, _ in groups] == [(None,)]


def test_time_order_and_day_ends(log: EventLog) -> None:
    assert log.row[log.time_order()].tolist() == [5, 4, 2, 3, 1]
    latest = log.latest_time()
    assert latest[0] == utc_us(2021, 6, 21) - 1
    assert latest[1] == log.time[1]


def test_rows_for_explanations(log: EventLog) -> None:
    assert log.row_ref(4) == ("<records>", 5)
    assert log.instant(1) == dt.datetime(2021, 6, 18, 10, tzinfo=SHANGHAI)
    assert log.time_text(0) == "2021-06-20"
    assert log.row_dict(4) == {"time": "2021-06-18T08:00:00+08:00", "event": "舆情发生"}


def test_take_shares_vocabularies(log: EventLog) -> None:
    taken = log.take([4, 0])
    assert taken.row.tolist() == [5, 1]
    assert taken.coded("case") is not None
    assert taken.column("case").tolist() == [None, "B"]  # type: ignore[union-attr]
    assert taken.column("absent") is None


def test_the_evaluators_protocol_is_met(log: EventLog) -> None:
    from gkrules.engine.table import event_table

    _table, after = event_table(log, dt.datetime(2021, 6, 19, tzinfo=SHANGHAI))
    assert after.tolist() == [True, False, False, False, False]
    assert log.event_codes.tolist() == log.event.codes.tolist()


def test_unused_event_names_suggest_near_names(log: EventLog) -> None:
    assert unused_event_names(log, ["收到申请", "答覆"]) == [
        ("答复", 2, "答覆"),
        ("舆情发生", 1, None),
    ]


def test_report_is_picklable_and_errors_too(log: EventLog) -> None:
    assert pickle.loads(pickle.dumps(log.report)) == log.report
    with pytest.raises(EventLogError) as raised:
        load_events([{"time": "x", "event": "a"}])
    again = pickle.loads(pickle.dumps(raised.value))
    assert again.diagnostics == raised.value.diagnostics


# --- arguments -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "needle"),
    [
        (lambda: load_events(), "at least one event log"),
        (lambda: load_events([], dedupe="maybe"), "dedupe must be one of"),
        (lambda: load_events([], csv_reader="fast"), "csv_reader must be one of"),
        (lambda: load_events([], tz="Mars/Olympus"), "unknown time zone"),
        (lambda: load_events([], encoding="klingon"), "unknown encoding"),
        (lambda: load_events(b"time,event\n"), "cannot load events from bytes"),
        (lambda: load_events({"time": "2021-06-18"}), "cannot load events from dict"),
        (lambda: load_events(42), "cannot load events from int"),
    ],
)
def test_bad_arguments_are_usage_errors(call: object, needle: str) -> None:
    with pytest.raises(UsageError, match=needle):
        call()  # type: ignore[operator]


def test_unsupported_and_missing_files(tmp_path: Path) -> None:
    with pytest.raises(EventLogError, match=r"GK402"):
        load_events(write(tmp_path, "log.xlsx", b"PK\x03\x04"))
    with pytest.raises(EventLogError, match=r"GK401.*no such file"):
        load_events(tmp_path / "nope.csv")
    with pytest.raises(EventLogError, match=r"GK401.*directory"):
        load_events(tmp_path)


def test_the_catalog_has_both_languages_with_the_same_fields() -> None:
    for key in EVENT_LOG_MESSAGES.entries:
        en, zh = EVENT_LOG_MESSAGES.fields(key)
        assert en == zh, key
        assert all(EVENT_LOG_MESSAGES.entries[key]), key


def test_pandas_and_pyarrow_are_not_imported_by_gkrules() -> None:
    code = (
        "import sys, gkrules, gkrules.engine; "
        "gkrules.engine.load_events([{'time': '2021-06-18', 'event': 'a'}]); "
        "print(sorted(m for m in ('pandas', 'pyarrow') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_reading_with_pyarrow_does_not_import_pandas(tmp_path: Path) -> None:
    """pyarrow imports pandas (when installed) the first time some of its functions run, at a
    cost of a quarter of a second or more; the pyarrow reader, a check and a report avoid them."""
    pytest.importorskip("pyarrow")
    path = tmp_path / "log.csv"
    rows = ["time,event,case,days,party"]
    rows += [
        f"2021-06-{day % 28 + 1:02d},收到申请,案{day},,\n2021-06-18,其他,x{day},,"
        for day in range(60)
    ]
    rows += ["2021-07-01,延期告知,案1,20,"]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    rules = tmp_path / "r.gk"
    rules.write_text(
        '规则 R1 "答复" {\n    当 收到申请\n    按 case\n    须 答复 在 20 工作日 内\n}\n',
        encoding="utf-8",
    )
    code = (
        "import sys, datetime, gkrules\n"
        "from gkrules.engine import load_events\n"
        f"rules = gkrules.load({str(rules)!r})\n"
        f"log = load_events({str(path)!r}, csv_reader='pyarrow', columns=rules.columns,"
        " events=rules.rows)\n"
        "assert log.report.sources[0].reader == 'pyarrow', log.report.sources[0]\n"
        "report = rules.check(log, as_of=datetime.date(2021, 9, 1))\n"
        "print(len(list(report.verdicts())), 'pandas' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["60", "False"]
