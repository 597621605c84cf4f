"""People and clinics: users, patient profiles (with their time zone), clinics, who works in
which clinic, which patients belong to which clinic, single-use invites, and the audit log."""

from piri.accounts.models.audit import AuditEvent
from piri.accounts.models.clinics import CareLink, Clinic, Invite, StaffMembership
from piri.accounts.models.people import (
    Patient,
    User,
    _default_time_zone,  # noqa: F401 (named by migration 0001)
)

__all__ = ["AuditEvent", "CareLink", "Clinic", "Invite", "Patient", "StaffMembership", "User"]
