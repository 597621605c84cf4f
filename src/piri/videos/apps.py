from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VideosConfig(AppConfig):
    name = "piri.videos"
    label = "videos"
    verbose_name = _("Clinic videos")
