"""Checked policy file (pydantic) -> domain ``Policy`` (frozen dataclasses)."""

from __future__ import annotations

from piri.domain import policy as d
from piri.domain.history import GlobalRating
from piri.protocols import policy_schema as s


def to_policy(doc: s.PolicyFile) -> d.Policy:
    return d.Policy(
        id=doc.id,
        version=doc.version,
        title=doc.title,
        summary=doc.summary,
        triage=_triage(doc),
        monitoring=d.MonitoringPolicy(**_values(doc.monitoring)),
        progression=d.ProgressionPolicy(
            tolerated_in_a_row=_value(doc.progression.tolerated_in_a_row),
            min_adherence=d.Ratio(**doc.progression.min_adherence.model_dump()),
            limits=d.DoseLimits(**_values(doc.progression.limits)),
        ),
        flare_up=_flare_up(doc.flare_up),
        review=_review(doc.review),
        texts=d.Texts(
            changes=d.ChangeTexts(**doc.texts.changes.model_dump()),
            because=d.BecauseTexts(**doc.texts.because.model_dump()),
            prompts=d.PromptTexts(**doc.texts.prompts.model_dump()),
            notices=d.NoticeTexts(**doc.texts.notices.model_dump()),
            in_session=d.InSessionTexts(**doc.texts.in_session.model_dump()),
        ),
    )


def _value(v: s.ValueModel) -> d.Value:
    return d.Value(v.value, v.source)


def _values(model: s.MonitoringModel | s.LimitsModel) -> dict[str, d.Value]:
    return {name: _value(getattr(model, name)) for name in type(model).model_fields}


def _triage(doc: s.PolicyFile) -> d.TriagePolicy:
    order = {tier: rank for rank, tier in enumerate("CDUE")}
    tiers = sorted(doc.tiers, key=lambda t: order[t.tier])
    schedule = doc.schedule
    return d.TriagePolicy(
        not_sure_counts_as_yes=doc.answers.not_sure_counts_as_yes,
        answers_source=doc.answers.source,
        tiers=tuple(
            d.TierInfo(
                tier=d.Tier(t.tier),
                name=t.name,
                exercises=d.ExerciseStatus(t.exercises),
                locks=t.locks,
                dismissible=t.dismissible,
                alert_clinic=t.alert_clinic,
                title=t.title,
                advice=t.advice,
                source=t.source,
            )
            for t in tiers
        ),
        questions=tuple(_question(q) for q in doc.questions),
        age_gate=d.AgeGate(**doc.age_gate.model_dump()),
        schedule=d.Schedule(
            onboarding=tuple(schedule.onboarding),
            before_session=tuple(schedule.before_session),
            weekly=tuple(schedule.weekly),
            after_worse=tuple(schedule.after_worse),
            spreading=tuple(schedule.spreading),
            weekly_every_days=_value(schedule.weekly_every_days),
            source=schedule.source,
        ),
    )


def _question(q: s.QuestionModel) -> d.Question:
    escalate = (
        None
        if q.escalate is None
        else d.Escalation(d.Tier(q.escalate.to), tuple(q.escalate.with_any), q.escalate.source)
    )
    return d.Question(
        id=q.id,
        block=q.block,
        tier=d.Tier(q.tier),
        label=q.label,
        text=q.text,
        help=q.help,
        source=q.source,
        escalate=escalate,
    )


def _flare_up(f: s.FlareUpModel) -> d.FlareUpPolicy:
    return d.FlareUpPolicy(
        daily_rise=_value(f.daily_rise),
        rise_days=_value(f.rise_days),
        min_days=_value(f.min_days),
        max_days=_value(f.max_days),
        settle_days=_value(f.settle_days),
        stretch=f.stretch,
        keep=tuple(f.keep),
        half_hold=tuple(f.half_hold),
        hold_percent=_value(f.hold_percent),
        source=f.source,
    )


def _review(r: s.ReviewModel) -> d.ReviewPolicy:
    return d.ReviewPolicy(
        first_weeks=_value(r.first_weeks),
        min_drop_points=_value(r.min_drop_points),
        min_drop_percent=_value(r.min_drop_percent),
        window_days=_value(r.window_days),
        final_weeks=_value(r.final_weeks),
        final_min_rating=GlobalRating(r.final_min_rating),
        final_source=r.final_source,
        worse_in_a_row=_value(r.worse_in_a_row),
    )
