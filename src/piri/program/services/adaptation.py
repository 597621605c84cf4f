"""Running the dosing rules on a patient's record, and keeping what they decide.

``adapt_program`` reads the history (``outcomes``), asks the domain engine
(``piri.domain.progression.adapt``) and stores its standing changes as a new prescription
version with one ``DoseChange`` row per change (the reason the patient reads). Temporary
changes (an item left out after spreading, easing after a raised morning, flare-up mode)
shape the next plan without touching the standing doses; each is stored too, once per cause,
as a next-session ``DoseChange`` with the notice the patient reads, so every page, the report
and the exports list it among the changes. Prompts are raised once each: a tier-D prompt as
a program-raised screening (a flag the clinic reviews), others as a program note; a
spreading prompt makes the U/D questions due before the next session.

``program_now`` is what every surface that shows the plan calls first: the rules brought up
to date (storing anything new), then the standing and next-session prescriptions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Max

from piri.accounts.models import Patient
from piri.domain.overlays import Notice, NoticeKind
from piri.domain.policy import Policy, Tier
from piri.domain.prescription import Prescription as DomainPrescription
from piri.domain.progression import Adaptation, adapt
from piri.domain.protocol import Protocol
from piri.program.models import DoseChange, ExerciseSession, Plan, Prescription, Screening
from piri.program.services.history import local_today
from piri.program.services.onboarding import massage_options_for
from piri.program.services.outcomes import history_of
from piri.program.services.plans import current_prescription, store_plan, to_domain
from piri.program.services.screening import flags_stored, safety_state

# The rules look back at most this far at sessions (runs at the standing dose, adherence,
# recent spreading); check-ins are read in full. A bound on work per page view.
SESSION_WINDOW = timedelta(days=90)
SPREADING_ASK = "spreading"


@dataclass(frozen=True, slots=True)
class ProgramNow:
    prescription: Prescription  # the standing prescription, after any change just stored
    next_session: DomainPrescription  # what the next plan is compiled from
    notices: tuple[Notice, ...]
    adaptation: Adaptation


def _locks(prescription: Prescription) -> frozenset[tuple[str, str]]:
    pairs = (entry.rsplit(".", 1) for entry in prescription.locked or [] if "." in entry)
    return frozenset((item, field) for item, field in pairs)


def _prompt_keys(patient: Patient) -> tuple[set[str], set[str]]:
    """(every prompt key raised so far, those raised before the last clinician review)."""
    last_review = patient.reviews.aggregate(at=Max("created_at"))["at"]
    raised: set[str] = set()
    handled: set[str] = set()
    for reasons, at in patient.screenings.filter(kind=Screening.Kind.PROGRAM).values_list(
        "reasons", "created_at"
    ):
        raised.update(reasons)
        if last_review is not None and at <= last_review:
            handled.update(reasons)
    return raised, handled


def adapt_program(
    patient: Patient,
    prescription: Prescription,
    *,
    protocol: Protocol,
    policy: Policy,
    now: datetime,
) -> ProgramNow:
    today = local_today(patient, now=now)
    history = history_of(patient, baseline_pain=patient.baseline_pain, since=today - SESSION_WINDOW)
    raised, handled = _prompt_keys(patient)
    result = adapt(
        history,
        prescription=to_domain(prescription),
        protocol=protocol,
        policy=policy,
        today=today,
        weekly_target=patient.weekly_target,
        tier=safety_state(patient, policy=policy).tier,
        locked=_locks(prescription),
        handled=frozenset(handled),
        massage_at_hand=frozenset(
            massage_options_for(protocol, tools=patient.massage_tools, floor_ok=patient.floor_ok)
        ),
    )
    stored: list[Screening] = []
    prompts = [prompt for prompt in result.prompts if prompt.key not in raised]
    # A transaction only when there is something to store: on SQLite, BEGIN IMMEDIATE takes
    # the database's write lock, and every home and session page queued behind every write.
    if result.changes or prompts:
        with transaction.atomic():
            if result.changes:
                prescription = _store_changes(patient, prescription, result, now=now)
            _store_notices(patient, prescription, result, now=now)
            for prompt in prompts:
                prompted = Screening.objects.create(
                    patient=patient,
                    kind=Screening.Kind.PROGRAM,
                    answers={"ask": SPREADING_ASK} if prompt.screening is not None else {},
                    tier=(prompt.tier or Tier.C).value,
                    reasons=[prompt.key],
                    note=prompt.text[:300],
                    policy_version=policy.version,
                    created_at=now,
                )
                stored.append(prompted)
            if stored:  # a prompt (or a tier-D flag) for the clinic's triage list
                flags_stored(patient, stored)
    else:  # a read, and a write only for a cause not stored yet
        _store_notices(patient, prescription, result, now=now)
    return ProgramNow(
        prescription=prescription,
        next_session=result.next_session,
        notices=result.notices,
        adaptation=result,
    )


def _store_changes(
    patient: Patient, current: Prescription, result: Adaptation, *, now: datetime
) -> Prescription:
    standing = result.prescription
    new = Prescription.objects.create(
        patient=patient,
        protocol_id=current.protocol_id,
        sides=standing.sides.value,
        stretch_variant=standing.stretch_variant,
        massage_option=standing.massage_option,
        dose_overrides={
            item: {k: v for k, v in (("sets", d.sets), ("hold_s", d.hold_s)) if v is not None}
            for item, d in standing.dose_overrides.items()
        },
        excluded=sorted(standing.excluded),
        locked=current.locked,
        reason=result.changes[0].reason[:300],
    )
    DoseChange.objects.bulk_create(
        DoseChange(
            patient=patient,
            prescription=new,
            item=change.item,
            field=change.field,
            old=str(change.old),
            new=str(change.new),
            reason=change.reason[:300],
            source=DoseChange.Source.PROGRAM,
            created_at=now,
        )
        for change in result.changes
    )
    return new


def _cause(notice: Notice, result: Adaptation, latest_session: int | None) -> str:
    """What a temporary change comes from: the session that spread, the raised morning, the
    flare-up's first day."""
    if notice.kind is NoticeKind.LEFT_OUT:
        return f"session:{latest_session}"
    if notice.kind is NoticeKind.EASING and result.easing is not None:
        return f"easing:{result.easing.since.isoformat()}"
    if notice.kind is NoticeKind.FLARE_UP and result.flare_up is not None:
        return f"flare_up:{result.flare_up.onset.isoformat()}"
    return notice.kind.value


def _store_notices(
    patient: Patient, prescription: Prescription, result: Adaptation, *, now: datetime
) -> None:
    """Each temporary change as a next-session dose change, once per cause: one read, and a
    write only for a cause not stored yet (a race ends in the unique constraint, ignored)."""
    if not result.notices:
        return
    latest = None  # the session that spread: the latest one, as the rules read it
    if any(notice.kind is NoticeKind.LEFT_OUT for notice in result.notices):
        latest = (
            ExerciseSession.objects.filter(patient=patient)
            .order_by("-local_date", "-started_at", "-id")
            .values_list("pk", flat=True)
            .first()
        )
    rows = {
        (notice.item or "", notice.kind.value, _cause(notice, result, latest)): notice
        for notice in result.notices
    }
    causes = {cause for _item, _field, cause in rows}
    stored = set(
        patient.dose_changes.filter(cause__in=causes).values_list("item", "field", "cause")
    )
    new = [
        DoseChange(
            patient=patient,
            prescription=prescription,
            item=item,
            field=field,
            old="",
            new=_until(notice, result),
            reason=notice.text[:300],
            source=DoseChange.Source.PROGRAM,
            kind=DoseChange.Kind.NEXT_SESSION,
            cause=cause,
            created_at=now,
        )
        for (item, field, cause), notice in rows.items()
        if (item, field, cause) not in stored
    ]
    if new:
        DoseChange.objects.bulk_create(new, ignore_conflicts=True)


def _until(notice: Notice, result: Adaptation) -> str:
    """The day an easing ends (exclusive); empty for the others (the next session only)."""
    if notice.kind is NoticeKind.EASING and result.easing is not None:
        return result.easing.until.isoformat()
    return ""


def program_now(
    patient: Patient, *, protocol: Protocol, policy: Policy, now: datetime
) -> ProgramNow | None:
    """The program as it stands at ``now``, the rules applied and their changes stored;
    ``None`` before onboarding."""
    current = current_prescription(patient)
    if current is None:
        return None
    return adapt_program(patient, current, protocol=protocol, policy=policy, now=now)


@dataclass(frozen=True, slots=True)
class TodaysPlan:
    plan: Plan
    notices: tuple[Notice, ...]  # temporary changes for this session
    changes: list[DoseChange]  # standing changes the patient has not seen yet


def todays_plan(
    patient: Patient, *, protocol: Protocol, policy: Policy, now: datetime
) -> TodaysPlan | None:
    """The plan for a session now: the rules applied, then compiled. None before onboarding."""
    program = program_now(patient, protocol=protocol, policy=policy, now=now)
    if program is None:
        return None
    plan = store_plan(patient, program.prescription, protocol=protocol, domain=program.next_session)
    unseen = list(
        patient.dose_changes.filter(seen_at__isnull=True, kind=DoseChange.Kind.STANDING).order_by(
            "created_at"
        )
    )
    return TodaysPlan(plan=plan, notices=program.notices, changes=unseen)


def mark_changes_seen(patient: Patient, *, now: datetime) -> None:
    patient.dose_changes.filter(seen_at__isnull=True).update(seen_at=now)
