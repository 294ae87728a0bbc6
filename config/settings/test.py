"""The test suite: SQLite unless DATABASE_URL says PostgreSQL (as in CI)."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY", default="test-only-not-secret")
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
# A fast hasher: the tests create many users; production keeps Django's default.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Static files straight from the finders, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Tasks run in-process in tests, whatever broker is configured; the worker test
# switches this off and uses the broker (Redis in CI) with a real worker.
CELERY_TASK_ALWAYS_EAGER = True
# Attachments written by tests go to a throwaway folder.
import tempfile  # noqa: E402

STORAGES = {
    **STORAGES,  # noqa: F405
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": tempfile.mkdtemp(prefix="register-test-private-")},
    },
}

# A replica that mirrors the test database, so the router's choices are tested on
# real connections. Reads go to it only where a test turns READ_FROM_REPLICA on:
# a mirror is a second connection, which cannot see what a test's transaction
# has not committed.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
READ_FROM_REPLICA = False
