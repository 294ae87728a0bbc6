"""The embedded default: one developer, SQLite, tasks in-process, console e-mail."""

from .base import *  # noqa: F403
from .base import CONTENT_SECURITY_POLICY as _ENFORCED_POLICY
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
# A fixed key is acceptable only here: this settings module is never served in production.
SECRET_KEY = env("DJANGO_SECRET_KEY", default="local-development-only-not-secret")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

if DEBUG:
    # Django's debug error page is inline script and style: in development the
    # policy reports what it would block (in the browser console) instead of
    # blocking, so the error page stays readable. Every other environment enforces it.
    CONTENT_SECURITY_POLICY_REPORT_ONLY = _ENFORCED_POLICY
    CONTENT_SECURITY_POLICY = {}
