"""How a reminder reaches a person: a registry of channels by name.

A channel is anything with a ``name``, a ``label``, ``ready(patient)`` (can it reach this
patient now: a verified address, a subscribed device) and ``send(patient, message)`` (how many
were delivered; raise to have the job tried again). Piri registers ``email`` here; web push
registers ``push`` from its own app (``register(PushChannel())`` in its ``AppConfig.ready``),
and until it does the page shows push as not yet available and nothing pretends to send it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from piri.accounts.models import Patient

EMAIL, PUSH = "email", "push"
KNOWN = (PUSH, EMAIL)  # every choice a schedule may store, registered or not


@dataclass(frozen=True, slots=True)
class Message:
    """What a reminder says: our words, no health details (it may show on a lock screen)."""

    kind: str  # "reminder", "test" or "lock"
    title: str
    body: str
    open_url: str  # absolute: where a tap goes (home, or the lock's page)
    stop_url: str  # absolute: the one-tap stop page (signed, no sign-in)


class Channel(Protocol):
    name: str

    @property
    def label(self) -> str: ...

    def ready(self, patient: Patient) -> bool: ...

    def send(self, patient: Patient, message: Message) -> int: ...


_channels: dict[str, Channel] = {}


def register(channel: Channel) -> None:
    _channels[channel.name] = channel


def unregister(name: str) -> None:
    _channels.pop(name, None)


def channel(name: str) -> Channel | None:
    return _channels.get(name)


def registered() -> list[str]:
    return [name for name in KNOWN if name in _channels]
