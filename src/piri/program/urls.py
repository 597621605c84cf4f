from django.urls import path

from piri.program import (
    checkin_views,
    howto_views,
    insight_views,
    measure_views,
    onboarding_views,
    plan_note_views,
    progress_views,
    pwa_views,
    views,
)

urlpatterns = [
    path("", views.home, name="home"),
    path("sw.js", pwa_views.service_worker, name="service-worker"),
    path("onboarding/", onboarding_views.onboarding, name="onboarding"),
    path("session/", views.session, name="session"),
    path("history/", views.history, name="history"),
    path("plan/changes/", views.dose_history, name="dose-history"),
    path("plan/changes/seen/", plan_note_views.seen, name="plan-changes-seen"),
    path("learn/", views.learn, name="learn"),
    path("learn/<str:item>/", howto_views.howto, name="learn-item"),
    path("massage/", views.choose_massage, name="choose-massage"),
    path("checkin/", checkin_views.checkin, name="checkin"),
    path("progress/", progress_views.progress, name="progress"),
    path("insights/", insight_views.insights, name="insights"),
    path("measures/", measure_views.weekly, name="measures"),
    path("measures/activities/", measure_views.activities, name="measures-activities"),
]
