"""Chronology entries, documents and items shared can be marked "not to be
disclosed to the person it is about", with the exemption and why (seed 000 §6,
seed 004), by whoever may edit the record, with history."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cases import services as case_services
from requests import services as request_services
from sharing.choices import SubjectAccessExemption
from sharing.decisions import services as decision_services
from tests.cases.factories import make_team, team_member
from tests.conftest import sign_in_verified

from .factories import Family

pytestmark = pytest.mark.django_db

CRIME = SubjectAccessExemption.CRIME.value


@pytest.fixture
def family():
    return Family()


def test_a_chronology_entry_is_marked_with_its_exemption_and_reason_in_its_history(family):
    entry = case_services.chronology_not_for_subject(
        user=family.worker,
        entry=family.police_note,
        not_for_subject=True,
        exemption=CRIME,
        reason="Police investigation still open.",
    )
    entry.refresh_from_db()
    assert (entry.not_for_subject, entry.not_for_subject_exemption) == (True, CRIME)
    assert entry.not_for_subject_reason == "Police investigation still open."
    latest = entry.history.first()
    assert latest.history_user == family.worker
    assert latest.history_change_reason.startswith("Not to be disclosed to the person it is about")


def test_a_mark_needs_an_exemption_and_a_reason_and_changes_nothing_without(family):
    with pytest.raises(ValidationError) as refused:
        case_services.chronology_not_for_subject(
            user=family.worker, entry=family.visit, not_for_subject=True, exemption="", reason=" "
        )
    assert set(refused.value.message_dict) == {"exemption", "reason"}
    family.visit.refresh_from_db()
    assert family.visit.not_for_subject is False


def test_clearing_a_mark_forgets_the_exemption_but_history_keeps_it(family):
    for flagged in (True, False):
        case_services.chronology_not_for_subject(
            user=family.worker,
            entry=family.visit,
            not_for_subject=flagged,
            exemption=CRIME,
            reason="r",
        )
    family.visit.refresh_from_db()
    assert (family.visit.not_for_subject, family.visit.not_for_subject_exemption) == (False, "")
    assert [h.not_for_subject_exemption for h in family.visit.history.all()[:2]] == ["", CRIME]


def test_only_those_who_may_edit_the_record_mark_it(family):
    outsider = team_member(make_team(organisation=family.partnership))
    with pytest.raises(PermissionDenied):
        case_services.chronology_not_for_subject(
            user=outsider, entry=family.visit, not_for_subject=True, exemption=CRIME, reason="r"
        )
    with pytest.raises(PermissionDenied):
        request_services.attachment_not_for_subject(
            user=family.scpo_b,
            attachment=family.dsl_notes,
            not_for_subject=True,
            exemption=CRIME,
            reason="r",
        )
    with pytest.raises(PermissionDenied):
        decision_services.disclosure_item_not_for_subject(
            user=family.scpo_a,
            item=family.marker_item,
            not_for_subject=True,
            exemption=CRIME,
            reason="r",
        )
    with pytest.raises(PermissionDenied):
        decision_services.disclosure_item_not_for_subject(
            user=family.dpo,
            item=family.marker_item,
            not_for_subject=True,
            exemption=CRIME,
            reason="r",
        )


def test_the_school_that_answered_marks_its_own_document(family):
    # Seed 000 §6: the party sharing says whether it should not be disclosed.
    request_services.attachment_not_for_subject(
        user=family.scpo_a,
        attachment=family.dsl_notes,
        not_for_subject=True,
        exemption=SubjectAccessExemption.EDUCATION_SERIOUS_HARM.value,
        reason="The DSL's notes of what Jamie disclosed.",
    )
    family.dsl_notes.refresh_from_db()
    assert family.dsl_notes.not_for_subject is True
    assert family.dsl_notes.history.first().history_user == family.scpo_a


@pytest.mark.parametrize("record", ["entry", "document", "item"])
def test_the_page_marks_the_record_and_shows_the_mark(family, client, record):
    sign_in_verified(client, family.worker)
    url, target, page = {
        "entry": (
            reverse("cases:chronology_not_for_subject", args=[family.case.pk, family.visit.pk]),
            family.visit,
            reverse("cases:case_detail", args=[family.case.pk]),
        ),
        "document": (
            reverse("requests:attachment_not_for_subject", args=[family.attendance.pk]),
            family.attendance,
            reverse("requests:request_detail", args=[family.request.pk]),
        ),
        "item": (
            reverse(
                "decisions:item_not_for_subject", args=[family.decision.pk, family.marker_item.pk]
            ),
            family.marker_item,
            reverse("decisions:decision_detail", args=[family.decision.pk]),
        ),
    }[record]
    assert "Disclosure to the person it is about" in client.get(page).content.decode()
    empty = client.post(url, {"not_for_subject": "no", "reason": ""})
    assert empty.status_code == 200
    assert "Select the exemption that applies." in empty.content.decode()
    assert "Say why." in empty.content.decode()
    target.refresh_from_db()
    assert target.not_for_subject is False
    response = client.post(url, {"not_for_subject": "no", "exemption": CRIME, "reason": "r"})
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.not_for_subject, target.not_for_subject_exemption) == (True, CRIME)
    assert "Not to be disclosed to the person it is about" in client.get(page).content.decode()
