"""Signing up and in, through django-allauth (onboarding, which sets up the program, is
``piri.program.onboarding_views``). The pages are allauth's views with Piri's templates
(``templates/account/``) and forms (``piri.accounts.forms``)."""

from __future__ import annotations

from typing import Any

from allauth.account import views as allauth_views
from django.http import HttpResponse


class SignupView(allauth_views.SignupView):
    """A sign-up that did not go through answers 400 with the form and what to change."""

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        response.status_code = 400
        return response


signup = SignupView.as_view()
login = allauth_views.login
logout = allauth_views.logout
