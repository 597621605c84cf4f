"""Telling a clinic by email that something waits for it: a new specialist request (or a
patient's reply to one), or a red flag (tiers E, U and D).

An email says who, what kind of thing, how urgent, and links to the page; it never carries
health details (no pain figures, no answers, no message text): email is not a safe place for
them, and the page behind the link checks who is reading. Each clinic is written to at its
``notify_email``, or, when that is empty, at the email of each of its current staff.

Sending never gets in the way of the thing it reports: it runs in a background job
(``piri.clinic.jobs``) queued once the request or flag is stored. A mail server that is down or
refuses is logged and the error raised, so that the job is tried again later.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.urls import reverse
from django.utils.translation import gettext as _

from piri.accounts.models import Clinic, Patient, StaffMembership
from piri.clinic.models import RequestMessage, SpecialistRequest
from piri.domain.policy import Tier
from piri.program.models import Screening

log = logging.getLogger(__name__)

FLAG_TIERS = frozenset({Tier.E, Tier.U, Tier.D})


def recipients(clinic: Clinic) -> list[str]:
    """Where word for ``clinic`` goes: its notify address, else its current staff's."""
    if clinic.notify_email:
        return [clinic.notify_email]
    emails = (
        StaffMembership.objects.filter(clinic=clinic, ended_at__isnull=True, user__is_active=True)
        .exclude(user__email="")
        .order_by("user__email")
        .values_list("user__email", flat=True)
    )
    return list(dict.fromkeys(emails))


def site_link(name: str, *args: object) -> str:
    """An absolute link (``PIRI_SITE_URL``) to the route ``name``."""
    return f"{settings.PIRI_SITE_URL}{reverse(name, args=args)}"


def _send(messages: list[EmailMessage], *, what: str) -> int:
    """Send over one connection; a failure is logged and raised (the job tries again)."""
    if not messages:
        return 0
    try:
        with get_connection(fail_silently=False) as connection:
            return int(connection.send_messages(messages) or 0)
    except Exception as error:
        log.warning("Could not email the clinic about %s (%s); it will be tried again", what, error)
        raise


def _emails(clinics: Iterable[Clinic], subject: str, body: str) -> list[EmailMessage]:
    """One email per recipient, so no one sees who else was written to."""
    return [
        EmailMessage(subject=subject, body=body, to=[address])
        for clinic in clinics
        for address in recipients(clinic)
    ]


def notify_request(request_obj: SpecialistRequest, *, message: RequestMessage | None) -> int:
    """Email the request's clinic that a request (``message`` its first message or a
    patient's reply) waits for it. Returns how many emails were sent."""
    patient = request_obj.patient
    first = message is None or not request_obj.messages.filter(id__lt=message.id).exists()
    who = str(patient)
    if request_obj.urgent:
        subject = _("Piri: urgent request from %(who)s") % {"who": who}
    elif first:
        subject = _("Piri: new request from %(who)s") % {"who": who}
    else:
        subject = _("Piri: %(who)s replied to a request") % {"who": who}
    lines = [
        (
            _("%(who)s has sent your clinic a new request in Piri.")
            if first
            else _("%(who)s has replied to a request to your clinic in Piri.")
        )
        % {"who": who},
        "",
        _("It is marked URGENT: a red flag was open when it was sent.")
        if request_obj.urgent
        else _("It is not marked urgent."),
        "",
        _("Read it and answer here (you will be asked to sign in):"),
        site_link("clinic-request", request_obj.pk),
        "",
        _("This email leaves out every health detail on purpose; they are on the page."),
    ]
    messages = _emails([request_obj.clinic], subject, "\n".join(lines))
    return _send(messages, what=f"request {request_obj.pk}")


def _urgency(tier: Tier) -> str:
    if tier is Tier.E:
        return _("emergency: the patient was told to get emergency care now")
    if tier is Tier.U:
        return _("urgent: the patient was told to get care today")
    return _("the patient was told to see a doctor or physio within days")


def notify_flag(patient: Patient, screening: Screening) -> int:
    """Email every clinic ``patient`` belongs to that a red flag (E, U or D) was raised.
    Anything else sends nothing. Returns how many emails were sent."""
    tier = Tier(screening.tier)
    if tier not in FLAG_TIERS:
        return 0
    clinics = list(
        Clinic.objects.filter(care_links__patient=patient, care_links__left_at__isnull=True)
    )
    who = str(patient)
    subject = _("Piri: red flag (%(tier)s) for %(who)s") % {"tier": tier.value, "who": who}
    lines = [
        _("A red flag of tier %(tier)s was raised for %(who)s in Piri.")
        % {"tier": tier.value, "who": who},
        "",
        _("How urgent: %(urgency)s.") % {"urgency": _urgency(tier)},
        "",
        _("See the patient's page (you will be asked to sign in):"),
        site_link("clinic-patient", patient.pk),
        "",
        _("This email leaves out every health detail on purpose; they are on the page."),
    ]
    messages = _emails(clinics, subject, "\n".join(lines))
    return _send(messages, what=f"a tier {tier.value} flag for patient {patient.pk}")
