"""The form that deletes a patient's account: their current password and a typed word."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from piri.accounts.leaving import CONFIRM_WORD
from piri.accounts.models import User


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Type your current password.")},
    )
    confirm = forms.CharField(
        label=_("Type DELETE to confirm"),
        max_length=20,
        help_text=_("In capital letters. This cannot be undone."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
        error_messages={"required": _("Type DELETE in the box to confirm.")},
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your current password."))
        return password

    def clean_confirm(self) -> str:
        word: str = self.cleaned_data["confirm"].strip()
        if word != CONFIRM_WORD:
            raise forms.ValidationError(
                _("Type DELETE (in capital letters) to confirm; you typed something else.")
            )
        return word

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if self.user.memberships.filter(ended_at__isnull=True).exists():
            raise forms.ValidationError(
                _(
                    "You also work in a clinic. Ask its admin to end your staff membership "
                    "first; then you can delete your account."
                )
            )
        return cleaned
