"""The report page, its three downloads (PDF, CSV ZIP, JSON) and ``piri report``: what a
patient or their specialist finds in the files, and who may get them."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import zipfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

from piri.accounts.models import Patient
from piri.domain.adherence_span import planned_sessions
from piri.domain.triage import Screening as Kind
from piri.program.models import DoseChange
from piri.program.services.activities import name_activities
from piri.program.services.checkins import record_checkin
from piri.program.services.history import local_today
from piri.program.services.measures import record_measure
from piri.program.services.plans import current_prescription
from piri.program.services.protocol import active_protocol
from piri.program.services.screening import record_review
from piri.reports.export_csv import TABLES
from piri.reports.export_json import SECTIONS
from tests.cli import piri, piri_process
from tests.factories.people import make_patient, make_user, signed_in
from tests.factories.program import make_plan, screen, session_payload

DOSE_REASON = "Clamshell hold 15 s → 20 s: two comfortable sessions in a row"
SESSIONS = 5


def pdftotext(pdf: bytes, *options: str) -> str:
    done = subprocess.run(
        ["/usr/bin/pdftotext", *options, "-", "-"], input=pdf, capture_output=True, check=True
    )
    return done.stdout.decode()


def pdf_lines(pdf: bytes) -> list[str]:
    """The PDF's lines as laid out on the page (a table row's first line holds its cells'
    first lines side by side), runs of white space made single."""
    return [re.sub(r"\s+", " ", line).strip() for line in pdftotext(pdf, "-layout").splitlines()]


def pdf_text(pdf: bytes) -> str:
    """The PDF's text in reading order (a table cell's lines together), as one line."""
    return re.sub(r"\s+", " ", pdftotext(pdf))


def row(lines: list[str], label: str) -> str:
    """The first line of the table row that starts with ``label``."""
    found = [line for line in lines if line.startswith(label)]
    assert found, f"no row {label!r}"
    return found[0]


@dataclass
class Known:
    patient: Patient
    start: datetime
    client: Client


@pytest.fixture
def known(db: None) -> Known:
    """Alex: six weeks in, five sessions, pain 7 → 3, a reviewed flag and an open one, a dose
    change, activities (one named like a spreadsheet formula) and a few check-ins."""
    now = timezone.now()
    start = now - timedelta(days=40)
    patient = make_patient(username="alex", now=start)
    patient.user.first_name, patient.user.last_name = "Alex", "Morgan"
    patient.user.save()
    client = signed_in(patient.user)
    plan = make_plan(patient)
    for n in range(SESSIONS):
        started = now - timedelta(days=30 - 6 * n, hours=2)
        body = json.dumps(session_payload(plan, started_at=started, end_pain=4 - n // 2))
        assert (
            client.post("/api/v1/sessions", body, content_type="application/json").status_code
            == 201
        )
    name_activities(patient, ["=SUM(1,2)", "Sitting at my desk", "Driving"], now=start)
    pains = {"pain_now": 7, "pain_average_24h": 6, "pain_worst_exercise": 5, "pain_next_morning": 6}
    record_measure(patient, "nprs", pains, now=start + timedelta(hours=1))
    record_measure(patient, "psfs", {"activity_1": 2, "activity_2": 3, "activity_3": 4}, now=start)
    later = {**pains, "pain_now": 3}
    record_measure(patient, "nprs", later, now=now)
    record_measure(patient, "psfs", {"activity_1": 6, "activity_2": 7, "activity_3": 8}, now=now)
    for days_ago, pain in ((20, 6), (12, 5), (3, 3), (1, 2)):
        moment = now - timedelta(days=days_ago)
        record_checkin(
            patient, day=local_today(patient, now=moment), protocol=active_protocol(),
            pain_now=pain, pain_average=pain, now=moment,
        )  # fmt: skip
    doctor = make_user(username="drlee", first_name="Sam", last_name="Lee", is_staff=True)
    screen(patient, kind=Kind.WEEKLY, yes=("D1",), now=now - timedelta(days=20))
    record_review(
        patient, reviewer=doctor, note="Seen in clinic, carry on.", now=now - timedelta(days=18)
    )
    screen(patient, kind=Kind.WEEKLY, yes=("D2",), now=now - timedelta(days=2))
    prescription = current_prescription(patient)
    assert prescription is not None
    DoseChange.objects.create(
        patient=patient, prescription=prescription, item="clamshell_hold", field="hold_s",
        old="15", new="20", reason=DOSE_REASON, created_at=now - timedelta(days=10),
    )  # fmt: skip
    DoseChange.objects.create(
        patient=patient, prescription=prescription, item="clamshell_hold", field="sets",
        old="4", new="5", reason="=HYPERLINK(\"http://example.invalid\")", created_at=now,
    )  # fmt: skip
    return Known(patient=patient, start=start, client=client)


def test_the_report_page_lists_the_three_downloads(known: Known):
    page = known.client.get("/report/")
    assert page.status_code == 200
    html = page.content.decode()
    today = local_today(known.patient, now=timezone.now()).isoformat()
    assert "Download report (PDF)" in html
    for href in ("/report/pdf/", "/report/data.csv.zip", "/report/data.json"):
        assert f'href="{href}"' in html
    assert f"piri-report-alex-{today}.pdf" in html
    assert 'data-busy-label="Preparing the report…"' in html
    assert "report.js" in html and "<script>" not in html


def test_the_history_page_links_to_the_report(known: Known):
    assert 'href="/report/"' in known.client.get("/history/").content.decode()


def test_the_pdf_holds_what_a_specialist_reads_first(known: Known):
    response = known.client.get("/report/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    today = local_today(known.patient, now=timezone.now()).isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="piri-report-alex-{today}.pdf"'
    lines, text = pdf_lines(response.content), pdf_text(response.content)
    assert "Piri report for Alex Morgan" in text
    assert "Self-management support, not a diagnosis" in text
    assert re.search(r"Page 1 / [2-9]", text)
    # pain now 7 → 3: four points better, past the 2-point MCID; activities 3 → 7
    assert row(lines, "Pain now (NPRS 0-10) 7 3 −4 (57 %").endswith("Better, MCID reached")
    assert row(lines, "Pain, 24 h average (0-10) 6 6 ±0").endswith("Within the MCID")
    assert row(lines, "Own activities (PSFS 0-10) 3 7 +4")
    assert row(lines, "Daily pain, check-ins (0-10) 5.5 2.5 −3")
    assert f"{SESSIONS} sessions recorded, {SESSIONS} finished" in text
    assert re.search(r"Last 4 weeks \(.*?\): 4 of 16 planned sessions, 25 %", text)
    started = timezone.localtime(known.start, known.patient.zone).date()
    today = local_today(known.patient, now=timezone.now())
    planned = planned_sessions(4, (today - started).days + 1)  # the aim, spread, whole
    overall = f"{SESSIONS} of {planned} planned sessions, {round(SESSIONS / planned * 100)} %"
    same_year = started.year == today.year
    days = f"{started:%-d %b}{'' if same_year else f' {started:%Y}'} – {today:%-d %b %Y}"
    assert f"Since the start ({days}): {overall}" in text
    assert "Reviewed by Sam Lee on" in text and "Seen in clinic, carry on." in text
    assert "Open: no clinician review yet" in text
    assert "unexplained weight loss (D2): Have you lost weight" in text  # label, id, question
    assert "1 flag waits for a clinician review" in text
    assert DOSE_REASON in text
    assert "Side-lying clamshell hold" in text
    assert "What works, from the records" in text and "Knee-pull buttock hold" in text
    assert "Progress charts" in text and "Sessions and the weekly aim" in text
    assert "Session log" in text and text.count("/10") >= SESSIONS


def test_a_patient_with_no_data_gets_a_report_that_says_so(db: None):
    patient = make_patient(username="newcomer", onboarded=False)
    response = signed_in(patient.user).get("/report/pdf/")
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Piri report for newcomer" in text
    assert "No weekly measures or daily check-ins recorded yet." in text
    assert "No red flags raised." in text
    assert "No prescription yet." in text
    assert "No sessions recorded yet." in text
    assert "Progress charts" not in text  # nothing to draw yet


def test_older_sessions_are_added_up_by_week(db: None):
    patient = make_patient(username="longtimer", now=timezone.now() - timedelta(weeks=40))
    client, plan = signed_in(patient.user), make_plan(patient)
    for weeks_ago in (35, 34, 1):
        started = timezone.now() - timedelta(weeks=weeks_ago)
        body = json.dumps(session_payload(plan, started_at=started))
        client.post("/api/v1/sessions", body, content_type="application/json")
    text = pdf_text(client.get("/report/pdf/").content)
    assert "Earlier weeks" in text
    assert "3 sessions recorded" in text


def read_zip(content: bytes) -> dict[str, list[list[str]]]:
    archive = zipfile.ZipFile(io.BytesIO(content))
    return {
        name: list(csv.reader(io.StringIO(archive.read(name).decode())))
        for name in archive.namelist()
    }


def test_the_csv_zip_has_one_table_per_kind_of_record(known: Known):
    response = known.client.get("/report/data.csv.zip")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert "piri-data-alex-" in response["Content-Disposition"]
    tables = read_zip(b"".join(response.streaming_content))
    assert sorted(tables) == sorted(
        f"{name}.csv"
        for name in (
            "sessions", "steps", "check_answers", "checkins", "measures", "weekly_checks",
            "screenings", "dose_changes",
        )
    )  # fmt: skip
    for table in TABLES:
        assert tuple(tables[table.filename][0]) == table.columns
    sessions = tables["sessions.csv"]
    assert len(sessions) == 1 + SESSIONS
    row = dict(zip(sessions[0], sessions[1], strict=True))
    assert row["started_at_utc"].endswith("Z")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", row["started_at_local"])
    assert row["completed"] == "true"
    assert len(tables["checkins.csv"]) == 1 + 4
    assert len(tables["screenings.csv"]) == 1 + 3  # sign-up, the reviewed flag, the open one
    screenings = [
        dict(zip(tables["screenings.csv"][0], r, strict=True)) for r in tables["screenings.csv"][1:]
    ]
    assert [(s["tier"], s["reviewed_by"]) for s in screenings] == [
        ("C", ""),  # an all-clear needs no review
        ("D", "Sam Lee"),
        ("D", ""),
    ]


def test_csv_cells_that_look_like_formulas_are_neutralised(known: Known):
    tables = read_zip(b"".join(known.client.get("/report/data.csv.zip").streaming_content))
    reasons = [r[6] for r in tables["dose_changes.csv"][1:]]
    assert '\'=HYPERLINK("http://example.invalid")' in reasons
    assert DOSE_REASON in reasons
    labels = {r[6] for r in tables["measures.csv"][1:]}
    assert "'=SUM(1,2)" in labels and "=SUM(1,2)" not in labels
    scores = [r for r in tables["measures.csv"][1:] if r[3] == "score" and r[4] == "pain_now"]
    assert [r[5] for r in scores] == ["7", "3"]  # numbers stay numbers


def test_the_json_export_holds_every_section(known: Known):
    response = known.client.get("/report/data.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert data["schema_version"] == 1 and data["exported_at"].endswith("Z")
    assert set(SECTIONS) <= set(data)
    assert data["patient"]["username"] == "alex" and data["patient"]["time_zone"]
    assert len(data["sessions"]) == SESSIONS
    assert data["sessions"][0]["steps"] and data["sessions"][0]["checks"]
    assert {p["id"] for p in data["plans"]} == {s["plan_id"] for s in data["sessions"]}
    assert len(data["checkins"]) == 4 and len(data["measures"]) == 4
    assert data["activities"][0]["name"] == "=SUM(1,2)"  # JSON keeps text as it is
    assert [r["reviewer"] for r in data["reviews"]] == ["drlee"]
    assert {d["reason"] for d in data["dose_changes"]} >= {DOSE_REASON}
    assert [s["tier"] for s in data["screenings"]] == ["C", "D", "D"]
    for section in ("prescriptions", "own_triggers", "weekly_checks", "item_ratings"):
        assert isinstance(data[section], list)


DOWNLOADS = ("/report/", "/report/pdf/", "/report/data.csv.zip", "/report/data.json")


@pytest.mark.parametrize("url", DOWNLOADS)
def test_another_patient_gets_not_found(known: Known, url: str):
    other = signed_in(make_patient(username="someone").user)
    assert other.get(f"{url}?patient={known.patient.pk}").status_code == 404


@pytest.mark.parametrize("url", DOWNLOADS)
def test_a_patient_number_that_is_not_a_number_is_a_clear_400(patient_client: Client, url: str):
    response = patient_client.get(f"{url}?patient=abc")
    assert response.status_code == 400
    assert "patient=abc, which is not a patient number" in response.content.decode()


@pytest.mark.parametrize("url", DOWNLOADS)
def test_signed_out_visitors_are_sent_to_sign_in(db: None, url: str):
    response = Client().get(url)
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_own_number_works_like_no_number(known: Known):
    response = known.client.get(f"/report/data.json?patient={known.patient.pk}")
    assert json.loads(response.content)["patient"]["username"] == "alex"


def test_the_cli_writes_a_pdf(known: Known, tmp_path: Path):
    out = tmp_path / "alex.pdf"
    stdout = io.StringIO()
    call_command("report", "--patient", "alex", "--out", str(out), stdout=stdout)
    assert out.read_bytes().startswith(b"%PDF")
    assert "Piri report for Alex Morgan" in pdf_text(out.read_bytes())
    assert f"Wrote {out}" in stdout.getvalue()
    call_command("report", "--patient", str(known.patient.pk), "--out", str(tmp_path / "a.json"),
                 "--format", "json", stdout=io.StringIO())  # fmt: skip
    assert json.loads((tmp_path / "a.json").read_text())["patient"]["username"] == "alex"


def test_the_cli_refuses_an_unknown_patient(db: None, tmp_path: Path):
    with pytest.raises(CommandError, match=r"^--patient: no patient with username or number 'x'"):
        call_command("report", "--patient", "x", "--out", str(tmp_path / "r.pdf"))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--format", "xml"), "--format: use pdf, csv or json, not 'xml'"),
        (
            ("--out", "/nonexistent/folder/r.pdf"),
            "--out: the folder /nonexistent/folder does not exist",
        ),
    ],
)
def test_the_cli_fails_with_one_clear_line(tmp_path: Path, args: tuple[str, ...], message: str):
    base = {"--patient": "alex", "--out": str(tmp_path / "r.pdf")}
    base.update(dict(zip(args[::2], args[1::2], strict=True)))
    result = piri("report", *[x for pair in base.items() for x in pair])
    assert result.returncode != 0
    assert result.stderr.strip() == f"CommandError: {message}"
    assert "Traceback" not in result.stderr


def test_the_cli_fails_with_one_clear_line_in_a_fresh_interpreter(tmp_path: Path):
    """The smoke test of ``piri report``: the entry point as a user starts it."""
    out = str(tmp_path / "r.pdf")
    result = piri_process(
        "report", "--patient", "alex", "--out", out, "--format", "xml", data_dir=tmp_path
    )
    assert result.returncode != 0
    assert result.stderr.strip() == "CommandError: --format: use pdf, csv or json, not 'xml'"
    assert "Traceback" not in result.stderr
