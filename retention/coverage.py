"""Every kind of record the register holds, and what governs how long it is
kept: a rule of its own (by record type), the record it belongs to (it goes
when that goes), or, for what is outside the register's retention, why.

``tests/retention/test_coverage.py`` walks ``django.apps.apps.get_models()``
and fails for any model not listed here, so a new model must say how long it
is kept before it can be merged."""

from .models import RecordType

# A rule of their own: the sweep gives each record a retention state.
OWN_RULE: dict[str, str] = {
    "cases.Case": RecordType.CASE,
    "requests.InformationRequest": RecordType.REQUEST,
    # Standing alone, or made by a school (school-held); else with its case or request.
    "sharing.Decision": RecordType.DECISION,
    # Uploaded by a school (school-held); else with its request.
    "requests.Attachment": RecordType.ATTACHMENT,
    "sharing.Agreement": RecordType.AGREEMENT,
    # In no case and no request; else with the cases and requests they are in.
    "cases.Person": RecordType.PERSON,
    # Removed in bulk once older than its rule's period (services/read_log.py).
    "sharing.AccessEvent": RecordType.READ_LOG,
    # Kept permanently, by rule: they hold no personal data.
    "retention.DisposalCertificate": RecordType.CERTIFICATE,
    # Sent by a school (school-held secondary record, seed 000 §7); else the unit's.
    "cases.Transfer": RecordType.TRANSFER,
    "retention.SubjectAccessRequest": RecordType.SAR,
}

# Kept and disposed of with the record they belong to (disposal removes them
# in the same transaction: services/disposal.py).
WITH_PARENT: dict[str, str] = {
    "cases.CaseParticipant": "cases.Case",
    "cases.ChronologyEntry": "cases.Case",
    "cases.CaseCategory": "cases.Case",
    "cases.BreakGlassAccess": "cases.Case",
    "cases.CaseUserObjectPermission": "cases.Case",
    "cases.CaseGroupObjectPermission": "cases.Case",
    "requests.RequestEvent": "requests.InformationRequest",
    "requests.SecureExport": "requests.InformationRequest",
    "requests.RequestUserObjectPermission": "requests.InformationRequest",
    "requests.RequestGroupObjectPermission": "requests.InformationRequest",
    "sharing.Disclosure": "sharing.Decision",
    "sharing.DisclosureItem": "sharing.Disclosure",
    "sharing.Reminder": "sharing.Decision",
    "sharing.DecisionAccess": "sharing.Decision",
    # An answer waiting for sign-off, and its documents, go with the decision
    # (and with the request, which they also point to).
    "sharing.PendingAnswer": "sharing.Decision",
    "sharing.PendingAnswerDocument": "sharing.PendingAnswer",
    # What a transfer carried (document copies included) and its pack go with it.
    "cases.TransferItem": "cases.Transfer",
    # The pack's items go with their request.
    "retention.SubjectAccessItem": "retention.SubjectAccessRequest",
    # A hold and a record's retention state go with the record they are about.
    "retention.LegalHold": "cases.Case",
    "retention.RetentionState": "cases.Case",
}

# Outside the register's retention rules, each with the reason. Models holding
# no personal data are listed as such; staff accounts and sign-in records are
# the employer's and the administrator's, kept while the account is.
GOVERNED_ELSEWHERE: dict[str, str] = {
    "admin.LogEntry": "administrators' changes to catalogues (no case content)",
    "auth.Permission": "no personal data: permission names",
    "auth.Group": "no personal data: role names",
    "contenttypes.ContentType": "no personal data: model names",
    "sessions.Session": "expires with the sign-in session; holds no personal data (see "
    "tests/retention/test_disposal.py)",
    "otp_totp.TOTPDevice": "staff second factor: kept while the staff account is",
    "otp_static.StaticDevice": "staff backup codes: kept while the staff account is",
    "otp_static.StaticToken": "staff backup codes: kept while the staff account is",
    "axes.AccessFailureLog": "sign-in security log (staff usernames), expired by django-axes",
    "axes.AccessAttempt": "sign-in security log (staff usernames), expired by django-axes",
    "axes.AccessAttemptExpiration": "sign-in security log, expired by django-axes",
    "axes.AccessLog": "sign-in security log (staff usernames), expired by django-axes",
    "sharing.DecisionDraft": "a decision being written: deleted when it expires, seven days "
    "after it was last saved (decisions.purge_drafts, daily), or with its case or request",
    "guardian.UserObjectPermission": "no personal data: grants on catalogue objects",
    "guardian.GroupObjectPermission": "no personal data: grants on catalogue objects",
    "django_celery_beat.SolarSchedule": "no personal data: schedules",
    "django_celery_beat.IntervalSchedule": "no personal data: schedules",
    "django_celery_beat.ClockedSchedule": "no personal data: schedules",
    "django_celery_beat.CrontabSchedule": "no personal data: schedules",
    "django_celery_beat.PeriodicTasks": "no personal data: schedules",
    "django_celery_beat.PeriodicTask": "no personal data: schedules",
    "sharing.Organisation": "no personal data: partner organisations",
    "sharing.Team": "no personal data: teams",
    "sharing.Gateway": "no personal data: the legal gateways catalogue",
    "sharing.User": "staff accounts: kept while the person works with the register "
    "(the employer's records, managed by the administrator)",
    "sharing.AccessChange": "staff access changes (staff accounts), kept with the account",
    "sharing.StatusChange": "no personal data: organisations' status changes",
    "sharing.SavedSearch": "purged after 30 minutes and emptied by every disposal "
    "(sharing/services/searches.py)",
    "cases.ReferenceCounter": "no personal data: reference serials",
    "cases.TermHoliday": "no personal data: schools' term calendars (holiday names and dates)",
    "retention.RetentionRule": "no personal data: the rules themselves",
    "retention.SweepRun": "no personal data: counts",
    "retention.SweepChunk": "no personal data: an id range and counts, gone with its run",
    "retention.DueNotice": "no personal data: counts",
    "retention.FileDeletion": "no personal data: random file names, removed once deleted",
}


def governs(label: str) -> str | None:
    """How a model's records are kept, by its label ("cases.Case"); None if not
    listed. History models (django-simple-history) go with their record."""
    if label in OWN_RULE:
        return f"rule: {OWN_RULE[label]}"
    if label in WITH_PARENT:
        return f"with {WITH_PARENT[label]}"
    if label in GOVERNED_ELSEWHERE:
        return GOVERNED_ELSEWHERE[label]
    return None
