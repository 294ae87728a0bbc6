"""The statistics' disclosure control and periods, as tables of cases: no one
can be identified from a figure (counts 1 to 4 hidden, totals that would give
them away rounded or hidden, secondary suppression where a total is public)."""

from datetime import date

import pytest

from reports.rules import (
    FEWER_THAN,
    NOT_SHOWN,
    TOO_FEW,
    GatewayFamily,
    Period,
    gateway_family,
    median,
    primary,
    protect,
    quarter_label,
    quarters_in,
    reporting_year,
    share,
    sum_of,
    working_day_numbers,
)
from sharing.rules import working_days_between


@pytest.mark.parametrize(
    ("count", "text", "hidden"),
    [
        (0, "0", False),  # nothing to identify
        (1, FEWER_THAN, True),
        (4, FEWER_THAN, True),
        (5, "5", False),
        (1234, "1,234", False),
    ],
)
def test_a_count_from_1_to_4_is_shown_as_fewer_than_5(count, text, hidden):
    cell = primary(count)
    assert (cell.text, cell.hidden) == (text, hidden)
    assert (cell.value is None) == hidden  # a chart draws no bar for it


def test_a_hidden_count_keeps_no_trace_of_its_value():
    assert primary(3) == primary(1) == primary(4)


@pytest.mark.parametrize(
    ("parts", "total_text"),
    [
        ([5, 20], "25"),  # nothing hidden: the exact total
        ([0, 20], "20"),
        ([3, 122], "about 130"),  # 125 rounds half up; 125 to 134 less 122: 3 or 4
        ([4, 120], "about 120"),  # 115 to 124 less 120: the 4 could be 1 to 4
        ([1, 3], FEWER_THAN),  # a total of 4 is itself fewer than 5
    ],
)
def test_a_tables_own_total_is_rounded_when_a_part_is_hidden(parts, total_text):
    protected = protect([parts])
    assert protected.total.text == total_text
    assert [c.text for c in protected.tables[0]] == [primary(n).text for n in parts]


def test_a_rounded_total_that_would_pin_a_hidden_count_is_not_shown():
    # 4 + 121 = 125, "about 130", means 125 to 134: less the 121 shown, the
    # hidden count is at least 4, and it is at most 4.
    protected = protect([[4, 121]])
    assert protected.total.text == NOT_SHOWN
    assert [c.text for c in protected.tables[0]] == [FEWER_THAN, "121"]


@pytest.mark.parametrize(
    ("tables", "expected"),
    [
        # A lone hidden count beside a public total: the smallest figure shown
        # beside it is hidden too.
        ([[1, 6], [7]], [[FEWER_THAN, NOT_SHOWN], ["7"]]),
        ([[4, 5, 30], [39]], [[FEWER_THAN, NOT_SHOWN, "30"], ["39"]]),
        # Two hidden counts that could be 1 to 4 each (sum 5): safe as they are.
        ([[2, 3, 30], [35]], [[FEWER_THAN, FEWER_THAN, "30"], ["35"]]),
        # Two hidden counts summing to 2: both are 1, so one more is hidden.
        ([[1, 1, 30], [32]], [[FEWER_THAN, FEWER_THAN, NOT_SHOWN], ["32"]]),
        # Two hidden counts summing to 8: both 4.
        ([[4, 4, 30], [38]], [[FEWER_THAN, FEWER_THAN, NOT_SHOWN], ["38"]]),
        # Nothing hidden: every figure and the total as they are.
        ([[5, 6], [11]], [["5", "6"], ["11"]]),
    ],
)
def test_tables_splitting_one_public_total_hide_a_second_figure(tables, expected):
    protected = protect(tables)
    assert [[c.text for c in row] for row in protected.tables] == expected
    assert protected.total.text == str(sum(tables[0]))


def test_a_second_hidden_figure_leaves_the_first_with_more_than_one_value():
    # 1 beside 6, total 7 public: 1 + q = 7 with q at least 5 gives 1 or 2.
    protected = protect([[1, 6], [7]])
    assert protected.tables[0][1].hidden


def test_a_total_under_5_is_fewer_than_5_and_four_ones_hide_the_table():
    protected = protect([[1, 1, 1, 1, 0], [4]])
    assert protected.total.text == FEWER_THAN
    # Four categories of at least 1 in a total of at most 4: each is 1.
    assert all(c.text == NOT_SHOWN for c in protected.tables[0])


def test_each_table_must_split_the_same_total():
    with pytest.raises(ValueError, match="same total"):
        protect([[1, 2], [4]])


@pytest.mark.parametrize(
    ("part", "whole", "text"),
    [
        (4, 4, TOO_FEW),  # fewer than 5 records
        (5, 5, "100%"),
        (0, 5, "0%"),
        (4, 10, NOT_SHOWN),  # would say "4"
        (6, 10, NOT_SHOWN),  # would say "4 not"
        (5, 10, "50%"),
        (96, 100, NOT_SHOWN),  # would say "4 late"
        (95, 100, "95%"),
        (2, 3, TOO_FEW),
        (1, 8, NOT_SHOWN),
        (5, 8, NOT_SHOWN),
        (25, 40, "63%"),  # 62.5 rounds half up
    ],
)
def test_a_percentage_rests_on_5_records_and_gives_no_small_count_away(part, whole, text):
    assert share(part, whole).text == text


@pytest.mark.parametrize(
    ("values", "text"),
    [
        ([1, 2, 3, 4], TOO_FEW),
        ([1, 2, 3, 4, 5], "3 working days"),
        ([1, 1, 1, 1, 1], "1 working day"),
        ([0, 0, 0, 10, 10, 10], "5 working days"),
    ],
)
def test_a_median_needs_5_values(values, text):
    assert median(values, "working day").text == text


@pytest.mark.parametrize(
    ("day", "start", "end"),
    [
        (date(2026, 3, 31), date(2025, 4, 1), date(2026, 3, 31)),
        (date(2026, 4, 1), date(2026, 4, 1), date(2027, 3, 31)),
        (date(2027, 2, 28), date(2026, 4, 1), date(2027, 3, 31)),
        (date(2028, 2, 29), date(2027, 4, 1), date(2028, 3, 31)),
    ],
)
def test_the_reporting_year_runs_from_1_april_to_31_march(day, start, end):
    assert reporting_year(day) == Period(start, end)


def test_a_period_lists_each_quarter_it_touches():
    period = Period(date(2026, 5, 15), date(2027, 1, 2))
    assert [quarter_label(q) for q in quarters_in(period)] == [
        "April to June 2026",
        "July to September 2026",
        "October to December 2026",
        "January to March 2027",
    ]


def test_a_period_ends_on_or_after_it_starts():
    with pytest.raises(ValueError, match="ends on or after"):
        Period(date(2026, 4, 2), date(2026, 4, 1))


@pytest.mark.parametrize(
    ("code", "family"),
    [
        ("ca2004-s14b", GatewayFamily.SCP_POWER),
        ("ca2004-s16h", GatewayFamily.SCP_POWER),
        ("pcsc2022-s16", GatewayFamily.SVD_S16),
        ("pcsc2022-s17", GatewayFamily.SVD_S17),
        ("ca1989-s17-s47", GatewayFamily.CA1989),
        ("dvds-right-to-ask", GatewayFamily.DVDS),
        ("dvds-right-to-know", GatewayFamily.DVDS),
        ("csods", GatewayFamily.CSODS),
        ("mappa", GatewayFamily.OTHER),
        ("other-stated", GatewayFamily.OTHER),
    ],
)
def test_gateways_are_counted_in_the_families_the_annual_report_uses(code, family):
    assert gateway_family(code) == family


def test_working_days_by_subtraction_agree_with_the_due_date_rule():
    holidays = {date(2026, 12, 25), date(2026, 12, 28), date(2027, 1, 1)}
    numbers = working_day_numbers(date(2026, 12, 1), date(2027, 1, 31), holidays)
    for start in (date(2026, 12, 1), date(2026, 12, 24), date(2026, 12, 31)):
        for end in (date(2026, 12, 24), date(2027, 1, 4), date(2027, 1, 31)):
            if end >= start:
                assert numbers[end] - numbers[start] == working_days_between(start, end, holidays)


def test_a_figure_adding_up_protected_parts_is_shown_only_when_every_part_is():
    # The declines, of the declines by reason: 5 and 7 shown add up to 12.
    assert sum_of([primary(5), primary(7), primary(0)]).text == "12"
    # A hidden part hides the sum, and never as "fewer than 5": four hidden
    # parts adding up to under 5 would each be 1.
    for parts in ([primary(5), primary(3)], [primary(1)] * 4):
        cell = sum_of(parts)
        assert (cell.text, cell.value, cell.hidden) == (NOT_SHOWN, None, True)
