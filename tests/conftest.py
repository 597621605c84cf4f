from __future__ import annotations

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
