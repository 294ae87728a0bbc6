"""The sign-in backend: Django's ModelBackend, with the user of each signed-in
page read together with their organisation (the header names it) and their
groups (roles and teams) taken from the cache while they have not changed.

Every signed-in page pays for what happens here before it reads anything, so
it is kept to one query for the user (docs/performance.md: the empty
signed-in page is session, user, second factor)."""

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache

from .models import User

# Long enough to cover a working day's session; a change of groups files them
# under a new key at once (User.access_stamp), so this only bounds memory.
GROUPS_CACHE_SECONDS = 8 * 60 * 60


def groups_cache_key(user: User) -> str:
    return f"user-groups:{user.pk}:{user.access_stamp}"


class RegisterModelBackend(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        try:
            user = User._default_manager.select_related("organisation").get(pk=user_id)
        except User.DoesNotExist:
            return None
        if not self.user_can_authenticate(user):
            return None
        key = groups_cache_key(user)
        groups = cache.get(key)
        if groups is None:
            groups = tuple(user.groups.values_list("id", "name"))
            cache.set(key, groups, GROUPS_CACHE_SECONDS)
        # sharing.selectors reads the groups from this memo.
        user._groups_memo = groups  # type: ignore[attr-defined]
        return user
