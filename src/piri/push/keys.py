"""Piri's VAPID key pair (RFC 8292): made once, on first need, into the data folder beside the
secret key (``vapid_private.pem``, mode 0600), never at import. Browsers bind a subscription
to the public key: a new key pair means every device must subscribe again, so back the file
up with the database."""

from __future__ import annotations

import base64
import os
import threading
from email.utils import parseaddr
from functools import lru_cache
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from py_vapid import Vapid

KEY_FILE = "vapid_private.pem"
_making = threading.Lock()


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _path() -> Path:
    return Path(settings.DATA_DIR) / KEY_FILE


def _load_or_make(path: Path) -> ec.EllipticCurvePrivateKey:
    with _making:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            pem = ec.generate_private_key(ec.SECP256R1()).private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
            # created with mode 0600 and never overwritten: another process may have won
            try:
                descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                pass
            else:
                with os.fdopen(descriptor, "wb") as file:
                    file.write(pem)
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise ValueError(f"{path} does not hold an EC private key")
    return key


@lru_cache(maxsize=4)
def _key_at(path: str) -> ec.EllipticCurvePrivateKey:
    return _load_or_make(Path(path))


def private_key() -> ec.EllipticCurvePrivateKey:
    return _key_at(str(_path()))


def vapid() -> Vapid:
    """The key pair as pywebpush signs with it."""
    signer = Vapid()
    signer.private_key = private_key()
    return signer


def public_key() -> str:
    """The application server key a browser subscribes with: the uncompressed point,
    base64url."""
    raw = (
        private_key()
        .public_key()
        .public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    )
    return b64url(raw)


def subject() -> str:
    """Who to contact about this sender (the push services' contact): a mailto: URL."""
    configured = getattr(settings, "PIRI_PUSH_SUBJECT", "") or ""
    if configured:
        return configured
    return f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or 'piri@localhost'}"
