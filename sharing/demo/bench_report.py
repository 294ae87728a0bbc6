"""The benchmark's targets read off its results (issue 19): each page beside
the signed-in page that reads nothing, measured in the same run so that the
machine's drift cancels, and the growth of that ratio between register sizes
when earlier results at other sizes are given.

Pure functions over the JSON ``bench`` writes, so the arithmetic is tested
without a database (tests/sharing/test_bench_report.py)."""

from typing import Any

# The yardstick row: what every signed-in page pays before it reads anything.
EMPTY_PAGE = "Signed-in page that reads nothing"

# Issue 19's targets.
MARGINAL_FLOOR_FACTOR = 3  # median - empty <= 3 x floor + 15 ms
MARGINAL_ALLOWANCE_MS = 15.0
MAX_QUERIES = 10
MAX_EMPTY_QUERIES = 3
# Growth of (page / empty page) from a size to one ten times larger.
MAX_GROWTH_TO_100K = 1.2
MAX_GROWTH_TO_1M = 1.3


def is_page(row: dict[str, Any]) -> bool:
    return "median_ms" in row


def times_empty(rows: dict[str, dict[str, Any]]) -> dict[str, float]:
    """Each page's median over the empty page's median in the same run."""
    empty = rows.get(EMPTY_PAGE)
    if not empty or not empty.get("median_ms"):
        return {}
    return {
        name: round(row["median_ms"] / empty["median_ms"], 2)
        for name, row in rows.items()
        if is_page(row)
    }


def marginal(rows: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Each page's cost over the empty page's, against 3 x its floor + 15 ms,
    and its queries against the cap."""
    empty = rows.get(EMPTY_PAGE)
    if not empty:
        return {}
    found = {}
    for name, row in rows.items():
        if not is_page(row) or name == EMPTY_PAGE:
            continue
        over = round(row["median_ms"] - empty["median_ms"], 1)
        floor = row.get("floor_ms") or 0.0
        budget = round(MARGINAL_FLOOR_FACTOR * floor + MARGINAL_ALLOWANCE_MS, 1)
        found[name] = {
            "over_empty_ms": over,
            "budget_ms": budget,
            "within_budget": over <= budget,
            "within_queries": row["queries"] <= MAX_QUERIES,
        }
    return found


def growth(
    now: dict[str, Any], before: dict[str, Any]
) -> tuple[float, dict[str, float]]:
    """How much each page's ratio to the empty page grew from ``before`` (a
    smaller register's results) to ``now``: (size factor, {page: growth})."""
    ratio_now = times_empty(now["results"])
    ratio_before = times_empty(before["results"])
    size = now["cases"] / before["cases"] if before.get("cases") else 0.0
    return size, {
        name: round(ratio_now[name] / ratio_before[name], 2)
        for name in ratio_now
        if ratio_before.get(name)
    }


def growth_limit(cases_before: int, cases_now: int) -> float:
    """The issue's cap on growth: 1.2x up to 100,000 cases, 1.3x beyond."""
    return MAX_GROWTH_TO_100K if cases_now <= 100_000 else MAX_GROWTH_TO_1M


def size_label(cases: int) -> str:
    if cases >= 1_000_000 and cases % 1_000_000 == 0:
        return f"{cases // 1_000_000}M"
    if cases >= 1_000 and cases % 1_000 == 0:
        return f"{cases // 1_000}k"
    return str(cases)


def table(now: dict[str, Any], earlier: list[dict[str, Any]]) -> list[str]:
    """The lines ``bench`` prints after its measurements: per page, x empty,
    cost over empty against its budget, queries, and growth from each smaller
    size given, each marked with whether it meets its target."""
    rows = now["results"]
    ratios = times_empty(rows)
    margins = marginal(rows)
    smaller = sorted(
        (e for e in earlier if e.get("cases") and e["cases"] < now["cases"]),
        key=lambda e: e["cases"],
    )
    growths = [(e["cases"], growth(now, e)[1]) for e in smaller]
    head = f"{'page':52} {'x empty':>8} {'over empty ms':>14} {'budget ms':>10} {'queries':>8}"
    for cases, _ in growths:
        head += f" {'growth from ' + size_label(cases):>18}"
    lines = [
        "",
        f"Against the targets at {size_label(now['cases'])} cases (each page beside the "
        "signed-in page that reads nothing, same run):",
        head,
    ]
    for name, row in rows.items():
        if not is_page(row) or name not in ratios:
            continue
        queries_cap = MAX_EMPTY_QUERIES if name == EMPTY_PAGE else MAX_QUERIES
        mark = "" if row["queries"] <= queries_cap else " !"
        line = f"{name[:52]:52} {ratios[name]:>8}"
        if name in margins:
            m = margins[name]
            past = "" if m["within_budget"] else "!"
            line += f" {m['over_empty_ms']:>14} {m['budget_ms']:>9}{past}"
        else:
            line += f" {'-':>14} {'-':>10}"
        line += f" {row['queries']:>6}{mark:2}"
        for cases, grown in growths:
            limit = growth_limit(cases, now["cases"])
            value = grown.get(name)
            cell = "-" if value is None else f"{value}{'' if value <= limit else '!'}"
            line += f" {cell:>18}"
        lines.append(line)
    lines.append(
        "! marks a figure past its target: over empty <= 3 x floor + 15 ms; at most "
        f"{MAX_QUERIES} queries a page ({MAX_EMPTY_QUERIES} for the empty page); growth of "
        f"x empty <= {MAX_GROWTH_TO_100K} to 100k, <= {MAX_GROWTH_TO_1M} beyond."
    )
    return lines
