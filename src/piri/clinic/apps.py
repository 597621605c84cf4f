from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClinicConfig(AppConfig):
    name = "piri.clinic"
    label = "clinic"
    verbose_name = _("Clinic")

    def ready(self) -> None:
        from piri.clinic.jobs import rebuild_triage
        from piri.clinic.subscriptions import subscribe
        from piri.jobs.schedules import daily

        subscribe()
        daily("triage-rebuild", rebuild_triage, setting="PIRI_TRIAGE_AT")
