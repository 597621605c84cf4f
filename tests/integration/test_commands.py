"""The `piri` commands a clinic admin runs."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from piri.accounts.models import Clinic, User
from piri.program.models import ExerciseSession
from tests.cli import piri, piri_process
from tests.db import module_transaction


@pytest.fixture(scope="module")
def demo_twice(django_db_setup: None, django_db_blocker: Any) -> Iterator[str]:
    """``piri demo --weeks 3`` then ``piri demo`` again, once for the module (``tests.db``):
    what the two runs printed."""
    out = io.StringIO()
    with module_transaction(django_db_blocker):
        with django_db_blocker.unblock():
            call_command("demo", "--weeks", "3", stdout=out)
            call_command("demo", stdout=out)  # a second run makes no second patient or clinic
        yield out.getvalue()


def test_demo_creates_a_patient_once_and_prints_the_login(db, demo_twice):
    assert User.objects.filter(username="demo").count() == 1
    assert "username: demo" in demo_twice
    assert ExerciseSession.objects.filter(patient__user__username="demo").exists()


def test_demo_clinic_gives_the_clinician_a_dashboard_and_the_patient_a_reply(
    db, demo_twice, client
):
    assert Clinic.objects.count() == 1
    client.force_login(User.objects.get(username="clinician"))
    dashboard = client.get("/clinic/").content.decode()
    assert "Sam Okafor" in dashboard and "Tier U" in dashboard
    assert "No session for" in dashboard  # the quiet ones
    client.force_login(User.objects.get(username="demo"))
    assert "Your clinic has replied" in client.get("/").content.decode()
    admin = User.objects.get(username="clinic-admin")
    assert admin.is_staff and admin.groups.filter(name="Clinic admins").exists()


def test_serve_refuses_to_start_with_a_broken_protocol_file(tmp_path: Path, settings):
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\nid: rss\n")
    settings.PIRI_PROTOCOL = str(bad)  # what PIRI_PROTOCOL in the environment sets
    result = piri("serve", "--no-serve")
    assert result.returncode != 0
    assert f"{bad}:" in result.stderr
    assert "will not start" in result.stderr


def test_serve_migrates_and_loads_the_demo(tmp_path: Path):
    """The smoke test of ``piri serve``, in a fresh interpreter on a fresh data folder."""
    result = piri_process("serve", "--no-serve", "--demo", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "username: demo" in result.stdout
    assert (tmp_path / "piri.sqlite3").exists()


@pytest.mark.parametrize("port", ["0", "70000"])
def test_serve_rejects_a_bad_port(port: str):
    result = piri("serve", "--no-serve", "--port", port)
    assert result.returncode != 0
    assert "--port" in result.stderr
