"""The 3-5 everyday activities a patient names for the PSFS-style rating.

Each current activity fills one slot (``activity_1`` .. ``activity_5`` of the ``psfs``
instrument) in the order named. Naming them again keeps an activity whose slot and name are
unchanged and retires the others (``retired_at``): their past ratings stay with the name they
had, because every weekly answer stores the names it rated (``MeasureResponse.labels``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from piri.accounts.models import Patient
from piri.domain.errors import FieldError
from piri.program.models import Activity
from piri.program.models.measures import ACTIVITY_NAME_MAX, MAX_ACTIVITIES, MIN_ACTIVITIES


def slot_id(slot: int) -> str:
    """The PSFS item an activity's rating answers."""
    return f"activity_{slot}"


def current_activities(patient: Patient) -> list[Activity]:
    return list(Activity.objects.filter(patient=patient, retired_at__isnull=True).order_by("slot"))


def clean_activity_names(names: Sequence[str]) -> list[str]:
    """The names with spaces tidied and blanks dropped; ``FieldError`` naming the activity at
    fault (``activities.<n>``, counted from 0 over the names given) or ``activities``."""
    if isinstance(names, str) or not isinstance(names, Sequence):
        raise FieldError("activities", _("Send the activities as a list of names."))
    cleaned: list[str] = []
    for index, name in enumerate(names):
        if not isinstance(name, str):
            raise FieldError(f"activities.{index}", _("Write the activity in words."))
        name = re.sub(r"\s+", " ", name).strip()
        if not name:
            continue
        if len(name) > ACTIVITY_NAME_MAX:
            raise FieldError(
                f"activities.{index}",
                _("Keep each activity to %(max)d characters or fewer.")
                % {"max": ACTIVITY_NAME_MAX},
            )
        if any(name.casefold() == other.casefold() for other in cleaned):
            raise FieldError(
                f"activities.{index}", _("“%(name)s” is named twice.") % {"name": name}
            )
        cleaned.append(name)
    if not MIN_ACTIVITIES <= len(cleaned) <= MAX_ACTIVITIES:
        raise FieldError(
            "activities",
            _("Name between %(min)d and %(max)d activities (you named %(count)d).")
            % {"min": MIN_ACTIVITIES, "max": MAX_ACTIVITIES, "count": len(cleaned)},
        )
    return cleaned


def name_activities(patient: Patient, names: Sequence[str], *, now: datetime) -> list[Activity]:
    """Make ``names`` (3-5, in order) the patient's activities, in slots 1..n."""
    cleaned = clean_activity_names(names)
    with transaction.atomic():
        current = {
            a.slot: a
            for a in Activity.objects.select_for_update().filter(
                patient=patient, retired_at__isnull=True
            )
        }
        kept: list[Activity] = []
        for slot, name in enumerate(cleaned, start=1):
            old = current.pop(slot, None)
            if old is not None and old.name == name:
                kept.append(old)
                continue
            if old is not None:
                old.retired_at = now
                old.save(update_fields=["retired_at"])
            kept.append(Activity.objects.create(patient=patient, slot=slot, name=name))
        for old in current.values():  # slots beyond the new count
            old.retired_at = now
            old.save(update_fields=["retired_at"])
    return kept
