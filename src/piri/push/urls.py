from django.urls import path

from piri.push import views

urlpatterns = [
    path("key", views.public_key, name="push-key"),
    path("subscriptions", views.save_subscription, name="push-subscribe"),
    path("subscriptions/delete", views.remove_subscription, name="push-unsubscribe"),
]
