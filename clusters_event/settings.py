"""Settings for the Clusters meet Regions site, read from the environment.

Every variable is listed with its default in README.md. Development (DJANGO_DEBUG=true) has safe
defaults; anything else refuses to start without a secret key.
"""

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def read_env_file(path: Path) -> None:
    """Read KEY=VALUE lines (written by `make run`) into the environment; the environment wins."""
    if not path.is_file():
        return
    for line in path.read_text().splitlines():
        name, sep, value = line.partition("=")
        if sep and not name.strip().startswith("#"):
            os.environ.setdefault(name.strip(), value.strip())


# DJANGO_ENV_FILE names another file; empty, none is read (the tests, production).
if env_file := os.environ.get("DJANGO_ENV_FILE", str(BASE_DIR / ".env")):
    read_env_file(Path(env_file))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random string in production, "
            "or set DJANGO_DEBUG=true for local development."
        )
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

# The site's public origin, e.g. https://clusters-meet-regions.eu. Every absolute URL (pages'
# canonical and language links, feeds, emails) is built from it (clusters_event/links.py), never
# from the request's Host, so one visitor's request cannot change what others are sent.
# The port this checkout serves on: PORT, or the one GUNICORN_BIND names, or 8000.
PORT = int(
    os.environ.get("PORT") or os.environ.get("GUNICORN_BIND", ":8000").rpartition(":")[2] or 8000
)
SITE_URL = os.environ.get("SITE_URL", f"http://127.0.0.1:{PORT}").rstrip("/")

INSTALLED_APPS = [
    "modeltranslation",  # before the admin, which it extends
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",  # text search fields; harmless on SQLite
    "crispy_forms",
    "crispy_bootstrap5",
    "django_countries",
    # Before django_tasks_db: its `db_worker` command is the one that waits for the database.
    "outbox",
    "downloads",
    "django_tasks_db",
    "axes",
    "common",
    "events",
    "registrations",
    "networking",
    "meetings",
    "messaging",
    "door",
    "overview",
    "outcomes",
    "pitches",
    "live",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Response headers first, so that cached pages answered below carry them too.
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "common.middleware.DatabaseUnavailableMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "common.middleware.PreferredLanguageMiddleware",
    "common.page_cache.CachedPageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Last, as django-axes asks: answers a locked-out login with the 429 page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "clusters_event.urls"

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
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "common.context_processors.language_versions",
            ],
        },
    },
]

WSGI_APPLICATION = "clusters_event.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The embedded database serves the development server, the worker and a command at once:
    # writers queue for the lock (busy timeout) instead of failing with "database is locked",
    # take it when their transaction begins (not midway, when SQLite cannot wait for it), and
    # readers never block the writer (write-ahead log).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 30,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
if env_bool("DATABASE_POOL", False) and DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # psycopg 3's connection pool, one per worker process (persistent connections must be off).
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": int(os.environ.get("DATABASE_POOL_MIN", "2")),
        "max_size": int(os.environ.get("DATABASE_POOL_MAX", "10")),
        "timeout": 10,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# English is the default at the plain URLs; Italian lives under /it/. To add a language, see
# README.md, "Adding a language".
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("it", _("Italian"))]
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
# A text missing in one language is shown in the other.
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("en", "it")}
LANGUAGE_COOKIE_NAME = "language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["common.formats"]
USE_I18N = True
USE_TZ = True
# Editions carry their own time zone; this is only the fallback for times without an edition.
TIME_ZONE = "Europe/Brussels"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Mail. MAILERS replaces the deprecated EMAIL_* settings in Django 6.1.
DEFAULT_FROM_EMAIL = os.environ.get(
    "DJANGO_DEFAULT_FROM_EMAIL", "Clusters meet Regions <no-reply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if os.environ.get("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["EMAIL_HOST"],
                "port": int(os.environ.get("EMAIL_PORT", "587")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "timeout": 15,
            },
        }
    }
else:
    # Without an SMTP server the emails are printed where `make run` shows its log.
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}

# Work outside the request (sending emails): tasks are rows in the same database, written in the
# same transaction as the data that causes them, and run by `manage.py db_worker`. Two queues:
# "pages" keeps the page cache warm after an edit (visitors wait on it, so it runs at the web's
# priority); "default" is everything else (emails, files, pictures), which may run at a lower
# priority than the web on a shared machine (docs/operations.md). A plain `db_worker` runs both.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "pages"]}}

CACHES = {
    "default": {
        # Redis failing must not take the site down: see common/cache.py.
        "BACKEND": "common.cache.FailSafeRedisCache",
        "LOCATION": os.environ["REDIS_URL"],
        "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
    }
    if os.environ.get("REDIS_URL")
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

# Whole pages and feeds are cached until the programme changes (common/page_cache.py, with the
# programme's version from events/caching.py). The content
# version is shared through Redis at once; a local-memory cache is per process, so there it is
# re-read from the database every second to keep several workers in step.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "86400"))
# Cards of people and entries in the participants' pages, rendered once for what they show
# (common/fragments.py); one unused for this long leaves the cache.
FRAGMENT_CACHE_SECONDS = 3600
# "Worth meeting" is chosen again after this long (at once when the person's own profile
# changes); who is shown is checked on every view (networking/directory.py).
SUGGESTIONS_CACHE_SECONDS = 300
# How long one request may hold a page's render lock (a render takes tens of milliseconds; a
# renderer that died frees the page after this).
RENDER_LOCK_SECONDS = float(os.environ.get("RENDER_LOCK_SECONDS", "3"))
# For this long after an edit visitors get the previous copy while the worker renders the new
# one; then the first visitor of a page nobody warmed renders it.
STALE_GRACE_SECONDS = float(os.environ.get("STALE_GRACE_SECONDS", "2"))
# With Redis the version is re-read from the database every 30 seconds all the same, so an edit
# made while Redis could not be told shows within that time once it answers again.
CONTENT_VERSION_CACHE_SECONDS = 30 if os.environ.get("REDIS_URL") else 1
PAGE_CACHE_VERSION_SOURCE = "events.caching.stored_content_version"

# Check-in staff sign in on the door's own page (they have no admin access).
LOGIN_URL = "door:sign_in"

# The admin's address (change it to keep bots off the login page).
ADMIN_URL = os.environ.get("DJANGO_ADMIN_URL", "admin/").strip("/") + "/"

# Reverse proxies (addresses or networks) whose X-Forwarded-For names the client; see
# clusters_event/client_address.py. Empty: REMOTE_ADDR is the client.
TRUSTED_PROXIES = env_list("DJANGO_TRUSTED_PROXIES", "")

# Admin login lockout (django-axes): after N failed logins for one account, or from one client
# address, further attempts get a 429 page for the window (seconds). "5/900" by default.
ADMIN_LOGIN_RATE_LIMIT = os.environ.get("ADMIN_LOGIN_RATE_LIMIT", "5/900")
_failures, _, _window = ADMIN_LOGIN_RATE_LIMIT.partition("/")
AXES_FAILURE_LIMIT = int(_failures)
AXES_COOLOFF_TIME = dt.timedelta(seconds=int(_window))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each on its own
AXES_CLIENT_IP_CALLABLE = "common.client_address.client_address"
AXES_LOCKOUT_TEMPLATE = "429.html"
AXES_VERBOSE = False
AXES_RESET_ON_SUCCESS = True
# A locked-out attacker must not be able to keep an organiser locked out for ever.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False

# Registration.
# Hours an attendee has to follow the link in the confirm-your-address email.
REGISTRATION_CONFIRMATION_HOURS = int(os.environ.get("REGISTRATION_CONFIRMATION_HOURS", "48"))
# Form submissions allowed per client address and window (seconds), e.g. "10/600".
REGISTRATION_RATE_LIMIT = os.environ.get("REGISTRATION_RATE_LIMIT", "10/600")
# Days after an edition ends before `purge_personal_data` erases its attendees' personal data.
REGISTRATION_PURGE_AFTER_DAYS = int(os.environ.get("REGISTRATION_PURGE_AFTER_DAYS", "180"))
# Named in the privacy notice; bump the version whenever the notice's text changes.
PRIVACY_DATA_CONTROLLER = os.environ.get(
    "PRIVACY_DATA_CONTROLLER", "European Cluster Collaboration Platform (ECCP)"
)
PRIVACY_CONTACT_EMAIL = os.environ.get("PRIVACY_CONTACT_EMAIL", "")
PRIVACY_NOTICE_VERSION = "2024-01"

# Security. HTTPS settings follow DEBUG so development works over plain HTTP.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", not DEBUG)
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True  # forms carry the token; no script needs to read the cookie
SESSION_COOKIE_HTTPONLY = True
# With Redis, sessions are written to the database and read from the cache: every page of the
# participants' area and the admin reads one, and the database stays the record when the cache is
# emptied. Not with the local-memory cache, which each process keeps for itself: a sign-out in one
# worker would not reach the copy another worker holds.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if os.environ.get("REDIS_URL")
    else "django.contrib.sessions.backends.db"
)
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "{asctime} {levelname} {name} {message}", "style": "{"},
    },
    "filters": {"redact": {"()": "common.log_redaction.RedactingFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            # Development prints confirmation links on purpose; production never logs them.
            "filters": [] if DEBUG else ["redact"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # django-axes logs every login at INFO; its audit is in the admin (Access attempts).
    # WeasyPrint logs each step of every PDF at INFO.
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"}},
}
