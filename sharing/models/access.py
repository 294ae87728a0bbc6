"""Who may see what, recorded: changes to an account's teams and roles, a DPO's
reasoned access to one decision's narrative, and searches kept off URLs."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.utils import timezone


class AccessChangeKind(models.TextChoices):
    ADDED = "added", "Added to"
    REMOVED = "removed", "Removed from"
    SECOND_FACTOR_REVOKED = "second_factor_revoked", "Second factor revoked"


class AccessChange(models.Model):
    """A change to what an account may see: put into or taken out of a team or
    role group, or its second factor revoked. Who did it, to whom, when, why.
    Written by the accounts services only; managers and the DPO read it."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="access_changes_made",
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="access_changes"
    )
    kind = models.CharField(max_length=24, choices=AccessChangeKind.choices)
    group = models.ForeignKey(
        Group, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The group's name as it was, so the record reads the same if it is renamed.
    group_name = models.CharField(max_length=150, blank=True)
    reason = models.TextField()
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["at"]), models.Index(fields=["subject", "at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.group_name} for {self.subject_id}"


class DecisionAccess(models.Model):
    """A DPO's reasoned, time-limited access to one decision's narrative (a
    consent-withdrawn review, a subject access request), like break-glass: a
    reason is required, it expires, and it is listed for review."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="decision_accesses"
    )
    decision = models.ForeignKey(
        "sharing.Decision", on_delete=models.CASCADE, related_name="reasoned_accesses"
    )
    reason = models.TextField()
    granted_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-granted_at"]
        indexes = [models.Index(fields=["user", "decision", "expires_at"])]

    def __str__(self) -> str:
        return f"decision access {self.decision_id} by {self.user_id}"


class SavedSearch(models.Model):
    """Search terms (names, dates of birth) kept out of URLs and out of the
    session: a random token in the address, the terms here, gone after 30
    minutes (a beat task purges them) and purged when a record is disposed of."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    token = models.CharField(max_length=32, unique=True)
    terms = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["expires_at"])]

    def __str__(self) -> str:
        return f"search {self.token} of {self.user_id}"


class StatusChange(models.Model):
    """An administrator's change to an organisation's health or social care
    status, waiting for the DPO. The status decides whether PCSC Act 2022 s16
    lets the organisation disclose personal information (seed 000 §8.7), so a
    change takes effect only when the DPO confirms it; until then the old
    status applies. Declined and confirmed changes stay, as the record of who
    asked, why, and who decided."""

    organisation = models.ForeignKey(
        "sharing.Organisation", on_delete=models.CASCADE, related_name="status_changes"
    )
    # The override asked for: True, False, or None (back to the kind's default).
    health_or_social_care = models.BooleanField(null=True, blank=True)
    reason = models.TextField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    confirmed = models.BooleanField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            # One change at a time waits for the DPO, per organisation.
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(decided_at__isnull=True),
                name="one_pending_status_change",
            )
        ]

    def __str__(self) -> str:
        return f"Status change {self.pk} for organisation {self.organisation_id}"

    @property
    def is_pending(self) -> bool:
        return self.decided_at is None
