"""Requests received and sent in the period (by the day they were received or
sent): by gateway, direction, urgency, quarter and partner; how many were
answered on time and how long answering took in working days; clarifications;
what the answers were, and the declines by their main reason; and how many
are overdue today. Four grouped queries."""

from collections import Counter
from datetime import date

from django.db.models import Case, CharField, Count, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import TruncDate, TruncQuarter

from requests.models import (
    Direction,
    EventKind,
    InformationRequest,
    Outcome,
    RequestEvent,
    Status,
    Urgency,
)
from sharing.models import Decision, DecisionOutcome, DeclineReason

from ..rules import (
    Cell,
    GatewayFamily,
    gateway_family,
    median,
    protect,
    share,
    sum_of,
    weighted_values,
    working_day_numbers,
)
from .base import (
    Context,
    Measure,
    Section,
    Table,
    by_organisation,
    by_quarter,
    by_year,
    count,
    split,
)

OPEN = [Status.OPEN, Status.CLARIFICATION, Status.IN_PROGRESS]

# Declines by their main reason: the reasons a person chooses, then those not
# recorded (declined before the reason was asked for as a category, or with no
# decision behind them at all).
DECLINE_ROWS: list[tuple[str, str]] = [
    *[(reason.value, reason.label) for reason in DeclineReason.offered()],
    (DeclineReason.NOT_RECORDED.value, "Not recorded (declined before reasons were categorised)"),
]

# The main reason of the decision a decline went out under: the latest decision
# not to share on the request (a reconsideration supersedes the earlier one).
# Read only for declined answers (PostgreSQL evaluates the subquery inside CASE
# only where the branch is taken), through the decision's request index.
_DECLINE_REASON = Case(
    When(
        outcome=Outcome.DECLINED,
        then=Subquery(
            Decision.objects.filter(request=OuterRef("pk"), outcome=DecisionOutcome.DO_NOT_SHARE)
            .order_by("-made_at", "-id")
            .values("decline_reason")[:1]
        ),
    ),
    default=Value(""),
    output_field=CharField(),
)


def requests_in(context: Context) -> QuerySet[InformationRequest]:
    """Requests received or sent in the period; drafts were never sent."""
    period = context.period
    return InformationRequest.objects.filter(
        started_on__gte=period.start, started_on__lte=period.end
    ).exclude(status=Status.DRAFT)


def requests_section(context: Context) -> Section:
    requests = requests_in(context)
    by_gateway: Counter[str] = Counter()
    by_direction: Counter[str] = Counter()
    by_urgency: Counter[str] = Counter()
    quarters: Counter[date] = Counter()
    partners: Counter[int] = Counter()
    grouped = requests.values(
        "gateway__code",
        "direction",
        "urgency",
        "requesting_organisation_id",
        "receiving_organisation_id",
        quarter=TruncQuarter("started_on"),
    ).annotate(n=Count("id"))
    for row in grouped:
        n = row["n"]
        by_gateway[gateway_family(row["gateway__code"])] += n
        by_direction[row["direction"]] += n
        by_urgency[row["urgency"]] += n
        quarters[_as_date(row["quarter"])] += n
        # The partner: who asked us, or whom we asked.
        incoming = row["direction"] == Direction.INCOMING
        partners[
            row["requesting_organisation_id" if incoming else "receiving_organisation_id"]
        ] += n
    organisations, kinds = by_organisation(context, partners)
    tables = split(
        "All requests",
        [
            (
                "requests-by-gateway",
                "Requests by legal gateway",
                "Legal gateway",
                "bars",
                [(family.value, by_gateway[family]) for family in GatewayFamily],
            ),
            (
                "requests-by-direction",
                "Requests by direction",
                "Direction",
                "bars",
                [
                    ("Received from a partner", by_direction[Direction.INCOMING]),
                    ("Sent to a partner", by_direction[Direction.OUTGOING]),
                ],
            ),
            (
                "requests-by-urgency",
                "Requests by urgency",
                "Urgency",
                "bars",
                [(label, by_urgency[value]) for value, label in Urgency.choices],
            ),
            (
                "requests-by-quarter",
                "Requests by quarter",
                "Quarter",
                "trend",
                by_quarter(context.period, quarters),
            ),
            *by_year("requests-by-year", "Requests by reporting year", context.period, quarters),
            (
                "requests-by-partner-kind",
                "Requests by kind of partner organisation",
                "Kind of organisation",
                "bars",
                kinds,
            ),
            (
                "requests-by-partner",
                "Requests by partner organisation",
                "Organisation",
                "bars",
                organisations,
            ),
        ],
    )

    # Answers: what they were, on time or not, and how long they took.
    answers = (
        requests.filter(responded_at__isnull=False)
        .values(
            "outcome",
            "started_on",
            "due_on",
            answered_on=TruncDate("responded_at"),
            decline_reason=_DECLINE_REASON,
        )
        .annotate(n=Count("id"))
    )
    outcomes: Counter[str] = Counter()
    declines: Counter[str] = Counter()
    on_time = answered = 0
    taken: list[tuple[float, int]] = []
    allowed: list[tuple[float, int]] = []
    answer_rows = list(answers)
    numbers: dict[date, int] = {}
    if answer_rows:
        first = min(min(row["started_on"], _as_date(row["answered_on"])) for row in answer_rows)
        last = max(max(_as_date(row["answered_on"]), row["due_on"]) for row in answer_rows)
        numbers = working_day_numbers(min(first, context.period.start), last, context.holidays)
    for row in answer_rows:
        n, started, answered_on = row["n"], row["started_on"], _as_date(row["answered_on"])
        outcomes[row["outcome"]] += n
        if row["outcome"] == Outcome.DECLINED:
            reason = row["decline_reason"] or ""
            declines[reason if DeclineReason.has_value(reason) else DeclineReason.NOT_RECORDED] += n
        answered += n
        if answered_on <= row["due_on"]:
            on_time += n
        taken.append((numbers[answered_on] - numbers[started], n))
        allowed.append((numbers[row["due_on"]] - numbers[started], n))
    tables += _answers_and_declines(outcomes, declines)

    clarifications = RequestEvent.objects.filter(
        request__in=requests, kind=EventKind.CLARIFICATION_ASKED
    ).aggregate(asked=Count("id"), requests=Count("request", distinct=True))
    overdue = InformationRequest.objects.filter(
        status__in=OPEN, due_on__lt=context.today
    ).aggregate(
        received=Count("id", filter=Q(direction=Direction.INCOMING)),
        sent=Count("id", filter=Q(direction=Direction.OUTGOING)),
    )
    measures = [
        Measure(
            "Answered by the due date",
            share(on_time, answered),
            "Of the requests received or sent in the period that have been answered.",
        ),
        Measure(
            "Working days taken to answer (median)",
            median(weighted_values(taken), "working day"),
            "From the day a request was received or sent to the day it was answered.",
        ),
        Measure(
            "Working days allowed by the due date (median)",
            median(weighted_values(allowed), "working day"),
            "From the day a request was received or sent to its due date.",
        ),
        count("Requests where a clarification was asked for", clarifications["requests"] or 0),
        count("Clarifications asked for", clarifications["asked"] or 0),
        count(
            "Requests we received that are overdue today",
            overdue["received"],
            "Still open after their due date, whenever they were received.",
        ),
        count(
            "Requests we sent that are overdue today",
            overdue["sent"],
            "Still waiting for an answer after their due date, whenever they were sent.",
        ),
    ]
    return Section(
        key="requests",
        title="Information requests",
        intro=f"Requests received from partners or sent to them between {context.period.label}.",
        measures=measures,
        tables=tables,
        notes=[
            "Declined answers are counted by the main reason of the decision not to share "
            "behind them. Answers saying the information is not held are not declines: they "
            'are counted as "Not held". Declines from before the reason was recorded as a '
            "category are counted as not recorded.",
        ],
    )


def _answers_and_declines(outcomes: Counter[str], declines: Counter[str]) -> list[Table]:
    """The answers by outcome, and the declines by their main reason, protected
    as one table (the answers with the declines broken down): the declined row
    is then the sum of its reasons, shown only when every reason is, so the
    two tables together give away no more than that one table does."""
    outcome_values = [value for value, _ in Outcome.choices]
    declined_at = outcome_values.index(Outcome.DECLINED)
    before, after = outcome_values[:declined_at], outcome_values[declined_at + 1 :]
    parts = [
        *[outcomes[value] for value in before],
        *[declines[value] for value, _ in DECLINE_ROWS],
        *[outcomes[value] for value in after],
    ]
    protected = protect([parts])
    cells = protected.tables[0]
    reason_cells = cells[len(before) : len(before) + len(DECLINE_ROWS)]
    declined = sum_of(reason_cells)
    outcome_cells: list[Cell] = [
        *cells[: len(before)],
        declined,
        *cells[len(before) + len(DECLINE_ROWS) :],
    ]
    labels = dict(Outcome.choices)
    return [
        Table(
            key="answers-by-outcome",
            title="Answers given to requests in the period",
            heading="Answer",
            rows=[
                (labels[value], cell)
                for value, cell in zip(outcome_values, outcome_cells, strict=True)
            ],
            total_label="All answers",
            total=protected.total,
        ),
        Table(
            key="declines-by-reason",
            title="Declined answers, by main reason for not sharing",
            heading="Main reason for not sharing",
            rows=[
                (label, cell) for (_, label), cell in zip(DECLINE_ROWS, reason_cells, strict=True)
            ],
            total_label="All declined answers",
            total=declined,
        ),
    ]


def _as_date(value: object) -> date:
    """A truncated date as a date (some databases hand back a datetime)."""
    return value.date() if hasattr(value, "date") and callable(value.date) else value  # type: ignore[return-value]
