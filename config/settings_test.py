"""Settings for the test suite: production settings plus what makes tests fast."""

import os

# Tests run with DEBUG off, as production does; they need some key to start.
os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-key-0123456789-abcdefghijklmnopqrstuvwxyz")
# Authenticator seeds are sealed in tests as in production (a fixed key, tests only).
os.environ.setdefault("MEND_SEED_KEYS", "1:dGVzdHMtb25seS1rZXktZm9yLXNlZWRzLTMyLWJ5dGU=")
# Django's test runner keeps sent mail in memory (mail.outbox) whatever this says.
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")

from config.settings import *  # noqa: E402,F403

# A fast hasher in tests only; production keeps Argon2 first.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Plain static storage, so pages render without collectstatic; the manifest
# storage has its own test.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# The test client and pytest-django's live_server speak plain HTTP, so the
# HTTPS redirect would answer every request with a 301. Only the redirect is
# off; the production values (redirect, HSTS, Secure cookies) are proved by
# importing config.settings in a subprocess in tests/web/test_hardening.py.
SECURE_SSL_REDIRECT = False
# Tests edit rules with queryset.update(), which sends no signal: read them
# fresh on every request here (tests/guidance/test_rules_cache.py tests the cache).
MEND_RULES_CACHE_SECONDS = 0

# Reminders: links in emails point at the test server, and Web Push has a
# key pair (tests/reminders/ checks every push with a fake push service).
MEND_SITE_URL = "http://testserver"
if not MEND_VAPID_PRIVATE_KEY:  # noqa: F405
    from checkin.reminders.keys import new_vapid_keys

    MEND_VAPID_PRIVATE_KEY, MEND_VAPID_PUBLIC_KEY = new_vapid_keys()
    MEND_VAPID_SUBJECT = "mailto:tests@example.org"
