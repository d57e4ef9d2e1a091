"""The HTML report in headless Chromium: the counts it shows, filtering, sorting, expanding — and
hostile values from logs and rules that must not run, with the page's CSP and without it.

Needs Debian's ``chromium`` (``apt-get install chromium``; ``$GKRULES_CHROMIUM`` names another).
Screenshots are saved in each test's tmp dir.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.browser_support import find_chromium, instrument, results_of, run_page
from tests.conftest import REPO_ROOT
from tests.reports_support import AS_OF, EVENTS, RULES, write_hostile

from gkrules.cli import main

CHROMIUM = find_chromium()
TEST_SCRIPT = (Path(__file__).parent / "page_test.js").read_text(encoding="utf-8")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="headless Chromium is not installed (apt-get install chromium, or set "
        "GKRULES_CHROMIUM); the CI installs it",
    ),
]


def open_report(tmp_path, args, *, keep_csp=True, name="report"):
    report = tmp_path / f"{name}.html"
    assert main(["check", *args, "--format", "html", "-o", str(report)]) == 1
    page = tmp_path / f"{name}-under-test.html"
    page.write_text(
        instrument(report.read_text(encoding="utf-8"), TEST_SCRIPT, keep_csp=keep_csp),
        encoding="utf-8",
    )
    screenshot = tmp_path / f"{name}.png"
    assert CHROMIUM is not None
    dom = run_page(CHROMIUM, page, tmp_path / "profile", screenshot=screenshot)
    assert screenshot.stat().st_size > 0
    return results_of(dom)


@pytest.fixture(scope="module")
def shown(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("html-report")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(REPO_ROOT)
        return open_report(tmp_path, [RULES, "-e", EVENTS, "--as-of", AS_OF, "--lang", "zh"])


def test_the_page_runs_without_errors(shown):
    assert shown["ready"] is True
    assert shown["errors"] == []
    assert shown["scripts"] == 3  # data, the report's script, the test's


def test_the_counts_shown(shown):
    assert shown["initial"] == 20
    assert shown["shown_text"] == "20"
    assert shown["total_text"] == "20"
    assert shown["summary_rows"] == 12
    assert shown["chart_bars"] == [["2024-01", 2], ["2024-02", 2], ["2024-03", 6]]


def test_filter_by_status_and_kind(shown):
    assert shown["status_options"] == [
        "",
        "status:met",
        "status:violated",
        "kind:not_done",
        "kind:done_late",
        "status:pending",
        "kind:at_risk",
    ]
    assert shown["by_status"] == {
        "status:met": 5,
        "status:violated": 10,
        "kind:not_done": 5,
        "kind:done_late": 2,
        "status:pending": 5,
        "kind:at_risk": 1,
    }


def test_filter_by_rule_unit_and_text(shown):
    assert shown["by_rule"] == {"R1": 4, "R2": 3, "R3": 6, "R4": 1, "R5": 3, "R6": 3}
    assert shown["by_unit"] == {"办公室": 7, "宣传部": 7, "财政局": 6}
    assert shown["violated_in_office"] == 2
    assert shown["shown_text_filtered"] == "2"
    assert shown["text_a3"] == 1
    assert shown["text_a3_keys"] == ["case=A3，unit=财政局"]
    assert shown["text_none"] == 0
    assert shown["after_clear"] == 20


def test_sorting_by_deadline(shown):
    dated = [d for d in shown["deadlines_ascending"] if d]
    assert dated == sorted(dated)
    assert shown["sort_state"] == "ascending"
    descending = [d for d in shown["deadlines_descending"] if d]
    assert descending == sorted(descending, reverse=True)
    # Instances without a deadline stay last either way.
    assert shown["deadlines_ascending"][-4:] == [""] * 4
    assert shown["deadlines_descending"][-4:] == [""] * 4


def test_rows_expand_to_their_reasoning_and_citation(shown):
    assert shown["detail_hidden_before"] is True
    assert shown["detail_hidden_after"] is False
    assert shown["detail_steps"] >= 3
    assert "依据" in shown["detail_text"]
    assert "规则位置" in shown["detail_text"]


@pytest.mark.parametrize("keep_csp", [True, False], ids=["with-csp", "without-csp"])
def test_hostile_values_do_not_execute(tmp_path, keep_csp):
    rules, log = write_hostile(tmp_path)
    shown = open_report(
        tmp_path, [rules, "-e", log, "--as-of", "2024-04-01"], keep_csp=keep_csp, name="hostile"
    )
    assert shown["ready"] is True
    assert shown["errors"] == []
    assert shown["pwned"] is None
    assert shown["title"].startswith("政务公开合规检查报告") or shown["title"].startswith(
        "gkrules compliance report"
    )
    assert "pwned" not in shown["title"]
    assert shown["handler_attributes"] == 0
    assert shown["injected_elements"] == 0
    assert shown["scripts"] == 3
    # The hostile values are there, as text.
    assert shown["initial"] == 4
    assert '" onmouseover="window.__pwned=6' in shown["by_unit"]
