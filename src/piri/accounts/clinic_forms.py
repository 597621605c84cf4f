"""The invite-code form on the patient's clinic pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class JoinCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Invite code"),
        max_length=40,
        help_text=_("The 10 letters and digits your clinic gave you. Spaces and dashes are fine."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
        error_messages={"required": _("Type the invite code your clinic gave you.")},
    )
