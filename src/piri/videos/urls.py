"""Clinic videos, under /videos/: the files (the clinic's people only) and the admin's page."""

from django.urls import path

import piri.converters  # noqa: F401  (registers <id:…>, a row id that fits 64 bits)
from piri.videos import manage_views, views

urlpatterns = [
    path("<id:video_id>/video", views.video_file, name="clinic-video-file"),
    path("<id:video_id>/captions.vtt", views.captions_file, name="clinic-video-captions"),
    path("<id:video_id>/poster", views.poster_file, name="clinic-video-poster"),
    path("clinic/<id:clinic_id>/", manage_views.manage, name="clinic-videos"),
    path(
        "clinic/<id:clinic_id>/<str:item>/remove/",
        manage_views.remove,
        name="clinic-video-remove",
    ),
]
