"""A browser's push subscription: where the push service takes messages for it (``endpoint``)
and the keys a message is encrypted with (``p256dh``, ``auth``), as ``PushSubscription.toJSON()``
gives them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PushSubscription(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=100)
    auth = models.CharField(max_length=40)
    label = models.CharField(_("device"), max_length=120, blank=True)
    created_at = models.DateTimeField()
    last_success_at = models.DateTimeField(null=True, blank=True)
    failures = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("push subscription")

    def __str__(self) -> str:
        return self.label or self.endpoint[:60]

    def info(self) -> dict[str, object]:
        """The subscription as the Push API gives it, for pywebpush."""
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}
