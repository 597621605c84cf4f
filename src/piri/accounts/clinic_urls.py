"""A patient's clinics (join, leave, who sees my data, the access log), under /clinics/."""

from django.urls import path

import piri.converters  # noqa: F401  (registers <id:…>, a row id that fits 64 bits)
from piri.accounts import clinic_views, join_views

urlpatterns = [
    path("", clinic_views.my_clinics, name="my-clinics"),
    path("join/", join_views.join, name="clinic-join"),
    path("open/", clinic_views.join_open, name="clinic-join-open"),
    path("<id:clinic_id>/leave/", clinic_views.leave, name="clinic-leave"),
    path("access-log/", clinic_views.access_log, name="access-log"),
    path("access-log.csv", clinic_views.access_log_csv, name="access-log-csv"),
]
