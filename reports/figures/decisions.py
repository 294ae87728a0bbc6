"""Sharing decisions made in the period: outcome, consent, by quarter and by
the organisation that decided; emergencies and how long their records took to
complete; sign-offs and how long they waited; reconsiderations. Three grouped
queries, the two timing queries reading only emergencies and sign-offs."""

from collections import Counter
from datetime import date, datetime

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
)
from django.db.models.functions import TruncQuarter
from django.utils import timezone

from sharing.choices import ConsentNotSoughtReason, ConsentStatus, DecisionOutcome, SignOff
from sharing.models import Decision

from ..rules import median
from .base import (
    Context,
    Measure,
    Section,
    by_organisation,
    by_quarter,
    by_year,
    count,
    moments,
    split,
)

PartialConsent = Decision.consent_covers.through


def decisions_in(context: Context) -> QuerySet[Decision]:
    after, before = moments(context.period)
    return Decision.objects.filter(made_at__gte=after, made_at__lt=before)


def _consent_label(status: str, reason: str, partial: bool, shared: bool) -> str:
    if status == ConsentStatus.GIVEN:
        return "Given for some organisations only" if partial else "Given"
    if status == ConsentStatus.REFUSED:
        return "Refused, and shared all the same" if shared else "Refused, and not shared"
    if status == ConsentStatus.WITHDRAWN:
        return "Withdrawn"
    if ConsentNotSoughtReason.has_value(reason):
        return "Not sought: " + ConsentNotSoughtReason.label_of(reason).lower()
    return "Not sought: no reason recorded"


CONSENT_ROWS = [
    "Given",
    "Given for some organisations only",
    "Refused, and shared all the same",
    "Refused, and not shared",
    "Withdrawn",
    *["Not sought: " + label.lower() for _, label in ConsentNotSoughtReason.choices],
]


def decisions_section(context: Context) -> Section:
    decisions = decisions_in(context)
    grouped = decisions.values(
        "outcome",
        "consent_status",
        "consent_not_sought_reason",
        "organisation_id",
        "emergency",
        "sign_off",
        quarter=TruncQuarter("made_at"),
        partial=Exists(PartialConsent.objects.filter(decision_id=OuterRef("pk"))),
        reconsidered=ExpressionWrapper(Q(supersedes__isnull=False), output_field=BooleanField()),
        incomplete=ExpressionWrapper(
            Q(emergency=True, record_completed_at__isnull=True), output_field=BooleanField()
        ),
    ).annotate(n=Count("id"))
    outcomes: Counter[str] = Counter()
    consent: Counter[str] = Counter()
    quarters: Counter[date] = Counter()
    deciders: Counter[int] = Counter()
    sign_offs: Counter[str] = Counter()
    emergencies = incomplete = reconsidered = 0
    for row in grouped:
        n = row["n"]
        outcomes[row["outcome"]] += n
        consent[
            _consent_label(
                row["consent_status"],
                row["consent_not_sought_reason"],
                row["partial"],
                DecisionOutcome.shares(row["outcome"]),
            )
        ] += n
        quarters[_quarter(row["quarter"])] += n
        deciders[row["organisation_id"]] += n
        if row["sign_off"] != SignOff.NOT_NEEDED:
            sign_offs[row["sign_off"]] += n
        emergencies += n if row["emergency"] else 0
        incomplete += n if row["incomplete"] else 0
        reconsidered += n if row["reconsidered"] else 0
    organisations, kinds = by_organisation(context, deciders)
    consent_rows = [(label, consent[label]) for label in CONSENT_ROWS]
    consent_rows += [(label, n) for label, n in consent.items() if label not in CONSENT_ROWS]
    tables = split(
        "All decisions",
        [
            (
                "decisions-by-outcome",
                "Decisions by outcome",
                "Outcome",
                "bars",
                [(label, outcomes[value]) for value, label in DecisionOutcome.choices],
            ),
            ("decisions-by-consent", "Decisions by consent", "Consent", "bars", consent_rows),
            (
                "decisions-by-quarter",
                "Decisions by quarter",
                "Quarter",
                "trend",
                by_quarter(context.period, quarters),
            ),
            *by_year("decisions-by-year", "Decisions by reporting year", context.period, quarters),
            (
                "decisions-by-organisation-kind",
                "Decisions by kind of organisation deciding",
                "Kind of organisation",
                "bars",
                kinds,
            ),
            (
                "decisions-by-organisation",
                "Decisions by organisation deciding",
                "Organisation",
                "bars",
                organisations,
            ),
        ],
    )
    tables += split(
        "All decisions needing a manager's sign-off",
        [
            (
                "sign-offs",
                "Decisions needing a manager's sign-off",
                "Sign-off",
                "bars",
                [
                    (label, sign_offs[value])
                    for value, label in SignOff.choices
                    if value != SignOff.NOT_NEEDED
                ],
            ),
        ],
    )

    completions = decisions.filter(emergency=True, record_completed_at__isnull=False).values_list(
        "made_at", "record_completed_at"
    )
    waits = decisions.filter(
        sign_off__in=[SignOff.SIGNED_OFF, SignOff.RETURNED], signed_off_at__isnull=False
    ).values_list("made_at", "signed_off_at")
    measures = [
        count("Emergency decisions (shared first, recorded after)", emergencies),
        count("Emergency records still to complete", incomplete),
        Measure(
            "Hours to complete an emergency record (median)",
            median([_hours(made, done) for made, done in completions], "hour"),
            "From the emergency record being started to its being completed.",
        ),
        Measure(
            "Days a decision waited for sign-off (median)",
            median([_hours(made, signed) / 24 for made, signed in waits], "day", places=1),
            "From the decision to a manager signing it off or returning it.",
        ),
        count("Reconsiderations (a new decision on new information)", reconsidered),
    ]
    return Section(
        key="decisions",
        title="Sharing decisions",
        intro=f"Decisions to share or not, recorded between {context.period.label}.",
        measures=measures,
        tables=tables,
    )


def _hours(start: datetime, end: datetime | None) -> float:
    # Only rows with an end are read; None would be a record still waiting.
    return max((end - start).total_seconds(), 0) / 3600 if end else 0.0


def _quarter(value: object) -> date:
    """The quarter's first day, in local time (a datetime truncated by the database)."""
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value  # type: ignore[return-value]
