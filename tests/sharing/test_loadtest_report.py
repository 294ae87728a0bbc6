"""``make loadtest`` prints each page's requests a second beside the signed-in
page that reads nothing at the same number of users, with p50/p95/p99, and
marks a page under 35% of it or with any error (issue 19)."""

import pytest
from django.core.management import CommandError, call_command

from sharing.demo.bench_report import EMPTY_PAGE
from sharing.demo.loadtest import table


def _row(per_second: float, errors: int = 0) -> dict:
    return {
        "requests": int(per_second * 30),
        "errors": errors,
        "per_second": per_second,
        "p50_ms": 40.0,
        "p95_ms": 90.0,
        "p99_ms": 120.0,
    }


RESULTS = {
    "cases": 100_000,
    "seconds": 30,
    "levels": {
        "10": {
            EMPTY_PAGE: _row(100.0),
            "Case list (worker)": _row(40.0),
            "Decisions page (worker)": _row(30.0),
            "SCPO inbox": _row(80.0, errors=2),
        }
    },
}


def _line(lines: list[str], start: str) -> str:
    return next(line for line in lines if line.startswith(start))


def test_each_page_is_read_as_a_share_of_the_empty_pages_throughput():
    lines = table(RESULTS)
    assert "40%" in _line(lines, "Case list")
    assert "!" not in _line(lines, "Case list")
    assert "30%!" in _line(lines, "Decisions page")


def test_any_error_is_marked():
    assert "2!" in _line(table(RESULTS), "SCPO inbox")


def test_percentiles_are_printed():
    line = _line(table(RESULTS), "Case list")
    assert line.split()[-3:] == ["40", "90", "120"]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--users", "0"], "--users takes numbers of 1 or more"),
        (["--users", "ten"], "--users takes numbers separated by commas"),
        (["--seconds", "0"], "--seconds must be 1 or more"),
        (["--workers", "0"], "--workers must be 1 or more"),
    ],
)
def test_loadtest_refuses_bad_arguments_before_serving_anything(arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("loadtest", *arguments)
