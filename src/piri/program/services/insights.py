"""What works for me: each exercise, massage option and trigger against the patient's own data.

``insights_for(patient)`` reads sessions and check-ins (``insight_records``: pain and reach
before an item are the last answers before its block, after it the highest pain and furthest
reach inside the block), asks the domain (``piri.domain.insights.item_insights`` for every
item the patient can do, so that items never done show as "not done yet", and
``insights_triggers.trigger_effects`` for the protocol's triggers and the patient's own) with
the settings of ``measures.yaml`` and returns ``PatientInsights``, which the page, the API and
the PDF report all read.

Computing takes seconds for a long history (the bootstrap), so the numbers are cached per
patient and local day (``insight_cache``) under a key that also holds a fingerprint of what
they were computed from: a new session, check-in or own trigger gives a new key. The
patient's own ratings change no number, so they and the open review prompts are read fresh on
every call: saving a rating never waits for the numbers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime

from django.core.cache import cache
from django.utils.translation import gettext as _

from piri.accounts.models import Patient
from piri.domain.errors import FieldError
from piri.domain.insights import InsightSettings, ItemInsight, item_insights
from piri.domain.insights_triggers import TriggerInsight, trigger_effects
from piri.domain.measures.model import MeasuresCatalog
from piri.domain.policy import Tier
from piri.domain.protocol import Protocol
from piri.program.models import ItemRating, Screening
from piri.program.services.checkins import OWN_PREFIX, own_triggers, trigger_label
from piri.program.services.history import local_today
from piri.program.services.insight_cache import CACHE_SECONDS, cache_key
from piri.program.services.insight_records import day_records, session_records
from piri.program.services.onboarding import massage_options_for
from piri.program.services.protocol import active_policy, active_protocol
from piri.program.services.screening import open_program_notes, safety_state
from piri.protocols import builtin_measures

RATINGS = range(1, 6)


@dataclass(frozen=True, slots=True)
class ItemRow:
    id: str
    name: str
    kind: str  # "massage", "stretch", "strengthen"; "other" for an id no longer in the protocol
    insight: ItemInsight
    sessions: int = 0  # sessions that included it
    tied_with: tuple[str, ...] = ()  # names of the others sharing its rank


@dataclass(frozen=True, slots=True)
class TriggerRow:
    id: str  # a protocol trigger id, or "own:<name>"
    name: str
    own: bool
    insight: TriggerInsight
    tied_with: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ReviewPrompt:
    """A point the program raised for a clinician to look at, not yet followed by a review."""

    text: str
    raised_at: datetime | None
    kind: str  # a review prompt kind ("review_first", ...) or "screening"


@dataclass(frozen=True, slots=True)
class PatientInsights:
    day: date  # the patient's local day it was computed on
    settings: InsightSettings
    items: tuple[ItemRow, ...]  # ranked first (most helpful first), then in program order
    triggers: tuple[TriggerRow, ...]  # ranked first (most painful first), then as asked
    sessions: int  # sessions with an item done
    session_days: int
    checkins: int
    prompts: tuple[ReviewPrompt, ...] = ()

    def item(self, item_id: str) -> ItemRow:
        for row in self.items:
            if row.id == item_id:
                return row
        raise KeyError(item_id)


def offered_items(patient: Patient, protocol: Protocol) -> list[str]:
    """Every item this patient can do: the massage options their tools allow, and every
    exercise (a floor stretch only for someone who can get down on the floor)."""
    massage = massage_options_for(protocol, tools=patient.massage_tools, floor_ok=patient.floor_ok)
    exercises = [
        e.id
        for e in protocol.exercises
        if patient.floor_ok or e.id not in protocol.stretch_variants or e.position != "floor"
    ]
    return [*massage, *exercises]


def _item_label(protocol: Protocol, item_id: str) -> tuple[str, str]:
    try:
        exercise = protocol.exercise(item_id)
        return exercise.name, exercise.phase
    except KeyError:
        pass
    try:
        return protocol.massage_option(item_id).name, "massage"
    except KeyError:
        return item_id, "other"  # no longer in the protocol: shown by its id


def _ties(
    names: dict[str, str], ranks: dict[str, tuple[int | None, bool]], key: str
) -> tuple[str, ...]:
    place, tied = ranks[key]
    if not tied:
        return ()
    return tuple(names[k] for k, (p, _t) in ranks.items() if p == place and k != key)


def compute_insights(
    patient: Patient,
    *,
    protocol: Protocol,
    catalog: MeasuresCatalog,
    today: date,
    rated: Collection[str] = (),
) -> PatientInsights:
    """The numbers, uncached, without ratings or prompts (``with_ratings`` adds ratings).
    ``rated``: the ids of items the patient rated, listed even if not offered or done."""
    settings = catalog.insights
    sessions = session_records(patient)
    days = day_records(patient)
    done_in = Counter(item for s in sessions for item in {d.item for d in s.items})
    offered = offered_items(patient, protocol)
    program_order = {item: index for index, item in enumerate(offered)}
    listed = [*offered, *sorted(set(rated) - set(offered))]
    every = item_insights(sessions, days, settings=settings, items=listed)
    found = [f for f in every if f.rank is not None] + sorted(  # unranked: in program order
        (f for f in every if f.rank is None),
        key=lambda f: (program_order.get(f.item, len(offered)), f.item),
    )
    asked = [t.id for t in protocol.triggers] + [OWN_PREFIX + t.name for t in own_triggers(patient)]
    asked_order = {trigger: index for index, trigger in enumerate(asked)}
    all_effects = trigger_effects(days, settings=settings, triggers=asked)
    effects = [t for t in all_effects if t.rank is not None] + sorted(  # as the check-in asks
        (t for t in all_effects if t.rank is None),
        key=lambda t: (asked_order.get(t.trigger, len(asked)), t.trigger),
    )
    item_names = {f.item: _item_label(protocol, f.item)[0] for f in found}
    item_ranks = {f.item: (f.rank, f.tied) for f in found}
    trigger_names = {t.trigger: trigger_label(protocol, t.trigger)[0] for t in effects}
    trigger_ranks = {t.trigger: (t.rank, t.tied) for t in effects}
    return PatientInsights(
        day=today,
        settings=settings,
        items=tuple(
            ItemRow(
                id=f.item,
                name=item_names[f.item],
                kind=_item_label(protocol, f.item)[1],
                insight=f,
                sessions=done_in[f.item],
                tied_with=_ties(item_names, item_ranks, f.item),
            )
            for f in found
        ),
        triggers=tuple(
            TriggerRow(
                id=t.trigger,
                name=trigger_names[t.trigger],
                own=trigger_label(protocol, t.trigger)[1],
                insight=t,
                tied_with=_ties(trigger_names, trigger_ranks, t.trigger),
            )
            for t in effects
        ),
        sessions=len(sessions),
        session_days=len({s.day for s in sessions}),
        checkins=len(days),
    )


def review_prompts(patient: Patient) -> tuple[ReviewPrompt, ...]:
    """Open program prompts (review points, worsening) and a see-a-doctor flag from answered
    safety questions, while no clinician review has followed them."""
    prompts = [
        ReviewPrompt(
            text=note.note,
            raised_at=note.created_at,
            kind=str(note.reasons[0]).split(":", 1)[0] if note.reasons else "",
        )
        for note in open_program_notes(patient)
    ]
    state = safety_state(patient, policy=active_policy())
    flag = state.screening
    if state.tier is not Tier.C and flag is not None and flag.kind != Screening.Kind.PROGRAM:
        prompts.append(
            ReviewPrompt(text=state.info.title, raised_at=flag.created_at, kind="screening")
        )
    return tuple(prompts)


def with_ratings(data: PatientInsights, ratings: Mapping[str, int]) -> PatientInsights:
    """The same numbers with the patient's own ratings beside them (they change nothing else)."""
    items = tuple(
        replace(row, insight=replace(row.insight, rating=ratings.get(row.id))) for row in data.items
    )
    return replace(data, items=items)


def insights_for(
    patient: Patient, *, now: datetime, protocol: Protocol | None = None
) -> PatientInsights:
    """The patient's insights for their local today: the numbers from the cache when no
    session, check-in or own trigger changed; ratings and review prompts read fresh."""
    protocol = protocol or active_protocol()
    catalog = builtin_measures()
    today = local_today(patient, now=now)
    ratings = dict(ItemRating.objects.filter(patient=patient).values_list("item", "rating"))
    extra = set(ratings) - set(offered_items(patient, protocol))  # rated, though not offered
    key = cache_key(patient, today=today, protocol=protocol, catalog=catalog, rated=extra)
    found = cache.get(key)
    if not isinstance(found, PatientInsights):
        found = compute_insights(
            patient, protocol=protocol, catalog=catalog, today=today, rated=extra
        )
        cache.set(key, found, CACHE_SECONDS)
    return replace(with_ratings(found, ratings), prompts=review_prompts(patient))


def rate_item(
    patient: Patient, item: str, rating: object, *, protocol: Protocol | None = None
) -> ItemRating:
    """Store the patient's own 1-5 rating of an item (a new rating replaces the old one)."""
    protocol = protocol or active_protocol()
    if item not in protocol.item_ids:
        raise FieldError(
            "item",
            _("“%(item)s” is not an exercise or massage option of this program.") % {"item": item},
        )
    value = _rating(rating)
    row, _created = ItemRating.objects.update_or_create(
        patient=patient, item=item, defaults={"rating": value}
    )
    return row


def _rating(value: object) -> int:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or value not in RATINGS:
        raise FieldError("rating", _("Choose a rating from 1 to 5."))
    return value
