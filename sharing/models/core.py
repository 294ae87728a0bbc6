"""Organisations and users of the register.

Gateways, agreements, decisions and disclosures join this module in later
work; the user model is here from the first migration because swapping
AUTH_USER_MODEL later is not supported by Django.
"""

import uuid
from collections.abc import Collection
from datetime import date
from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractUser, Group
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .. import rules
from ..choices import SecureChannel

if TYPE_CHECKING:
    from django.core.files.storage import Storage


class OrganisationKind(models.TextChoices):
    LA_CHILDRENS_SOCIAL_CARE = "la_childrens_social_care", "Local authority children's social care"
    SAFEGUARDING_PARTNERSHIP = "safeguarding_partnership", "Safeguarding partnership / unit"
    POLICE = "police", "Police force"
    LOCAL_POLICING_BODY = "local_policing_body", "Local policing body (PCC or equivalent)"
    SCHOOL = "school", "School / educational authority"
    HEALTH = "health", "NHS trust / integrated care board"
    PROBATION = "probation", "Probation service"
    YOUTH_OFFENDING_TEAM = "youth_offending_team", "Youth offending team"
    PRISON = "prison", "Prison / youth custody"
    FIRE_AND_RESCUE = "fire_and_rescue", "Fire and rescue authority"
    VOLUNTARY = "voluntary", "Voluntary organisation"
    OTHER = "other", "Other"


class PoliceForceArea(models.TextChoices):
    """The 43 territorial police force areas of England and Wales: s17 requests
    under the PCSC Act 2022 go only to authorities in the requester's area."""

    AVON_AND_SOMERSET = "avon_and_somerset", "Avon and Somerset"
    BEDFORDSHIRE = "bedfordshire", "Bedfordshire"
    CAMBRIDGESHIRE = "cambridgeshire", "Cambridgeshire"
    CHESHIRE = "cheshire", "Cheshire"
    CITY_OF_LONDON = "city_of_london", "City of London"
    CLEVELAND = "cleveland", "Cleveland"
    CUMBRIA = "cumbria", "Cumbria"
    DERBYSHIRE = "derbyshire", "Derbyshire"
    DEVON_AND_CORNWALL = "devon_and_cornwall", "Devon and Cornwall"
    DORSET = "dorset", "Dorset"
    DURHAM = "durham", "Durham"
    DYFED_POWYS = "dyfed_powys", "Dyfed-Powys"
    ESSEX = "essex", "Essex"
    GLOUCESTERSHIRE = "gloucestershire", "Gloucestershire"
    GREATER_MANCHESTER = "greater_manchester", "Greater Manchester"
    GWENT = "gwent", "Gwent"
    HAMPSHIRE_AND_IOW = "hampshire_and_iow", "Hampshire and Isle of Wight"
    HERTFORDSHIRE = "hertfordshire", "Hertfordshire"
    HUMBERSIDE = "humberside", "Humberside"
    KENT = "kent", "Kent"
    LANCASHIRE = "lancashire", "Lancashire"
    LEICESTERSHIRE = "leicestershire", "Leicestershire"
    LINCOLNSHIRE = "lincolnshire", "Lincolnshire"
    MERSEYSIDE = "merseyside", "Merseyside"
    METROPOLITAN = "metropolitan", "Metropolitan Police (London)"
    NORFOLK = "norfolk", "Norfolk"
    NORTH_WALES = "north_wales", "North Wales"
    NORTH_YORKSHIRE = "north_yorkshire", "North Yorkshire"
    NORTHAMPTONSHIRE = "northamptonshire", "Northamptonshire"
    NORTHUMBRIA = "northumbria", "Northumbria"
    NOTTINGHAMSHIRE = "nottinghamshire", "Nottinghamshire"
    SOUTH_WALES = "south_wales", "South Wales"
    SOUTH_YORKSHIRE = "south_yorkshire", "South Yorkshire"
    STAFFORDSHIRE = "staffordshire", "Staffordshire"
    SUFFOLK = "suffolk", "Suffolk"
    SURREY = "surrey", "Surrey"
    SUSSEX = "sussex", "Sussex"
    THAMES_VALLEY = "thames_valley", "Thames Valley"
    WARWICKSHIRE = "warwickshire", "Warwickshire"
    WEST_MERCIA = "west_mercia", "West Mercia"
    WEST_MIDLANDS = "west_midlands", "West Midlands"
    WEST_YORKSHIRE = "west_yorkshire", "West Yorkshire"
    WILTSHIRE = "wiltshire", "Wiltshire"


class Organisation(models.Model):
    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=32, choices=OrganisationKind.choices)
    police_force_area = models.CharField(
        max_length=32,
        choices=PoliceForceArea.choices,
        blank=True,
        help_text="Needed for Serious Violence Duty s17 requests, which stay within one area.",
    )
    svd_specified_override = models.BooleanField(
        "Serious Violence Duty specified authority",
        null=True,
        blank=True,
        help_text="Leave unknown to derive it from the kind of organisation.",
    )
    health_or_social_care_override = models.BooleanField(
        "health or social care authority",
        null=True,
        blank=True,
        help_text="Leave unknown to derive it from the kind of organisation.",
    )
    secure_channel = models.CharField(
        max_length=32, choices=SecureChannel.written_choices(), default=SecureChannel.REGISTER.value
    )
    secure_contact = models.CharField(
        max_length=254,
        blank=True,
        help_text="The organisation's secure address (a role mailbox, not a person's).",
    )
    is_active = models.BooleanField(default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_svd_specified_authority(self) -> bool:
        return rules.resolve_flag(
            self.svd_specified_override, rules.is_svd_specified_by_kind(self.kind)
        )

    @property
    def is_health_or_social_care_authority(self) -> bool:
        return rules.resolve_flag(
            self.health_or_social_care_override,
            rules.is_health_or_social_care_by_kind(self.kind),
        )


class User(AbstractUser):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text="Every member of staff belongs to one organisation.",
    )
    # Changed whenever the user's groups (roles and teams) change
    # (sharing/signals.py): the groups kept in the cache for signed-in pages
    # are filed under it, so a change is seen on the very next page in every
    # process. Random, not a counter, so a reused id never meets old entries.
    access_stamp = models.UUIDField(default=uuid.uuid4, editable=False)

    # Password hashes and sign-in times are not history worth keeping, nor is
    # the access stamp (the group change itself is what is kept).
    history = HistoricalRecords(excluded_fields=["password", "last_login", "access_stamp"])

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Team(models.Model):
    """A working team in an organisation. Its members are the users of its own
    permission group: object permissions on a case go to the team's group, so
    joining or leaving the team changes access with nothing else to update."""

    name = models.CharField(max_length=100)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="teams")
    group = models.OneToOneField(Group, on_delete=models.PROTECT, related_name="team")

    history = HistoricalRecords(cascade_delete_history=True)

    class Meta:
        ordering = ["organisation__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="team_unique_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"


class AccessAction(models.TextChoices):
    VIEW = "view", "Viewed"
    LIST = "list", "Listed in results"
    HISTORY = "history", "Viewed history"
    BREAK_GLASS = "break_glass", "Break-glass access"
    DOWNLOAD = "download", "Downloaded"


class AccessEvent(models.Model):
    """One read of personal data: who, what (type and id), how, when, from where.
    It holds no personal data of the record read, so the log itself can be kept
    and shown to managers and the DPO without widening access."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="access_events")
    action = models.CharField(max_length=16, choices=AccessAction.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    at = models.DateTimeField(default=timezone.now)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.user_id} {self.action} {self.content_type_id}:{self.object_id}"


class Gateway(models.Model):
    """A legal gateway for sharing information: the statute and section, who may
    use it, who may be asked, whether they must comply, and how long they have.
    The catalogue is seeded by a migration and edited in the admin; the rules
    tied to particular gateways (s14B, s16, s17, Children Act 1989) are keyed on
    ``code`` in requests/rules.py (GATEWAY_RULES), so the code is fixed once
    created."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    statute = models.CharField(max_length=200)
    section = models.CharField(max_length=60, blank=True)
    summary = models.TextField(blank=True)
    # Organisation kinds (OrganisationKind values); empty means any.
    invoked_by = models.JSONField(default=list, blank=True)
    may_be_asked = models.JSONField(default=list, blank=True)
    recipient_must_comply = models.BooleanField(default=False)
    restrictions = models.TextField(blank=True)
    routine_working_days = models.PositiveSmallIntegerField(default=10)
    urgent_working_days = models.PositiveSmallIntegerField(default=2)
    is_active = models.BooleanField(default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def due_on(self, started_on: date, urgency: str, holidays: Collection[date]) -> date:
        """When an answer under this gateway is due, for a request of this
        urgency started (received or sent) on ``started_on``."""
        return rules.response_due_on(
            started_on,
            urgency,
            routine_working_days=self.routine_working_days,
            urgent_working_days=self.urgent_working_days,
            holidays=holidays,
        )


def agreement_document_storage() -> "Storage":
    from django.core.files.storage import storages

    return storages["private"]


class Agreement(models.Model):
    """An information sharing agreement (data sharing agreement): who shares
    what, why, since when, and when it must be reviewed."""

    title = models.CharField(max_length=200)
    parties = models.ManyToManyField(Organisation, related_name="agreements")
    purpose = models.TextField()
    starts_on = models.DateField()
    review_on = models.DateField(help_text="Agreements past or near review are flagged to the DPO.")
    dpia_reference = models.CharField("DPIA reference", max_length=100, blank=True)
    document = models.FileField(
        upload_to="agreements/", storage=agreement_document_storage, blank=True, max_length=200
    )
    is_active = models.BooleanField(default=True)

    history = HistoricalRecords(m2m_fields=[parties])

    class Meta:
        ordering = ["review_on", "title"]

    def __str__(self) -> str:
        return self.title
