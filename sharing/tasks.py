from celery import shared_task

from . import services
from .services import searches


@shared_task(name="sharing.sessions_clear_expired")
def sessions_clear_expired() -> int:
    """Daily: drop expired sessions; a session is kept no longer than it lasts."""
    return services.sessions_clear_expired()


@shared_task(name="sharing.saved_searches_purge_expired")
def saved_searches_purge_expired() -> int:
    """Every few minutes: drop saved searches past their 30 minutes, so the
    terms searched for (names, dates of birth) do not linger."""
    return searches.saved_searches_purge_expired()
