"""The built-in RSS protocol file: it loads, and it holds the article's program."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from piri.domain.plan import BranchAction
from piri.protocols import ProtocolError, builtin, builtin_path, load_protocol, resolve
from tests.copy_check import ARTICLE, copied_runs, texts


def test_builtin_rss_loads_and_is_cached() -> None:
    protocol = builtin()
    assert protocol.id == "rss"
    assert protocol.version
    assert builtin("rss") is protocol
    assert load_protocol(builtin_path("rss")) == protocol


def test_resolve_takes_an_id_or_a_path() -> None:
    assert resolve("rss") is builtin()
    assert resolve(str(builtin_path())) == builtin()


def test_resolve_reports_a_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    with pytest.raises(ProtocolError) as caught:
        resolve(str(missing))
    assert caught.value.errors == [
        f"{missing}:1: (file): cannot read the file (No such file or directory)"
    ]


def test_builtin_path_rejects_unknown_ids() -> None:
    with pytest.raises(KeyError):
        builtin_path("nope")
    with pytest.raises(KeyError):
        builtin_path("../rss")


def test_phases_in_order_with_a_purpose() -> None:
    phases = builtin().phases
    assert [p.id for p in phases] == ["rest", "stretch", "strengthen"]
    assert all(p.purpose for p in phases)


def test_massage_options_easiest_first() -> None:
    options = builtin().massage_options
    assert [m.id for m in options] == [
        "fingers",
        "foam_roller",
        "foam_roller_crossed",
        "tennis_ball_crossed",
        "massage_gun",
    ]
    assert {m.tool for m in options} == {"fingers", "foam_roller", "tennis_ball", "massage_gun"}
    assert not builtin().massage_option("massage_gun").needs_floor
    assert builtin().massage_option("foam_roller").needs_floor
    gun = builtin().massage_option("massage_gun")
    assert 60 <= gun.duration_s <= 120  # the article: one to two minutes
    assert all(m.duration_s > 0 and "policy" in m.dose_source for m in options)


def test_exercises_have_the_article_doses() -> None:
    protocol = builtin()
    doses = {e.id: (e.phase, e.position, e.style, e.sets, e.hold_s) for e in protocol.exercises}
    assert doses == {
        "figure4_lying": ("stretch", "floor", "contract_relax", 5, 10),
        "figure4_chair": ("stretch", "chair", "contract_relax", 4, 10),
        "glute_isometric": ("strengthen", "floor", "hold", 4, 10),
        "clamshell_hold": ("strengthen", "floor", "hold", 4, 15),
    }
    assert all(e.dose_source.startswith("article:") for e in protocol.exercises)
    assert protocol.stretch_variants == ("figure4_lying", "figure4_chair")
    assert protocol.exercise("figure4_lying").next_easier == "figure4_chair"


def test_every_exercise_and_option_has_a_figure_with_its_poses() -> None:
    protocol = builtin()
    poses = {e.id: e.figure and e.figure.pose_names for e in protocol.exercises}
    poses |= {m.id: m.figure and m.figure.pose_names for m in protocol.massage_options}
    assert poses == {
        "figure4_lying": ("start", "press", "relax"),
        "figure4_chair": ("start", "press", "relax"),
        "glute_isometric": ("start", "hold"),
        "clamshell_hold": ("start", "hold"),
        **{
            m: ("start", "massage", "massage_to")
            for m in ("fingers", "foam_roller", "foam_roller_crossed")
        },
        "tennis_ball_crossed": ("start", "massage", "massage_to"),
        "massage_gun": ("start", "massage", "massage_to"),
    }
    props = {m.id: m.figure and m.figure.props for m in protocol.massage_options}
    assert props == {
        "fingers": (),
        "foam_roller": ("floor", "foam_roller"),
        "foam_roller_crossed": ("floor", "foam_roller"),
        "tennis_ball_crossed": ("floor", "ball"),
        "massage_gun": ("massage_gun",),
    }
    clamshell = protocol.exercise("clamshell_hold").figure
    assert clamshell is not None and clamshell.feel_at == "hip_side"
    for figure in (e.figure for e in protocol.exercises):
        assert figure is not None and "{side}" in figure.alt


def test_cues_the_spec_asks_for() -> None:
    protocol = builtin()
    lying = protocol.exercise("figure4_lying")
    assert "{side} knee into your hands" in lying.hold.cue  # the crossed knee presses
    assert lying.relax is not None
    chair = protocol.exercise("figure4_chair")
    assert chair.caution is not None and "numbness or tingling" in chair.caution
    assert "side seam of" in protocol.exercise("clamshell_hold").hold.feel
    during = protocol.checks.during_massage
    assert during.on_worse is not None and during.on_worse.action is BranchAction.EASE_PRESSURE
    assert during.on_spread is not None and during.on_spread.action is BranchAction.STOP_BLOCK


@pytest.mark.parametrize(
    "stretch",
    ["figure4_lying", "figure4_chair"],
    ids=lambda s: f"spec §4 contract-relax: the press is light (<= 20 % effort): {s}",
)
def test_the_contract_relax_press_asks_for_light_effort(stretch: str) -> None:
    press = builtin().exercise(stretch).hold
    for words in (press.cue, press.text):
        assert "a fifth of your full strength" in words
    assert press.cue.startswith("Gently press") and "lightly" in press.text


def test_triggers_education_and_weekly_target() -> None:
    protocol = builtin()
    assert [t.id for t in protocol.triggers] == [
        "soft_seat",
        "back_pocket_wallet",
        "long_sitting",
        "driving",
    ]
    assert protocol.weekly_target_default == 4
    bodies = " ".join(f"{s.title} {s.body}" for s in protocol.education).lower()
    for needed in ("sciatic nerve", "weak muscles", "wallet", "specialist", "not a diagnosis"):
        assert needed in bodies


def test_timing_values_are_marked_policy() -> None:
    timing = builtin().timing
    assert timing.get_ready.value == 3
    for field in dataclasses.fields(timing):
        assert getattr(timing, field.name).source.startswith("policy:"), field.name


def test_lookups_raise_key_error() -> None:
    with pytest.raises(KeyError):
        builtin().exercise("nope")
    with pytest.raises(KeyError):
        builtin().massage_option("nope")


def test_no_sentence_copied_from_the_article() -> None:
    skip = frozenset({"source", "dose_source", "id"})
    assert copied_runs(texts(dataclasses.asdict(builtin()), skip=skip), ARTICLE) == []
