from django.urls import path

from piri.reminders import views

urlpatterns = [
    path("", views.reminders, name="reminders"),
    path("stop/<str:token>/", views.stop_page, name="reminders-stop"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="reminders-calendar"),
]
