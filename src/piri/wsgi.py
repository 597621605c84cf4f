"""WSGI entry point, served by granian (``piri serve``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "piri.settings")
application = get_wsgi_application()
