"""Every write of a subject access request, for the DPO only: log it, check
the requester's identity, extend it, build the draft pack, review it item by
item, release it, and delete the stored pack when it expires.

Each step claims the request's row under a lock and re-checks its status
there, so two people acting at once cannot both win (the second is told
plainly and changes nothing); each is saved with history naming who and why,
and building the pack logs a read of every record it draws on."""

import hashlib
import io
import secrets
from datetime import date, timedelta
from typing import Any

import pyzipper
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone

from cases import rules as case_rules
from cases.models import Person
from cases.services import next_reference
from requests.models import Attachment
from sharing.choices import SubjectAccessExemption
from sharing.history import save_with_history
from sharing.models import AccessAction, User
from sharing.rules import holidays_around
from sharing.services import access_record

from .. import permissions, rules
from ..models import (
    ItemDecision,
    ItemKind,
    PasswordRoute,
    Requester,
    SarStatus,
    SubjectAccessItem,
    SubjectAccessRequest,
)
from ..services.files import file_deletions_record
from . import selectors
from .pdf import pack_pdf

ONLY_DPO = "Subject access requests are handled by the data protection officer."
RELEASED = "This pack was released a moment ago."
BUILT = "The pack was built a moment ago."
CLOSED = "This request has been answered."
NOT_BUILT = "Build the pack first."


def _require_dpo(user: User) -> None:
    if not permissions.can_handle_subject_access(user):
        raise PermissionDenied(ONLY_DPO)


def _claim(sar: SubjectAccessRequest) -> SubjectAccessRequest:
    """The request's row, locked for the rest of the transaction."""
    locked = SubjectAccessRequest.objects.select_for_update().filter(pk=sar.pk).first()
    if locked is None:
        raise ValidationError("This request was removed a moment ago.")
    return locked


@transaction.atomic
def sar_log(
    *,
    user: User,
    person: Person | None,
    requester: str,
    requester_is: str,
    received_on: date,
    identity_checked: bool,
    identity_check: str = "",
) -> SubjectAccessRequest:
    """Log a request: who asked, about whom, when it arrived, and whether
    their identity has been checked (and how). Due a calendar month on, as
    the ICO counts it. Without a person: searched for, and nothing is held
    about them, which the answer says."""
    _require_dpo(user)
    today = timezone.localdate()
    errors: dict[str, str] = {}
    if not requester.strip():
        errors["requester"] = "Say who asked."
    if requester_is not in Requester.values:
        errors["requester_is"] = "Say who they are."
    if received_on > today:
        errors["received_on"] = "The date it was received cannot be in the future."
    if identity_checked and not identity_check.strip():
        errors["identity_check"] = "Say how their identity was checked."
    if errors:
        raise ValidationError(errors)
    sar = SubjectAccessRequest(
        reference=next_reference("SAR", today.year),
        requester=requester.strip(),
        requester_is=requester_is,
        person=person,
        not_held=person is None,
        received_on=received_on,
        due_on=rules.subject_access_due(received_on, holidays_around(received_on)),
        logged_by=user,
    )
    if identity_checked:
        sar.identity_checked, sar.identity_check = True, identity_check.strip()
        sar.identity_checked_by, sar.identity_checked_on = user, today
    save_with_history(sar, user=user, reason="Subject access request logged")
    return sar


@transaction.atomic
def sar_confirm_identity(
    *, user: User, sar: SubjectAccessRequest, how: str
) -> SubjectAccessRequest:
    _require_dpo(user)
    if not how.strip():
        raise ValidationError({"how": "Say how their identity was checked."})
    locked = _claim(sar)
    if locked.identity_checked:
        raise ValidationError("Their identity was recorded as checked a moment ago.")
    locked.identity_checked, locked.identity_check = True, how.strip()
    locked.identity_checked_by, locked.identity_checked_on = user, timezone.localdate()
    save_with_history(locked, user=user, reason=f"Identity checked: {how}")
    return locked


@transaction.atomic
def sar_extend(
    *, user: User, sar: SubjectAccessRequest, months: int, reason: str, told_on: date
) -> SubjectAccessRequest:
    """Extend by one or two further months, with a reason the requester was
    told within the first month (UK GDPR Art 12(3)). An extension decided or
    told after the first month is refused."""
    _require_dpo(user)
    today = timezone.localdate()
    locked = _claim(sar)
    if not locked.is_open:
        raise ValidationError(CLOSED)
    if locked.extended_to is not None:
        raise ValidationError("This request has already been extended.")
    holidays = holidays_around(locked.received_on)
    errors: dict[str, str] = {}
    if not reason.strip():
        errors["reason"] = (
            "Say why more time is needed (the request is complex, or there are several)."
        )
    if months not in (1, 2):
        errors["months"] = "Extend by one or two further months."
    if today > locked.due_on:
        errors["told_on"] = (
            f"The first month ended on {locked.due_on:%-d %B %Y}: "
            "an extension must be made, and the requester told, within it."
        )
    elif told_on > today:
        errors["told_on"] = "The date they were told cannot be in the future."
    elif not rules.subject_access_extension_in_time(locked.received_on, told_on, holidays):
        errors["told_on"] = (
            f"They must be told between {locked.received_on:%-d %B %Y} and "
            f"{locked.due_on:%-d %B %Y}, within the first month."
        )
    if errors:
        raise ValidationError(errors)
    locked.extended_to = rules.subject_access_extended_due(locked.received_on, months, holidays)
    locked.extension_reason, locked.extension_told_on = reason.strip(), told_on
    save_with_history(locked, user=user, reason=f"Extended by {months} month(s): {reason}")
    return locked


# --- The draft pack -----------------------------------------------------------


def _lines(*pairs: tuple[str, Any]) -> str:
    return "\n".join(f"{label}: {value}" for label, value in pairs if value not in (None, ""))


def _date(day: Any) -> str:
    return f"{day:%-d %B %Y}" if day else ""


def _named(person: Person) -> case_rules.Named:
    return case_rules.Named(
        person.first_name, person.last_name, person.other_names, person.identity_protected
    )


def _items(held: selectors.HeldAbout) -> list[dict[str, Any]]:
    """What the pack will hold, one dict per item, other people redacted."""
    person = held.person
    redactions = case_rules.subject_access_redactions(
        _named(person), [_named(p) for p in held.others]
    )

    def clean(text: str) -> str:
        return case_rules.redact(text, redactions)

    items: list[dict[str, Any]] = [
        {
            "kind": ItemKind.PERSON,
            "record": person,
            "heading": "Your details as recorded",
            "text": _lines(
                ("Name", f"{person.first_name} {person.last_name}"),
                ("Also known as", person.other_names),
                ("Date of birth", _date(person.date_of_birth)),
                ("Gender", person.get_gender_display()),
                ("Address", person.address),
                ("NHS number", person.nhs_number),
                ("Unique pupil number", person.upn),
                ("Local authority ID", person.la_identifier),
            ),
        }
    ]
    for p in held.participations:
        case = p.case
        items.append(
            {
                "kind": ItemKind.PARTICIPATION,
                "record": case,
                "heading": f"Case {case.reference}",
                "text": _lines(
                    ("You are recorded as", p.get_role_display()),
                    ("Held by", case.team.organisation),
                    ("Opened", _date(case.opened_on)),
                    ("Closed", _date(case.closed_on)),
                    ("Summary", clean(case.summary)),
                ),
            }
        )
    # A disclosure's items are copied into the chronology entry it made: an
    # item marked not to be disclosed holds that entry back too.
    copied_from = {
        i.disclosure.chronology_entry_id: i
        for i in held.disclosed
        if i.not_for_subject and i.disclosure.chronology_entry_id
    }
    for e in held.chronology:
        items.append(
            {
                "kind": ItemKind.CHRONOLOGY,
                "record": e,
                "heading": f"Case {e.case.reference}: {e.get_kind_display()}, "
                f"{_date(e.occurred_on)}",
                "text": _lines(
                    ("Marked as", e.get_information_status_display()),
                    ("From", e.source_organisation or ""),
                    ("Record", clean(e.text)),
                ),
                "flag": e if e.not_for_subject else copied_from.get(e.pk, e),
            }
        )
    for r in held.requests:
        items.append(
            {
                "kind": ItemKind.REQUEST,
                "record": r,
                "heading": f"Request {r.reference}: {r.requesting_organisation} asked "
                f"{r.receiving_organisation}, {_date(r.started_on)}",
                "text": _lines(
                    ("Under", r.gateway),
                    ("What was asked", clean(r.information_sought)),
                    ("Why", clean(r.purpose)),
                    ("Status", r.get_status_display()),
                    ("Answer", r.get_outcome_display() if r.outcome else ""),
                    ("What the answer said", clean(r.response_text)),
                ),
            }
        )
    for a in held.documents:
        items.append(
            {
                "kind": ItemKind.DOCUMENT,
                "record": a,
                "heading": f"Document {a.archive_name}, with request {a.request.reference}",
                "text": f"Received on {_date(a.uploaded_at)}. If included, it is in the "
                f"encrypted file as {a.archive_name}.",
                "flag": a,
            }
        )
    for d in held.decisions:
        items.append(
            {
                "kind": ItemKind.DECISION,
                "record": d,
                "heading": f"Decision of {_date(d.made_at)} by {d.organisation}",
                "text": _lines(
                    ("Outcome", d.get_outcome_display()),
                    ("Share with", d.recipient_organisation or ""),
                    ("Under", d.gateway or ""),
                    ("Purpose", clean(d.purpose)),
                    ("Reasons", clean(d.rationale)),
                    ("Consent", d.get_consent_status_display()),
                    ("What the requester was told", clean(d.explanation_to_requester)),
                ),
            }
        )
    for i in held.disclosed:
        disclosure = i.disclosure
        items.append(
            {
                "kind": ItemKind.DISCLOSURE,
                "record": i,
                "heading": f"Shared with {disclosure.recipient_organisation} on "
                f"{_date(disclosure.shared_on)} ({disclosure.get_channel_display().lower()})",
                "text": _lines(
                    ("Marked as", i.get_information_status_display()), ("What", clean(i.text))
                ),
                "flag": i,
            }
        )
    labels = selectors.record_labels(held)
    seen: list[str] = []
    for event in held.reads:
        who = event.user.get_full_name() or "A member of staff"
        line = (
            f"{event.at:%-d %B %Y}: {who}, {event.user.organisation}, "
            f"{event.get_action_display().lower()} "
            f"{labels.get((event.content_type_id, event.object_id), 'your records')}"
        )
        if line not in seen:
            seen.append(line)
    items.append(
        {
            "kind": ItemKind.READ_LOG,
            "record": None,
            "heading": "Who has looked at your records",
            "text": "\n".join(seen) or "Nobody has looked at them.",
        }
    )
    return items


@transaction.atomic
def sar_build(*, user: User, sar: SubjectAccessRequest) -> SubjectAccessRequest:
    """Draw up the draft pack: everything held about the person, other people
    redacted, records marked "not to be disclosed" held back with their
    exemption. Only once the requester's identity is checked. Every record
    drawn on is logged as read by the DPO."""
    _require_dpo(user)
    locked = _claim(sar)
    if not locked.identity_checked:
        raise ValidationError("Check the requester's identity before building the pack.")
    if locked.status == SarStatus.IN_REVIEW:
        raise ValidationError(BUILT)
    if locked.status != SarStatus.RECEIVED:
        raise ValidationError(CLOSED)
    if locked.not_held:
        drawn: list[dict[str, Any]] = [
            {
                "kind": ItemKind.PERSON,
                "record": None,
                "heading": "Your details as recorded",
                "text": "We searched the register and it holds no personal information about you.",
            }
        ]
        records: list[Any] = []
    else:
        person = Person.objects.filter(pk=locked.person_id or 0).first()
        if person is None:
            raise ValidationError(
                "The person's records have been disposed of: there is nothing to build."
            )
        held = selectors.held_about(person)
        drawn, records = _items(held), held.records()
    rows = []
    for position, item in enumerate(drawn, start=1):
        record: models.Model | None = item["record"]
        flag: Any = item.get("flag")
        flagged = bool(flag is not None and flag.not_for_subject)
        rows.append(
            SubjectAccessItem(
                sar=locked,
                position=position,
                kind=item["kind"],
                content_type=ContentType.objects.get_for_model(record) if record else None,
                object_id=record.pk if record else None,
                heading=item["heading"][:300],
                text=item["text"],
                flagged=flagged,
                flag_reason=flag.not_for_subject_reason if flagged else "",
                decision=ItemDecision.WITHHOLD if flagged else ItemDecision.PENDING,
                exemption=(flag.not_for_subject_exemption or SubjectAccessExemption.OTHER)
                if flagged
                else "",
            )
        )
    for row in rows:
        save_with_history(row, user=user, reason="Drawn into the draft pack")
    access_record(user=user, action=AccessAction.VIEW, objects=records, ip_address=None)
    locked.status, locked.built_at = SarStatus.IN_REVIEW, timezone.now()
    save_with_history(locked, user=user, reason=f"Draft pack built: {len(rows)} items")
    return locked


@transaction.atomic
def sar_item_review(
    *, user: User, item: SubjectAccessItem, decision: str, exemption: str = ""
) -> SubjectAccessItem:
    """Include an item, or withhold it under a named exemption."""
    _require_dpo(user)
    locked_sar = _claim(item.sar)
    if locked_sar.status != SarStatus.IN_REVIEW:
        raise ValidationError(RELEASED if not locked_sar.is_open else NOT_BUILT)
    if decision not in (ItemDecision.INCLUDE, ItemDecision.WITHHOLD):
        raise ValidationError({"decision": "Select include or withhold."})
    if decision == ItemDecision.WITHHOLD and exemption not in SubjectAccessExemption.values:
        raise ValidationError({"exemption": "Select the exemption that applies."})
    locked = SubjectAccessItem.objects.select_for_update().get(pk=item.pk)
    locked.decision = decision
    locked.exemption = exemption if decision == ItemDecision.WITHHOLD else ""
    locked.reviewed_by, locked.reviewed_at = user, timezone.now()
    said = "Included" if decision == ItemDecision.INCLUDE else "Withheld"
    save_with_history(locked, user=user, reason=f"{said} in the pack")
    return locked


_PASSWORD_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # noqa: S105 - an alphabet, not a password


def _password() -> str:
    groups = ["".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(5)) for _ in range(5)]
    return "-".join(groups)


@transaction.atomic
def sar_release(
    *, user: User, sar: SubjectAccessRequest, password_route: str
) -> tuple[SubjectAccessRequest, str]:
    """Release the reviewed pack: a PDF of what was included, with what was
    withheld counted by exemption, and the included documents, in one AES-256
    encrypted ZIP. The password is returned to be shown once and stored
    nowhere; the stored pack expires after ``SUBJECT_ACCESS_PACK_DAYS``."""
    _require_dpo(user)
    if password_route not in PasswordRoute.values:
        raise ValidationError({"password_route": "Say how the password will reach them."})
    locked = _claim(sar)
    if locked.status in (SarStatus.RELEASED, SarStatus.EXPIRED):
        raise ValidationError(RELEASED)
    if locked.status != SarStatus.IN_REVIEW:
        raise ValidationError(NOT_BUILT)
    items = list(locked.items.select_related("content_type").order_by("position"))
    pending = sum(1 for i in items if i.decision == ItemDecision.PENDING)
    if pending:
        raise ValidationError(
            f"Review every item first: {pending} item{'s are' if pending != 1 else ' is'} "
            "not yet reviewed."
        )
    included = [i for i in items if i.decision == ItemDecision.INCLUDE]
    withheld = [i for i in items if i.decision == ItemDecision.WITHHOLD]
    today = timezone.localdate()
    pdf = pack_pdf(
        reference=locked.reference,
        received_on=locked.received_on,
        released_on=today,
        organisation=str(user.organisation),
        included=included,
        withheld=withheld,
    )
    password = _password()
    buffer = io.BytesIO()
    with pyzipper.AESZipFile(
        buffer, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES
    ) as archive:
        archive.setpassword(password.encode())
        archive.setencryption(pyzipper.WZ_AES, nbits=256)
        archive.writestr(f"{locked.reference}.pdf", pdf)
        documents = Attachment.objects.filter(
            pk__in=[i.object_id for i in included if i.kind == ItemKind.DOCUMENT]
        ).order_by("pk")
        for attachment in documents:
            with attachment.file.open("rb") as handle:
                archive.writestr(f"documents/{attachment.archive_name}", handle.read())
    content = buffer.getvalue()
    locked.pack.save("pack", ContentFile(content), save=False)
    locked.pack_sha256 = hashlib.sha256(content).hexdigest()
    locked.password_route = password_route
    locked.status, locked.released_by, locked.released_at = SarStatus.RELEASED, user, timezone.now()
    locked.pack_expires_on = today + timedelta(days=settings.SUBJECT_ACCESS_PACK_DAYS)
    save_with_history(
        locked,
        user=user,
        reason=f"Pack released: {len(included)} included, {len(withheld)} withheld",
    )
    return locked, password


@transaction.atomic
def sar_packs_expire(today: date) -> int:
    """Delete each released pack whose time is up: its file (through the
    outbox, after the commit) and its items with their history. The request
    stays, with its dates and who released it."""
    expired = 0
    due = SubjectAccessRequest.objects.select_for_update(skip_locked=True).filter(
        status=SarStatus.RELEASED, pack_expires_on__lte=today
    )
    for sar in due.order_by("pk"):
        if sar.pack:
            file_deletions_record([(sar.pack.storage, sar.pack.name)])
        for item in sar.items.all():
            item.delete()
        sar.pack = ""
        sar.status = SarStatus.EXPIRED
        save_with_history(sar, user=None, reason="Stored pack deleted: its time was up")
        expired += 1
    return expired
