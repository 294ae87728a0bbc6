"""A case's categories, changed with a reason on a page reachable from the
case; the case page shows them; an ended category stays on the record."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseCategory

from .factories import PersonFactory, open_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(team, worker):
    return open_case(team, worker, child=PersonFactory(owning_team=team))


def _add(client, case, **data):
    return client.post(
        reverse("cases:case_categories", args=[case.pk]),
        {
            "category": "child_protection",
            "started_on": case.opened_on.isoformat(),
            "reason": "Section 47 enquiry",
            **data,
        },
        follow=True,
    )


def test_the_case_page_shows_its_categories_and_links_to_change_them(verified_client, worker, case):
    client = verified_client(worker)
    page = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "None recorded" in page
    assert reverse("cases:case_categories", args=[case.pk]) in page
    _add(client, case)
    page = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "Child protection (section 47 enquiry or plan)" in page


def test_a_category_added_with_a_reason_is_in_the_case_history(verified_client, worker, case):
    body = _add(verified_client(worker), case).content.decode()
    assert "Child protection (section 47 enquiry or plan) added to the case." in body
    period = CaseCategory.objects.get(case=case)
    assert period.history.get().history_change_reason == "Category added: Section 47 enquiry"
    assert period.history.get().history_user == worker


def test_an_empty_form_is_refused_plainly_and_adds_nothing(verified_client, worker, case):
    response = verified_client(worker).post(reverse("cases:case_categories", args=[case.pk]), {})
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body and "Choose the category." in body
    assert not CaseCategory.objects.exists()


def test_an_allegation_without_its_outcome_is_refused(verified_client, worker, case):
    body = _add(verified_client(worker), case, category="allegation").content.decode()
    assert "Say what the outcome of the allegation is" in body
    assert not CaseCategory.objects.exists()


def test_ending_a_category_keeps_it_on_the_record(verified_client, worker, case):
    client = verified_client(worker)
    _add(client, case)
    period = CaseCategory.objects.get()
    today = timezone.localdate().isoformat()
    url = reverse("cases:case_category_change", args=[case.pk, period.pk])
    assert "Give the date the category ended" in client.post(url, {"reason": "r"}).content.decode()
    client.post(url, {"ended_on": today, "reason": "Plan ended"})
    period.refresh_from_db()
    assert period.ended_on == timezone.localdate()
    # Ending it twice: the second is told plainly, nothing changes.
    again = client.post(url, {"ended_on": today, "reason": "Plan ended"}).content.decode()
    assert "This category was ended a moment ago." in again
    assert period.history.count() == 2


def test_only_those_who_may_change_the_case_reach_its_categories(
    verified_client, outsider, dpo, case
):
    url = reverse("cases:case_categories", args=[case.pk])
    assert verified_client(outsider).get(url).status_code == 404
    assert verified_client(outsider).post(url, {"category": "early_help"}).status_code == 404
    assert verified_client(dpo).get(url).status_code == 404
    assert not CaseCategory.objects.exists()


def _person_form(person, **changes):
    data = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "date_of_birth": person.date_of_birth.isoformat() if person.date_of_birth else "",
        "gender": person.gender,
        "reason": "Told by the hospital",
    }
    return {**data, **changes}


def test_a_date_of_death_is_recorded_for_retention_and_never_before_the_birth(
    verified_client, worker, case
):
    from datetime import date

    child = case.participants.get().person
    child.date_of_birth = date(2010, 5, 4)
    child.save()
    client = verified_client(worker)
    url = reverse("cases:person_edit", args=[child.pk])
    refused = client.post(url, _person_form(child, date_of_death="2009-01-01"))
    assert "The date of death must be after the birth." in refused.content.decode()
    child.refresh_from_db()
    assert child.date_of_death is None
    client.post(url, _person_form(child, date_of_death="2020-07-01"))
    child.refresh_from_db()
    assert child.date_of_death == date(2020, 7, 1)
