"""What every signed-in page pays before it reads anything: the session, the
user (with their organisation) and their second factor; their roles and teams
come from the cache while they have not changed, and a change to them is seen
on the very next page."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from sharing.roles import Role

pytestmark = pytest.mark.django_db

# Session, user with organisation, second factor (issue 19: at most 3).
EMPTY_PAGE_QUERIES = 3


def test_a_signed_in_page_that_reads_nothing_costs_three_queries(
    verified_client, worker, django_assert_num_queries
):
    client = verified_client(worker)
    client.get(reverse("accessibility"))  # the first page reads the groups once
    with django_assert_num_queries(EMPTY_PAGE_QUERIES):
        page = client.get(reverse("accessibility"))
    assert page.status_code == 200
    # The header still names the user's organisation, read with the user.
    assert worker.organisation.name in page.content.decode()


def test_a_role_taken_away_is_gone_on_the_next_page(verified_client, dpo):
    client = verified_client(dpo)
    assert client.get(reverse("retention:dashboard")).status_code == 200
    dpo.groups.remove(Group.objects.get(name=Role.DPO.value))
    assert client.get(reverse("retention:dashboard")).status_code == 403


def test_a_role_taken_away_from_the_groups_side_is_gone_on_the_next_page(verified_client, dpo):
    client = verified_client(dpo)
    assert client.get(reverse("retention:dashboard")).status_code == 200
    Group.objects.get(name=Role.DPO.value).user_set.remove(dpo)
    assert client.get(reverse("retention:dashboard")).status_code == 403


def test_a_group_cleared_of_members_takes_the_role_from_each(verified_client, dpo):
    client = verified_client(dpo)
    assert client.get(reverse("retention:dashboard")).status_code == 200
    Group.objects.get(name=Role.DPO.value).user_set.clear()
    assert client.get(reverse("retention:dashboard")).status_code == 403


def test_a_role_given_is_there_on_the_next_page(verified_client, worker):
    client = verified_client(worker)
    assert client.get(reverse("retention:dashboard")).status_code == 403
    worker.groups.add(Group.objects.get(name=Role.DPO.value))
    assert client.get(reverse("retention:dashboard")).status_code == 200


def test_a_renamed_group_no_longer_carries_the_role(verified_client, dpo):
    client = verified_client(dpo)
    assert client.get(reverse("retention:dashboard")).status_code == 200
    group = Group.objects.get(name=Role.DPO.value)
    group.name = "Former data protection officers"
    group.save()
    assert client.get(reverse("retention:dashboard")).status_code == 403
