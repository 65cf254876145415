"""Mend settings: one module, configured from the environment.

Every variable is listed in the README. Defaults suit a developer's machine
(SQLite, console email); production sets DATABASE_URL, DJANGO_SECRET_KEY and
DJANGO_ALLOWED_HOSTS.
"""

import base64
import secrets
import zoneinfo
from pathlib import Path

import csp.constants as csp
import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from checkin.domain import regions
from config.env import envbool, envint, envlist, envstr

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = envbool("DJANGO_DEBUG", False)


def _secret_key() -> str:
    key = envstr("DJANGO_SECRET_KEY")
    if key:
        return key
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off (set DJANGO_DEBUG=1 for a development key)."
        )
    # A development key, generated once and kept in a git-ignored file so that
    # sessions survive restarts of the development server.
    path = BASE_DIR / ".dev-secret-key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = envlist("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = envlist("DJANGO_CSRF_TRUSTED_ORIGINS", [])

# --- Security (the README's "Security" section explains each) ---------------
# HTTPS only when DEBUG is off. A plain-HTTP run on a private machine (the load
# benchmark, a laptop) switches the redirect and HSTS off explicitly.
SECURE_SSL_REDIRECT = envbool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = envint("DJANGO_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = envbool("DJANGO_HSTS_PRELOAD", False)
# Only behind a proxy that sets X-Forwarded-Proto and X-Forwarded-For itself:
# trusting those headers from a client would let anyone claim HTTPS or any
# address (checkin.core.ratelimit.client_ip reads the latter).
BEHIND_PROXY = envbool("DJANGO_BEHIND_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SESSION_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = not DEBUG
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Sessions end after two weeks without a visit: checkin.web.middleware's
# SessionRefreshMiddleware slides the expiry forward (at most once an hour, not
# on every request as SESSION_SAVE_EVERY_REQUEST would).
SESSION_COOKIE_AGE = 14 * 24 * 3600
# Clinicians and admins read many patients' data: their sessions end this many
# hours after logging in, and after this many minutes unused
# (checkin/web/middleware.py: RoleSessionLimitMiddleware).
MEND_STAFF_SESSION_HOURS = envint("MEND_STAFF_SESSION_HOURS", 12)
MEND_STAFF_IDLE_MINUTES = envint("MEND_STAFF_IDLE_MINUTES", 30)
# A patient's session slides two weeks from each visit, but asks for the
# password again this many days after logging in, however often they visit.
MEND_PATIENT_SESSION_DAYS = envint("MEND_PATIENT_SESSION_DAYS", 90, minimum=1)
# How long a phone shows a personal page it kept without reaching Mend; after
# that, only the offline page and the check-in form (templates/pwa/serviceworker.js).
MEND_KEPT_PAGES_HOURS = envint("MEND_KEPT_PAGES_HOURS", 12)

# Content Security Policy (django-csp): only Mend's own origin, no inline
# script or style anywhere (the house rule: JS in static files, data through
# data-* attributes or json_script), no framing, no plugins. Bootstrap's CSS
# draws some controls with data: SVG images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF],
        "style-src": [csp.SELF],
        "img-src": [csp.SELF, "data:"],
        "font-src": [csp.SELF],
        "connect-src": [csp.SELF],
        "manifest-src": [csp.SELF],
        "worker-src": [csp.SELF],
        "frame-ancestors": [csp.NONE],
        "base-uri": [csp.SELF],
        "form-action": [csp.SELF],
        "object-src": [csp.NONE],
    }
}

# Login throttling (django-axes): five wrong passwords for one account from one
# address lock that pair out for 15 minutes; other accounts on the address, and
# the same account from elsewhere, can still log in.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# A password-reset link works for an hour (Django's default is three days).
PASSWORD_RESET_TIMEOUT = 3600
AXES_FAILURE_LIMIT = 5
# 15 minutes, doubling with each pause of the same pair that day
# (checkin/accounts/lockout.py); each attempt keeps its own expiry, since the
# pauses of different pairs differ.
AXES_COOLOFF_TIME = "checkin.accounts.lockout.cool_off"
AXES_USE_ATTEMPT_EXPIRATION = True
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"  # the login form's field that holds the email
AXES_USERNAME_CALLABLE = "checkin.accounts.lockout.login_email"
AXES_CLIENT_IP_CALLABLE = "checkin.core.ratelimit.client_ip"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Tries during a lock-out do not restart it: the page can promise its length.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Keep only failed attempts, not a record of every login; lock-outs end by
# themselves, and `manage.py axes_reset_username EMAIL` lifts one sooner. So
# axes needs no pages in the admin.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ADMIN = False

# Second factor (checkin/accounts/second_step.py). Passkeys are a second step
# after the password, never a way round it. A passkey belongs to the host the
# browser asked for and is checked against that same origin: ALLOWED_HOSTS
# decides which hosts those may be, so there is no second list to keep.
OTP_WEBAUTHN_RP_NAME = "Mend"
OTP_WEBAUTHN_RP_ID_CALLABLE = "checkin.accounts.second_step.relying_party_id"
OTP_WEBAUTHN_HELPER_CLASS = "checkin.accounts.second_step.PasskeyHelper"
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_TOTP_ISSUER = "Mend"

SILENCED_SYSTEM_CHECKS = [
    # security.W021 asks for the HSTS "preload" flag. Preloading puts the domain
    # on a list built into browsers, which is hard to leave: the owner of the
    # domain opts in with DJANGO_HSTS_PRELOAD=1; it is not a default.
    "security.W021",
    # otp_webauthn.E030 asks for a fixed list of origins; Mend's PasskeyHelper
    # checks each passkey against the origin of the request itself (above).
    "otp_webauthn.E030",
]

INSTALLED_APPS = [
    # Before checkin: its admin module takes their device admins away again
    # (checkin/accounts/admin.py), so second factors change only where it is logged.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "checkin",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "pwa",
    "axes",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "checkin.web.middleware.RefuseNulMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "checkin.web.middleware.SessionRefreshMiddleware",
    "checkin.web.middleware.DatabaseUnavailableMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "checkin.web.middleware.PatientTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "checkin.web.middleware.RoleSessionLimitMiddleware",
    "checkin.web.middleware.SecondStepMiddleware",
    "checkin.web.middleware.PrivatePagesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a lock-out into its page.
    "axes.middleware.AxesMiddleware",
]

# Features a check-in app never needs; an empty allow-list "()" turns each off
# for the page and for anything it might embed (django-permissions-policy).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
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
                "checkin.web.navigation.navigation",
            ],
            "builtins": ["checkin.templatetags.mend_dates"],
        },
    },
]


def _database(url: str) -> dict:
    try:
        return dj_database_url.parse(url, conn_max_age=envint("DJANGO_CONN_MAX_AGE", 60), conn_health_checks=True)
    except ValueError as error:
        raise ImproperlyConfigured(
            f"DATABASE_URL is not a database URL Django understands ({error}). Set it like "
            "postgres://USER:PASSWORD@HOST:5432/NAME, or sqlite:////full/path/to/mend.sqlite3."
        ) from None


DATABASES = {"default": _database(envstr("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # Writers take the lock when their transaction starts, so two workers
        # saving at once wait their turn (busy timeout) instead of one failing
        # with "database is locked" when it tries to upgrade a read lock.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        # WAL: readers never block the writer; synchronous=NORMAL syncs at
        # checkpoints rather than on every commit (a power cut may lose the
        # last commits, never corrupt the file).
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

# Behind a pooler in transaction mode (PgBouncer's pool_mode = transaction),
# a server-side cursor does not outlive its transaction: DATABASE_POOLER=
# transaction turns them off. Mend's exports read in chunks of their own
# (checkin/core/streaming.py) and stream in flat memory either way.
DATABASE_POOLER = envstr("DATABASE_POOLER")
if DATABASE_POOLER not in ("", "transaction"):
    raise ImproperlyConfigured(f"DATABASE_POOLER is {DATABASE_POOLER!r}: set it to transaction, or leave it unset.")
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = DATABASE_POOLER == "transaction"

# An optional PostgreSQL streaming replica for the pages that only read
# (checkin/core/replica.py); without it every read goes to DATABASE_URL.
if envstr("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = _database(envstr("DATABASE_REPLICA_URL")) | {
        "DISABLE_SERVER_SIDE_CURSORS": DATABASE_POOLER == "transaction",
        # Tests (and a migrate) see the primary: the replica copies it.
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["checkin.core.replica.Router"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"),
        "checkin.core.replica.PrimaryAfterWrite",
    )
# Clinicians read "as of 14:02" when the replica is this many seconds behind.
MEND_REPLICA_LAG_NOTE_SECONDS = envint("MEND_REPLICA_LAG_NOTE_SECONDS", 30)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "checkin.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Argon2 first: the recommended hasher for new passwords; the others still
# verify any hash made before a switch.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = envstr("DJANGO_TIME_ZONE", "UTC")
if TIME_ZONE not in zoneinfo.available_timezones():
    raise ImproperlyConfigured(f"DJANGO_TIME_ZONE must be an IANA time zone such as Europe/London, not {TIME_ZONE!r}")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed names in production; plain files while developing so
    # that no collectstatic is needed to run.
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_KEEP_ONLY_HASHED_FILES = True


def _email_backend(host: str) -> str:
    """SMTP when EMAIL_HOST is set; an operator's explicit EMAIL_BACKEND; the
    console only under DEBUG. Password-reset links must never land in a
    server log that someone else can read, so production without either
    refuses to start."""
    chosen = envstr("EMAIL_BACKEND")
    if chosen:
        return chosen
    if host:
        return "django.core.mail.backends.smtp.EmailBackend"
    if DEBUG:
        return "django.core.mail.backends.console.EmailBackend"
    raise ImproperlyConfigured(
        "EMAIL_HOST must be set when DJANGO_DEBUG is off: Mend emails password-reset links and reminders "
        "(set EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER and EMAIL_HOST_PASSWORD, or EMAIL_BACKEND to choose a backend)."
    )


EMAIL_HOST = envstr("EMAIL_HOST")
EMAIL_BACKEND = _email_backend(EMAIL_HOST)
EMAIL_PORT = envint("EMAIL_PORT", 587)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "Mend <noreply@localhost>")

# The deployment's country or part of one (ISO 3166 code, or EU): its crisis
# lines are shown first, and every Call button dials its emergency number.
MEND_REGION = envstr("MEND_REGION", "GB").strip().upper()
if not regions.is_code(MEND_REGION):
    raise ImproperlyConfigured(f"MEND_REGION must be {regions.FORM}, not {MEND_REGION!r}")

# The address patients reach Mend at, for links in reminder emails (sent by
# `manage.py send_reminders`, outside any request).
MEND_SITE_URL = envstr("MEND_SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")

# What the clinic calls its own number for a patient ("NHS number", "MRN"),
# as clinicians read it beside the patient's name, and the FHIR identifier
# system it is sent under (blank: the deployment's own, under /fhir/).
MEND_CLINIC_NUMBER_LABEL = envstr("MEND_CLINIC_NUMBER_LABEL").strip() or "Clinic number"
MEND_CLINIC_NUMBER_SYSTEM = envstr("MEND_CLINIC_NUMBER_SYSTEM", "").strip()


def _vapid_keys() -> tuple[str, str]:
    """Web Push's VAPID key pair (base64url): from the environment; under
    DEBUG, generated once into a git-ignored file, like the secret key. With
    DEBUG off and no keys, push is off (a deploy check says so)."""
    private, public = envstr("MEND_VAPID_PRIVATE_KEY"), envstr("MEND_VAPID_PUBLIC_KEY")
    if private and public or not DEBUG:
        return private, public
    path = BASE_DIR / ".dev-vapid-keys"
    if not path.exists():
        from checkin.reminders.keys import new_vapid_keys

        path.write_text("\n".join(new_vapid_keys()))
        path.chmod(0o600)
    private, public = path.read_text().split()
    return private, public


def _seed_keys() -> str:
    """The keys that seal authenticator seeds (checkin/models/seeds.py says
    how): from the environment; under DEBUG, generated once into a
    git-ignored file, like the secret key. Without any, seeds are kept as
    django-otp keeps them, and a deploy check says so."""
    keys = envstr("MEND_SEED_KEYS")
    if keys or not DEBUG:
        return keys
    path = BASE_DIR / ".dev-seed-keys"
    if not path.exists():
        path.write_text("1:" + base64.b64encode(secrets.token_bytes(32)).decode())
        path.chmod(0o600)
    return path.read_text().strip()


MEND_SEED_KEYS = _seed_keys()

MEND_VAPID_PRIVATE_KEY, MEND_VAPID_PUBLIC_KEY = _vapid_keys()
MEND_VAPID_SUBJECT = envstr("MEND_VAPID_SUBJECT", "mailto:admin@localhost" if DEBUG else "")
# The push services a device's subscription may name (a host, or any host
# under it): the major browsers' by default (Chrome, Edge and Android: FCM;
# Firefox: Mozilla autopush; Safari: Apple; Windows: WNS). Mend sends to no
# other address, so a patient cannot point the server at the clinic's network.
# MEND_PUSH_HOSTS (comma-separated) adds to these.
MEND_PUSH_HOSTS = [
    "fcm.googleapis.com",
    "android.googleapis.com",
    "push.services.mozilla.com",
    "push.apple.com",
    "notify.windows.com",
    *envlist("MEND_PUSH_HOSTS", []),
]

# Seconds each process keeps the pattern rules and their guidance links, and
# the crisis lines (checkin/insights/rules.py, checkin/safety/lines.py); an
# admin's edit reaches every process within this.
MEND_RULES_CACHE_SECONDS = envint("MEND_RULES_CACHE_SECONDS", 60)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

MESSAGE_TAGS = {40: "danger"}  # Bootstrap's name for messages.ERROR

# django-pwa: the manifest and service worker (see templates/manifest.json).
PWA_APP_NAME = "Mend"
PWA_APP_DESCRIPTION = "A thirty-second daily check-in for back pain and mood."
PWA_APP_THEME_COLOR = "#0f766e"
PWA_APP_BACKGROUND_COLOR = "#f8faf9"
PWA_APP_DISPLAY = "standalone"
PWA_APP_SCOPE = "/"
PWA_APP_START_URL = "/checkin/"
PWA_APP_ORIENTATION = "portrait"
PWA_APP_DIR = "ltr"
PWA_APP_LANG = "en-GB"
PWA_APP_DEBUG_MODE = False
PWA_APP_ICONS = []
PWA_APP_ICONS_APPLE = []
PWA_APP_SPLASH_SCREEN = []
# /serviceworker.js is Mend's own view (checkin/pwa/views.py, routed ahead of
# django-pwa's), rendered from templates/pwa/serviceworker.js with hashed static names.
# The JSON API answers a missing CSRF token in JSON; other pages as usual.
CSRF_FAILURE_VIEW = "checkin.web.errors.csrf_failure"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("DJANGO_LOG_LEVEL", "INFO")},
}
