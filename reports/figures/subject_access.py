"""Subject access requests in the period (UK GDPR Art 15): received, answered,
answered by their due date (the extended date where the DPO extended it), and
open past their date today. One aggregate query; no request's details are read."""

from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce, TruncDate

from retention.subject_access.models import SarStatus, SubjectAccessRequest

from ..rules import Cell, share
from .base import Context, Measure, Section, count, moments


def subject_access_section(context: Context) -> Section:
    after, before = moments(context.period)
    answered_in_period = Q(released_at__gte=after, released_at__lt=before)
    figures = SubjectAccessRequest.objects.annotate(
        answer_date=Coalesce("extended_to", "due_on"),
        answered_on=TruncDate("released_at"),
    ).aggregate(
        received=Count(
            "id",
            filter=Q(received_on__gte=context.period.start, received_on__lte=context.period.end),
        ),
        extended=Count(
            "id",
            filter=Q(
                received_on__gte=context.period.start,
                received_on__lte=context.period.end,
                extended_to__isnull=False,
            ),
        ),
        answered=Count("id", filter=answered_in_period),
        on_time=Count("id", filter=answered_in_period & Q(answered_on__lte=F("answer_date"))),
        overdue_now=Count(
            "id",
            filter=Q(released_at__isnull=True, answer_date__lt=context.today)
            & ~Q(status__in=[SarStatus.RELEASED, SarStatus.EXPIRED]),
        ),
    )
    on_time: Cell = share(figures["on_time"], figures["answered"])
    return Section(
        key="subject-access",
        title="Subject access requests",
        intro=f"Requests from people to see what the register holds about them, between "
        f"{context.period.label}, and those past their date today.",
        measures=[
            count("Requests received", figures["received"]),
            count("Of those, given more time (up to two further months)", figures["extended"]),
            count("Requests answered", figures["answered"]),
            Measure(
                "Answered by their due date",
                on_time,
                "The due date is a month from receipt, as the ICO counts it, or the later "
                "date where the time was extended and the person told.",
            ),
            count("Open and past their due date today", figures["overdue_now"]),
        ],
    )
