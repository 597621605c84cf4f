"""Where the numbers of "what works for me" are kept between page views (Django's cache).

The key holds the patient, their local day and a fingerprint of everything the numbers are
computed from: how many sessions, check-ins and own triggers the patient has and the newest of
each (a check-in edited today changes its ``updated_at``), their massage tools and floor
answer (which items are offered), items they rated though not offered (listed too; ratings
themselves change no number and are not part of it), and the protocol and ``measures.yaml``
versions. Anything new gives a new key, so a
stale entry is never read, in this process or another; old entries simply expire.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from datetime import date
from typing import Any

from django.db.models import Count, Max

from piri.accounts.models import Patient
from piri.domain.measures.model import MeasuresCatalog
from piri.domain.protocol import Protocol
from piri.program.models import CheckIn, ExerciseSession, OwnTrigger

CACHE_PREFIX = "piri:insights:v1"
CACHE_SECONDS = 60 * 60 * 26  # a local day and a little; the key changes with the day anyway


def fingerprint(
    patient: Patient, *, protocol: Protocol, catalog: MeasuresCatalog, rated: Collection[str]
) -> str:
    """What the numbers depend on, read in three aggregate queries."""
    parts: list[Any] = [
        patient.created_at.isoformat(),
        patient.floor_ok,
        sorted(patient.massage_tools or []),
        sorted(rated),
        protocol.id,
        protocol.version,
        catalog.id,
        catalog.version,
    ]
    for rows, newest in (
        (ExerciseSession.objects.filter(patient=patient), "pk"),
        (CheckIn.objects.filter(patient=patient), "updated_at"),
        (OwnTrigger.objects.filter(patient=patient), "pk"),
    ):
        found = rows.aggregate(n=Count("pk"), newest=Max(newest))
        parts += [found["n"], str(found["newest"])]
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def cache_key(
    patient: Patient,
    *,
    today: date,
    protocol: Protocol,
    catalog: MeasuresCatalog,
    rated: Collection[str] = (),
) -> str:
    found = fingerprint(patient, protocol=protocol, catalog=catalog, rated=rated)
    return f"{CACHE_PREFIX}:{patient.pk}:{today.isoformat()}:{found}"
