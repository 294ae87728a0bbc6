"""Each role's home page says what to do next: counts of the work waiting,
each linking to the list where it is done, and the same few queries however
much work there is."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import BreakGlassAccess
from requests.models import InformationRequest
from sharing.decisions import services as decision_services
from sharing.roles import Role
from tests.cases.factories import open_case, team_member
from tests.requests.factories import World
from tests.sharing.decisions.builders import emergency_fields, refusal_fields

pytestmark = pytest.mark.django_db

# The page's own reads (session, user, roles, navigation) and one count per
# line of work; the figure does not grow with the number of records.
MAX_HOME_QUERIES = 10


def _count(page: str, key: str) -> int:
    found = re.search(rf'data-count="{key}">(\d+)<', page)
    assert found, key
    return int(found.group(1))


def _due(request: InformationRequest, days: int) -> None:
    # Set directly: the test is about how the home page counts due dates.
    InformationRequest.objects.filter(pk=request.pk).update(
        due_on=timezone.localdate() + timedelta(days=days)
    )


@pytest.fixture
def world():
    return World()


def _requests(world, overdue: int, due_soon: int, later: int) -> None:
    for days, how_many in ((-3, overdue), (0, due_soon), (40, later)):
        for _ in range(how_many):
            _due(world.s14b_to(world.school_a, world.scpo_a), days)


def test_the_workers_home_counts_overdue_due_soon_and_emergency_records(
    verified_client, world, django_assert_max_num_queries
):
    _requests(world, overdue=2, due_soon=1, later=1)
    incoming = world.incoming_s47()
    _due(incoming, 40)
    decision_services.decision_record(user=world.worker, request=incoming, **emergency_fields())

    client = verified_client(world.worker)
    with django_assert_max_num_queries(MAX_HOME_QUERIES):
        page = client.get(reverse("home")).content.decode()

    assert _count(page, "overdue") == 2
    assert _count(page, "due-soon") == 1
    assert _count(page, "incomplete-emergency") == 1
    assert _count(page, "to-confirm-in-writing") == 0
    assert "Your team's requests that are overdue" in page
    assert f'href="{reverse("requests:dashboard")}"' in page
    assert f'href="{reverse("decisions:decision_list")}"' in page


def test_the_workers_home_costs_the_same_however_much_work_there_is(
    verified_client, world, django_assert_max_num_queries
):
    _requests(world, overdue=6, due_soon=6, later=6)
    client = verified_client(world.worker)
    with django_assert_max_num_queries(MAX_HOME_QUERIES):
        page = client.get(reverse("home")).content.decode()
    assert _count(page, "overdue") == 6


def test_the_managers_home_counts_sign_offs_waiting_and_break_glass_uses(
    verified_client, world, django_assert_max_num_queries
):
    manager = team_member(world.team, roles=[Role.MANAGER])
    decision_services.decision_record(
        user=world.worker, request=world.incoming_s47(), **refusal_fields()
    )
    case = open_case(world.team, world.worker, child=world.child)
    now = timezone.now()
    for granted in (now - timedelta(days=2), now - timedelta(days=60)):
        BreakGlassAccess.objects.create(
            user=manager,
            case=case,
            reason="Out of hours",
            granted_at=granted,
            expires_at=granted + timedelta(hours=1),
        )

    client = verified_client(manager)
    with django_assert_max_num_queries(MAX_HOME_QUERIES):
        page = client.get(reverse("home")).content.decode()

    assert _count(page, "sign-offs") == 1
    # Only the uses of the last 30 days wait for review.
    assert _count(page, "break-glass") == 1
    assert "Break-glass uses in the last 30 days to review" in page
    assert f'href="{reverse("cases:break_glass_review")}"' in page


def test_the_scpos_home_counts_requests_waiting_and_overdue_only_their_own(
    verified_client, world, django_assert_max_num_queries
):
    _requests(world, overdue=1, due_soon=1, later=1)
    _due(world.s14b_to(world.school_b, world.scpo_b), -3)  # another school's

    client = verified_client(world.scpo_a)
    with django_assert_max_num_queries(MAX_HOME_QUERIES):
        page = client.get(reverse("home")).content.decode()

    assert _count(page, "waiting") == 3
    assert _count(page, "overdue") == 1
    assert "Requests waiting for your answer" in page
    assert f'href="{reverse("requests:inbox")}"' in page
