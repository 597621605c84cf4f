"""The `piri` commands a clinic admin runs."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from piri.accounts.models import Clinic, User
from piri.program.models import ExerciseSession
from tests.cli import piri, piri_process


def test_demo_creates_a_patient_once_and_prints_the_login(db):
    out = io.StringIO()
    call_command("demo", "--weeks", "3", stdout=out)
    call_command("demo", stdout=out)
    assert User.objects.filter(username="demo").count() == 1
    assert "username: demo" in out.getvalue()
    assert ExerciseSession.objects.filter(patient__user__username="demo").exists()


def test_demo_clinic_gives_the_clinician_a_dashboard_and_the_patient_a_reply(db, client):
    call_command("demo", "--weeks", "3", stdout=io.StringIO())
    call_command("demo", stdout=io.StringIO())  # a second run makes no second clinic
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
