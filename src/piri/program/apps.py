from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramConfig(AppConfig):
    name = "piri.program"
    label = "program"
    verbose_name = _("Program")

    def ready(self) -> None:
        from piri.program.leaving import subscribe

        subscribe()
