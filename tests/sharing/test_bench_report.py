"""``make bench`` reads each page beside the signed-in page that reads nothing
and, given earlier results at other sizes, prints how that ratio grew, with
the figures past issue 19's targets marked."""

from sharing.demo.bench_report import EMPTY_PAGE, growth, marginal, table, times_empty


def _run(cases: int, empty_ms: float, pages: dict[str, tuple[float, int, float]]) -> dict:
    results = {EMPTY_PAGE: {"median_ms": empty_ms, "queries": 3, "floor_ms": 0.01}}
    for name, (median, queries, floor) in pages.items():
        results[name] = {"median_ms": median, "queries": queries, "floor_ms": floor}
    results["Retention sweep, all records"] = {"seconds": 12.0, "records": 10, "peak_mb": 90}
    return {"cases": cases, "results": results}


SMALL = _run(10_000, 5.0, {"Case list": (20.0, 8, 2.0), "Case detail": (10.0, 9, 0.2)})
# The machine twice as slow: the empty page too, so ratios are unchanged
# for the detail page; the list's ratio grew 1.5 times.
LARGE = _run(100_000, 10.0, {"Case list": (60.0, 8, 2.0), "Case detail": (20.0, 12, 0.2)})


def test_each_page_is_read_beside_the_empty_page_of_the_same_run():
    assert times_empty(LARGE["results"]) == {EMPTY_PAGE: 1.0, "Case list": 6.0, "Case detail": 2.0}


def test_the_cost_over_the_empty_page_is_held_to_three_floors_and_fifteen_ms():
    margins = marginal(LARGE["results"])
    assert margins["Case list"] == {
        "over_empty_ms": 50.0,
        "budget_ms": 21.0,
        "within_budget": False,
        "within_queries": True,
    }
    assert margins["Case detail"]["within_budget"] is True
    assert margins["Case detail"]["within_queries"] is False  # 12 queries


def test_growth_cancels_the_machines_drift():
    size, grown = growth(LARGE, SMALL)
    assert size == 10
    assert grown["Case detail"] == 1.0
    assert grown["Case list"] == 1.5


def test_the_table_marks_what_misses_its_target_and_names_the_sizes():
    lines = table(LARGE, [SMALL])
    text = "\n".join(lines)
    assert "growth from 10k" in text
    case_list = next(line for line in lines if line.startswith("Case list"))
    assert "1.5!" in case_list  # past 1.2
    assert "21.0!" in case_list  # over its budget
    detail = next(line for line in lines if line.startswith("Case detail"))
    assert " 1.0 " in detail + " " and "!" in detail  # 12 queries marked
    # Jobs have no ratio to the empty page and are not in this table.
    assert "Retention sweep" not in text


def test_without_earlier_results_there_is_no_growth_column():
    assert "growth from" not in "\n".join(table(SMALL, []))
