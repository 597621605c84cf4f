from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from piri.accounts.models import Patient, User

admin.site.register(User, UserAdmin)


@admin.register(Patient)
class PatientAdmin(admin.ModelAdmin):
    list_display = ("user", "time_zone", "weekly_target", "onboarded_at")
    search_fields = ("user__username", "user__first_name", "user__last_name")
