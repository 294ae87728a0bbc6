"""The sharing decision as a task list (issue 14): a page per section, kept
server-side between pages, statuses per section, the guide's answers carried,
check your answers with a Change link per section, then one record."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from sharing.decisions import services
from sharing.models import Decision, DecisionDraft
from sharing.roles import Role
from tests.cases.factories import team_member
from tests.races import postgresql_only, refusals
from tests.requests.factories import World
from tests.sharing.decisions.builders import decision_fields
from tests.sharing.decisions.test_views import ANSWERS, case_with_neighbour  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return World()


def _sections(world, neighbour):
    return {
        "outcome": {
            "outcome": "share_in_part",
            "rationale": "Risk of significant harm to the child.",
            "explanation_to_requester": "The referrer's identity is withheld.",
            "recipient_organisation": world.police.pk,
            "purpose": "A strategy discussion under section 47.",
        },
        "lawful-basis": {
            "article6_basis": "6_1_e",
            "special_category": "on",
            "article9_condition": "9_2_g",
            "schedule1_condition": "para_18",
            "schedule1_para18_reason": "would_prejudice",
            "public_interest": "A risk of significant harm outweighs the family's confidence.",
            "necessity_proportionality": "Only the two referrals the strategy discussion needs.",
        },
        "consent": {"consent_status": "not_sought", "consent_not_sought_reason": "unsafe"},
        "telling": {"not_told_reason": "risk_of_harm"},
        "identities": {"identities_protected": [neighbour.pk]},
        "advice": {},
        "emergency": {},
    }


def _checked(html, value):
    return re.search(rf'value="{value}"\s+checked', html) is not None


def _start(client, query):
    response = client.post(reverse("decisions:draft_start") + "?" + query)
    draft = DecisionDraft.objects.latest("pk")
    assert response.url == reverse("decisions:draft_tasks", args=[draft.pk])
    return draft


def _save(client, draft, section, data):
    return client.post(reverse("decisions:draft_section", args=[draft.pk, section]), data)


def test_a_worker_records_a_decision_one_section_at_a_time(
    verified_client,
    world,
    case_with_neighbour,  # noqa: F811
):
    case, neighbour = case_with_neighbour
    request = world.incoming_s47(case=case, subjects=[world.child, neighbour])
    client = verified_client(world.worker)
    draft = _start(client, f"request={request.pk}&{ANSWERS}")
    tasks = reverse("decisions:draft_tasks", args=[draft.pk])
    assert client.get(tasks).content.decode().count("Not yet started") == 7

    for section, data in _sections(world, neighbour).items():
        response = _save(client, draft, section, data)
        assert response.status_code == 302 and response.url == tasks, section

    page = client.get(tasks).content.decode()
    assert page.count(">Completed<") == 7 and "Not yet started" not in page
    assert "You have completed 7 of 7 sections." in page

    check_url = reverse("decisions:draft_check", args=[draft.pk])
    check = client.get(check_url).content.decode()
    # What was entered, in plain words, each with its way back to its section.
    for shown in (
        "Share in part",
        "Risk of significant harm to the child.",
        "We did not ask them",
        "Pat Neighbour",
    ):
        assert shown in check
    for section in _sections(world, neighbour):
        assert reverse("decisions:draft_section", args=[draft.pk, section]) in check

    response = client.post(check_url)
    decision = Decision.objects.get()
    assert response.url == reverse("decisions:decision_detail", args=[decision.pk])
    assert decision.request == request and decision.case == case
    assert decision.outcome == "share_in_part" and decision.guide_suggestion == "share"
    assert list(decision.identities_protected.all()) == [neighbour]
    # The draft goes once the decision is recorded: pressing again records nothing more.
    assert not DecisionDraft.objects.exists()
    assert client.post(check_url).status_code == 404
    assert Decision.objects.count() == 1


def test_a_change_link_returns_to_its_section_with_the_answers_kept(
    verified_client,
    world,
    case_with_neighbour,  # noqa: F811
):
    case, _neighbour = case_with_neighbour
    client = verified_client(world.worker)
    draft = _start(client, f"case={case.pk}&{ANSWERS}")
    _save(
        client,
        draft,
        "consent",
        {"consent_status": "not_sought", "consent_not_sought_reason": "unsafe"},
    )
    _save(
        client,
        draft,
        "telling",
        {
            "not_told_reason": "other",
            "not_told_explanation": "The family cannot be reached.",
            "tell_later": "on",
            "tell_later_on_0": "1",
            "tell_later_on_1": "3",
            "tell_later_on_2": "2027",
        },
    )

    page = client.get(reverse("decisions:draft_section", args=[draft.pk, "telling"]))
    html = page.content.decode()
    assert page.status_code == 200 and "There is a problem" not in html
    assert "The family cannot be reached." in html
    assert 'value="2027"' in html and _checked(html, "other")
    consent = client.get(reverse("decisions:draft_section", args=[draft.pk, "consent"]))
    assert _checked(consent.content.decode(), "not_sought")


def test_consent_given_in_the_guide_is_consent_given_in_the_draft(verified_client, world):
    client = verified_client(world.worker)
    draft = _start(client, "legitimate_purpose=yes&identifiable=yes&confidential=yes&consent=yes")
    page = client.get(reverse("decisions:draft_section", args=[draft.pk, "consent"]))
    assert _checked(page.content.decode(), "given")
    assert draft.guide_answers["consent"] is True


def test_a_section_left_incomplete_blocks_recording_and_says_which(
    verified_client,
    world,
    case_with_neighbour,  # noqa: F811
):
    case, neighbour = case_with_neighbour
    client = verified_client(world.worker)
    draft = _start(client, f"case={case.pk}&{ANSWERS}")
    sections = _sections(world, neighbour)
    for section in ("outcome", "consent", "telling"):
        _save(client, draft, section, sections[section])

    response = client.post(reverse("decisions:draft_check", args=[draft.pk]))
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page and "<title>Error: " in page
    assert "Complete the section: Lawful basis" in page
    assert "Complete the section: Identities to protect" in page
    assert "Complete the section: Consent" not in page
    assert not Decision.objects.exists()


def test_a_section_against_the_records_rules_is_refused_and_not_kept(verified_client, world):
    client = verified_client(world.worker)
    draft = _start(client, ANSWERS)
    # Consent given needs how it was given: the record's own rule, on the section's page.
    response = _save(
        client, draft, "consent", {"consent_status": "given", "consent_how_recorded": ""}
    )
    page = response.content.decode()
    assert response.status_code == 400 and "There is a problem" in page
    draft.refresh_from_db()
    assert draft.answers == {} and draft.sections_saved == []
    # Nothing chosen at all: the form's own message.
    response = _save(client, draft, "outcome", {"rationale": "Risk of harm to the child."})
    assert "Select whether you will share, share in part or not share." in (
        response.content.decode()
    )


def test_a_later_answer_that_breaks_a_completed_section_shows_it_in_progress(
    verified_client, world
):
    client = verified_client(world.worker)
    draft = _start(client, ANSWERS)
    _save(
        client,
        draft,
        "consent",
        {"consent_status": "not_sought", "consent_not_sought_reason": "unsafe"},
    )
    tasks = reverse("decisions:draft_tasks", args=[draft.pk])
    assert client.get(tasks).content.decode().count(">Completed<") == 1
    # Sharing is what needs consent's reasons; deciding not to share later does not
    # change consent, but an outcome with no reasons stays in progress.
    DecisionDraft.objects.filter(pk=draft.pk).update(
        answers={**draft.answers, "outcome": ["share"]}, sections_saved=["consent", "outcome"]
    )
    assert "In progress" in client.get(tasks).content.decode()


def test_a_draft_is_its_writers_alone(verified_client, world):
    draft = _start(verified_client(world.worker), ANSWERS)
    # Not even a colleague on the same team: a draft is not yet a record.
    colleague = team_member(world.team, roles=[Role.UNIT_STAFF])
    for name, args in (
        ("decisions:draft_tasks", [draft.pk]),
        ("decisions:draft_section", [draft.pk, "outcome"]),
        ("decisions:draft_check", [draft.pk]),
    ):
        assert verified_client(colleague).get(reverse(name, args=args)).status_code == 404


def test_expired_drafts_are_deleted_by_the_daily_job(world):
    kept = services.draft_start(user=world.worker)
    old = services.draft_start(user=world.worker)
    DecisionDraft.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(1))
    assert services.drafts_purge(timezone.now()) == 1
    assert list(DecisionDraft.objects.all()) == [kept]


def test_a_draft_recorded_again_from_a_stale_page_records_one_decision(world):
    draft = services.draft_start(user=world.worker)
    stale = DecisionDraft.objects.get(pk=draft.pk)
    services.draft_record(user=world.worker, draft=draft, **decision_fields())
    with pytest.raises(ValidationError, match="already been recorded"):
        services.draft_record(user=world.worker, draft=stale, **decision_fields())
    assert Decision.objects.count() == 1


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_presses_of_record_at_once_record_one_decision():
    world = World()
    draft = services.draft_start(user=world.worker)
    copies = [DecisionDraft.objects.get(pk=draft.pk) for _ in range(2)]
    outcomes = refusals(
        *[
            lambda copy=copy: services.draft_record(
                user=world.worker, draft=copy, **decision_fields()
            )
            for copy in copies
        ]
    )
    assert sorted(o is None for o in outcomes) == [False, True]
    assert Decision.objects.count() == 1 and not DecisionDraft.objects.exists()


def test_a_refusal_when_recording_is_shown_against_its_section(
    verified_client,
    world,
    case_with_neighbour,  # noqa: F811
):
    case, neighbour = case_with_neighbour
    client = verified_client(world.worker)
    draft = _start(client, f"case={case.pk}&{ANSWERS}")
    sections = _sections(world, neighbour)
    # Golden rule 5: what the requester is told names the person whose identity is protected.
    sections["outcome"]["explanation_to_requester"] = "Pat Neighbour's report is withheld."
    for section, data in sections.items():
        assert _save(client, draft, section, data).status_code == 302, section

    response = client.post(reverse("decisions:draft_check", args=[draft.pk]))
    page = response.content.decode()
    assert response.status_code == 400 and "<title>Error: " in page
    assert 'href="#section-outcome">This text may name someone' in page
    assert not Decision.objects.exists() and DecisionDraft.objects.filter(pk=draft.pk).exists()

    # Ticking that it was checked, on the section's page, lets it through.
    _save(client, draft, "outcome", {**sections["outcome"], "names_checked": "on"})
    response = client.post(reverse("decisions:draft_check", args=[draft.pk]))
    assert response.status_code == 302 and Decision.objects.count() == 1


def test_a_started_decision_is_listed_for_its_writer_to_come_back_to(
    verified_client,
    world,
    case_with_neighbour,  # noqa: F811
):
    case, _neighbour = case_with_neighbour
    draft = _start(verified_client(world.worker), f"case={case.pk}")
    link = reverse("decisions:draft_tasks", args=[draft.pk])
    mine = verified_client(world.worker).get(reverse("decisions:decision_list")).content.decode()
    assert link in mine and f"Decision on case {case.reference}" in mine
    colleague = team_member(world.team, roles=[Role.UNIT_STAFF])
    theirs = verified_client(colleague).get(reverse("decisions:decision_list")).content.decode()
    assert link not in theirs


def test_the_consent_page_asks_only_the_questions_that_go_with_the_answer(verified_client, world):
    client = verified_client(world.worker)
    draft = _start(client, ANSWERS)
    url = reverse("decisions:draft_section", args=[draft.pk, "consent"])
    page = client.get(url).content.decode()
    assert "Has the child or family agreed to the sharing?" in page
    assert "whose consent was it?" not in page and "why not?" not in page

    response = client.post(url, {"consent_status": "not_sought"})
    assert response.status_code == 302 and response.url == url
    page = client.get(url).content.decode()
    assert "If you did not ask for consent, why not?" in page
    assert "whose consent was it?" not in page

    response = client.post(
        url, {"consent_status": "not_sought", "consent_not_sought_reason": "unsafe"}
    )
    assert response.url == reverse("decisions:draft_tasks", args=[draft.pk])
    # Changing the answer clears what went with the old one.
    client.post(url, {"consent_status": "given", "consent_not_sought_reason": "unsafe"})
    draft.refresh_from_db()
    assert draft.answers == {"consent_status": ["given"]}


def test_starting_again_offers_the_decision_already_started(verified_client, world):
    client = verified_client(world.worker)
    draft = _start(client, ANSWERS)
    page = client.get(reverse("decisions:draft_start") + "?" + ANSWERS).content.decode()
    assert "continue where you left off" in page
    assert reverse("decisions:draft_tasks", args=[draft.pk]) in page


def test_a_decision_not_to_share_asks_its_main_reason_and_shows_and_keeps_it(
    verified_client, world
):
    client = verified_client(world.worker)
    draft = _start(client, ANSWERS)
    outcome = {
        "outcome": "do_not_share",
        "rationale": "The school already holds the attendance record it asks for.",
        "explanation_to_requester": "You already hold this: your own attendance record.",
        "purpose": "An attendance review.",
        "against_suggestion_reason": "They hold the record already: nothing of ours is needed.",
    }
    page = client.get(reverse("decisions:draft_section", args=[draft.pk, "outcome"]))
    page = page.content.decode()
    assert "If you decided not to share, what is the main reason?" in page
    # Each reason with its hint; "not recorded" is for old decisions only.
    assert "The organisation it came from decides whether it is shared." in page
    assert "not_recorded" not in page

    response = _save(client, draft, "outcome", outcome)
    assert response.status_code == 400
    assert "Select the main reason for not sharing." in response.content.decode()
    response = _save(client, draft, "outcome", {**outcome, "decline_reason": "other"})
    assert "Say what the other reason for not sharing is." in response.content.decode()
    response = _save(client, draft, "outcome", {**outcome, "decline_reason": "not_necessary"})
    assert response.status_code == 302

    for section, data in {
        "lawful-basis": {},
        "consent": {"consent_status": "not_sought", "consent_not_sought_reason": "unsafe"},
        "telling": {"not_told_reason": "risk_of_harm"},
        "advice": {},
        "emergency": {},
    }.items():
        assert _save(client, draft, section, data).status_code == 302, section
    check = client.get(reverse("decisions:draft_check", args=[draft.pk])).content.decode()
    assert "It is not necessary or proportionate for the purpose given" in check
    client.post(reverse("decisions:draft_check", args=[draft.pk]))

    decision = Decision.objects.get()
    assert decision.decline_reason == "not_necessary"
    assert decision.history.get().decline_reason == "not_necessary"
    shown = client.get(decision.get_absolute_url()).content.decode()
    assert "Main reason for not sharing" in shown
    assert "It is not necessary or proportionate for the purpose given" in shown


def test_a_reason_for_not_sharing_left_behind_by_a_change_of_outcome_is_dropped(world):
    decision = services.decision_record(
        user=world.worker,
        **decision_fields(decline_reason="third_party", decline_reason_other="Left over."),
    )
    assert decision.outcome == "share"
    assert (decision.decline_reason, decision.decline_reason_other) == ("", "")
