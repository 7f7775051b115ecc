"""docs/validation-rules.md lists every rule, written from the registry."""

import runpy
from pathlib import Path

from smeaton.analytics.rules import registry

ROOT = Path(__file__).resolve().parents[3]


def test_the_tables_in_the_docs_are_written_from_the_registry():
    script = runpy.run_path(str(ROOT / "scripts" / "rule-table"))
    document = (ROOT / "docs" / "validation-rules.md").read_text(encoding="utf-8")
    assert script["written"](document) == document, "run scripts/rule-table"
    for _, code in registry():
        assert f"| `{code}` |" in document
