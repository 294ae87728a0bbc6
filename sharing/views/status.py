"""The DPO's page of changes to organisations' health or social care status.

The status decides whether PCSC Act 2022 s16 lets an organisation disclose
personal information (seed 000 §8.7): an administrator's change waits here until
the DPO confirms it."""

from collections.abc import Iterable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django_otp.decorators import otp_required

from .. import services
from ..forms import StatusChangeDecisionForm
from ..models import StatusChange
from ..permissions import require_dpo
from ..plumbing.view_helpers import acting_user, apply_errors
from ..selectors import status_changes_decided, status_changes_waiting

STATUS_WORDS = {
    True: "A health or social care authority",
    False: "Not a health or social care authority",
    None: "As the kind of organisation says",
}


def _described(changes: Iterable[StatusChange]) -> list[tuple[StatusChange, str]]:
    """Each change with the status asked for, in words."""
    return [(change, STATUS_WORDS[change.health_or_social_care]) for change in changes]


@otp_required
def status_changes(request: HttpRequest) -> HttpResponse:
    """Changes waiting for the DPO, and the latest ones decided."""
    require_dpo(acting_user(request))
    return render(
        request,
        "sharing/status_changes.html",
        {
            "waiting": _described(status_changes_waiting()),
            "decided": _described(status_changes_decided()),
        },
    )


@otp_required
def status_change_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """One change: the DPO confirms it, or says why not."""
    user = acting_user(request)
    require_dpo(user)
    change = status_changes_waiting().filter(pk=pk).first()
    if change is None:
        raise Http404("No change waiting with that number.")
    form = StatusChangeDecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        confirm = form.cleaned_data["decision"] == "confirm"
        try:
            services.status_change_decide(
                user=user, change=change, confirm=confirm, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                f"{change.organisation}: the change is confirmed and applies now."
                if confirm
                else f"{change.organisation}: the change is not made. The status stays as it was.",
            )
            return redirect("status_changes")
    return render(
        request,
        "sharing/status_change_decide.html",
        {"change": change, "asked": STATUS_WORDS[change.health_or_social_care], "form": form},
    )
