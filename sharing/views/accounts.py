"""Signing in with a second factor, the role home pages and the account page."""

import base64

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.decorators import otp_required

from .. import rules, services
from ..forms import TokenForm
from ..models import AccessAction
from ..permissions import oversees_access
from ..plumbing.view_helpers import log_reads
from ..roles import Role
from ..selectors import (
    access_changes_visible_to,
    backup_codes_remaining,
    user_has_confirmed_device,
    user_is_verified,
    user_role_names,
)

HOME_TEMPLATES = {
    Role.UNIT_STAFF: "sharing/home/unit_staff.html",
    Role.MANAGER: "sharing/home/manager.html",
    Role.SCPO: "sharing/home/scpo.html",
    Role.DPO: "sharing/home/dpo.html",
    Role.ADMINISTRATOR: "sharing/home/administrator.html",
    Role.BUSINESS_MANAGER: "sharing/home/business_manager.html",
}


class _NextForm(forms.Form):
    """The page first asked for, carried through sign-in as ``next``."""

    next = forms.CharField(required=False, max_length=2000)


def _next_url(request: HttpRequest) -> str:
    """Where to go after the second factor: the page first asked for, if it is ours."""
    candidate = ""
    for data in (request.POST, request.GET):
        form = _NextForm(data)
        if form.is_valid() and form.cleaned_data["next"]:
            candidate = form.cleaned_data["next"]
            break
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("home")


def _with_next(url_name: str, request: HttpRequest) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': _next_url(request)})}"


@login_required
@never_cache
def two_factor(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: a code from the authenticator or a backup code."""
    user = request.user
    if user_is_verified(user):
        return redirect(_next_url(request))
    if not user_has_confirmed_device(user):  # type: ignore[arg-type]
        return redirect(_with_next("two_factor_setup", request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request))
        # One message whatever went wrong: a wrong code, an expired one, or
        # throttling after repeated failures. Each try counts against the device.
        form.add_error("token", "That code was not accepted. Enter the current code and try again.")
    return render(request, "sharing/two_factor.html", {"form": form, "next": _next_url(request)})


@login_required
@never_cache
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """First sign-in: enrol an authenticator app, then receive backup codes once."""
    user = request.user
    if user_has_confirmed_device(user):  # type: ignore[arg-type]
        return redirect(_with_next("two_factor", request))
    device = services.totp_device_start(user)  # type: ignore[arg-type]
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.totp_device_confirm(device, form.cleaned_data["token"]):
            otp_login(request, device)
            codes = services.backup_codes_issue(user)  # type: ignore[arg-type]
            return render(
                request, "sharing/backup_codes.html", {"codes": codes, "next": _next_url(request)}
            )
        form.add_error(
            "token",
            "That code was not accepted. Check the app shows this register's entry "
            "and enter its current code.",
        )
    context = {
        "form": form,
        "next": _next_url(request),
        "qr_svg": segno.make(device.config_url).svg_inline(
            scale=5, title="Authenticator set-up code"
        ),
        "secret": base64.b32encode(device.bin_key).decode(),
    }
    return render(request, "sharing/two_factor_setup.html", context)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    sections = rules.home_sections(user_role_names(request.user))
    templates = [HOME_TEMPLATES[role] for role in sections]
    return render(request, "sharing/home.html", {"section_templates": templates})


@otp_required
def account(request: HttpRequest) -> HttpResponse:
    remaining = len(backup_codes_remaining(request.user))  # type: ignore[arg-type]
    return render(request, "sharing/account.html", {"backup_codes_remaining": remaining})


@otp_required
@require_POST
@never_cache
def backup_codes_renew(request: HttpRequest) -> HttpResponse:
    codes = services.backup_codes_issue(request.user)  # type: ignore[arg-type]
    messages.success(request, "New backup codes issued. Your old codes no longer work.")
    return render(
        request, "sharing/backup_codes.html", {"codes": codes, "next": reverse("account")}
    )


@otp_required
def access_changes(request: HttpRequest) -> HttpResponse:
    """Recent changes to who may see what: accounts put into or taken out of
    teams and roles, second factors revoked. Managers see their organisation's
    accounts, the DPO every account."""
    user = request.user
    if not oversees_access(user):
        raise PermissionDenied("Recent access changes are for managers and the DPO.")
    changes = access_changes_visible_to(user)  # type: ignore[arg-type]
    page = Paginator(changes, 50).get_page(request.GET.get("page"))
    # The rows name colleagues' accounts and give reasons: log who looked.
    log_reads(request, AccessAction.LIST, page.object_list)
    return render(request, "sharing/access_changes.html", {"page": page})


def admin_login(
    request: HttpRequest, extra_context: dict[str, object] | None = None
) -> HttpResponse:
    """The admin signs in through the register's own sign-in, second factor included."""
    return redirect(f"{reverse('login')}?{urlencode({'next': request.GET.get('next', '/admin/')})}")


def healthz(request: HttpRequest) -> HttpResponse:
    """For the load balancer: the process is up and reaches its database."""
    connection.ensure_connection()
    return HttpResponse("ok", content_type="text/plain")
