"""The only writes to cases. Each function is one transaction and records who
acted and why in the history of what it changed."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm

from sharing.history import history_reason, save_with_history
from sharing.models import Team, User
from sharing.services import not_for_subject_set

from . import permissions, rules
from .models import (
    AllegationOutcome,
    BreakGlassAccess,
    Case,
    CaseCategory,
    CaseCategoryKind,
    CaseParticipant,
    CaseStatus,
    ChronologyEntry,
    ParticipantRole,
    Person,
    ReferenceCounter,
)

TEAM_CASE_PERMISSIONS = ("view_case", "change_case")


def _save(obj: models.Model, *, user: User, reason: str) -> None:
    """Validate and save with the acting user and the reason in the history
    row: a summary that fits its column, so a long reason is never a server error."""
    if not reason.strip():
        raise ValidationError("Give a reason for this change: it is kept in the history.")
    obj.full_clean()
    save_with_history(obj, user=user, reason=reason)


def next_reference(prefix: str, year: int) -> str:
    """``<prefix>-<year>-<serial>``, the serial never reused. Row lock on the
    year's counter: two records made at once get different serials. Call inside
    a transaction."""
    return next_references(prefix, year, 1)[0]


def next_references(prefix: str, year: int, count: int) -> list[str]:
    """``count`` references in a row, for records made together (a batch of
    disposal certificates): one read and one update of the counter."""
    counter, _ = ReferenceCounter.objects.select_for_update().get_or_create(
        prefix=prefix, year=year
    )
    first = counter.last + 1
    counter.last += count
    counter.save(update_fields=["last"])
    return [rules.reference(prefix, year, serial) for serial in range(first, counter.last + 1)]


@transaction.atomic
def person_create(*, user: User, team: Team, reason: str, **fields: Any) -> Person:
    if not permissions.is_team_member(user, team):
        raise PermissionDenied("You can record people only for a team you belong to.")
    person = Person(owning_team=team, **fields)
    _save(person, user=user, reason=reason)
    return person


@transaction.atomic
def person_update(*, user: User, person: Person, reason: str, **fields: Any) -> Person:
    permissions.require_change_person(user, person)
    for key, value in fields.items():
        setattr(person, key, value)
    _save(person, user=user, reason=reason)
    return person


@transaction.atomic
def case_open(
    *,
    user: User,
    team: Team,
    child: Person,
    summary: str,
    opened_on: date,
    reason: str,
    lead_practitioner: User | None = None,
    responsible_authority: Any = None,
    moving_between_authorities: bool = False,
) -> Case:
    """Open a case for a child. The team's group is granted view and change; a
    case always has at least one child."""
    if not permissions.is_team_member(user, team):
        raise PermissionDenied("You can open cases only for a team you belong to.")
    permissions.require_change_person(user, child)
    case = Case(
        reference=next_reference("SC", opened_on.year),
        team=team,
        summary=summary,
        opened_on=opened_on,
        lead_practitioner=lead_practitioner,
        responsible_authority=responsible_authority,
        moving_between_authorities=moving_between_authorities,
    )
    _save(case, user=user, reason=reason)
    for perm in TEAM_CASE_PERMISSIONS:
        assign_perm(perm, team.group, case)
    _grant_lead(case)
    participant = CaseParticipant(case=case, person=child, role=ParticipantRole.CHILD)
    _save(participant, user=user, reason=reason)
    return case


CASE_EDITABLE_FIELDS = frozenset(
    {"summary", "lead_practitioner", "responsible_authority", "moving_between_authorities"}
)


def _grant_lead(case: Case) -> None:
    # The lead practitioner must be able to open their own case.
    if case.lead_practitioner is not None:
        for perm in TEAM_CASE_PERMISSIONS:
            assign_perm(perm, case.lead_practitioner, case)


@transaction.atomic
def case_update(*, user: User, case: Case, reason: str, **fields: Any) -> Case:
    """Change what a worker may edit. Team, status and reference change only
    through their own services, which keep permissions and dates consistent."""
    permissions.require_change_case(user, case)
    unknown = set(fields) - CASE_EDITABLE_FIELDS
    if unknown:
        raise ValidationError(f"These cannot be changed here: {', '.join(sorted(unknown))}.")
    for key, value in fields.items():
        setattr(case, key, value)
    _save(case, user=user, reason=reason)
    _grant_lead(case)
    return case


@transaction.atomic
def case_close(*, user: User, case: Case, closed_on: date, reason: str) -> Case:
    permissions.require_change_case(user, case)
    # Claim the row and decide on what is stored now, not on what the page
    # read: of two people closing at once, one closes and the other is told.
    locked = _claim(case)
    if not locked.is_open:
        raise ValidationError("This case was closed a moment ago.")
    if closed_on < locked.opened_on:
        raise ValidationError("A case cannot close before the day it was opened.")
    if closed_on > timezone.localdate():
        raise ValidationError("A case cannot be closed on a date in the future.")
    locked.status = CaseStatus.CLOSED
    locked.closed_on = closed_on
    _save(locked, user=user, reason=reason)
    case.status, case.closed_on = locked.status, locked.closed_on
    return locked


@transaction.atomic
def case_grant(
    *, user: User, case: Case, practitioner: User, can_change: bool, reason: str
) -> None:
    """Give a named practitioner access to one case. Nobody grants themselves,
    and access never leaves the case's organisation."""
    permissions.require_change_case(user, case)
    if practitioner.pk == user.pk:
        raise PermissionDenied("You cannot grant access to yourself.")
    if not _colleague(case, practitioner):
        raise ValidationError("You can give access only to a colleague in the same organisation.")
    if not reason.strip():
        raise ValidationError("Give a reason for this grant.")
    assign_perm("view_case", practitioner, case)
    if can_change:
        assign_perm("change_case", practitioner, case)
    # The grant is part of the case's story: note it in the case history.
    _save(case, user=user, reason=f"Access granted to {practitioner}: {reason}")


def _colleague(case: Case, practitioner: User) -> bool:
    return practitioner.is_active and practitioner.organisation_id == case.team.organisation_id


def _claim(case: Case) -> Case:
    """The case's row, locked until the transaction ends, as stored now."""
    return Case.objects.select_for_update().get(pk=case.pk)


def _lock(case_id: int) -> None:
    # Serialise changes to one case's participants: "at least one child" holds
    # even when two people edit at once.
    Case.objects.select_for_update().filter(pk=case_id).first()


@transaction.atomic
def participant_add(
    *, user: User, case: Case, person: Person, role: str, reason: str
) -> CaseParticipant:
    permissions.require_change_case(user, case)
    # Seeing a person is not enough to carry them into another case.
    permissions.require_change_person(user, person)
    _lock(case.pk)
    if CaseParticipant.objects.filter(case=case, person=person).exists():
        raise ValidationError("This person is already part of this case.")
    participant = CaseParticipant(case=case, person=person, role=role)
    _save(participant, user=user, reason=reason)
    return participant


def _is_last_child(participant: CaseParticipant) -> bool:
    return (
        participant.role == ParticipantRole.CHILD
        and not CaseParticipant.objects.filter(
            case_id=participant.case_id, role=ParticipantRole.CHILD
        )
        .exclude(pk=participant.pk)
        .exists()
    )


@transaction.atomic
def participant_change_role(
    *, user: User, participant: CaseParticipant, role: str, reason: str
) -> CaseParticipant:
    permissions.require_change_case(user, participant.case)
    _lock(participant.case_id)
    if role != ParticipantRole.CHILD and _is_last_child(participant):
        raise ValidationError("A case must have at least one child: add another child first.")
    participant.role = role
    _save(participant, user=user, reason=reason)
    return participant


@transaction.atomic
def participant_remove(*, user: User, participant: CaseParticipant, reason: str) -> None:
    permissions.require_change_case(user, participant.case)
    _lock(participant.case_id)
    if _is_last_child(participant):
        raise ValidationError("A case must have at least one child: add another child first.")
    if not reason.strip():
        raise ValidationError("Give a reason for this change: it is kept in the history.")
    participant._history_user = user  # type: ignore[attr-defined]
    participant._change_reason = history_reason(reason)  # type: ignore[attr-defined]
    case = participant.case
    label = f"{participant.person} ({participant.get_role_display()})"
    participant.delete()
    # The participant's own history goes with it (cascade_delete_history), so
    # the removal is recorded where it stays: in the case's history.
    _save(case, user=user, reason=f"Removed {label} from the case: {reason.strip()}")


@transaction.atomic
def chronology_add(*, user: User, case: Case, reason: str, **fields: Any) -> ChronologyEntry:
    permissions.require_change_case(user, case)
    entry = ChronologyEntry(case=case, recorded_by=user, **fields)
    _save(entry, user=user, reason=reason)
    return entry


@transaction.atomic
def chronology_update(
    *, user: User, entry: ChronologyEntry, reason: str, **fields: Any
) -> ChronologyEntry:
    permissions.require_change_case(user, entry.case)
    for key, value in fields.items():
        setattr(entry, key, value)
    _save(entry, user=user, reason=reason)
    return entry


@transaction.atomic
def break_glass_open(*, user: User, reference: str, reason: str) -> Case:
    """A manager opens a case of their organisation outside their grants. The
    same answer whether the case does not exist or is elsewhere: no hint."""
    if len(reason.strip()) < rules.BREAK_GLASS_MIN_REASON:
        raise ValidationError("Say why you need this case: the reason is reviewed.")
    case = Case.objects.select_related("team").filter(reference=reference.strip().upper()).first()
    if case is None or not permissions.can_break_glass(user, case):
        raise ValidationError("There is no case with that reference that you can open.")
    now = timezone.now()
    BreakGlassAccess.objects.create(
        user=user,
        case=case,
        reason=reason.strip(),
        granted_at=now,
        expires_at=now + rules.BREAK_GLASS_DURATION,
    )
    return case


@transaction.atomic
def case_revoke(*, user: User, case: Case, practitioner: User, reason: str) -> None:
    """Take a named practitioner's access to one case away; never one's own."""
    permissions.require_change_case(user, case)
    if practitioner.pk == user.pk:
        raise PermissionDenied("You cannot remove your own access.")
    if not reason.strip():
        raise ValidationError("Give a reason for removing access.")
    for perm in TEAM_CASE_PERMISSIONS:
        remove_perm(perm, practitioner, case)
    _save(case, user=user, reason=f"Access removed from {practitioner}: {reason}")


@transaction.atomic
def chronology_not_for_subject(
    *, user: User, entry: ChronologyEntry, not_for_subject: bool, exemption: str, reason: str
) -> ChronologyEntry:
    """Mark an entry "not to be disclosed to the person it is about", with the
    exemption and why (seed 000 §6), or clear the mark: whoever may change the case."""
    permissions.require_change_case(user, entry.case)
    locked = not_for_subject_set(
        entry, user=user, not_for_subject=not_for_subject, exemption=exemption, reason=reason
    )
    return locked  # type: ignore[return-value]


# --- Categories (retention follows the longest-kept one) ---------------------


def _check_category_dates(case: Case, started_on: date, ended_on: date | None) -> None:
    today = timezone.localdate()
    if started_on < case.opened_on:
        raise ValidationError({"started_on": "A category cannot start before the case was opened."})
    if started_on > today:
        raise ValidationError({"started_on": "A category cannot start in the future."})
    if ended_on is not None:
        if ended_on < started_on:
            raise ValidationError({"ended_on": "A category cannot end before it started."})
        if ended_on > today:
            raise ValidationError({"ended_on": "A category cannot end in the future."})


def _check_outcome(category: str, outcome: str) -> None:
    if category == CaseCategoryKind.ALLEGATION and not outcome:
        raise ValidationError(
            {
                "allegation_outcome": "Say what the outcome of the allegation is, or that it is "
                "not yet concluded."
            }
        )
    if category != CaseCategoryKind.ALLEGATION and outcome:
        raise ValidationError({"allegation_outcome": "Only an allegation has an outcome."})


@transaction.atomic
def case_category_add(
    *,
    user: User,
    case: Case,
    category: str,
    started_on: date,
    reason: str,
    allegation_outcome: str = "",
) -> CaseCategory:
    """Record that a case is (from ``started_on``) of a category. A case keeps
    every category it has had; its retention follows the longest-kept."""
    permissions.require_change_case(user, case)
    locked = _claim(case)
    if CaseCategory.objects.filter(case=locked, category=category, ended_on__isnull=True).exists():
        raise ValidationError({"category": "The case already has this category."})
    _check_outcome(category, allegation_outcome)
    _check_category_dates(locked, started_on, None)
    period = CaseCategory(
        case=locked,
        category=category,
        allegation_outcome=allegation_outcome,
        started_on=started_on,
        reason=reason.strip(),
        recorded_by=user,
    )
    _save(period, user=user, reason=f"Category added: {reason}")
    return period


@transaction.atomic
def case_category_change(
    *,
    user: User,
    period: CaseCategory,
    reason: str,
    ended_on: date | None = None,
    allegation_outcome: str = "",
) -> CaseCategory:
    """End a category (it stays on the case's record) or record an allegation's
    outcome. The period's row is locked and read again: two people changing it
    at once cannot both win."""
    permissions.require_change_case(user, period.case)
    locked = CaseCategory.objects.select_for_update().select_related("case").get(pk=period.pk)
    if ended_on is None and not allegation_outcome:
        raise ValidationError({"ended_on": "Give the date the category ended, or an outcome."})
    if ended_on is not None:
        if locked.ended_on is not None:
            raise ValidationError({"ended_on": "This category was ended a moment ago."})
        _check_category_dates(locked.case, locked.started_on, ended_on)
        locked.ended_on = ended_on
    if allegation_outcome:
        _check_outcome(locked.category, allegation_outcome)
        if allegation_outcome not in AllegationOutcome.values:
            raise ValidationError({"allegation_outcome": "Choose an outcome from the list."})
        locked.allegation_outcome = allegation_outcome
    _save(locked, user=user, reason=f"Category changed: {reason}")
    return locked
