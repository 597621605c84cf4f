"""The protocol this installation runs (``PIRI_PROTOCOL``: a built-in id or a file path)."""

from __future__ import annotations

from django.conf import settings

from piri.domain.protocol import Protocol
from piri.protocols import resolve


def active_protocol() -> Protocol:
    return resolve(str(settings.PIRI_PROTOCOL))
