"""Django settings, read from the environment.

Every setting a clinic may change comes from a ``PIRI_*`` variable; nothing here opens a
database or a file except the secret key file in the data directory.
"""

from __future__ import annotations

import json
import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
import platformdirs
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


DATA_DIR = Path(os.environ.get("PIRI_DATA_DIR") or platformdirs.user_data_dir("piri"))
DEBUG = _flag("PIRI_DEBUG")


def _secret_key() -> str:
    if key := os.environ.get("PIRI_SECRET_KEY"):
        return key
    key_file = DATA_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [
    h for h in os.environ.get("PIRI_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h
]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("PIRI_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    # Django's admin with the clinic-scoped site (piri.accounts.admin_site) as admin.site
    "piri.accounts.admin_apps.PiriAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "piri",
    "piri.accounts",
    "piri.program",
    "piri.reminders",
    "piri.push",
    "piri.clinic",
    "piri.videos",
    "piri.jobs",  # after django_tasks_db: its admin replaces the library's
    # after Piri, so that Piri's templates/account/ pages win
    "allauth",
    "allauth.account",
    "allauth.mfa",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages are compressed (the session page carries its whole plan); Django pads compressed
    # responses with random bytes against BREACH, and CSRF tokens are masked per request.
    "piri.videos.compression.GZipExceptRanges",  # Django's, except byte-range media
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "piri.accounts.middleware.PatientTimezoneMiddleware",
    # staff of a clinic that requires two-factor sign-in set it up before anything else
    "piri.accounts.two_factor.StaffTwoFactorMiddleware",
    "piri.program.safety_gate.SafetyGateMiddleware",
    # last, as django-axes asks: turns a locked-out sign-in into our lockout page
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "piri.urls"
WSGI_APPLICATION = "piri.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

_default_db = f"sqlite:///{DATA_DIR / 'piri.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("PIRI_DATABASE_URL") or _default_db,
        conn_max_age=600,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's backend, with one process's write transactions taken in turn (piri.sqlite)
    DATABASES["default"]["ENGINE"] = "piri.sqlite"
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
        ),
        "transaction_mode": "IMMEDIATE",
    }

# Per-process memory cache (the insights page keeps its numbers here). Keys carry a fingerprint
# of the data they were computed from, so several processes never serve each other stale data.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "piri",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }
}

AUTH_USER_MODEL = "accounts.User"
# django-axes first: it refuses a sign-in while that username is locked out from that address.
# Then allauth's (a username in any case, or an email address, with the password), which
# also loads the signed-in person with their patient profile in one query
# (piri.accounts.backends; sessions signed in before it was used sign in again once).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "piri.accounts.backends.PeopleBackend",
]
# Django's database sessions, read with one query written once (piri.accounts.sessions): a
# session deleted at sign-out is refused at once by every worker.
SESSION_ENGINE = "piri.accounts.sessions"
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
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
PIRI_DEFAULT_TIME_ZONE = os.environ.get("PIRI_DEFAULT_TIME_ZONE", "Europe/London")

STATIC_URL = "static/"
# Collected files are only needed when serving from the manifest (production); otherwise the
# finders serve straight from the package.
STATIC_ROOT = DATA_DIR / "static" if _flag("PIRI_MANIFEST_STATIC") else None
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if _flag("PIRI_MANIFEST_STATIC")
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Clinic videos (piri.videos, decision 0016): kept in <data folder>/videos by default; any
# Django storage backend (an S3-compatible store through django-storages, say) may take over:
# PIRI_VIDEO_STORAGE_BACKEND names its class, PIRI_VIDEO_STORAGE_OPTIONS its options as JSON.
STORAGES["videos"] = {
    "BACKEND": os.environ.get(
        "PIRI_VIDEO_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"
    ),
    "OPTIONS": json.loads(os.environ["PIRI_VIDEO_STORAGE_OPTIONS"])
    if os.environ.get("PIRI_VIDEO_STORAGE_OPTIONS")
    else {"location": str(DATA_DIR / "videos")},
}
PIRI_VIDEO_MAX_MB = int(os.environ.get("PIRI_VIDEO_MAX_MB", "200"))
PIRI_VIDEO_MAX_SECONDS = int(os.environ.get("PIRI_VIDEO_MAX_SECONDS", "600"))
# An upload's form fields (not its files) stay small; files above 2.5 MB go to a temporary file
# on disk, never into memory, whatever the video limit.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
WHITENOISE_USE_FINDERS = not _flag("PIRI_MANIFEST_STATIC")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Production over HTTPS (docs/decisions/0006-roles-admin-and-sign-in-security.md):
# PIRI_HTTPS=1 turns on secure cookies, the redirect to https:// and HSTS (a year, subdomains,
# preload-ready). Behind a proxy that ends TLS, PIRI_PROXY_SSL_HEADER=1 trusts its
# X-Forwarded-Proto: https (the proxy must set it on every request and drop any copy the client
# sent).
HTTPS = _flag("PIRI_HTTPS")
SESSION_COOKIE_SECURE = HTTPS or _flag("PIRI_SECURE_COOKIES")
CSRF_COOKIE_SECURE = HTTPS or _flag("PIRI_SECURE_COOKIES")
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # a load balancer's plain-HTTP health probe
SECURE_HSTS_SECONDS = int(os.environ.get("PIRI_HSTS_SECONDS") or 31_536_000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if _flag("PIRI_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Sign-in throttling (django-axes): after PIRI_LOGIN_ATTEMPTS wrong passwords for one username
# from one address, that pair is locked out for PIRI_LOCKOUT_MINUTES, right password or not.
AXES_FAILURE_LIMIT = int(os.environ.get("PIRI_LOGIN_ATTEMPTS") or 5)
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("PIRI_LOCKOUT_MINUTES") or 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "piri.accounts.lockout.locked_out"
# "FPAT" and "fpat" are one person (usernames are unique whatever their case): one count
AXES_USERNAME_CALLABLE = "piri.accounts.lockout.username_of"
AXES_DISABLE_ACCESS_LOG = True  # successful sign-ins are not kept; failed ones are
AXES_VERBOSE = False

# Accounts (django-allauth, docs/decisions/0014-accounts-library.md): sign up, sign in with a
# username or an email address, email addresses, password reset and change. Verifying an
# email address is asked for, never required: the first session is never held up by it.
ACCOUNT_ADAPTER = "piri.accounts.adapter.PiriAccountAdapter"
ACCOUNT_FORMS = {
    "login": "piri.accounts.forms.PiriLoginForm",
    "signup": "piri.accounts.forms.PiriSignupForm",
    "reset_password": "piri.accounts.forms.PiriResetPasswordForm",
    "reset_password_from_key": "piri.accounts.forms.PiriResetPasswordKeyForm",
    "change_password": "piri.accounts.forms.PiriChangePasswordForm",
    "add_email": "piri.accounts.forms.PiriAddEmailForm",
}
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True  # one address; a new one replaces it once verified
ACCOUNT_PRESERVE_USERNAME_CASING = True  # shown as typed, compared without case
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False  # the page says the same; nothing goes to strangers
# A short email when the password or the email address changes (our words: templates/account/email/)
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""  # the adapter puts "Piri: " before every subject
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if HTTPS else "http"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
# Wrong passwords are django-axes' business (above): allauth's own sign-in limits are off so
# that one rule, with one pause page, holds. Its limits on reset emails, verification emails,
# sign-ups and password changes stay as allauth sets them.
ACCOUNT_RATE_LIMITS = {"login": None, "login_failed": None}
# Two-factor sign-in (allauth.mfa): an authenticator app (TOTP), passkeys (WebAuthn) and
# recovery codes, pages under /account/2fa/ with Piri's templates (templates/mfa/). Recovery
# codes are shown once, right after they are made (the page offers them as a file then).
# A passkey is a second step after the password, or signs in on its own ("Sign in with a
# passkey"). Passkeys need HTTPS and a domain name (http://localhost works for development;
# an IP address never does): docs/decisions/0020-passkeys.md.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_ADAPTER = "piri.accounts.mfa_adapter.PiriMFAAdapter"
# The passkeys' relying party: the site's domain. Unset, it is the host the page was asked
# under (one of ALLOWED_HOSTS); set it when a site answers under several names, since a
# passkey made under one name works only under that name and its subdomains.
PIRI_WEBAUTHN_RP_ID = os.environ.get("PIRI_WEBAUTHN_RP_ID", "")
MFA_TOTP_ISSUER = "Piri"
MFA_RECOVERY_CODES_SHOW_ONCE = True
MFA_FORMS = {  # Piri's words, and a pause after 5 wrong codes (allauth's is login_failed's, off)
    "authenticate": "piri.accounts.mfa_forms.PiriAuthenticateForm",
    "reauthenticate": "piri.accounts.mfa_forms.PiriReauthenticateForm",
    "activate_totp": "piri.accounts.mfa_forms.PiriActivateTOTPForm",
    # passkeys: a broken credential is a form error (never a 500), told in Piri's words
    "add_webauthn": "piri.accounts.passkey_forms.PiriAddWebAuthnForm",
    "authenticate_webauthn": "piri.accounts.passkey_forms.PiriAuthenticateWebAuthnForm",
    "login_webauthn": "piri.accounts.passkey_forms.PiriLoginWebAuthnForm",
    "reauthenticate_webauthn": "piri.accounts.passkey_forms.PiriReauthenticateWebAuthnForm",
}
# A password-reset link works once (it is tied to the password and the last sign-in) and for
# a day.
PASSWORD_RESET_TIMEOUT = 24 * 60 * 60

# Which protocol file the program runs (a clinic may point this at its own reviewed copy).
PIRI_PROTOCOL = os.environ.get("PIRI_PROTOCOL", "rss")
# The safety policy: red flags, monitoring and dosing rules ("builtin" or a file path).
PIRI_POLICY = os.environ.get("PIRI_POLICY", "builtin")
# What the emergency screen tells people to call.
PIRI_EMERGENCY_NUMBER = os.environ.get("PIRI_EMERGENCY_NUMBER", "999, 112 or 911")
# The clinic's licensed questionnaire texts, one `<instrument>.yaml` each (docs/measures.md).
PIRI_MEASURES_TEXT_DIR = Path(
    os.environ.get("PIRI_MEASURES_TEXT_DIR") or DATA_DIR / "measures-text"
)

# Email to clinics (new specialist requests, red flags): SMTP when a host is set, otherwise
# printed on the console so that `make run` works without a mail server.
EMAIL_HOST = os.environ.get("PIRI_EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("PIRI_EMAIL_PORT") or 587)
EMAIL_HOST_USER = os.environ.get("PIRI_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("PIRI_EMAIL_PASSWORD", "")
# TLS on: STARTTLS, or TLS from the first byte on port 465.
EMAIL_USE_SSL = _flag("PIRI_EMAIL_TLS", True) and EMAIL_PORT == 465
EMAIL_USE_TLS = _flag("PIRI_EMAIL_TLS", True) and not EMAIL_USE_SSL
EMAIL_TIMEOUT = 10
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("PIRI_EMAIL_FROM", "piri@localhost")
# Web push (piri.push, decision 0019): the contact push services see (default: mailto: the
# sender above); push endpoints on this machine over plain http only when allowed (tests).
PIRI_PUSH_SUBJECT = os.environ.get("PIRI_PUSH_SUBJECT", "")
PIRI_PUSH_ALLOW_LOCAL = _flag("PIRI_PUSH_ALLOW_LOCAL")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address people reach Piri at, for links in emails.
PIRI_SITE_URL = os.environ.get("PIRI_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Background jobs (docs/decisions/0013-background-jobs.md): Django Tasks kept in the database,
# run by `piri worker` (which `piri serve` starts beside the web server). A job whose worker
# has not been heard from for PIRI_WORKER_LEASE seconds is given to another worker.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
PIRI_WORKER_LEASE = max(1, int(os.environ.get("PIRI_WORKER_LEASE") or 60))
# When the nightly triage rebuild runs (HH:MM in PIRI_DEFAULT_TIME_ZONE; empty: never).
PIRI_TRIAGE_AT = os.environ.get("PIRI_TRIAGE_AT", "03:00")
# When the nightly purge of deleted patients' kept records runs (decision 0017; empty: never).
PIRI_PURGE_AT = os.environ.get("PIRI_PURGE_AT", "03:30")

# No inline scripts or styles anywhere: data reaches scripts through json_script / data-*.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "media-src": [SELF, "data:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
