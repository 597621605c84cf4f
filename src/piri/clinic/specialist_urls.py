"""The patient's "talk to a specialist" pages, under /specialist/."""

from django.urls import path

import piri.converters  # noqa: F401  (registers <id:…>, a row id that fits 64 bits)
from piri.clinic import specialist_views

urlpatterns = [
    path("", specialist_views.specialist, name="specialist"),
    path("<id:request_id>/", specialist_views.specialist_request, name="specialist-request"),
]
