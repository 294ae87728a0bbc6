"""Retention in the period: records reviewed (kept with a reason, or approved
for disposal), disposed of (by kind of record) and legal holds; and what is
due or held today. Five small queries over retention metadata: no record is
read."""

from django.db.models import Count, Q

from retention.models import DisposalCertificate, LegalHold, RecordType, RetentionState, Status

from .base import Context, Section, count, moments, split

# The read log is removed in bulk by its rule, and certificates are kept for
# good: neither is ever disposed of record by record with a certificate.
NOT_DISPOSED_ONE_BY_ONE = {RecordType.READ_LOG, RecordType.CERTIFICATE}


def retention_section(context: Context) -> Section:
    after, before = moments(context.period)
    in_period = Q(approved_at__gte=after, approved_at__lt=before)
    # Kept after a review: each retain decision writes a history row with its
    # reason ("Retained: ...", retention/services/review.py state_retain).
    retained = RetentionState.history.filter(
        status=Status.RETAINED,
        history_date__gte=after,
        history_date__lt=before,
        history_change_reason__startswith="Retained",
    ).count()
    # Approved for disposal: the approvals still waiting for the nightly
    # disposal, and those already carried out (their certificate keeps the date).
    approved = RetentionState.objects.filter(in_period, status=Status.APPROVED).count()
    certificates = DisposalCertificate.objects.filter(in_period).count()
    disposed_by_type = dict(
        DisposalCertificate.objects.filter(disposed_at__gte=after, disposed_at__lt=before)
        .values("record_type")
        .annotate(n=Count("id"))
        .values_list("record_type", "n")
    )
    holds = LegalHold.objects.aggregate(
        placed=Count("id", filter=Q(placed_at__gte=after, placed_at__lt=before)),
        lifted=Count("id", filter=Q(lifted_at__gte=after, lifted_at__lt=before)),
        in_force=Count("id", filter=Q(lifted_at__isnull=True)),
    )
    now = RetentionState.objects.aggregate(
        review=Count("id", filter=Q(status=Status.DUE_REVIEW)),
        disposal=Count("id", filter=Q(status=Status.DUE_DISPOSAL)),
    )
    measures = [
        count("Legal holds placed", holds["placed"]),
        count("Legal holds lifted", holds["lifted"]),
        count("Legal holds in force today", holds["in_force"]),
        count("Records due for review today", now["review"]),
        count("Records due for disposal today", now["disposal"]),
    ]
    # Each total is shown only through its table, protected with its parts: an
    # exact total beside a hidden part would give the part away.
    tables = split(
        "All records reviewed",
        [
            (
                "reviews",
                "Records reviewed",
                "Review",
                "bars",
                [
                    ("Kept, with a reason and a next review date", retained),
                    ("Approved for disposal", approved + certificates),
                ],
            ),
        ],
    )
    tables += split(
        "All records disposed of",
        [
            (
                "disposals-by-record-type",
                "Records disposed of, by kind of record",
                "Kind of record",
                "bars",
                [
                    (label, disposed_by_type.get(value, 0))
                    for value, label in RecordType.choices
                    if value not in NOT_DISPOSED_ONE_BY_ONE
                ],
            ),
        ],
    )
    return Section(
        key="retention",
        title="Retention and disposal",
        intro=f"Reviews, disposals and legal holds between {context.period.label}, and what is "
        "due today.",
        measures=measures,
        tables=tables,
        notes=[
            "A record kept after review and later disposed of leaves only its disposal "
            "certificate, so it is counted as disposed of, not as kept.",
        ],
    )
