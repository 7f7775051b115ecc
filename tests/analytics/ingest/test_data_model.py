"""docs/data-model.md is the contract the measures are written against: it must name
every stored table and column that the readers produce."""

from pathlib import Path

from smeaton.analytics.formats.spec import all_tables
from smeaton.analytics.store import CATALOGUE_SCHEMA, arrow_schema

DOC = (Path(__file__).resolve().parents[3] / "docs" / "data-model.md").read_text()


def test_every_table_and_column_is_documented_with_its_type():
    missing = []
    for table in all_tables():
        section = DOC.split(f"### `{table.name}`", 1)
        if len(section) == 1:
            missing.append(table.name)
            continue
        body = section[1].split("\n### ", 1)[0]
        for field in arrow_schema(table):
            if f"`{field.name}`" not in body:
                missing.append(f"{table.name}.{field.name}")
    assert not missing, f"not in docs/data-model.md: {missing}"


def test_the_catalogue_is_documented():
    assert all(f"`{name}`" in DOC for name in CATALOGUE_SCHEMA.names)
