"""Where event logs come from: paths, open files, rows in memory, DataFrames and Arrow tables.

:func:`classify` turns whatever the caller passed into a :class:`Source` that
can be opened again from the start (the loader reads a file twice only when it
must: to tell GB18030 from UTF-8, or to show the lines of rows with problems).
Compressed files (``.gz``) are recognised by their first bytes.  pandas and
pyarrow are recognised by their types' modules and never imported here.
"""

from __future__ import annotations

import codecs
import gzip
import io
import os
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import IO, Any, Literal, cast

from attrs import define, field, frozen

from gkrules.diagnostics import Diagnostic
from gkrules.engine.messages import diagnostic, message, shorten
from gkrules.errors import UsageError

__all__ = [
    "Source",
    "SourceState",
    "classify",
    "locate_bad_byte",
    "undecodable",
    "unreadable",
    "usage_error",
]

Format = Literal["csv", "jsonl", "records", "DataFrame", "Table"]
#: (row, column, code, message arguments, field index in CSV or text column in JSON)
RowProblem = tuple[int, str | None, str, dict[str, object], int | None]
_GZIP_MAGIC = b"\x1f\x8b"
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: How many bytes a text stream decodes at a time.
_TEXT_CHUNK = 1 << 16
_NOT_LOGS = {".xlsx", ".xls", ".xlsm", ".et", ".ods", ".json", ".parquet"}


def printable(name: str) -> str:
    """A file name that can be printed: undecodable bytes (surrogates) shown as escapes."""
    return name.encode("utf-8", "backslashreplace").decode("utf-8")


def usage_error(key: str, **args: object) -> UsageError:
    """A :class:`UsageError` for a bad argument to ``load_events``, in both languages."""
    return UsageError(diagnostic("GK490", what=message(key, **args)))


@frozen(eq=False)
class Source:
    """One log to read.  Files open as text (decoded) or bytes; in-memory sources keep the object."""

    name: str
    format: Format | None  # None: decide from the content
    open_bytes: Callable[[], IO[bytes]] | None = None
    open_text: Callable[[], IO[str]] | None = None
    size: int | None = None
    obj: Any = None
    path: str | None = None


@define
class SourceState:
    """What reading one source found out, besides its rows."""

    source: Source
    format: Format
    encoding: str | None = None
    encoding_detected: bool = False
    reader: str = "python"
    header: tuple[str, ...] = ()
    header_line: int = 1
    header_text: str = ""
    blank_rows: int = 0
    empty_is_missing: bool = False
    #: Problems readers found in rows: (row, column, code, message args, field index or column).
    row_problems: list[RowProblem] = field(factory=list)
    #: Problems with the source as a whole (nothing can be read from it).
    file_problems: list[Diagnostic] = field(factory=list)
    keys_seen: set[str] = field(factory=set)
    #: In-memory rows, kept to show them in diagnostics.
    records: Sequence[object] = ()
    #: The columns to read besides ``time`` and ``event`` (``None``: every column).
    columns: frozenset[str] | None = None
    #: The events whose rows are read in full (``None``: every event); see :meth:`skips`.
    events: frozenset[str] | None = None
    #: Rows not read because :meth:`skips` their event: how many, by event name
    #: (``log_check.tally_skipped``).
    skipped: dict[str, int] = field(factory=dict)

    def skips(self, event: str | None, *, problem: bool = False) -> bool:
        """Whether a row whose event (trimmed) is *event* is counted but not read: a name, clean
        (no *problem*), that is not one of :attr:`events`.  A row without an event is read (to
        be set aside)."""
        return (
            self.events is not None
            and event is not None
            and not problem
            and (event not in self.events)
        )

    def reads(self, name: str) -> bool:
        """Whether the column *name* is read (``time`` and ``event`` always are)."""
        return self.columns is None or name in self.columns or name in ("time", "event")

    def problem(
        self,
        row: int,
        code: str,
        *,
        column: str | None = None,
        at: int | None = None,
        **args: object,
    ) -> None:
        """Record a problem in *row*: in *column*, or at field index / text column *at*."""
        self.row_problems.append((row, column, code, args, at))


def classify(source: object, position: int, counts: dict[str, int]) -> Source | Diagnostic:
    """A :class:`Source` for one argument of ``load_events``, or a diagnostic if it cannot be read."""
    if isinstance(source, str | os.PathLike):
        return _path_source(os.fsdecode(source))
    package = type(source).__module__.partition(".")[0]
    kind = type(source).__name__
    if package == "pandas" and kind == "DataFrame":
        return Source(_numbered("<DataFrame>", counts), "DataFrame", obj=source)
    if package == "pyarrow" and kind in ("Table", "RecordBatch"):
        return Source(_numbered("<Table>", counts), "Table", obj=source)
    if hasattr(source, "read"):
        return _stream_source(source, counts)
    if isinstance(source, bytes | bytearray | memoryview | Mapping) or not isinstance(
        source, Iterable
    ):
        raise usage_error("GK490.source", type=shorten(type(source).__name__))
    return Source(_numbered("<records>", counts), "records", obj=source)


def _numbered(name: str, counts: dict[str, int]) -> str:
    counts[name] = counts.get(name, 0) + 1
    return name if counts[name] == 1 else f"{name[:-1]} {counts[name]}>"


def format_from_name(name: str) -> Format | Literal["unsupported"] | None:
    lowered = name.lower()
    if lowered.endswith(".gz"):
        lowered = lowered[:-3]
    _, extension = os.path.splitext(lowered)
    if extension == ".csv":
        return "csv"
    if extension in (".jsonl", ".ndjson"):
        return "jsonl"
    if extension in _NOT_LOGS:
        return "unsupported"
    return None


def _path_source(path: str) -> Source | Diagnostic:
    fmt = format_from_name(path)
    if fmt == "unsupported":
        return diagnostic("GK402", hint="GK402.hint", path=shorten(path, 200))
    try:
        with open(path, "rb") as probe:
            probe.read(1)
        size = os.path.getsize(path)
    except (OSError, ValueError) as error:  # ValueError: a NUL character in the path
        return _cannot_read(path, error)

    def open_bytes() -> IO[bytes]:
        with open(path, "rb") as probe:
            compressed = probe.read(2) == _GZIP_MAGIC
        if compressed:
            return cast("IO[bytes]", gzip.open(path, "rb"))
        return open(path, "rb")

    return Source(printable(path), fmt, open_bytes=open_bytes, size=size, path=path)


def _cannot_read(path: str, error: OSError | ValueError) -> Diagnostic:
    if isinstance(error, FileNotFoundError):
        reason = message("GK401.missing")
    elif isinstance(error, IsADirectoryError):
        reason = message("GK401.directory")
    elif isinstance(error, PermissionError):
        reason = message("GK401.denied")
    else:
        strerror = getattr(error, "strerror", None)
        reason = message("GK401.other", error=shorten(strerror or str(error), 200))
    return diagnostic("GK401", path=shorten(path, 200), reason=reason)


def _stream_source(stream: Any, counts: dict[str, int]) -> Source | Diagnostic:
    """An open file: read once, kept in memory so that it can be read again from the start."""
    given = getattr(stream, "name", None)
    name = printable(given) if isinstance(given, str) and given else _numbered("<stream>", counts)
    fmt = format_from_name(name)
    sniff: Format | None = None if fmt == "unsupported" else fmt
    try:
        content = stream.read()
    except (OSError, ValueError) as error:  # closed, not readable, …
        reason = message("GK401.other", error=shorten(str(error) or type(error).__name__, 200))
        return diagnostic("GK401", path=name, reason=reason)
    if not isinstance(content, str | bytes | bytearray | memoryview):
        raise usage_error("GK490.source", type=shorten(type(stream).__name__))
    if isinstance(content, str):
        text = content
        return Source(name, sniff, open_text=lambda: io.StringIO(text, newline=""))
    data = bytes(content)

    def open_bytes() -> IO[bytes]:
        if data[:2] == _GZIP_MAGIC:
            return cast("IO[bytes]", gzip.GzipFile(fileobj=io.BytesIO(data), mode="rb"))
        return io.BytesIO(data)

    return Source(name, sniff, open_bytes=open_bytes, size=len(data))


def initial_encoding(head: bytes, encoding: str | None) -> tuple[str, bool]:
    """The codec to try first and whether it is only a guess (UTF-8 unless a BOM or the caller says)."""
    if encoding is not None:
        name = codecs.lookup(encoding).name
        if name == "utf-8" and head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig", False
        return name, False
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name, False
    return "utf-8", True


@contextmanager
def open_text(source: Source, encoding: str) -> Iterator[IO[str]]:
    """The source as text, decoded strictly; lines end at ``\\n``, ``\\r\\n`` or ``\\r``."""
    if source.open_text is not None:
        with source.open_text() as stream:
            yield stream
        return
    assert source.open_bytes is not None
    with source.open_bytes() as raw:
        stream = io.TextIOWrapper(raw, encoding=encoding, errors="strict", newline="")
        if hasattr(stream, "_CHUNK_SIZE"):  # CPython decodes 8 KiB at a time: slow for big reads
            stream._CHUNK_SIZE = _TEXT_CHUNK
        try:
            yield stream
        finally:
            stream.detach()


def read_head(source: Source, size: int = 4096) -> bytes:
    assert source.open_bytes is not None
    with source.open_bytes() as raw:
        return raw.read(size)


def locate_bad_byte(source: Source, encoding: str) -> tuple[int, int] | None:
    """``(line, byte)`` of the first byte that *encoding* cannot decode, or ``None`` if all decode."""
    assert source.open_bytes is not None
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    line = 1
    with source.open_bytes() as raw:
        while True:
            block = raw.read(1 << 20)
            try:
                decoder.decode(block, final=not block)
            except UnicodeDecodeError as problem:
                # problem.object is the bytes held back from the last block plus this one.
                before = problem.object[: problem.start]
                line += before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n")
                bad = problem.object[problem.start] if problem.start < len(problem.object) else 0
                return line, bad
            if not block:
                return None
            line += block.count(b"\n") + block.count(b"\r") - block.count(b"\r\n")


def sniff_format(head: bytes, encoding: str) -> Format:
    """JSON Lines if the first thing in the file is ``{``, else CSV."""
    text = head.decode(encoding, errors="ignore").lstrip("\ufeff \t\r\n")
    return "jsonl" if text.startswith("{") else "csv"


def undecodable(source: Source, codec: str, guessed: bool) -> Diagnostic:
    """GK403 (the encoding was a guess) or GK404, at the first byte *codec* cannot decode."""
    line, byte = locate_bad_byte(source, codec) or (1, 0)
    name = shorten(source.name, 200)
    if guessed:
        return diagnostic("GK403", hint="GK403.hint", path=name, line=line, byte=f"{byte:02X}")
    shown = {"utf-8-sig": "UTF-8", "utf-8": "UTF-8"}.get(codec, codec.upper())
    return diagnostic(
        "GK404", hint="GK404.hint", path=name, encoding=shown, line=line, byte=f"{byte:02X}"
    )


def unreadable(source: Source, error: BaseException) -> Diagnostic:
    """GK409: the source cannot be read at all (a broken gzip stream, an I/O error)."""
    if isinstance(error, gzip.BadGzipFile | EOFError | zlib.error):
        reason = message("GK409.gzip")
    else:
        reason = message("GK401.other", error=shorten(str(error), 200))
    return diagnostic("GK409", path=shorten(source.name, 200), reason=reason)
