"""The triage dashboard at /clinic/: who sees it, the order, filters, search, pages, queries."""

from __future__ import annotations

import dataclasses
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from piri.accounts.invites import leave_clinic
from piri.accounts.models import AuditEvent, Clinic, Patient, StaffMembership, User
from piri.accounts.roles import add_membership
from piri.clinic.services.dashboard import PER_PAGE, Show, clinic_today, triage_page
from piri.clinic.services.triage_rows import refresh_all
from piri.domain.triage import Screening as Kind
from piri.program.services.protocol import active_policy
from tests.factories.clinics import clinic_patient, link, make_clinic
from tests.factories.people import make_staff, make_user, signed_in
from tests.factories.program import flag, make_sessions, prompt, screen, session_with_reach
from tests.factories.requests import ask

pytestmark = pytest.mark.django_db


def names_on(html: str) -> list[str]:
    return re.findall(r'<h2 class="triage-name"><a href="[^"]+">([^<]+)</a>', html)


def quick_patients(clinic: Clinic, count: int, *, prefix: str = "p") -> list[Patient]:
    """Patients linked to ``clinic`` with a session today (not quiet), rows built in bulk."""
    patients = []
    for n in range(count):
        user = make_user(username=f"{prefix}{n:03d}", first_name=f"{prefix.title()}{n:03d}")
        patient = link(Patient.objects.create(user=user), clinic)
        patients.append(patient)
    refresh_all(patients, now=timezone.now())
    return patients


@pytest.fixture
def clinic() -> Clinic:
    return make_clinic(name="Riverside Physio", quiet_days=7)


@pytest.fixture
def clinician(clinic: Clinic) -> User:
    return make_staff(clinic, username="dr_lee", first_name="Dana")


def test_the_patients_are_listed_most_urgent_first_each_saying_why(clinic, clinician):
    today = timezone.localdate()
    cast = {}
    for name in (
        "Quiet",
        "Request",
        "Prompt",
        "Spreading",
        "Doctor",
        "Urgentask",
        "Urgent",
        "Emergency",
    ):
        cast[name] = clinic_patient(clinic, first_name=name)
    for name, p in cast.items():
        if name != "Quiet":
            make_sessions(p, [today])
    make_sessions(cast["Quiet"], [today - timedelta(days=10)])
    refresh_all(cast.values(), now=timezone.now())
    ask(cast["Request"], clinic)
    prompt(cast["Prompt"])
    session_with_reach(cast["Spreading"], today, ("thigh", "foot"))
    flag(cast["Doctor"], "D")
    ask(cast["Urgentask"], clinic, urgent=True)
    flag(cast["Urgent"], "U")
    flag(cast["Emergency"], "E")
    calm = clinic_patient(clinic, first_name="Calm")
    make_sessions(calm, [today])
    refresh_all([calm], now=timezone.now())

    page = signed_in(clinician).get("/clinic/")
    assert page.status_code == 200
    html = page.content.decode()
    assert names_on(html) == [
        "Emergency",
        "Urgent",
        "Urgentask",
        "Doctor",
        "Spreading",
        "Prompt",
        "Request",
        "Quiet",
    ]
    assert (
        "Tier E: Emergency" in html and "Tier U: Urgent" in html and "Tier D: See a doctor" in html
    )
    assert "No session for 10 days (listed after 7)." in html
    assert f'datetime="{today.isoformat()}"' in html
    assert "Calm" not in names_on(html)  # nothing open: only under "All"
    everyone = signed_in(clinician).get("/clinic/", {"show": "all"}).content.decode()
    assert "Calm" in names_on(everyone) and "Nothing open." in everyone


def test_the_filters_search_and_count(clinic, clinician):
    today = timezone.localdate()
    alex = clinic_patient(clinic, first_name="Alex", last_name="Novak")
    sam = clinic_patient(clinic, first_name="Sam", last_name="Okafor")
    jo = clinic_patient(clinic, first_name="Jo", last_name="Lindqvist")
    make_sessions(alex, [today])
    make_sessions(sam, [today])
    make_sessions(jo, [today - timedelta(days=30)])
    flag(alex, "D")
    ask(sam, clinic)
    refresh_all([jo], now=timezone.now())
    client = signed_in(clinician)

    def listed(**query: str) -> list[str]:
        return names_on(client.get("/clinic/", query).content.decode())

    assert listed(show="flags") == ["Alex Novak"]
    assert listed(show="requests") == ["Sam Okafor"]
    assert listed(show="quiet") == ["Jo Lindqvist"]
    assert listed(show="attention") == ["Alex Novak", "Sam Okafor", "Jo Lindqvist"]
    assert listed(q="okaf") == ["Sam Okafor"]
    assert listed(q="  sam   OKAFOR ") == ["Sam Okafor"]
    assert listed(q="nobody") == []
    board = triage_page(clinic, search="o", today=clinic_today(now=timezone.now()))
    assert board.counts == {
        Show.ATTENTION: 3,
        Show.FLAGS: 1,
        Show.REQUESTS: 1,
        Show.QUIET: 1,
        Show.ALL: 3,
    }


def test_a_patient_with_no_session_is_quiet_only_after_the_clinic_s_days(clinic):
    fresh = clinic_patient(clinic, first_name="Fresh")
    refresh_all([fresh], now=timezone.now())
    assert (
        triage_page(clinic, show=Show.QUIET, today=clinic_today(now=timezone.now())).counts[
            Show.QUIET
        ]
        == 0
    )
    later = clinic_today(now=timezone.now()) + timedelta(days=clinic.quiet_days + 1)
    assert [r.name for r in triage_page(clinic, show=Show.QUIET, today=later).rows] == ["Fresh"]
    Clinic.objects.filter(pk=clinic.pk).update(quiet_days=30)
    clinic.refresh_from_db()
    assert triage_page(clinic, show=Show.QUIET, today=later).rows == []


def test_pages_of_25_with_links_that_keep_the_filter_and_search(clinic, clinician):
    quick_patients(clinic, PER_PAGE + 5)  # no sessions yet, so nobody is quiet
    client = signed_in(clinician)
    first = client.get("/clinic/", {"show": "all", "q": "p0"}).content.decode()
    assert len(names_on(first)) == PER_PAGE
    assert 'aria-label="Pages"' in first and "Page 1 of 2" in first
    assert f"?clinic={clinic.pk}&amp;show=all&amp;q=p0&amp;page=2" in first
    second = client.get("/clinic/", {"show": "all", "q": "p0", "page": "2"}).content.decode()
    assert len(names_on(second)) == 5 and "Page 2 of 2" in second and 'rel="prev"' in second
    beyond = client.get("/clinic/", {"show": "all", "q": "p0", "page": "9"}).content.decode()
    assert "Page 2 of 2" in beyond  # past the end: the last page


@pytest.mark.parametrize(
    ("query", "said"),
    [
        ({"show": "everything"}, "is not a list the dashboard has"),
        ({"page": "two"}, "is not a whole number"),
        ({"page": "0"}, "is not a whole number"),
        ({"clinic": "x"}, "is not a whole number"),
        ({"q": "a" * 101}, "too long"),
    ],
)
def test_a_bad_query_gets_a_400_that_says_what_to_change(clinic, clinician, query, said):
    response = signed_in(clinician).get("/clinic/", query)
    assert response.status_code == 400
    assert said in response.content.decode()


def test_only_current_clinic_staff_see_the_dashboard(clinic, clinician):
    patient = clinic_patient(clinic, first_name="Alex")
    flag(patient, "D")  # (an E would send the patient to the emergency screen first)
    assert Client().get("/clinic/").status_code == 302  # sign in first
    assert signed_in(patient.user).get("/clinic/").status_code == 404
    assert signed_in(make_user()).get("/clinic/").status_code == 404
    other = make_clinic(name="Hillside")
    stranger = make_staff(other)
    page = signed_in(stranger).get("/clinic/")
    assert page.status_code == 200 and "Alex" not in page.content.decode()
    assert signed_in(stranger).get("/clinic/", {"clinic": clinic.pk}).status_code == 404
    StaffMembership.objects.filter(user=clinician).update(ended_at=timezone.now())
    assert signed_in(clinician).get("/clinic/").status_code == 404


def test_a_patient_who_left_the_clinic_is_not_listed(clinic, clinician):
    patient = clinic_patient(clinic, first_name="Gone")
    flag(patient, "U")
    leave_clinic(patient, clinic, now=timezone.now())
    html = signed_in(clinician).get("/clinic/", {"show": "all"}).content.decode()
    assert "Gone" not in html


def test_staff_of_two_clinics_pick_one(clinic, clinician):
    other = make_clinic(name="Hillside")
    add_membership(other, clinician, "admin")
    clinic_patient(other, first_name="Hilly")
    refresh_all(now=timezone.now())
    client = signed_in(clinician)
    html = client.get("/clinic/", {"show": "all"}).content.decode()
    assert '<select id="triage-clinic" name="clinic">' in html  # Hillside first by name
    assert names_on(html) == ["Hilly"]
    assert (
        names_on(client.get("/clinic/", {"show": "all", "clinic": clinic.pk}).content.decode())
        == []
    )


def test_each_view_writes_one_audit_row(clinic, clinician):
    signed_in(clinician).get("/clinic/", {"show": "quiet"})
    events = list(AuditEvent.objects.all())
    assert [(e.action, e.what, e.clinic_id, e.actor_id) for e in events] == [
        ("read", "triage list", clinic.pk, clinician.pk)
    ]


def test_the_number_of_queries_does_not_grow_with_the_patients(clinic, clinician):
    client = signed_in(clinician)
    quick_patients(clinic, 3, prefix="a")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/clinic/", {"show": "all"}).status_code == 200
    many = quick_patients(clinic, 37, prefix="b")
    for p in many[:5]:
        flag(p, "D")
    with CaptureQueriesContext(connection) as more:
        assert client.get("/clinic/", {"show": "all"}).status_code == 200
    assert len(more) == len(few), [q["sql"][:80] for q in more.captured_queries]


def test_an_open_urgent_flag_names_its_questions_by_their_labels(clinic, clinician):
    client = signed_in(clinician)
    urgent = clinic_patient(clinic, first_name="Urgent")
    make_sessions(urgent, [timezone.localdate()])
    screen(urgent, kind=Kind.WEEKLY, yes=("U2", "U1"))
    with CaptureQueriesContext(connection) as one:
        html = client.get("/clinic/").content.decode()
    assert (
        "Urgent answer (tier U): exercises paused until a clinician records a review. "
        "Because of: foot drop or toe/heel weakness (U1); new weakness in one leg (U2)."
    ) in html
    assert "Because of: U1" not in html
    doctor = clinic_patient(clinic, first_name="Doctor")
    make_sessions(doctor, [timezone.localdate()])
    flag(doctor, "D")
    with CaptureQueriesContext(connection) as two:
        html = client.get("/clinic/").content.decode()
    assert "Because of: past cancer (D1)." in html
    assert len(two) == len(one), [q["sql"][:80] for q in two.captured_queries]


def test_the_labels_are_the_policy_s_not_the_code_s(clinic):
    patient = clinic_patient(clinic, first_name="Urgent")
    flag(patient, "U")
    policy = active_policy()
    u1 = dataclasses.replace(policy.triage.question("U1"), label="dropped foot")
    questions = tuple(u1 if q.id == "U1" else q for q in policy.triage.questions)
    own = dataclasses.replace(
        policy, triage=dataclasses.replace(policy.triage, questions=questions)
    )
    board = triage_page(clinic, show=Show.FLAGS, policy=own, today=clinic_today(now=timezone.now()))
    (row,) = board.rows
    assert "Because of: dropped foot (U1)." in row.reasons[0].words


def test_clinic_staff_without_a_patient_profile_land_on_the_dashboard(clinician):
    client = signed_in(clinician)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/clinic/"
    html = client.get("/clinic/").content.decode()
    assert 'href="/clinic/requests/"' in html and ">Dashboard<" in html
    assert 'href="/history/"' not in html


def test_a_patient_keeps_the_patient_links(patient_client):
    html = patient_client.get("/history/").content.decode()
    assert 'href="/history/"' in html and ">Dashboard<" not in html
