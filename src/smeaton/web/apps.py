from django.apps import AppConfig


class WebConfig(AppConfig):
    """The project's own templates, static files and template tags."""

    name = "smeaton.web"
    label = "web"
    verbose_name = "Smeaton"
