"""A fake Web Push service and a real local SMTP server, for the reminder tests.

The push service checks what a real one checks (the VAPID JWT's ES256
signature, its audience, expiry and subject, the TTL and content encoding)
and decrypts every payload (RFC 8291, aes128gcm) with the subscription's
private key, as the browser would: a message it accepts is one a real
service would take and a real browser could read.

Its devices' endpoints are https:// addresses on a push host of its own
(HOST), as a real service's are: ``route()`` allows that host, resolves it to
a public address and carries the sends to the local server, so that Mend's
rules on endpoints (push_endpoints.py) apply to the fake as to any service.
"""

import base64
import contextlib
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from unittest import mock
from urllib.parse import urlsplit

import http_ece
import requests
from aiosmtpd.controller import Controller
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from django.test import override_settings


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class Device:
    """A browser's side of one subscription: its keys, which only it can decrypt with."""

    def __init__(self, service, name):
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.auth = b64(bytes(range(16)))
        public = self.key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        self.p256dh = b64(public)
        self.endpoint = f"https://{HOST}/push/{name}"


HOST = "push.fake-service.test"
PUBLIC_ADDRESS = "142.250.1.1"  # what HOST resolves to: any public address


class FakePushService:
    def __init__(self, subject: str):
        self.subject = subject
        self.devices = {}
        self.received = []  # (device name, decrypted message, headers)
        self.gone = set()  # device names answered 410
        self.failing = set()  # device names answered 500
        self.redirect = {}  # device name: where a 307 sends the request
        self.posted = []  # every device name a request reached, in order
        self.slow = set()  # device names answered only after slow_seconds
        self.slow_seconds = 0.0
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def device(self, name) -> Device:
        self.devices[name] = Device(self, name)
        return self.devices[name]

    def stop(self):
        self.server.shutdown()

    @contextlib.contextmanager
    def route(self):
        """Sends to HOST reach this server, as if it were a push service on the internet."""
        local = self.url
        real_lookup = socket.getaddrinfo

        def lookup(host, *args, **kwargs):
            if host == HOST:
                return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (PUBLIC_ADDRESS, 443))]
            return real_lookup(host, *args, **kwargs)

        class ToLocal(requests.adapters.HTTPAdapter):
            def send(self, request, **kwargs):
                request.url = request.url.replace(f"https://{HOST}", local)
                return super().send(request, **kwargs)

        def session():
            made = real_session()
            made.mount(f"https://{HOST}/", ToLocal())
            return made

        from checkin.reminders import sending

        real_session = sending._no_redirects
        with (
            override_settings(MEND_PUSH_HOSTS=[HOST]),
            mock.patch("checkin.reminders.push_endpoints.socket.getaddrinfo", lookup),
            mock.patch("checkin.reminders.sending._no_redirects", session),
        ):
            yield

    def check_vapid(self, header: str, endpoint: str):
        scheme, _, rest = header.partition(" ")
        assert scheme == "vapid", header
        parts = dict(part.strip().split("=", 1) for part in rest.split(","))
        token, public = parts["t"], unb64(parts["k"])
        head, claims, signature = token.split(".")
        assert json.loads(unb64(head))["alg"] == "ES256"
        raw = unb64(signature)
        der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
        key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), public)
        key.verify(der, f"{head}.{claims}".encode(), ec.ECDSA(hashes.SHA256()))  # raises if forged
        claims = json.loads(unb64(claims))
        split = urlsplit(endpoint)
        assert claims["aud"] == f"{split.scheme}://{split.netloc}", claims
        assert claims["exp"] > time.time() and claims["sub"] == self.subject, claims
        return public

    def _handler(self):
        service = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                name = self.path.rsplit("/", 1)[-1]
                body = self.rfile.read(int(self.headers["Content-Length"]))
                service.posted.append(name)
                if name in service.slow:
                    time.sleep(service.slow_seconds)
                if name in service.redirect:
                    self.send_response(307)
                    self.send_header("Location", service.redirect[name])
                    self.send_header("Content-Length", "0")
                    return self.end_headers()
                if name in service.gone or name not in service.devices:
                    return self._answer(410)
                if name in service.failing:
                    return self._answer(500)
                device = service.devices[name]
                service.check_vapid(self.headers["Authorization"], device.endpoint)
                assert self.headers["Content-Encoding"] == "aes128gcm"
                assert int(self.headers["TTL"]) > 0
                message = http_ece.decrypt(
                    body, private_key=device.key, auth_secret=unb64(device.auth), version="aes128gcm"
                )
                service.received.append((name, json.loads(message), {k.lower(): v for k, v in self.headers.items()}))
                self._answer(201)

            def _answer(self, status):
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

        return Handler


class Mailbox:
    """What a real local SMTP server (aiosmtpd) received."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"


def smtp_server():
    with socket.socket() as probe:  # a free port
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    return controller, mailbox
