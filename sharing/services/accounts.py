"""Writes for the sharing framework: organisations, users and their second factor.

Every function here is the only way its write happens, under one transaction,
with a change reason recorded in history.
"""

import secrets
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..history import history_reason, save_with_history
from ..models import (
    AccessChange,
    AccessChangeKind,
    AccessEvent,
    Organisation,
    StatusChange,
    Team,
    User,
)
from ..permissions import is_administrator, is_dpo
from ..plumbing.bulk import Table
from ..roles import Role

BACKUP_CODE_COUNT = 10
TOTP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"


# Whether PCSC Act 2022 s16 lets an organisation disclose personal information
# turns on this status (seed 000 §8.7): a person changes it only with a reason,
# and it takes effect when the DPO confirms it.
HEALTH_FLAG = "health_or_social_care_override"
STATUS_REASON_MIN_LENGTH = 20
_UNCHANGED = object()


@transaction.atomic
def organisation_upsert(
    *,
    name: str,
    reason: str,
    actor: User | None = None,
    pk: int | None = None,
    status_change_reason: str = "",
    **fields: object,
) -> Organisation:
    """Create the organisation called ``name`` or bring it up to ``fields``.
    With ``pk`` (an edit in the admin) that organisation is changed, its name
    included, rather than another one made under the new name.

    A person's change to the health or social care status is not applied: it
    waits, with ``status_change_reason``, for the DPO (``status_change_request``).
    The register itself (``actor`` None: the demo, data migrations) sets it."""
    _require_administrator(actor)
    asked = fields.pop(HEALTH_FLAG, _UNCHANGED) if actor is not None else _UNCHANGED
    organisation = _organisation_save(name=name, reason=reason, actor=actor, pk=pk, **fields)
    if asked is not _UNCHANGED and asked != organisation.health_or_social_care_override:
        status_change_request(
            actor=actor,
            organisation=organisation,
            health_or_social_care=asked,  # type: ignore[arg-type]
            reason=status_change_reason,
        )
    return organisation


def _organisation_save(
    *, name: str, reason: str, actor: User | None, pk: int | None, **fields: object
) -> Organisation:
    if pk is not None:
        organisation = Organisation.objects.select_for_update().get(pk=pk)
        fields = {"name": name, **fields}
    else:
        organisation, created = Organisation.objects.get_or_create(name=name, defaults=fields)
        if created:
            _history_note(organisation, actor=actor, reason=reason)
            return organisation
    changed = [key for key, value in fields.items() if getattr(organisation, key) != value]
    if not changed:
        return organisation
    for key in changed:
        setattr(organisation, key, fields[key])
    save_with_history(organisation, user=actor, reason=reason)
    return organisation


def status_change_problem(organisation: Organisation | None, reason: str) -> str | None:
    """Why a change to the health or social care status cannot be asked for,
    or None. Shared by the admin's form and the service."""
    if len(" ".join(reason.split())) < STATUS_REASON_MIN_LENGTH:
        return (
            "Say why the health or social care status changes (at least "
            f"{STATUS_REASON_MIN_LENGTH} characters): the data protection officer reads it "
            "before confirming."
        )
    pending = (
        organisation is not None
        and organisation.pk is not None
        and StatusChange.objects.filter(organisation=organisation, decided_at=None).exists()
    )
    if pending:
        return (
            "A change to this organisation's health or social care status is already "
            "waiting for the data protection officer."
        )
    return None


@transaction.atomic
def status_change_request(
    *,
    actor: User | None,
    organisation: Organisation,
    health_or_social_care: bool | None,
    reason: str,
) -> StatusChange:
    """Ask for a change to an organisation's health or social care status.
    Nothing changes until the DPO confirms: until then the old status applies."""
    _require_administrator(actor)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    problem = status_change_problem(organisation, reason)
    if problem:
        raise ValidationError({"status_change_reason": problem})
    return StatusChange.objects.create(
        organisation=organisation,
        health_or_social_care=health_or_social_care,
        reason=reason.strip(),
        requested_by=actor,
    )


STATUS_DECIDED = {
    True: "This change was confirmed a moment ago.",
    False: "This change was declined a moment ago.",
}


@transaction.atomic
def status_change_decide(
    *, user: User, change: StatusChange, confirm: bool, note: str = ""
) -> StatusChange:
    """The DPO confirms a change to an organisation's health or social care
    status, which then takes effect, or declines it with a reason. Nobody
    confirms a change they asked for themselves."""
    if not is_dpo(user):
        raise PermissionDenied("Only the data protection officer confirms this change.")
    change = StatusChange.objects.select_for_update().get(pk=change.pk)
    if change.decided_at is not None:
        raise ValidationError(STATUS_DECIDED[bool(change.confirmed)])
    if change.requested_by_id == user.pk:
        raise PermissionDenied("Someone other than the person who asked confirms this change.")
    if not confirm and not note.strip():
        raise ValidationError({"note": "Say why you are not confirming the change."})
    if confirm:
        organisation = Organisation.objects.select_for_update().get(pk=change.organisation_id)
        organisation.health_or_social_care_override = change.health_or_social_care
        save_with_history(
            organisation,
            user=user,
            reason=f"Health or social care status confirmed by the DPO: {change.reason}",
        )
    change.confirmed = confirm
    change.decided_by = user
    change.decided_at = timezone.now()
    change.decision_note = note.strip()
    change.save(update_fields=["confirmed", "decided_by", "decided_at", "decision_note"])
    return change


def _history_note(obj: models.Model, *, actor: User | None, reason: str) -> None:
    """Put the actor and a summary of the reason on the history row just made."""
    record = obj.history.order_by("-history_id").first()  # type: ignore[attr-defined]
    if record is not None:
        record.history_change_reason = history_reason(reason)
        record.history_user = actor
        record.save(update_fields=["history_change_reason", "history_user"])


def _require_administrator(actor: User | None) -> None:
    """Accounts, teams and organisations are changed by an administrator (or a
    superuser) in the admin, or by the register itself (``actor`` None: the
    seeded demo, the benchmark data, data migrations)."""
    if actor is not None and not (actor.is_superuser or is_administrator(actor)):
        raise PermissionDenied("Only an administrator can change accounts and teams.")


@transaction.atomic
def user_upsert(
    *,
    username: str,
    organisation: Organisation | None,
    roles: Iterable[Role],
    reason: str,
    password: str | None = None,
    actor: User | None = None,
    pk: int | None = None,
    groups: Iterable[Group] | None = None,
    **fields: object,
) -> User:
    """Create or update a member of staff with exactly ``roles``. Administrators
    get access to the Django admin; nobody else does.

    Role groups are set to exactly ``roles``; teams are left alone unless
    ``groups`` is given (the admin's form), which then sets every group. Each
    group joined or left goes through ``group_membership_change``: recorded,
    and the team's managers told. With ``pk`` that account is changed (its
    username included)."""
    _require_administrator(actor)
    if actor is not None and not actor.is_superuser and "is_superuser" in fields:
        raise PermissionDenied("Only a superuser can make someone a superuser.")
    if pk is not None:
        user = User.objects.select_for_update().get(pk=pk)
        user.username = username
    else:
        user, _created = User.objects.get_or_create(username=username)
    user.organisation = organisation
    for key, value in fields.items():
        setattr(user, key, value)
    role_set = set(roles)
    # A superuser keeps the admin whatever their roles; everyone else gets it
    # through the Administrator role alone.
    user.is_staff = Role.ADMINISTRATOR in role_set or user.is_superuser
    if password is not None:
        user.set_password(password)
    save_with_history(user, user=actor, reason=reason)
    role_groups = Group.objects.filter(name__in=[role.value for role in Role])
    if groups is None:
        wanted = set(role_groups.filter(name__in=[role.value for role in role_set]))
        among = set(role_groups)
    else:
        wanted = set(groups)
        among = set(Group.objects.all())
    current = set(user.groups.all())
    for group in sorted((wanted - current) & among, key=lambda g: g.pk):
        group_membership_change(actor=actor, subject=user, group=group, add=True, reason=reason)
    for group in sorted((current - wanted) & among, key=lambda g: g.pk):
        group_membership_change(actor=actor, subject=user, group=group, add=False, reason=reason)
    return user


def totp_device_start(user: User) -> TOTPDevice:
    """The unconfirmed authenticator a user is enrolling, made if needed. It
    counts for nothing until a code from it has been checked."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(device: TOTPDevice, token: str) -> bool:
    """Confirm an enrolling authenticator with a code it produced."""
    if device.confirmed or not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True


@transaction.atomic
def backup_codes_issue(user: User, count: int = BACKUP_CODE_COUNT) -> list[str]:
    """Replace a user's backup codes with ``count`` fresh ones, each good once.
    The codes are shown to the user once and stored only as this device's tokens."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [f"{secrets.randbelow(10**8):08d}" for _ in range(count)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def sessions_clear_expired() -> int:
    """Delete expired sessions. Returns how many went; running it twice deletes nothing more."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


@transaction.atomic
def demo_totp_device_ensure(user: User) -> TOTPDevice:
    """For the seeded demo only: a confirmed authenticator whose key is printed,
    so a demo user can add it to an app instead of using backup codes."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=True)
    return device


def access_record(
    *,
    user: User,
    action: str,
    objects: Iterable[models.Model],
    ip_address: str | None,
) -> int:
    """Log a read of personal data: one row per object, written in one statement.
    Only types and ids are stored, never what was read.

    Every page that shows a case, person or entry pays for this, so the rows go
    in as tuples (sharing.plumbing.bulk: one COPY on PostgreSQL), without a model
    instance each, which more than halves the log's cost on a list page
    (docs/performance.md)."""
    now = timezone.now()
    rows = [
        (user.pk, action, ContentType.objects.get_for_model(obj).pk, obj.pk, now, ip_address)
        for obj in objects
    ]
    if rows:
        Table(AccessEvent, ACCESS_EVENT_COLUMNS).write(rows)
    return len(rows)


ACCESS_EVENT_COLUMNS = ["user_id", "action", "content_type_id", "object_id", "at", "ip_address"]


@transaction.atomic
def team_create(
    *, organisation: Organisation, name: str, reason: str, actor: User | None = None
) -> Team:
    """A team and its permission group (named so administrators can tell it from a role)."""
    _require_administrator(actor)
    group = Group.objects.create(name=f"Team: {organisation.name} / {name}"[:150])
    team = Team(organisation=organisation, name=name, group=group)
    save_with_history(team, user=actor, reason=reason)
    return team


@transaction.atomic
def team_rename(*, actor: User | None, team: Team, name: str, reason: str) -> Team:
    """Rename a team. Its organisation is fixed: moving a team would hand its
    cases to another organisation's managers."""
    _require_administrator(actor)
    locked = Team.objects.select_for_update().get(pk=team.pk)
    if locked.name != name:
        locked.name = name
        save_with_history(locked, user=actor, reason=reason)
    return locked


def team_add_member(
    *, team: Team, user: User, actor: User | None = None, reason: str = "Added to the team"
) -> None:
    group_membership_change(actor=actor, subject=user, group=team.group, add=True, reason=reason)


def team_remove_member(
    *, team: Team, user: User, actor: User | None = None, reason: str = "Left the team"
) -> None:
    group_membership_change(actor=actor, subject=user, group=team.group, add=False, reason=reason)


NOT_YOUR_OWN_ACCESS = "You cannot change your own teams, roles or second factor."
REASON_NEEDED = "Say why this change is being made."


@transaction.atomic
def group_membership_change(
    *, actor: User | None, subject: User, group: Group, add: bool, reason: str
) -> AccessChange | None:
    """Put ``subject`` into ``group`` (a team or a role) or take them out: the
    one way an account's access changes. Records who, whom, when and why, and
    tells the managers concerned (on commit, no personal data). Returns the
    record, or None if the account was already so (nothing to record)."""
    _require_administrator(actor)
    if actor is not None and actor.pk == subject.pk:
        raise PermissionDenied(NOT_YOUR_OWN_ACCESS)
    if not str(reason or "").strip():
        raise ValidationError(REASON_NEEDED)
    # Claim the account's row: two administrators changing the same account's
    # access at once are taken one after the other, each seeing the other's result.
    locked = User.objects.select_for_update().get(pk=subject.pk)
    member = locked.groups.filter(pk=group.pk).exists()
    if member == add:
        return None
    if add:
        locked.groups.add(group)
    else:
        locked.groups.remove(group)
    # Memoised roles on the caller's instance would now be stale.
    subject.__dict__.pop("_groups_memo", None)
    change = AccessChange.objects.create(
        actor=actor,
        subject=locked,
        kind=AccessChangeKind.ADDED if add else AccessChangeKind.REMOVED,
        group=group,
        group_name=group.name,
        reason=reason,
    )
    team = Team.objects.filter(group=group).select_related("organisation").first()
    organisation_id = team.organisation_id if team is not None else locked.organisation_id
    where = "your team" if team is not None else "a role in your organisation"
    subject_line = (
        f"An account was added to {where}" if add else f"An account was removed from {where}"
    )
    _notify(_manager_addresses(organisation_id, exclude=locked.pk), subject_line)
    return change


def _manager_addresses(organisation_id: int | None, *, exclude: int) -> list[str]:
    if organisation_id is None:
        return []
    managers = User.objects.filter(
        organisation_id=organisation_id,
        is_active=True,
        groups__name=Role.MANAGER.value,
    ).exclude(pk=exclude)
    return sorted({email for email in managers.values_list("email", flat=True) if email})


def _notify(addresses: list[str], subject: str) -> None:
    """A notice with no personal data: what happened, and where to look."""
    if not addresses:
        return
    link = f"{settings.REGISTER_BASE_URL}{reverse('access_changes')}"
    body = (
        f"{subject}.\n\nSign in to the safeguarding register to see recent access "
        f"changes:\n{link}\n\nThis message deliberately contains no details."
    )
    # robust: a mail fault must not undo or hide a change already made.
    transaction.on_commit(
        lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, addresses),
        robust=True,
    )


@transaction.atomic
def second_factor_revoke(*, actor: User | None, subject: User, reason: str) -> AccessChange:
    """Delete every second-factor device of ``subject`` (authenticator and
    backup codes). Their current session stops counting as verified, and at
    their next sign-in the register asks them to set up a new authenticator.
    Recorded, and the user is told by e-mail (no personal data)."""
    _require_administrator(actor)
    if actor is not None and actor.pk == subject.pk:
        raise PermissionDenied(NOT_YOUR_OWN_ACCESS)
    if not str(reason or "").strip():
        raise ValidationError(REASON_NEEDED)
    locked = User.objects.select_for_update().get(pk=subject.pk)
    TOTPDevice.objects.filter(user=locked).delete()
    StaticDevice.objects.filter(user=locked).delete()  # its tokens go with it
    change = AccessChange.objects.create(
        actor=actor, subject=locked, kind=AccessChangeKind.SECOND_FACTOR_REVOKED, reason=reason
    )
    if locked.email:
        subject_line = "Your second factor for the safeguarding register was reset"
        body = (
            "An administrator reset your second factor (your authenticator app and "
            "backup codes) for the safeguarding register.\n\nNext time you sign in "
            "you will be asked to set up your authenticator app again:\n"
            f"{settings.REGISTER_BASE_URL}{reverse('login')}\n\n"
            "If you did not expect this, tell your manager.\n\n"
            "This message deliberately contains no details."
        )
        address = locked.email
        transaction.on_commit(
            lambda: send_mail(subject_line, body, settings.DEFAULT_FROM_EMAIL, [address]),
            robust=True,
        )
    return change
