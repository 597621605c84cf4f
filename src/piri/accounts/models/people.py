"""People: users, and the patient profile every patient has (with their time zone)."""

from __future__ import annotations

from typing import ClassVar
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from piri.accounts.timezones import validate_time_zone


class PeopleManager(UserManager["User"]):
    def get_by_natural_key(self, username: str | None) -> User:
        """Signing in finds a person whatever the case of their username ("FPAT" is "fpat")."""
        return self.get(username__iexact=username)


class User(AbstractUser):
    """A person who signs in: a patient now; clinicians and clinic admins later. Usernames
    are one person whatever their case: a database constraint keeps ``lower(username)``
    unique, and signing in matches either case."""

    objects: ClassVar[PeopleManager] = PeopleManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                Lower("username"),
                name="user_username_any_case_unique",
                violation_error_message=_("That username is taken (whatever its case)."),
            )
        ]


def _default_time_zone() -> str:
    return str(settings.PIRI_DEFAULT_TIME_ZONE)


class Patient(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="patient"
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, default=_default_time_zone, validators=[validate_time_zone]
    )
    weekly_target = models.PositiveSmallIntegerField(
        _("sessions a week"),
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(14)],
    )
    floor_ok = models.BooleanField(_("can get down on the floor"), default=True)
    massage_tools = models.JSONField(_("massage tools at hand"), default=list, blank=True)
    baseline_pain = models.PositiveSmallIntegerField(
        _("pain at the start (0-10)"), null=True, blank=True, validators=[MaxValueValidator(10)]
    )
    onboarded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Leaving Piri (piri.accounts.leaving): the name the clinic sees from then on, and when.
    pseudonym = models.CharField(_("pseudonym"), max_length=16, blank=True, db_index=True)
    left_at = models.DateTimeField(_("left Piri"), null=True, blank=True)

    class Meta:
        verbose_name = _("patient")
        verbose_name_plural = _("patients")

    def __str__(self) -> str:
        if self.pseudonym:
            return self.pseudonym
        return self.user.get_full_name() or self.user.get_username()

    @property
    def has_left(self) -> bool:
        """The patient deleted their account: only pseudonymous clinical records remain."""
        return self.left_at is not None

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def onboarded(self) -> bool:
        return self.onboarded_at is not None
