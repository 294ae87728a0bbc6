"""Two-factor authentication for every page but signing in.

django-otp's OTPMiddleware marks a request verified once the user has passed a
second factor in this session. This middleware sends any signed-in but
unverified user to the second-factor step, whatever page they asked for (the
Django admin included), so no view can forget to require it.
"""

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from .selectors import user_is_verified

# The pages a signed-in user may reach before the second factor.
EXEMPT_URL_NAMES = frozenset(
    {
        "login",
        "logout",
        "two_factor",
        "two_factor_setup",
        "healthz",
        "accessibility",
        # A child protection file's one-time receipt link: no account needed.
        "transfer_receipt",
        "transfer_receipt_done",
    }
)


class RequireTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or user_is_verified(user):
            return None
        match = request.resolver_match
        if match is not None and match.url_name in EXEMPT_URL_NAMES and not match.namespace:
            return None
        query = urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(f"{reverse('two_factor')}?{query}")
