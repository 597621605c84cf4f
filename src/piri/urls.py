from django.contrib import admin
from django.urls import include, path

from piri.api.app import api
from piri.health import healthz

# JSON under /api/ for an address that matches no route (a row id beyond 64 bits, say)
handler404 = "piri.api.errors.not_found"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("safety/", include("piri.program.safety_urls")),
    path("report/", include("piri.reports.urls")),
    path("reminders/", include("piri.reminders.urls")),
    path("push/", include("piri.push.urls")),
    path("clinic/", include("piri.clinic.urls")),
    path("specialist/", include("piri.clinic.specialist_urls")),
    path("clinics/", include("piri.accounts.clinic_urls")),
    path("videos/", include("piri.videos.urls")),
    path("", include("piri.accounts.urls")),
    path("", include("piri.program.urls")),
]
