"""S3 and L5 checked the other ways people check them: pandas (two ways), DuckDB SQL, pm4py.

Every competitor reads the CSV its own idiomatic way, then computes the same verdicts as gkrules:
one per trigger (C11), with its status (``met``, ``violated``, ``pending``), its last day (the
deadline; none while a clock is suspended) and the day of the fulfilment that counted (none: -1).
Days are epoch days (``datetime64[D]`` as integers).  The benchmark verifies that all of them
agree (and agree with gkrules) before it prints any time.

The rules (OBLIGATIONS.md):

* **S3** — 当 ``政策文件公开`` 按 case 须 ``解读发布`` 在 3 工作日 内.  C1: the publication day is
  not counted; the deadline is the 3rd working day strictly after it.  C11: the fulfilment is the
  first 解读发布 of the case on or after the trigger's day.
* **L5** — 当 ``收到申请`` 按 case 须 ``答复`` 在 20 工作日 内, 暂停 自 ``征求意见开始`` 至
  ``征求意见结束`` (working days d with start < d ≤ end do not count; an unanswered consultation
  suspends the clock), 重新计时 于 ``收到补正`` (the latest one after the trigger: counting afresh
  from it), 延期 于 ``延期告知`` 天数 ``days`` (absent → 20, over 20 → 20) once, only if notified on
  or before the deadline in force.  Clock events count between the trigger and the fulfilment (or
  the as-of day); consultation starts and ends are paired in time order (a start while one is open
  and an end while none is open are ignored).
* **As of** a day: rows after it are not used; an unfulfilled instance whose last day has not
  passed (or whose clock is suspended) is pending.

The working-day data for the competitors is ``chinese_calendar``'s, with the one correction gkrules
applies (2005-12-31 was a make-up working day) — independent of gkrules' own calendar code.

The S3 and L5 events of the generated logs (benchmarks/generate_log.py) are dates; the competitors
take the first ten characters of ``time`` as the day (or the date of a parsed timestamp).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = [
    "CONTENDERS",
    "L5_EVENTS",
    "S3_EVENTS",
    "Contender",
    "Verdicts",
    "WorkdayIndex",
    "workday_index",
]

IntArray = npt.NDArray[np.int64]
EPOCH = date(1970, 1, 1)
MET, VIOLATED, PENDING = "met", "violated", "pending"

S3_TRIGGER, S3_FULFIL, S3_DAYS = "政策文件公开", "解读发布", 3
S3_EVENTS = (S3_TRIGGER, S3_FULFIL)
L5_TRIGGER, L5_FULFIL, L5_RESTART = "收到申请", "答复", "收到补正"
L5_PAUSE, L5_RESUME, L5_EXTEND = "征求意见开始", "征求意见结束", "延期告知"
L5_EVENTS = (L5_TRIGGER, L5_FULFIL, L5_RESTART, L5_PAUSE, L5_RESUME, L5_EXTEND)
L5_DAYS, L5_LIMIT = 20, 20


def epoch_day(d: date) -> int:
    return (d - EPOCH).days


# --- verdicts -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verdicts:
    """One rule's verdicts as columns: case, trigger day, status, last day (-1), fulfilment day (-1)."""

    rule: str
    case: npt.NDArray[Any]
    trigger: IntArray
    status: npt.NDArray[Any]
    deadline: IntArray
    fulfilled: IntArray

    def __len__(self) -> int:
        return len(self.trigger)

    def lines(self) -> list[str]:
        """One sorted text line per instance: ``case<TAB>trigger<TAB>status<TAB>deadline<TAB>fulfilled``."""
        rows = zip(
            map(str, self.case),
            np.asarray(self.trigger, dtype=np.int64).tolist(),
            map(str, self.status),
            np.asarray(self.deadline, dtype=np.int64).tolist(),
            np.asarray(self.fulfilled, dtype=np.int64).tolist(),
            strict=True,
        )
        return sorted(f"{c}\t{t}\t{s}\t{d}\t{f}" for c, t, s, d, f in rows)

    def digest(self) -> str:
        return hashlib.sha256("\n".join(self.lines()).encode()).hexdigest()[:16]

    def counts(self) -> dict[str, int]:
        values, counts = np.unique(np.asarray(self.status, dtype=str), return_counts=True)
        return {str(v): int(c) for v, c in zip(values, counts, strict=True)}

    def unanswered_cases(self) -> set[str]:
        """Cases with a trigger that nothing answered at or after it (what an untimed check sees)."""
        cases = np.asarray(self.case, dtype=object)
        return set(cases[np.asarray(self.fulfilled) < 0].tolist())


def _statuses(
    fulfilled: IntArray, deadline: IntArray, suspended: npt.NDArray[np.bool_], as_of_day: int
) -> npt.NDArray[Any]:
    """met / violated / pending from the fulfilment day and last day (C12)."""
    has = fulfilled >= 0
    on_time = has & (suspended | (fulfilled <= deadline))
    waiting = ~has & (suspended | (as_of_day <= deadline))
    return np.where(on_time, MET, np.where(waiting, PENDING, VIOLATED)).astype(object)


# --- the working-day index (chinese_calendar + the 2005-12-31 correction) --------------------------


@dataclass(frozen=True)
class WorkdayIndex:
    """``cum[i]``: working days in ``[first, first + i]``; ``workdays``: the working days in order.

    The n-th working day strictly after day ``d`` (C1) is ``workdays[cum[d - first] + n - 1]``.
    """

    first: int  # epoch day of cum[0]
    cum: npt.NDArray[np.int64]
    workdays: IntArray  # epoch days
    work: npt.NDArray[np.bool_]

    def add(self, days: IntArray, n: IntArray | int) -> IntArray:
        return self.workdays[self.cum[days - self.first] + n - 1]

    def count(self, days: IntArray) -> IntArray:
        return self.cum[days - self.first]


def workday_index(first: date = date(2004, 1, 1), last: date = date(2026, 12, 31)) -> WorkdayIndex:
    """The working days of chinese_calendar between *first* and *last*, corrected as gkrules does.

    Built as an expert would: a Monday–Friday mask, then the package's holiday and make-up
    working-day tables applied to it (no call per day).
    """
    import chinese_calendar

    start, stop = epoch_day(first), epoch_day(last)
    days = np.arange(start, stop + 1)
    work = ((days + 3) % 7) < 5  # 1970-01-01 was a Thursday: (day + 3) % 7 is 0 on Mondays

    def positions(table: Any) -> IntArray:
        found = np.array([epoch_day(d) for d in table], dtype=np.int64)
        return found[(found >= start) & (found <= stop)] - start

    work[positions(chinese_calendar.holidays)] = False
    work[positions(chinese_calendar.workdays)] = True
    work[epoch_day(date(2005, 12, 31)) - start] = (
        True  # 国办发明电〔2005〕35号: a make-up working day
    )
    return WorkdayIndex(
        first=start,
        cum=np.cumsum(work, dtype=np.int64),
        workdays=np.flatnonzero(work).astype(np.int64) + start,
        work=work,
    )


# --- the floor: reading the CSV with pyarrow ---------------------------------------------------------


def read_pyarrow(path: str) -> Any:
    import pyarrow.csv as pacsv

    return pacsv.read_csv(path)


def no_verdicts(data: Any, as_of: date) -> None:
    return None


# --- pandas, vectorised (merge_asof + the working-day index) ---------------------------------------


def read_pandas_fast(columns: tuple[str, ...]) -> Callable[[str], Any]:
    def read(path: str) -> Any:
        import pandas as pd

        return pd.read_csv(path, engine="pyarrow", usecols=list(columns))

    return read


def _day_column(frame: Any) -> IntArray:
    """Epoch days of the ``time`` column (parsed timestamps or ISO text)."""
    import pandas as pd

    column = frame["time"]
    if pd.api.types.is_datetime64_any_dtype(column):
        return column.to_numpy().astype("datetime64[D]").astype(np.int64)
    return column.str.slice(0, 10).to_numpy().astype("datetime64[D]").astype(np.int64)


def _events(frame: Any, names: tuple[str, ...], as_of: date) -> Any:
    """The rows of *names* known on *as_of*, with an int ``day`` column."""
    frame = frame[frame["event"].isin(names)]
    frame = frame.assign(day=_day_column(frame))
    return frame[frame["day"] <= epoch_day(as_of)]


def _first_at_or_after(left: Any, right: Any, on: str, right_on: str, name: str) -> Any:
    """``left`` with column *name*: the first ``right[right_on]`` ≥ ``left[on]`` in the same case."""
    import pandas as pd

    left = left.sort_values(on, kind="stable")
    right = right[["case", right_on]].rename(columns={right_on: name}).sort_values(name)
    return pd.merge_asof(left, right, left_on=on, right_on=name, by="case", direction="forward")


def s3_pandas(frame: Any, as_of: date) -> Verdicts:
    index = workday_index()
    events = _events(frame, S3_EVENTS, as_of)
    triggers = events.loc[events["event"] == S3_TRIGGER, ["case", "day"]]
    answers = events.loc[events["event"] == S3_FULFIL, ["case", "day"]]
    matched = _first_at_or_after(triggers, answers, "day", "day", "fulfilled")
    trigger = matched["day"].to_numpy(np.int64)
    fulfilled = matched["fulfilled"].fillna(-1).to_numpy(np.int64)
    deadline = index.add(trigger, S3_DAYS)
    status = _statuses(fulfilled, deadline, np.zeros(len(trigger), bool), epoch_day(as_of))
    return Verdicts("S3", matched["case"].to_numpy(object), trigger, status, deadline, fulfilled)


def l5_pandas(frame: Any, as_of: date) -> Verdicts:
    import pandas as pd

    index = workday_index()
    as_of_day = epoch_day(as_of)
    events = _events(frame, L5_EVENTS, as_of)
    kind = events["event"]
    inst = events.loc[kind == L5_TRIGGER, ["case", "day"]].rename(columns={"day": "t"})
    inst = inst.assign(iid=np.arange(len(inst)))
    # the fulfilment, and the window's end: the fulfilment or the as-of day
    inst = _first_at_or_after(inst, events.loc[kind == L5_FULFIL], "t", "day", "f")
    inst["b"] = inst["f"].fillna(as_of_day).astype(np.int64)
    # the latest restart in (t, b]
    restarts = events.loc[kind == L5_RESTART, ["case", "day"]].rename(columns={"day": "r"})
    inst = pd.merge_asof(
        inst.sort_values("b"), restarts.sort_values("r"), left_on="b", right_on="r", by="case"
    )
    restarted = inst["r"].to_numpy(np.float64) > inst["t"].to_numpy(np.float64)
    inst["s"] = np.where(restarted, inst["r"].fillna(0), inst["t"]).astype(np.int64)
    # the first extension on or after the start, inside the window
    ext = events.loc[kind == L5_EXTEND, ["case", "day", "days"]]
    inst = _first_at_or_after(inst, ext, "s", "day", "x")
    amounts = ext.groupby(["case", "day"], as_index=False)["days"].min()
    inst = inst.merge(amounts.rename(columns={"day": "x"}), on=["case", "x"], how="left")
    inst = inst.sort_values("iid").reset_index(drop=True)
    x_day = inst["x"].fillna(-1).to_numpy(np.int64)
    has_x = (x_day >= 0) & (x_day <= inst["b"].to_numpy(np.int64))
    amount = np.minimum(inst["days"].fillna(L5_LIMIT).to_numpy(np.float64), L5_LIMIT)
    pauses = _pauses(inst, events)
    start_count = index.count(inst["s"].to_numpy(np.int64))
    pos, suspended = _solve(start_count, L5_DAYS, pauses, len(inst))
    in_force = index.workdays[pos]
    accepted = has_x & (suspended | (x_day <= in_force))
    budget = L5_DAYS + np.where(accepted, amount, 0).astype(np.int64)
    pos, suspended = _solve(start_count, budget, pauses, len(inst))
    deadline = np.where(suspended, -1, index.workdays[pos])
    fulfilled = inst["f"].fillna(-1).to_numpy(np.int64)
    status = _statuses(fulfilled, deadline, suspended, as_of_day)
    trigger = inst["t"].to_numpy(np.int64)
    return Verdicts("L5", inst["case"].to_numpy(object), trigger, status, deadline, fulfilled)


@dataclass(frozen=True)
class _Pauses:
    """Effective pauses, one row each, sorted by instance and start: paused working days, etc."""

    iid: IntArray
    start_count: IntArray  # cum[max(pause start, clock start)]
    paused: IntArray  # working days not counted (0 for an open pause)
    before: IntArray  # paused working days of the instance's earlier pauses
    open: npt.NDArray[np.bool_]


def _pauses(inst: Any, events: Any) -> _Pauses:
    """Pair 征求意见开始/结束 per instance inside its window, as the engine does (C9)."""
    index = workday_index()
    kind = events["event"]
    edges = events.loc[kind.isin((L5_PAUSE, L5_RESUME)), ["case", "day", "event"]]
    edges = edges.assign(k=(edges["event"] == L5_RESUME).astype(np.int8)).drop(columns="event")
    joined = inst[["iid", "case", "t", "b", "s"]].merge(edges, on="case")
    joined = joined[(joined["day"] >= joined["t"]) & (joined["day"] <= joined["b"])]
    joined = joined.sort_values(["iid", "day", "k"], kind="stable")
    iid = joined["iid"].to_numpy(np.int64)
    k = joined["k"].to_numpy(np.int8)
    same = np.r_[False, iid[1:] == iid[:-1]]
    prev_start = same & np.r_[False, k[:-1] == 0]
    effective = np.where(k == 0, ~prev_start, prev_start)
    iid, k = iid[effective], k[effective]
    day = joined["day"].to_numpy(np.int64)[effective]
    s = joined["s"].to_numpy(np.int64)[effective]
    starts = np.flatnonzero(k == 0)
    follows = starts + 1 < len(k)
    nxt = np.minimum(starts + 1, max(len(k) - 1, 0))
    closed = follows & (iid[nxt] == iid[starts]) & (k[nxt] == 1) if len(k) else follows
    p_iid, p_start, p_clock = iid[starts], day[starts], s[starts]
    p_end = np.where(closed, day[nxt], -1) if len(k) else p_start
    keep = ~closed | (p_end > p_clock)  # a pause over before the clock starts does not matter
    p_iid, p_start, p_end, p_clock, closed = (
        p_iid[keep],
        p_start[keep],
        p_end[keep],
        p_clock[keep],
        closed[keep],
    )
    start_count = index.count(np.maximum(p_start, p_clock))
    paused = np.where(closed, index.count(np.where(closed, p_end, p_clock)) - start_count, 0)
    total = np.cumsum(paused)
    first_of_iid = np.r_[True, p_iid[1:] != p_iid[:-1]] if len(p_iid) else np.zeros(0, bool)
    group_base = np.maximum.accumulate(np.where(first_of_iid, np.arange(len(p_iid)), 0))
    before = total - paused - (total - paused)[group_base]
    return _Pauses(p_iid, start_count, paused, before, ~closed)


def _solve(
    start_count: IntArray, budget: IntArray | int, pauses: _Pauses, n: int
) -> tuple[IntArray, npt.NDArray[np.bool_]]:
    """Position in the working-day list of each instance's last day, and whether it is suspended.

    Without pauses the last day is working day number ``cum[start] + budget`` (0-based: minus 1).
    A pause applies when the deadline so far falls after its start (``pos >= cum[pause start]``);
    the pauses that apply are a prefix of the instance's pauses, so each can be tested against the
    sum of all earlier ones.
    """
    base = start_count + budget - 1
    p_base = base[pauses.iid] if n else base
    applies = p_base + pauses.before >= pauses.start_count
    extra = np.bincount(pauses.iid, weights=np.where(applies, pauses.paused, 0), minlength=n)
    suspended = np.zeros(n, dtype=bool)
    suspended[pauses.iid[applies & pauses.open]] = True
    return base + extra.astype(np.int64), suspended


# --- pandas per case: groupby().apply, as most people write it ---------------------------------------


def read_pandas_plain(path: str) -> Any:
    import pandas as pd

    return pd.read_csv(path)


def _slow_calendar() -> Callable[[date], bool]:
    import chinese_calendar

    def is_workday(d: date) -> bool:
        if d == date(2005, 12, 31):
            return True
        return bool(chinese_calendar.is_workday(d))

    return is_workday


def _add_workdays(d: date, n: int, is_workday: Callable[[date], bool]) -> date:
    while n > 0:
        d += timedelta(days=1)
        if is_workday(d):
            n -= 1
    return d


def s3_per_case(frame: Any, as_of: date) -> Verdicts:
    import pandas as pd

    is_workday = _slow_calendar()
    df = frame[frame["event"].isin(S3_EVENTS)].copy()
    df["date"] = pd.to_datetime(df["time"].str.slice(0, 10)).dt.date
    df = df[df["date"] <= as_of]

    def check(group: Any) -> Any:
        answers = sorted(group.loc[group["event"] == S3_FULFIL, "date"])
        rows = []
        for published in group.loc[group["event"] == S3_TRIGGER, "date"]:
            answer = next((a for a in answers if a >= published), None)
            deadline = _add_workdays(published, S3_DAYS, is_workday)
            if answer is not None:
                status = MET if answer <= deadline else VIOLATED
            else:
                status = PENDING if as_of <= deadline else VIOLATED
            rows.append((published, status, deadline, answer))
        return pd.DataFrame(rows, columns=["trigger", "status", "deadline", "fulfilled"])

    result = df.groupby("case").apply(check).reset_index(level=0)
    return _from_dates("S3", result)


def l5_per_case(frame: Any, as_of: date) -> Verdicts:
    import pandas as pd

    is_workday = _slow_calendar()
    df = frame[frame["event"].isin(L5_EVENTS)].copy()
    df["date"] = pd.to_datetime(df["time"].str.slice(0, 10)).dt.date
    df = df[df["date"] <= as_of].sort_values("date", kind="stable")

    def check(group: Any) -> Any:
        events = list(zip(group["event"], group["date"], group["days"], strict=True))
        rows = []
        for received in [d for e, d, _ in events if e == L5_TRIGGER]:
            answer = min(
                (d for e, d, _ in events if e == L5_FULFIL and d >= received), default=None
            )
            end = answer if answer is not None else as_of
            window = [(e, d, x) for e, d, x in events if received <= d <= end]
            restarts = [d for e, d, _ in window if e == L5_RESTART and d > received]
            start = max(restarts) if restarts else received
            pauses = _pair_pauses(window)
            extensions = [(d, x) for e, d, x in window if e == L5_EXTEND and d >= start]
            deadline = _count(start, L5_DAYS, pauses, is_workday)
            if extensions:
                notified, days = extensions[0]
                if deadline is None or notified <= deadline:
                    amount = L5_LIMIT if pd.isna(days) else min(int(days), L5_LIMIT)
                    deadline = _count(start, L5_DAYS + amount, pauses, is_workday)
            if answer is not None:
                status = MET if deadline is None or answer <= deadline else VIOLATED
            else:
                status = PENDING if deadline is None or as_of <= deadline else VIOLATED
            rows.append((received, status, deadline, answer))
        return pd.DataFrame(rows, columns=["trigger", "status", "deadline", "fulfilled"])

    result = df.groupby("case").apply(check).reset_index(level=0)
    return _from_dates("L5", result)


def _pair_pauses(window: list[tuple[str, date, Any]]) -> list[tuple[date, date | None]]:
    """Consultations in time order (a start before an end on the same day); ``None``: still open."""
    edges = sorted(
        (d, 0 if e == L5_PAUSE else 1) for e, d, _ in window if e in (L5_PAUSE, L5_RESUME)
    )
    pauses: list[tuple[date, date | None]] = []
    opened: date | None = None
    for d, k in edges:
        if k == 0 and opened is None:
            opened = d
        elif k == 1 and opened is not None:
            pauses.append((opened, d))
            opened = None
    if opened is not None:
        pauses.append((opened, None))
    return pauses


def _count(
    start: date,
    budget: int,
    pauses: list[tuple[date, date | None]],
    is_workday: Callable[[date], bool],
) -> date | None:
    """Day by day: the budget-th counted working day after *start*; ``None`` if a pause is open."""
    d = start
    while True:
        d += timedelta(days=1)
        if any(end is None and d > begin for begin, end in pauses):
            return None
        if any(end is not None and begin < d <= end for begin, end in pauses):
            continue
        if is_workday(d):
            budget -= 1
            if budget == 0:
                return d


def _from_dates(rule: str, result: Any) -> Verdicts:
    def days(column: str) -> IntArray:
        return np.array(
            [epoch_day(d) if isinstance(d, date) else -1 for d in result[column]], dtype=np.int64
        )

    return Verdicts(
        rule,
        result["case"].to_numpy(object),
        days("trigger"),
        result["status"].to_numpy(object),
        days("deadline"),
        days("fulfilled"),
    )


# --- DuckDB SQL (ASOF JOIN with a calendar table) ----------------------------------------------------


def read_duckdb(columns: tuple[str, ...]) -> Callable[[str], Any]:
    def read(path: str) -> Any:
        import duckdb

        con = duckdb.connect()
        names = ", ".join(f'"{c}"' for c in columns)
        con.execute(
            f"CREATE TABLE events AS SELECT {names} FROM read_csv(?, header = true, all_varchar = true)",
            [path],
        )
        return con

    return read


def _calendar_tables(con: Any) -> None:
    import pyarrow as pa

    index = workday_index()
    days = (np.arange(len(index.cum)) + index.first).astype("datetime64[D]")
    cal = pa.table({"d": days, "cum": index.cum})
    wd = pa.table(
        {"k": np.arange(len(index.workdays)), "d": index.workdays.astype("datetime64[D]")}
    )
    con.register("cal_view", cal)
    con.register("wd_view", wd)
    con.execute("CREATE OR REPLACE TEMP TABLE cal AS SELECT * FROM cal_view")
    con.execute("CREATE OR REPLACE TEMP TABLE wd AS SELECT * FROM wd_view")


_S3_SQL = """
WITH ev AS (
    SELECT "case" AS c, event, CAST(substr(time, 1, 10) AS DATE) AS d
    FROM events WHERE event IN ('政策文件公开', '解读发布')
), known AS (SELECT * FROM ev WHERE d <= $as_of),
t AS (SELECT c, d FROM known WHERE event = '政策文件公开'),
f AS (SELECT c, d FROM known WHERE event = '解读发布'),
m AS (SELECT t.c, t.d AS t, f.d AS f FROM t ASOF LEFT JOIN f ON t.c = f.c AND f.d >= t.d)
SELECT m.c, m.t, m.f, w.d AS deadline,
    CASE WHEN m.f IS NOT NULL AND m.f <= w.d THEN 'met'
         WHEN m.f IS NULL AND $as_of <= w.d THEN 'pending'
         ELSE 'violated' END AS status
FROM m JOIN cal ON cal.d = m.t JOIN wd w ON w.k = cal.cum + 3 - 1
"""

_L5_SQL = """
WITH ev AS (
    SELECT "case" AS c, event, CAST(substr(time, 1, 10) AS DATE) AS d, TRY_CAST(days AS INTEGER) AS days
    FROM events
    WHERE event IN ('收到申请', '答复', '收到补正', '征求意见开始', '征求意见结束', '延期告知')
), known AS (SELECT * FROM ev WHERE d <= $as_of),
inst AS (SELECT row_number() OVER () AS iid, c, d AS t FROM known WHERE event = '收到申请'),
ans AS (SELECT c, d FROM known WHERE event = '答复'),
rst AS (SELECT c, d FROM known WHERE event = '收到补正'),
ext AS (SELECT c, d, min(days) AS days FROM known WHERE event = '延期告知' GROUP BY c, d),
fb AS (
    SELECT i.iid, i.c, i.t, a.d AS f, coalesce(a.d, $as_of) AS b
    FROM inst i ASOF LEFT JOIN ans a ON i.c = a.c AND a.d >= i.t
), rs AS (
    SELECT fb.*, CASE WHEN r.d > fb.t THEN r.d ELSE fb.t END AS s
    FROM fb ASOF LEFT JOIN rst r ON fb.c = r.c AND r.d <= fb.b
), ix AS (
    SELECT rs.*, CASE WHEN x.d <= rs.b THEN x.d END AS x,
        least(coalesce(x.days, 20), 20) AS amount, cal.cum AS cum_s
    FROM rs ASOF LEFT JOIN ext x ON rs.c = x.c AND x.d >= rs.s
    JOIN cal ON cal.d = rs.s
), edges AS (
    SELECT ix.iid, e.d, CASE WHEN e.event = '征求意见开始' THEN 0 ELSE 1 END AS k
    FROM ix JOIN known e ON e.c = ix.c AND e.d BETWEEN ix.t AND ix.b
    WHERE e.event IN ('征求意见开始', '征求意见结束')
), marked AS (
    SELECT *, lag(k) OVER (PARTITION BY iid ORDER BY d, k) AS prev FROM edges
), effective AS (
    SELECT * FROM marked WHERE (k = 0 AND (prev IS NULL OR prev = 1)) OR (k = 1 AND prev = 0)
), paired AS (
    SELECT iid, k, d AS ps, lead(d) OVER (PARTITION BY iid ORDER BY d, k) AS pe FROM effective
), pauses AS (
    SELECT p.iid, p.ps, p.pe IS NULL AS open, c1.cum AS cum_from,
        coalesce(c2.cum - c1.cum, 0) AS paused
    FROM paired p JOIN ix ON ix.iid = p.iid
    JOIN cal c1 ON c1.d = greatest(p.ps, ix.s)
    LEFT JOIN cal c2 ON c2.d = p.pe
    WHERE p.k = 0 AND (p.pe IS NULL OR p.pe > ix.s)
), ordered AS (
    SELECT *, coalesce(sum(paused) OVER (
        PARTITION BY iid ORDER BY ps ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
    ), 0) AS before FROM pauses
), first_solve AS (
    SELECT ix.iid,
        ix.cum_s + 20 - 1 + coalesce(sum(o.paused) FILTER (
            WHERE ix.cum_s + 20 - 1 + o.before >= o.cum_from), 0) AS pos,
        coalesce(bool_or(o.open AND ix.cum_s + 20 - 1 + o.before >= o.cum_from), false) AS suspended
    FROM ix LEFT JOIN ordered o ON o.iid = ix.iid GROUP BY ix.iid, ix.cum_s
), budgets AS (
    SELECT ix.*, 20 + CASE WHEN ix.x IS NOT NULL AND (s1.suspended OR ix.x <= w.d)
        THEN ix.amount ELSE 0 END AS budget
    FROM ix JOIN first_solve s1 ON s1.iid = ix.iid JOIN wd w ON w.k = s1.pos
), final AS (
    SELECT bu.iid,
        bu.cum_s + bu.budget - 1 + coalesce(sum(o.paused) FILTER (
            WHERE bu.cum_s + bu.budget - 1 + o.before >= o.cum_from), 0) AS pos,
        coalesce(bool_or(o.open AND bu.cum_s + bu.budget - 1 + o.before >= o.cum_from), false)
            AS suspended
    FROM budgets bu LEFT JOIN ordered o ON o.iid = bu.iid GROUP BY bu.iid, bu.cum_s, bu.budget
)
SELECT ix.c, ix.t, ix.f, CASE WHEN fi.suspended THEN NULL ELSE w.d END AS deadline,
    CASE WHEN ix.f IS NOT NULL AND (fi.suspended OR ix.f <= w.d) THEN 'met'
         WHEN ix.f IS NULL AND (fi.suspended OR $as_of <= w.d) THEN 'pending'
         ELSE 'violated' END AS status
FROM ix JOIN final fi ON fi.iid = ix.iid JOIN wd w ON w.k = fi.pos
"""


def _duckdb(rule: str, sql: str) -> Callable[[Any, date], Verdicts]:
    def compute(con: Any, as_of: date) -> Verdicts:
        _calendar_tables(con)
        result = con.execute(sql, {"as_of": as_of}).fetchnumpy()

        def days(name: str) -> IntArray:
            column = result[name]
            mask = np.ma.getmaskarray(column)
            values = np.ma.getdata(column).astype("datetime64[D]").astype(np.int64)
            return np.where(mask | (values == np.iinfo(np.int64).min), -1, values)

        return Verdicts(
            rule,
            np.asarray(result["c"], dtype=object),
            days("t"),
            np.asarray(result["status"], dtype=object),
            days("deadline"),
            days("f"),
        )

    return compute


# --- pm4py: Declare conformance of the untimed response constraint behind S3 -------------------------


def read_pm4py(path: str) -> Any:
    import pandas as pd

    return pd.read_csv(path, usecols=["time", "event", "case"])


def s3_pm4py(frame: Any, as_of: date) -> Verdicts:
    """pm4py's ``response(政策文件公开, 解读发布)`` per case: no deadline, no calendar.

    The verdict pm4py can give is per case (a deviation: the last document was not followed by a
    解读), so this returns one row per case with a deviation (status ``violated``) and the harness
    compares these cases with the cases where some trigger has no fulfilment at all.
    """
    import pandas as pd
    import pm4py

    df = frame[frame["case"].notna()]
    df = df.assign(time=pd.to_datetime(df["time"], format="ISO8601"))
    df = df[df["time"] < pd.Timestamp(as_of + timedelta(days=1))]
    # a document and its 解读 on the same day: the document first (both are midnight)
    df = df.assign(first=(df["event"] != S3_TRIGGER)).sort_values(["time", "first"], kind="stable")
    log = pm4py.format_dataframe(
        df.drop(columns="first"), case_id="case", activity_key="event", timestamp_key="time"
    )
    model = {"response": {(S3_TRIGGER, S3_FULFIL): {"support": 1.0, "confidence": 1.0}}}
    results = pm4py.conformance_declare(log, model)
    cases = np.asarray(sorted(log["case:concept:name"].unique()), dtype=object)
    deviating = np.array([bool(r["deviations"]) for r in results], dtype=bool)
    picked = cases[deviating]
    none = np.full(len(picked), -1, dtype=np.int64)
    return Verdicts("S3", picked, none, np.full(len(picked), VIOLATED, object), none, none)


# --- the contenders -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Contender:
    """A way to check one rule: how it reads the CSV, how it computes the verdicts."""

    key: str  # short id for the command line
    name: str
    rule: str  # "S3", "L5", or "" for the read floor
    package: str  # the module it needs
    read: Callable[[str], Any]
    compute: Callable[[Any, date], Verdicts | None]
    max_rows: int | None = None  # larger logs: extrapolated from this size
    untimed: bool = False  # verdicts without deadlines (pm4py): compared per case


_S3_COLUMNS = ("time", "event", "case")
_L5_COLUMNS = ("time", "event", "case", "days")

CONTENDERS: tuple[Contender, ...] = (
    Contender("floor", "pyarrow read (floor)", "", "pyarrow", read_pyarrow, no_verdicts),
    Contender(
        "per-case-S3", "pandas per case", "S3", "pandas", read_pandas_plain, s3_per_case, 100_000
    ),
    Contender(
        "per-case-L5", "pandas per case", "L5", "pandas", read_pandas_plain, l5_per_case, 100_000
    ),
    Contender(
        "pandas-S3", "pandas vectorised", "S3", "pandas", read_pandas_fast(_S3_COLUMNS), s3_pandas
    ),
    Contender(
        "pandas-L5", "pandas vectorised", "L5", "pandas", read_pandas_fast(_L5_COLUMNS), l5_pandas
    ),
    Contender(
        "duckdb-S3", "DuckDB SQL", "S3", "duckdb", read_duckdb(_S3_COLUMNS), _duckdb("S3", _S3_SQL)
    ),
    Contender(
        "duckdb-L5", "DuckDB SQL", "L5", "duckdb", read_duckdb(_L5_COLUMNS), _duckdb("L5", _L5_SQL)
    ),
    Contender(
        "pm4py-S3", "pm4py Declare", "S3", "pm4py", read_pm4py, s3_pm4py, 1_000_000, untimed=True
    ),
)
