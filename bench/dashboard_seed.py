"""Bulk-load a clinic group for the dashboard bench: N patients with two years of daily data.

The daily rows are made by SQLite itself (``INSERT … SELECT`` from a table of days), the few
others go in through ``executemany``; a transaction per chunk of patients. The ORM would take
many minutes for ten million rows. Every patient has a check-in every day, a session on about
four days a week, a weekly all-clear screening, a prescription and a plan; in-session check
answers are kept for the last three weeks only (the dashboard's window is two weeks; it never
reads older ones). A few patients in each hundred have something open: a red flag of each
tier, a review that closed an old flag, symptoms spreading in a session or between check-ins,
a program prompt, a waiting (or urgent) request, or three weeks without a session.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime, time, timedelta
from typing import Any

DAYS = 730
CHECKS_FOR_DAYS = 21
QUIET_FOR_DAYS = 20
SESSION_DAYS = "0, 2, 4, 5"  # of each week, shifted per patient: about four a week
FIRST = ("Alex", "Sam", "Jo", "Priya", "Morgan", "Lee", "Robin", "Kit", "Dana", "Noor")
LAST = ("Novak", "Okafor", "Lindqvist", "Raman", "Hale", "Tanaka", "Smith", "Ito", "Berg", "Silva")
# Patient number i (id i + 1) has a reason open when i % step == the story's position % step.
STORIES = {
    "flag_e": 211,
    "flag_u": 97,
    "flag_d": 41,
    "old_flag": 10,
    "spreading": 53,
    "spreading_daily": 67,
    "prompt": 31,
    "request": 23,
    "urgent": 149,
    "quiet": 19,
}
BIG_TABLES = ("program_checkin", "program_exercisesession", "program_screening",
              "program_checkanswer")  # fmt: skip


def stamp(moment: datetime) -> str:
    """A datetime as Django's SQLite backend stores it (UTC, no offset)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def story(i: int) -> set[str]:
    return {name for n, (name, step) in enumerate(STORIES.items()) if i % step == n % step}


def story_sql(name: str) -> str:
    """The same test in SQL, for the patient ``p``."""
    n, step = list(STORIES).index(name), STORIES[name]
    return f"((p.id - 1) % {step} = {n % step})"


class Loader:
    """Writes one chunk of patients at a time through a raw SQLite cursor."""

    def __init__(self, raw: Any, *, clinic_id: int, clinician_id: int, now: datetime) -> None:
        self.raw = raw
        self.clinic_id, self.clinician_id = clinic_id, clinician_id
        start = now.date() - timedelta(days=DAYS - 1)
        self.begun = stamp(datetime.combine(start, time(), tzinfo=UTC))
        days = [start + timedelta(days=d) for d in range(DAYS)]
        self.day = [d.isoformat() for d in days]
        self.at = [
            [stamp(datetime.combine(d, time(h), tzinfo=UTC)) for h in (8, 18, 19)] for d in days
        ]
        self.rows = 0
        raw.execute(
            "CREATE TEMP TABLE bench_days (d INTEGER, day TEXT, am TEXT, pm TEXT, ended TEXT)"
        )
        raw.executemany(
            "INSERT INTO bench_days VALUES (?, ?, ?, ?, ?)",
            ((d, self.day[d], *self.at[d]) for d in range(DAYS)),
        )
        raw.execute("CREATE TEMP TABLE bench_checks (n INTEGER)")
        raw.executemany("INSERT INTO bench_checks VALUES (?)", ((n,) for n in range(5)))

    @staticmethod
    def _defaults(model: Any, columns: Sequence[str]) -> dict[str, Any]:
        """NOT NULL columns left out get the field's default (a new column with a default
        does not break the bench); the rest must be given."""
        from django.db import connection

        return {
            f.column: f.get_db_prep_save(f.get_default(), connection)
            for f in model._meta.concrete_fields
            if f.column not in columns and not f.primary_key and not f.null
        }

    def insert(self, model: Any, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        extra = self._defaults(model, columns)
        names = ", ".join(f'"{n}"' for n in (*columns, *extra))
        marks = ", ".join("?" * (len(columns) + len(extra)))
        fixed = tuple(extra.values())
        cursor = self.raw.executemany(
            f'INSERT INTO "{model._meta.db_table}" ({names}) VALUES ({marks})',
            ((*row, *fixed) for row in rows),
        )
        self.rows += max(0, cursor.rowcount)

    def insert_select(
        self, model: Any, columns: dict[str, str], source: str, params: Sequence[Any]
    ) -> None:
        """INSERT … SELECT: ``columns`` maps each column to its SQL expression."""
        extra = self._defaults(model, list(columns))
        names = ", ".join(f'"{n}"' for n in (*columns, *extra))
        values = ", ".join([*columns.values(), *("?" * len(extra))])
        cursor = self.raw.execute(
            f'INSERT INTO "{model._meta.db_table}" ({names}) SELECT {values} {source}',
            (*extra.values(), *params),
        )
        self.rows += max(0, cursor.rowcount)

    def people(self, block: range, password: str) -> None:
        from piri.accounts.models import CareLink, Patient, User
        from piri.program.models import Plan, Prescription

        b = self.begun
        self.insert(
            User,
            ("id", "password", "username", "first_name", "last_name", "is_superuser",
             "is_staff", "is_active", "email", "date_joined"),
            ((i + 100, password, f"p{i:05d}", FIRST[i % 10], LAST[i // 10 % 10], 0, 0, 1, "", b)
             for i in block),
        )  # fmt: skip
        self.insert(
            Patient,
            ("id", "user_id", "time_zone", "weekly_target", "floor_ok", "massage_tools",
             "baseline_pain", "onboarded_at", "created_at"),
            ((i + 1, i + 100, "Europe/London", 4, 1, "[]", 6, b, b) for i in block),
        )  # fmt: skip
        self.insert(
            CareLink, ("clinic_id", "patient_id", "joined_at"),
            ((self.clinic_id, i + 1, b) for i in block),
        )  # fmt: skip
        self.insert(
            Prescription,
            ("id", "patient_id", "protocol_id", "sides", "stretch_variant", "massage_option",
             "dose_overrides", "excluded", "locked", "reason", "note", "created_at"),
            ((i + 1, i + 1, "rss", "right", "figure4_lying", "fingers", "{}", "[]", "[]", "",
              "", b) for i in block),
        )  # fmt: skip
        self.insert(
            Plan,
            ("id", "patient_id", "prescription_id", "protocol_id", "protocol_version", "digest",
             "body", "created_at"),
            ((f"{i + 1:032x}", i + 1, i + 1, "rss", "1", f"bench{i}", '{"steps": []}', b)
             for i in block),
        )  # fmt: skip

    def daily(self, block: range) -> None:
        from piri.program.models import CheckAnswer, CheckIn, ExerciseSession, Screening

        these = (block.start + 1, block.stop)  # patient ids
        days = "FROM accounts_patient p JOIN bench_days b"
        quiet = f"{story_sql('quiet')} AND b.d >= {DAYS - QUIET_FOR_DAYS}"
        self.insert_select(
            ExerciseSession,
            {"patient_id": "p.id", "plan_id": "printf('%032x', p.id)",
             "client_id": "printf('%016x%016x', p.id, b.d)", "started_at": "b.pm",
             "ended_at": "b.ended", "local_date": "b.day", "completed": "1", "end_pain": "2",
             "helped_most": "''", "received_at": "b.ended"},
            f"{days} ON (b.d + p.id - 1) % 7 IN ({SESSION_DAYS}) "
            f"WHERE p.id BETWEEN ? AND ? AND NOT ({quiet})",
            these,
        )  # fmt: skip
        self.insert_select(
            CheckAnswer,
            {"session_id": "s.id", "position": "c.n", "step_id": "'check-' || c.n",
             "change": "'same'", "extent": "'thigh'", "pain": "2", "action": "''"},
            "FROM program_exercisesession s JOIN bench_checks c "
            "WHERE s.patient_id BETWEEN ? AND ? AND s.local_date >= ?",
            (*these, self.day[-CHECKS_FOR_DAYS]),
        )  # fmt: skip
        spreading = f"{story_sql('spreading_daily')} AND b.d = {DAYS - 1}"
        self.insert_select(
            CheckIn,
            {"patient_id": "p.id", "day": "b.day", "pain_now": "(p.id - 1 + b.d) % 4 + 2",
             "pain_average": "(p.id - 1 + b.d) % 3 + 3",
             "extent": f"CASE WHEN {spreading} THEN 'below_knee' ELSE 'thigh' END",
             "change": "''", "created_at": "b.am", "updated_at": "b.am"},
            f"{days} WHERE p.id BETWEEN ? AND ?",
            these,
        )  # fmt: skip
        self.insert_select(
            Screening,
            {"patient_id": "p.id", "kind": "'weekly'", "answers": "'{}'", "tier": "'C'",
             "reasons": "'[]'", "note": "''", "policy_version": "'1'", "created_at": "b.am"},
            f"{days} ON b.d % 7 = (p.id - 1) % 7 WHERE p.id BETWEEN ? AND ?",
            these,
        )  # fmt: skip
        for i in block:  # the last session of a few: the reach moves down the leg
            if "spreading" in story(i):
                self.raw.execute(
                    "UPDATE program_checkanswer SET extent = 'below_knee' WHERE position >= 3 "
                    "AND session_id = (SELECT MAX(id) FROM program_exercisesession "
                    "WHERE patient_id = ?)",
                    (i + 1,),
                )

    def open_reasons(self, block: range) -> None:
        from piri.clinic.models import SpecialistRequest
        from piri.program.models import ClinicalReview, Screening

        flags, reviews, asks = [], [], []
        for i in block:
            open_ = story(i)
            for tier, name, back in (("E", "flag_e", 1), ("U", "flag_u", 2), ("D", "flag_d", 4)):
                if name in open_:
                    flags.append((i + 1, "weekly", tier, f'["{tier}1"]', "", self.at[-back][0]))
            if "old_flag" in open_:
                flags.append((i + 1, "weekly", "D", '["D1"]', "", self.at[-200][0]))
                reviews.append((i + 1, self.clinician_id, "Seen; settled.", self.at[-199][1]))
            if "prompt" in open_:
                reason = f'["review_first:{self.day[-10]}"]'
                flags.append((i + 1, "program", "C", reason, "Book a review.", self.at[-10][0]))
            for name, urgent, back in (("request", 0, 3), ("urgent", 1, 1)):
                if name in open_:
                    asks.append((i + 1, "symptoms", "new", urgent, self.at[-back][1]))
            if i % 5 == 0:
                asks.append((i + 1, "plan", "answered", 0, self.at[-100][1]))
        self.insert(
            Screening,
            ("patient_id", "kind", "tier", "reasons", "note", "created_at", "answers",
             "policy_version"),
            ((*f, "{}", "1") for f in flags),
        )  # fmt: skip
        self.insert(ClinicalReview, ("patient_id", "reviewer_id", "note", "created_at"), reviews)
        self.insert(
            SpecialistRequest,
            ("patient_id", "topic", "status", "urgent", "created_at", "clinic_id", "summary",
             "updated_at"),
            ((*a, self.clinic_id, "{}", a[-1]) for a in asks),
        )  # fmt: skip


def _drop_indexes(raw: Any) -> list[str]:
    """Drop the big tables' plain indexes (not the unique ones); returns how to make them."""
    marks = ", ".join("?" * len(BIG_TABLES))
    found = raw.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND sql NOT LIKE 'CREATE UNIQUE%' AND tbl_name IN ({marks})",
        BIG_TABLES,
    ).fetchall()
    for name, _sql in found:
        raw.execute(f'DROP INDEX "{name}"')
    return [sql for _name, sql in found]


def seed(patients: int, *, now: datetime, chunk: int, progress: Callable[[int], None]) -> Any:
    """The clinic, its clinician and ``patients`` patients; returns (clinic, clinician, rows)."""
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction

    from piri.accounts.models import Clinic, StaffMembership, User

    clinic = Clinic.objects.create(name="Riverside Physio group", quiet_days=7)
    clinician = User.objects.create_user("bench-clinician", first_name="Dana")
    StaffMembership.objects.create(clinic=clinic, user=clinician, role="clinician")
    connection.ensure_connection()
    raw = connection.connection.cursor()
    for pragma in ("synchronous=OFF", "cache_size=-262144"):
        raw.execute(f"PRAGMA {pragma}")  # a throwaway database: speed over durability
    indexes = _drop_indexes(raw)  # built again once the rows are in: faster
    loader = Loader(raw, clinic_id=clinic.pk, clinician_id=clinician.pk, now=now)
    password = make_password(None)  # unusable: nobody signs in as these patients
    for low in range(0, patients, chunk):
        block = range(low, min(patients, low + chunk))
        with transaction.atomic():
            loader.people(block, password)
            loader.daily(block)
            loader.open_reasons(block)
        progress(len(block))
    for sql in indexes:
        raw.execute(sql)
    raw.execute("ANALYZE")
    return clinic, clinician, loader.rows
