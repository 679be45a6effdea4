from django.contrib.admin.apps import AdminConfig


class StaffAdminConfig(AdminConfig):
    """``django.contrib.admin`` with the admin site of ``admin_site.StaffAdminSite``."""

    default_site = "impactplein.accounts.admin_site.StaffAdminSite"
