from celery import shared_task

from . import services


@shared_task(name="sharing.sessions_clear_expired")
def sessions_clear_expired() -> int:
    """Daily: drop expired sessions; a session is kept no longer than it lasts."""
    return services.sessions_clear_expired()
