"""The forms of the weekly questions (/measures/) and of naming activities (also at onboarding).

``WeeklyForm`` is built from what is offered this week (``services.measures.this_week``): the
check against last week, pain now and over 24 hours, a 0-10 rating per named activity, the
RMDQ's statements as tick boxes and each plug-in's questions (both in the clinic's words, only
when supplied), and the global rating of change. ``answers()`` gives the service's input.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from piri.domain.errors import FieldError
from piri.domain.history import GlobalRating
from piri.domain.measures.grc import GRC_ID
from piri.domain.measures.psfs import PSFS_ID
from piri.domain.measures.rmdq import RMDQ_ID
from piri.program.models.measures import ACTIVITY_NAME_MAX, MAX_ACTIVITIES
from piri.program.services.activities import clean_activity_names, slot_id
from piri.program.services.measures import NPRS_ID, WEEKLY_PAIN, ThisWeek

CHANGE_CHOICES = [
    ("better", _("Better")),
    ("same", _("About the same")),
    ("worse", _("Worse")),
]
ZERO_TO_TEN = [(str(n), str(n)) for n in range(11)]
GRC_FIELD = "grc_rating"


def _radio(label: Any, choices: list[tuple[str, Any]], *, required: bool, message: Any) -> Any:
    return forms.TypedChoiceField(
        label=label,
        choices=choices,
        coerce=int,
        empty_value=None,
        required=required,
        widget=forms.RadioSelect,
        error_messages={"required": message, "invalid_choice": message},
    )


class WeeklyForm(forms.Form):
    week = forms.DateField(required=False, widget=forms.HiddenInput)
    change = forms.ChoiceField(
        label=_("Compared with last week, are your buttock and leg symptoms…"),
        choices=CHANGE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose better, about the same or worse."),
            "invalid_choice": _("Choose better, about the same or worse."),
        },
    )

    def __init__(self, *args: Any, week: ThisWeek, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.offered = {o.instrument.id: o for o in week.offered}
        nprs = self.offered[NPRS_ID].instrument
        pain_message = _("Choose a number from 0 to 10.")
        for pain in WEEKLY_PAIN:
            self.fields[pain] = _radio(
                nprs.texts[pain], ZERO_TO_TEN, required=True, message=pain_message
            )
        self.activity_fields: list[str] = []
        if PSFS_ID in self.offered:
            for activity in week.activities:
                name = slot_id(activity.slot)
                message = _("Rate “%(name)s” from 0 to 10.") % {"name": activity.name}
                self.fields[name] = _radio(
                    activity.name, ZERO_TO_TEN, required=True, message=message
                )
                self.activity_fields.append(name)
        rmdq = self.offered.get(RMDQ_ID)
        if rmdq is not None and rmdq.text is not None:
            self.fields[RMDQ_ID] = forms.MultipleChoiceField(
                label=rmdq.text.instructions,
                choices=[(i, rmdq.text.items[i].text) for i in rmdq.instrument.item_ids],
                required=False,
                widget=forms.CheckboxSelectMultiple,
                error_messages={"invalid_choice": _("Tick only statements from the list.")},
            )
        grc = self.offered[GRC_ID].instrument
        self.fields[GRC_FIELD] = _radio(
            grc.texts["question"],
            [(str(r.rank), grc.texts[r.value]) for r in reversed(GlobalRating)],
            required=True,
            message=_("Choose one of the seven answers."),
        )
        self.plugin_fields: dict[str, list[str]] = {}
        for instrument_id, offered in self.offered.items():
            if offered.instrument.builtin or offered.text is None:
                continue
            names = []
            for item in offered.instrument.items:
                words = offered.text.items[item.id]
                choices = [(str(v), words.labels[v]) for v in range(item.low, item.high + 1)]
                self.fields[item.id] = _radio(
                    words.text, choices, required=False, message=_("Choose one of the answers.")
                )
                names.append(item.id)
            self.plugin_fields[instrument_id] = names

    def answers(self) -> dict[str, dict[str, int | None]]:
        """instrument id -> item id -> answer, for ``record_week``."""
        data = self.cleaned_data
        found: dict[str, dict[str, int | None]] = {
            NPRS_ID: {item: data[item] for item in WEEKLY_PAIN},
            GRC_ID: {"rating": data[GRC_FIELD]},
        }
        if self.activity_fields:
            found[PSFS_ID] = {name: data[name] for name in self.activity_fields}
        if RMDQ_ID in self.fields:
            ticked = set(data[RMDQ_ID])
            items = self.offered[RMDQ_ID].instrument.item_ids
            found[RMDQ_ID] = {i: int(i in ticked) for i in items}
        for instrument_id, names in self.plugin_fields.items():
            found[instrument_id] = {name: data[name] for name in names}
        return found

    def field_for(self, error: FieldError) -> str | None:
        """The form field a service error is about (``None``: the form as a whole)."""
        parts = error.field.split(".")
        if parts[0] == "change":
            return "change"
        if parts[0] == GRC_ID:
            return GRC_FIELD
        if parts[0] == RMDQ_ID and RMDQ_ID in self.fields:
            return RMDQ_ID
        return parts[-1] if parts[-1] in self.fields else None


def initial_for(week: ThisWeek) -> dict[str, Any]:
    """This week's earlier answers, to change them."""
    initial: dict[str, Any] = {"week": week.start}
    if week.check is not None:
        initial["change"] = week.check.change
    rows = week.responses
    if NPRS_ID in rows:
        initial.update({k: rows[NPRS_ID].answers.get(k) for k in WEEKLY_PAIN})
    if PSFS_ID in rows:
        row = rows[PSFS_ID]
        for activity in week.activities:
            slot = slot_id(activity.slot)
            if row.labels.get(slot) == activity.name:  # the same activity, not a renamed one
                initial[slot] = row.answers.get(slot)
    if RMDQ_ID in rows:
        initial[RMDQ_ID] = [k for k, v in rows[RMDQ_ID].answers.items() if v == 1]
    if GRC_ID in rows:
        initial[GRC_FIELD] = rows[GRC_ID].answers.get("rating")
    for offered in week.offered:
        if not offered.instrument.builtin and offered.instrument.id in rows:
            initial.update(rows[offered.instrument.id].answers)
    return initial


class ActivitiesForm(forms.Form):
    """Up to five activities in slots; ``optional`` (onboarding) also accepts none at all."""

    def __init__(self, *args: Any, optional: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.optional = optional
        self.names: list[str] = []
        for slot in range(1, MAX_ACTIVITIES + 1):
            self.fields[slot_id(slot)] = forms.CharField(
                label=_("Activity %(n)d") % {"n": slot},
                required=False,
                strip=True,
                widget=forms.TextInput(
                    attrs={"maxlength": ACTIVITY_NAME_MAX, "autocomplete": "off"}
                ),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        given = [data.get(slot_id(slot)) or "" for slot in range(1, MAX_ACTIVITIES + 1)]
        if self.optional and not any(name.strip() for name in given):
            return data
        try:
            self.names = clean_activity_names(given)
        except FieldError as error:
            parts = error.field.split(".")
            field = slot_id(int(parts[1]) + 1) if len(parts) == 2 else None
            message: Any = error.message
            if field is None and self.optional:
                message = _(
                    "Name at least three activities, or leave every box empty to add them later."
                )
            self.add_error(field, message)
        return data
