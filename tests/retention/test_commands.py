"""Management commands refuse bad arguments with one plain line, never a traceback."""

import pytest
from django.core.management import CommandError, call_command

from retention.models import SweepRun


@pytest.mark.django_db
@pytest.mark.parametrize("today", ["2026-02-30", "nonsense", "2026-13-01", " "])
def test_the_sweep_refuses_a_day_that_does_not_exist(today):
    with pytest.raises(CommandError, match="--today must be a real date as YYYY-MM-DD"):
        call_command("retention_sweep", "--today", today)
    assert not SweepRun.objects.exists()  # refused before anything ran


@pytest.mark.parametrize("cases", ["-1", "0", "abc", "1.5", "١٢"])
def test_seed_bench_refuses_a_number_of_cases_that_is_not_one_or_more(cases):
    with pytest.raises(CommandError, match="give a whole number of cases, 1 or more") as error:
        call_command("seed_bench", "--cases", cases)
    assert "\n" not in str(error.value)
