"""The case pages, for a team member, an outsider, a manager and an administrator."""

import re
from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases import services
from cases.models import Case, ChronologyEntry, ParticipantRole, Person
from sharing.models import AccessAction, AccessEvent
from sharing.roles import Role
from tests.sharing.factories import OrganisationFactory, UserFactory

from .factories import PersonFactory, make_team, open_case, team_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(team, worker):
    child = PersonFactory(
        owning_team=team, first_name="Jamie", last_name="Reed", date_of_birth=date(2014, 5, 17)
    )
    return open_case(team, worker, child=child)


def _person_data(**overrides):
    data = {
        "first_name": "Jamie",
        "last_name": "Reed",
        "date_of_birth": "2014-05-17",
        "gender": "male",
        "nhs_number": "",
        "upn": "",
        "la_identifier": "",
        "address": "",
        "other_names": "",
        "identity_protection_reason": "",
        "reason": "New referral",
    }
    data.update(overrides)
    return data


def test_a_worker_records_a_case_from_referral_to_closure(verified_client, team, worker):
    client = verified_client(worker)
    la = OrganisationFactory(kind="la_childrens_social_care", name="Northshire Council")

    # The child.
    response = client.post(reverse("cases:person_create"), {**_person_data(), "team": team.pk})
    child = Person.objects.get(first_name="Jamie")
    assert response.status_code == 302

    # The case.
    response = client.post(
        reverse("cases:case_open") + f"?child={child.pk}",
        {
            "team": team.pk,
            "opened_on": "2026-11-02",
            "summary": "Bruising seen at school.",
            "lead_practitioner": worker.pk,
            "responsible_authority": la.pk,
            "reason": "Referral",
        },
    )
    case = Case.objects.get()
    assert response.url == reverse("cases:case_detail", args=[case.pk])

    # A parent and an alleged perpetrator.
    for first, role in (
        ("Lee", ParticipantRole.PARENT),
        ("Kyle", ParticipantRole.ALLEGED_PERPETRATOR),
    ):
        client.post(
            reverse("cases:person_create") + f"?case={case.pk}",
            {**_person_data(first_name=first, date_of_birth="1988-02-03"), "team": team.pk},
        )
        person = Person.objects.get(first_name=first)
        response = client.post(
            reverse("cases:participant_add", args=[case.pk]),
            {"person": person.pk, "role": role, "reason": "Named in referral"},
        )
        assert response.status_code == 302

    # Chronology entries, fact and opinion kept apart.
    for status, text in (
        ("fact", "Bruise on forearm seen in PE."),
        ("opinion", "Teacher thinks Jamie is scared."),
    ):
        client.post(
            reverse("cases:chronology_add", args=[case.pk]),
            {
                "occurred_on": "2026-11-02",
                "kind": "information_received",
                "information_status": status,
                "text": text,
                "reason": "From school",
            },
        )

    # Edit and close.
    client.post(
        reverse("cases:case_edit", args=[case.pk]),
        {
            "summary": "Bruising seen at school; parent spoken to.",
            "lead_practitioner": worker.pk,
            "responsible_authority": la.pk,
            "reason": "Home visit done",
        },
    )
    client.post(
        reverse("cases:case_close", args=[case.pk]),
        {"closed_on": "2026-11-20", "reason": "Support in place"},
    )

    page = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "Closed" in page
    assert "Lee Reed" in page and "Parent" in page
    assert "Kyle Reed" in page and "Alleged perpetrator" in page
    assert "Bruise on forearm seen in PE." in page and "Fact" in page
    assert "Teacher thinks Jamie is scared." in page and "Opinion" in page
    assert "parent spoken to" in page


def test_invalid_nhs_number_is_refused_and_nothing_is_recorded(verified_client, team, worker):
    response = verified_client(worker).post(
        reverse("cases:person_create"), {**_person_data(nhs_number="9434765918"), "team": team.pk}
    )
    assert response.status_code == 200
    assert "not a valid NHS number" in response.content.decode()
    assert not Person.objects.exists()


def test_recording_the_same_child_again_is_caught(verified_client, case, team, worker):
    client = verified_client(worker)
    response = client.post(reverse("cases:person_create"), {**_person_data(), "team": team.pk})
    assert "may already be recorded" in response.content.decode()
    assert Person.objects.filter(first_name="Jamie").count() == 1

    response = client.post(
        reverse("cases:person_create"),
        {**_person_data(), "team": team.pk, "confirm_not_duplicate": "on"},
    )
    assert response.status_code == 302
    assert Person.objects.filter(first_name="Jamie").count() == 2


def test_a_match_in_another_teams_cases_is_flagged_without_details(verified_client, case, outsider):
    other_team = outsider.groups.get(team__isnull=False).team
    response = verified_client(outsider).post(
        reverse("cases:person_create"), {**_person_data(), "team": other_team.pk}
    )
    page = response.content.decode()
    assert "held by a team whose cases you cannot see" in page
    assert reverse("cases:person_detail", args=[case.participants.get().person_id]) not in page


@pytest.mark.parametrize(
    "url_name",
    ["case_detail", "case_edit", "case_close", "case_history", "participant_add", "chronology_add"],
)
def test_an_outsider_gets_404_not_a_hint(verified_client, case, outsider, url_name):
    response = verified_client(outsider).get(reverse(f"cases:{url_name}", args=[case.pk]))
    assert response.status_code == 404


def test_an_outsider_cannot_find_the_case_or_child_by_search(verified_client, case, outsider):
    client = verified_client(outsider)
    child = case.participants.get().person

    listing = _search(client, reverse("cases:case_list"), {"q": "Jamie"})
    by_reference = _search(client, reverse("cases:case_list"), {"q": case.reference})
    people = _search(client, reverse("cases:person_search"), {"q": "Reed"})

    detail = reverse("cases:case_detail", args=[case.pk])
    assert detail not in listing and detail not in by_reference
    assert "No cases found." in by_reference
    assert reverse("cases:person_detail", args=[child.pk]) not in people
    assert "No one found." in people
    assert client.get(reverse("cases:person_detail", args=[child.pk])).status_code == 404


def test_the_team_finds_the_case_by_reference_name_and_date_of_birth(verified_client, case, worker):
    client = verified_client(worker)
    detail = reverse("cases:case_detail", args=[case.pk])
    for params in ({"q": case.reference}, {"q": "jamie reed"}, {"date_of_birth": "2014-05-17"}):
        assert detail in _search(client, reverse("cases:case_list"), params), params
    assert detail not in _search(
        client, reverse("cases:case_list"), {"date_of_birth": "2014-05-18"}
    )


def _search(client, url, terms):
    """Search as the page does: terms posted, results shown at ?s=<token>."""
    response = client.post(url, {"search": "1", **terms})
    assert response.status_code == 302
    assert "?s=" in response.url
    for value in terms.values():
        assert str(value).lower() not in response.url.lower()
    page = client.get(response.url)
    assert page.status_code == 200
    return page.content.decode()


@pytest.mark.parametrize("page", ["cases:case_list", "cases:person_search"])
def test_names_and_dates_of_birth_searched_for_never_reach_the_address(
    verified_client, case, worker, page
):
    """Addresses end up in server logs, browser history and Referer headers."""
    client = verified_client(worker)
    url = reverse(page)
    html = _search(client, url, {"q": "Jamie Reed", "date_of_birth": "2014-05-17"})
    assert "Jamie" in html and "Reed" in html  # found, and shown on the page only
    assert 'method="post"' in client.get(url).content.decode()
    # Another user cannot replay the search: the terms live in the searcher's session.
    other = verified_client(UserFactory(organisation=worker.organisation))
    token_url = client.post(url, {"search": "1", "q": "Jamie"}).url
    assert "Jamie" not in other.get(token_url).content.decode()


def test_a_search_in_the_participant_page_keeps_names_out_of_the_address(
    verified_client, case, team, worker
):
    PersonFactory(owning_team=team, first_name="Lee", last_name="Reed")
    client = verified_client(worker)
    url = reverse("cases:participant_add", args=[case.pk])
    assert "Lee Reed" in _search(client, url, {"q": "Lee"})


def test_an_administrator_sees_no_case_content(verified_client, case):
    administrator = UserFactory(is_superuser=True, is_staff=True, roles=[Role.ADMINISTRATOR])
    client = verified_client(administrator)
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 404
    assert (
        reverse("cases:case_detail", args=[case.pk])
        not in client.get(reverse("cases:case_list")).content.decode()
    )


def test_a_manager_opens_a_case_only_through_break_glass(verified_client, case, team, worker):
    manager = UserFactory(organisation=team.organisation, roles=[Role.MANAGER])
    client = verified_client(manager)
    detail = reverse("cases:case_detail", args=[case.pk])
    assert client.get(detail).status_code == 404

    refused = client.post(reverse("cases:break_glass"), {"reference": case.reference, "reason": ""})
    assert refused.status_code == 200 and client.get(detail).status_code == 404

    response = client.post(
        reverse("cases:break_glass"),
        {"reference": case.reference, "reason": "Child missing tonight"},
    )
    assert response.url == detail
    assert client.get(detail).status_code == 200
    # For its hour, the case is on the manager's list too.
    assert case.reference in client.get(reverse("cases:case_list")).content.decode()
    assert AccessEvent.objects.filter(user=manager, action=AccessAction.BREAK_GLASS).count() == 1

    review = client.get(reverse("cases:break_glass_review")).content.decode()
    assert case.reference in review and "Child missing tonight" in review


def test_every_read_is_logged_without_personal_data(verified_client, case, worker):
    services.chronology_add(
        user=worker,
        case=case,
        reason="r",
        occurred_on=date(2026, 10, 2),
        kind="concern",
        information_status="fact",
        text="Seen with a bruise.",
    )
    client = verified_client(worker)
    client.get(reverse("cases:case_detail", args=[case.pk]))
    child = case.participants.get().person
    client.get(reverse("cases:person_detail", args=[child.pk]))

    viewed = set(
        AccessEvent.objects.filter(user=worker, action=AccessAction.VIEW).values_list(
            "content_type__model", "object_id"
        )
    )
    entry = ChronologyEntry.objects.get()
    assert {("case", case.pk), ("chronologyentry", entry.pk), ("person", child.pk)} <= viewed
    logged = str(list(AccessEvent.objects.values()))
    for personal in ("Jamie", "Reed", "bruise", "2014"):
        assert personal not in logged


def test_managers_see_who_has_looked_and_workers_do_not(verified_client, case, team, worker):
    verified_client(worker).get(reverse("cases:case_detail", args=[case.pk]))
    manager = UserFactory(organisation=team.organisation, roles=[Role.MANAGER])
    url = reverse("cases:case_access_log", args=[case.pk])

    page = verified_client(manager).get(url).content.decode()

    assert str(worker) in page and "Viewed" in page
    assert verified_client(worker).get(url).status_code == 404
    other_org_manager = UserFactory(roles=[Role.MANAGER])
    assert verified_client(other_org_manager).get(url).status_code == 404


def test_who_has_looked_names_what_was_read_by_reference_and_role_not_by_id(
    verified_client, case, team, worker
):
    services.chronology_add(
        user=worker,
        case=case,
        reason="Visit",
        occurred_on=date(2026, 10, 3),
        kind="contact",
        information_status="fact",
        text="Home visit.",
    )
    verified_client(worker).get(reverse("cases:case_detail", args=[case.pk]))
    manager = UserFactory(organisation=team.organisation, roles=[Role.MANAGER])

    page = verified_client(manager).get(reverse("cases:case_access_log", args=[case.pk]))
    cells = re.findall(r'<td class="govuk-table__cell">([^<]*)</td>', page.content.decode())

    assert f"Case {case.reference}" in cells
    assert "Chronology entry dated 3 October 2026" in cells
    assert "Person in the case: child or young person" in cells
    assert not [cell for cell in cells if re.fullmatch(r"(Case|Person|Chronology entry) \d+", cell)]


def test_history_shows_each_change_with_user_reason_and_values(verified_client, case, worker):
    services.case_update(user=worker, case=case, reason="Home visit", summary="Parent engaged")
    page = (
        verified_client(worker).get(reverse("cases:case_history", args=[case.pk])).content.decode()
    )
    assert "Home visit" in page
    assert "<del>Concerns about neglect.</del> → Parent engaged" in page
    assert "Team" in page and "Assessment" in page  # names, not ids
    assert str(worker) in page
    assert AccessEvent.objects.filter(
        action=AccessAction.HISTORY,
        object_id=case.pk,
        content_type=ContentType.objects.get_for_model(Case),
    ).exists()


def test_a_worker_cannot_change_a_case_they_may_only_view(verified_client, case, team, worker):
    colleague = UserFactory(organisation=team.organisation)
    services.case_grant(
        user=worker, case=case, practitioner=colleague, can_change=False, reason="Cover"
    )
    client = verified_client(colleague)
    page = client.get(reverse("cases:case_detail", args=[case.pk]))
    assert page.status_code == 200
    # The page offers them no change: no "Add a person", no category change.
    assert reverse("cases:participant_add", args=[case.pk]) not in page.content.decode()
    assert reverse("cases:case_categories", args=[case.pk]) not in page.content.decode()
    worker_page = verified_client(worker).get(reverse("cases:case_detail", args=[case.pk]))
    assert reverse("cases:participant_add", args=[case.pk]) in worker_page.content.decode()
    response = client.post(
        reverse("cases:case_edit", args=[case.pk]), {"summary": "x", "reason": "y"}
    )
    assert response.status_code == 404
    case.refresh_from_db()
    assert case.summary == "Concerns about neglect."


def _cases(team, worker, n):
    for _ in range(n):
        case = open_case(team, worker)
        services.chronology_add(
            user=worker,
            case=case,
            reason="r",
            occurred_on=date(2026, 10, 2),
            kind="concern",
            information_status="fact",
            text="x",
        )


def _queries(django_assert_max_num_queries, client, url, params=None):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if params:
        url = client.post(url, {"search": "1", **params}).url
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_case_list_runs_a_fixed_number_of_queries(
    verified_client, team, worker, django_assert_max_num_queries
):
    client = verified_client(worker)
    _cases(team, worker, 3)
    few = _queries(
        django_assert_max_num_queries, client, reverse("cases:case_list"), {"q": "Child"}
    )
    _cases(team, worker, 20)
    many = _queries(
        django_assert_max_num_queries, client, reverse("cases:case_list"), {"q": "Child"}
    )
    assert few == many
    with django_assert_max_num_queries(12):
        client.get(reverse("cases:case_list"))


def test_case_detail_runs_a_fixed_number_of_queries(
    verified_client, case, team, worker, django_assert_max_num_queries
):
    client = verified_client(worker)
    url = reverse("cases:case_detail", args=[case.pk])
    # The read log names each kind of record by its content type, cached for
    # the process after its first use: counted once warm, as a live server is.
    ContentType.objects.get_for_models(Case, ChronologyEntry, Person)
    few = _queries(django_assert_max_num_queries, client, url)
    for i in range(15):
        services.chronology_add(
            user=worker,
            case=case,
            reason="r",
            occurred_on=date(2026, 10, 2),
            kind="concern",
            information_status="fact",
            text=f"entry {i}",
        )
        person = PersonFactory(owning_team=team)
        services.participant_add(user=worker, case=case, person=person, role="sibling", reason="r")
    many = _queries(django_assert_max_num_queries, client, url)
    assert few == many
    with django_assert_max_num_queries(14):
        client.get(url)


def test_a_worker_gives_a_colleague_one_case_and_takes_it_back(verified_client, case, team, worker):
    colleague = UserFactory(organisation=team.organisation, first_name="Robin")
    client = verified_client(worker)
    url = reverse("cases:case_access", args=[case.pk])
    detail = reverse("cases:case_detail", args=[case.pk])

    client.post(url, {"practitioner": colleague.pk, "reason": "Covering leave"})
    assert verified_client(colleague).get(detail).status_code == 200
    assert "View only" in client.get(url).content.decode()

    client.post(url, {"revoke": colleague.pk, "reason": "Back from leave"})
    assert verified_client(colleague).get(detail).status_code == 404
    assert case.history.first().history_change_reason.startswith(
        f"Access removed from {colleague}: Back from leave"
    )


def test_access_can_only_be_given_within_the_organisation(verified_client, case, worker):
    stranger = UserFactory()  # another organisation
    response = verified_client(worker).post(
        reverse("cases:case_access", args=[case.pk]), {"practitioner": stranger.pk, "reason": "x"}
    )
    assert response.status_code == 200
    assert (
        verified_client(stranger).get(reverse("cases:case_detail", args=[case.pk])).status_code
        == 404
    )


def test_an_outsider_cannot_open_the_access_page(verified_client, case, outsider):
    response = verified_client(outsider).get(reverse("cases:case_access", args=[case.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("url_name", ["person_detail", "person_edit"])
def test_an_outsider_gets_404_for_the_childs_details(verified_client, case, outsider, url_name):
    child = case.participants.get().person
    response = verified_client(outsider).get(reverse(f"cases:{url_name}", args=[child.pk]))
    assert response.status_code == 404


def test_a_view_only_grant_does_not_allow_changing_or_copying_a_person(
    verified_client, case, team, worker
):
    other_team = make_team(organisation=team.organisation, name="Other")
    colleague = team_member(other_team)
    services.case_grant(
        user=worker, case=case, practitioner=colleague, can_change=False, reason="Cover"
    )
    own_case = open_case(other_team, colleague)
    child = case.participants.get().person
    client = verified_client(colleague)

    assert client.get(reverse("cases:person_detail", args=[child.pk])).status_code == 200
    assert client.get(reverse("cases:person_edit", args=[child.pk])).status_code == 404
    response = client.post(
        reverse("cases:participant_add", args=[own_case.pk]),
        {"person": child.pk, "role": "sibling", "reason": "copy"},
    )
    assert response.status_code == 200 and "Choose the person to add" in response.content.decode()
    assert not own_case.participants.filter(person=child).exists()


def test_removing_a_person_is_kept_in_the_case_history(verified_client, case, team, worker):
    parent = PersonFactory(owning_team=team, first_name="Lee", last_name="Reed")
    participant = services.participant_add(
        user=worker, case=case, person=parent, role="parent", reason="r"
    )
    client = verified_client(worker)
    client.post(
        reverse("cases:participant_edit", args=[case.pk, participant.pk]),
        {"remove": "1", "role": "parent", "reason": "Wrong family"},
    )
    page = client.get(reverse("cases:case_history", args=[case.pk])).content.decode()
    assert "Removed Lee Reed (Parent) from the case: Wrong family" in page


@pytest.mark.parametrize(
    ("method", "url", "data"),
    [
        ("get", "/cases/new/?child=abc", None),
        ("get", "/cases/new/?child=%C2%B2", None),
        ("get", "/cases/new/", None),
    ],
)
def test_bad_ids_get_a_clear_answer_not_an_error(verified_client, worker, method, url, data):
    response = getattr(verified_client(worker), method)(url, data)
    assert response.status_code == 302
    assert response.url == reverse("cases:person_search")


def test_adding_without_choosing_a_person_says_so(verified_client, case, worker):
    response = verified_client(worker).post(
        reverse("cases:participant_add", args=[case.pk]),
        {"person": "x", "role": "parent", "reason": "r"},
    )
    assert response.status_code == 200
    assert "Choose the person to add" in response.content.decode()


def test_the_lead_practitioner_can_open_their_case(verified_client, case, team, worker):
    lead = UserFactory(organisation=team.organisation)
    services.case_update(user=worker, case=case, reason="New lead", lead_practitioner=lead)
    assert (
        verified_client(lead).get(reverse("cases:case_detail", args=[case.pk])).status_code == 200
    )


def test_a_case_is_not_moved_to_another_team_by_an_edit(case, worker):
    other = make_team(organisation=case.team.organisation, name="Other")
    with pytest.raises(ValidationError, match="cannot be changed here: team"):
        services.case_update(user=worker, case=case, reason="move", team=other)


def test_a_case_cannot_be_closed_in_the_future(case, worker):
    with pytest.raises(ValidationError, match="future"):
        services.case_close(user=worker, case=case, closed_on=date(2099, 1, 1), reason="x")


def test_a_manager_who_is_no_longer_a_manager_loses_break_glass(verified_client, case, team):
    manager = UserFactory(organisation=team.organisation, roles=[Role.MANAGER])
    services.break_glass_open(
        user=manager, reference=case.reference, reason="Child missing tonight"
    )
    detail = reverse("cases:case_detail", args=[case.pk])
    assert verified_client(manager).get(detail).status_code == 200

    manager.groups.clear()

    assert verified_client(manager).get(detail).status_code == 404
    listed = verified_client(manager).get(reverse("cases:case_list")).content.decode()
    assert case.reference not in listed
