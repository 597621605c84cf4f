"""The demo clinic (``piri demo``): a clinic, a clinician and a clinic admin, and a handful
of patients whose records give the triage dashboard something to sort.

Each patient has a few weeks of made-up history (``demo_history.fill_history``) and one
reason to be seen: a red flag, a worry sent to the clinic, weeks without a session, or
nothing at all. The demo patient Robin joins the clinic and has a reply waiting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from piri.accounts.invites import join_clinic
from piri.accounts.models import Clinic, Patient, User
from piri.accounts.models.clinics import Role
from piri.accounts.roles import add_membership
from piri.clinic.services.requests import open_request, reply
from piri.clinic.services.triage_rows import refresh_all
from piri.demo_history import fill_history
from piri.domain.triage import Screening as Kind
from piri.domain.triage import questions_for
from piri.program.services.onboarding import onboard
from piri.program.services.plans import plan_for
from piri.program.services.protocol import active_policy, active_protocol
from piri.program.services.screening import record_screening

CLINICIAN_USERNAME = "clinician"
ADMIN_USERNAME = "clinic-admin"
STAFF_PASSWORD = "demo-piri-2026"  # printed on purpose, like the demo patient's


@dataclass(frozen=True, slots=True)
class DemoPatient:
    username: str
    first_name: str
    last_name: str
    weeks: int  # weeks of history
    idle_days: int = 0  # days since the history stopped
    flag: str = ""  # a question answered "yes" in a weekly screening today ("U1", "D1" …)
    time_zone: str = "Europe/London"


CAST = (
    DemoPatient("sam", "Sam", "Okafor", weeks=5, flag="U1"),
    DemoPatient("alex", "Alex", "Novak", weeks=8, flag="D1", time_zone="Europe/Dublin"),
    DemoPatient("jo", "Jo", "Lindqvist", weeks=6, idle_days=12),
    DemoPatient("priya", "Priya", "Raman", weeks=3),
    DemoPatient("morgan", "Morgan", "Hale", weeks=10, time_zone="America/New_York"),
    DemoPatient("lee", "Lee", "Tanaka", weeks=4, idle_days=9),
)


def create_clinic(robin: Patient, *, now: datetime) -> Clinic:
    clinic = Clinic.objects.create(
        name="Riverside Physio (demo)",
        emergency_text="Riverside's out-of-hours line: 0100 000 000 (made up for the demo).",
        accepts_self_signup=True,  # the home clinic: people who sign up on their own join it
    )
    for username, first, role in (
        (CLINICIAN_USERNAME, "Dana", Role.CLINICIAN),
        (ADMIN_USERNAME, "Kit", Role.ADMIN),
    ):
        user = User.objects.create_user(
            username=username, password=STAFF_PASSWORD, first_name=first, last_name="Demo"
        )
        add_membership(clinic, user, role)
    join_clinic(robin, clinic, now=now - timedelta(weeks=12))
    patients = {}
    for seed, person in enumerate(CAST, start=11):
        patient = _patient(person, seed=seed, now=now)
        join_clinic(patient, clinic, now=now - timedelta(weeks=person.weeks))
        patients[person.username] = patient
    clinician = User.objects.get(username=CLINICIAN_USERNAME)
    _conversations(robin, patients, clinician=clinician, now=now)
    refresh_all([robin, *patients.values()], now=now)  # check-ins were written in bulk
    return clinic


def _conversations(
    robin: Patient, patients: dict[str, Patient], *, clinician: User, now: datetime
) -> None:
    """Robin asked about sitting at work and has an answer waiting; Priya's question and
    Sam's (sent with a red flag open, so urgent) wait for the clinic."""
    asked = open_request(
        robin,
        topic="exercises",
        message="Is it fine to do the chair stretch at my desk between meetings?",
        now=now - timedelta(days=1, hours=4),
    )
    reply(
        asked,
        author=clinician,
        message=(
            "Yes, the chair version is made for that. Keep each round gentle and stop if "
            "the tingling spreads. We can talk it through at your next visit."
        ),
        from_clinic=True,
        now=now - timedelta(hours=20),
    )
    open_request(
        patients["priya"],
        topic="symptoms",
        message="The tingling went below my knee twice this week after long drives.",
        now=now - timedelta(hours=9),
    )
    open_request(
        patients["sam"],
        topic="symptoms",
        message="My foot catches on the stairs since yesterday. Should I keep exercising?",
        now=now - timedelta(hours=2),
    )


def _patient(person: DemoPatient, *, seed: int, now: datetime) -> Patient:
    user = User.objects.create_user(
        username=person.username,
        password=STAFF_PASSWORD,
        first_name=person.first_name,
        last_name=person.last_name,
    )
    patient = Patient.objects.create(user=user, time_zone=person.time_zone)
    start = now - timedelta(weeks=person.weeks, days=person.idle_days)
    onboard(
        patient,
        protocol=active_protocol(),
        sides="left" if seed % 2 else "right",
        floor_ok=True,
        tools=["tennis_ball"],
        weekly_target=3 + seed % 2,
        time_zone=person.time_zone,
        baseline_pain=5 + seed % 3,
        now=start,
    )
    _screen(patient, Kind.ONBOARDING, yes=(), at=start)
    plan = plan_for(patient, protocol=active_protocol())
    assert plan is not None
    fill_history(patient, plan, start=start, days=person.weeks * 7, seed=seed)
    if person.flag:
        _screen(patient, Kind.WEEKLY, yes=(person.flag,), at=now - timedelta(hours=3))
    return patient


def _screen(patient: Patient, kind: Kind, *, yes: tuple[str, ...], at: datetime) -> None:
    policy = active_policy()
    questions = questions_for(kind, policy=policy)
    answers = {q.id: "yes" if q.id in yes else "no" for q in questions}
    record_screening(patient, kind=kind, answers=answers, policy=policy, now=at)
