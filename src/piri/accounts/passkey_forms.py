"""Piri's side of allauth.mfa's passkey forms: a broken credential is a form error, never a 500,
and a refused passkey is told in Piri's words.

allauth hands the browser's JSON to ``fido2``, catching only ``TypeError``: a credential
missing a field (``rawId``…) raised ``KeyError`` from deep inside, a server error. Here any
failure to read or check the credential becomes the form's error, which allauth's views show
(the add page shown again, the sign-in page with a message).
"""

from __future__ import annotations

from typing import Any

from allauth.mfa.webauthn.forms import (
    AddWebAuthnForm,
    AuthenticateWebAuthnForm,
    LoginWebAuthnForm,
    ReauthenticateWebAuthnForm,
)
from django import forms
from django.utils.translation import gettext_lazy as _

# what fido2 raises on a credential it cannot read (a missing field, a wrong type or length)
BROKEN = (KeyError, ValueError, TypeError, AttributeError, IndexError)

REFUSED = _(
    "That passkey did not work: it may have been removed from your account. Try again, or "
    "sign in another way."
)
NOT_ADDED = _("The passkey could not be added. Try again.")


def _refused(error: Exception, words: Any) -> forms.ValidationError:
    """Piri's words for a credential fido2 could not read or allauth refused ("incorrect
    code"); any other error of allauth's (too many tries) is kept as it is."""
    if isinstance(error, forms.ValidationError) and error.code != "incorrect_code":
        return error
    return forms.ValidationError(words, code="passkey")


class _ChecksTheCredential(forms.Form):
    def clean_credential(self) -> Any:
        try:
            return super().clean_credential()  # type: ignore[misc]
        except (forms.ValidationError, *BROKEN) as error:
            raise _refused(error, REFUSED) from error


class PiriAuthenticateWebAuthnForm(_ChecksTheCredential, AuthenticateWebAuthnForm):
    pass


class PiriLoginWebAuthnForm(_ChecksTheCredential, LoginWebAuthnForm):
    pass


class PiriReauthenticateWebAuthnForm(_ChecksTheCredential, ReauthenticateWebAuthnForm):
    pass


class PiriAddWebAuthnForm(AddWebAuthnForm):
    def clean(self) -> dict[str, Any]:
        try:
            return super().clean()
        except (forms.ValidationError, *BROKEN) as error:
            raise _refused(error, NOT_ADDED) from error
