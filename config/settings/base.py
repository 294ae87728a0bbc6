"""Settings shared by every environment. Everything that differs comes from the
environment (django-environ); the defaults are the embedded demo's: SQLite in the
project folder, tasks run in-process, e-mail printed to the console."""

from datetime import timedelta
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

# --- Core -------------------------------------------------------------------

SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS: list[str] = env.list("DJANGO_ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS: list[str] = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # whitenoise serves static files in development exactly as in production.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "guardian",
    "simple_history",
    "crispy_forms",
    "crispy_forms_gds",
    "django_celery_beat",
    # Content-Security-Policy header (and its system checks).
    "csp",
    "sharing",
    "cases",
    "requests",
    "retention",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Both headers on every response, static files and error pages included.
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Every page but sign-in needs a verified second factor: see the middleware.
    "sharing.middleware.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks, so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

# --- Browser policy ---------------------------------------------------------

# Pages load script, styles, images and fonts from this site only, and nothing
# inline: an injected <script>, onclick= or style= does not run. The register
# is never framed, and forms post only to itself.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "frame-src": ["'none'"],
    },
}

# The register needs no device or sensor: a page (or anything injected into
# one) may not ask for the camera, microphone, location, payment, USB and so on.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "ambient-light-sensor",
        "autoplay",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "interest-cohort",
        "local-fonts",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sharing.context_processors.navigation",
                "sharing.context_processors.service",
            ],
            # sharing.decisions is a package of the sharing app, not an app:
            # its template tags are named here so the home page can load them.
            "libraries": {"decision_tags": "sharing.decisions.templatetags.decision_tags"},
        },
    },
]

# --- Data -------------------------------------------------------------------

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Pages run short queries. PostgreSQL compiles any query whose estimated cost
    # passes jit_above_cost, and a search for a common surname was estimated
    # past it and spent far longer compiling than running (docs/performance.md).
    # Options from DATABASE_URL are kept.
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()
    # A team's grants hashed to filter its lists: at a million cases a team
    # holds 300,000 request grants, past PostgreSQL's default 4 MB, and the
    # planner then tests every row against an unhashed list (a home page took
    # minutes; 0.8 s with 32 MB). Per hash or sort, per connection.
    _options["options"] += f" -c work_mem={env('DJANGO_DB_WORK_MEM', default='32MB')}"
# A PostgreSQL replica, when there is one, serves reports, statistics and the DPO's
# exports (sharing/plumbing/replica.py); every other read and every write stays on
# the primary. In tests the replica mirrors the test database.
if env("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    if DATABASES["replica"]["ENGINE"] == "django.db.backends.postgresql":
        _options = DATABASES["replica"].setdefault("OPTIONS", {})
        _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["sharing.plumbing.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache for every web process and worker when DJANGO_CACHE_URL names a Redis
# (the statistics' nightly count is kept there); otherwise each process keeps its own.
_cache_url = env("DJANGO_CACHE_URL", default="")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_url}
        if _cache_url
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# --- Authentication ---------------------------------------------------------

AUTH_USER_MODEL = "sharing.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out username/IP before any password check.
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, reading a signed-in page's user with their
    # organisation and cached groups (sharing/backends.py).
    "sharing.backends.RegisterModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sessions end when the browser closes and after a working day at most: a
# register of children at risk should not stay signed in on a shared machine.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Flash messages can name a person: keep them server-side, not in a readable cookie.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Lockout: keyed on the combination of username and client IP, so an attacker
# cannot lock a colleague out from elsewhere, and a guessing run is stopped.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Behind a reverse proxy the client address is the right-most one the proxies
# added; how many proxies to trust comes from the environment (0: none).
AXES_IPWARE_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    if env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)
    else ["REMOTE_ADDR"]
)
# Usernames and addresses stay in the database table for the DPO; not in the log.
AXES_VERBOSE = False

# Two-factor authentication (TOTP, with static backup codes).
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="Safeguarding register")
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# django-otp's own admin pages would show authenticator keys and backup codes;
# the register replaces them (sharing/admin.py), and this hides them as well.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Object permissions. No anonymous user: nobody unauthenticated sees anything.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False
GUARDIAN_RENDER_403 = False

# --- Internationalisation ---------------------------------------------------

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Static files -----------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# GOV.UK Frontend, MOJ Frontend and the register's compiled stylesheet, built
# by `make install` (npm ci, then npm run build: frontend/build.mjs); never
# committed.
STATICFILES_DIRS: list[Path] = [BASE_DIR / "build" / "static"]
# Documents about children are kept outside the web root and never given a URL
# of their own: they are served only through a view that checks permission and
# logs the download.
PRIVATE_MEDIA_ROOT = env.path("DJANGO_PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": "/no-direct-access/"},
    },
}
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "media/"
# Upload limits for request attachments.
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024)
# How long a released subject access pack is kept before the nightly task deletes it.
SUBJECT_ACCESS_PACK_DAYS = env.int("SUBJECT_ACCESS_PACK_DAYS", default=30)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Forms render as GOV.UK Design System markup (crispy-forms-gds).
CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# --- E-mail -----------------------------------------------------------------

vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="register@localhost")
# The partnership the register serves, named in every page's header.
REGISTER_PARTNERSHIP_NAME = env(
    "REGISTER_PARTNERSHIP_NAME", default="Northshire Safeguarding Children Partnership"
)
# The register's own address, for links in notices (which carry no personal data).
REGISTER_BASE_URL = env("REGISTER_BASE_URL", default="http://127.0.0.1:8000")
# An emergency share is recorded after the event (seed 001); the record must be
# completed within this many working days, or it authorises nothing more and
# the deciding organisation's managers are told every day until it is.
EMERGENCY_RECORD_COMPLETE_WITHIN_WORKING_DAYS = env.int(
    "EMERGENCY_RECORD_COMPLETE_WITHIN_WORKING_DAYS", default=1
)

# --- Celery -----------------------------------------------------------------

CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default="") or None
# No broker configured: run every task in-process (the embedded demo).
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# Schedules live in the database so an administrator can see and change them.
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# --- Logging ----------------------------------------------------------------

# Log lines carry identifiers and outcomes, never personal data: no request
# bodies, no names. Django's request logger prints paths, which by design hold
# only opaque identifiers.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
}
