from __future__ import annotations

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router, Status

from piri.accounts.access import own_patient
from piri.api.schemas import SessionIn, SessionOut
from piri.program.access import own_sessions
from piri.program.models import ExerciseSession
from piri.program.services.recording import (
    CheckReport,
    SessionReport,
    StepReport,
    record_session,
)

router = Router(tags=["sessions"])


def _out(session: ExerciseSession, statuses: list[str] | None = None) -> SessionOut:
    """``statuses``: the steps' statuses when known (a session just stored from them)."""
    if statuses is None:
        statuses = [step.status for step in session.steps.all()]
    return SessionOut(
        id=session.pk,
        client_id=session.client_id,
        plan_id=session.plan_id,
        started_at=session.started_at,
        ended_at=session.ended_at,
        local_date=session.local_date.isoformat(),
        completed=session.completed,
        end_pain=session.end_pain,
        helped_most=session.helped_most,
        steps_done=statuses.count("done"),
        steps_total=len(statuses),
    )


@router.post("", response={200: SessionOut, 201: SessionOut})
def post_session(request: HttpRequest, payload: SessionIn) -> Status[SessionOut]:
    """Record a session. Idempotent by ``client_id``: a repeat returns 200 and the stored one."""
    patient = own_patient(request.user)
    report = SessionReport(
        client_id=payload.client_id,
        plan_id=payload.plan_id,
        started_at=payload.started_at,
        ended_at=payload.ended_at,
        completed=payload.completed,
        steps=[StepReport(s.step_id, s.status, s.seconds) for s in payload.steps],
        checks=[
            CheckReport(
                step_id=c.step_id,
                change=c.change,
                extent=c.extent,
                pain=c.pain,
                action=c.action,
                answered_at=c.answered_at,
            )
            for c in payload.checks
        ],
        end_pain=payload.end_pain,
        helped_most=payload.helped_most,
    )
    session, created = record_session(patient, report, now=timezone.now())
    if created:
        return Status(201, _out(session, [step.status for step in report.steps]))
    return Status(200, _out(session))


@router.get("", response=list[SessionOut])
def list_sessions(request: HttpRequest, limit: int = 50) -> list[SessionOut]:
    limit = max(1, min(limit, 200))
    sessions = own_sessions(request.user).prefetch_related("steps")[:limit]
    return [_out(s) for s in sessions]


@router.get("/{id:session_id}", response=SessionOut)
def get_session(request: HttpRequest, session_id: int) -> SessionOut:
    try:
        return _out(own_sessions(request.user).get(pk=session_id))
    except ExerciseSession.DoesNotExist:
        raise Http404 from None
