"""Which push endpoints Mend sends to: only the browsers' push services.

A subscription's endpoint is an address the patient's device hands over; the
server later sends a request there. Left open, a patient could point it at
the clinic's own network (127.0.0.1, 10.x, a cloud's metadata address). So an
endpoint is stored only if it is an ``https://`` address with no credentials
and no other port, on a host that is, or lies under, one of
``settings.MEND_PUSH_HOSTS``; and at send time its host must resolve only to
public addresses. Sending never follows a redirect (sending.py).
"""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings

MAX_LENGTH = 1000


def endpoint_problem(endpoint: object) -> str | None:
    """Why this endpoint is refused, in words for the API's answer; None if allowed."""
    if not isinstance(endpoint, str) or not endpoint or len(endpoint) > MAX_LENGTH:
        return f"send the push service's https:// address for this device (at most {MAX_LENGTH} characters)."
    try:
        parts = urlsplit(endpoint)
        port = parts.port
    except ValueError:
        return "send the push service's https:// address for this device."
    host = (parts.hostname or "").rstrip(".").lower()
    if parts.scheme != "https" or not host or parts.username is not None or port not in (None, 443):
        return "send the push service's https:// address for this device, with no user name, password or port."
    if not any(host == allowed or host.endswith("." + allowed) for allowed in settings.MEND_PUSH_HOSTS):
        return (
            "Mend sends reminders only through the browsers' push services ("
            + ", ".join(settings.MEND_PUSH_HOSTS)
            + ")."
        )
    return None


def resolves_publicly(endpoint: str) -> bool:
    """True when the endpoint's host resolves, and only to public addresses."""
    host = urlsplit(endpoint).hostname or ""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, 443, proto=socket.IPPROTO_TCP)}
    except (OSError, UnicodeError):
        return False
    return bool(addresses) and all(ipaddress.ip_address(a.split("%")[0]).is_global for a in addresses)
