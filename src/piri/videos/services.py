"""Attaching, replacing and removing a clinic's video, and finding the one a viewer sees.

A new upload is checked whole (video, captions, poster) before anything is stored; only then
are its files saved and the row pointed at them, in one transaction; the files it replaced are
deleted once that has committed. A refused upload therefore leaves the old video playing."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from piri.accounts.access import media_clinics
from piri.accounts.models import Clinic, User
from piri.domain.protocol import Exercise, MassageOption, Protocol
from piri.protocols import resolve
from piri.videos.checks import Refusal, check_captions, check_poster, check_video
from piri.videos.models import ClinicVideo, video_storage

LANGUAGE_CODES = 20


def protocol_items() -> list[Exercise | MassageOption]:
    """The exercises and massage options of the protocol this installation runs."""
    protocol: Protocol = resolve(str(settings.PIRI_PROTOCOL))
    return [*protocol.exercises, *protocol.massage_options]


def _name(clinic: Clinic, item: str, field: str, extension: str) -> str:
    return f"clinic-{clinic.pk}/{item}/{field}-{uuid.uuid4().hex}.{extension}"


_EXTENSIONS = {
    "video/mp4": "mp4",
    "video/webm": "webm",
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/webp": "webp",
}


def attach_video(
    *,
    clinic: Clinic,
    item: str,
    video: Any,
    captions: Any,
    poster: Any | None,
    language: str,
    by: User,
    now: datetime,
) -> ClinicVideo:
    """Check the three files, then store them as ``clinic``'s video of ``item`` (replacing
    the one before). Raises ``Refusal`` naming the field when any check fails."""
    if item not in {i.id for i in protocol_items()}:
        raise Refusal(
            "item", _("There is no exercise or massage option called %(item)s.") % {"item": item}
        )
    if not language.strip() or len(language) > LANGUAGE_CODES:
        raise Refusal("language", _("Give the captions' language as a code such as en or de."))
    checked = check_video(
        video,
        max_bytes=settings.PIRI_VIDEO_MAX_MB * 1_000_000,
        max_seconds=settings.PIRI_VIDEO_MAX_SECONDS,
    )
    check_captions(captions)
    poster_type = check_poster(poster) if poster is not None else ""
    storage = video_storage()
    names = {
        "video": storage.save(
            _name(clinic, item, "video", _EXTENSIONS[checked.content_type]), File(video)
        ),
        "captions": storage.save(_name(clinic, item, "captions", "vtt"), File(captions)),
        "poster": storage.save(
            _name(clinic, item, "poster", _EXTENSIONS[poster_type]), File(poster)
        )
        if poster is not None
        else "",
    }
    try:
        with transaction.atomic():
            row = ClinicVideo.objects.select_for_update().filter(clinic=clinic, item=item).first()
            old = [row.video.name, row.captions.name, row.poster.name] if row else []
            row = row or ClinicVideo(clinic=clinic, item=item)
            row.video.name, row.captions.name, row.poster.name = (
                names["video"],
                names["captions"],
                names["poster"],
            )
            row.captions_language = language.strip()
            row.duration_seconds = checked.duration_seconds
            row.content_type = checked.content_type
            row.poster_type = poster_type
            row.size = checked.size
            row.uploaded_by = by
            row.uploaded_at = now
            row.save()
            transaction.on_commit(lambda: _delete(old))
    except IntegrityError:  # another first upload of this item was saved at the same moment
        _delete(list(names.values()))
        raise Refusal(
            "video", _("Another upload of this video was saved at the same moment; try again.")
        ) from None
    return row


def _delete(names: list[str | None]) -> None:
    storage = video_storage()
    for name in names:
        if name:
            storage.delete(name)


def remove_video(*, clinic: Clinic, item: str) -> bool:
    with transaction.atomic():
        row = ClinicVideo.objects.filter(clinic=clinic, item=item).first()
        if row is None:
            return False
        old = [row.video.name, row.captions.name, row.poster.name]
        row.delete()
        transaction.on_commit(lambda: _delete(old))
    return True


def video_for(user: Any, item: str) -> ClinicVideo | None:
    """The video of ``item`` from the first (by name) of the viewer's clinics that has one."""
    clinics = media_clinics(user)
    found = {v.clinic_id: v for v in ClinicVideo.objects.filter(clinic__in=clinics, item=item)}
    return next((found[c.pk] for c in clinics if c.pk in found), None)


def video_items(user: Any) -> set[str]:
    """The items that have a video in one of the viewer's clinics (the player's links)."""
    return set(
        ClinicVideo.objects.filter(clinic__in=media_clinics(user)).values_list("item", flat=True)
    )
