"""Django settings for Đôn Đốc, read from the environment (see the README's configuration table)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from dondoc.conf import (
    env_bool,
    env_database,
    env_int,
    env_int_list,
    env_list,
    env_str,
    secret_key,
)

PACKAGE_DIR = Path(__file__).resolve().parent
CHECKOUT_DIR = PACKAGE_DIR.parent.parent


def _data_dir() -> Path:
    configured = env_str("DONDOC_DATA_DIR")
    if configured:
        return Path(configured).expanduser().resolve()
    if (CHECKOUT_DIR / "pyproject.toml").exists():
        return CHECKOUT_DIR / "data"
    raise ImproperlyConfigured(
        "DONDOC_DATA_DIR is not set and Đôn Đốc is not running from a checkout: "
        "set it to the folder that keeps the database, uploaded files and the secret key."
    )


DATA_DIR = _data_dir()
DEBUG = env_bool("DONDOC_DEBUG", True)
SECRET_KEY = secret_key(production=not DEBUG, data_dir=DATA_DIR)

ALLOWED_HOSTS = env_list(
    "DONDOC_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "DONDOC_ALLOWED_HOSTS is empty: in production list the host names the site answers to, "
        "separated by commas."
    )
CSRF_TRUSTED_ORIGINS = env_list("DONDOC_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_filters",
    "dondoc.core",
    "dondoc.organisations",
    "dondoc.accounts",
    "dondoc.workdays",
    "dondoc.attachments",
    "dondoc.documents",
    "dondoc.tasks",
    "dondoc.notifications",
    "dondoc.registers",
    "dondoc.reports",
    "dondoc.feeds",
    "dondoc.demo",
    "dondoc.bench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files, before anything reads a session or asks for a log-in: the collected files in
    # production (hashed names, compressed, cached for a year), the source folders in development.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The Content-Security-Policy, and no-store on downloaded files (core/security.py).
    "dondoc.core.security.SecurityHeadersMiddleware",
    # A write that meets a database busy with a large import: a 503 "try again" (core/busy.py).
    "dondoc.core.busy.BusyDatabaseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language switch's choice, else Vietnamese; never the browser's (core/language.py).
    "dondoc.core.language.VietnameseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # request.htmx: whether htmx sent the request, and what it asked for (core/htmx.py).
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a lock-out raised during authentication into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dondoc.urls"
WSGI_APPLICATION = "dondoc.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dondoc.tasks.context_processors.abilities",
            ],
        },
    },
]

# Django's form renderer, drawing its select boxes and inputs in Python (core/renderers.py).
FORM_RENDERER = "dondoc.core.renderers.FastTemplates"

DATABASES = {"default": env_database("DATABASE_URL", DATA_DIR / "dondoc.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

SESSION_COOKIE_AGE = env_int("DONDOC_SESSION_HOURS", 8, minimum=1) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Cookies sent over HTTPS only, in production; `make demo` runs with DEBUG off over plain HTTP on
# 127.0.0.1 and turns this off, or no log-in would hold.
SECURE_COOKIES = env_bool("DONDOC_SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
# In production a proxy terminates TLS (README, "Running in production") and says so with
# X-Forwarded-Proto: https. The application sends plain HTTP to HTTPS and tells browsers to use
# HTTPS only, for a year, on the site's own subdomains too. `preload` only consents to the browsers'
# preload list: nothing happens until the domain's owner submits the domain there.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if not DEBUG else None
SECURE_SSL_REDIRECT = env_bool("DONDOC_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("DONDOC_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DONDOC_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DONDOC_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Sent with every response (core/security.py). Scripts, styles, fonts and images come from this
# site only (Bootstrap and htmx are vendored under static/vendor/), with no inline script, inline
# style or event handler attribute: what a page needs is in static/dondoc/. Bootstrap's stylesheet
# draws its icons (the menu, close and select arrows) as data: images.
DONDOC_CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

# django-axes: five wrong passwords for one user name from one address lock that pair for the
# cool-off time; a correct log-in resets the count.
AXES_FAILURE_LIMIT = env_int("DONDOC_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("DONDOC_LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_IPWARE_PROXY_COUNT = env_int("DONDOC_PROXY_COUNT", 0)
AXES_VERBOSE = False

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True
FORMAT_MODULE_PATH = ["dondoc.formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(env_str("DONDOC_STATIC_ROOT") or DATA_DIR / "static")
# Production mode (and `make demo`) serves what `dondoc collectstatic` put in STATIC_ROOT, under
# names that carry a hash of their content, so browsers keep them for a year; a page drawn before
# collectstatic ran fails loudly. Development serves the source folders as they are.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "dondoc.core.storage.StaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
# Files asked for at the site's root whatever the page: the icon browsers fetch by themselves.
WHITENOISE_ROOT = PACKAGE_DIR / "root"
MEDIA_ROOT = DATA_DIR / "media"

# Mail goes to an SMTP server when one is named; otherwise to files in DONDOC_EMAIL_FILE_PATH when
# that is set (the demo: one file per message, to read them), else to the console.
DONDOC_EMAIL_FILE_PATH = env_str("DONDOC_EMAIL_FILE_PATH")
EMAIL_BACKEND = env_str(
    "DONDOC_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if env_str("DONDOC_EMAIL_HOST")
    else "django.core.mail.backends.filebased.EmailBackend"
    if DONDOC_EMAIL_FILE_PATH
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_FILE_PATH = DONDOC_EMAIL_FILE_PATH or None
EMAIL_HOST = env_str("DONDOC_EMAIL_HOST")
EMAIL_PORT = env_int("DONDOC_EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = env_str("DONDOC_EMAIL_USER")
EMAIL_HOST_PASSWORD = env_str("DONDOC_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("DONDOC_EMAIL_USE_TLS", True)
# A mail server that stops answering fails the send after this long (it is tried again later),
# well within the sender's claim on it (DONDOC_NOTIFY_CLAIM_SECONDS).
EMAIL_TIMEOUT = env_int("DONDOC_EMAIL_TIMEOUT", 30, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DONDOC_EMAIL_FROM", "Đôn Đốc <dondoc@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The site's address as users reach it: the links in notification mails start with it.
DONDOC_BASE_URL = env_str("DONDOC_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# Notifications (dondoc/notifications): a mail that fails is tried again after 1, 2, 4… minutes
# and marked failed after this many tries; a claim older than the lease is taken as abandoned.
DONDOC_NOTIFY_MAX_ATTEMPTS = env_int("DONDOC_NOTIFY_MAX_ATTEMPTS", 5, minimum=1)
DONDOC_NOTIFY_CLAIM_SECONDS = env_int("DONDOC_NOTIFY_CLAIM_SECONDS", 300, minimum=10)
# Mail a user wants as a daily digest is held, then sent as one mail the next day from this hour.
DONDOC_NOTIFY_DIGEST_HOUR = env_int("DONDOC_NOTIFY_DIGEST_HOUR", 7, minimum=0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A refused page (403) is an ordinary answer, logged as one line with its reason, not with the
    # traceback of the PermissionDenied that Django attaches (core/security.py).
    "filters": {"one_line_forbidden": {"()": "dondoc.core.security.OneLineForbidden"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"filters": ["one_line_forbidden"]}},
    "root": {"handlers": ["console"], "level": env_str("DONDOC_LOG_LEVEL", "WARNING").upper()},
}

# Costly parts of pages (the task list's results) are kept in each process's memory until the data
# under them changes (core/pagecache.py), at most this long; 0 turns it off.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 1000},
    }
}
DONDOC_PAGE_CACHE_SECONDS = env_int("DONDOC_PAGE_CACHE_SECONDS", 600, minimum=0)

# Tasks: how close a deadline must be to count as "due soon" (RULES.md), and attachment limits.
DONDOC_DUE_SOON_DAYS = env_int("DONDOC_DUE_SOON_DAYS", 5)
# Automatic reminders (notifications/reminders.py): so many working days before the deadline in
# force, and every so many working days while a task is overdue.
DONDOC_REMINDER_DAYS_BEFORE = env_int_list("DONDOC_REMINDER_DAYS_BEFORE", [5, 1], minimum=1)
DONDOC_REMINDER_OVERDUE_EVERY = env_int("DONDOC_REMINDER_OVERDUE_EVERY", 3, minimum=1)
# A completion confirmed longer ago than this may be returned only by the assigner's office.
DONDOC_RETURN_WINDOW_DAYS = env_int("DONDOC_RETURN_WINDOW_DAYS", 90, minimum=0)
# Dates typed, imported or asked for must fall in these years (from DONDOC_YEAR_MIN to this year
# plus DONDOC_YEARS_AHEAD): 01/01/0001 or 31/12/9999 is a typing mistake (core/dates.py).
DONDOC_YEAR_MIN = env_int("DONDOC_YEAR_MIN", 1990, minimum=1)
DONDOC_YEARS_AHEAD = env_int("DONDOC_YEARS_AHEAD", 20, minimum=1)
DONDOC_MAX_UPLOAD_MB = env_int("DONDOC_MAX_UPLOAD_MB", 20, minimum=1)
DONDOC_UPLOAD_EXTENSIONS = env_list(
    "DONDOC_UPLOAD_EXTENSIONS",
    ["pdf", "doc", "docx", "xls", "xlsx", "odt", "ods", "jpg", "jpeg", "png", "zip"],
)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
