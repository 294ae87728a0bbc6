"""Child protection files moved in the period (KCSIE; seed 000 §2 and §6):
sent, received by their due date (the fifth school day after the move was
confirmed), chased, escalated, and still unreceived past their due date today,
by kind of move. One grouped query (cases.transfers.selectors.transfer_figures);
no names, no references."""

from cases.transfers.models import TransferKind, TransferStatus
from cases.transfers.selectors import transfer_figures

from ..rules import share
from .base import Context, Measure, Section, count, split


def transfers_section(context: Context) -> Section:
    rows = transfer_figures(context.period.start, context.period.end, context.today)
    sent = sum(r["count"] for r in rows)
    cancelled = sum(r["count"] for r in rows if r["status"] == TransferStatus.CANCELLED)
    by_kind = {value: 0 for value, _ in TransferKind.choices}
    for r in rows:
        by_kind[r["kind"]] = by_kind.get(r["kind"], 0) + r["count"]
    on_time = sum(r["received_on_time"] for r in rows)
    measures = [
        count("Files sent", sent),
        Measure(
            "Received within 5 school days",
            share(on_time, sent - cancelled),
            "Of the files sent and not cancelled: received by the fifth school day after "
            "the move was confirmed (weekends, bank holidays and the sending school's "
            "holidays are not school days).",
        ),
        count("Chased at least once", sum(r["chased"] for r in rows)),
        count("Escalated to the unit's managers", sum(r["escalated"] for r in rows)),
        count(
            "Not received and past their due date today",
            sum(r["past_due_unreceived"] for r in rows),
        ),
    ]
    tables = split(
        "All files sent",
        [
            (
                "transfers-by-kind",
                "Files sent, by kind of move",
                "Kind of move",
                "bars",
                [(label, by_kind.get(value, 0)) for value, label in TransferKind.choices],
            ),
        ],
    )
    return Section(
        key="transfers",
        title="Moving a child's file",
        intro=f"Child protection files and handovers sent between {context.period.label}, "
        "and those not yet received.",
        measures=measures,
        tables=tables,
    )
