from django.conf import settings
from django.http import HttpRequest

from . import rules
from .selectors import user_is_verified, user_role_names


def navigation(request: HttpRequest) -> dict[str, object]:
    """The navigation a user sees: only what their roles may use, and nothing
    until they have passed the second factor."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user_is_verified(user):
        return {"nav_items": []}
    return {"nav_items": rules.navigation_for(user_role_names(user))}


def service(request: HttpRequest) -> dict[str, object]:
    """The partnership the register serves, named in every page's header."""
    return {"partnership_name": settings.REGISTER_PARTNERSHIP_NAME}
