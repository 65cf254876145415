"""Invitation codes: short enough to read aloud, too many to guess.

Pure functions (no ORM). A code is ``CODE_LENGTH`` characters drawn with
``secrets`` from an alphabet without look-alikes (no 0/O, 1/I/L), shown in
groups such as ``K7QX-M4PR-2Z``. 31 ** 10 is about 8 * 10 ** 14 codes
(49 bits): with a few tries allowed per quarter hour and a week of validity,
guessing one is hopeless.

The database keeps only ``code_hash(code)``, a keyed HMAC: without the
server's SECRET_KEY, a copy of the database cannot be searched for codes
(a plain SHA-256 of 49 bits could be brute-forced offline). Rotating the
secret key therefore cancels pending invitations, which expire within a
week anyway.
"""

import re
import secrets

from django.utils.crypto import salted_hmac

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10
GROUPS = (4, 4, 2)  # how the code is shown: K7QX-M4PR-2Z
_HASH_SALT = "mend.invite-code"
_SEPARATORS = re.compile(r"[\s\-_.]+")


def new_code() -> str:
    """A fresh random code, normalized (no dashes): ``K7QXM4PR2Z``."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalize(typed: str) -> str:
    """What the person meant: upper case, without spaces, dashes, dots or underscores.

    ``" k7qx m4pr-2z "`` -> ``"K7QXM4PR2Z"``. Other characters are kept, so
    ``is_well_formed`` can reject them.
    """
    return _SEPARATORS.sub("", typed or "").upper()


def is_well_formed(code: str) -> bool:
    """True when a normalized code has the right length and only alphabet characters."""
    return len(code) == CODE_LENGTH and all(char in ALPHABET for char in code)


def display(code: str) -> str:
    """A normalized code in easy-to-read groups: ``K7QXM4PR2Z`` -> ``K7QX-M4PR-2Z``."""
    parts, start = [], 0
    for size in GROUPS:
        parts.append(code[start : start + size])
        start += size
    return "-".join(part for part in parts if part)


def code_hash(code: str) -> str:
    """The keyed hash stored for a normalized code (64 hex characters)."""
    return salted_hmac(_HASH_SALT, code, algorithm="sha256").hexdigest()
