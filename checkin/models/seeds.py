"""Authenticator seeds sealed at rest: a copy of the database alone gives none.

An authenticator app's seed (the secret its codes come from) is kept in
django-otp's ``key`` column. Mend stores it there sealed with AES-GCM
(the ``cryptography`` library) under a key from the environment,
``MEND_SEED_KEYS``: "2:<base64 key>,1:<base64 key>", newest first. The
stored value names its key, ``s2:<base64url nonce, ciphertext and tag>``
(67 characters for the usual 20-byte seed, inside the column's 80), so
older keys still open what they sealed while the newest seals anything
new; ``manage.py seal_seeds`` reseals every seed under the newest key, after
which older keys can go. A seed stored before sealing (hex, as django-otp
keeps it) still works, and ``seal_seeds`` seals it.
"""

import base64
import binascii
import functools
import os
import re

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Binds a sealed value to its use: the same key sealing anything else would not open here.
PURPOSE = b"mend.totp-seed"
SEALED = re.compile(r"^s(\d+):([A-Za-z0-9_-]+)$")
NONCE_BYTES = 12


class SeedUnreadable(Exception):
    """A stored seed no configured key opens (a key removed too soon, or damage)."""


def parse_keys(text: str) -> dict[int, bytes]:
    """``MEND_SEED_KEYS`` as {key id: 32-byte key}, newest first; {} when empty.
    Raises ImproperlyConfigured, naming the entry, for anything else."""
    keys: dict[int, bytes] = {}
    for entry in filter(None, (part.strip() for part in text.split(","))):
        number, _, encoded = entry.partition(":")
        try:
            key = base64.b64decode(encoded, validate=True)
        except binascii.Error:
            key = b""
        if not number.isdigit() or len(key) != 32 or int(number) in keys:
            raise ImproperlyConfigured(
                "MEND_SEED_KEYS: each entry is <number>:<32 bytes in base64>, numbers unique, "
                f"newest first, such as 2:{new_key()}; not {entry[:12]!r}..."
            )
        keys[int(number)] = key
    return keys


@functools.cache
def _parsed(text: str) -> dict[int, bytes]:
    return parse_keys(text)


def keys() -> dict[int, bytes]:
    """The configured keys, newest first (parsed once per setting's value)."""
    return _parsed(settings.MEND_SEED_KEYS)


def new_key() -> str:
    """A fresh key, base64: what ``MEND_SEED_KEYS`` lists."""
    return base64.b64encode(AESGCM.generate_key(bit_length=256)).decode()


def current_key_id() -> int | None:
    """The id that seals new seeds; None when no key is configured (seeds stay as django-otp keeps them)."""
    return next(iter(keys()), None)


def seal(seed: bytes) -> str:
    """The stored form of ``seed``, sealed under the newest key (``needs_sealing`` says there is one)."""
    key_id = next(iter(keys()))
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(keys()[key_id]).encrypt(nonce, seed, PURPOSE)
    return f"s{key_id}:" + base64.urlsafe_b64encode(nonce + sealed).decode().rstrip("=")


def unseal(stored: str) -> bytes:
    """The seed itself, from its stored form (sealed, or hex from before sealing)."""
    match = SEALED.match(stored)
    if match is None:
        return bytes.fromhex(stored)
    key = keys().get(int(match[1]))
    if key is None:
        raise SeedUnreadable(f"sealed under key {match[1]}, which MEND_SEED_KEYS no longer lists")
    raw = base64.urlsafe_b64decode(match[2] + "=" * (-len(match[2]) % 4))
    try:
        return AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], PURPOSE)
    except Exception as error:  # cryptography's InvalidTag: wrong key or a damaged value
        raise SeedUnreadable(f"key {match[1]} does not open it") from error


def needs_sealing(stored: str) -> bool:
    """True when ``stored`` is not sealed under the newest key (and there is one)."""
    key_id = current_key_id()
    match = SEALED.match(stored)
    return key_id is not None and (match is None or int(match[1]) != key_id)
