"""The admin for invites: make one (role, how many days, who it is for) and see the code and
link once; list them with their status; withdraw open ones. The stored hash is never shown
and nothing about an invite is edited."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from piri.accounts.admin_site import ClinicFilter, ClinicScoped
from piri.accounts.invites import DEFAULT_DAYS, MAX_DAYS, create_invite
from piri.accounts.models import Invite
from piri.accounts.models.clinics import Role


class InviteForm(forms.ModelForm):
    days = forms.IntegerField(
        label=_("Days it can be used"),
        min_value=1,
        max_value=MAX_DAYS,
        initial=DEFAULT_DAYS,
        help_text=_("From 1 to %(max)d days.") % {"max": MAX_DAYS},
    )

    class Meta:
        model = Invite
        fields = ("clinic", "role", "note")


def status(invite: Invite, now: Any = None) -> str:
    if invite.used_at is not None:
        return gettext("used")
    return gettext("expired") if invite.expires_at <= (now or timezone.now()) else gettext("open")


class StatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("open", _("open")), ("used", _("used")), ("expired", _("expired"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        now = timezone.now()
        if self.value() == "open":
            return queryset.filter(used_at__isnull=True, expires_at__gt=now)
        if self.value() == "used":
            return queryset.filter(used_at__isnull=False)
        if self.value() == "expired":
            return queryset.filter(used_at__isnull=True, expires_at__lte=now)
        return queryset


@admin.register(Invite)
class InviteAdmin(ClinicScoped):
    form = InviteForm
    list_display = (
        "note", "role", "clinic", "invite_status", "created_by", "created_at", "expires_at",
        "used_by", "used_at",
    )  # fmt: skip
    list_filter = ("role", ("clinic", ClinicFilter), StatusFilter)
    search_fields = ("note",)
    shown: tuple[str, ...] = ("clinic", "role", "note", "created_by", "created_at")
    shown += ("expires_at", "used_by", "used_at")
    actions = ("withdraw",)

    @admin.display(description=_("status"))
    def invite_status(self, invite: Invite) -> str:
        return status(invite)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ("clinic", "role", "days", "note") if obj is None else self.shown

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return () if obj is None else self.shown

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        mine = list(self.my_clinics(request)[:2])
        initial: dict[str, Any] = {"role": Role.PATIENT}
        if len(mine) == 1:
            initial["clinic"] = mine[0].pk
        return initial

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change, **kwargs)
        clinic = form.base_fields.get("clinic")
        if clinic is not None:  # no "edit the clinic" shortcuts beside the choice
            for flag in ("can_add_related", "can_change_related", "can_view_related"):
                setattr(clinic.widget, flag, False)
        return form

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        # one button: the code is shown once, on the list the save leads to
        context = {"show_save_and_add_another": False, "show_save_and_continue": False}
        return super().add_view(request, form_url, {**(extra_context or {}), **context})

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # an invite is never edited; open ones can be withdrawn

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # kept: who joined with which invite

    def has_withdraw_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("accounts.change_invite")

    @admin.action(description=_("Withdraw the selected open invites"), permissions=["withdraw"])
    def withdraw(self, request: HttpRequest, queryset: QuerySet[Invite]) -> None:
        now = timezone.now()
        count = queryset.filter(used_at__isnull=True, expires_at__gt=now).update(expires_at=now)
        self.message_user(
            request,
            ngettext(
                "%(count)d invite withdrawn: its code no longer works.",
                "%(count)d invites withdrawn: their codes no longer work.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def save_model(self, request: HttpRequest, obj: Invite, form: Any, change: bool) -> None:
        made = create_invite(
            obj.clinic,
            obj.role,
            by=request.user,  # type: ignore[arg-type]
            days=form.cleaned_data["days"],
            note=obj.note,
            now=timezone.now(),
        )
        # the admin goes on with ``obj``: make it the invite just stored
        for field in Invite._meta.concrete_fields:
            setattr(obj, field.attname, getattr(made.invite, field.attname))
        obj._state.adding = False
        link = request.build_absolute_uri(
            f"{reverse('clinic-join')}?{urlencode({'code': made.code})}"
        )
        messages.success(
            request,
            format_html(
                '{} <strong class="invite-code">{}</strong><br>{} <a href="{}">{}</a><br>{}',
                gettext("Invite code:"),
                made.code,
                gettext("Invite link:"),
                link,
                link,
                gettext(
                    "Copy the code or the link now and send it to the person it is for. "
                    "Piri keeps only a fingerprint of the code and cannot show it again."
                ),
            ),
        )

    def response_add(
        self, request: HttpRequest, obj: Invite, post_url_continue: str | None = None
    ) -> HttpResponse:
        return HttpResponseRedirect(reverse("admin:accounts_invite_changelist"))
