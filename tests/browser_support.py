"""Driving headless Chromium for the HTML report tests: no WebDriver, no extra packages.

The page under test is the report as written, plus one small test script placed after the
report's own script (its hash added to the page's Content-Security-Policy, or the policy removed
to check that escaping alone keeps hostile values inert).  The test script works the page —
filters, sorts, expands, fires mouse and load events at every element — and leaves its findings
as JSON in ``<pre id="gk-test-results">``; Chromium's ``--dump-dom`` prints the page afterwards.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--no-first-run",
    "--no-default-browser-check",
    "--mute-audio",
)


def find_chromium() -> str | None:
    """The Chromium to use: ``$GKRULES_CHROMIUM``, else the first of the usual names on PATH."""
    given = os.environ.get("GKRULES_CHROMIUM")
    if given:
        return given if shutil.which(given) else None
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def _sha256(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"


def instrument(page: str, test_script: str, *, keep_csp: bool = True) -> str:
    """*page* with *test_script* run after the report's script; the CSP allows it, or is removed."""
    if keep_csp:
        page, count = re.subn(
            r"(script-src 'sha256-[^']+')", r"\1 " + _sha256(test_script), page, count=1
        )
        assert count == 1, "the report has no script-src in its Content-Security-Policy"
    else:
        page, count = re.subn(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n?', "", page)
        assert count == 1, "the report has no Content-Security-Policy meta element"
    marker = "</body>"
    assert page.count(marker) == 1
    return page.replace(marker, f"<script>{test_script}</script>\n{marker}")


def run_page(
    chromium: str, page_path: Path, profile: Path, *, screenshot: Path | None = None
) -> str:
    """The DOM of *page_path* after its scripts ran (and a screenshot, when asked)."""
    args = [chromium, *_FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=10000"]
    url = page_path.resolve().as_uri()
    dom = subprocess.run(
        [*args, "--dump-dom", url], capture_output=True, text=True, timeout=180, check=True
    ).stdout
    if screenshot is not None:
        subprocess.run(
            [*args, "--window-size=1280,1600", f"--screenshot={screenshot}", url],
            capture_output=True,
            timeout=180,
            check=True,
        )
    return dom


def results_of(dom: str) -> dict[str, Any]:
    """The JSON the test script left in ``<pre id="gk-test-results">``."""
    match = re.search(r'<pre id="gk-test-results">(.*?)</pre>', dom, re.S)
    assert match is not None, "the test script did not run (blocked by the page's CSP?)"
    value: dict[str, Any] = json.loads(html.unescape(match.group(1)))
    return value
