"""The clinic's background jobs: its emails and the nightly triage rebuild.

The emails are queued after the request, reply or flag is stored (``subscriptions`` and
``services.requests``) and sent by a worker, tried again with a growing pause while the mail
server is down or refuses, for about an hour (``EMAIL_RETRY``), then marked failed in the
admin. The triage rebuild runs daily at ``PIRI_TRIAGE_AT`` (``ClinicConfig.ready``). Each
reads the clock itself: the edge of a job is where it runs.
"""

from __future__ import annotations

from django.utils import timezone

from piri.clinic.models import RequestMessage, SpecialistRequest
from piri.clinic.services.notify import notify_flag, notify_request
from piri.clinic.services.triage_rows import refresh_all
from piri.jobs.policy import Retry, job
from piri.program.models import Screening

# 30 s, 1, 2, 4, 8, 16 and 32 minutes apart: eight tries over about an hour.
EMAIL_RETRY = Retry(attempts=8, first_delay_s=30, max_delay_s=3600)


@job(retry=EMAIL_RETRY)
def email_request(request_id: int, message_id: int | None = None) -> int:
    """Email the clinic about a new request or a patient's reply; how many were sent."""
    req = SpecialistRequest.objects.select_related("patient__user", "clinic").get(pk=request_id)
    message = RequestMessage.objects.get(pk=message_id) if message_id is not None else None
    return notify_request(req, message=message)


@job(retry=EMAIL_RETRY)
def email_flag(screening_id: int) -> int:
    """Email the patient's clinics about a red flag (E, U or D); how many were sent."""
    screening = Screening.objects.select_related("patient__user").get(pk=screening_id)
    return notify_flag(screening.patient, screening)


@job(retry=Retry(attempts=3, first_delay_s=300))
def rebuild_triage() -> int:
    """Rebuild every patient's triage row, as of now; how many rows."""
    return refresh_all(now=timezone.now())
