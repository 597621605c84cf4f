"""Clinic videos: the committed test clips (tests/media, made once with ffmpeg from its own
test pattern) as uploads, and a clinic video attached the way the admin's page attaches one."""

from __future__ import annotations

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from piri.accounts.models import Clinic, User
from piri.videos.models import ClinicVideo
from piri.videos.services import attach_video, protocol_items

MEDIA = Path(__file__).resolve().parents[1] / "media"
CONTENT_TYPES = {
    ".webm": "video/webm",
    ".mp4": "video/mp4",
    ".vtt": "text/vtt",
    ".png": "image/png",
}


def upload(
    name: str, *, as_name: str | None = None, content_type: str | None = None
) -> SimpleUploadedFile:
    """``tests/media/<name>`` as a browser would send it (under another name or type if told)."""
    path = MEDIA / name
    return SimpleUploadedFile(
        as_name or path.name,
        path.read_bytes(),
        content_type=content_type or CONTENT_TYPES[path.suffix],
    )


def first_item() -> str:
    return protocol_items()[0].id


def make_video(
    clinic: Clinic,
    *,
    by: User,
    item: str | None = None,
    clip: str = "pattern.webm",
    poster: bool = True,
    language: str = "en",
) -> ClinicVideo:
    return attach_video(
        clinic=clinic,
        item=item or first_item(),
        video=upload(clip),
        captions=upload("captions.vtt"),
        poster=upload("poster.png") if poster else None,
        language=language,
        by=by,
        now=timezone.now(),
    )
