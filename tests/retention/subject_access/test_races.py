"""Two DPOs acting on one subject access request at once: one wins, the other
changes nothing and is told plainly. Release, review and build claim the
request's row (SELECT ... FOR UPDATE) and re-check its status there. The
threaded test needs real row locks, so it runs on PostgreSQL (CI runs on it);
the others act with a copy read before the other's change, as the loser holds."""

import pytest
from django.core.exceptions import ValidationError

from retention.models import ItemDecision, SarStatus, SubjectAccessItem, SubjectAccessRequest
from retention.subject_access import services
from sharing.roles import Role
from tests.races import at_once, postgresql_only
from tests.sharing.factories import UserFactory

from .factories import Family


def _reviewed(family):
    sar = services.sar_log(
        user=family.dpo,
        person=family.child,
        requester="Jamie Reed",
        requester_is="subject",
        received_on=family.request.started_on,
        identity_checked=True,
        identity_check="Passport",
    )
    services.sar_build(user=family.dpo, sar=sar)
    for item in sar.items.all():
        services.sar_item_review(user=family.dpo, item=item, decision=ItemDecision.INCLUDE)
    return sar


def _fresh(sar):
    return SubjectAccessRequest.objects.get(pk=sar.pk)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_dpos_releasing_at_once_release_one_pack():
    family = Family()
    other = UserFactory(organisation=family.partnership, roles=[Role.DPO])
    sar = _reviewed(family)
    outcomes = at_once(
        lambda: services.sar_release(user=family.dpo, sar=_fresh(sar), password_route="phone"),
        lambda: services.sar_release(user=other, sar=_fresh(sar), password_route="sms"),
    )
    losers = [o for o in outcomes if isinstance(o, Exception)]
    assert len(losers) == 1 and isinstance(losers[0], ValidationError)
    assert "released a moment ago" in str(losers[0])
    released = _fresh(sar)
    assert released.status == SarStatus.RELEASED
    assert released.history.filter(history_change_reason__startswith="Pack released").count() == 1


@pytest.mark.django_db
def test_building_twice_builds_one_pack():
    family = Family()
    sar = services.sar_log(
        user=family.dpo,
        person=family.child,
        requester="Jamie Reed",
        requester_is="subject",
        received_on=family.request.started_on,
        identity_checked=True,
        identity_check="Passport",
    )
    stale = _fresh(sar)
    services.sar_build(user=family.dpo, sar=sar)
    count = SubjectAccessItem.objects.count()
    with pytest.raises(ValidationError, match="built a moment ago"):
        services.sar_build(user=family.dpo, sar=stale)
    assert SubjectAccessItem.objects.count() == count


@pytest.mark.django_db
def test_an_item_reviewed_after_release_is_refused_and_unchanged():
    family = Family()
    sar = _reviewed(family)
    item = sar.items.first()
    services.sar_release(user=family.dpo, sar=_fresh(sar), password_route="phone")
    with pytest.raises(ValidationError, match="released a moment ago"):
        services.sar_item_review(
            user=family.dpo, item=item, decision=ItemDecision.WITHHOLD, exemption="sch2_crime"
        )
    item.refresh_from_db()
    assert item.decision == ItemDecision.INCLUDE
