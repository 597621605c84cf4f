"""What a patient is prescribed: the choices a plan is compiled from."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Sides(StrEnum):
    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"

    @property
    def sides(self) -> tuple[str, ...]:
        return ("left", "right") if self is Sides.BOTH else (self.value,)


@dataclass(frozen=True, slots=True)
class DoseOverride:
    """A changed dose for one exercise; ``None`` keeps the protocol's value."""

    sets: int | None = None
    hold_s: int | None = None


@dataclass(frozen=True, slots=True)
class Prescription:
    sides: Sides
    stretch_variant: (
        str  # id of the stretch exercise to use, e.g. "figure4_lying" or "figure4_chair"
    )
    massage_option: str  # id of the massage option, e.g. "fingers"
    dose_overrides: dict[str, DoseOverride] = field(default_factory=dict)
    excluded: frozenset[str] = frozenset()  # exercise / massage ids left out of the next session
