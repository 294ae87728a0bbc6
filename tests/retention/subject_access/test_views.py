"""The DPO's subject access pages: only the DPO; overdue requests flagged on
the list and the home page; the pages walk from logging to release."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from retention.models import ItemDecision, SarStatus, SubjectAccessRequest
from retention.subject_access import services
from tests.conftest import sign_in_verified

from .factories import Family

pytestmark = pytest.mark.django_db


@pytest.fixture
def family():
    return Family()


def _log(family, received_on):
    return services.sar_log(
        user=family.dpo,
        person=family.child,
        requester="Jamie Reed",
        requester_is="subject",
        received_on=received_on,
        identity_checked=True,
        identity_check="Passport",
    )


@pytest.mark.parametrize("who", ["worker", "scpo_a"])
def test_only_the_dpo_sees_or_posts_to_the_subject_access_pages(family, client, who):
    with time_machine.travel(date(2026, 12, 1), tick=False):
        sar = _log(family, date(2026, 11, 20))
    sign_in_verified(client, getattr(family, who))
    for name, args in (
        ("subject_access:list", []),
        ("subject_access:new", []),
        ("subject_access:new_about", [family.child.pk]),
        ("subject_access:new_not_held", []),
        ("subject_access:detail", [sar.pk]),
        ("subject_access:release", [sar.pk]),
    ):
        assert client.get(reverse(name, args=args)).status_code == 403, name
    response = client.post(reverse("subject_access:build", args=[sar.pk]))
    assert response.status_code == 403
    sar.refresh_from_db()
    assert sar.status == SarStatus.RECEIVED
    assert "Subject access" not in client.get(reverse("home")).content.decode()


def test_an_overdue_request_is_flagged_on_the_list_and_the_home_page(family, client):
    with time_machine.travel(date(2026, 12, 1), tick=False):
        late = _log(family, date(2026, 10, 1))
        _log(family, date(2026, 11, 30))
        sign_in_verified(client, family.dpo)
        listed = client.get(reverse("subject_access:list")).content.decode()
        home = client.get(reverse("home")).content.decode()
    row = listed[listed.index(late.reference) :].split("</tr>")[0]
    assert "Overdue" in row
    assert listed.count("Overdue") == 1
    assert "1 subject access request past its due date" in home
    assert "of 2 open" in home
    # The list names no one.
    assert "Jamie" not in listed


def test_the_dpo_logs_builds_reviews_and_releases_through_the_pages(family, client):
    sign_in_verified(client, family.dpo)
    found = client.post(reverse("subject_access:new"), {"search": "1", "q": "Reed"}, follow=True)
    assert "Jamie" in found.content.decode()
    assert "Reed" not in found.redirect_chain[-1][0]  # the name stays out of the address
    response = client.post(
        reverse("subject_access:new_about", args=[family.child.pk]),
        {
            "requester": "Jamie Reed",
            "requester_is": "subject",
            "received_on": "2026-11-20",
            "identity_checked": "on",
            "identity_check": "",
        },
    )
    assert response.status_code == 400
    assert "Say how their identity was checked." in response.content.decode()
    assert not SubjectAccessRequest.objects.exists()
    response = client.post(
        reverse("subject_access:new_about", args=[family.child.pk]),
        {"requester": "Jamie Reed", "requester_is": "subject", "received_on": "2026-11-20"},
    )
    sar = SubjectAccessRequest.objects.get()
    assert response.url == reverse("subject_access:detail", args=[sar.pk])
    client.post(reverse("subject_access:build", args=[sar.pk]))
    assert not sar.items.exists()  # identity not yet checked
    client.post(reverse("subject_access:identity", args=[sar.pk]), {"how": "Passport, in person"})
    client.post(reverse("subject_access:build", args=[sar.pk]))
    assert sar.items.exists()
    item = sar.items.order_by("position").first()
    while item is not None:
        response = client.post(
            reverse("subject_access:item", args=[sar.pk, item.pk]), {"decision": "include"}
        )
        assert response.status_code == 302
        item = sar.items.filter(decision=ItemDecision.PENDING).order_by("position").first()
    released = client.post(
        reverse("subject_access:release", args=[sar.pk]), {"password_route": "phone"}
    )
    assert released.status_code == 200
    assert "Password" in released.content.decode()
    assert released["Cache-Control"] == "no-store"
    download = client.get(reverse("subject_access:download", args=[sar.pk]))
    assert download["Content-Disposition"] == f'attachment; filename="{sar.reference}-pack.zip"'


def test_the_dpos_search_names_no_one_whose_identity_is_protected(family, client):
    sign_in_verified(client, family.dpo)
    found = client.post(
        reverse("subject_access:new"), {"search": "1", "q": "Neighbourly"}, follow=True
    ).content.decode()
    assert "A person whose identity is protected" in found
    # Only as typed into the search box, never in the results.
    assert found.count("Neighbourly") == 1 and 'value="Neighbourly"' in found
    assert reverse("subject_access:new_about", args=[family.neighbour.pk]) in found


def test_building_a_pack_already_built_is_refused_on_a_page_of_its_own(family, client):
    sar = _log(family, date(2026, 11, 20))
    sign_in_verified(client, family.dpo)
    services.sar_build(user=family.dpo, sar=sar)
    items = sar.items.count()
    response = client.post(reverse("subject_access:build", args=[sar.pk]))
    page = response.content.decode()
    assert response.status_code == 409 and "The pack was not built" in page
    assert f"Go back to subject access request {sar.reference}" in page
    assert sar.items.count() == items
