"""A push service on 127.0.0.1 for the tests: it takes a Web Push request as Mozilla's or
Google's would, **checks the VAPID signature** (RFC 8292: an ES256 JWT whose ``aud`` is this
service's origin, unexpired, at most 24 hours ahead, with a ``sub``, signed by the key in
``k``) and **decrypts the payload** (RFC 8291, aes128gcm) with the subscription's own private
key and auth secret, which the test made as a browser would. It answers 201, or the status a
test asks for an endpoint (410 gone, 500 failing)."""

from __future__ import annotations

import base64
import json
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import http_ece
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class Device:
    """A browser's side of one subscription: its key pair and auth secret."""

    endpoint: str
    private_key: ec.EllipticCurvePrivateKey
    auth: bytes

    def subscription_json(self) -> dict[str, Any]:
        point = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return {
            "endpoint": self.endpoint,
            "keys": {"p256dh": b64url(point), "auth": b64url(self.auth)},
        }


@dataclass
class Received:
    path: str
    vapid_key: str  # the k= of the Authorization header: the sender's public key
    claims: dict[str, Any]
    message: dict[str, Any]  # the decrypted payload
    headers: dict[str, str]


@dataclass
class PushService:
    origin: str
    devices: dict[str, Device] = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # why a request was turned away
    answers: dict[str, int] = field(default_factory=dict)  # path -> status to answer

    def device(self, name: str) -> Device:
        path = f"/push/{name}"
        made = Device(
            endpoint=f"{self.origin}{path}",
            private_key=ec.generate_private_key(ec.SECP256R1()),
            auth=os.urandom(16),
        )
        self.devices[path] = made
        return made

    def answer(self, device: Device, status: int) -> None:
        self.answers[device.endpoint.removeprefix(self.origin)] = status


def verify_vapid(header: str, origin: str) -> tuple[str, dict[str, Any]]:
    """The sender's key and the claims, or ValueError saying what is wrong."""
    scheme, _, rest = header.partition(" ")
    if scheme.lower() != "vapid":
        raise ValueError(f"Authorization scheme {scheme!r}, not vapid")
    parts = dict(p.strip().split("=", 1) for p in rest.split(","))
    token, key = parts["t"], parts["k"]
    head, body, signature = token.split(".")
    if json.loads(unb64(head)) != {"typ": "JWT", "alg": "ES256"}:
        raise ValueError("the JWT header is not ES256")
    public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64(key))
    raw = unb64(signature)
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    public.verify(der, f"{head}.{body}".encode(), ec.ECDSA(hashes.SHA256()))  # or InvalidSignature
    claims = json.loads(unb64(body))
    if claims.get("aud") != origin:
        raise ValueError(f"aud {claims.get('aud')!r} is not {origin!r}")
    if not time.time() < claims["exp"] <= time.time() + 24 * 3600:
        raise ValueError("exp is past or more than 24 hours ahead")
    if not str(claims.get("sub", "")).startswith(("mailto:", "https:")):
        raise ValueError("no sub")
    return key, claims


@contextmanager
def push_service() -> Iterator[PushService]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    service = PushService(origin=f"http://127.0.0.1:{server.server_address[1]}")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            device = service.devices.get(self.path)
            status = service.answers.get(self.path, 201)
            try:
                if device is None:
                    raise ValueError(f"no subscription at {self.path}")
                key, claims = verify_vapid(self.headers.get("Authorization", ""), service.origin)
                if self.headers.get("Content-Encoding") != "aes128gcm":
                    raise ValueError("not aes128gcm")
                clear = http_ece.decrypt(
                    body,
                    private_key=device.private_key,
                    auth_secret=device.auth,
                    version="aes128gcm",
                )
            except Exception as error:  # a refusal the test reads back
                service.refused.append(f"{self.path}: {error!r}")
                status = 400
            else:
                if status < 300:
                    service.received.append(
                        Received(self.path, key, claims, json.loads(clear), dict(self.headers))
                    )
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server.RequestHandlerClass = Handler
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield service
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
