"""A change to a user's groups (a role given or taken away, joining or leaving
a team, a group renamed or deleted) gives the users concerned a new access
stamp, so the groups cached for their signed-in pages (sharing/backends.py)
are read afresh on their next page. Signals rather than calls in the
services, because the admin changes groups too and a missed call would leave
someone with a role they no longer hold."""

import uuid
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_save, pre_delete
from django.dispatch import receiver

from .models import User


def _restamp(user_ids: Iterable[int]) -> None:
    ids = list(user_ids)
    if ids:
        User.objects.filter(pk__in=ids).update(access_stamp=uuid.uuid4())


@receiver(m2m_changed, sender=User.groups.through)
def groups_changed(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: set[int] | None, **kwargs: Any
) -> None:
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if reverse:
        # group.user_set.add(...) and the like: the users are the pk_set.
        if action == "pre_clear":
            _restamp(instance.user_set.values_list("pk", flat=True))
        else:
            _restamp(pk_set or ())
        return
    _restamp([instance.pk])
    # The instance in hand sees its own change too.
    instance.__dict__.pop("_groups_memo", None)
    instance.refresh_from_db(fields=["access_stamp"])


@receiver(post_save, sender=Group)
def group_saved(sender: Any, instance: Group, created: bool, **kwargs: Any) -> None:
    # A role is a group's name: renaming one changes what its members hold.
    if not created:
        _restamp(instance.user_set.values_list("pk", flat=True))


@receiver(pre_delete, sender=Group)
def group_deleted(sender: Any, instance: Group, **kwargs: Any) -> None:
    _restamp(instance.user_set.values_list("pk", flat=True))
