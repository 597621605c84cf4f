"""``piri policy validate`` and ``piri policy show``, run as a user would (in this process; one
smoke test starts the command in a fresh interpreter)."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from piri.protocols import POLICY_PATH
from tests.cli import piri, piri_process


def write_bad_file(tmp_path: Path) -> tuple[Path, int]:
    """The built-in policy with the amber limit below the green one; returns the file and
    the line of that value."""
    old = "  pain_amber_max:\n    value: 5\n"
    text = POLICY_PATH.read_text().replace(old, "  pain_amber_max:\n    value: 2\n")
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    return path, text[: text.index("    value: 2\n")].count("\n") + 1


def test_validate_accepts_the_builtin_file() -> None:
    result = piri("policy", "validate", str(POLICY_PATH))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"OK: {POLICY_PATH}"


def test_validate_rejects_a_bad_file_with_its_line(tmp_path: Path) -> None:
    """The smoke test of ``piri policy``, in a fresh interpreter."""
    bad, line = write_bad_file(tmp_path)
    result = piri_process("policy", "validate", str(POLICY_PATH), str(bad), data_dir=tmp_path)
    assert result.returncode == 1
    assert result.stdout.strip() == f"OK: {POLICY_PATH}"
    assert result.stderr.strip().splitlines() == [
        f"{bad}:{line}: monitoring.pain_amber_max.value: must be above pain_green_max"
    ]


def test_validate_through_call_command(tmp_path: Path) -> None:
    bad, line = write_bad_file(tmp_path)
    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit) as caught:
        call_command("policy", "validate", str(bad), stdout=out, stderr=err)
    assert caught.value.code == 1
    assert err.getvalue().splitlines() == [
        f"{bad}:{line}: monitoring.pain_amber_max.value: must be above pain_green_max"
    ]


def test_validate_names_the_question_without_a_label(tmp_path: Path) -> None:
    text = POLICY_PATH.read_text().replace("    label: past cancer\n", "", 1)
    bad = tmp_path / "no-label.yaml"
    bad.write_text(text)
    line = text[: text.index("  - id: D1\n")].count("\n") + 1
    result = piri("policy", "validate", str(bad))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"{bad}:{line}: questions.15.label: question D1 has no label: add the few words "
        "(at most 6) a clinician reads for it, like 'past cancer'"
    ]


def test_validate_checks_exercise_ids_against_the_protocol(tmp_path: Path) -> None:
    text = POLICY_PATH.read_text().replace("  stretch: figure4_chair", "  stretch: figure4_bench")
    bad = tmp_path / "bad.yaml"
    bad.write_text(text)
    err = StringIO()
    with pytest.raises(SystemExit):
        call_command("policy", "validate", str(bad), stdout=StringIO(), stderr=err)
    assert "flare_up.stretch: not a stretch variant of protocol 'rss'" in err.getvalue()


def test_show_prints_tiers_questions_and_rules() -> None:
    out = StringIO()
    call_command("policy", "show", stdout=out)
    shown = out.getvalue()
    for text in (
        "Emergency",
        "locked",
        "E10",
        "U (E with E1, E2, E3, E4, E5, E6)",
        "Label (clinic pages)",
        "foot drop or toe/heel weakness",
        "monitoring.pain_amber_max",
        "progression.limits.hold_cap_s",
        "first episode and over 50 or under 20",
        "S22",
        "2/3",
    ):
        assert text in shown, text


def test_show_accepts_a_path() -> None:
    result = piri("policy", "show", str(POLICY_PATH))
    assert result.returncode == 0, result.stderr
    assert "Red-flag questions" in result.stdout
