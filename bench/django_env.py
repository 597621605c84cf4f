"""Django set up in the benchmark's own process, on a throwaway data directory."""

from __future__ import annotations

import os


def start_django(data_dir: str) -> None:
    """Point Piri at ``data_dir`` (a fresh SQLite database), set Django up and migrate."""
    os.environ.update(
        PIRI_DATA_DIR=data_dir,
        PIRI_SECRET_KEY="bench-only",
        PIRI_ALLOWED_HOSTS="testserver",
        DJANGO_SETTINGS_MODULE="piri.settings",
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
