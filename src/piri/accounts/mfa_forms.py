"""Piri's words on allauth.mfa's code forms, and a pause after wrong codes.

allauth counts wrong two-factor codes with its ``login_failed`` rate limit, which Piri turns
off (django-axes pauses wrong passwords, ``docs/decisions/0014-accounts-library.md``). So the
code step keeps its own count: after ``WRONG_CODES`` wrong codes for one account, no code is
accepted for ``PAUSE_SECONDS`` (counted in the cache, like allauth's own limits), so the six
digits cannot be guessed one by one once the password is known.
"""

from __future__ import annotations

from typing import Any

from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.forms import ActivateTOTPForm
from django import forms
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

WRONG_CODES = 5
PAUSE_SECONDS = 15 * 60

CODE_ATTRS = {"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}


def _key(user: Any) -> str:
    return f"piri-mfa-wrong-codes-{user.pk}"


class _PausedAfterWrongCodes(forms.Form):
    user: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["code"]
        field.label = _("Code from your authenticator app, or a recovery code")
        field.widget.attrs = dict(CODE_ATTRS)

    def clean_code(self) -> str:
        key = _key(self.user)
        if cache.get(key, 0) >= WRONG_CODES:
            raise forms.ValidationError(
                _("Too many wrong codes. Wait 15 minutes, then try again."), code="paused"
            )
        try:
            code = str(super().clean_code())  # type: ignore[misc]
        except forms.ValidationError:
            if not cache.add(key, 1, PAUSE_SECONDS):
                cache.incr(key)
            raise
        cache.delete(key)
        return code


class PiriAuthenticateForm(_PausedAfterWrongCodes, AuthenticateForm):
    """The second step's code form; it also tells the page which second steps the person has
    (an authenticator app, passkeys), so the page offers only those."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.has_totp:  # a passkey only: the field takes a recovery code
            self.fields["code"].label = _("Recovery code")

    def _has(self, kind: str) -> bool:
        return Authenticator.objects.filter(user_id=self.user.pk, type=kind).exists()

    @property
    def has_totp(self) -> bool:
        return self._has(Authenticator.Type.TOTP)

    @property
    def has_passkey(self) -> bool:
        return self._has(Authenticator.Type.WEBAUTHN)


class PiriReauthenticateForm(_PausedAfterWrongCodes, ReauthenticateForm):
    pass


class PiriActivateTOTPForm(ActivateTOTPForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["code"]
        field.label = _("The 6-digit code the app shows")
        field.widget.attrs = dict(CODE_ATTRS)
