"""Issue 15: lawful bases that hold, reasons with legal weight, advice,
emergencies and follow-ups. Each rule of the record as a table citing its
source, then what a user would notice: the decision refused, the disclosure
refused, the reminder e-mailed."""

import dataclasses
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import override_settings

from sharing.choices import (
    Advice,
    Article6Basis,
    ConsentStatus,
    NotToldReason,
    Para18ConsentReason,
)
from sharing.decisions import rules, services
from sharing.models import Decision, OrganisationKind, Reminder
from sharing.roles import Role
from tests.requests.factories import World
from tests.sharing.decisions.builders import (
    consent_fields,
    decision_fields,
    emergency_fields,
)
from tests.sharing.factories import OrganisationFactory, UserFactory

# A complete share in part by a local authority, as tests/sharing/decisions/test_rules.py
# has it: every check passes, so each row below changes only what it is about.
GOOD = {
    "outcome": "share_in_part",
    "rationale": "Risk of significant harm to the child from a household member.",
    "explanation_to_requester": "The referrer's identity is withheld.",
    "article6_basis": "6_1_e",
    "special_category": True,
    "article9_condition": "9_2_g",
    "schedule1_condition": "para_18",
    "schedule1_para18_reason": "would_prejudice",
    "consent_status": "not_sought",
    "consent_not_sought_reason": "unsafe",
    "necessity_proportionality": "Only the household's known concerns, for the strategy meeting.",
    "not_told_reason": "risk_of_harm",
    "deciding_organisation_kind": "la_childrens_social_care",
}


def problems(**change):
    return rules.decision_problems(rules.DecisionFacts(**{**GOOD, **change}))


def test_the_good_record_passes_every_check():
    assert problems() == {}


# --- UK GDPR Art 6(1), last sentence: no legitimate interests for a public authority's tasks


@pytest.mark.parametrize(
    ("kind", "refused"),
    [(kind, kind not in {"voluntary", "other"}) for kind in OrganisationKind.values],
)
def test_legitimate_interests_is_refused_to_a_public_authority(kind, refused):
    """Source: UK GDPR Art 6(1), last sentence; seed 004 (a public authority's legal powers)."""
    found = problems(
        article6_basis=Article6Basis.LEGITIMATE_INTERESTS, deciding_organisation_kind=kind
    )
    assert ("article6_basis" in found) is refused, found
    if refused:
        assert "public authority" in found["article6_basis"]


def test_every_public_authority_kind_is_a_kind_of_organisation_the_register_knows():
    assert set(OrganisationKind.values) >= rules.PUBLIC_AUTHORITY_KINDS


# --- Art 6(1)(a) and DPA 2018 Sch 1 para 18(2) -------------------------------------------


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        # UK GDPR Art 6(1)(a), Art 7: consent is a basis only where consent was given.
        ({"article6_basis": "6_1_a"}, "article6_basis", "only where consent was given"),
        # DPA 2018 Sch 1 para 18(2): the record says which of the three cases applies.
        ({"schedule1_para18_reason": ""}, "schedule1_para18_reason", "not relying on consent"),
        # DPA 2018 Sch 1 para 18(2): never alongside consent given.
        (
            {
                "consent_status": "given",
                "consent_not_sought_reason": "",
                "consent_how_recorded": "Signed form",
                "consent_given_on_set": True,
            },
            "schedule1_condition",
            "Consent was given",
        ),
    ],
)
def test_lawful_bases_that_hold(change, field, message):
    found = problems(**change)
    assert field in found and message in found[field], found


@pytest.mark.parametrize("reason", [reason.value for reason in Para18ConsentReason])
def test_each_para_18_case_is_accepted(reason):
    """Source: DPA 2018 Sch 1 para 18(2)(a), (b) and (c)."""
    assert problems(schedule1_para18_reason=reason) == {}


# --- Reasons with legal weight are reasons (seed 004; seed 001 golden rules 2, 6, 7) -------

NOT_REASONS = ["x", "n/a", "N/A.", "none", "-", "tbc", "see above", "As above", "Risk."]

# field, the change that makes it needed, where the rule comes from
REASONS = [
    (
        "consent_override_rationale",
        {"consent_status": "refused", "consent_not_sought_reason": ""},
        "Seed 004: sharing information when consent has been refused",
    ),
    ("necessity_proportionality", {}, "Seed 004: consent; seed 001 golden rule 6"),
    ("public_interest", {"confidential": True}, "Seed 004: public interest criteria"),
    (
        "not_told_explanation",
        {"not_told_reason": NotToldReason.OTHER},
        "Seed 001 golden rule 2",
    ),
]


@pytest.mark.parametrize(("field", "needed", "source"), REASONS)
def test_a_reason_with_legal_weight_must_be_given(field, needed, source):
    found = problems(**{**needed, field: ""})
    assert field in found, source


@pytest.mark.parametrize("placeholder", NOT_REASONS)
@pytest.mark.parametrize(("field", "needed", "source"), REASONS)
def test_a_placeholder_is_not_a_reason(field, needed, source, placeholder):
    found = problems(**{**needed, field: placeholder})
    assert field in found and "is not a reason" in found[field], (source, found)


@pytest.mark.parametrize(("field", "needed", "source"), REASONS)
def test_a_reason_is_not_a_copy_of_another_answer(field, needed, source):
    found = problems(**{**needed, field: GOOD["rationale"].upper() + "  "})
    assert field in found and "own words" in found[field], (source, found)


@pytest.mark.parametrize(("field", "needed", "source"), REASONS)
def test_a_reason_in_substance_passes(field, needed, source):
    stated = f"A reason stated in substance for {field.replace('_', ' ')}."
    assert field not in problems(**{**needed, field: stated}), source


def test_a_refused_consent_still_needs_its_override_when_nothing_else_is_asked():
    """Seed 004: the decision to override refused consent must be proportionate."""
    found = problems(consent_status=ConsentStatus.REFUSED, consent_not_sought_reason="")
    assert "proportionate" in found["consent_override_rationale"]


# --- Advice (seed 001 golden rule 4; seeds 003 and 004 golden rule 3) ----------------------


@pytest.mark.parametrize(
    ("change", "missing"),
    [
        # A named source: who, when and what was advised.
        ({"advice_source": Advice.DPO}, {"advice_from", "advice_on", "advice_given"}),
        (
            {"advice_source": Advice.CALDICOTT, "advice_from": "A. Khan, Caldicott Guardian"},
            {"advice_on", "advice_given"},
        ),
        (
            {
                "advice_source": Advice.LEGAL,
                "advice_from": "Children Litigation Unit",
                "advice_on": date(2026, 11, 2),
                "advice_given": "Share the chronology only.",
            },
            set(),
        ),
        # Without naming the child or family: only what was asked and what was advised.
        ({"advice_source": Advice.WITHOUT_NAMING}, {"advice_asked", "advice_given"}),
        (
            {
                "advice_source": Advice.WITHOUT_NAMING,
                "advice_asked": "May a school share attendance without consent in an s47?",
                "advice_given": "Yes, under public task, if proportionate.",
            },
            set(),
        ),
    ],
)
def test_advice_records_who_when_and_what_or_what_was_asked(change, missing):
    found = problems(**change)
    assert {f for f in found if f.startswith("advice_")} == missing, found


# --- Telling them later (seed 001 golden rule 2) --------------------------------------------


def test_telling_them_later_needs_a_date():
    assert "tell_later_on" in problems(tell_later=True)
    assert problems(tell_later=True, tell_later_on=date(2026, 12, 14)) == {}


# --- Emergencies: completed within the working days allowed (seed 001) --------------------

FRIDAY = date(2026, 11, 27)


@pytest.mark.parametrize(
    ("made_on", "within", "today", "overdue"),
    [
        (FRIDAY, 1, FRIDAY, False),
        (FRIDAY, 1, date(2026, 11, 30), False),  # Monday: the next working day
        (FRIDAY, 1, date(2026, 12, 1), True),
        (FRIDAY, 2, date(2026, 12, 1), False),
        # Christmas: made on Thursday 24 December 2026, Friday and Monday are bank holidays.
        (date(2026, 12, 24), 1, date(2026, 12, 29), False),
        (date(2026, 12, 24), 1, date(2026, 12, 30), True),
    ],
)
def test_an_emergency_record_is_overdue_after_the_working_days_allowed(
    made_on, within, today, overdue
):
    holidays = {date(2026, 12, 25), date(2026, 12, 28)}
    assert (
        rules.emergency_record_overdue(
            made_on=made_on, today=today, within_working_days=within, holidays=holidays
        )
        is overdue
    )


def test_each_new_check_names_a_field_and_cites_its_source():
    fields = {field.name for field in dataclasses.fields(rules.DecisionFacts)}
    for check in rules.RECORD_CHECKS:
        assert check.field in fields and check.source.strip()


# --- Through the service: what a practitioner notices ---------------------------------------


@pytest.fixture
def world(db):
    return World()


@pytest.mark.django_db
def test_a_school_cannot_record_legitimate_interests_but_a_voluntary_body_can(world):
    with pytest.raises(ValidationError) as refused:
        services.decision_record(
            user=world.scpo_a,
            **decision_fields(article6_basis=Article6Basis.LEGITIMATE_INTERESTS),
        )
    assert "public authority" in str(refused.value)
    charity = OrganisationFactory(name="Harbour Youth Trust", kind=OrganisationKind.VOLUNTARY)
    volunteer = UserFactory(organisation=charity, roles=[Role.SCPO])
    decision = services.decision_record(
        user=volunteer, **decision_fields(article6_basis=Article6Basis.LEGITIMATE_INTERESTS)
    )
    assert decision.article6_basis == Article6Basis.LEGITIMATE_INTERESTS


@pytest.mark.django_db
def test_para_18_is_refused_alongside_consent_given(world):
    with pytest.raises(ValidationError) as refused:
        services.decision_record(
            user=world.worker,
            **consent_fields(
                special_category=True,
                article9_condition="9_2_g",
                schedule1_condition="para_18",
                schedule1_para18_reason=Para18ConsentReason.CANNOT_BE_GIVEN,
            ),
        )
    assert "schedule1_condition" in refused.value.message_dict


@pytest.mark.django_db
def test_an_other_reason_for_not_telling_needs_words(world):
    with pytest.raises(ValidationError) as refused:
        services.decision_record(user=world.worker, **decision_fields(not_told_explanation="n/a"))
    assert "not_told_explanation" in refused.value.message_dict


def _made_days_ago(decision: Decision, days: int) -> Decision:
    made_at = datetime.now(UTC) - timedelta(days=days)
    Decision.objects.filter(pk=decision.pk).update(made_at=made_at)
    decision.refresh_from_db()
    return decision


def _disclose(world, decision, shared_on):
    return services.disclosure_record(
        user=world.worker,
        decision=decision,
        recipient_organisation=world.police,
        shared_on=shared_on,
        channel="secure_email",
        items=[("The child's whereabouts.", "fact")],
    )


@pytest.mark.django_db
def test_an_overdue_emergency_record_authorises_nothing_more_until_completed(world):
    decision = services.decision_record(user=world.worker, **emergency_fields())
    decision = _made_days_ago(decision, 10)
    made_on = decision.made_at.date()
    with pytest.raises(ValidationError) as refused:
        _disclose(world, decision, made_on)
    assert "not completed in time" in str(refused.value)
    services.decision_complete(
        user=world.worker, decision=decision, rationale="The child was found safe that night."
    )
    assert _disclose(world, decision, made_on).pk


@pytest.mark.django_db
def test_an_emergency_record_within_its_day_still_records_what_was_shared(world):
    decision = services.decision_record(user=world.worker, **emergency_fields())
    assert _disclose(world, decision, decision.made_at.date()).pk


@pytest.mark.django_db
@override_settings(EMERGENCY_RECORD_COMPLETE_WITHIN_WORKING_DAYS=30)
def test_the_working_days_allowed_are_a_setting(world):
    decision = _made_days_ago(services.decision_record(user=world.worker, **emergency_fields()), 10)
    assert not services.emergency_record_overdue(decision, date.today())


@pytest.mark.django_db
def test_overdue_emergency_records_are_escalated_to_managers_once_a_day_without_details(world):
    manager = UserFactory(
        organisation=world.partnership, roles=[Role.MANAGER], email="lead@unit.example"
    )
    decision = _made_days_ago(services.decision_record(user=world.worker, **emergency_fields()), 10)
    today = date.today()
    mail.outbox.clear()
    assert services.decision_reminders_send(today)["emergency_escalated"] == 1
    assert [m.to for m in mail.outbox] == [[manager.email]]
    body = mail.outbox[0].subject + mail.outbox[0].body
    assert "1" in mail.outbox[0].subject and "/decisions/" in body
    for detail in ("Jamie", "Reed", "phone", "Shared by"):
        assert detail not in body
    # The same day again: nothing more.
    assert services.decision_reminders_send(today)["emergency_escalated"] == 0
    assert len(mail.outbox) == 1
    # The next day, still not completed: again.
    assert services.decision_reminders_send(today + timedelta(days=1))["emergency_escalated"] == 1
    assert Reminder.objects.filter(decision=decision).count() == 2
    # Completed: no more.
    services.decision_complete(user=world.worker, decision=decision, rationale="Found safe.")
    assert services.decision_reminders_send(today + timedelta(days=2))["emergency_escalated"] == 0


@pytest.mark.django_db
def test_tell_them_later_reminds_the_maker_on_the_day_once(world):
    tell_on = date(2026, 12, 14)
    services.decision_record(
        user=world.worker, **decision_fields(tell_later=True, tell_later_on=tell_on)
    )
    mail.outbox.clear()
    assert services.decision_reminders_send(tell_on - timedelta(days=1))["tell_later_reminded"] == 0
    assert services.decision_reminders_send(tell_on)["tell_later_reminded"] == 1
    assert [m.to for m in mail.outbox] == [[world.worker.email]]
    assert "Jamie" not in mail.outbox[0].body
    assert services.decision_reminders_send(tell_on + timedelta(days=1))["tell_later_reminded"] == 0
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_the_reminder_task_is_scheduled_every_weekday():
    from django_celery_beat.models import PeriodicTask

    from sharing.decisions import tasks

    scheduled = PeriodicTask.objects.get(task="decisions.send_reminders")
    assert scheduled.crontab.day_of_week == "1-5"
    assert tasks.decisions_send_reminders.name == "decisions.send_reminders"


@pytest.mark.django_db
def test_the_record_page_shows_why_para_18_what_advice_was_asked_and_when_to_tell_them(
    world, verified_client
):
    from django.urls import reverse

    decision = services.decision_record(
        user=world.scpo_a,
        **decision_fields(
            special_category=True,
            article9_condition="9_2_g",
            schedule1_condition="para_18",
            schedule1_para18_reason=Para18ConsentReason.CANNOT_BE_GIVEN,
            advice_source=Advice.WITHOUT_NAMING,
            advice_asked="May a school share attendance without consent in an s47?",
            advice_given="Yes, under public task, if proportionate.",
            tell_later=True,
            tell_later_on=date(2026, 12, 14),
        ),
    )
    page = verified_client(world.scpo_a).get(
        reverse("decisions:decision_detail", args=[decision.pk])
    ).content.decode()
    assert "consent cannot be given by or for the person" in page
    assert "Asked: May a school share attendance without consent in an s47?" in page
    assert "The family has moved and cannot yet be reached safely." in page
    assert "told later, on 14 December 2026" in page
