"""gunicorn's access log without the secrets some addresses carry.

A sign-up confirmation, a password reset and a reminder email's unsubscribe
link each hold a token in their path; the access log would keep every one,
readable by whoever reads the server's logs. This logger writes such paths
with the token replaced by "[token]", in the request line, the path, the
query and the Referer (a page opened from such a link names it there too).
config/gunicorn.conf.py uses it as ``logger_class``.
"""

import re

from gunicorn.glogging import Logger

# (pattern, replacement) for each address that carries a token.
TOKENS = [
    (re.compile(r"(/accounts/signup/confirm/)[^/?\s]+"), r"\1[token]"),
    (re.compile(r"(/accounts/password/reset/)[^/?\s]+/(?!set-password/)[^/?\s]+"), r"\1[token]"),
    (re.compile(r"(/reminders/unsubscribe/)[^/?\s]+"), r"\1[token]"),
]
REDACTED_ATOMS = ("r", "U", "q", "f")


def redact(text: str) -> str:
    for pattern, replacement in TOKENS:
        text = pattern.sub(replacement, text)
    return text


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in REDACTED_ATOMS:
            if isinstance(atoms.get(key), str):
                atoms[key] = redact(atoms[key])
        if "{referer}i" in atoms:
            atoms["{referer}i"] = redact(atoms["{referer}i"])
        return atoms
