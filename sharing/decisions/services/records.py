"""Recording sharing decisions and disclosures: the only writes to them.

Every rule of the record (sharing/decisions/rules/) is checked here, so a decision
saved by any route is complete and defensible.

Every change to a decision claims its row (``_claim``: SELECT ... FOR UPDATE)
and re-checks its state on the locked row, so of two people acting at once one
wins and the other is told plainly what happened, changing nothing. Who may do
what is asked of sharing.decisions.permissions, as the pages ask it."""

import logging
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cases.services import chronology_add
from requests import rules as gateway_rules

from ...history import save_with_history
from ...models import (
    ConsentStatus,
    Decision,
    DecisionAccess,
    DecisionOutcome,
    DeclineReason,
    Disclosure,
    DisclosureItem,
    InformationStatus,
    Organisation,
    SecureChannel,
    SignOff,
    User,
)
from ...rules import holidays_around
from ...services.withholding import not_for_subject_set
from .. import permissions, rules, selectors

logger = logging.getLogger(__name__)

CONFIRMED_HOW_LENGTH = Disclosure._meta.get_field("confirmed_in_writing_how").max_length or 300
# As long as a manager's break-glass (cases.rules.BREAK_GLASS_DURATION).
DPO_ACCESS_DURATION = timedelta(hours=1)


def _claim(decision: Decision) -> Decision:
    """Lock the decision's row for the rest of the transaction and read it
    afresh into ``decision``: whoever comes second waits here, then sees what
    the first did."""
    decision.refresh_from_db(from_queryset=Decision.objects.select_for_update())
    return decision


def _facts(decision: Decision, organisation_kind: str) -> rules.DecisionFacts:
    return rules.DecisionFacts(
        outcome=decision.outcome,
        rationale=decision.rationale,
        explanation_to_requester=decision.explanation_to_requester,
        article6_basis=decision.article6_basis,
        special_category=decision.special_category,
        article9_condition=decision.article9_condition,
        schedule1_condition=decision.schedule1_condition,
        consent_status=decision.consent_status,
        consent_not_sought_reason=decision.consent_not_sought_reason,
        consent_how_recorded=decision.consent_how_recorded,
        consent_given_on_set=decision.consent_given_on is not None,
        consent_override_rationale=decision.consent_override_rationale,
        subject_told=decision.subject_told,
        not_told_reason=decision.not_told_reason,
        guide_suggestion=decision.guide_suggestion,
        against_suggestion_reason=decision.against_suggestion_reason,
        emergency=decision.emergency,
        deciding_organisation_kind=organisation_kind,
        schedule1_para18_reason=decision.schedule1_para18_reason,
        public_interest=decision.public_interest,
        necessity_proportionality=decision.necessity_proportionality,
        confidential=decision.guide_answers.get("confidential"),
        not_told_explanation=decision.not_told_explanation,
        tell_later=decision.tell_later,
        tell_later_on=decision.tell_later_on,
        advice_source=decision.advice_source,
        advice_from=decision.advice_from,
        advice_on=decision.advice_on,
        advice_asked=decision.advice_asked,
        advice_given=decision.advice_given,
        consent_given_by=decision.consent_given_by,
        consent_given_on=decision.consent_given_on,
        consent_information=decision.consent_information,
        consent_review_on=decision.consent_review_on,
        decline_reason=decision.decline_reason,
        decline_reason_other=decision.decline_reason_other,
    )


def emergency_record_overdue(decision: Decision, today: date) -> bool:
    """An emergency record still incomplete after the working days the
    register allows (settings.EMERGENCY_RECORD_COMPLETE_WITHIN_WORKING_DAYS)."""
    if not decision.record_incomplete:
        return False
    made_on = timezone.localtime(decision.made_at).date()
    return rules.emergency_record_overdue(
        made_on=made_on,
        today=today,
        within_working_days=settings.EMERGENCY_RECORD_COMPLETE_WITHIN_WORKING_DAYS,
        holidays=holidays_around(made_on),
    )


def _org_facts(org: Organisation) -> gateway_rules.OrgFacts:
    return gateway_rules.OrgFacts(
        name=org.name,
        kind=org.kind,
        police_force_area=org.police_force_area,
        svd_specified=org.is_svd_specified_authority,
        health_or_social_care=org.is_health_or_social_care_authority,
    )


def check_sharing_gateway(
    decision: Decision,
    *,
    path: str,
    shared_with: Organisation | None,
    names_people: bool = False,
) -> None:
    """The gateway's rules (requests/rules.py GATEWAY_RULES) on a decision to
    share or a disclosure, as on a request: the deciding organisation is the one
    that gives, ``shared_with`` the one that receives. The gateway is the
    decision's, or else its request's. Whether it is about identified people
    follows from the people it names (its case, its request's subjects, the
    identities it protects), never from a tick box."""
    request = decision.request
    gateway = decision.gateway or (request.gateway if request is not None else None)
    if gateway is None or shared_with is None:
        return
    facts = gateway_rules.RequestFacts(
        about_identified_people=(
            names_people
            or decision.case_id is not None
            or (request is not None and request.subjects.exists())
        ),
        includes_patient_information=(request is not None and request.includes_patient_information),
    )
    problems = gateway_rules.gateway_violations(
        code=gateway.code,
        gateway_name=gateway.name,
        invoked_by=gateway.invoked_by,
        may_be_asked=gateway.may_be_asked,
        requester=_org_facts(shared_with),
        recipient=_org_facts(decision.organisation),
        facts=facts,
        path=path,
    )
    if problems:
        raise ValidationError(problems)


def _shared_with(decision: Decision) -> Organisation | None:
    """Who a decision shares with: the organisation it names, or else whoever
    made the request it answers (unless that is the deciding organisation)."""
    if decision.recipient_organisation_id is not None:
        return decision.recipient_organisation
    request = decision.request
    if request is not None and request.requesting_organisation_id != decision.organisation_id:
        return request.requesting_organisation
    return None


@transaction.atomic
def decision_record(
    *,
    user: User,
    guide_answers: Mapping[str, bool | None] | None = None,
    consent_covers: Iterable[Organisation] = (),
    identities_protected: Iterable[Any] = (),
    supersedes: Decision | None = None,
    names_checked: bool = False,
    **fields: Any,
) -> Decision:
    """Record a decision to share or not, for the user's organisation.

    The guide's suggestion is stored beside the decision; deciding against it
    needs a reason. A decision not to share, or to share against refused
    consent, waits for a manager's sign-off before it is final. A decision made
    in an emergency, after sharing, is flagged incomplete until completed. A
    reconsideration claims the decision it supersedes: only one supersedes it."""
    if not permissions.makes_decisions(user) or user.organisation_id is None:
        raise PermissionDenied("Only staff who make sharing decisions can record one.")
    answers = dict(guide_answers or {})
    if supersedes is not None:
        if not permissions.may_reconsider(user, supersedes):
            raise PermissionDenied("Only the organisation that decided can reconsider.")
        supersedes = _claim(supersedes)
        if not supersedes.is_final:
            # Otherwise a pending refusal could be replaced to avoid its sign-off.
            raise ValidationError(
                "Only a final decision can be reconsidered: it is waiting for sign-off."
            )
        if Decision.objects.filter(supersedes=supersedes).exists():
            raise ValidationError(
                "This decision has already been reconsidered: reconsider the latest one."
            )
    decision = Decision(
        organisation_id=user.organisation_id,
        made_by=user,
        guide_answers=answers,
        guide_suggestion=rules.decision_guide(answers).suggestion,
        supersedes=supersedes,
        **fields,
    )
    _keep_decline_reason_with_a_decline(decision)
    if supersedes is not None:
        if not decision.new_information.strip():
            raise ValidationError(
                {"new_information": "Say what new information led to reconsidering."}
            )
        decision.request_id = supersedes.request_id
        decision.case_id = supersedes.case_id
    _check_links(user, decision)
    identities_protected = list(identities_protected)
    if DecisionOutcome.shares(decision.outcome):
        check_sharing_gateway(
            decision,
            path=gateway_rules.DECISION,
            shared_with=_shared_with(decision),
            names_people=bool(identities_protected),
        )
    kind = user.organisation.kind if user.organisation is not None else ""
    problems = rules.decision_problems(_facts(decision, kind))
    if not names_checked and decision.explanation_to_requester.strip():
        # Golden rule 5: the explanation leaves the register.
        people = [*identities_protected]
        people += selectors.protected_people_in(decision.request_id, decision.case_id)
        names = [(p.first_name, p.last_name) for p in people]
        if rules.names_in_text(decision.explanation_to_requester, names):
            problems["explanation_to_requester"] = rules.PROTECTED_NAME_MESSAGE
            problems["names_checked"] = rules.PROTECTED_NAME_ACKNOWLEDGE
    if problems:
        raise ValidationError(problems)
    decision.sign_off = (
        SignOff.PENDING
        if rules.needs_sign_off(decision.outcome, decision.consent_status)
        else SignOff.NOT_NEEDED
    )
    decision.record_completed_at = None if decision.emergency else timezone.now()
    save_with_history(
        decision, user=user, reason="Reconsidered" if supersedes else "Decision recorded"
    )
    decision.consent_covers.set(list(consent_covers))
    protected = set(identities_protected)
    if supersedes is not None:
        # A reconsideration never drops someone's protection.
        protected |= set(supersedes.identities_protected.all())
    decision.identities_protected.set(protected)
    return decision


def _keep_decline_reason_with_a_decline(decision: Decision) -> None:
    """A reason for not sharing belongs only to a decision not to share: one
    chosen and then left behind when the outcome changed (a radio button cannot
    be unticked) is dropped, so the statistics count declines only."""
    if decision.outcome != DecisionOutcome.DO_NOT_SHARE:
        decision.decline_reason = ""
        decision.decline_reason_other = ""
    elif decision.decline_reason != DeclineReason.OTHER:
        decision.decline_reason_other = ""


def _check_links(user: User, decision: Decision) -> None:
    """A decision is tied only to a request the user may answer and a case the
    user may change: a decision is no way into someone else's case."""
    if decision.request_id is not None and not permissions.can_decide_on_request(
        user, decision.request_id
    ):
        raise PermissionDenied("You cannot record a decision on that request.")
    if decision.case_id is not None and not permissions.can_decide_on_case(user, decision.case_id):
        raise PermissionDenied("You cannot record a decision on that case.")


@transaction.atomic
def decision_complete(*, user: User, decision: Decision, rationale: str) -> Decision:
    """Complete an emergency decision's record after the event."""
    if not permissions.may_complete_emergency(user, decision):
        raise PermissionDenied(
            "Only the person who decided, or their manager, completes the record."
        )
    if not rationale.strip():
        raise ValidationError(
            {"rationale": "Record the reasons, now that the emergency has passed."}
        )
    decision = _claim(decision)
    if not decision.emergency:
        raise ValidationError("This decision was not made in an emergency.")
    if decision.record_completed_at is not None:
        raise ValidationError("This emergency record was completed a moment ago.")
    # Added to, never replaced: what was written at the time stays.
    decision.rationale = (
        f"{decision.rationale}\n\nCompleted {timezone.localdate():%d/%m/%Y}: {rationale.strip()}"
    )
    decision.record_completed_at = timezone.now()
    save_with_history(decision, user=user, reason="Emergency record completed")
    return decision


@transaction.atomic
def decision_consent_withdrawn(*, user: User, decision: Decision, withdrawn_on: date) -> Decision:
    """Record that consent was withdrawn. Where consent was the Article 6 basis,
    the disclosures made under it are listed for the DPO to review."""
    if not permissions.may_record_consent_withdrawn(user, decision):
        raise PermissionDenied("Only staff of the deciding organisation record this.")
    decision = _claim(decision)
    if decision.consent_status == ConsentStatus.WITHDRAWN:
        raise ValidationError("Consent was recorded as withdrawn a moment ago.")
    if decision.consent_status != ConsentStatus.GIVEN:
        raise ValidationError("Only consent that was given can be withdrawn.")
    decision.consent_status = ConsentStatus.WITHDRAWN
    decision.consent_withdrawn_on = withdrawn_on
    save_with_history(decision, user=user, reason="Consent withdrawn")
    return decision


@transaction.atomic
def disclosure_record(
    *,
    user: User,
    decision: Decision,
    recipient_organisation: Organisation,
    shared_on: date,
    channel: str,
    items: Iterable[tuple[str, str]],
    names_checked: bool = False,
) -> Disclosure:
    """Record what was shared under a decision; the case's chronology gets an
    entry saying so. The decision's row is claimed first, so a disclosure is
    never recorded under a decision reconsidered, returned or stripped of its
    consent at the same moment."""
    item_list = [(text.strip(), status) for text, status in items if text.strip()]
    if not item_list:
        raise ValidationError({"items": "Record what was shared, item by item."})
    if not names_checked:
        # Golden rule 5: what leaves is checked for the names of those protected.
        names = [
            (p.first_name, p.last_name) for p in selectors.protected_people_of_decision(decision)
        ]
        if any(rules.names_in_text(text, names) for text, _ in item_list):
            raise ValidationError(
                {
                    "items": rules.PROTECTED_NAME_MESSAGE,
                    "names_checked": rules.PROTECTED_NAME_ACKNOWLEDGE,
                }
            )
    if not all(InformationStatus.has_value(status) for _, status in item_list):
        raise ValidationError(
            {"items": "Mark each item as fact, opinion or historical information."}
        )
    if not SecureChannel.has_value(channel):
        # Seed 000 §7: secure e-mail, MoveIT, an encrypted document with the
        # password sent separately, a partnership meeting; never plain e-mail
        # or a messaging app.
        raise ValidationError({"channel": "Choose how it was shared from the list of secure ways."})
    if not permissions.makes_decisions(user) or user.organisation_id != decision.organisation_id:
        raise PermissionDenied("Only staff of the deciding organisation record what it shared.")
    if not permissions.may_record_disclosure(user, decision):
        raise PermissionDenied("You cannot add to that case's chronology.")
    check_sharing_gateway(
        decision,
        path=gateway_rules.DISCLOSURE,
        shared_with=recipient_organisation,
        names_people=decision.identities_protected.exists(),
    )
    decision = _claim(decision)
    if emergency_record_overdue(decision, timezone.localdate()):
        raise ValidationError(
            "This emergency record was not completed in time. Complete it with the full "
            "reasons before recording anything more shared under it."
        )
    if decision.outcome == DecisionOutcome.DO_NOT_SHARE:
        raise ValidationError("The decision was not to share: record a new decision first.")
    if decision.sign_off == SignOff.RETURNED:
        raise ValidationError("A manager returned this decision: record a new decision first.")
    if not decision.is_final and (
        not decision.emergency or shared_on > timezone.localtime(decision.made_at).date()
    ):
        # An emergency is recorded after sharing: while sign-off is pending, only
        # what was shared before the record was made can be entered.
        raise ValidationError("This decision is waiting for a manager's sign-off.")
    if (
        decision.recipient_organisation_id
        and recipient_organisation.pk != decision.recipient_organisation_id
    ):
        raise ValidationError(
            {
                "recipient_organisation": "The decision was to share with "
                f"{decision.recipient_organisation}."
            }
        )
    if decision.consent_status == ConsentStatus.WITHDRAWN and decision.relies_on_consent:
        raise ValidationError(
            "Consent, this decision's basis, has been withdrawn: "
            "nothing more can be shared under it."
        )
    if Decision.objects.filter(supersedes=decision).exists():
        raise ValidationError("This decision has been reconsidered: use the latest decision.")
    covered = list(decision.consent_covers.all())
    if (
        decision.consent_status == ConsentStatus.GIVEN
        and decision.relies_on_consent
        and covered
        and recipient_organisation not in covered
    ):
        raise ValidationError(
            {
                "recipient_organisation": f"{recipient_organisation} is outside the consent given, "
                "and consent is this decision's only basis: record a decision with another basis."
            }
        )
    disclosure = Disclosure(
        decision=decision,
        recipient_organisation=recipient_organisation,
        shared_on=shared_on,
        channel=channel,
        recorded_by=user,
    )
    save_with_history(disclosure, user=user, reason="Disclosure recorded")
    DisclosureItem.objects.bulk_create(
        DisclosureItem(disclosure=disclosure, text=text, information_status=status)
        for text, status in item_list
    )
    if decision.case_id is not None:
        entry = chronology_add(
            user=user,
            case=decision.case,  # type: ignore[arg-type]
            reason="Disclosure recorded",
            occurred_on=shared_on,
            kind="information_shared",
            # Each item keeps its marking in the entry (seed 003 principles:
            # distinguish fact from opinion, say what is historical).
            information_status=InformationStatus.least_certain(status for _, status in item_list),
            source_organisation=decision.organisation,
            text=f"Shared with {recipient_organisation} "
            f"({SecureChannel.label_of(channel).lower()}) under decision {decision.pk}: "
            + "; ".join(
                f"{InformationStatus.label_of(status)}: {text}" for text, status in item_list
            ),
        )
        disclosure.chronology_entry = entry
        disclosure.save(update_fields=["chronology_entry"])
    return disclosure


@transaction.atomic
def disclosure_confirm_in_writing(
    *, user: User, disclosure: Disclosure, confirmed_on: date, how: str
) -> Disclosure:
    """Record that what was shared in person or by telephone has been confirmed
    in writing (seed 000 §6: "shared verbally, but should then if possible be
    followed up and confirmed in writing"), which ends its flag. The row is
    claimed first, so of two people confirming at once one records it."""
    if not permissions.can_confirm_in_writing(user, disclosure):
        raise PermissionDenied("Only staff of the deciding organisation confirm what it shared.")
    if not how.strip():
        raise ValidationError({"how": "Say how it was confirmed in writing."})
    if len(how.strip()) > CONFIRMED_HOW_LENGTH:
        raise ValidationError(
            {"how": f"Say how it was confirmed in {CONFIRMED_HOW_LENGTH} characters or fewer."}
        )
    disclosure.refresh_from_db(from_queryset=Disclosure.objects.select_for_update())
    if not SecureChannel.spoken(disclosure.channel):
        raise ValidationError("This was shared in writing: there is nothing to confirm.")
    if disclosure.confirmed_in_writing_on is not None:
        raise ValidationError("This has already been confirmed in writing.")
    if confirmed_on < disclosure.shared_on:
        raise ValidationError(
            {"confirmed_on": "The date it was confirmed cannot be before the date it was shared."}
        )
    if confirmed_on > timezone.localdate():
        raise ValidationError(
            {"confirmed_on": "The date it was confirmed cannot be in the future."}
        )
    disclosure.confirmed_in_writing_on = confirmed_on
    disclosure.confirmed_in_writing_how = how.strip()
    disclosure.confirmed_in_writing_by = user
    save_with_history(disclosure, user=user, reason="Confirmed in writing")
    return disclosure


@transaction.atomic
def disclosure_withdrawal_told(*, user: User, disclosure: Disclosure, told_on: date) -> Disclosure:
    """Record that the recipient who relied on consent was told it has been
    withdrawn (UK GDPR Art 7(3)), which ends the maker's task. The row is
    claimed first, so of two people recording it at once one does."""
    if not permissions.may_record_disclosure(user, disclosure.decision):
        raise PermissionDenied("Only staff of the deciding organisation record this.")
    disclosure.refresh_from_db(from_queryset=Disclosure.objects.select_for_update())
    if disclosure.withdrawal_told_on is not None:
        raise ValidationError("This recipient was recorded as told a moment ago.")
    if not disclosure.recipient_to_be_told_of_withdrawal:
        raise ValidationError("Consent was not withdrawn, so there is nothing to tell them.")
    if told_on < disclosure.shared_on or told_on > timezone.localdate():
        raise ValidationError(
            {"told_on": "The date they were told must be between the date it was shared and today."}
        )
    disclosure.withdrawal_told_on = told_on
    disclosure.withdrawal_told_by = user
    save_with_history(disclosure, user=user, reason="Recipient told consent was withdrawn")
    return disclosure


@transaction.atomic
def decision_access_open(*, user: User, decision: Decision, reason: str) -> DecisionAccess:
    """The DPO reads one decision's narrative for an hour, with a reason (a
    consent-withdrawn review, a subject access request), as a manager breaks
    the glass on a case: the reason is kept whole and the access is listed for
    review; the narrative is re-checked against its expiry on every read."""
    if not permissions.can_request_dpo_access(user, decision):
        raise PermissionDenied("Only the data protection officer asks for this access.")
    if len(reason.strip()) < permissions.DPO_ACCESS_MIN_REASON:
        raise ValidationError(
            {"reason": "Say why you need to read this decision: the reason is reviewed."}
        )
    now = timezone.now()
    return DecisionAccess.objects.create(
        user=user,
        decision=decision,
        reason=reason.strip(),
        granted_at=now,
        expires_at=now + DPO_ACCESS_DURATION,
    )


@transaction.atomic
def disclosure_item_not_for_subject(
    *, user: User, item: DisclosureItem, not_for_subject: bool, exemption: str, reason: str
) -> DisclosureItem:
    """Mark an item shared "not to be disclosed to the person it is about",
    with the exemption and why (seed 000 §6), or clear the mark: whoever may
    record what was shared under its decision."""
    if not permissions.may_record_disclosure(user, item.disclosure.decision):
        raise PermissionDenied("You cannot change what was shared under this decision.")
    locked = not_for_subject_set(
        item, user=user, not_for_subject=not_for_subject, exemption=exemption, reason=reason
    )
    return locked  # type: ignore[return-value]
