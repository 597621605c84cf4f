from django.urls import path

from piri.program import safety_views

urlpatterns = [
    path("check/", safety_views.check, name="safety-check"),
    path("emergency/", safety_views.emergency, name="safety-emergency"),
    path("urgent/", safety_views.urgent, name="safety-urgent"),
    path("advice/", safety_views.advice, name="safety-advice"),
    path("history/", safety_views.history, name="safety-history"),
]
