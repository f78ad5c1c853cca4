"""Hearth settings: one module, driven by environment variables.

Set HEARTH_ENVIRONMENT=production for a live service: it then requires a real
secret key and allowed hosts, and turns on HTTPS-only cookies, HSTS and the
other protections `manage.py check --deploy` looks for. See .env.example.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from hearth.core.env import (
    env_bool,
    env_choice,
    env_colour,
    env_int,
    env_list,
    env_path,
    env_str,
)

WEB_DIR = Path(__file__).resolve().parent.parent
REPO_DIR = WEB_DIR.parent
VAR_DIR: Path = env_path("HEARTH_VAR_DIR", None) or REPO_DIR / "var"

ENVIRONMENT = env_choice(
    "HEARTH_ENVIRONMENT", "development", ("development", "production", "test")
)
PRODUCTION = ENVIRONMENT == "production"
DEBUG = env_bool("HEARTH_DEBUG", default=ENVIRONMENT == "development")
if PRODUCTION and DEBUG:
    # Debug pages show settings, code and data to anyone: never in production.
    raise ImproperlyConfigured(
        "HEARTH_DEBUG must be false when HEARTH_ENVIRONMENT=production."
    )

_DEV_SECRET = "django-insecure-hearth-development-only-never-use-in-production"  # noqa: S105
SECRET_KEY = env_str("HEARTH_SECRET_KEY", None if PRODUCTION else _DEV_SECRET)
if PRODUCTION and (len(SECRET_KEY) < 50 or SECRET_KEY == _DEV_SECRET):
    raise ImproperlyConfigured(
        "HEARTH_SECRET_KEY must be a random string of at least 50 characters in "
        "production (python -c 'import secrets; print(secrets.token_urlsafe(50))')."
    )

ALLOWED_HOSTS = env_list(
    "HEARTH_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver"
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "HEARTH_ALLOWED_HOSTS must list the host names Hearth is served on."
    )
CSRF_TRUSTED_ORIGINS = env_list("HEARTH_CSRF_TRUSTED_ORIGINS")

# Where the real open data lives (see README "Data"); None when not set up.
HEARTH_DATA_DIR = env_path("HEARTH_DATA_DIR", None)

# The council running this instance: shown in the header, footer and titles.
HEARTH_COUNCIL_NAME = env_str("HEARTH_COUNCIL_NAME", "Chorley Council")
HEARTH_COUNCIL_LAD = env_str("HEARTH_COUNCIL_LAD", "E07000118")
HEARTH_BRAND_COLOUR = env_colour("HEARTH_BRAND_COLOUR", "#1d70b8")
HEARTH_SERVICE_NAME = env_str("HEARTH_SERVICE_NAME", "Hearth")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "hearth.core",
    "hearth.accounts",
    "hearth.audit",
    "hearth.public",
    "hearth.areas",
    "hearth.indices",
    "hearth.profiles",
    "hearth.communities",
    "hearth.assets",
    "hearth.plans",
    "hearth.engagement",
    "hearth.directory",
    "hearth.delivery",
    "hearth.funding",
    "hearth.referrals",
    "hearth.evaluation",
]

MIDDLEWARE = [
    "hearth.core.middleware.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "hearth.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "hearth.core.cache.PublicPageCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "hearth.audit.middleware.AuditActorMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [WEB_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hearth.public.context_processors.hearth",
            ],
        },
    },
]

# SQLite under var/ by default; DATABASE_URL=postgres://… switches to PostgreSQL.
_default_db = f"sqlite:///{VAR_DIR / 'hearth.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", _default_db),
        conn_max_age=env_int("HEARTH_DB_CONN_MAX_AGE", 0, minimum=0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

CACHES = {
    # Small values every worker must agree on (asset version counters).
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "hearth_cache",
    },
    # Expensive results and public pages, shared by every worker on this
    # machine and kept across deploys (hearth.core.cache).
    "shared": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache" / "shared"),
        "TIMEOUT": None,
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}
# Public pages for visitors who are not signed in come from the shared cache.
HEARTH_PAGE_CACHE = env_bool("HEARTH_PAGE_CACHE", True)

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "accounts:profile"
LOGOUT_REDIRECT_URL = "public:home"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": (
            "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
        )
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# How many reverse proxies in front of Hearth add to X-Forwarded-For (0:
# none, REMOTE_ADDR is the client). See hearth.core.clients.
HEARTH_TRUSTED_PROXIES = env_int("HEARTH_TRUSTED_PROXIES", 0, minimum=0)

# Login throttling (hearth.accounts.throttle): lock a username/address pair
# after this many failures within the window.
HEARTH_LOGIN_FAILURE_LIMIT = env_int("HEARTH_LOGIN_FAILURE_LIMIT", 5, minimum=1)
HEARTH_LOGIN_LOCKOUT_SECONDS = env_int("HEARTH_LOGIN_LOCKOUT_SECONDS", 900, minimum=1)

# Community assets: a record is due for review this many days after it was
# last verified, and hidden from the public after the longer expiry.
HEARTH_ASSET_REVIEW_DAYS = env_int("HEARTH_ASSET_REVIEW_DAYS", 180, minimum=1)
HEARTH_ASSET_EXPIRY_DAYS = env_int("HEARTH_ASSET_EXPIRY_DAYS", 365, minimum=1)
# Residents' suggestions: how many one address may send per hour.
HEARTH_SUGGESTIONS_PER_HOUR = env_int("HEARTH_SUGGESTIONS_PER_HOUR", 5, minimum=1)
# Photos: largest upload in bytes and largest side in pixels.
HEARTH_PHOTO_MAX_BYTES = env_int("HEARTH_PHOTO_MAX_BYTES", 5_000_000, minimum=1000)
HEARTH_PHOTO_MAX_PIXELS = env_int("HEARTH_PHOTO_MAX_PIXELS", 6000, minimum=100)
# Largest request body accepted at all (checked before it is read): a photo
# and its form. Bodies over DATA_UPLOAD_MAX_MEMORY_SIZE (not files) and
# uploads over FILE_UPLOAD_MAX_MEMORY_SIZE go to disk, not memory.
HEARTH_MAX_REQUEST_BYTES = env_int(
    "HEARTH_MAX_REQUEST_BYTES", HEARTH_PHOTO_MAX_BYTES + 1_000_000, minimum=10_000
)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_500_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 1_000_000

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [WEB_DIR / "static_build"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Security. Cookies are HTTP-only and SameSite everywhere; HTTPS-only and HSTS
# in production.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("HEARTH_SESSION_SECONDS", 8 * 60 * 60, minimum=60)
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("HEARTH_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("HEARTH_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("HEARTH_HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy sent on every response (hearth.core.middleware).
# Map tiles are the only third-party content, and only when configured.
HEARTH_TILE_URL = env_str("HEARTH_TILE_URL", "")
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"]
    + ([HEARTH_TILE_URL.split("/{")[0]] if HEARTH_TILE_URL else []),
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

# Application logs never carry personal data: records pass through a filter
# that masks e-mail addresses, postcodes and phone numbers, and Hearth's own
# code logs ids, never names.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "hearth.core.logging.RedactPersonalDataFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["redact"],
            "formatter": "plain",
        }
    },
    "root": {"handlers": ["console"], "level": env_str("HEARTH_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # The development server's request lines (they carry query strings
        # such as ?near=PR7+1DP) go through the same filter.
        "django.server": {
            "handlers": ["console"],
            "level": "INFO",
            "propagate": False,
        },
        # gunicorn's access log (hearth serve --production) likewise.
        "gunicorn.access": {
            "handlers": ["console"],
            "level": "INFO",
            "propagate": False,
        },
        "gunicorn.error": {
            "handlers": ["console"],
            "level": "INFO",
            "propagate": False,
        },
    },
}

ADMINS: list[tuple[str, str]] = []
EMAIL_BACKEND = env_str(
    "HEARTH_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = env_str("HEARTH_FROM_EMAIL", "hearth@localhost")

# --- Funding (issue 16): crowdfunding, match funds, participatory budgeting ---
# 360Giving: the council's registered identifier prefix (each publisher
# registers its own with 360Giving) and its org-id (GB-LAE- and the council's
# three-letter local-authority-eng register code, not the ONS code). The
# defaults are the example host council's; set both for yours.
HEARTH_360G_PREFIX = env_str("HEARTH_360G_PREFIX", "360G-chorleycouncil")
HEARTH_ORG_ID = env_str("HEARTH_ORG_ID", "GB-LAE-CHO")
# "Smaller organisations" in the leverage report: a declared annual income
# under this many pounds (NCVO's micro and small charities: under £100,000).
HEARTH_FUNDING_SMALLER_INCOME = env_int(
    "HEARTH_FUNDING_SMALLER_INCOME", 100_000, minimum=1
)
# Tries at a voting code (or pledges) per address per hour.
HEARTH_VOTE_CODE_ATTEMPTS_PER_HOUR = env_int(
    "HEARTH_VOTE_CODE_ATTEMPTS_PER_HOUR", 20, minimum=1
)

# --- Referrals (social prescribing, issue 15) ---------------------------------
# Closed referrals are anonymised this many days after they closed
# (`hearth referrals retention`); an onward referral a service has not
# answered for HEARTH_REFERRAL_REPLY_DAYS is flagged, and reminders go out
# (`hearth referrals reminders`) at most every HEARTH_REFERRAL_REMINDER_DAYS.
HEARTH_REFERRAL_RETENTION_DAYS = env_int(
    "HEARTH_REFERRAL_RETENTION_DAYS", 730, minimum=1
)
HEARTH_REFERRAL_REPLY_DAYS = env_int("HEARTH_REFERRAL_REPLY_DAYS", 14, minimum=1)
HEARTH_REFERRAL_REMINDER_DAYS = env_int("HEARTH_REFERRAL_REMINDER_DAYS", 7, minimum=1)

# --- Delivery (events, household requests, the address gazetteer) -----------------
# Days after a household request closes (done, declined, no access) before
# `hearth requests retention` (run daily by cron) erases its contact details.
HEARTH_REQUEST_CONTACT_RETENTION_DAYS = env_int(
    "HEARTH_REQUEST_CONTACT_RETENTION_DAYS", 30, minimum=0
)
