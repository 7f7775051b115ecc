from django.apps import AppConfig


class ChildrenConfig(AppConfig):
    """The children behind a figure, and re-identifying one: child-level, so every page
    needs child-level access and every view is recorded."""

    name = "smeaton.web.children"
    label = "children"
    verbose_name = "Children behind a figure"

    def ready(self):
        from smeaton.web.children import rules  # noqa: F401  registers the rules
