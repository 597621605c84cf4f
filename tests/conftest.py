from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from piri.accounts.models import Patient
from tests.factories import make_patient


@pytest.fixture
def patient(db: None) -> Patient:
    return make_patient(username="alex")


@pytest.fixture
def patient_client(patient: Patient) -> Client:
    client = Client()
    client.force_login(patient.user)
    return client


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    """Argon2 is deliberately slow; tests hash many passwords (the app's own setting is
    checked in test_settings)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
