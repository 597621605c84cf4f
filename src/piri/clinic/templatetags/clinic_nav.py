"""``{% clinic_staff_nav user as staff_nav %}``: whether the page header shows the clinician's
links (the triage dashboard, requests) instead of the patient's.

Staff who are also patients keep the patient's links (their own program); the dashboard
stays one click away at ``/clinic/``.
"""

from __future__ import annotations

from typing import Any

from django import template

from piri.program.access import is_staff_of_a_clinic

register = template.Library()


@register.simple_tag
def clinic_staff_nav(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if getattr(user, "patient", None) is not None:  # cached on the user once looked up
        return False
    return is_staff_of_a_clinic(user)
