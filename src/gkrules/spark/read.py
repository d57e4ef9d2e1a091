"""Spark sessions, and event logs read by Spark with every row's provenance.

A one-machine check shows each row as ``file:row`` (the CSV line, the JSON Lines line, the
position in a DataFrame).  Spark splits files into blocks read by different tasks, so the row
numbers are rebuilt: each block's rows are counted once (``_metadata.file_path`` and
``file_block_start`` say which block a row came from, ``monotonically_increasing_id`` its position
in the block), and a row's number is the rows of the file's earlier blocks plus its position.
That costs one extra scan of CSV and JSON Lines files; Parquet files give ``_metadata.row_index``.

Row numbers are the CSV line numbers (header on line 1) when the file has no blank lines and no
line breaks inside quoted values; Spark cannot see either, so then they count records.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Mapping, Sequence
from typing import Any, Literal
from urllib.parse import unquote, urlparse

from gkrules.errors import EventLogError, UsageError
from gkrules.spark.messages import diagnostic
from gkrules.spark.plan import SparkEvents
from gkrules.spark.worker import MALFORMED, ROW, SOURCE

__all__ = ["EventsFormat", "number_frame", "read_events", "spark_session"]

EventsFormat = Literal["auto", "csv", "jsonl", "parquet"]
_FILE = "_gk_file"
_BLOCK = "_gk_block"
_ID = "_gk_id"


def _functions() -> Any:
    return importlib.import_module("pyspark.sql.functions")


def spark_session(
    master: str | None = None,
    *,
    app_name: str = "gkrules",
    config: Mapping[str, str] | None = None,
) -> Any:
    """The active Spark session, or a new one.

    The master is *master*, else ``$SPARK_MASTER``, else whatever ``spark-submit`` or
    ``spark-defaults.conf`` configured, else ``local[*]`` (Spark's own default).  A local session
    runs its Python workers with this interpreter: ``PYSPARK_PYTHON`` is set to it when unset.
    """
    try:
        sql = importlib.import_module("pyspark.sql")
    except ImportError:
        from gkrules.engine.messages import diagnostic as engine_diagnostic

        raise UsageError(engine_diagnostic("GK491", package="pyspark", extra="spark")) from None
    active = sql.SparkSession.getActiveSession()
    if active is not None:
        return active
    builder = sql.SparkSession.builder.appName(app_name)
    chosen = master or os.environ.get("SPARK_MASTER")
    if chosen:
        builder = builder.master(chosen)
    submitted = "PYSPARK_GATEWAY_PORT" in os.environ  # the driver was started by spark-submit
    local = chosen is None or chosen.startswith("local")
    if local and not submitted and "PYSPARK_PYTHON" not in os.environ:
        # PySpark starts local workers with $PYSPARK_PYTHON (default: python3 on the PATH, which
        # is not this virtual environment); the variable is read when the context starts.
        os.environ["PYSPARK_PYTHON"] = sys.executable
    for key, value in (config or {}).items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


# --- reading files ---------------------------------------------------------------------------------


def _format_of(path: str, given: EventsFormat) -> str:
    if given != "auto":
        return given
    name = path.lower().rstrip("/")
    if name.endswith(".gz"):
        name = name[:-3]
    if name.endswith(".csv"):
        return "csv"
    if name.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    return "parquet"  # a data lake's folders and tables


def read_events(
    spark: Any,
    paths: Sequence[str],
    *,
    events_format: EventsFormat = "auto",
    multiline: bool = False,
) -> SparkEvents:
    """Event logs read by Spark — local paths, ``s3a://``/``hdfs://`` URIs, folders, globs.

    CSV (header, UTF-8; set *multiline* when quoted values hold line breaks — the files are then
    not split), JSON Lines (values read as text, as written) or Parquet, by extension unless
    *events_format* says; a folder or URI without one is Parquet.  Each file is a source, shown
    as the path given when it names one file, else as the file's own path.
    """
    frames = []
    names: list[str] = []
    for path in paths:
        fmt = _format_of(path, events_format)
        frame = _reader(spark, fmt, multiline, path)
        frame, found = _number_files(frame, path, fmt)
        names.extend(found)
        frames.append(frame)
    combined = frames[0]
    for more in frames[1:]:
        combined = combined.unionByName(more, allowMissingColumns=True)
    return SparkEvents(combined, tuple(names))


def _reader(spark: Any, fmt: str, multiline: bool, path: str) -> Any:
    errors = importlib.import_module("pyspark.errors")
    read = spark.read
    try:
        if fmt == "csv":
            options = {"header": True, "escape": '"', "multiLine": multiline, "encoding": "UTF-8"}
            names = _clean_header(read.csv(path, inferSchema=False, **options), path)
            # read again with the header's columns as text and a column for records whose fields
            # do not match the header (set aside with GK425, as the engine does)
            types = importlib.import_module("pyspark.sql.types")
            fields = [types.StructField(f"_c{i}", types.StringType()) for i in range(len(names))]
            schema = types.StructType([*fields, types.StructField(MALFORMED, types.StringType())])
            frame = read.csv(
                path,
                schema=schema,
                mode="PERMISSIVE",
                columnNameOfCorruptRecord=MALFORMED,
                **options,
            )
            return frame.toDF(*names, MALFORMED)
        if fmt == "jsonl":
            return read.json(path, primitivesAsString=True, multiLine=False)
        return read.parquet(path)
    except errors.AnalysisException as problem:
        raise UsageError(diagnostic("GK641", path=path, reason=_first_line(problem))) from None


def _first_line(problem: BaseException) -> str:
    text = str(problem).strip().splitlines()
    return text[0][:200] if text else type(problem).__name__


def _clean_header(frame: Any, path: str) -> tuple[str, ...]:
    """The header as the engine reads it: names trimmed, a BOM dropped, required columns there."""
    from gkrules.engine.log_csv import check_header
    from gkrules.engine.log_sources import Source, SourceState

    state = SourceState(Source(path, "csv"), "csv")
    state.header_text = ",".join(frame.columns)
    names = check_header(list(frame.columns), state)
    if names is None:
        raise EventLogError(state.file_problems)
    return names


def _number_files(frame: Any, path: str, fmt: str) -> tuple[Any, list[str]]:
    """*frame* with ``_gk_source`` and ``_gk_row`` added; the sources it holds, in order."""
    F = _functions()
    first_row = 2 if fmt == "csv" else 1
    meta = frame.select(
        "*",
        F.col("_metadata.file_path").alias(_FILE),
        F.col("_metadata.file_block_start").alias(_BLOCK),
        F.monotonically_increasing_id().alias(_ID),
    )
    blocks = (
        meta.groupBy(_FILE, _BLOCK)
        .agg(F.count(F.lit(1)).alias("n"), F.min(_ID).alias("first"))
        .collect()
    )
    files = sorted({row[_FILE] for row in blocks})
    single = len(files) == 1 and not _is_folder_or_glob(path)
    shown = {file: path if single else _display(file) for file in files}
    table = []
    done: dict[str, int] = {}
    for row in sorted(blocks, key=lambda r: (r[_FILE], r[_BLOCK])):
        file = row[_FILE]
        base = done.get(file, 0)
        table.append((file, row[_BLOCK], base - row["first"] + first_row, shown[file]))
        done[file] = base + row["n"]
    spark = frame.sparkSession
    lookup = spark.createDataFrame(
        table, f"{_FILE} string, {_BLOCK} long, _gk_base long, {SOURCE} string"
    )
    numbered = (
        meta.join(F.broadcast(lookup), [_FILE, _BLOCK])
        .withColumn(ROW, F.col(_ID) + F.col("_gk_base"))
        .drop(_FILE, _BLOCK, _ID, "_gk_base")
    )
    return numbered, [shown[file] for file in files]


def _is_folder_or_glob(path: str) -> bool:
    if any(ch in path for ch in "*?[{"):
        return True
    parsed = urlparse(path)
    if parsed.scheme in ("", "file"):
        return os.path.isdir(unquote(parsed.path) if parsed.scheme else path)
    return path.endswith("/")


def _display(uri: str) -> str:
    """A file's path as Spark names it, shown as a local path when it is one."""
    parsed = urlparse(uri)
    if parsed.scheme == "file":
        return unquote(parsed.path)
    return uri


def number_frame(frame: Any, source: str = "<DataFrame>") -> SparkEvents:
    """A DataFrame without provenance, its rows numbered 1, 2, … in partition order.

    One count per partition is collected.  The numbers are stable only if the DataFrame's
    partitions are (read from files, or cached); otherwise give ``_gk_source``/``_gk_row``.
    """
    F = _functions()
    part = "_gk_part"
    meta = frame.select(
        "*", F.spark_partition_id().alias(part), F.monotonically_increasing_id().alias(_ID)
    )
    counts = meta.groupBy(part).agg(F.count(F.lit(1)).alias("n"), F.min(_ID).alias("first"))
    table = []
    done = 0
    for row in sorted(counts.collect(), key=lambda r: r[part]):
        table.append((row[part], done - row["first"] + 1))
        done += row["n"]
    lookup = frame.sparkSession.createDataFrame(table, f"{part} int, _gk_base long")
    numbered = (
        meta.join(F.broadcast(lookup), [part])
        .withColumn(ROW, F.col(_ID) + F.col("_gk_base"))
        .withColumn(SOURCE, F.lit(source))
        .drop(part, _ID, "_gk_base")
    )
    return SparkEvents(numbered, (source,))
