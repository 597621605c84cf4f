"""Everything Piri stores about one patient, as one JSON document (docs/report.md).

``schema_version`` changes whenever a key is renamed, moved or removed (adding a key does not
change it). Moments are UTC (``...Z``) with the patient's clock beside them (``*_local``);
days are the patient's own dates. Plans are listed by id (their bodies are compiled from the
prescription and protocol, and are not the patient's data).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from piri.accounts.models import Patient
from piri.export_cells import day_iso, local_iso, utc_iso
from piri.program.models import CheckAnswer, ExerciseSession, StepResult
from piri.reports.export_now import facts_now

SCHEMA_VERSION = 1
SECTIONS = (
    "patient",
    "prescriptions",
    "plans",
    "sessions",
    "checkins",
    "own_triggers",
    "measures",
    "weekly_checks",
    "item_ratings",
    "activities",
    "screenings",
    "reviews",
    "dose_changes",
)
Record = dict[str, Any]


def _moment(name: str, value: datetime | None, zone: ZoneInfo) -> Record:
    return {name: utc_iso(value) or None, f"{name}_local": local_iso(value, zone) or None}


def _profile(patient: Patient, zone: ZoneInfo) -> Record:
    user = patient.user
    return {
        "id": patient.pk,
        "username": user.get_username(),
        "name": user.get_full_name(),
        "email": user.email,
        "time_zone": patient.time_zone,
        "weekly_target": patient.weekly_target,
        "floor_ok": patient.floor_ok,
        "massage_tools": list(patient.massage_tools or []),
        "baseline_pain": patient.baseline_pain,
        **_moment("onboarded_at", patient.onboarded_at, zone),
        **_moment("created_at", patient.created_at, zone),
    }


def _prescriptions(patient: Patient, zone: ZoneInfo) -> list[Record]:
    return [
        {
            "id": p.pk,
            "protocol_id": p.protocol_id,
            "sides": p.sides,
            "stretch_variant": p.stretch_variant,
            "massage_option": p.massage_option,
            "dose_overrides": p.dose_overrides,
            "excluded": p.excluded,
            "locked": p.locked,
            "flare_until": day_iso(p.flare_until) or None,
            "reason": p.reason,
            **_moment("created_at", p.created_at, zone),
        }
        for p in patient.prescriptions.order_by("created_at", "id")
    ]


def _plans(patient: Patient, zone: ZoneInfo) -> list[Record]:
    rows = patient.plans.order_by("created_at").values_list(
        "id", "prescription_id", "protocol_id", "protocol_version", "digest", "created_at"
    )
    return [
        {
            "id": str(pk),
            "prescription_id": prescription,
            "protocol_id": protocol,
            "protocol_version": version,
            "digest": digest,
            **_moment("created_at", created, zone),
        }
        for pk, prescription, protocol, version, digest, created in rows
    ]


def _sessions(patient: Patient, zone: ZoneInfo) -> list[Record]:
    steps: dict[int, list[Record]] = defaultdict(list)
    step_rows = StepResult.objects.filter(session__patient=patient).order_by("position")
    for sid, position, step, status, seconds in step_rows.values_list(
        "session_id", "position", "step_id", "status", "seconds"
    ).iterator(chunk_size=5000):
        steps[sid].append(
            {"position": position, "step_id": step, "status": status, "seconds": seconds}
        )
    checks: dict[int, list[Record]] = defaultdict(list)
    for c in CheckAnswer.objects.filter(session__patient=patient).order_by("position"):
        checks[c.session_id].append(
            {
                "position": c.position,
                "step_id": c.step_id,
                "change": c.change,
                "extent": c.extent,
                "pain": c.pain,
                "action": c.action,
                **_moment("answered_at", c.answered_at, zone),
            }
        )
    sessions = ExerciseSession.objects.filter(patient=patient).order_by("started_at", "id")
    return [
        {
            "id": s.pk,
            "client_id": str(s.client_id),
            "plan_id": str(s.plan_id),
            "local_date": day_iso(s.local_date),
            **_moment("started_at", s.started_at, zone),
            **_moment("ended_at", s.ended_at, zone),
            "completed": s.completed,
            "end_pain": s.end_pain,
            "helped_most": s.helped_most,
            **_moment("received_at", s.received_at, zone),
            "steps": steps.get(s.pk, []),
            "checks": checks.get(s.pk, []),
        }
        for s in sessions.iterator(chunk_size=2000)
    ]


def _rows(queryset: Any, fields: tuple[str, ...], moments: tuple[str, ...], zone: ZoneInfo) -> Any:
    """Model rows as records: plain fields as they are (dates as ISO), moments twice."""
    records = []
    for obj in queryset:
        record: Record = {"id": obj.pk}
        for name in fields:
            value = getattr(obj, name)
            record[name] = value.isoformat() if hasattr(value, "isoformat") else value
        for name in moments:
            record.update(_moment(name, getattr(obj, name), zone))
        records.append(record)
    return records


def _reviews(patient: Patient, zone: ZoneInfo) -> list[Record]:
    return [
        {
            "id": r.pk,
            "reviewer": r.reviewer.get_username(),
            "reviewer_name": r.reviewer.get_full_name(),
            "note": r.note,
            **_moment("created_at", r.created_at, zone),
        }
        for r in patient.reviews.select_related("reviewer").order_by("created_at", "id")
    ]


def _table(
    related: str, order: tuple[str, ...], fields: tuple[str, ...], moments: tuple[str, ...]
) -> Callable[[Patient, ZoneInfo], Any]:
    def read(patient: Patient, zone: ZoneInfo) -> Any:
        return _rows(getattr(patient, related).order_by(*order), fields, moments, zone)

    return read


CHECKIN_FIELDS = (
    "day pain_now pain_average next_morning new_stiffness extent new_numbness_or_weakness "
    "stops_activities change worse sitting_minutes triggers"
)
READERS: dict[str, Callable[[Patient, ZoneInfo], Any]] = {
    "patient": _profile,
    "prescriptions": _prescriptions,
    "plans": _plans,
    "sessions": _sessions,
    "checkins": _table(
        "checkins", ("day",), tuple(CHECKIN_FIELDS.split()), ("created_at", "updated_at")
    ),
    "own_triggers": _table("own_triggers", ("created_at", "id"), ("name",), ("created_at",)),
    "measures": _table(
        "measures",
        ("week_start", "instrument"),
        ("instrument", "week_start", "day", "answers", "scores", "labels", "catalog_version"),
        ("created_at", "updated_at"),
    ),
    "weekly_checks": _table(
        "weekly_checks", ("week_start",), ("week_start", "day", "change"), ("updated_at",)
    ),
    "item_ratings": _table("item_ratings", ("item",), ("item", "rating"), ("updated_at",)),
    "activities": _table(
        "activities", ("slot", "created_at"), ("slot", "name"), ("created_at", "retired_at")
    ),
    "screenings": _table(
        "screenings",
        ("created_at", "id"),
        ("kind", "answers", "tier", "reasons", "note", "policy_version"),
        ("created_at",),
    ),
    "reviews": _reviews,
    "dose_changes": _table(
        "dose_changes",
        ("created_at", "id"),
        ("prescription_id", "item", "field", "old", "new", "reason", "source", "kind", "cause"),
        ("created_at", "seen_at"),
    ),
}


def export_data(
    patient: Patient,
    *,
    now: datetime,
    on_section: Callable[[str], None] | None = None,
) -> Record:
    zone = patient.zone
    data: Record = {
        "schema_version": SCHEMA_VERSION,
        **_moment("exported_at", now, zone),
        "time_zone": patient.time_zone,
        "now": facts_now(patient, now=now),  # first: it brings the program up to date
    }
    for section in SECTIONS:
        if on_section is not None:
            on_section(section)
        data[section] = READERS[section](patient, zone)
    return data


def export_json(
    patient: Patient,
    *,
    now: datetime,
    on_section: Callable[[str], None] | None = None,
) -> bytes:
    data = export_data(patient, now=now, on_section=on_section)
    return json.dumps(data, ensure_ascii=False, indent=1).encode()
