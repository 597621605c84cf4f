"""Django admin for the program's records. Screenings are read-only (append-only history);
a clinical review is added here, with the signed-in staff member as the reviewer."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils import timezone

from piri.accounts.admin_site import ReadOnly
from piri.program.models import ClinicalReview, DoseChange, ExerciseSession, Screening


@admin.register(Screening)
class ScreeningAdmin(ReadOnly):
    list_display = ("patient", "kind", "tier", "created_at", "policy_version")
    list_filter = ("tier", "kind")
    search_fields = ("patient__user__username",)


@admin.register(DoseChange)
class DoseChangeAdmin(ReadOnly):
    list_display = ("patient", "item", "field", "old", "new", "source", "created_at")


@admin.register(ExerciseSession)
class ExerciseSessionAdmin(ReadOnly):
    list_display = ("patient", "local_date", "completed", "end_pain")


@admin.register(ClinicalReview)
class ClinicalReviewAdmin(admin.ModelAdmin):
    list_display = ("patient", "reviewer", "created_at")
    fields = ("patient", "note")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: ClinicalReview, form: Any, change: bool
    ) -> None:
        obj.reviewer = request.user  # type: ignore[assignment]
        obj.created_at = timezone.now()
        super().save_model(request, obj, form, change)
