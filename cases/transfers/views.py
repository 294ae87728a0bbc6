"""Pages for moving a child's file. Each reads top to bottom: find the record
through cases/permissions.py (404 if the user is neither side), log the read,
call a service to write, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from sharing.models import AccessAction, Organisation
from sharing.plumbing.view_helpers import (
    acting_user,
    log_reads,
    parse_id,
    refusal_page,
    shows_refusal,
)

from .. import permissions, rules
from . import selectors, services
from .forms import (
    CancelForm,
    ReceiptForm,
    ReceiveForm,
    ShareForm,
    TermHolidayForm,
    TermHolidayRemoveForm,
    TransferForm,
)
from .models import Transfer, TransferRoute, TransferStatus


@login_required
def transfer_list(request: HttpRequest) -> HttpResponse:
    """The files the user's side has sent, those waiting for them, and for the
    unit the files overdue across the partnership (references only)."""
    user = acting_user(request)
    today = timezone.localdate()
    to_receive = list(
        permissions.transfers_to_receive(user)
        .filter(status=TransferStatus.SENT)
        .select_related("sending_organisation")
    )
    sent = list(permissions.transfers_sent_by(user).select_related("receiving_organisation")[:100])
    # The child's name is shown on the sender's list while the file is theirs,
    # and on the receiver's: a read of each.
    log_reads(request, AccessAction.VIEW, [*to_receive, *[t for t in sent if t.is_waiting]])
    overdue = (
        list(selectors.overdue_transfers(today)[:200])
        if permissions.sees_partnership_transfers(user)
        else []
    )
    return render(
        request,
        "cases/transfers/transfer_list.html",
        {"to_receive": to_receive, "sent": sent, "overdue": overdue, "today": today},
    )


@login_required
def transfer_new(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    case_id = parse_id(request.GET.get("case"))
    if case_id is None:
        raise Http404("No such case.")
    case = permissions.get_case_for_user(user, case_id, write=True)
    if not permissions.can_send_transfer(user, case):
        raise PermissionDenied("You cannot send this case's file.")
    # The form offers the case's people by name: a read of the case.
    log_reads(request, AccessAction.VIEW, [case])
    form = TransferForm(
        request.POST or None,
        case=case,
        initial={
            "confirmed_on": timezone.localdate(),
            "summary": case.summary,
            "kind": "authority" if case.moving_between_authorities else "school",
        },
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        with shows_refusal(request, form, denied=True) as refused:
            transfer, password, token = services.transfer_send(user=user, case=case, **data)
        if not refused:
            if transfer.route == TransferRoute.PACK:
                response = render(
                    request,
                    "cases/transfers/pack_issued.html",
                    {
                        "transfer": transfer,
                        "password": password,
                        "receipt_url": request.build_absolute_uri(services.receipt_path(token)),
                    },
                )
                response["Cache-Control"] = "no-store"
                return response
            messages.success(
                request,
                f"{transfer.reference} sent to {transfer.receiving_organisation}. "
                f"Due by {transfer.due_on:%-d %B %Y}.",
            )
            return redirect(transfer)
    return render(
        request,
        "cases/transfers/transfer_form.html",
        {"form": form, "case": case, "masking": rules.TEAM},
    )


@login_required
def transfer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    transfer = permissions.get_transfer_for_user(user, pk)
    return _detail(request, transfer)


def _detail(
    request: HttpRequest, transfer: Transfer, share_form: ShareForm | None = None
) -> HttpResponse:
    user = acting_user(request)
    shows_file = permissions.can_read_transferred_file(user, transfer)
    log_reads(request, AccessAction.VIEW, [transfer])
    can_share = permissions.can_share_transfer(user, transfer)
    if can_share and share_form is None:
        share_form = ShareForm(colleagues=permissions.transfer_colleagues(user, transfer))
    context = {
        "share_form": share_form if can_share else None,
        "shared_with": list(transfer.shared_with.all()) if can_share else [],
        "transfer": transfer,
        "shows_file": shows_file,
        "items": selectors.transfer_items(transfer) if shows_file else {},
        "can_receive": permissions.can_confirm_receipt(user, transfer),
        "can_cancel": permissions.can_cancel_transfer(user, transfer),
        "is_sender": permissions.is_transfer_sender(user, transfer),
        "overdue": transfer.is_waiting and transfer.due_on < timezone.localdate(),
    }
    return render(
        request,
        "cases/transfers/transfer_detail.html",
        context,
        status=400 if share_form is not None and share_form.errors else 200,
    )


@login_required
@require_POST
def transfer_share(request: HttpRequest, pk: int) -> HttpResponse:
    """The receiving lead gives the file to a colleague; a refused choice shows
    the file's page again with the form's errors."""
    user = acting_user(request)
    transfer = permissions.get_transfer_to_receive(user, pk)
    if not permissions.can_share_transfer(user, transfer):
        raise Http404("No such transfer.")
    form = ShareForm(request.POST, colleagues=permissions.transfer_colleagues(user, transfer))
    if form.is_valid():
        with shows_refusal(request, form, denied=True) as refused:
            services.transfer_share(
                user=user, transfer=transfer, colleague=form.cleaned_data["colleague"]
            )
        if not refused:
            messages.success(request, f"{transfer.reference} given to your colleague.")
            return redirect(transfer)
    return _detail(request, transfer, form)


@login_required
def transfer_receive(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm receipt: add the file to a case, or open a new case for the
    child, after a duplicate check as for recording anyone."""
    user = acting_user(request)
    transfer = permissions.get_transfer_to_receive(user, pk)
    if not permissions.can_confirm_receipt(user, transfer):
        messages.info(request, f"{transfer.reference} is not waiting for you to receive it.")
        return redirect(transfer)
    log_reads(request, AccessAction.VIEW, [transfer])
    choices = selectors.transfer_receive_choices(user)
    form = ReceiveForm(request.POST or None, cases=choices["cases"], teams=choices["teams"])
    duplicates: list = []
    hidden_duplicate = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["case"] is None and not data["not_a_duplicate"]:
            duplicates, hidden_duplicate = selectors.receiver_possible_duplicates(user, transfer)
            if duplicates or hidden_duplicate:
                log_reads(request, AccessAction.VIEW, duplicates)
                form.add_error(
                    "case",
                    "This child may already be recorded: add the file to their case, "
                    "or confirm that none of them is this child.",
                )
        if form.is_valid():
            with shows_refusal(request, form, denied=True) as refused:
                services.transfer_receive(
                    user=user, transfer=transfer, case=data["case"], team=data["team"]
                )
            if not refused:
                messages.success(request, f"Receipt of {transfer.reference} confirmed.")
                return redirect(transfer)
    return render(
        request,
        "cases/transfers/receive.html",
        {
            "transfer": transfer,
            "form": form,
            "duplicates": duplicates,
            "hidden_duplicate": hidden_duplicate,
            "masking": rules.TEAM,
        },
    )


@login_required
def transfer_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    transfer = permissions.get_transfer_sent_by(user, pk)
    if not permissions.can_cancel_transfer(user, transfer):
        messages.info(request, f"{transfer.reference} can no longer be cancelled.")
        return redirect(transfer)
    log_reads(request, AccessAction.VIEW, [transfer])
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with shows_refusal(request, form, denied=True) as refused:
            services.transfer_cancel(
                user=user, transfer=transfer, reason=form.cleaned_data["reason"]
            )
        if not refused:
            messages.success(request, f"{transfer.reference} cancelled.")
            return redirect(transfer)
    return render(request, "cases/transfers/cancel.html", {"transfer": transfer, "form": form})


@login_required
def transfer_pack_download(request: HttpRequest, pk: int) -> FileResponse:
    """The sender downloads the encrypted pack while it waits for receipt."""
    user = acting_user(request)
    transfer = permissions.get_transfer_sent_by(user, pk)
    if not (permissions.can_cancel_transfer(user, transfer) and transfer.pack):
        raise Http404("No pack to download.")
    log_reads(request, AccessAction.DOWNLOAD, [transfer])
    response = FileResponse(
        transfer.pack.open("rb"),
        as_attachment=True,
        filename=f"{transfer.reference}.zip",
        content_type="application/zip",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@login_required
def transfer_document(request: HttpRequest, pk: int, item_pk: int) -> FileResponse:
    """A document that came with the file: for whoever may read the file."""
    user = acting_user(request)
    transfer = permissions.get_transfer_for_user(user, pk)
    if not permissions.can_read_transferred_file(user, transfer):
        raise Http404("No such document.")
    item = get_object_or_404(transfer.items.exclude(file=""), pk=item_pk, kind="document")
    log_reads(request, AccessAction.DOWNLOAD, [transfer, item])
    response = FileResponse(
        item.file.open("rb"),
        as_attachment=True,
        filename=item.download_name,
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@never_cache
def transfer_receipt(request: HttpRequest, token: str) -> HttpResponse:
    """The one-time receipt link (no account needed): the reference and the
    sending organisation, a name and a role, one confirmation. Works once."""
    transfer = services.transfer_for_token(token, timezone.now())
    if transfer is None:
        return render(request, "cases/transfers/receipt_gone.html", status=404)
    form = ReceiptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with shows_refusal(request, form, denied=True) as refused:
            services.transfer_receive_by_link(token=token, **form.cleaned_data)
        if not refused:
            return redirect("transfer_receipt_done")
    return render(request, "cases/transfers/receipt.html", {"transfer": transfer, "form": form})


def transfer_receipt_done(request: HttpRequest) -> HttpResponse:
    """Where a used receipt link lands: a thank-you that names nothing."""
    return render(request, "cases/transfers/receipt_done.html")


# --- Term dates ------------------------------------------------------------------


@login_required
def term_dates(request: HttpRequest) -> HttpResponse:
    """A school's holidays, which its child protection files' 5 school days skip."""
    user = acting_user(request)
    if not permissions.can_edit_term_calendar(user, user.organisation_id):
        raise PermissionDenied("Only a school's safeguarding lead keeps its term dates.")
    organisation = get_object_or_404(Organisation, pk=user.organisation_id)
    form = TermHolidayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with shows_refusal(request, form, denied=True) as refused:
            services.term_holiday_add(user=user, organisation=organisation, **form.cleaned_data)
        if not refused:
            messages.success(request, f"{form.cleaned_data['name']} added.")
            return redirect("cases:term_dates")
    holidays = list(selectors.term_holidays(organisation))
    return render(
        request,
        "cases/transfers/term_dates.html",
        {"form": form, "holidays": holidays, "organisation": organisation},
    )


@login_required
@require_POST
def term_date_remove(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    form = TermHolidayRemoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a holiday to remove from the list.")
        return redirect("cases:term_dates")
    with shows_refusal(request, denied=True, on_page=True) as refused:
        services.term_holiday_remove(user=user, holiday_id=form.cleaned_data["holiday"])
    if refused:
        return refusal_page(
            request,
            refused,
            heading="The holiday was not removed",
            back_url=reverse("cases:term_dates"),
            back_text="Go back to your school's term dates",
        )
    messages.success(request, "Holiday removed.")
    return redirect("cases:term_dates")
