"""WSGI entry point, served by granian (``piri serve``)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "piri.settings")
application = get_wsgi_application()
# What is loaded by now (Django, the apps, the URL patterns) lives as long as the worker:
# frozen, the garbage collector's full collections no longer walk it, which took tens of
# milliseconds out of whichever request triggered one (docs/performance.md).
gc.freeze()
