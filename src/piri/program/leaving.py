"""What the program app does when a patient leaves Piri (decision 0017).

- ``AccountDeleted``: the free text the patient wrote is blanked. Their own triggers (names
  they typed) are removed, and check-ins keep "an own trigger was met" as ``own:`` without the
  name; the everyday activities they named (weekly ratings) are renamed "Activity <slot>".
  The numbers (pain, sitting time, ratings) stay with the pseudonymous record.
- ``RecordsPurging``: every program row of the patient is removed, sessions before the plans
  and prescriptions they point at (those links are protected).
"""

from __future__ import annotations

from piri import messagebus
from piri.domain.events import AccountDeleted, RecordsPurging
from piri.program.models import (
    Activity,
    CheckIn,
    DoseChange,
    ExerciseSession,
    OwnTrigger,
    Plan,
    Prescription,
)

OWN_PREFIX = "own:"


def blank_free_text(event: AccountDeleted) -> None:
    OwnTrigger.objects.filter(patient_id=event.patient_id).delete()
    for checkin in CheckIn.objects.filter(patient_id=event.patient_id, triggers__isnull=False):
        triggers = [
            OWN_PREFIX if str(t).startswith(OWN_PREFIX) else t for t in checkin.triggers or []
        ]
        if triggers != checkin.triggers:
            CheckIn.objects.filter(pk=checkin.pk).update(triggers=triggers)
    for activity in Activity.objects.filter(patient_id=event.patient_id):
        Activity.objects.filter(pk=activity.pk).update(name=f"Activity {activity.slot}")


def remove_records(event: RecordsPurging) -> None:
    ExerciseSession.objects.filter(patient_id=event.patient_id).delete()
    DoseChange.objects.filter(patient_id=event.patient_id).delete()
    Plan.objects.filter(patient_id=event.patient_id).delete()
    Prescription.objects.filter(patient_id=event.patient_id).delete()


def subscribe() -> None:
    messagebus.subscribe(AccountDeleted, blank_free_text)
    messagebus.subscribe(RecordsPurging, remove_records)
