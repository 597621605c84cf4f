"""The two staff groups and what each may do; current memberships put into them.

Group membership and ``is_staff`` are kept in step with ``StaffMembership`` by
``piri.accounts.roles.sync_roles`` from here on. The permission lists are written out here
(not imported) so that this migration keeps meaning what it meant when it was written.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CLINICIANS = "Clinicians"
CLINIC_ADMINS = "Clinic admins"

# What a clinician works with on the clinic side: their patients' records (read), reviews
# and dose changes (add), specialist requests and messages.
CLINICIAN_PERMISSIONS = [
    ("accounts", "view_patient"),
    ("program", "view_exercisesession"),
    ("program", "view_checkin"),
    ("program", "view_screening"),
    ("program", "view_measureresponse"),
    ("program", "view_dosechange"),
    ("program", "add_dosechange"),
    ("program", "view_prescription"),
    ("program", "add_prescription"),
    ("program", "view_clinicalreview"),
    ("program", "add_clinicalreview"),
    ("clinic", "view_specialistrequest"),
    ("clinic", "change_specialistrequest"),
    ("clinic", "view_requestmessage"),
    ("clinic", "add_requestmessage"),
    ("clinic", "view_triagerow"),
]
# A clinic admin runs the clinic in the admin site: its people, invites, settings, the log.
CLINIC_ADMIN_PERMISSIONS = [
    ("accounts", "view_user"),
    ("accounts", "change_user"),
    ("accounts", "view_invite"),
    ("accounts", "add_invite"),
    ("accounts", "change_invite"),
    ("accounts", "view_clinic"),
    ("accounts", "change_clinic"),
    ("accounts", "view_staffmembership"),
    ("accounts", "change_staffmembership"),
    ("accounts", "view_carelink"),
    ("accounts", "view_auditevent"),
]


def _permissions(apps, pairs):
    Permission = apps.get_model("auth", "Permission")
    found = []
    for app_label, codename in pairs:
        found.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return found


def forwards(apps, schema_editor):
    # Permissions are normally made after all migrations have run; make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    clinicians, _ = Group.objects.get_or_create(name=CLINICIANS)
    admins, _ = Group.objects.get_or_create(name=CLINIC_ADMINS)
    clinicians.permissions.set(_permissions(apps, CLINICIAN_PERMISSIONS))
    admins.permissions.set(_permissions(apps, CLINIC_ADMIN_PERMISSIONS))

    StaffMembership = apps.get_model("accounts", "StaffMembership")
    User = apps.get_model("accounts", "User")
    current = StaffMembership.objects.filter(ended_at__isnull=True)
    for user_id in current.values_list("user_id", flat=True).distinct():
        user = User.objects.get(pk=user_id)
        user.groups.add(clinicians)
        if current.filter(user_id=user_id, role="admin").exists():
            user.groups.add(admins)
            if not user.is_staff:
                user.is_staff = True
                user.save(update_fields=["is_staff"])


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=[CLINICIANS, CLINIC_ADMINS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_audit_notify_email"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("program", "0006_prescription_by_note"),
        ("clinic", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
