"""Two people ending the same category of a case at once: one ends it, the
other is told and changes nothing (the period's row is locked and read again)."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases import services
from cases.models import CaseCategory
from sharing.roles import Role
from tests.races import at_once, postgresql_only

from .factories import PersonFactory, make_team, open_case, team_member


def _period():
    team = make_team()
    first, second = (team_member(team, roles=[Role.UNIT_STAFF]) for _ in range(2))
    case = open_case(team, first, child=PersonFactory(owning_team=team))
    period = services.case_category_add(
        user=first, case=case, category="child_in_need", started_on=case.opened_on, reason="s17"
    )
    return first, second, period


def _end(user, period, day):
    return services.case_category_change(user=user, period=period, ended_on=day, reason="Ended")


@pytest.mark.django_db
def test_ending_with_a_copy_read_before_someone_else_ended_it_is_refused():
    first, second, period = _period()
    stale = CaseCategory.objects.get(pk=period.pk)
    _end(first, period, timezone.localdate())
    with pytest.raises(ValidationError, match="ended a moment ago"):
        _end(second, stale, timezone.localdate())
    assert CaseCategory.objects.get(pk=period.pk).history.count() == 2


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_endings_at_once_one_wins_and_the_other_is_told():
    first, second, period = _period()
    outcomes = at_once(
        lambda: _end(first, CaseCategory.objects.get(pk=period.pk), timezone.localdate()),
        lambda: _end(second, CaseCategory.objects.get(pk=period.pk), timezone.localdate()),
    )
    losers = [o for o in outcomes if isinstance(o, Exception)]
    assert len(losers) == 1 and "ended a moment ago" in str(losers[0])
    assert CaseCategory.objects.get(pk=period.pk).history.count() == 2
