"""Clinics and who belongs to them.

- ``Clinic``: its settings (emergency text, the weekly target new patients start with, the
  policy file in use, how many days without a session make a patient "quiet", whether it
  takes people who sign up on their own: the install's home clinic, whether its staff must use
  two-factor sign-in).
- ``StaffMembership``: a clinician or clinic admin of one clinic; ending it (``ended_at``)
  removes their access at once. A person may work in several clinics.
- ``CareLink``: a patient belongs to a clinic; leaving sets ``left_at`` and revokes the
  clinic's access to their data. Rows are kept, so the patient can see who had access when.
- ``Invite``: a single-use code that makes its user a patient, clinician or admin of a clinic.
  Only a hash of the code is stored; using it is one conditional update, so it can be used
  once even when two people try at the same moment (``piri.accounts.invites``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from piri.accounts.models.people import Patient


class Role(models.TextChoices):
    PATIENT = "patient", _("Patient")
    CLINICIAN = "clinician", _("Clinician")
    ADMIN = "admin", _("Clinic admin")


class Clinic(models.Model):
    name = models.CharField(_("name"), max_length=120)
    emergency_text = models.CharField(
        _("what to do in an emergency"),
        max_length=300,
        blank=True,
        help_text=_("Shown on the emergency screen beside the emergency number."),
    )
    weekly_target_default = models.PositiveSmallIntegerField(
        _("sessions a week for new patients"),
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(14)],
    )
    policy = models.CharField(
        _("safety policy file"),
        max_length=300,
        blank=True,
        help_text=_("Empty: the built-in policy. Otherwise a path the server can read."),
    )
    quiet_days = models.PositiveSmallIntegerField(
        _("days without a session before a patient is listed"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )
    notify_email = models.EmailField(
        _("email for new requests and red flags"),
        blank=True,
        help_text=_("Where Piri sends word of new specialist requests and red flags."),
    )
    accepts_self_signup = models.BooleanField(
        _("takes people who sign up on their own"),
        default=False,
        help_text=_(
            "People who create an account without an invite join this clinic (or choose among "
            "the clinics that take them), so they can write to a specialist."
        ),
    )
    staff_two_factor_required = models.BooleanField(
        _("staff must use two-factor sign-in"),
        default=False,
        help_text=_(
            "Clinicians and clinic admins of this clinic set up an authenticator app before "
            "they see any patient's data."
        ),
    )
    deleted_records_retention_days = models.PositiveIntegerField(
        _("days to keep the records of a patient who deleted their account"),
        default=3650,
        validators=[MaxValueValidator(36500)],
        help_text=_(
            "Sessions and screenings stay, under a pseudonym, this many days after the patient "
            "deleted their account; then the purge removes them. 0: remove them at the next purge."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("clinic")
        verbose_name_plural = _("clinics")
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class StaffMembership(models.Model):
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="staff")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        max_length=9,
        choices=[(Role.CLINICIAN, Role.CLINICIAN.label), (Role.ADMIN, Role.ADMIN.label)],
    )
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=("clinic", "user"),
                condition=models.Q(ended_at__isnull=True),
                name="one_current_membership_per_clinic",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.clinic}"


class CareLink(models.Model):
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="care_links")
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="care_links")
    joined_at = models.DateTimeField()
    left_at = models.DateTimeField(null=True, blank=True)
    # the clinic ended the link (a discharge), not the patient; with the clinician's reason
    discharged = models.BooleanField(default=False)
    discharge_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=("clinic", "patient"),
                condition=models.Q(left_at__isnull=True),
                name="one_current_link_per_clinic",
            )
        ]
        indexes = [models.Index(fields=("clinic", "left_at"))]

    def __str__(self) -> str:
        return f"{self.patient} at {self.clinic}"


class Invite(models.Model):
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="invites")
    role = models.CharField(max_length=9, choices=Role.choices)
    code_hash = models.CharField(max_length=64, unique=True)
    note = models.CharField(_("who it is for"), max_length=120, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="invites_made"
    )
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invites_used",
    )

    class Meta:
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"{self.get_role_display()} invite to {self.clinic}"
