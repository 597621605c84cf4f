from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    name = "piri.reminders"
    label = "reminders"
    verbose_name = _("Reminders")

    def ready(self) -> None:
        from piri import messagebus
        from piri.domain.events import ReviewRecorded, SessionRecorded, SettingsChanged
        from piri.jobs.schedules import every_minute
        from piri.reminders.channels import register
        from piri.reminders.email_channel import EmailChannel
        from piri.reminders.jobs import after_session, fan_out
        from piri.reminders.leaving import subscribe as subscribe_leaving
        from piri.reminders.push_channel import PushChannel

        register(EmailChannel())
        register(PushChannel())
        every_minute("reminders", fan_out)
        for kind in (SessionRecorded, ReviewRecorded, SettingsChanged):
            messagebus.subscribe(kind, after_session, after_commit=True)
        subscribe_leaving()
