"""The clinician's pages, under /clinic/. Every view gets its patient through
``piri.program.access.clinic_patient`` (the check and the audit row in one place)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
