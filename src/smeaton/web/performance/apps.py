from django.apps import AppConfig
from django.apps import apps as current_apps
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_migrate

from smeaton.analytics.indicators import REGISTRY


class PerformanceConfig(AppConfig):
    """Indicators: published benchmarks against England, the region and neighbours, targets."""

    name = "smeaton.web.performance"
    label = "performance"
    verbose_name = "Performance"

    def ready(self):
        from smeaton.web.performance import (
            rules,  # noqa: F401  registers the rules
            scorecard,
        )
        from smeaton.web.plan.extensions import Section, priority_sections

        post_migrate.connect(sync_indicators, sender=self)

        priority_sections.append(Section(
            "performance/includes/indicator_table.html",
            lambda priority: {"rows": scorecard.for_priority(priority),
                              "caption": "Indicators for this priority"}))


def sync_indicators(apps=current_apps, using: str = DEFAULT_DB_ALIAS, **_) -> None:
    """A row for every indicator in the registry, with its title. Run after every
    migrate (``post_migrate``), so an installation has a row for each indicator its code
    declares, published or not, before anything is loaded."""
    try:
        rows = apps.get_model("performance", "Indicator").objects.using(using)
    except LookupError:
        return  # migrated back to before indicators were kept
    held = dict(rows.values_list("slug", "title"))
    for indicator in REGISTRY:
        if indicator.slug not in held:
            rows.create(slug=indicator.slug, title=indicator.title)
        elif held[indicator.slug] != indicator.title:
            rows.filter(slug=indicator.slug).update(title=indicator.title)
