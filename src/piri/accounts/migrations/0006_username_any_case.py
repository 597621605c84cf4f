"""Usernames are one person whatever their case (issue 12): "FPAT" and "fpat" cannot both
exist. A database that already holds two such names stops here, naming them, rather than
failing on the constraint with the database's own words."""

import django.db.models.functions.text
from django.db import migrations, models
from django.db.models import Count
from django.db.models.functions import Lower

import piri.accounts.models.people


def refuse_case_twins(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    twins = (
        User.objects.annotate(key=Lower("username"))
        .values("key")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .values_list("key", flat=True)
    )
    names = sorted(
        User.objects.annotate(key=Lower("username"))
        .filter(key__in=list(twins))
        .values_list("username", flat=True)
    )
    if names:
        raise RuntimeError(
            "These usernames differ only in case and would become one person: "
            + ", ".join(names)
            + ". Rename all but one of each (Django's admin, or `piri shell`), then migrate again."
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_role_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.AlterModelManagers(
            name="user",
            managers=[
                ("objects", piri.accounts.models.people.PeopleManager()),
            ],
        ),
        migrations.RunPython(refuse_case_twins, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("username"),
                name="user_username_any_case_unique",
                violation_error_message="That username is taken (whatever its case).",
            ),
        ),
    ]
