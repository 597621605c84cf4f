"""The audit log in the admin: read only, filtered, and downloadable as CSV (what the list
shows, with its filters, or the rows selected). Nothing can be added, changed or deleted.

A clinic admin sees the rows about their clinics, and the refused attempts of their clinics'
staff (a refusal names no clinic: the patient asked for was outside them). Each download is
itself written to the log."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponseBase
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from piri.accounts import audit
from piri.accounts.admin_site import ClinicFilter, ClinicScoped, ReadOnly
from piri.accounts.audit_csv import CLINIC_COLUMNS, clinic_rows, csv_response
from piri.accounts.models import AuditEvent, Clinic, StaffMembership


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnly, ClinicScoped):
    list_display = ("at", "actor_name", "action", "what", "whose_data", "clinic", "ip")
    list_filter = ("action", ("clinic", ClinicFilter), ("at", admin.DateFieldListFilter))
    search_fields = ("actor_name", "patient_name", "what")
    list_select_related = ("clinic",)
    actions = ("download_selected",)
    change_list_template = "admin/accounts/auditevent/change_list.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet[AuditEvent]:
        return audit.with_shown_names(super().get_queryset(request))

    @admin.display(description=_("whose data"), ordering="patient_name")
    def whose_data(self, event: AuditEvent) -> str:
        """The stored name, or the pseudonym of a patient who left Piri (decision 0017)."""
        return audit.shown_patient(event)

    def clinic_filter(self, clinics: QuerySet[Clinic]) -> Q:
        staff = StaffMembership.objects.filter(clinic__in=clinics).values("user_id")
        return Q(clinic__in=clinics) | Q(clinic__isnull=True, actor_id__in=staff)

    def get_urls(self) -> list[URLPattern]:
        export = path(
            "export.csv",
            self.admin_site.admin_view(self.export_view),
            name="accounts_auditevent_export",
        )
        return [export, *super().get_urls()]

    def export_view(self, request: HttpRequest) -> HttpResponseBase:
        if not self.has_view_permission(request):
            raise PermissionDenied
        rows = self.get_changelist_instance(request).get_queryset(request)
        return self._download(request, rows)

    @admin.action(description=_("Download the selected rows as CSV"), permissions=["view"])
    def download_selected(
        self, request: HttpRequest, queryset: QuerySet[AuditEvent]
    ) -> HttpResponseBase:
        return self._download(request, queryset)

    def _download(self, request: HttpRequest, rows: QuerySet[AuditEvent]) -> HttpResponseBase:
        clinics = list(self.my_clinics(request)[:2])
        audit.record(
            request,
            actor=request.user,
            action=audit.Action.EXPORT,
            what=gettext("audit log (CSV)"),
            clinic=clinics[0] if len(clinics) == 1 else None,
        )
        name = f"piri-audit-log-{timezone.now():%Y-%m-%d}.csv"
        return csv_response(name, CLINIC_COLUMNS, clinic_rows(rows.order_by("-at", "-id")))
