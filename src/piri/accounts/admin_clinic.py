"""The admin for a clinic: its settings (change only), its staff (end a membership) and
which patients belong to it (read only). Scoping to the admin's clinics is in ``admin_site``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from piri.accounts.admin_site import ClinicFilter, ClinicScoped, ReadOnly, _superuser
from piri.accounts.models import CareLink, Clinic, StaffMembership
from piri.accounts.roles import end_membership
from piri.protocols import ProtocolError, load_policy

BUILTIN = ("", "builtin")


class ClinicForm(forms.ModelForm):
    class Meta:
        model = Clinic
        fields = (
            "name", "emergency_text", "weekly_target_default", "quiet_days", "notify_email",
            "policy", "accepts_self_signup", "staff_two_factor_required",
            "deleted_records_retention_days",
        )  # fmt: skip

    def clean_policy(self) -> str:
        """Empty or "builtin", or a policy file that checks out. What a file holds is never
        echoed back: a wrong path must not become a way to read the server's files."""
        value = str(self.cleaned_data.get("policy") or "").strip()
        if value.lower() in BUILTIN:
            return value
        try:
            load_policy(Path(value))
        except ProtocolError as exc:
            raise forms.ValidationError(
                gettext(
                    "Safety policy file: %(path)s cannot be used (%(count)d problems). "
                    "Check it on the server with: piri policy validate %(path)s"
                )
                % {"path": value, "count": len(exc.errors)}
            ) from None
        return value


@admin.register(Clinic)
class ClinicAdmin(ClinicScoped):
    clinic_lookup = "pk"
    form = ClinicForm
    list_display = (
        "name", "weekly_target_default", "quiet_days", "notify_email", "accepts_self_signup",
        "staff_two_factor_required",
    )  # fmt: skip

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _superuser(request) and super().has_add_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _superuser(request) and super().has_delete_permission(request, obj)


class CurrentFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("current", _("Current")), ("ended", _("Ended"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "current":
            return queryset.filter(ended_at__isnull=True)
        if self.value() == "ended":
            return queryset.filter(ended_at__isnull=False)
        return queryset


@admin.register(StaffMembership)
class StaffMembershipAdmin(ClinicScoped):
    list_display = ("user", "role", "clinic", "created_at", "ended_at")
    list_filter = ("role", ("clinic", ClinicFilter), CurrentFilter)
    search_fields = ("user__username", "user__first_name", "user__last_name")
    fields = ("user", "clinic", "role", "created_at", "ended_at")
    readonly_fields = fields
    actions = ("end_memberships",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # people join with an invite

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # read only; ending one is the action below

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # kept: who had access when

    def has_end_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("accounts.change_staffmembership")

    @admin.action(description=_("End the selected memberships now"), permissions=["end"])
    def end_memberships(self, request: HttpRequest, queryset: QuerySet[StaffMembership]) -> None:
        if queryset.filter(user__pk=request.user.pk or 0, ended_at__isnull=True).exists():
            self.message_user(
                request,
                gettext(
                    "Nothing was ended: the selection includes your own membership. "
                    "Another admin of the clinic can end it."
                ),
                messages.ERROR,
            )
            return
        now = timezone.now()
        ended = sum(end_membership(m, now=now) for m in queryset.select_related("user"))
        self.message_user(
            request,
            ngettext(
                "%(count)d membership ended: that person no longer sees the clinic's patients.",
                "%(count)d memberships ended: those people no longer see the clinic's patients.",
                ended,
            )
            % {"count": ended},
            messages.SUCCESS,
        )


@admin.register(CareLink)
class CareLinkAdmin(ReadOnly, ClinicScoped):
    list_display = ("patient", "clinic", "joined_at", "left_at")
    list_filter = (("clinic", ClinicFilter),)
    search_fields = ("patient__user__username", "patient__user__first_name")
    fields = ("patient", "clinic", "joined_at", "left_at")
    readonly_fields = fields
