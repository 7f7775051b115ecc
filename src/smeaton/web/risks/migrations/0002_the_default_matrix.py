"""The council's matrix to start from: the defaults declared in risks/matrix.py, which an
administrator rewords in the admin site."""

from django.db import migrations

from smeaton.web.risks import matrix


def seed(apps, schema_editor):
    RiskMatrix = apps.get_model("risks", "RiskMatrix")
    if RiskMatrix.objects.exists():
        return
    found = RiskMatrix.objects.create(appetite=matrix.DEFAULT_APPETITE)
    for level in matrix.DEFAULT_LIKELIHOOD:
        found.likelihood_levels.create(level=level.level, name=level.name,
                                       description=level.description)
    for level in matrix.DEFAULT_IMPACT:
        found.impact_levels.create(level=level.level, name=level.name, finance=level.finance,
                                   service=level.service, people=level.people,
                                   reputation=level.reputation)
    for band in matrix.DEFAULT_BANDS:
        found.bands.create(name=band.name, lowest=band.lowest, highest=band.highest,
                           colour=band.colour, meaning=band.meaning)
    Category = apps.get_model("risks", "Category")
    for name, description, appetite in matrix.DEFAULT_CATEGORIES:
        Category.objects.get_or_create(name=name, defaults={"description": description,
                                                            "appetite": appetite})


class Migration(migrations.Migration):
    dependencies = [("risks", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
