"""Table tests of every seeded retention rule, as the migration seeds it:
the pure date arithmetic (retention/rules.py) with the seeded periods."""

import importlib
from datetime import date

import pytest

from retention import rules

SEED = importlib.import_module("retention.migrations.0013_categories_fallback_and_hold_scopes")
BY_NAME = {spec["name"]: spec for spec in SEED.RULES}


def _rule(name: str) -> rules.RuleFacts:
    spec = BY_NAME[name]
    return rules.RuleFacts(
        spec["trigger"],
        spec["period_months"],
        spec["action"],
        spec["school_year_rule"],
        spec["inactivity_months"],
        spec["died_before_18_months"],
        spec["fallback_months"],
    )


LOOKED_AFTER = "Looked after children: 75 years from date of birth"
CARE_LEAVER = "Care leavers: 75 years from date of birth"
CHILD_PROTECTION = "Child protection: 35 years after last contact"
CHILD_IN_NEED = "Child in need: 18th birthday and 3 years without activity"
ALLEGATION = "Allegations substantiated or unsubstantiated: 100 years from date of birth"
UNFOUNDED = "Allegations unfounded or malicious: 10 years from closure"
ADVICE = "LADO advice-only consultations: 6 years from last contact"
SCHOOL_CP = "School-held child protection files (requests): date of birth + 25 years"
SCHOOL_SECONDARY = "School-held secondary SCP records (requests addressed to a school)"
DEFAULT = "Default: review six years after last activity"


@pytest.mark.parametrize(
    ("name", "dates", "due"),
    [
        # Looked after: the 75th birthday; 29 February's falls on 1 March.
        (
            LOOKED_AFTER,
            rules.RecordDates(date(2010, 5, 4), date_of_birth=date(2010, 5, 4)),
            date(2085, 5, 4),
        ),
        (
            LOOKED_AFTER,
            rules.RecordDates(date(2012, 2, 29), date_of_birth=date(2012, 2, 29)),
            date(2087, 3, 1),
        ),
        # 75 years on from 29 February 2008 is 2083, not a leap year either.
        (
            LOOKED_AFTER,
            rules.RecordDates(date(2008, 2, 29), date_of_birth=date(2008, 2, 29)),
            date(2083, 3, 1),
        ),
        # Died before 18: 15 years from the death.
        (
            LOOKED_AFTER,
            rules.RecordDates(
                date(2010, 5, 4), date_of_birth=date(2010, 5, 4), date_of_death=date(2020, 7, 1)
            ),
            date(2035, 7, 1),
        ),
        # Died the day before the 18th birthday: still from the death.
        (
            LOOKED_AFTER,
            rules.RecordDates(
                date(2004, 2, 29), date_of_birth=date(2004, 2, 29), date_of_death=date(2022, 2, 28)
            ),
            date(2037, 2, 28),
        ),
        # Died on the 18th birthday (1 March 2022 for 29 February 2004): from birth.
        (
            LOOKED_AFTER,
            rules.RecordDates(
                date(2004, 2, 29), date_of_birth=date(2004, 2, 29), date_of_death=date(2022, 3, 1)
            ),
            date(2079, 3, 1),
        ),
        # Died as an adult: 75 years from birth.
        (
            LOOKED_AFTER,
            rules.RecordDates(
                date(1990, 1, 1), date_of_birth=date(1990, 1, 1), date_of_death=date(2020, 1, 1)
            ),
            date(2065, 1, 1),
        ),
        (CARE_LEAVER, rules.RecordDates(date(2004, 2, 29)), date(2079, 3, 1)),
        # Care leaver: no rule for a death before 18, so 75 years from birth.
        (
            CARE_LEAVER,
            rules.RecordDates(
                date(2004, 2, 29), date_of_birth=date(2004, 2, 29), date_of_death=date(2010, 1, 1)
            ),
            date(2079, 3, 1),
        ),
        (
            CHILD_PROTECTION,
            rules.RecordDates(date(2026, 3, 31), last_activity=date(2026, 3, 31)),
            date(2061, 3, 31),
        ),
        (CHILD_PROTECTION, rules.RecordDates(date(2024, 2, 29)), date(2059, 2, 28)),
        # Child in need: the 18th birthday when the case has long been quiet...
        (
            CHILD_IN_NEED,
            rules.RecordDates(date(2010, 5, 4), last_activity=date(2015, 1, 1)),
            date(2028, 5, 4),
        ),
        # ...or 3 years after the last activity when that is later.
        (
            CHILD_IN_NEED,
            rules.RecordDates(date(2010, 5, 4), last_activity=date(2027, 6, 30)),
            date(2030, 6, 30),
        ),
        (
            CHILD_IN_NEED,
            rules.RecordDates(date(2008, 2, 29), last_activity=date(2020, 1, 1)),
            date(2026, 3, 1),
        ),
        (ALLEGATION, rules.RecordDates(date(1980, 2, 29)), date(2080, 2, 29)),
        (ALLEGATION, rules.RecordDates(date(1981, 2, 28)), date(2081, 2, 28)),
        (UNFOUNDED, rules.RecordDates(date(2024, 2, 29)), date(2034, 2, 28)),
        (ADVICE, rules.RecordDates(date(2026, 8, 31)), date(2032, 8, 31)),
        (SCHOOL_CP, rules.RecordDates(date(2012, 2, 29)), date(2037, 3, 1)),
        (SCHOOL_CP, rules.RecordDates(date(2012, 9, 1)), date(2037, 9, 1)),
        # Seed 000 §7: the end of the school year after the 25th birthday.
        (SCHOOL_SECONDARY, rules.RecordDates(date(2001, 8, 31)), date(2027, 8, 31)),
        (SCHOOL_SECONDARY, rules.RecordDates(date(2001, 9, 1)), date(2028, 8, 31)),
        (SCHOOL_SECONDARY, rules.RecordDates(date(2004, 2, 29)), date(2030, 8, 31)),
        (DEFAULT, rules.RecordDates(date(2020, 2, 29)), date(2026, 2, 28)),
    ],
)
def test_each_seeded_rule_counts_from_its_trigger(name, dates, due):
    assert rules.due(_rule(name), dates) == rules.Due(due)


@pytest.mark.parametrize(
    ("name", "last_activity", "due"),
    [
        # No date of birth: reviewed six years after the last activity.
        (LOOKED_AFTER, date(2020, 2, 29), date(2026, 2, 28)),
        (SCHOOL_SECONDARY, date(2025, 9, 1), date(2031, 9, 1)),
        (ALLEGATION, date(2026, 1, 31), date(2032, 1, 31)),
        # A case never closed.
        (UNFOUNDED, date(2026, 1, 31), date(2032, 1, 31)),
    ],
)
def test_a_trigger_that_never_comes_is_reviewed_six_years_after_the_last_activity(
    name, last_activity, due
):
    assert rules.due(_rule(name), rules.RecordDates(None, last_activity=last_activity)) == (
        rules.Due(due, by_fallback=True)
    )


def test_every_rule_for_the_units_primary_records_ends_in_a_review():
    disposing = {spec["name"] for spec in SEED.RULES if spec["action"] == "dispose"}
    # Only the school's secondary records (seed 000 §7) and the read log (ids only).
    assert all(
        spec["organisation_kind"] == "school" or spec["record_type"] == "read_log"
        for spec in SEED.RULES
        if spec["name"] in disposing
    )
    assert {BY_NAME[name]["record_type"] for name in disposing} == {
        "request",
        "decision",
        "attachment",
        "read_log",
    }


def test_every_seeded_rule_names_its_source():
    assert all(spec["source"].strip() for spec in SEED.RULES)


def test_retention_follows_the_longest_rule():
    early, late, unknown = rules.Due(date(2030, 1, 1)), rules.Due(date(2061, 1, 1)), rules.Due(None)
    assert rules.longest([(1, early), (2, late)]) == (2, late)
    assert rules.longest([(1, late), (2, early)]) == (1, late)
    # A rule that cannot be worked out yet keeps the record until it can.
    assert rules.longest([(1, late), (2, unknown)]) == (2, unknown)
    assert rules.longest([]) is None
