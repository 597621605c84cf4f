"""The ``now`` section of the JSON export: the facts the pages and the report state at the
moment of the export, from the same functions they use, so a reader of the file sees what
the patient and their clinician saw: the doses and what the next session does differently
(``program.dose_rows``), adherence (``services.history``, the domain's one definition) and
the latest reach of numbness or tingling (``services.symptoms``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from piri.accounts.models import Patient
from piri.domain.adherence_span import SpanAdherence
from piri.export_cells import day_iso, local_iso, utc_iso
from piri.program.dose_rows import doses_for
from piri.program.services.history import adherence_of
from piri.program.services.protocol import active_policy, active_protocol
from piri.program.services.symptoms import latest_extent_of

Record = dict[str, Any]
SPANS = (("last_7_days", 7), ("last_4_weeks", 28))


def _span(span: SpanAdherence | None) -> Record | None:
    if span is None:
        return None
    return {
        "first": day_iso(span.first),
        "last": day_iso(span.last),
        "done": span.done,
        "planned": span.planned,
        "percent": span.percent,
        "extra": span.extra,
        "from_start": span.from_start,
    }


def facts_now(patient: Patient, *, now: datetime) -> Record:
    """Brings the program up to date first (``doses_for``), as every page does."""
    doses = doses_for(patient, protocol=active_protocol(), policy=active_policy(), now=now)
    adherence = adherence_of(patient, now=now)
    latest = latest_extent_of(patient)
    return {
        "doses": [
            {
                "name": row.name,
                "dose": row.dose,
                "locked": row.locked,
                "next_session": row.next_session,
                "why": row.why,
            }
            for row in doses.rows
        ],
        "next_session": list(doses.notices),
        "adherence": {
            "weekly_target": adherence.target,
            "started": day_iso(adherence.started) or None,
            **{name: _span(adherence.last(days)) for name, days in SPANS},
            "since_start": _span(adherence.since_start()),
        },
        "latest_extent": None
        if latest is None
        else {
            "extent": latest.extent.value,
            "source": latest.source.value,
            "day": day_iso(latest.day),
            "at": utc_iso(latest.at),
            "at_local": local_iso(latest.at, patient.zone),
        },
    }
