"""``piri serve``: check, migrate, optionally load the demo, then serve with granian and run a
job worker beside it (``--no-worker`` when workers run elsewhere)."""

from __future__ import annotations

import os
import sys
from typing import Any

from django.conf import settings
from django.core import checks
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from piri.management.children import run_with_worker, worker_argv
from piri.serving import granian_argv, limits, raise_open_file_limit


class Command(BaseCommand):
    help = "Check the protocol and settings, migrate the database, and serve Piri."
    requires_system_checks: list[str] = []  # run below, so the message is ours and clear

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=1)
        parser.add_argument(
            "--demo", action="store_true", help="Load the demo clinic on first start."
        )
        parser.add_argument(
            "--no-serve", action="store_true", help="Do everything but start the server."
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="Start no job worker beside the server (workers run elsewhere: piri worker).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not 0 < options["port"] < 65536:
            raise CommandError(f"--port: {options['port']} is not a port number (1-65535)")
        open_files = raise_open_file_limit()  # before limits(): connections stay below it
        try:
            served = limits()
        except ValueError as error:
            raise CommandError(str(error)) from error
        errors = [m for m in checks.run_checks(include_deployment_checks=False) if m.is_serious()]
        if errors:
            for message in errors:
                self.stderr.write(str(message.msg))
            raise CommandError("Piri will not start until the errors above are fixed.")
        call_command("migrate", interactive=False, verbosity=0)
        if os.environ.get("PIRI_MANIFEST_STATIC"):
            call_command("collectstatic", interactive=False, verbosity=0)
        if options["demo"]:
            call_command("demo", stdout=self.stdout)
        url = f"http://{options['host']}:{options['port']}"
        self.stdout.write(self.style.SUCCESS(f"Piri is at {url}  (data: {settings.DATA_DIR})"))
        self.stdout.write(
            f"{served.threads} request threads and up to {served.connections} open connections"
            f" per worker; {served.header_timeout_s} s to send a request head or be closed"
            + (f" (open files: {open_files})" if open_files else "")
        )
        self.stdout.write(
            "no job worker here: run `piri worker` where jobs should run"
            if options["no_worker"]
            else "a job worker runs beside the server (piri worker)"
        )
        if options["no_serve"]:
            return
        argv = granian_argv(host=options["host"], port=options["port"], workers=options["workers"])
        sys.stdout.flush()
        worker = None if options["no_worker"] else worker_argv()
        code = run_with_worker(argv, worker, say=self.stderr.write)
        if code:
            raise SystemExit(code)
