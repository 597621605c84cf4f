"""The upload form of one exercise's video (the clinic admin's videos page)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class VideoUploadForm(forms.Form):
    video = forms.FileField(
        label=_("Video (MP4 or WebM)"),
        widget=forms.ClearableFileInput(attrs={"accept": "video/mp4,video/webm"}),
    )
    captions = forms.FileField(
        label=_("Captions (WebVTT, required)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".vtt,text/vtt"}),
    )
    poster = forms.FileField(
        label=_("Poster picture (PNG, JPEG or WebP; optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )
    language = forms.CharField(label=_("Captions language"), initial="en", max_length=20)
