from django.urls import path

from piri.program import views

urlpatterns = [
    path("", views.home, name="home"),
    path("session/", views.session, name="session"),
    path("history/", views.history, name="history"),
    path("learn/", views.learn, name="learn"),
    path("massage/", views.choose_massage, name="choose-massage"),
]
