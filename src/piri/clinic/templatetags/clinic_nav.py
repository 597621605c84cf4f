"""The clinic's parts of pages the program app draws (templates may reach up the app order;
Python code may not):

- ``{% clinic_staff_nav user as staff_nav %}``: whether the page header shows the clinician's
  links (the triage dashboard, requests) instead of the patient's. Staff who are also patients
  keep the patient's links (their own program); the dashboard stays one click away at
  ``/clinic/``.
- ``{% clinic_replies patient %}``: the home page's card of clinic replies not yet read.
"""

from __future__ import annotations

from typing import Any

from django import template

from piri.accounts.access import is_staff_of_a_clinic
from piri.accounts.models import Patient
from piri.clinic.services.requests import unread_replies

register = template.Library()


@register.simple_tag
def clinic_staff_nav(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if getattr(user, "patient", None) is not None:  # cached on the user once looked up
        return False
    return is_staff_of_a_clinic(user)


@register.inclusion_tag("piri/clinic/replies_card.html")
def clinic_replies(patient: Patient) -> dict[str, Any]:
    """The five newest requests with a clinic reply ``patient`` has not opened yet."""
    return {"replies": list(unread_replies(patient)[:5])}
