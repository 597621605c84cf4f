"""Django's admin, for superusers and clinic admins, each clinic admin seeing only their clinics.

Who may use it and what they see is decided here, once:

- ``ClinicAdminSite.has_permission``: an active superuser, or an active person with a current
  clinic-admin membership (``is_staff`` follows that membership, ``piri.accounts.roles``).
  Clinicians and patients get the admin's sign-in page, never its contents.
- ``ClinicScoped``: the base of every model admin a clinic admin may use. For anyone but a
  superuser its rows (and the clinics offered in its forms and filters) are limited to the
  clinics they administer; a model admin only says how its rows reach a clinic.
- Every other model admin registered on this site (the program's records, Django's groups,
  django-axes' attempts) is wrapped in ``SuperuserOnly`` at registration.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.db.models import Field, Q, QuerySet
from django.forms import ModelChoiceField
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from piri.accounts.models import Clinic
from piri.accounts.roles import admin_clinics, is_clinic_admin

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise


def _superuser(request: HttpRequest) -> bool:
    return bool(getattr(request.user, "is_superuser", False))


class ClinicScoped(admin.ModelAdmin):
    """A model admin a clinic admin may use, limited to their clinics."""

    clinic_lookup = "clinic"  # the path from a row to its Clinic

    def clinic_filter(self, clinics: QuerySet[Clinic]) -> Q:
        return Q(**{f"{self.clinic_lookup}__in": clinics})

    def my_clinics(self, request: HttpRequest) -> QuerySet[Clinic]:
        return admin_clinics(request.user)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        rows = super().get_queryset(request)
        if _superuser(request):
            return rows
        return rows.filter(self.clinic_filter(self.my_clinics(request))).distinct()

    def formfield_for_foreignkey(
        self, db_field: Any, request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField | None:
        if db_field.related_model is Clinic and not _superuser(request):
            kwargs["queryset"] = self.my_clinics(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ClinicFilter(admin.RelatedFieldListFilter):
    """The "by clinic" filter, offering only the clinics the person administers."""

    def field_choices(
        self, field: Field, request: HttpRequest, model_admin: Any
    ) -> list[tuple[str, str | _StrPromise]]:
        return [(str(c.pk), str(c)) for c in admin_clinics(request.user).order_by("name")]


class ReadOnly(admin.ModelAdmin):
    """Mixed into the admins of records that are only ever added by the app (append-only
    history, care links): they can be looked at, never added, changed or deleted here."""

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class SuperuserOnly(admin.ModelAdmin):
    """Mixed into every model admin that is not ``ClinicScoped``: superusers only."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _superuser(request) and super().has_module_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _superuser(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return _superuser(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _superuser(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _superuser(request) and super().has_delete_permission(request, obj)


class ClinicAdminSite(admin.AdminSite):
    site_header = _("Piri · clinic admin")
    site_title = _("Piri clinic admin")
    index_title = _("Your clinic")

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        if not (user.is_active and user.is_staff):
            return False
        return bool(user.is_superuser) or is_clinic_admin(user)

    def register(self, model_or_iterable: Any, admin_class: Any = None, **options: Any) -> None:
        base = admin_class or admin.ModelAdmin
        if not issubclass(base, ClinicScoped):
            base = type(f"SuperuserOnly{base.__name__}", (SuperuserOnly, base), {})
        super().register(model_or_iterable, base, **options)
