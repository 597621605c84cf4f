"""The app order holds: ``make lint`` (import-linter) fails when a lower app imports a higher
one, and every module of Piri is placed in the order."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "piri"


def contracts() -> list[dict[str, object]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return list(config["tool"]["importlinter"]["contracts"])


def layers() -> list[str]:
    [order] = [c for c in contracts() if c["type"] == "layers"]
    return [name.strip() for layer in order["layers"] for name in str(layer).split("|")]


def test_every_module_of_piri_has_its_place_in_the_app_order() -> None:
    ours = {
        f"piri.{path.stem if path.is_file() else path.name}"
        for path in PACKAGE.iterdir()
        if (path.suffix == ".py" and path.stem != "__init__")
        or (path.is_dir() and (path / "__init__.py").exists())
    }
    assert ours == set(layers())


def lint_with(tmp_path: Path, module: str, source: str) -> subprocess.CompletedProcess[str]:
    """Run import-linter, with Piri's own contracts, over a copy of Piri plus one module."""
    copy = tmp_path / "src" / "piri"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "static"))
    target = copy.joinpath(*module.split(".")[1:]).with_suffix(".py")
    target.write_text(source)
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    lint = Path(sys.executable).with_name("lint-imports")
    return subprocess.run(
        [str(lint), "--config", str(tmp_path / "pyproject.toml"), "--no-cache"],
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path / "src"), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("module", "imports", "broken"),
    [
        ("piri.program.upward", "from piri.clinic.services import triage_rows", "The app order"),
        ("piri.accounts.upward", "from piri.program import access", "The app order"),
        ("piri.clinic.upward", "from piri.reports import export_csv", "The app order"),
        ("piri.domain.upward", "import django", "The domain is pure Python"),
    ],
)
def test_an_upward_import_breaks_the_lint(
    tmp_path: Path, module: str, imports: str, broken: str
) -> None:
    result = lint_with(tmp_path, module, f'"""A throwaway module."""\n\n{imports}\n')
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{broken} BROKEN" in result.stdout
    assert module in result.stdout


def test_the_same_copy_without_the_upward_import_passes(tmp_path: Path) -> None:
    result = lint_with(tmp_path, "piri.clinic.downward", "from piri.program import access\n")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout
