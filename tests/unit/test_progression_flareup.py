"""Spec §3-§4: raised mornings (48 h one step down) and flare-ups (Rest phase only)."""

from __future__ import annotations

from piri.domain.prescription import DoseOverride
from piri.domain.progression import NoticeKind
from piri.domain.review import PromptKind
from tests.factories.domain import (
    checkin,
    comfortable,
    day,
    dosed,
    history,
    morning,
    prescription,
    run,
    session,
)

EASED = {
    "glute_isometric": DoseOverride(hold_s=5),
    "clamshell_hold": DoseOverride(hold_s=10),
}


def test_next_morning_pain_2_above_baseline_eases_one_step_for_48_h() -> None:
    hist = history([session(0)], [morning(1, pain=5)])  # baseline 3 (onboarding)
    for today in (1, 2):
        adaptation = run(hist, today=today)
        assert adaptation.easing is not None and adaptation.easing.since == day(1)
        assert adaptation.next_session.dose_overrides == EASED
        assert adaptation.next_session.stretch_variant == "figure4_chair"  # floor -> chair
        assert adaptation.prescription == prescription()  # the standing doses stay
        assert [n.kind for n in adaptation.notices] == [NoticeKind.EASING]
    after = run(hist, today=3)
    assert after.easing is None and after.next_session == prescription()


def test_next_morning_pain_1_above_baseline_is_not_raised() -> None:
    assert run(history([session(0)], [morning(1, pain=4)]), today=1).easing is None


def test_new_stiffness_eases_one_step_for_48_h() -> None:
    adaptation = run(history([session(0)], [morning(1, pain=2, new_stiffness=True)]), today=1)
    assert adaptation.next_session.dose_overrides == EASED


def test_easing_holds_progression() -> None:
    hist = comfortable(0, 1)
    hist = history(hist.sessions, [morning(1), morning(2, pain=2, new_stiffness=True)])
    assert not run(hist, today=2).changes


def test_still_raised_after_2_days_prompts_tier_d() -> None:
    hist = history([session(0)], [morning(1, pain=6), morning(2, pain=6), morning(3, pain=6)])
    assert [p.kind for p in run(hist, today=2).prompts] == []
    prompts = run(hist, today=3).prompts
    assert [(p.kind, p.tier, p.key) for p in prompts] == [
        (PromptKind.STILL_RAISED, "D", f"still_raised:{day(3)}")
    ]


def test_a_calm_morning_between_resets_still_raised() -> None:
    hist = history([session(0)], [morning(1, pain=6), morning(2, pain=3), morning(3, pain=6)])
    assert run(hist, today=3).prompts == ()


def test_flare_up_after_2_days_of_average_pain_plus_2() -> None:
    checkins = [morning(n, pain=3) for n in range(5)]
    checkins += [checkin(5, pain_average=6), checkin(6, pain_average=6)]
    hist = history([session(4)], checkins)
    assert run(hist, today=5).flare_up is None
    adaptation = run(hist, today=6)
    assert adaptation.flare_up is not None and adaptation.flare_up.active
    nxt = adaptation.next_session
    assert nxt.stretch_variant == "figure4_chair"
    assert nxt.excluded == frozenset({"figure4_lying", "clamshell_hold"})  # massage stays
    assert nxt.massage_option == "fingers"
    assert nxt.dose_overrides == {"glute_isometric": DoseOverride(hold_s=5)}  # half of 10 s
    assert adaptation.prescription == prescription()
    assert [n.kind for n in adaptation.notices] == [NoticeKind.FLARE_UP]


def test_flare_up_when_pain_stops_normal_activities() -> None:
    hist = history([], [checkin(2, pain_average=4, stops_activities=True)])
    adaptation = run(hist, today=2)
    assert adaptation.flare_up is not None and adaptation.flare_up.onset == day(2)
    assert adaptation.next_session.excluded == frozenset({"figure4_lying", "clamshell_hold"})


def test_flare_up_lasts_48_h_then_the_last_tolerated_level_once_settled() -> None:
    rx = dosed("clamshell_hold", hold_s=20)
    base = [checkin(0, pain_average=6, stops_activities=True)]
    settled = history([], [*base, checkin(2, pain_average=2)])
    assert run(settled, today=1, prescription=rx).flare_up.active  # type: ignore[union-attr]
    back = run(settled, today=2, prescription=rx)
    assert back.flare_up is not None and not back.flare_up.active and back.flare_up.settled
    assert back.next_session == rx


def test_flare_up_not_settled_stays_72_h_at_most() -> None:
    hist = history([], [checkin(n, pain_average=7, stops_activities=True) for n in range(3)])
    assert run(hist, today=2).flare_up.active  # type: ignore[union-attr]
    assert not run(hist, today=3).flare_up.active  # type: ignore[union-attr]


def test_flare_up_not_settled_within_a_week_prompts_tier_d() -> None:
    checkins = [checkin(n, pain_average=7, stops_activities=True) for n in range(8)]
    hist = history([], checkins)
    kinds = [p.kind for p in run(hist, today=6).prompts]
    assert PromptKind.FLARE_NOT_SETTLED not in kinds
    prompts = {p.kind: p for p in run(hist, today=7).prompts}
    assert prompts[PromptKind.FLARE_NOT_SETTLED].key == f"flare_not_settled:{day(0)}"
    assert prompts[PromptKind.FLARE_NOT_SETTLED].tier == "D"


def test_flare_up_respects_a_locked_hold() -> None:
    hist = history([], [checkin(0, pain_average=7, stops_activities=True)])
    locked = frozenset({("glute_isometric", "hold_s")})
    nxt = run(hist, today=0, locked=locked).next_session
    assert "glute_isometric" not in nxt.dose_overrides


def test_flare_up_holds_progression() -> None:
    good = comfortable(0, 1)
    hist = history(good.sessions, [*good.checkins, checkin(2, stops_activities=True)])
    assert not run(hist, today=2).changes
