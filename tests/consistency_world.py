"""One patient's history, built through the real services, for the "one truth" test: every
page, report, export and summary must tell this story the same way (issue 11).

Robin Hart signed up ten days ago (aim: 4 sessions a week, right side) and was seen at
Riverside Physio by Dana Reyes:

- day 0 (sign-up): a comfortable session;
- day 5: a comfortable session;
- day 9: a weekly screening with "yes" to unexplained weight loss (D2): a tier D flag, open;
  Dana lengthens the clamshell hold, 15 s -> 20 s (a clinician's dose change);
- today, two hours ago: a session in which the tingling spread from the back of the thigh to
  below the knee during the finger massage (a spreading stop: the massage is left out of the
  next session) and the clamshell hurt, pain 7 (a red pain stop: the program steps its hold
  down, a program dose change); the later checks said the back of the thigh again;
- today, after the session: the daily check-in, tingling at the back of the thigh.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta

from django.test import Client
from django.utils import timezone

from piri.accounts.invites import join_clinic
from piri.accounts.models import Clinic, Patient, User
from piri.accounts.models.clinics import Role
from piri.accounts.roles import add_membership
from piri.clinic.program_form import parse, state_of
from piri.clinic.services.program_edit import edit_program
from piri.domain.plan import BranchAction, Change, Extent, SessionPlan, StepKind
from piri.domain.triage import Screening as Kind
from piri.domain.triage import questions_for
from piri.program.models import CheckIn, ExerciseSession
from piri.program.services.adaptation import todays_plan
from piri.program.services.checkins import record_checkin
from piri.program.services.onboarding import onboard
from piri.program.services.plans import current_prescription
from piri.program.services.protocol import active_policy, active_protocol
from piri.program.services.recording import (
    CheckReport,
    SessionReport,
    StepReport,
    record_session,
)
from piri.program.services.screening import record_screening

ZONE = "Europe/London"
TARGET = 4
SPREAD_BLOCK = "fingers.right"  # the finger massage, right side
RED_BLOCK = "clamshell_hold.right"
WHY = "Holds were easy at today's appointment"


@dataclass(frozen=True)
class World:
    patient: Patient
    clinician: User
    clinic: Clinic
    now: datetime  # the moment the surfaces are read
    started_at: datetime  # sign-up
    sessions: tuple[ExerciseSession, ...]
    checkin: CheckIn

    def client(self, user: User | None = None) -> Client:
        client = Client()
        client.force_login(user or self.patient.user)
        return client


def _person(username: str, first: str, last: str) -> User:
    return User.objects.create_user(
        username=username, password=uuid.uuid4().hex, first_name=first, last_name=last
    )


def _answers(kind: Kind, yes: tuple[str, ...] = ()) -> dict[str, str]:
    return {
        q.id: "yes" if q.id in yes else "no" for q in questions_for(kind, policy=active_policy())
    }


def _screen(patient: Patient, kind: Kind, at: datetime, yes: tuple[str, ...] = ()) -> None:
    record_screening(
        patient, kind=kind, answers=_answers(kind, yes), policy=active_policy(), now=at
    )


def _report(
    plan: SessionPlan, plan_id: uuid.UUID, start: datetime, *, spread: bool, hurt: bool
) -> SessionReport:
    """Every step done for its time and every check answered "same, back of the thigh, pain 2"
    as it came; with ``spread``, the massage's first check says "more, below the knee" (the
    player eases off: its second round is stopped); with ``hurt``, the clamshell's check says
    pain 7."""
    steps, checks, clock = [], [], start
    stopped_from: dict[str, int] = {}
    for index, step in enumerate(plan.steps):
        clock += timedelta(seconds=step.duration_s)
        status = "done"
        if spread and step.block in stopped_from and index > stopped_from[step.block]:
            status = "stopped" if step.kind is not StepKind.CHECK else "skipped"
        steps.append(StepReport(step.id, status, float(step.duration_s)))
        if step.kind not in (StepKind.CHECK, StepKind.FINISH) or status != "done":
            continue
        answer = CheckReport(step.id, Change.SAME, Extent.THIGH, 2, answered_at=clock)
        if spread and step.block == SPREAD_BLOCK and step.id.endswith("during"):
            answer = replace(
                answer,
                change=Change.MORE,
                extent=Extent.BELOW_KNEE,
                action=BranchAction.EASE_PRESSURE,
            )
            stopped_from[step.block] = index
        elif hurt and step.block == RED_BLOCK:
            answer = replace(answer, pain=7, action=BranchAction.STOP_BLOCK)
        checks.append(answer)
    return SessionReport(
        client_id=uuid.uuid4(),
        plan_id=plan_id,
        started_at=start,
        ended_at=clock,
        completed=True,
        steps=steps,
        checks=checks,
        end_pain=3 if spread or hurt else 2,
    )


def _session(
    patient: Patient, start: datetime, *, spread: bool = False, hurt: bool = False
) -> ExerciseSession:
    today = todays_plan(patient, protocol=active_protocol(), policy=active_policy(), now=start)
    assert today is not None
    plan = SessionPlan.from_json(today.plan.body)
    report = _report(plan, today.plan.id, start, spread=spread, hurt=hurt)
    session, _created = record_session(patient, report, now=report.ended_at)
    return session


def _clinician_edit(patient: Patient, clinician: User, at: datetime) -> None:
    protocol = active_protocol()
    current = current_prescription(patient)
    assert current is not None
    state = state_of(current, protocol)
    state = replace(
        state,
        doses={**state.doses, "clamshell_hold.hold_s": "20"},
        why=WHY,
        based_on=str(current.pk),
    )
    edit_program(
        patient,
        parse(state, protocol),
        by=clinician,
        protocol=protocol,
        policy=active_policy(),
        now=at,
    )


def _sign_up(username: str, first: str, last: str, at: datetime) -> Patient:
    patient = Patient.objects.create(user=_person(username, first, last), time_zone=ZONE)
    onboard(
        patient,
        protocol=active_protocol(),
        sides="right",
        floor_ok=True,
        tools=(),
        weekly_target=TARGET,
        time_zone=ZONE,
        baseline_pain=5,
        now=at,
    )
    _screen(patient, Kind.ONBOARDING, at)
    return patient


def _check_in_after(patient: Patient, session: ExerciseSession) -> CheckIn:
    """The daily check-in, saved five minutes after ``session``: tingling at the thigh."""
    answered = session.ended_at + timedelta(minutes=5)
    checkin, _created = record_checkin(
        patient,
        day=answered.astimezone(patient.zone).date(),
        protocol=active_protocol(),
        pain_now=3,
        pain_average=3,
        extent=Extent.THIGH.value,
        now=answered,
    )
    CheckIn.objects.filter(pk=checkin.pk).update(updated_at=answered)  # saved just then
    checkin.refresh_from_db()
    return checkin


def _today_at(now: datetime, hours_ago: float) -> datetime:
    """``hours_ago`` before ``now``, but not before 00:01 today on the patient's clock."""
    zone = Patient(time_zone=ZONE).zone
    midnight = datetime.combine(now.astimezone(zone).date(), time(0, 1), tzinfo=zone)
    return max(midnight, now - timedelta(hours=hours_ago))


def build_first_day(now: datetime | None = None) -> World:
    """The walk of issue 11: sign up, one session in which the tingling spread below the knee
    during the massage, a check-in; all today."""
    now = now or timezone.now()
    clinic = Clinic.objects.create(name="Riverside Physio")
    clinician = _person("dana", "Dana", "Reyes")
    add_membership(clinic, clinician, Role.CLINICIAN)
    signed_up = _today_at(now, 1)
    patient = _sign_up("sam", "Sam", "Okafor", signed_up)
    join_clinic(patient, clinic, now=signed_up)
    session = _session(patient, _today_at(now, 0.75), spread=True)
    checkin = _check_in_after(patient, session)
    return World(patient, clinician, clinic, now, signed_up, (session,), checkin)


def build_world(now: datetime | None = None) -> World:
    now = now or timezone.now()
    started_at = now - timedelta(days=10)
    clinic = Clinic.objects.create(name="Riverside Physio")
    clinician = _person("dana", "Dana", "Reyes")
    add_membership(clinic, clinician, Role.CLINICIAN)
    patient = _sign_up("robin", "Robin", "Hart", started_at)
    join_clinic(patient, clinic, now=started_at)

    sessions = [
        _session(patient, started_at + timedelta(hours=1)),
        _session(patient, started_at + timedelta(days=5)),
    ]
    _screen(patient, Kind.WEEKLY, now - timedelta(days=1), yes=("D2",))
    _clinician_edit(patient, clinician, now - timedelta(days=1))
    sessions.append(_session(patient, _today_at(now, 2), spread=True, hurt=True))
    checkin = _check_in_after(patient, sessions[-1])
    return World(patient, clinician, clinic, now, started_at, tuple(sessions), checkin)
