"""The reminders form: days, a time, when, how, quiet hours; every mistake named where it is."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from piri.domain.reminders import Mode, Schedule, in_quiet_hours
from piri.reminders.channels import EMAIL, PUSH, registered
from piri.reminders.models import ReminderSchedule
from piri.reminders.services import Choice

WEEKDAYS = [
    ("0", _("Monday")),
    ("1", _("Tuesday")),
    ("2", _("Wednesday")),
    ("3", _("Thursday")),
    ("4", _("Friday")),
    ("5", _("Saturday")),
    ("6", _("Sunday")),
]
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
TIME_ERRORS = {"invalid": _("Give a time as hours and minutes, for example 18:30.")}


class ReminderForm(forms.Form):
    enabled = forms.BooleanField(label=_("Send me reminders"), required=False)
    mode = forms.ChoiceField(
        label=_("When"), choices=ReminderSchedule.Modes.choices, widget=forms.RadioSelect
    )
    weekdays = forms.MultipleChoiceField(
        label=_("Days"), choices=WEEKDAYS, required=False, widget=forms.CheckboxSelectMultiple
    )
    at = forms.TimeField(
        label=_("Time (your time zone)"),
        widget=TIME_WIDGET,
        error_messages={"required": _("Choose a time."), **TIME_ERRORS},
    )
    channels = forms.MultipleChoiceField(
        label=_("How"),
        choices=[(EMAIL, _("Email")), (PUSH, _("On this device (notifications)"))],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    quiet_start = forms.TimeField(
        label=_("Quiet hours from"), required=False, widget=TIME_WIDGET, error_messages=TIME_ERRORS
    )
    quiet_end = forms.TimeField(
        label=_("Quiet hours until"), required=False, widget=TIME_WIDGET, error_messages=TIME_ERRORS
    )
    skip_when_aim_met = forms.BooleanField(
        label=_("No reminders once I have met my weekly aim"), required=False
    )

    def __init__(self, *args: Any, ready: frozenset[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ready = ready  # the channels that can reach this patient now

    def clean_channels(self) -> list[str]:
        chosen: list[str] = self.cleaned_data.get("channels") or []
        if EMAIL in chosen and EMAIL not in self.ready:
            raise forms.ValidationError(
                _("Email needs a verified address: confirm yours on the Account page first.")
            )
        if PUSH in chosen and PUSH not in registered():
            raise forms.ValidationError(_("Notifications on this device are not available yet."))
        if PUSH in chosen and PUSH not in self.ready:
            raise forms.ValidationError(
                _("Turn on notifications on this device first, with the button below.")
            )
        return chosen

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("mode") == Mode.DAYS.value and data.get("enabled") and not data.get("weekdays"):
            self.add_error("weekdays", _("Choose at least one day."))
        start, end = data.get("quiet_start"), data.get("quiet_end")
        if (start is None) != (end is None) and "quiet_start" not in self.errors:
            missing = "quiet_end" if end is None else "quiet_start"
            self.add_error(missing, _("Give both ends of the quiet hours, or neither."))
        at = data.get("at")
        quiet = Schedule(at=at, quiet_start=start, quiet_end=end) if at is not None else None
        if quiet is not None and in_quiet_hours(quiet, quiet.at):
            self.add_error("at", _("This time is inside your quiet hours: choose another."))
        if data.get("enabled") and not data.get("channels") and "channels" not in self.errors:
            self.add_error("channels", _("Choose how to be reminded."))
        return data

    def choice(self) -> Choice:
        d = self.cleaned_data
        return Choice(
            enabled=bool(d["enabled"]),
            weekdays=frozenset(int(day) for day in d.get("weekdays") or []),
            at=d["at"],
            mode=Mode(d["mode"]),
            channels=tuple(d.get("channels") or ()),
            quiet_start=d.get("quiet_start"),
            quiet_end=d.get("quiet_end"),
            skip_when_aim_met=bool(d.get("skip_when_aim_met")),
        )


def initial_of(row: ReminderSchedule) -> dict[str, Any]:
    return {
        "enabled": row.enabled,
        "mode": row.mode,
        "weekdays": [str(day) for day in row.weekdays],
        "at": row.at,
        "channels": list(row.channels),
        "quiet_start": row.quiet_start,
        "quiet_end": row.quiet_end,
        "skip_when_aim_met": row.skip_when_aim_met,
    }
