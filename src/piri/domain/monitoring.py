"""Symptom monitoring (spec §3): pain zones, spreading / centralising, one session's items.

Pain (0-10) and neural symptoms (how far down the leg numbness/tingling reaches, the
``Extent``) are tracked apart. Thresholds come from ``Policy.monitoring``.

- green: pain <= ``pain_green_max`` (3); amber: <= ``pain_amber_max`` (5), keep the dose;
  red: above it, stop the item now and step it down next time.
- peripheralised: the reach moved further down the leg during or after the item: stop it
  now (massage: ease the pressure, move off the nerve line), step it down and leave it out
  of the next session. Centralised (moved back up) is a good sign and allows progression.

An item is *tolerated in the session* when every value was recorded, it was completed, pain
was green (or amber and settled within an hour), nothing spread and no check said "more".
Whether the *session* was tolerated also needs the next morning: see ``progression``.

``safety_events`` lists what a session log shows for safety: each item (and side) where the
symptoms spread, and each where the pain went above amber, by the same rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from piri.domain.history import ItemResult, SessionOutcome
from piri.domain.plan import Extent
from piri.domain.policy import Policy


class PainZone(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"

    @property
    def rank(self) -> int:
        return list(PainZone).index(self)


class ExtentChange(StrEnum):
    PERIPHERALISED = "peripheralised"  # further down the leg
    CENTRALISED = "centralised"  # back up toward the buttock
    UNCHANGED = "unchanged"


class ItemAction(StrEnum):
    CONTINUE = "continue"  # green
    KEEP_DOSE = "keep_dose"  # amber: carry on at this dose, no progression
    STOP = "stop"  # red pain or spreading: stop this item now


def pain_zone(pain: int, *, policy: Policy) -> PainZone:
    if not 0 <= pain <= 10:
        raise ValueError(f"pain must be 0-10, not {pain}")
    rules = policy.monitoring
    if pain <= rules.pain_green_max.value:
        return PainZone.GREEN
    if pain <= rules.pain_amber_max.value:
        return PainZone.AMBER
    return PainZone.RED


def extent_change(before: Extent, after: Extent) -> ExtentChange:
    """Any move down the leg counts as spreading, even from none to the buttock."""
    if Extent(after).rank > Extent(before).rank:
        return ExtentChange.PERIPHERALISED
    if Extent(after).rank < Extent(before).rank:
        return ExtentChange.CENTRALISED
    return ExtentChange.UNCHANGED


@dataclass(frozen=True, slots=True)
class Verdict:
    """What to do right now, during an item, and the words to show or say."""

    action: ItemAction
    zone: PainZone | None
    change: ExtentChange | None
    text: str


def check_now(
    *,
    pain: int | None,
    before: Extent | None,
    now: Extent | None,
    massage: bool = False,
    policy: Policy,
) -> Verdict:
    """The live rule for one check during an item (a missing value is simply not judged)."""
    texts = policy.texts.in_session
    zone = None if pain is None else pain_zone(pain, policy=policy)
    change = None if before is None or now is None else extent_change(before, now)
    if change is ExtentChange.PERIPHERALISED:
        return Verdict(ItemAction.STOP, zone, change, texts.stop_massage if massage else texts.stop)
    if zone is PainZone.RED:
        return Verdict(ItemAction.STOP, zone, change, texts.stop)
    if zone is PainZone.AMBER:
        return Verdict(ItemAction.KEEP_DOSE, zone, change, texts.amber)
    return Verdict(ItemAction.CONTINUE, zone, change, texts.green)


@dataclass(frozen=True, slots=True)
class ItemOutcome:
    """How one item went in one session (both sides merged: the worse side counts)."""

    item: str
    zone: PainZone | None  # None: pain not recorded
    change: ExtentChange | None  # None: a reach not recorded
    peripheralised: bool
    complete: bool  # every value recorded and the item completed (not stopped)
    tolerated: bool  # tolerated in the session (the next morning is judged elsewhere)

    @property
    def amber(self) -> bool:
        return self.zone is PainZone.AMBER

    @property
    def red(self) -> bool:
        return self.zone is PainZone.RED

    @property
    def step_down(self) -> bool:
        """Red pain or spreading: step this item down one step next time."""
        return self.red or self.peripheralised

    @property
    def leave_out_next(self) -> bool:
        """Spreading: leave this item out of the next session."""
        return self.peripheralised


def evaluate_item(result: ItemResult, *, policy: Policy) -> ItemOutcome:
    """One item on one side."""
    zone = None if result.pain is None else pain_zone(result.pain, policy=policy)
    change = (
        None
        if result.extent_before is None or result.extent_after is None
        else extent_change(result.extent_before, result.extent_after)
    )
    peripheralised = change is ExtentChange.PERIPHERALISED
    complete = zone is not None and change is not None and result.completed and not result.stopped
    comfortable = zone is PainZone.GREEN or (
        zone is PainZone.AMBER and result.settled_within_1h is True
    )
    return ItemOutcome(
        item=result.item,
        zone=zone,
        change=change,
        peripheralised=peripheralised,
        complete=complete,
        tolerated=complete and comfortable and not peripheralised and not result.more,
    )


def merge(outcomes: Iterable[ItemOutcome]) -> ItemOutcome:
    """The sides of one item as one outcome: the worse side counts, missing counts as worse."""
    sides = list(outcomes)
    if not sides or len({o.item for o in sides}) != 1:
        raise ValueError("merge takes the outcomes of one item")
    zones = [o.zone for o in sides]
    changes = [o.change for o in sides]
    return ItemOutcome(
        item=sides[0].item,
        zone=None if None in zones else max(zones, key=lambda z: z.rank if z else -1),
        change=None if None in changes else _worst_change(changes),
        peripheralised=any(o.peripheralised for o in sides),
        complete=all(o.complete for o in sides),
        tolerated=all(o.tolerated for o in sides),
    )


def _worst_change(changes: list[ExtentChange | None]) -> ExtentChange:
    for change in (ExtentChange.PERIPHERALISED, ExtentChange.UNCHANGED):
        if change in changes:
            return change
    return ExtentChange.CENTRALISED


def evaluate_session(session: SessionOutcome, *, policy: Policy) -> dict[str, ItemOutcome]:
    """Each item of a session (sides merged), in the order the items first appear."""
    per_item: dict[str, list[ItemOutcome]] = {}
    for result in session.items:
        per_item.setdefault(result.item, []).append(evaluate_item(result, policy=policy))
    return {item: merge(outcomes) for item, outcomes in per_item.items()}


def left_out_next(session: SessionOutcome, *, policy: Policy) -> frozenset[str]:
    """The items to leave out of the session after this one ("not next time")."""
    outcomes = evaluate_session(session, policy=policy)
    return frozenset(item for item, outcome in outcomes.items() if outcome.leave_out_next)


class EventKind(StrEnum):
    SPREAD = "spread"  # numbness or tingling moved further down the leg
    RED_PAIN = "red_pain"  # pain above amber: the item stopped


@dataclass(frozen=True, slots=True)
class SafetyEvent:
    kind: EventKind
    item: str
    side: str | None
    extent_before: Extent | None = None
    extent_after: Extent | None = None
    pain: int | None = None


def safety_events(session: SessionOutcome, *, policy: Policy) -> tuple[SafetyEvent, ...]:
    """Each spreading and each red pain of a session, item by item and side by side, in the
    order the items came (spreading first where an item had both)."""
    events = []
    for result in session.items:
        outcome = evaluate_item(result, policy=policy)
        if outcome.peripheralised:
            events.append(
                SafetyEvent(
                    EventKind.SPREAD,
                    result.item,
                    result.side,
                    extent_before=result.extent_before,
                    extent_after=result.extent_after,
                )
            )
        if outcome.red:
            events.append(
                SafetyEvent(EventKind.RED_PAIN, result.item, result.side, pain=result.pain)
            )
    return tuple(events)
