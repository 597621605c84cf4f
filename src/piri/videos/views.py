"""The clinic's video files, served to the people of that clinic only (the access door's
``may_see_clinic_media``), with byte ranges so a phone can seek."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from piri.accounts.access import may_see_clinic_media
from piri.videos.models import ClinicVideo
from piri.videos.ranges import ranged_response


def _video(request: HttpRequest, video_id: int) -> ClinicVideo:
    video = get_object_or_404(ClinicVideo.objects.select_related("clinic"), pk=video_id)
    if not may_see_clinic_media(request.user, video.clinic):
        raise Http404
    return video


@login_required
@require_safe
def video_file(request: HttpRequest, video_id: int) -> HttpResponseBase:
    video = _video(request, video_id)
    return ranged_response(request, str(video.video.name), video.content_type)


@login_required
@require_safe
def captions_file(request: HttpRequest, video_id: int) -> HttpResponseBase:
    video = _video(request, video_id)
    return ranged_response(request, str(video.captions.name), "text/vtt; charset=utf-8")


@login_required
@require_safe
def poster_file(request: HttpRequest, video_id: int) -> HttpResponseBase:
    video = _video(request, video_id)
    if not video.poster.name:
        raise Http404
    return ranged_response(request, video.poster.name, video.poster_type)
