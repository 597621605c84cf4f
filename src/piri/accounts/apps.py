from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "piri.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from piri.accounts.jobs import purge_deleted_records
        from piri.jobs.schedules import daily

        daily("purge-deleted", purge_deleted_records, setting="PIRI_PURGE_AT")
