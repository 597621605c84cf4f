"""The protocol and the safety policy this installation runs (``PIRI_PROTOCOL``,
``PIRI_POLICY``: a built-in id or a file path)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from django.conf import settings

from piri.domain.policy import Policy
from piri.domain.protocol import Protocol
from piri.protocols import builtin_policy, load_policy, resolve


def active_protocol() -> Protocol:
    return resolve(str(settings.PIRI_PROTOCOL))


def active_policy() -> Policy:
    name = str(settings.PIRI_POLICY)
    return builtin_policy() if name in ("", "builtin", "policy") else _policy_file(name)


@lru_cache(maxsize=4)
def _policy_file(path: str) -> Policy:
    return load_policy(Path(path))
