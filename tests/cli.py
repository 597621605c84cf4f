"""Running the ``piri`` command in tests: in this process (``piri()``), or, for the one smoke
test each command keeps, in a fresh interpreter as a user would (``piri_process()``).

``piri()`` goes through the real entry point, ``piri.__main__.main(argv)``, so what a user sees
is what the test sees: Django's ``run_from_argv`` writes a ``CommandError`` as one
``CommandError: …`` line on stderr and exits with its code. Starting an interpreter costs a
few seconds (importing Django and Piri, the system checks); running in-process does not.
"""

from __future__ import annotations

import importlib.util
import io
import os
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

from piri import settings as piri_settings
from piri.__main__ import main

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Ran:
    """What a run of ``piri`` left: its exit code, and what it wrote on stdout and stderr."""

    returncode: int
    stdout: str
    stderr: str


def piri(*args: str) -> Ran:
    """``piri ARGS`` in this process, with this process's settings.

    Django is already set up here (pytest-django did it); ``django.setup()`` is not run again,
    as it would configure logging anew under pytest's log capture."""
    out, err = io.StringIO(), io.StringIO()
    code: int = 0
    with redirect_stdout(out), redirect_stderr(err), mock.patch("django.setup"):
        try:
            main(list(args))
        except SystemExit as exit:
            code = exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
    return Ran(code, out.getvalue(), err.getvalue())


def piri_process(*args: str, data_dir: Path, env: dict[str, str] | None = None) -> Ran:
    """``python -m piri ARGS`` in a fresh interpreter of this environment, in the checkout, with
    none of the test run's own ``PIRI_*`` or ``DJANGO_*`` variables (the browser tests set
    ``DJANGO_ALLOW_ASYNC_UNSAFE``), its data in ``data_dir``, and ``env`` on top."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PIRI_", "DJANGO_"))}
    done = subprocess.run(
        [sys.executable, "-m", "piri", *args],
        cwd=ROOT,
        env={**clean, "PIRI_DATA_DIR": str(data_dir), **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )
    return Ran(done.returncode, done.stdout, done.stderr)


def settings_made_from(env: dict[str, str]) -> dict[str, Any]:
    """The settings ``piri.settings`` makes in an environment holding ``env`` and none of this
    run's ``PIRI_*`` or ``DJANGO_*`` variables (what a fresh interpreter started so would
    have): the module's code run again, in a module of its own. Upper-case names only."""
    spec = importlib.util.spec_from_file_location("piri_settings_again", piri_settings.__file__)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    ours = {k: v for k, v in os.environ.items() if k.startswith(("PIRI_", "DJANGO_"))}
    with mock.patch.dict(os.environ, env):
        for name in ours.keys() - env.keys():
            del os.environ[name]
        spec.loader.exec_module(module)
    return {k: v for k, v in vars(module).items() if k.isupper()}
