"""What the patient said works for them, read straight from their answers: their own 1-5
ratings of items and how often each item was picked as "helped most" after a session.

The computed "what works for me" analysis (``piri.program.services.insights``) is shown
beside this when it is available; this part never guesses beyond what was answered.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from piri.accounts.models import Patient
from piri.domain.protocol import Protocol
from piri.program.dose_rows import item_name
from piri.program.models import ExerciseSession, ItemRating


@dataclass(frozen=True, slots=True)
class WorksRow:
    item: str  # protocol item id
    name: str
    rating: int | None  # the patient's own 1-5 rating
    helped_most: int  # sessions where the patient picked it as helping most


def what_works(patient: Patient, *, protocol: Protocol) -> tuple[WorksRow, ...]:
    """Items the patient rated or picked, most picked first, then best rated, then by name."""
    ratings = dict(ItemRating.objects.filter(patient=patient).values_list("item", "rating"))
    picks = Counter(
        ExerciseSession.objects.filter(patient=patient)
        .exclude(helped_most="")
        .values_list("helped_most", flat=True)
    )
    rows = [
        WorksRow(
            item=item,
            name=item_name(protocol, item),
            rating=ratings.get(item),
            helped_most=picks.get(item, 0),
        )
        for item in set(ratings) | set(picks)
    ]
    return tuple(sorted(rows, key=lambda r: (-r.helped_most, -(r.rating or 0), r.name)))
