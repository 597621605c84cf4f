"""The program app's tables: prescriptions and sessions, screenings and reviews, dose changes,
check-ins, weekly measures and item ratings. Rows are written by services
(``piri.program.services``), never by logic in save()."""

from piri.program.models.checkins import CheckIn, OwnTrigger
from piri.program.models.measures import Activity, ItemRating, MeasureResponse, WeeklyCheck
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
    "Activity",
    "CheckAnswer",
    "CheckIn",
    "ClinicalReview",
    "DoseChange",
    "ExerciseSession",
    "ItemRating",
    "MeasureResponse",
    "OwnTrigger",
    "Plan",
    "Prescription",
    "Screening",
    "StepResult",
    "WeeklyCheck",
]
