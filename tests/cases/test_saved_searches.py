"""Search terms (a child's name, date of birth, NHS number) are kept out of the
session, where they outlived the child's records: a saved search belongs to
one user, lasts 30 minutes and is purged by a beat task."""

from datetime import date, timedelta

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from sharing.models import SavedSearch
from sharing.services.searches import saved_search_keep, saved_searches_purge_expired
from tests.sharing.factories import UserFactory

from .factories import PersonFactory, open_case, team_member

pytestmark = pytest.mark.django_db

TERMS = {"q": "Jamie Reed", "date_of_birth": "2014-05-17"}


@pytest.fixture
def case(team, worker):
    child = PersonFactory(
        owning_team=team, first_name="Jamie", last_name="Reed", date_of_birth=date(2014, 5, 17)
    )
    return open_case(team, worker, child=child)


def _search(client, url, terms):
    response = client.post(url, {"search": "1", **terms})
    assert response.status_code == 302
    return response.url


@pytest.mark.parametrize("page", ["cases:case_list", "cases:person_search"])
def test_after_a_search_the_session_holds_no_terms(verified_client, case, worker, page):
    client = verified_client(worker)
    results = _search(client, reverse(page), TERMS)
    assert "Reed" in client.get(results).content.decode()

    assert "searches" not in client.session
    stored = Session.objects.get(session_key=client.session.session_key)
    decoded = repr(stored.get_decoded())
    assert "Reed" not in decoded and "2014-05-17" not in decoded
    saved = SavedSearch.objects.get(user=worker)
    assert saved.token in results
    assert saved.terms["q"] == "Jamie Reed"
    assert saved.expires_at - saved.created_at == timedelta(minutes=30)


def test_terms_left_in_an_old_session_are_dropped(verified_client, case, worker):
    client = verified_client(worker)
    session = client.session
    session["searches"] = {"old": TERMS}
    session.save()
    client.get(reverse("cases:person_search"))
    stored = Session.objects.get(session_key=client.session.session_key)
    assert "Reed" not in repr(stored.get_decoded())


def test_another_users_token_shows_nothing(verified_client, case, team, worker):
    results = _search(verified_client(worker), reverse("cases:person_search"), TERMS)
    colleague = team_member(team)  # could see the child, but did not search
    page = verified_client(colleague).get(results).content.decode()
    assert "Reed" not in page and "2014-05-17" not in page


def test_an_expired_token_shows_nothing(verified_client, case, worker, time_machine):
    time_machine.move_to("2026-11-21 10:00Z", tick=False)
    client = verified_client(worker)
    results = _search(client, reverse("cases:person_search"), TERMS)
    assert "Reed" in client.get(results).content.decode()

    time_machine.move_to("2026-11-21 10:31Z", tick=False)
    page = client.get(results).content.decode()
    assert "Reed" not in page and "2014-05-17" not in page


def test_a_refused_search_is_not_kept(verified_client, worker):
    client = verified_client(worker)
    response = client.post(
        reverse("cases:person_search"), {"search": "1", "q": "Reed", "date_of_birth": "2014-02-30"}
    )
    assert response.status_code == 200
    assert "Date of birth must be a real date" in response.content.decode()
    assert not SavedSearch.objects.exists()


def test_the_purge_removes_expired_searches_only():
    user = UserFactory()
    now = timezone.now()
    expired = saved_search_keep(user=user, terms=TERMS, now=now - timedelta(minutes=31))
    live = saved_search_keep(user=user, terms=TERMS, now=now - timedelta(minutes=29))

    assert saved_searches_purge_expired(now=now) == 1
    assert list(SavedSearch.objects.values_list("pk", flat=True)) == [live.pk]
    assert not SavedSearch.objects.filter(pk=expired.pk).exists()
    assert saved_searches_purge_expired(now=now) == 0


def test_the_purge_task_runs_every_few_minutes():
    from sharing.tasks import saved_searches_purge_expired as purge_task

    user = UserFactory()
    saved_search_keep(user=user, terms=TERMS, now=timezone.now() - timedelta(hours=1))
    assert purge_task.apply().get() == 1
    task = PeriodicTask.objects.get(task="sharing.saved_searches_purge_expired")
    assert task.enabled and task.interval is not None
    assert task.interval.every <= 10 and task.interval.period == "minutes"
