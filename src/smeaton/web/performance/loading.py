"""Put published statistics into the database: all of a batch of files, or none of it.

Every file is read and checked before anything is written, and the writes happen in
one transaction, so a bad file leaves what was loaded before exactly as it was. A value
already held for the same indicator, area and year is replaced by the newer file's.
"""

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from smeaton.analytics.published import areas as area_list
from smeaton.analytics.published import neighbours as neighbour_models
from smeaton.analytics.published.areas import DATA
from smeaton.analytics.published.sources import Reading, read
from smeaton.web.performance.models import (
    Area,
    Indicator,
    Neighbour,
    Observation,
    PublishedLoad,
)

PLACES = Decimal("0.0001")  # Observation.value has 4 decimal places
SHIPPED = sorted((DATA / "ees").glob("*.csv")) + [DATA / "lait.csv"]


@dataclass
class Loaded:
    load: PublishedLoad
    reading: Reading

    def __str__(self) -> str:
        load = self.load
        return (f"{load.file_name} ({self.reading.kind.title}): {load.rows_read:,} rows read, "
                f"{load.rows_used:,} used; {load.added:,} values added, {load.changed:,} "
                f"changed, {load.unchanged:,} unchanged.")


def load_files(paths: list[Path], user=None) -> list[Loaded]:
    """Load published files in one transaction; raise PublishedFileError if any is bad."""
    readings = [read(Path(path)) for path in paths]
    with transaction.atomic():
        sync_reference()
        return [Loaded(_store(reading, user), reading) for reading in readings]


def load_shipped(user=None) -> list[Loaded]:
    """The extract of DfE's files that ships with Smeaton (data/SOURCES.md)."""
    return load_files(SHIPPED, user)


def sync_reference() -> None:
    """Areas and both neighbour models, from what Smeaton ships."""
    _sync_areas()
    for model, path in neighbour_models.MODELS.items():
        _sync_neighbours(model, neighbour_models.read_model(path))


def _sync_areas() -> None:
    known = {area.code: area for area in Area.objects.all()}
    # Regions first, so that LAs can refer to them.
    for area in sorted(area_list.AREAS.values(), key=lambda a: a.level == "local authority"):
        fields = {"name": area.name, "level": area.level, "current": area.current,
                  "region": known.get(area.region)}
        record = known.get(area.code)
        if record is None:
            known[area.code] = Area.objects.create(code=area.code, **fields)
        elif any(getattr(record, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(record, name, value)
            record.save()


def _sync_neighbours(model: str, found) -> None:
    ids = dict(Area.objects.values_list("code", "pk"))
    wanted = {(ids[n.area], n.position, ids[n.neighbour], n.closeness) for n in found}
    held = set(Neighbour.objects.filter(model=model).values_list(
        "area_id", "position", "neighbour_id", "closeness"))
    if wanted != held:
        Neighbour.objects.filter(model=model).delete()
        Neighbour.objects.bulk_create(
            Neighbour(model=model, area_id=area, position=position, neighbour_id=neighbour,
                      closeness=closeness)
            for area, position, neighbour, closeness in wanted)


def _store(reading: Reading, user) -> PublishedLoad:
    indicator_ids = dict(Indicator.objects.values_list("slug", "pk"))
    area_ids = dict(Area.objects.values_list("code", "pk"))
    held = {
        (o.indicator_id, o.area_id, o.year): o
        for o in Observation.objects.filter(indicator_id__in=[
            indicator_ids[slug] for slug in reading.kind.indicators])
    }
    load = PublishedLoad.objects.create(
        loaded_by=user if user and user.is_authenticated else None,
        file_name=reading.path.name, kind=reading.kind.name,
        sha256=reading.sha256,
        rows_read=reading.rows_read, rows_used=reading.rows_used, added=0, changed=0,
        unchanged=0)
    added, changed = [], []
    for obs in reading.observations:
        key = (indicator_ids[obs.indicator], area_ids[obs.area], obs.year)
        fields = {"value": _stored(obs.value), "symbol": obs.symbol, "count": _stored(obs.count)}
        record = held.get(key)
        if record is None:
            added.append(Observation(indicator_id=key[0], area_id=key[1], year=key[2],
                                     load=load, **fields))
        elif any(getattr(record, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(record, name, value)
            record.load = load
            changed.append(record)
    Observation.objects.bulk_create(added, batch_size=2000)
    Observation.objects.bulk_update(changed, ["value", "symbol", "count", "load"],
                                    batch_size=2000)
    load.added, load.changed = len(added), len(changed)
    load.unchanged = len(reading.observations) - len(added) - len(changed)
    load.save(update_fields=["added", "changed", "unchanged"])
    return load


def _stored(value: Decimal | None) -> Decimal | None:
    """A value as the database holds it (4 places; LAIT writes 4.6500000000000004)."""
    return None if value is None else value.quantize(PLACES)
