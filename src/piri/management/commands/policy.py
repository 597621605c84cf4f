"""``piri policy validate PATH...`` and ``piri policy show [PATH]``.

``validate`` prints ``OK: FILE`` per good file and one ``FILE:LINE: field.path: message`` line
per problem (on stderr), and exits 1 if any file has a problem; the exercise ids a policy
names are checked against a protocol (``--protocol``, the built-in ``rss`` by default).
``show`` prints the tiers, the questions and every rule with its value and source.
"""

from __future__ import annotations

import io
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.table import Table

from piri.domain.policy import Policy, Ratio, Value
from piri.management.file_checks import check_files
from piri.protocols import ProtocolError, builtin_policy, load_policy, resolve


class Command(BaseCommand):
    help = "Check safety policy files, or show the safety policy as tables."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{validate,show}")
        validate = sub.add_parser("validate", help="check policy files; exit 1 on any problem")
        validate.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        validate.add_argument(
            "--protocol",
            default="rss",
            metavar="NAME_OR_PATH",
            help="the protocol whose exercise ids the policy may name (default: rss)",
        )
        show = sub.add_parser("show", help="print the tiers, questions and rules as tables")
        show.add_argument("path", nargs="?", type=Path, metavar="PATH", help="default: built-in")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "validate":
            self.validate(options["paths"], options["protocol"])
        else:
            self.show(options["path"])

    def validate(self, paths: list[Path], protocol_name: str) -> None:
        try:
            protocol = resolve(protocol_name)
        except ProtocolError as exc:
            raise CommandError(str(exc)) from exc
        check_files(self, paths, lambda path: load_policy(path, protocol=protocol))

    def show(self, path: Path | None) -> None:
        try:
            policy = builtin_policy() if path is None else load_policy(path)
        except ProtocolError as exc:
            raise CommandError(str(exc)) from exc
        buffer = io.StringIO()
        console = Console(file=buffer, width=160, color_system=None, force_terminal=False)
        for table in (tiers_table(policy), questions_table(policy), rules_table(policy)):
            console.print(table)
        self.stdout.write(buffer.getvalue(), ending="")


def tiers_table(policy: Policy) -> Table:
    table = Table(title=f"{policy.title} ({policy.id} {policy.version}): tiers, highest first")
    for column in ("Tier", "Name", "Exercises", "Locks", "Dismissible", "Alert clinic"):
        table.add_column(column, no_wrap=True)
    table.add_column("Source")
    for info in reversed(policy.triage.tiers):
        table.add_row(
            info.tier.value,
            info.name,
            info.exercises.value,
            _yes(info.locks),
            _yes(info.dismissible),
            _yes(info.alert_clinic),
            info.source,
        )
    return table


def questions_table(policy: Policy) -> Table:
    schedule = policy.triage.schedule
    asked = {
        "onboarding": schedule.onboarding,
        "before every session": schedule.before_session,
        "weekly": schedule.weekly,
        "after a worse check-in": schedule.after_worse,
        "after spreading": schedule.spreading,
    }
    when = "; ".join(f"{name}: {'+'.join(blocks)}" for name, blocks in asked.items())
    caption = f"Yes / No / Not sure; not sure counts as yes. Blocks asked - {when}"
    table = Table(title="Red-flag questions", caption=caption)
    for column in ("Id", "Block", "Tier"):
        table.add_column(column, no_wrap=True)
    table.add_column("Label (clinic pages)")
    table.add_column("Question")
    table.add_column("Source")
    for q in policy.triage.questions:
        tier = q.tier.value
        if q.escalate is not None:
            tier += f" ({q.escalate.to.value} with {', '.join(q.escalate.with_any)})"
        table.add_row(q.id, q.block, tier, q.label, q.text, q.source)
    return table


def rules(policy: Policy) -> list[tuple[str, str, str]]:
    """Every numeric rule as (name, value, source), in file order."""
    rows: list[tuple[str, str, str]] = []
    gate = policy.triage.age_gate
    rows.append(
        (
            "age_gate",
            f"first episode and over {gate.over} or under {gate.under}",
            gate.source,
        )
    )
    rows.append(("schedule.weekly_every_days", *_value(policy.triage.schedule.weekly_every_days)))
    sections: list[tuple[str, Any]] = [
        ("monitoring", policy.monitoring),
        ("progression", policy.progression),
        ("progression.limits", policy.progression.limits),
        ("flare_up", policy.flare_up),
        ("review", policy.review),
    ]
    for prefix, section in sections:
        for name in section.__dataclass_fields__:
            value = getattr(section, name)
            if isinstance(value, Value):
                rows.append((f"{prefix}.{name}", *_value(value)))
            elif isinstance(value, Ratio):
                rows.append((f"{prefix}.{name}", f"{value.done}/{value.of}", value.source))
    flare = policy.flare_up
    rows.append(
        (
            "flare_up.mode",
            f"stretch {flare.stretch}; keep {', '.join(flare.keep)}; "
            f"cut hold: {', '.join(flare.half_hold)}",
            flare.source,
        )
    )
    review = policy.review
    rows.append(("review.final_min_rating", review.final_min_rating.value, review.final_source))
    return rows


def rules_table(policy: Policy) -> Table:
    table = Table(title="Rules")
    table.add_column("Rule", no_wrap=True)
    table.add_column("Value")
    table.add_column("Source")
    for row in rules(policy):
        table.add_row(*row)
    return table


def _value(value: Value) -> tuple[str, str]:
    return str(value.value), value.source


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"
