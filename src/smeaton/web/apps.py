from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class WebConfig(AppConfig):
    """The project's own templates, static files and template tags."""

    default = True
    name = "smeaton.web"
    label = "web"
    verbose_name = "Smeaton"


class AdminConfig(admin_apps.AdminConfig):
    """Django's admin site, with Smeaton's rules for who may reach it."""

    default = False
    default_site = "smeaton.web.admin.SmeatonAdminSite"
