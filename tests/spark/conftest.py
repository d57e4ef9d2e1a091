"""A small local Spark session for the Spark tests, or a clear reason why they are skipped.

The tests need pyspark (``pip install -e '.[spark]'``) and a Java runtime (Java 17; Debian:
``apt-get install openjdk-17-jre-headless``).  Without them they are skipped — unless
``GKRULES_REQUIRE_SPARK=1`` (set by CI), when they fail instead, so CI cannot skip them silently.
The session is ``local[2]`` with 8 shuffle partitions and a 1 GiB driver: a few minutes on two cores.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

#: PySpark warns that it has not yet been tested with pandas 3; nothing here uses pandas.
PANDAS_WARNING = "ignore:PySpark does not yet fully support pandas:FutureWarning"


def missing_requirement() -> str | None:
    """Why Spark cannot run here, or ``None``."""
    for module, extra in (("pyspark", "spark"), ("pyarrow", "spark")):
        if importlib.util.find_spec(module) is None:
            return f"{module} is not installed (pip install -e '.[{extra}]')"
    java_home = os.environ.get("JAVA_HOME")
    java = shutil.which("java") or (str(Path(java_home) / "bin" / "java") if java_home else None)
    if java is None or not Path(java).exists():
        return "no Java runtime (install Java 17, e.g. apt-get install openjdk-17-jre-headless)"
    return None


def require_spark() -> None:
    reason = missing_requirement()
    if reason is None:
        return
    if os.environ.get("GKRULES_REQUIRE_SPARK") == "1":
        pytest.fail(f"GKRULES_REQUIRE_SPARK=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    require_spark()
    from gkrules.spark import spark_session

    had_python = os.environ.get("PYSPARK_PYTHON")
    session = spark_session(
        "local[2]",
        app_name="gkrules-tests",
        config={
            "spark.sql.shuffle.partitions": "8",
            "spark.default.parallelism": "8",
            "spark.driver.memory": "1g",
            "spark.ui.enabled": "false",
            "spark.sql.session.timeZone": "UTC",
        },
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
    if had_python is None:
        os.environ.pop("PYSPARK_PYTHON", None)
