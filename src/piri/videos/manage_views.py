"""A clinic admin's videos page: every exercise and massage option, its video if any, an
upload form and a remove button. Only admins of that clinic (``roles.admin_clinics``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from piri.accounts.models import Clinic
from piri.accounts.roles import admin_clinics
from piri.videos.checks import Refusal
from piri.videos.forms import VideoUploadForm
from piri.videos.models import ClinicVideo
from piri.videos.services import attach_video, protocol_items, remove_video


def _clinic(request: HttpRequest, clinic_id: int) -> Clinic:
    clinic = admin_clinics(request.user).filter(pk=clinic_id).first()
    if clinic is None:
        raise Http404
    return clinic


def _rows(clinic: Clinic, failed: VideoUploadForm | None) -> list[dict[str, Any]]:
    """One row per exercise and massage option; a refused upload's form stays in its row."""
    videos = {v.item: v for v in ClinicVideo.objects.filter(clinic=clinic)}
    return [
        {
            "item": item,
            "video": videos.get(item.id),
            "form": failed
            if failed is not None and failed.prefix == item.id
            else VideoUploadForm(prefix=item.id),
        }
        for item in protocol_items()
    ]


@login_required
@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest, clinic_id: int) -> HttpResponse:
    clinic = _clinic(request, clinic_id)
    failed = None
    if request.method == "POST":
        item = request.POST.get("item", "")
        form = VideoUploadForm(request.POST, request.FILES, prefix=item or "none")
        if form.is_valid():
            data = form.cleaned_data
            try:
                attach_video(
                    clinic=clinic,
                    item=item,
                    video=data["video"],
                    captions=data["captions"],
                    poster=data["poster"],
                    language=data["language"],
                    by=request.user,  # type: ignore[arg-type]
                    now=timezone.now(),
                )
            except Refusal as refusal:
                field = refusal.field if refusal.field in form.fields else None
                form.add_error(field, refusal.message)
            else:
                messages.success(request, _("The video is attached."))
                return redirect("clinic-videos", clinic_id=clinic.pk)
        failed = form
    context = {
        "clinic": clinic,
        "rows": _rows(clinic, failed),
        "failed": failed,
        "max_mb": settings.PIRI_VIDEO_MAX_MB,
        "max_seconds": settings.PIRI_VIDEO_MAX_SECONDS,
    }
    return render(
        request, "piri/videos/manage.html", context, status=400 if failed is not None else 200
    )


@login_required
@require_POST
def remove(request: HttpRequest, clinic_id: int, item: str) -> HttpResponse:
    clinic = _clinic(request, clinic_id)
    if remove_video(clinic=clinic, item=item):
        messages.success(request, _("The video is removed."))
    return redirect("clinic-videos", clinic_id=clinic.pk)
