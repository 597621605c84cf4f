"""The latest reach of numbness or tingling, read from storage for the domain's one rule
(``domain.extent_latest``): every page, the report, the export and the 14-day summary ask
here, so they all name the same answer.

A session check counts at the moment it was answered (the player sends it; an answer
without one counts at the session's end, in its order); a daily check-in at the moment it was
last saved. Two queries, whatever the history's length.
"""

from __future__ import annotations

from datetime import date

from django.db.models import F
from django.db.models.functions import Coalesce

from piri.accounts.models import Patient
from piri.domain.extent_latest import ExtentReading, ExtentSource, latest_extent
from piri.domain.plan import Extent
from piri.program.models import CheckAnswer, CheckIn

KNOWN = [e.value for e in Extent]


def latest_extent_of(
    patient: Patient, *, first: date | None = None, last: date | None = None
) -> ExtentReading | None:
    """The latest reach recorded on the patient's days ``first``..``last`` (every day when
    not given), with when and where it was answered, on the patient's clock."""
    checks = CheckAnswer.objects.filter(session__patient=patient, extent__in=KNOWN)
    checkins = CheckIn.objects.filter(patient=patient, extent__in=KNOWN)
    if first is not None:
        checks = checks.filter(session__local_date__gte=first)
        checkins = checkins.filter(day__gte=first)
    if last is not None:
        checks = checks.filter(session__local_date__lte=last)
        checkins = checkins.filter(day__lte=last)
    check = (
        checks.annotate(at=Coalesce("answered_at", "session__ended_at"))
        .order_by(F("at").desc(), "-position", "-id")
        .values_list("extent", "at", "session__local_date", "position")
        .first()
    )
    checkin = checkins.order_by("-updated_at", "-id").values_list("extent", "updated_at", "day")
    readings = []
    if check is not None:
        extent, at, day, position = check
        readings.append(ExtentReading(Extent(extent), at, day, ExtentSource.SESSION, position))
    if (found := checkin.first()) is not None:
        extent, at, day = found
        readings.append(ExtentReading(Extent(extent), at, day, ExtentSource.CHECKIN))
    latest = latest_extent(readings)
    if latest is None:
        return None
    return ExtentReading(
        latest.extent, latest.at.astimezone(patient.zone), latest.day, latest.source, latest.order
    )
