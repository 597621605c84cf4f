from django.urls import path

from piri.program import checkin_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("session/", views.session, name="session"),
    path("history/", views.history, name="history"),
    path("plan/changes/", views.dose_history, name="dose-history"),
    path("learn/", views.learn, name="learn"),
    path("massage/", views.choose_massage, name="choose-massage"),
    path("checkin/", checkin_views.checkin, name="checkin"),
]
