"""Checked protocol file (pydantic) -> domain objects (frozen dataclasses)."""

from __future__ import annotations

from piri.domain.plan import BranchAction
from piri.domain.protocol import (
    POSE_FIELDS,
    POSE_NAMES,
    BranchSpec,
    Checks,
    CheckSpec,
    EducationSection,
    Exercise,
    Figure,
    MassageOption,
    PhaseInfo,
    Pose,
    Prompts,
    Protocol,
    Say,
    Timing,
    TimingValue,
    Trigger,
)
from piri.protocols import schema as s


def to_domain(doc: s.ProtocolFile) -> Protocol:
    return Protocol(
        id=doc.id,
        version=doc.version,
        title=doc.title,
        summary=doc.summary,
        source=doc.source,
        weekly_target_default=doc.weekly_target_default,
        phases=tuple(PhaseInfo(p.id, p.name, p.purpose) for p in doc.phases),
        timing=_timing(doc.timing),
        prompts=_prompts(doc.prompts),
        checks=Checks(
            start=_check(doc.checks.start),
            during_massage=_check(doc.checks.during_massage),
            after_massage=_check(doc.checks.after_massage),
            after_stretch=_check(doc.checks.after_stretch),
            after_strengthen=_check(doc.checks.after_strengthen),
        ),
        massage_options=tuple(_massage(m) for m in doc.massage_options),
        exercises=tuple(_exercise(e) for e in doc.exercises),
        stretch_variants=tuple(doc.stretch_variants),
        triggers=tuple(Trigger(t.id, t.name, t.advice, t.source) for t in doc.triggers),
        education=tuple(EducationSection(e.id, e.title, e.body) for e in doc.education),
    )


def _timing(t: s.TimingModel) -> Timing:
    def value(v: s.TimingValueModel) -> TimingValue:
        return TimingValue(v.value, v.source)

    return Timing(
        get_ready=value(t.get_ready_s),
        setup=value(t.setup_s),
        relax=value(t.relax_s),
        rest=value(t.rest_s),
        switch_sides=value(t.switch_sides_s),
        check=value(t.check_s),
        finish=value(t.finish_s),
        warn_before_end=value(t.warn_before_end_s),
        warn_min_hold=value(t.warn_min_hold_s),
    )


def _say(say: s.SayModel) -> Say:
    return Say(title=say.title, cue=say.cue, text=say.text, feel=say.feel)


def _prompts(p: s.PromptsModel) -> Prompts:
    return Prompts(
        get_ready=_say(p.get_ready),
        countdown=tuple(p.countdown),
        rest=_say(p.rest),
        warn_before_end=p.warn_before_end,
        switch_sides=_say(p.switch_sides),
        switch_sides_lying=None if p.switch_sides_lying is None else _say(p.switch_sides_lying),
        massage_continue=_say(p.massage_continue),
        finish=_say(p.finish),
    )


def _branch(branch: s.BranchModel | None) -> BranchSpec | None:
    return None if branch is None else BranchSpec(BranchAction(branch.action), branch.cue)


def _check(c: s.CheckModel) -> CheckSpec:
    return CheckSpec(
        title=c.title,
        cue=c.cue,
        text=c.text,
        ask_pain=c.ask_pain,
        on_worse=_branch(c.on_worse),
        on_spread=_branch(c.on_spread),
    )


def _massage(m: s.MassageOptionModel) -> MassageOption:
    return MassageOption(
        id=m.id,
        name=m.name,
        tool=m.tool,
        needs_floor=m.needs_floor,
        duration_s=m.dose.duration_s,
        setup=m.setup,
        cue=m.cue,
        text=m.text,
        feel=m.feel,
        dose_source=m.dose.source,
        caution=m.caution,
        figure=_figure(m.figure),
    )


def _exercise(e: s.ExerciseModel) -> Exercise:
    return Exercise(
        id=e.id,
        name=e.name,
        phase=e.phase,
        position=e.position,
        style=e.style,
        one_sided=e.one_sided,
        lie_on=e.lie_on,
        setup=e.setup,
        feel=e.feel,
        hold=_say(e.hold),
        sets=e.dose.sets,
        hold_s=e.dose.hold_s,
        dose_source=e.dose.source,
        relax=None if e.relax is None else _say(e.relax),
        caution=e.caution,
        next_easier=e.next_easier,
        figure=_figure(e.figure),
    )


def _figure(f: s.FigureModel) -> Figure:
    """The figure with every pose complete: a pose keeps ``start``'s value of what it omits."""
    start = f.poses.start.model_dump()
    poses = []
    for name in POSE_NAMES:
        pose = getattr(f.poses, name)
        if pose is None:
            continue
        given = {k: v for k, v in pose.model_dump().items() if v is not None}
        values = {field: given.get(field, start[field]) for field in POSE_FIELDS}
        poses.append(Pose(name=name, **values))
    return Figure(
        alt=f.alt,
        props=tuple(f.props),
        feel_at=f.feel_at,
        label_x=f.label.x,
        label_y=f.label.y,
        poses=tuple(poses),
    )
