"""The DPO sees what each record is without narrative, changes rules with a
reason, places holds by reference, category or organisation, and approves
disposal seeing exactly what goes."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse

from cases import services as case_services
from requests.models import InformationRequest
from retention.models import HoldScope, LegalHold, RetentionRule, RetentionState
from retention.services import retention_sweep
from sharing.roles import Role
from tests.cases.factories import PersonFactory
from tests.requests.factories import World
from tests.sharing.factories import UserFactory

pytestmark = pytest.mark.django_db

SUMMARY = "Mother disclosed violence at home."


@pytest.fixture
def world(time_machine):
    time_machine.move_to("2019-01-10 10:00Z")
    return World()


@pytest.fixture
def dpo(world):
    return UserFactory(organisation=world.partnership, roles=[Role.DPO])


@pytest.fixture
def case(world, time_machine):
    child = PersonFactory(
        owning_team=world.team, first_name="Zebedee", date_of_birth=date(2010, 5, 4)
    )
    case = case_services.case_open(
        user=world.worker,
        team=world.team,
        child=child,
        summary=SUMMARY,
        reason="r",
        opened_on=date(2019, 1, 7),
    )
    case_services.case_category_add(
        user=world.worker,
        case=case,
        category="child_in_need",
        started_on=date(2019, 1, 7),
        reason="s17",
    )
    world.incoming_s47(case=case, subjects=[child], started_on=date(2019, 1, 8))
    case_services.case_close(user=world.worker, case=case, closed_on=date(2019, 1, 9), reason="r")
    time_machine.move_to("2031-06-01 10:00Z")
    retention_sweep(date(2031, 6, 1))
    return case


def _state(case):
    return RetentionState.objects.get(record_type="case", object_id=case.pk)


def test_the_record_page_says_what_the_record_is_without_its_contents(verified_client, dpo, case):
    page = verified_client(dpo).get(reverse("retention:record", args=[_state(case).pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert case.reference in body and "Northshire Partnership" in body
    assert "Child in need" in body
    assert "Child in need: 18th birthday and 3 years without activity" in body
    assert "Blackpool" in body  # the rule's source
    assert "Information requests: 1" in body and "People in the case: 1" in body
    assert SUMMARY not in body and "Zebedee" not in body


def test_the_record_page_is_the_dpos_only(verified_client, world, case):
    url = reverse("retention:record", args=[_state(case).pk])
    assert verified_client(world.worker).get(url).status_code in (403, 404)


def test_the_dpo_changes_a_rule_with_a_reason_kept_in_its_history(verified_client, dpo, case):
    rule = RetentionRule.objects.get(name__startswith="Child protection: 35 years")
    client = verified_client(dpo)
    url = reverse("retention:rule_edit", args=[rule.pk])
    form = {
        "period_months": "480",
        "action": "review",
        "disposal_method": "secure_deletion",
        "max_retain_months": "24",
        "fallback_months": "72",
        "inactivity_months": "0",
        "died_before_18_months": "0",
        "notice_days": "0",
        "is_active": "on",
        "source": rule.source,
        "reason": "Local schedule now keeps child protection records 40 years",
    }
    client.post(url, form)
    rule.refresh_from_db()
    assert rule.period_months == 480
    latest = rule.history.first()
    assert latest.history_user == dpo
    assert latest.history_change_reason.startswith("Rule changed: Local schedule")
    # The unit's records always end in review: disposal is refused plainly.
    refused = client.post(url, {**form, "action": "dispose"})
    assert refused.status_code == 400
    assert "always end in a review by a person" in refused.content.decode()
    # No reason: refused, nothing changes.
    empty = client.post(url, {**form, "period_months": "12", "reason": ""})
    assert empty.status_code == 400 and "govuk-error-summary" in empty.content.decode()
    rule.refresh_from_db()
    assert (rule.period_months, rule.action) == (480, "review")


def test_the_rules_page_gives_each_rule_its_source(verified_client, dpo, world):
    body = verified_client(dpo).get(reverse("retention:rules")).content.decode()
    for rule in RetentionRule.objects.all():
        assert rule.name.replace("'", "&#x27;") in body
    assert "Seed 000 §7" in body
    assert verified_client(world.worker).get(reverse("retention:rules")).status_code == 403


@pytest.mark.parametrize(
    ("data", "placed"),
    [
        ({"scope": "record", "reference": "{request}"}, "request"),
        ({"scope": "record", "reference": " sc-{year} "}, "case"),
        ({"scope": "category", "category": "child_protection"}, "category"),
        ({"scope": "organisation", "organisation": "{police}"}, "organisation"),
    ],
)
def test_holds_are_placed_from_the_dpos_page(verified_client, dpo, world, case, data, placed):
    request = InformationRequest.objects.get(case=case)
    filled = {
        key: value.format(
            request=request.reference, year=case.reference[3:], police=world.police.pk
        )
        for key, value in data.items()
    }
    response = verified_client(dpo).post(
        reverse("retention:hold"), {**filled, "reason": "Inquiry"}, follow=True
    )
    assert "Legal hold placed on" in response.content.decode()
    hold = LegalHold.objects.get()
    assert {
        "request": hold.object_id == request.pk and hold.scope == HoldScope.RECORD,
        "case": hold.object_id == case.pk and hold.scope == HoldScope.RECORD,
        "category": hold.category == "child_protection",
        "organisation": hold.organisation == world.police,
    }[placed]


def test_a_hold_by_a_reference_that_matches_nothing_is_refused_plainly(verified_client, dpo, case):
    response = verified_client(dpo).post(
        reverse("retention:hold"), {"scope": "record", "reference": "IR-1999-9999", "reason": "x"}
    )
    assert response.status_code == 400
    assert (
        "There is no case, request, decision, transfer or subject access request "
        "with that reference." in response.content.decode()
    )
    assert not LegalHold.objects.exists()


def test_the_approval_page_lists_what_goes_with_each_record(verified_client, dpo, case):
    body = (
        verified_client(dpo)
        .post(reverse("retention:approve"), {"state": [_state(case).pk]})
        .content.decode()
    )
    assert "What goes with it" in body and "Information requests: 1" in body


def test_the_dashboard_counts_records_with_no_specific_rule(verified_client, dpo, world, case):
    RetentionRule.objects.filter(record_type="request").update(is_active=False)
    retention_sweep(date(2031, 6, 1))
    body = verified_client(dpo).get(reverse("retention:dashboard")).content.decode()
    assert "With no specific rule" in body
    assert RetentionState.objects.filter(rule__is_default=True).count() == 1


def test_the_csv_report_gives_category_source_trigger_and_holds(verified_client, dpo, case):
    client = verified_client(dpo)
    client.post(
        reverse("retention:hold"), {"scope": "record", "reference": case.reference, "reason": "x"}
    )
    rows = list(
        csv.DictReader(io.StringIO(client.get(reverse("retention:report_csv")).content.decode()))
    )
    row = next(r for r in rows if r["Reference"] == case.reference)
    assert row["Categories"] == "Child in need"
    assert "Blackpool" in row["Rule source"]
    assert row["Counted from"] == "Subject's date of birth: 2010-05-04"
    assert row["Under legal hold"] == "yes"
