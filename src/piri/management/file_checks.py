"""Checking files from a command: "OK: PATH" per good file, the line-numbered errors of bad
ones on stderr, and exit status 1 when any file failed."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from django.core.management.base import BaseCommand

from piri.protocols import ProtocolError


def check_files(
    command: BaseCommand, paths: Iterable[Path], load: Callable[[Path], object]
) -> None:
    failed = False
    for path in paths:
        try:
            load(path)
        except ProtocolError as exc:
            failed = True
            for line in exc.errors:
                command.stderr.write(line, style_func=lambda text: text)
        else:
            command.stdout.write(f"OK: {path}")
    if failed:
        raise SystemExit(1)
