"""A fuzzed, honest API: schemathesis sends every operation of /api/v1/ schema-valid and
schema-invalid requests over HTTP to a real server (pytest-django's live server on 127.0.0.1),
signed in through the sign-in page as a patient, as a clinician and as a patient locked by an
emergency answer. Every check runs; the run must find nothing: no server error, no status or
body the document does not declare, no valid request refused and no invalid one accepted.

Bounded: a few examples per operation and phase, with a fixed seed, so that every run takes
the same path. docs/decisions/0010-bad-input.md says what is configured here, and why.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
import requests
import schemathesis
from django.utils import timezone
from hypothesis import HealthCheck, settings
from ninja.responses import NinjaJSONEncoder

from piri.accounts.invites import join_clinic
from piri.accounts.models import Clinic, Patient
from piri.accounts.models.clinics import Role
from piri.accounts.roles import add_membership
from piri.api.app import api
from piri.clinic.services.requests import open_request
from piri.domain.triage import Screening as Kind
from piri.program.services.protocol import active_policy
from piri.program.services.screening import safety_state
from tests.factories.people import PASSWORD, make_patient, make_user
from tests.factories.program import make_plan, screen

pytestmark = pytest.mark.django_db(transaction=True)

EXAMPLES = 8  # per operation and phase
SEED = 20261204
ROLES = ["patient", "clinician", "locked"]

# Statuses a schema-valid request may get. 423: the patient is locked (the "locked" role, or
# a fuzzed screening that answered "yes" to an emergency question); call() checks that the
# patient really is locked whenever one comes back.
ACCEPTABLE = ["2xx", "3xx", "401", "403", "404", "409", "423", "429"]
# Statuses a schema-invalid request may get: schemathesis' own list with 423 (the lock refuses
# whatever is sent) and without 5xx (a server error is never a refusal).
REFUSALS = ["400", "401", "403", "404", "405", "406", "409", "415", "422", "423", "428", "429"]

# Operations whose schema-valid input can still be refused (422) for what no schema can say:
# a plan, step or clinic id that is not the patient's, a time outside the program's window,
# a day or week other than the current one, an instrument the clinic has not supplied.
# docs/decisions/0010-bad-input.md lists why each one is here.
REFERS_TO_STORED_DATA = [
    "POST /api/v1/checkins",
    "POST /api/v1/measures",
    "POST /api/v1/requests",
    "POST /api/v1/sessions",
]

CONFIG = schemathesis.Config.from_dict(
    {
        "seed": SEED,
        "generation": {"max-examples": EXAMPLES, "deterministic": True, "database": "none"},
        "checks": {
            "positive_data_acceptance": {"expected-statuses": ACCEPTABLE},
            "negative_data_rejection": {"expected-statuses": REFUSALS},
        },
        "operations": [
            {
                "include-name": name,
                "checks": {"positive_data_acceptance": {"expected-statuses": [*ACCEPTABLE, "422"]}},
            }
            for name in REFERS_TO_STORED_DATA
        ],
    }
)

# The document the server serves at /api/v1/openapi.json (test_the_fuzzed_document_is_served
# checks that they are the same): schemathesis reads it while this module is collected, before
# any server runs.
DOCUMENT = json.loads(json.dumps(api.get_openapi_schema(), cls=NinjaJSONEncoder))
schema = schemathesis.openapi.from_dict(DOCUMENT, config=CONFIG)

# Cases are made at collection, when no one is signed in yet: the auth provider marks where
# the session cookie goes, and call() puts the real one there. Where schemathesis tests a
# missing or wrong cookie it leaves the mark out.
SIGNED_IN_MARK = "signed-in-session"


@schema.auth(refresh_interval=None)
class SessionCookie:
    """The API's security scheme: the ``sessionid`` cookie."""

    def get(self, case: Any, context: Any) -> str:
        return SIGNED_IN_MARK

    def set(self, case: Any, data: str, context: Any) -> None:
        case.cookies = {**(case.cookies or {}), "sessionid": data}


@dataclass(frozen=True)
class SignedIn:
    base_url: str
    role: str
    patient: Patient
    session: str  # the session cookie
    csrf: str  # the CSRF cookie, echoed in the X-CSRFToken header


def sign_in(base_url: str, username: str) -> tuple[str, str]:
    """Sign in through the real sign-in page, as a browser does: (session, CSRF token)."""
    http = requests.Session()
    page = http.get(f"{base_url}/login/", timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert token, "no CSRF token on the sign-in page"
    answer = http.post(
        f"{base_url}/login/",
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token[1]},
        headers={"Referer": f"{base_url}/login/"},
        timeout=10,
        allow_redirects=False,
    )
    assert answer.status_code == 302, answer.text[:500]
    cookies = http.cookies.get_dict()
    return cookies["sessionid"], cookies["csrftoken"]


def make_world(role: str) -> tuple[Patient, str]:
    """A clinic with a clinician and a patient who has a plan and a request: the patient and
    the username to sign in as."""
    now = timezone.now()
    clinic = Clinic.objects.create(name="Riverside Physio")
    clinician = make_user(username="robin")
    add_membership(clinic, clinician, Role.CLINICIAN)
    patient = make_patient(username="alex", sides="right", now=now - timedelta(days=20))
    screen(patient, kind=Kind.ONBOARDING)
    join_clinic(patient, clinic, now=now)
    make_plan(patient)
    open_request(patient, topic="exercises", message="Can I do both sides?", now=now)
    if role == "locked":
        screen(patient, kind=Kind.BEFORE_SESSION, yes=("E1",))
    return patient, "robin" if role == "clinician" else "alex"


# The world is made once per operation and kept through its examples, as a real server's
# data is. Hypothesis' health checks (on its own data generation, not on the API: a fixture
# kept between examples, generation that looks slow on a busy machine) are off below.
@pytest.fixture(params=ROLES)
def signed_in(request: pytest.FixtureRequest, live_server: Any) -> SignedIn:
    role = request.param
    base_url = str(live_server.url)
    patient, username = make_world(role)
    session, csrf = sign_in(base_url, username)
    return SignedIn(base_url, role, patient, session, csrf)


def test_the_fuzzed_document_is_served(live_server: Any) -> None:
    served = requests.get(f"{live_server.url}/api/v1/openapi.json", timeout=10)
    assert served.status_code == 200
    assert served.json() == DOCUMENT


def test_every_operation_declares_its_refusals_with_their_bodies() -> None:
    operations = [
        (method.upper(), path, operation)
        for path, methods in DOCUMENT["paths"].items()
        for method, operation in methods.items()
    ]
    assert len(operations) == 20
    for method, path, operation in operations:
        declared = set(operation["responses"])
        expected = {"401", "404"}
        if method != "GET":
            expected |= {"403"}
        if "requestBody" in operation:
            expected |= {"400", "415", "422"}
        if (method, path) != ("POST", "/api/v1/sessions"):
            expected |= {"423"}
        assert expected <= declared, (method, path, sorted(declared))
        for status in declared - {"200", "201"}:
            assert operation["responses"][status]["content"]["application/json"]["schema"]
    plans = DOCUMENT["components"]["schemas"]["PrescriptionIn"]["properties"]
    assert "fingers" in plans["massage_option"]["enum"]
    message = DOCUMENT["components"]["schemas"]["MessageIn"]["properties"]["message"]
    assert message["minLength"] == 1 and message["pattern"]


@schema.parametrize()
@settings(suppress_health_check=list(HealthCheck))
def test_every_operation_answers_as_its_document_says(case: Any, signed_in: SignedIn) -> None:
    if case.cookies and case.cookies.get("sessionid") == SIGNED_IN_MARK:
        case.cookies["sessionid"] = signed_in.session
    response = case.call_and_validate(
        base_url=signed_in.base_url,
        headers={"X-CSRFToken": signed_in.csrf},
        cookies={"csrftoken": signed_in.csrf},
        timeout=30,
    )
    if response.status_code == 423:
        assert signed_in.role != "clinician", "a clinician is never locked"
        assert safety_state(signed_in.patient, policy=active_policy()).locked, response.text
