"""``piri protocol validate`` and ``piri protocol show``, run as a user would (in this process; one
smoke test starts the command in a fresh interpreter)."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from piri.protocols import builtin_path
from tests.cli import piri, piri_process


def write_bad_file(tmp_path: Path) -> tuple[Path, int]:
    """The built-in file with one hold of 0 s; returns the file and that line."""
    text = builtin_path().read_text().replace("      hold_s: 15\n", "      hold_s: 0\n")
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    return path, text[: text.index("      hold_s: 0\n")].count("\n") + 1


def test_validate_accepts_the_builtin_file() -> None:
    result = piri("protocol", "validate", str(builtin_path()))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"OK: {builtin_path()}"


def test_validate_rejects_a_bad_file_with_its_line(tmp_path: Path) -> None:
    """The smoke test of ``piri protocol``, in a fresh interpreter."""
    bad, line = write_bad_file(tmp_path)
    result = piri_process("protocol", "validate", str(builtin_path()), str(bad), data_dir=tmp_path)
    assert result.returncode == 1
    assert result.stdout.strip() == f"OK: {builtin_path()}"
    assert result.stderr.strip().splitlines() == [
        f"{bad}:{line}: exercises.3.dose.hold_s: must be greater than 0"
    ]


def test_validate_through_call_command(tmp_path: Path) -> None:
    bad, line = write_bad_file(tmp_path)
    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit) as caught:
        call_command("protocol", "validate", str(bad), stdout=out, stderr=err)
    assert caught.value.code == 1
    assert err.getvalue().splitlines() == [
        f"{bad}:{line}: exercises.3.dose.hold_s: must be greater than 0"
    ]


def test_show_prints_the_program() -> None:
    out = StringIO()
    call_command("protocol", "show", "rss", stdout=out)
    table = out.getvalue()
    for text in (
        "Figure-4 stretch, lying down",
        "clamshell_hold",
        "4 sets x 15 s hold",
        "Massage gun",
    ):
        assert text in table
    for phase in ("rest", "stretch", "strengthen"):
        assert phase in table


def test_show_accepts_a_path() -> None:
    result = piri("protocol", "show", str(builtin_path()))
    assert result.returncode == 0, result.stderr
    assert "glute_isometric" in result.stdout
