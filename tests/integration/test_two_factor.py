"""Two-factor sign-in (allauth.mfa): setting up an authenticator app and signing in with its
codes (computed here with pyotp), recovery codes shown once and each working once, and a
clinic that requires it of its staff sending an unenrolled clinician or clinic admin to the
set-up before any patient data (``piri.accounts.two_factor``)."""

from __future__ import annotations

import re

import pyotp
import pytest
from django.test import Client

from piri.accounts.models import Clinic, Patient, User
from piri.accounts.models.clinics import Role
from tests.factories.clinics import link, make_clinic
from tests.factories.people import PASSWORD, make_patient, make_staff
from tests.factories.program import make_plan

pytestmark = pytest.mark.django_db

SETUP = "/account/2fa/totp/activate/"
CODE_PAGE = "/account/2fa/authenticate/"
RECOVERY = "/account/2fa/recovery-codes/"


def sign_in(client: Client, username: str) -> str:
    """Posts the password; returns where Piri sends the person next."""
    response = client.post("/login/", {"login": username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return response["Location"]


def signed_in_as(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


def set_up_totp(client: Client) -> tuple[str, list[str]]:
    """Sets up the authenticator app on the signed-in ``client``: (the secret, the recovery
    codes shown once afterwards)."""
    page = client.get(SETUP)
    if page.status_code == 302:  # allauth asks for the password again before a change
        assert page["Location"].startswith("/account/reauthenticate/")
        again = client.post(page["Location"], {"password": PASSWORD})
        assert again.status_code == 302 and again["Location"] == SETUP
        page = client.get(SETUP)
    assert page.status_code == 200
    html = page.content.decode()
    secret = re.search(r'<code id="totp-secret" class="totp-secret">([A-Z2-7]+)</code>', html)
    assert secret, "the secret is shown as text"
    assert "<svg" in html, "and as a QR code"
    done = client.post(SETUP, {"code": pyotp.TOTP(secret[1]).now()})
    assert done.status_code == 302 and done["Location"] == RECOVERY
    codes_page = client.get(RECOVERY).content.decode()
    codes = re.findall(r"<li><code>([^<]+)</code></li>", codes_page)
    assert len(codes) == 10
    assert 'download="piri-recovery-codes.txt"' in codes_page
    return secret[1], codes


@pytest.fixture
def patient() -> Patient:
    patient = make_patient(username="kim")
    make_plan(patient)
    return patient


def test_the_account_page_links_to_two_factor_sign_in(patient: Patient) -> None:
    client = Client()
    sign_in(client, "kim")
    html = client.get("/account/email/").content.decode()
    assert 'href="/account/2fa/"' in html
    index = client.get("/account/2fa/").content.decode()
    assert "Two-factor sign-in" in index and 'href="/account/2fa/totp/activate/"' in index


def test_set_up_and_sign_in_with_a_code_from_the_app(patient: Patient) -> None:
    client = Client()
    sign_in(client, "kim")
    client.post("/account/reauthenticate/", {"password": PASSWORD})
    # a wrong code turns nothing on
    wrong = client.post(SETUP, {"code": "000000"})
    assert wrong.status_code == 200 and "<svg" in wrong.content.decode()
    secret, _codes = set_up_totp(client)
    # shown once: the codes are not on the page a second time
    again = client.get(RECOVERY).content.decode()
    assert "<li><code>" not in again and "shown once" in again
    assert client.get("/account/2fa/").content.decode().count("Turn off two-factor") == 1

    client.post("/logout/")
    fresh = Client()
    assert sign_in(fresh, "kim") == CODE_PAGE
    assert signed_in_as(fresh) is None, "the password alone signs nobody in"
    page = fresh.get(CODE_PAGE)
    assert page.status_code == 200 and "Type your sign-in code" in page.content.decode()
    fresh.post(CODE_PAGE, {"code": "123456" if pyotp.TOTP(secret).now() != "123456" else "1"})
    assert signed_in_as(fresh) is None, "a wrong code signs nobody in"
    code = pyotp.TOTP(secret).now()
    done = fresh.post(CODE_PAGE, {"code": code})
    assert done.status_code == 302
    assert signed_in_as(fresh) == str(patient.user.pk)

    # the same code does not open a second sign-in
    other = Client()
    assert sign_in(other, "kim") == CODE_PAGE
    other.post(CODE_PAGE, {"code": code})
    assert signed_in_as(other) is None


def test_a_recovery_code_works_once_and_not_twice(patient: Patient) -> None:
    client = Client()
    sign_in(client, "kim")
    _secret, codes = set_up_totp(client)
    first = Client()
    assert sign_in(first, "kim") == CODE_PAGE
    first.post(CODE_PAGE, {"code": codes[0]})
    assert signed_in_as(first) == str(patient.user.pk)

    second = Client()
    assert sign_in(second, "kim") == CODE_PAGE
    second.post(CODE_PAGE, {"code": codes[0]})
    assert signed_in_as(second) is None, "a recovery code works once"
    second.post(CODE_PAGE, {"code": codes[1]})
    assert signed_in_as(second) == str(patient.user.pk)


# --------------------------------------------------------------------------------------------
# A clinic that requires two-factor sign-in of its staff


@pytest.fixture
def requiring() -> tuple[Clinic, Patient]:
    clinic = make_clinic(name="Riverside Physio", staff_two_factor_required=True)
    patient = make_patient(username="pat-a")
    make_plan(patient)
    link(patient, clinic)
    return clinic, patient


def _patient_data_paths(patient: Patient) -> list[str]:
    return [
        "/clinic/",
        f"/clinic/patients/{patient.pk}/",
        f"/clinic/patients/{patient.pk}/program/",
        "/clinic/requests/",
        f"/report/?patient={patient.pk}",
        f"/report/pdf/?patient={patient.pk}",
        f"/report/data.csv.zip?patient={patient.pk}",
        f"/report/data.json?patient={patient.pk}",
        "/admin/",
        "/admin/accounts/patient/",
    ]


@pytest.mark.parametrize("role", [Role.CLINICIAN, Role.ADMIN])
def test_an_unenrolled_clinician_is_sent_to_the_set_up_before_any_patient_data(
    requiring: tuple[Clinic, Patient], role: str
) -> None:
    clinic, patient = requiring
    make_staff(clinic, role=role, username="clin")
    client = Client()
    sign_in(client, "clin")
    for path in _patient_data_paths(patient):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"] == SETUP, path
    page = client.get(SETUP, follow=True).content.decode()
    assert "Your clinic asks its staff to use two-factor sign-in" in page
    assert client.get("/api/v1/requests").status_code == 403

    set_up_totp(client)
    assert client.get("/clinic/").status_code == 200
    assert client.get(f"/clinic/patients/{patient.pk}/").status_code == 200
    assert client.get("/clinic/requests/").status_code == 200
    assert client.get(f"/report/?patient={patient.pk}").status_code == 200
    admin = client.get("/admin/")
    assert admin.status_code == (200 if role == Role.ADMIN else 302)
    if role == Role.CLINICIAN:
        assert admin["Location"].startswith("/admin/login/")


def test_an_enrolled_clinician_signs_in_with_a_code_and_reaches_the_dashboard(
    requiring: tuple[Clinic, Patient],
) -> None:
    clinic, _patient = requiring
    make_staff(clinic, username="clin")
    client = Client()
    sign_in(client, "clin")
    secret, _codes = set_up_totp(client)
    fresh = Client()
    assert sign_in(fresh, "clin") == CODE_PAGE
    fresh.post(CODE_PAGE, {"code": pyotp.TOTP(secret).now()})
    assert fresh.get("/clinic/").status_code == 200


def test_a_clinic_that_does_not_require_it_lets_its_staff_in_without_it(
    requiring: tuple[Clinic, Patient],
) -> None:
    other = make_clinic(name="Hillside Physio")
    make_staff(other, username="clin")
    client = Client()
    sign_in(client, "clin")
    assert client.get("/clinic/").status_code == 200


def test_a_former_member_of_a_requiring_clinic_is_not_held_by_it(
    requiring: tuple[Clinic, Patient],
) -> None:
    from django.utils import timezone

    from piri.accounts.models import StaffMembership
    from piri.accounts.roles import end_membership

    clinic, _patient = requiring
    user = make_staff(clinic, username="clin")
    end_membership(StaffMembership.objects.get(user=user), now=timezone.now())
    client = Client()
    sign_in(client, "clin")
    assert client.get("/clinic/").status_code == 404


def test_a_clinic_admin_turns_the_requirement_on_in_the_admin(
    requiring: tuple[Clinic, Patient],
) -> None:
    clinic = make_clinic(name="Lakeside Physio")
    make_staff(clinic, role=Role.ADMIN, username="boss")
    client = Client()
    sign_in(client, "boss")
    page = client.get(f"/admin/accounts/clinic/{clinic.pk}/change/").content.decode()
    assert 'name="staff_two_factor_required"' in page
    assert User.objects.filter(username="boss").exists()


def test_five_wrong_codes_pause_the_code_step_even_for_the_right_code(patient: Patient) -> None:
    client = Client()
    sign_in(client, "kim")
    secret, _codes = set_up_totp(client)
    right = pyotp.TOTP(secret).now()
    wrong = "000000" if right != "000000" else "111111"
    guesser = Client()
    assert sign_in(guesser, "kim") == CODE_PAGE
    for _ in range(5):
        guesser.post(CODE_PAGE, {"code": wrong})
    page = guesser.post(CODE_PAGE, {"code": right}).content.decode()
    assert "Too many wrong codes" in page
    assert signed_in_as(guesser) is None


def test_the_code_field_has_a_label_and_suits_a_phone(patient: Patient) -> None:
    client = Client()
    sign_in(client, "kim")
    set_up_totp(client)
    fresh = Client()
    sign_in(fresh, "kim")
    html = fresh.get(CODE_PAGE).content.decode()
    assert '<label for="id_code">Code from your authenticator app, or a recovery code' in html
    assert 'autocomplete="one-time-code"' in html and 'inputmode="numeric"' in html
