"""The forms of the specialist pages. They only gather what was typed: the checks (and their
messages) are the service's (``services.requests``), so the web pages and the API refuse the
same things in the same words."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from piri.accounts.models import Clinic
from piri.clinic.models import SpecialistRequest
from piri.clinic.models.requests import MESSAGE_MAX_CHARS

MESSAGE_ROWS = 7


def _message_field(label: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,  # the service says what is wrong, naming the field
        strip=False,
        widget=forms.Textarea(
            attrs={
                "rows": MESSAGE_ROWS,
                "maxlength": MESSAGE_MAX_CHARS,
                "aria-describedby": "id_message_help",
            }
        ),
    )


class NewRequestForm(forms.Form):
    # plain text fields shown as choices: an answer outside them reaches the service, whose
    # message names the choices
    topic = forms.CharField(
        label=_("What is it about?"),
        required=False,
        widget=forms.RadioSelect(choices=SpecialistRequest.Topic.choices),
    )
    clinic = forms.CharField(label=_("Which clinic?"), required=False, widget=forms.Select)
    message = _message_field(_("Your message"))

    def __init__(self, *args: Any, clinics: list[Clinic], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if len(clinics) < 2:
            del self.fields["clinic"]
        else:
            self.fields["clinic"].widget.choices = [("", _("Choose a clinic"))] + [
                (str(c.pk), c.name) for c in clinics
            ]


class ReplyForm(forms.Form):
    message = _message_field(_("Your reply"))


def describe_errors(form: forms.Form) -> forms.Form:
    """Point each field with an error at its message (``aria-describedby``, ``aria-invalid``),
    for screen readers; the templates give the message the id ``<field id>_error``."""
    for name in form.errors:
        if name not in form.fields:
            continue
        attrs = form.fields[name].widget.attrs
        field_id = form[name].auto_id
        described = [attrs.get("aria-describedby", ""), f"{field_id}_error"]
        attrs["aria-describedby"] = " ".join(d for d in described if d)
        attrs["aria-invalid"] = "true"
    return form
