"""A patient's clinics (join, leave, who sees my data, the access log), under /clinics/."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
