"""The admin for people. A superuser gets Django's full user admin; a clinic admin sees the
people of their clinics (current staff and patients), may correct a staff member's name and
email, and nothing else: no passwords, no superuser flags, no groups (those follow the
memberships). Opening a patient's page is written to the audit log.

The clinic's other pages are in ``admin_clinic``, ``admin_invites`` and ``admin_audit``;
who may use the admin at all is decided in ``admin_site``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from piri.accounts import audit
from piri.accounts.admin_site import ClinicScoped, _superuser
from piri.accounts.models import Clinic, Patient, StaffMembership, User
from piri.accounts.models.clinics import CareLink, Role
from piri.accounts.roles import admin_clinics

CLINIC_FIELDS = ("username", "first_name", "last_name", "email", "date_joined", "last_login")


class RoleFilter(admin.SimpleListFilter):
    title = _("role")
    parameter_name = "role"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [(value, label) for value, label in Role.choices]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        clinics = admin_clinics(request.user)
        if self.value() == Role.PATIENT:
            return queryset.filter(
                patient__care_links__clinic__in=clinics, patient__care_links__left_at=None
            )
        if self.value() in (Role.CLINICIAN, Role.ADMIN):
            return queryset.filter(
                memberships__clinic__in=clinics,
                memberships__ended_at=None,
                memberships__role=self.value(),
            )
        return queryset


@admin.display(description=_("role here"))
def role_here(user: User) -> str:
    """The person's roles in the admin's clinics (read from ``get_queryset``'s prefetch)."""
    roles = sorted({str(Role(m.role).label) for m in getattr(user, "roles_here", [])})
    patient = getattr(user, "patient", None)
    if patient is not None and getattr(patient, "links_here", None):
        roles.append(str(Role.PATIENT.label))
    return ", ".join(roles)


@admin.register(User)
class ClinicUserAdmin(ClinicScoped, UserAdmin):
    def clinic_filter(self, clinics: QuerySet[Clinic]) -> Q:
        staff = Q(memberships__clinic__in=clinics, memberships__ended_at__isnull=True)
        patients = Q(
            patient__care_links__clinic__in=clinics, patient__care_links__left_at__isnull=True
        )
        return staff | patients

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        people = super().get_queryset(request)
        if _superuser(request):
            return people
        clinics = self.my_clinics(request)
        memberships = StaffMembership.objects.filter(clinic__in=clinics, ended_at__isnull=True)
        links = CareLink.objects.filter(clinic__in=clinics, left_at__isnull=True)
        return people.select_related("patient").prefetch_related(
            Prefetch("memberships", queryset=memberships, to_attr="roles_here"),
            Prefetch("patient__care_links", queryset=links, to_attr="links_here"),
        )

    def get_list_display(self, request: HttpRequest) -> Any:
        if _superuser(request):
            return super().get_list_display(request)
        return ("username", "first_name", "last_name", "email", role_here)

    def get_list_filter(self, request: HttpRequest) -> Any:
        return super().get_list_filter(request) if _superuser(request) else (RoleFilter,)

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        if _superuser(request):
            return super().get_fieldsets(request, obj)
        return ((None, {"fields": CLINIC_FIELDS}),)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if _superuser(request):
            return super().get_readonly_fields(request, obj)
        return ("username", "date_joined", "last_login")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _superuser(request) and super().has_add_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _superuser(request) and super().has_delete_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if not super().has_change_permission(request, obj):
            return False
        if _superuser(request) or obj is None:
            return True
        # only the clinic's staff, and never a superuser: a patient's account is their own
        return (
            not obj.is_superuser
            and StaffMembership.objects.filter(
                user=obj, clinic__in=self.my_clinics(request), ended_at__isnull=True
            ).exists()
        )

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        if not _superuser(request):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        if not _superuser(request):
            self._audit_patient_view(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def _audit_patient_view(self, request: HttpRequest, object_id: str) -> None:
        person = self.get_object(request, unquote(object_id))
        if person is None:
            return
        link = (
            CareLink.objects.filter(
                patient__user=person, clinic__in=self.my_clinics(request), left_at__isnull=True
            )
            .select_related("patient", "clinic")
            .first()
        )
        if link is not None:
            audit.record(
                request,
                actor=request.user,
                action=audit.Action.READ,
                what=gettext("account details (admin)"),
                patient=link.patient,
                clinic=link.clinic,
            )


@admin.register(Patient)
class PatientAdmin(admin.ModelAdmin):
    list_display = ("user", "time_zone", "weekly_target", "onboarded_at")
    search_fields = ("user__username", "user__first_name", "user__last_name")


from piri.accounts import admin_audit, admin_clinic, admin_invites  # noqa: E402, F401
