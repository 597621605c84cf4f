from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PushConfig(AppConfig):
    name = "piri.push"
    label = "push"
    verbose_name = _("Notifications")
    default_auto_field = "django.db.models.BigAutoField"
