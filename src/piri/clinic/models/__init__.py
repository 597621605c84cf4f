"""The clinic app's tables: specialist requests and their messages, and one triage row per
patient that the dashboard reads (kept up to date by ``piri.clinic.services.triage_rows``)."""

from piri.clinic.models.requests import RequestMessage, SpecialistRequest
from piri.clinic.models.status import TriageRow

__all__ = ["RequestMessage", "SpecialistRequest", "TriageRow"]
