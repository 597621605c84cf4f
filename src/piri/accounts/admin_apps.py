"""``django.contrib.admin`` with Piri's clinic-scoped site as ``admin.site``.

Kept apart from ``admin_site`` because INSTALLED_APPS imports this module before any model
can be loaded."""

from django.contrib.admin.apps import AdminConfig


class PiriAdminConfig(AdminConfig):
    default_site = "piri.accounts.admin_site.ClinicAdminSite"
