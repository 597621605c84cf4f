"""``piri worker``: run background jobs (reminders, clinic emails, the nightly triage rebuild) until
stopped, or ``--once``: fire what is scheduled, run what is due, and exit (tests, cron).

One line per job, e.g. ``10:02:03 done  email_flag 3f2a… in 0.04 s`` or
``10:02:03 retry email_request 8c1b… attempt 1 of 8: ConnectionRefusedError: … next 10:02:33``.
SIGTERM or Ctrl-C finishes the job in hand and stops; a second one stops at once (the job
goes back to the queue once the lease runs out). ``docs/decisions/0013-background-jobs.md``.
"""

from __future__ import annotations

import signal
import sys
import threading
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import close_old_connections, connection
from django.utils import timezone

from piri.jobs.schedules import check_schedules, fire_due, schedules
from piri.jobs.worker import Outcome, Worker


def quiet_tasks() -> set[str]:
    return {schedule.task.name for schedule in schedules() if schedule.quiet}


class Command(BaseCommand):
    help = "Run background jobs: reminders, clinic emails, the nightly triage rebuild."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="Run what is due now, then exit (tests, cron)."
        )
        parser.add_argument(
            "--poll",
            type=float,
            default=1.0,
            help="Seconds between looks at an empty queue (default 1).",
        )
        parser.add_argument(
            "--id", default=None, help="This worker's name (unique; default: host-pid-random)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if problems := check_schedules():
            raise CommandError("\n".join(str(p.msg) for p in problems))
        if not 0 < options["poll"] <= 3600:
            raise CommandError("--poll: give seconds between 0 and 3600")
        self.stopping = threading.Event()
        worker = Worker(worker_id=options["id"])
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        worker.start()
        database = connection.vendor
        self.say(
            f"worker {worker.worker_id} started: {database} database, lease "
            f"{settings.PIRI_WORKER_LEASE} s, looks every {options['poll']:g} s"
            + (", once" if options["once"] else "")
        )
        done = 0
        try:
            while not self.stopping.is_set():
                now = timezone.now()
                for outcome in worker.recover_lost(now=now):
                    self.report(outcome)
                for schedule, job_id in fire_due(now=now):
                    if schedule.quiet:
                        continue
                    self.say(f"queued {schedule.name} ({schedule.setting}) as {str(job_id)[:8]}")
                done += len(worker.drain(keep_going=self.running, report=self.report))
                if options["once"]:
                    break
                close_old_connections()
                self.stopping.wait(options["poll"])
        finally:
            worker.stop()
            self.say(f"worker {worker.worker_id} stopped after {done} job(s)")

    def running(self) -> bool:
        return not self.stopping.is_set()

    def _stop(self, signum: int, frame: FrameType | None) -> None:
        if self.stopping.is_set():
            self.say("stopping now; the job in hand goes back to the queue after the lease")
            sys.exit(1)
        self.say(f"{signal.Signals(signum).name}: finishing the job in hand, then stopping")
        self.stopping.set()

    def say(self, text: str) -> None:
        self.stdout.write(f"{timezone.localtime():%H:%M:%S} {text}")
        self.stdout.flush()

    def report(self, outcome: Outcome) -> None:
        head = f"{outcome.name} {outcome.job_id[:8]}"
        if outcome.result == "done" and outcome.name in quiet_tasks():
            return  # the every-minute fan-out: a line a minute would bury the rest
        if outcome.result == "done":
            self.say(self.style.SUCCESS("done ") + f" {head} in {outcome.seconds:.2f} s")
            return
        line = f"{head} attempt {outcome.attempt} of {outcome.attempts}: {outcome.error}"
        if outcome.next_at is not None:
            line += f"; next try {timezone.localtime(outcome.next_at):%H:%M:%S}"
        style = self.style.WARNING if "retry" in outcome.result else self.style.ERROR
        self.say(style(f"{outcome.result:5}") + f" {line}")
