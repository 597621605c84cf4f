"""The program app's tables: prescriptions and sessions, screenings and reviews, dose changes,
check-ins. Rows are written by services (``piri.program.services``), never by logic in save()."""

from piri.program.models.checkins import CheckIn, OwnTrigger
from piri.program.models.safety import ClinicalReview, Screening
from piri.program.models.sessions import (
    CheckAnswer,
    DoseChange,
    ExerciseSession,
    Plan,
    Prescription,
    StepResult,
)

__all__ = [
    "CheckAnswer",
    "CheckIn",
    "ClinicalReview",
    "DoseChange",
    "ExerciseSession",
    "OwnTrigger",
    "Plan",
    "Prescription",
    "Screening",
    "StepResult",
]
