"""The ``piri`` command: Django's management commands under one name.

``piri serve``, ``piri demo``, ``piri protocol validate PATH`` and the rest are management
commands of the ``piri`` app; this entry point only points Django at Piri's settings.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "piri.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["piri", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
