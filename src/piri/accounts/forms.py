"""Sign-in, sign-up and onboarding forms (every label and message translatable).

``PiriLoginForm`` and ``PiriSignupForm`` are django-allauth's (``ACCOUNT_FORMS``);
``SignUpForm`` is the short one the invite link uses to make an account with a code."""

from __future__ import annotations

from typing import Any

from allauth.account.forms import (
    AddEmailForm,
    ChangePasswordForm,
    LoginForm,
    ResetPasswordForm,
    ResetPasswordKeyForm,
    SignupForm,
)
from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from piri.accounts.invites import join_clinic, open_clinics
from piri.accounts.models import Clinic, Patient, User
from piri.accounts.timezones import available_time_zones

USERNAME_HELP = _("Letters, digits and @ . + - _ only. Capitals do not make it different.")


def _taken(username: str) -> forms.ValidationError:
    return forms.ValidationError(
        _(
            "“%(name)s” is taken: usernames are the same whatever their capitals. "
            "Choose another one."
        ),
        code="unique",
        params={"name": username},
    )


class PiriLoginForm(LoginForm):
    """allauth's sign-in form: one box for the username or the email address. A post that
    names the box ``username`` (Django's own sign-in form did) is read the same way."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        data = kwargs.get("data")
        if data is not None and "login" not in data and "username" in data:
            data = data.copy()
            data["login"] = data["username"]
            kwargs["data"] = data
        super().__init__(*args, **kwargs)
        login = self.fields["login"]
        login.label = _("Username or email")
        login.widget.attrs = {"autocomplete": "username", "autocapitalize": "none"}
        password = self.fields["password"]
        password.label = _("Password")
        password.help_text = ""
        password.widget.attrs = {"autocomplete": "current-password"}


def _words(form: forms.Form, labels: dict[str, Any]) -> None:
    """Our labels on allauth's fields, without its placeholders (the label says it)."""
    for name, label in labels.items():
        if name in form.fields:
            form.fields[name].label = label
            form.fields[name].help_text = ""
            form.fields[name].widget.attrs.pop("placeholder", None)


class PiriResetPasswordForm(ResetPasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _words(self, {"email": _("Your email address")})


class PiriResetPasswordKeyForm(ResetPasswordKeyForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _words(self, {"password1": _("New password"), "password2": _("New password again")})


class PiriChangePasswordForm(ChangePasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _words(
            self,
            {
                "oldpassword": _("The password you use now"),
                "password1": _("New password"),
                "password2": _("New password again"),
            },
        )


class PiriAddEmailForm(AddEmailForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _words(self, {"email": _("New email address")})


class PiriSignupForm(SignupForm):
    """allauth's sign-up form with Piri's words. Saving it also makes the patient (then
    onboarding) and, when the install has clinics that take people who sign up on their own,
    joins the one they chose (or the only one), in one transaction."""

    first_name = forms.CharField(
        label=_("What should we call you?"), max_length=150, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Username")
        self.fields["username"].help_text = USERNAME_HELP
        self.fields["username"].widget.attrs = {
            "autocomplete": "username",
            "autocapitalize": "none",
        }
        self.fields["email"].label = _("Email address (optional)")
        self.fields["email"].help_text = _(
            "Only to reset a forgotten password and to confirm it is yours. "
            "Piri sends nothing else."
        )
        self.fields["email"].widget.attrs = {"autocomplete": "email"}
        self.fields["password1"].label = _("Password")
        self.fields["password1"].widget.attrs = {"autocomplete": "new-password"}
        self.fields["password2"].label = _("Password again")
        self.fields["password2"].widget.attrs = {"autocomplete": "new-password"}
        self.clinics = open_clinics()
        if len(self.clinics) > 1:
            self.fields["clinic"] = forms.ModelChoiceField(
                label=_("Which clinic would you like to be with?"),
                help_text=_(
                    "Its clinicians can then see your record and answer your questions. "
                    "You can leave it later."
                ),
                queryset=Clinic.objects.filter(pk__in=[c.pk for c in self.clinics]),
                widget=forms.RadioSelect,
                empty_label=None,
            )
        order = ["username", "first_name", "email", "password1", "password2", "clinic"]
        self.order_fields(order)

    def clean_username(self) -> str:
        """A username is one person whatever its case: "FPAT" is taken when "fpat" is."""
        username = str(self.cleaned_data.get("username") or "")
        if username and User.objects.filter(username__iexact=username).exists():
            raise _taken(username)
        return str(super().clean_username())

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean()
        first, second = cleaned.get("password1"), self.data.get("password2")
        if first and second is not None and first != second and "password2" in self.errors:
            self.errors["password2"] = self.error_class(
                [_("The two passwords are not the same. Type the same one in both boxes.")]
            )
        return cleaned

    def chosen_clinic(self) -> Clinic | None:
        chosen = self.cleaned_data.get("clinic")
        if isinstance(chosen, Clinic):
            return chosen
        return self.clinics[0] if len(self.clinics) == 1 else None

    def save(self, request: HttpRequest) -> User:
        with transaction.atomic():
            user = super().save(request)
            patient = Patient.objects.create(user=user)
            clinic = self.chosen_clinic()
            if clinic is not None:
                join_clinic(patient, clinic, now=timezone.now())
        assert isinstance(user, User)
        return user


class SignUpForm(UserCreationForm):
    first_name = forms.CharField(
        label=_("What should we call you?"), max_length=150, required=False
    )

    class Meta:
        model = User
        fields = ("username", "first_name")
        labels = {"username": _("Username")}
        help_texts = {"username": USERNAME_HELP}

    def clean_username(self) -> str:
        """A username is one person whatever its case: "FPAT" is taken when "fpat" is."""
        username = str(self.cleaned_data.get("username") or "")
        if username and User.objects.filter(username__iexact=username).exists():
            raise _taken(username)
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
