"""The patient's "talk to a specialist" pages, under /specialist/."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
