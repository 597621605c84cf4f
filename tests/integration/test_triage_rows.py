"""The triage row of a patient: every open reason, its words and date, and what clears it."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from piri.accounts.models import Patient
from piri.clinic.models import SpecialistRequest, TriageRow
from piri.clinic.services.triage_rows import refresh_all, refresh_triage
from piri.clinic.triage_order import ORDER, RANKS, Code
from piri.clinic.triage_words import describe
from piri.jobs.worker import run_due_jobs
from piri.program.models import ExerciseSession
from piri.program.services.adaptation import todays_plan
from piri.program.services.checkins import record_checkin
from piri.program.services.history import local_today
from piri.program.services.protocol import active_policy, active_protocol
from piri.program.services.screening import record_review
from piri.protocols import POLICY_PATH
from tests.factories.clinics import link, make_clinic
from tests.factories.people import make_patient, make_staff, make_user
from tests.factories.program import (
    flag,
    make_checkin,
    make_plan,
    program_flag,
    prompt,
    screen,
    session_payload,
    session_with_reach,
)
from tests.factories.requests import ask

pytestmark = pytest.mark.django_db


def row_of(patient: Patient) -> TriageRow:
    return TriageRow.objects.get(pk=patient.pk)


def codes(patient: Patient) -> list[str]:
    return [r["code"] for r in row_of(patient).reasons]


def words(patient: Patient, code: str) -> tuple[str, str]:
    reason = next(r for r in row_of(patient).reasons if r["code"] == code)
    view = describe(reason)
    return view.words, view.day.isoformat() if view.day else ""


def test_the_rank_order_is_the_issue_s_and_every_rank_has_a_source():
    order = [entry.code for entry in ORDER]
    assert order == [
        Code.FLAG_E,
        Code.FLAG_U,
        Code.REQUEST_URGENT,
        Code.FLAG_D,
        Code.SPREADING,
        Code.PROMPT,
        Code.REQUEST,
        Code.QUIET,
    ]
    ranks = [entry.rank for entry in ORDER]
    assert ranks == sorted(ranks, reverse=True) and len(set(ranks)) == len(ranks)
    assert all(entry.source for entry in ORDER)


@pytest.mark.parametrize(
    ("tier", "code", "said"),
    [
        ("E", "flag_e", "Emergency answer"),
        ("U", "flag_u", "Urgent answer"),
        ("D", "flag_d", "tier D"),
    ],
)
def test_a_red_flag_is_a_reason_with_its_tier_words_and_date(patient, tier, code, said):
    flag(patient, tier)
    row = row_of(patient)
    assert (row.flag_tier, row.rank, codes(patient)) == (tier, RANKS[Code(code)], [code])
    text, day = words(patient, code)
    label = active_policy().triage.question(f"{tier}1").label
    assert said in text and f"Because of: {label} ({tier}1)." in text
    assert day == local_today(patient, now=timezone.now()).isoformat()


def test_the_highest_open_tier_wins_and_is_dated_from_its_first_screening(patient):
    earlier = timezone.now() - timedelta(days=3)
    flag(patient, "D", now=earlier)
    flag(patient, "U", now=earlier + timedelta(days=1))
    flag(patient, "U")
    row = row_of(patient)
    assert row.flag_tier == "U" and codes(patient) == ["flag_u"]
    assert row.since == earlier + timedelta(days=1)
    assert "2 screenings open" in words(patient, "flag_u")[0]


def test_a_review_clears_flags_prompts_and_spreading_but_not_requests(patient):
    clinic = make_clinic()
    flag(patient, "E")
    prompt(patient)
    session_with_reach(patient, local_today(patient, now=timezone.now()), ("thigh", "foot"))
    ask(patient, clinic)
    assert codes(patient) == ["flag_e", "spreading", "prompt", "request"]
    record_review(
        patient,
        reviewer=make_staff(clinic),
        note="Seen today; no red flags now.",
        now=timezone.now(),
    )
    row = row_of(patient)
    assert (row.rank, row.flag_tier, codes(patient)) == (RANKS[Code.REQUEST], "", ["request"])
    flag(patient, "D")  # a new answer after the review opens a new flag
    assert codes(patient) == ["flag_d", "request"]


def test_spreading_in_a_session_names_the_reach_and_counts_each_move_down(patient):
    today = local_today(patient, now=timezone.now())
    session_with_reach(patient, today - timedelta(days=2), ("buttock", "thigh", "thigh"))
    session_with_reach(patient, today, ("thigh", "buttock", "below_knee"))  # up, then down
    reason = row_of(patient).reasons[0]
    assert reason["code"] == "spreading" and reason["at"] == (today - timedelta(days=2)).isoformat()
    assert reason["detail"]["count"] == 2 and reason["detail"]["sessions"] == 2
    text, _day = words(patient, "spreading")
    assert "2 times" in text and "buttock → below the knee" in text


def test_a_move_back_up_the_leg_is_not_spreading(patient):
    session_with_reach(
        patient, local_today(patient, now=timezone.now()), ("foot", "below_knee", "thigh", "thigh")
    )
    assert codes(patient) == []


def test_spreading_counts_only_inside_the_window_and_after_the_last_review(patient):
    today = local_today(patient, now=timezone.now())
    session_with_reach(patient, today - timedelta(days=20), ("thigh", "foot"))
    assert codes(patient) == []
    session_with_reach(patient, today - timedelta(days=1), ("thigh", "foot"), refresh=False)
    record_review(patient, reviewer=make_user(), note="Checked the leg: fine.", now=timezone.now())
    assert codes(patient) == []


def test_a_daily_check_in_reaching_further_down_than_the_last_one_is_spreading(patient):
    today = local_today(patient, now=timezone.now())
    make_checkin(patient, today - timedelta(days=3), extent="thigh")
    record_checkin(
        patient, day=today, protocol=active_protocol(), extent="foot", now=timezone.now()
    )  # wired
    reason = row_of(patient).reasons[0]
    assert reason["code"] == "spreading" and reason["at"] == today.isoformat()
    assert reason["detail"]["checkins"] == 1
    assert "back of the thigh → foot" in words(patient, "spreading")[0]


def test_an_open_program_prompt_is_a_reason_in_words(patient):
    prompt(patient, key="review_first:2026-01-05")
    assert codes(patient) == ["prompt"]
    assert "6-week review" in words(patient, "prompt")[0]


def test_a_prompt_s_words_follow_a_changed_policy_file(patient, settings, tmp_path):
    text = POLICY_PATH.read_text()
    for old, new in [
        ("  first_weeks:\n    value: 6\n", "  first_weeks:\n    value: 8\n"),
        ("  min_drop_percent:\n    value: 30\n", "  min_drop_percent:\n    value: 40\n"),
    ]:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    (tmp_path / "policy.yaml").write_text(text)
    settings.PIRI_POLICY = str(tmp_path / "policy.yaml")
    prompt(patient, key="review_first:2026-01-05")
    assert "8-week review: pain not down by 2 points or 40 %" in words(patient, "prompt")[0]


def test_a_program_raised_d_is_the_flag_and_not_again_a_prompt(patient):
    program_flag(patient, reason="weekly_rising:2026-01-05")
    assert codes(patient) == ["flag_d"]
    assert "weekly average pain up 2 weeks running" in words(patient, "flag_d")[0]


def test_waiting_requests_urgent_first_and_answered_ones_not_at_all(patient):
    clinic = make_clinic()
    ask(patient, clinic, status=SpecialistRequest.Status.ANSWERED)
    assert codes(patient) == []
    ask(patient, clinic, topic=SpecialistRequest.Topic.PLAN)
    ask(patient, clinic, urgent=True)
    row = row_of(patient)
    assert codes(patient) == ["request_urgent", "request"] and row.open_requests == 2
    assert "Urgent question waiting" in words(patient, "request_urgent")[0]
    assert "My plan and doses" in words(patient, "request")[0]
    other = describe(row.reasons[1], clinic_id=clinic.pk + 1000)
    assert "another of the patient’s clinics" in other.words


def test_recording_a_session_through_the_api_sets_the_last_session_day(patient, patient_client):
    payload = session_payload(make_plan(patient))
    assert (
        patient_client.post(
            "/api/v1/sessions", payload, content_type="application/json"
        ).status_code
        == 201
    )
    recorded = ExerciseSession.objects.get(patient=patient)
    assert row_of(patient).last_session_on == recorded.local_date


def test_an_e_u_or_d_answer_alerts_the_patient_s_clinic(
    patient, django_capture_on_commit_callbacks
):
    clinic = make_clinic(notify_email="triage@clinic.example")
    link(patient, clinic)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        flag(patient, "D")
        assert mail.outbox == []  # the email waits for the commit
    run_due_jobs()  # and then for a worker
    assert [m.to for m in mail.outbox] == [["triage@clinic.example"]]
    assert "(D)" in mail.outbox[0].subject


def test_an_all_clear_answer_alerts_no_one(patient):
    link(patient, make_clinic(notify_email="triage@clinic.example"))
    mail.outbox.clear()
    screen(patient)  # all "no": tier C
    assert mail.outbox == []


def test_refresh_all_matches_one_by_one_in_a_fixed_number_of_queries():
    patients = [make_patient() for _ in range(6)]
    flag(patients[0], "E")
    session_with_reach(patients[1], local_today(patients[1], now=timezone.now()), ("none", "thigh"))
    TriageRow.objects.all().delete()
    with CaptureQueriesContext(connection) as few:
        assert refresh_all(patients[:2], now=timezone.now()) == 2
    with CaptureQueriesContext(connection) as many:
        assert refresh_all(patients, now=timezone.now()) == 6
    assert len(many) == len(few)
    bulk = {r.pk: (r.rank, r.reasons, r.last_session_on) for r in TriageRow.objects.all()}
    for p in patients:
        refresh_triage(p, now=timezone.now())
    single = {r.pk: (r.rank, r.reasons, r.last_session_on) for r in TriageRow.objects.all()}
    assert bulk == single and bulk[patients[0].pk][0] == RANKS[Code.FLAG_E]


def test_the_triage_command_rebuilds_rows(patient):
    flag(patient, "U")
    TriageRow.objects.all().delete()
    out = io.StringIO()
    call_command("triage", stdout=out)
    assert "Triage rows rebuilt: 1." in out.getvalue() and row_of(patient).flag_tier == "U"
    call_command("triage", "--patient", patient.user.username, stdout=out)
    with pytest.raises(CommandError, match="no patient"):
        call_command("triage", "--patient", "nobody")


def test_a_review_prompt_the_program_raises_is_a_flag_on_the_row_and_alerts_the_clinic(
    db, django_capture_on_commit_callbacks
):
    started = timezone.now() - timedelta(weeks=7)
    patient = make_patient(baseline_pain=6, now=started)
    link(patient, make_clinic(notify_email="triage@clinic.example"))
    today = local_today(patient, now=timezone.now())
    for back in range(10):
        make_checkin(patient, today - timedelta(days=back), pain_average=6, pain_now=6)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # the rules run
        todays_plan(patient, protocol=active_protocol(), policy=active_policy(), now=timezone.now())
    assert codes(patient) == ["flag_d"]
    assert "6-week review" in words(patient, "flag_d")[0]
    run_due_jobs()
    assert len(mail.outbox) == 1 and "(D)" in mail.outbox[0].subject


def test_spreading_in_a_session_posted_through_the_api_is_on_the_row(patient, patient_client):
    plan = make_plan(patient)
    payload = session_payload(plan)
    payload["checks"][-1]["extent"] = "foot"  # the others say "thigh"
    response = patient_client.post("/api/v1/sessions", payload, content_type="application/json")
    assert response.status_code == 201
    assert codes(patient) == ["spreading"]
    assert "back of the thigh → foot" in words(patient, "spreading")[0]
