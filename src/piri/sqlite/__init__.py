"""SQLite as Piri uses it (``DATABASES["default"]["ENGINE"] = "piri.sqlite"``): Django's
backend, with one process's write transactions taken in turn (``base``)."""
