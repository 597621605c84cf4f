"""django-allauth in Piri's words (``ACCOUNT_ADAPTER``).

allauth does sign-up, sign-in (username or email), email addresses, password reset and
change; this adapter gives its messages our words and sends new people on to onboarding.
Creating the patient and joining the home clinic happen in ``forms.PiriSignupForm.save``.
"""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class PiriAccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "username_password_mismatch": _(
            "That username or email and password do not match an account. Check both and try again."
        ),
        "email_password_mismatch": _(
            "That username or email and password do not match an account. Check both and try again."
        ),
        "invalid_login": _("Type your username or email address."),
        "email_taken": _("Another account already uses this email address."),
        "duplicate_email": _("This email address is already on your account."),
        "enter_current_password": _("Type the password you use now."),
        "incorrect_password": _("That is not your current password."),
        "invalid_or_expired_key": _(
            "This link has expired or has been used already. Ask for a new one."
        ),
        "invalid_password_reset": _(
            "This link has expired or has been used already. Ask for a new one."
        ),
        "rate_limited": _("Too many tries in a short time. Wait a minute and try again."),
        "same_as_current": _("That is the one you have now. Type a different one."),
    }

    def get_signup_redirect_url(self, request: HttpRequest) -> str:
        """A new account goes on to onboarding, which sets up the program."""
        return reverse("onboarding")

    def format_email_subject(self, subject: str) -> str:
        return f"Piri: {subject}"
