from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PiriConfig(AppConfig):
    name = "piri"
    verbose_name = _("Piri")

    def ready(self) -> None:
        from piri import checks  # noqa: F401  (registers the system checks)
