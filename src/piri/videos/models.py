"""A clinic's video of one exercise or massage option (one per clinic and item)."""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.db import models
from django.utils.translation import gettext_lazy as _

from piri.accounts.models import Clinic


def video_storage() -> Storage:
    """``STORAGES["videos"]``: the data folder by default, an S3-compatible store if set."""
    return storages["videos"]


class ClinicVideo(models.Model):
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="videos")
    item = models.CharField(_("exercise or massage option"), max_length=80)
    video = models.FileField(_("video"), storage=video_storage, max_length=300)
    captions = models.FileField(_("captions"), storage=video_storage, max_length=300)
    poster = models.FileField(_("poster"), storage=video_storage, max_length=300, blank=True)
    captions_language = models.CharField(_("captions language"), max_length=20, default="en")
    duration_seconds = models.FloatField(_("running time (s)"))
    content_type = models.CharField(max_length=40)
    poster_type = models.CharField(max_length=40, blank=True)
    size = models.BigIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["clinic", "item"], name="one_video_per_clinic_item")
        ]

    def __str__(self) -> str:
        return f"{self.clinic_id}:{self.item}"
