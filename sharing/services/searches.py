"""Saved searches: the terms of a search (names, dates of birth, NHS numbers)
kept for a short while under a random token, so results can be reloaded and
paged without the terms in the address or in the session.

The session outlived the records it named: after a child's case was disposed
of, a worker's session still held the name searched for. A row here belongs
to one user, lasts 30 minutes, is purged by a beat task and can be purged by
disposal."""

import secrets
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from ..models import SavedSearch, User

SAVED_SEARCH_LIFETIME = timedelta(minutes=30)


@transaction.atomic
def saved_search_keep(
    *, user: User, terms: Mapping[str, Any], now: datetime | None = None
) -> SavedSearch:
    """Keep ``terms`` (already checked by the page's form) for ``user`` and
    return the row; its token is what goes in the address."""
    if not user.is_authenticated or not user.is_active:
        raise ValueError("Only a signed-in user keeps a search.")
    now = now or timezone.now()
    return SavedSearch.objects.create(
        user=user,
        # 144 random bits: a token cannot be guessed, and even so it is only
        # ever honoured for its own user.
        token=secrets.token_urlsafe(18),
        terms=dict(terms),
        created_at=now,
        expires_at=now + SAVED_SEARCH_LIFETIME,
    )


@transaction.atomic
def saved_searches_purge_expired(*, now: datetime | None = None) -> int:
    """Delete every saved search past its expiry. Returns how many went;
    running it twice deletes nothing more, and searches still live are kept."""
    deleted, _ = SavedSearch.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted
