"""What a POST to a request's thread does, on either side: close it, or add a reply.

The patient's page and the clinician's page differ only in who writes, which page to come
back to and the words of their messages; both call ``answer_thread``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from piri.accounts.models import User
from piri.clinic.models import SpecialistRequest
from piri.clinic.request_forms import ReplyForm
from piri.clinic.services import requests as service


@dataclass(frozen=True, slots=True)
class ThreadPost:
    response: HttpResponse | None  # where to go when the post did its work
    form: ReplyForm  # otherwise: the form with what was typed and what is wrong (a 400)


def answer_thread(
    request: HttpRequest,
    req: SpecialistRequest,
    *,
    author: User,
    from_clinic: bool,
    page: str,
    sent: str,
    misuse: str,
) -> ThreadPost:
    """Add ``author``'s reply to ``req``, or close it, as the posted ``action`` says; a reply
    typed before pressing Close is sent first (or, when it is not valid, nothing happens and
    the form says why), so words typed are never thrown away.

    ``page`` is the URL name to come back to; ``sent`` the message after a reply;
    ``misuse`` the error when the post names neither action."""
    action = request.POST.get("action", "reply")
    form = ReplyForm(request.POST)
    if action not in ("reply", "close"):
        form.add_error(None, misuse)
        return ThreadPost(None, form)
    typed = str(request.POST.get("message", "")).strip()
    now = timezone.now()
    if action == "reply" or typed:  # closing with words typed sends them first
        if not form.is_valid():
            return ThreadPost(None, form)
        try:
            service.reply(
                req,
                author=author,
                message=form.cleaned_data["message"],
                from_clinic=from_clinic,
                now=now,
            )
        except service.RequestError as error:
            form.add_error("message", error.message)
            return ThreadPost(None, form)
    if action == "close":
        service.close(req, now=now)
        done = _("Your reply is sent and the request is closed.") if typed else None
        messages.success(request, done or _("The request is closed."))
    else:
        messages.success(request, sent)
    return ThreadPost(redirect(page, request_id=req.pk), form)
