"""People and clinics: users, patient profiles (with their time zone), clinics, who works in
which clinic, which patients belong to which clinic, and single-use invites."""

from piri.accounts.models.clinics import CareLink, Clinic, Invite, StaffMembership
from piri.accounts.models.people import (
    Patient,
    User,
    _default_time_zone,  # noqa: F401 (named by migration 0001)
)

__all__ = ["CareLink", "Clinic", "Invite", "Patient", "StaffMembership", "User"]
