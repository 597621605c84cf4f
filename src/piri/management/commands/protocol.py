"""``piri protocol validate PATH...`` and ``piri protocol show NAME_OR_PATH``.

``validate`` prints ``OK: FILE`` per good file and one ``FILE:LINE: field.path: message`` line
per problem (on stderr), and exits 1 if any file has a problem. ``show`` prints the program as
a table: phase, item, dose, position.
"""

from __future__ import annotations

import io
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.table import Table

from piri.domain.protocol import Exercise, MassageOption, Protocol
from piri.management.file_checks import check_files
from piri.protocols import ProtocolError, load_protocol, resolve


class Command(BaseCommand):
    help = "Check protocol files, or show a protocol's program as a table."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{validate,show}")
        validate = sub.add_parser("validate", help="check protocol files; exit 1 on any problem")
        validate.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        show = sub.add_parser("show", help="print a protocol's program as a table")
        show.add_argument(
            "protocol", metavar="NAME_OR_PATH", help='a built-in id ("rss") or a file'
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "validate":
            self.validate(options["paths"])
        else:
            self.show(options["protocol"])

    def validate(self, paths: list[Path]) -> None:
        check_files(self, paths, load_protocol)

    def show(self, name_or_path: str) -> None:
        try:
            protocol = resolve(name_or_path)
        except ProtocolError as exc:
            raise CommandError(str(exc)) from exc
        buffer = io.StringIO()
        console = Console(file=buffer, width=140, color_system=None, force_terminal=False)
        console.print(program_table(protocol))
        self.stdout.write(buffer.getvalue(), ending="")


def program_table(protocol: Protocol) -> Table:
    """Every item of the program in session order, with its dose and where it is done."""
    table = Table(
        title=f"{protocol.title} ({protocol.id} {protocol.version})",
        caption="* stretch variants: a session does one of them",
    )
    for column in ("Phase", "Item", "Id", "Dose", "Position"):
        table.add_column(column, no_wrap=True)
    for trigger in protocol.triggers:
        table.add_row("rest", trigger.name, trigger.id, "avoid as much as you can", "-")
    for option in protocol.massage_options:
        table.add_row("rest", option.name, option.id, _massage_dose(option), _massage_place(option))
    for exercise in protocol.exercises:
        name = exercise.name
        if exercise.id in protocol.stretch_variants:
            name += " *"
        table.add_row(
            exercise.phase, name, exercise.id, _exercise_dose(exercise), exercise.position
        )
    return table


def _massage_dose(option: MassageOption) -> str:
    minutes, seconds = divmod(option.duration_s, 60)
    length = f"{minutes} min" + (f" {seconds} s" if seconds else "") if minutes else f"{seconds} s"
    return f"{length} per side"


def _massage_place(option: MassageOption) -> str:
    return "floor" if option.needs_floor else "anywhere"


def _exercise_dose(exercise: Exercise) -> str:
    unit = "press" if exercise.style == "contract_relax" else "hold"
    rounds = "rounds" if exercise.style == "contract_relax" else "sets"
    per_side = " per side" if exercise.one_sided else ""
    return f"{exercise.sets} {rounds} x {exercise.hold_s} s {unit}{per_side}"
