"""The clinician's pages, under /clinic/. Every view gets its patient through
``piri.accounts.access.clinic_patient`` (the check and the audit row in one place)."""

from django.urls import path

import piri.converters  # noqa: F401  (registers <id:…>, a row id that fits 64 bits)
from piri.clinic import (
    dashboard_views,
    discharge_views,
    patient_views,
    program_views,
    request_views,
)

urlpatterns: list = [
    path("", dashboard_views.dashboard, name="clinic-dashboard"),
    path("requests/", request_views.request_list, name="clinic-requests"),
    path("requests/<id:request_id>/", request_views.request_detail, name="clinic-request"),
    path("patients/<id:patient_id>/", patient_views.patient_detail, name="clinic-patient"),
    path("patients/<id:patient_id>/program/", program_views.program, name="clinic-program"),
    path("patients/<id:patient_id>/review/", patient_views.review, name="clinic-review"),
    path(
        "patients/<id:patient_id>/discharge/",
        discharge_views.discharge_patient,
        name="clinic-discharge",
    ),
]
