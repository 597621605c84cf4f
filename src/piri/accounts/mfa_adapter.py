"""Piri's side of allauth.mfa's passkeys (WebAuthn): the relying party and a passkey's name.

A passkey belongs to one relying party, named by a domain (its "RP ID"): the browser offers it
only on that domain and its subdomains. allauth takes the host the page was asked under;
``PIRI_WEBAUTHN_RP_ID`` fixes it when a site answers under several names. The relying party's
name (shown by some password managers) is "Piri". A new passkey is offered the name "Passkey"
("Passkey 2", … after the first), which the person may change as they add it.
"""

from __future__ import annotations

from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.utils.translation import gettext


class PiriMFAAdapter(DefaultMFAAdapter):
    def get_public_key_credential_rp_entity(self) -> dict[str, str]:
        rp_id = settings.PIRI_WEBAUTHN_RP_ID or context.request.get_host().partition(":")[0]
        return {"id": rp_id, "name": "Piri"}

    def generate_authenticator_name(self, user: AbstractBaseUser, type: Authenticator.Type) -> str:
        if type != Authenticator.Type.WEBAUTHN:
            return super().generate_authenticator_name(user, type)
        n = Authenticator.objects.filter(user_id=user.pk, type=type).count()
        if n == 0:
            return gettext("Passkey")
        return gettext("Passkey {number}").format(number=n + 1)
