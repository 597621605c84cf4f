"""The patient's "talk to a specialist" pages, under /specialist/."""

from django.urls import path

from piri.clinic import specialist_views

urlpatterns = [
    path("", specialist_views.specialist, name="specialist"),
    path("<int:request_id>/", specialist_views.specialist_request, name="specialist-request"),
]
