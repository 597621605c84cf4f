"""Sign-up and onboarding forms (every label and message translatable)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from piri.accounts.models import User
from piri.accounts.timezones import available_time_zones


class SignUpForm(UserCreationForm):
    first_name = forms.CharField(
        label=_("What should we call you?"), max_length=150, required=False
    )

    class Meta:
        model = User
        fields = ("username", "first_name")
        labels = {"username": _("Username")}
        help_texts = {
            "username": _("Letters, digits and @ . + - _ only. Capitals do not make it different.")
        }

    def clean_username(self) -> str:
        """A username is one person whatever its case: "FPAT" is taken when "fpat" is."""
        username = str(self.cleaned_data.get("username") or "")
        if username and User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(
                _(
                    "“%(name)s” is taken: usernames are the same whatever their capitals. "
                    "Choose another one."
                ),
                code="unique",
                params={"name": username},
            )
        return username


TOOL_CHOICES = [
    ("foam_roller", _("Foam roller")),
    ("tennis_ball", _("Tennis ball")),
    ("massage_gun", _("Massage gun")),
]


class OnboardingForm(forms.Form):
    baseline_pain = forms.IntegerField(
        label=_("How bad is the pain on a usual day? (0 = none, 10 = the worst you can imagine)"),
        min_value=0,
        max_value=10,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    sides = forms.ChoiceField(
        label=_("Which side hurts?"),
        choices=[("left", _("Left")), ("right", _("Right")), ("both", _("Both sides"))],
        widget=forms.RadioSelect,
    )
    floor_ok = forms.TypedChoiceField(
        label=_("Can you get down on the floor and back up?"),
        choices=[("yes", _("Yes, the floor is fine")), ("no", _("No, I will stay on a chair"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    tools = forms.MultipleChoiceField(
        label=_("What do you have for massage? (Your fingers always work.)"),
        choices=TOOL_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    weekly_target = forms.IntegerField(
        label=_("How many sessions a week will you aim for?"),
        min_value=1,
        max_value=14,
        initial=4,
        help_text=_("Several times a week works best. 4 is a good start."),
    )
    time_zone = forms.ChoiceField(
        label=_("Your time zone"),
        help_text=_("So that “today” and “next morning” are your own."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        zones = available_time_zones()
        field = self.fields["time_zone"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(z, z.replace("_", " ")) for z in (*zones, "UTC")]
