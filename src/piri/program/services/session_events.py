"""What a session log shows for safety, read for many sessions at once: where the numbness
or tingling spread (a spreading stop) and where the pain went above amber (a red pain stop),
judged by the rules the program doses by (``domain.monitoring.safety_events``), from the same
split of answers into items (``outcomes.session_outcome``). The history page, the report's
session log and the clinician's page all read it. Four queries, whatever the number of
sessions, and none for a session whose events this process has already worked out: a stored
session never changes (a report sent again returns the stored one), so its events are kept in
the cache under the session, its plan and the policy version they were judged by."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.core.cache import cache

from piri.domain.monitoring import SafetyEvent, safety_events
from piri.domain.plan import SessionPlan
from piri.domain.policy import Policy
from piri.program.models import CheckAnswer, ExerciseSession, Plan, StepResult
from piri.program.services.outcomes import session_outcome


def events_of(
    sessions: Iterable[ExerciseSession], *, policy: Policy
) -> dict[int, tuple[SafetyEvent, ...]]:
    """Session id -> its safety events (an entry for every session given)."""
    given = list(sessions)
    keys = {s.pk: _key(s, policy) for s in given}
    kept = cache.get_many(list(keys.values()))
    known = {pk: kept[key] for pk, key in keys.items() if key in kept}
    found = [s for s in given if s.pk not in known]
    if found:
        worked_out = _work_out(found, policy=policy)
        cache.set_many({keys[pk]: events for pk, events in worked_out.items()}, KEEP_SECONDS)
        known.update(worked_out)
    return known


KEEP_SECONDS = 24 * 3600


def _key(session: ExerciseSession, policy: Policy) -> str:
    return (
        f"piri:session-events:{session.pk}:{session.client_id}:{session.plan_id}:{policy.version}"
    )


def _work_out(
    found: list[ExerciseSession], *, policy: Policy
) -> dict[int, tuple[SafetyEvent, ...]]:
    ids = [s.pk for s in found]
    plans: dict[Any, SessionPlan] = {
        pk: SessionPlan.from_json(body)
        for pk, body in Plan.objects.filter(pk__in={s.plan_id for s in found}).values_list(
            "pk", "body"
        )
    }
    steps: dict[int, dict[str, str]] = defaultdict(dict)
    for session_id, step_id, status in StepResult.objects.filter(session_id__in=ids).values_list(
        "session_id", "step_id", "status"
    ):
        steps[session_id][step_id] = status
    checks: dict[int, list[CheckAnswer]] = defaultdict(list)
    for check in CheckAnswer.objects.filter(session_id__in=ids).order_by("position"):
        checks[check.session_id].append(check)
    return {
        s.pk: safety_events(
            session_outcome(s, steps[s.pk], checks[s.pk], plan=plans[s.plan_id]), policy=policy
        )
        for s in found
    }
