"""Every loader fuzzed (see tests/analytics/fuzzing.py): any input gives stored rows and
problems, or one refusal, each problem a line; never a traceback; a refused load
changes nothing in the store.

The examples per test come from the Hypothesis profile: ``smeaton`` (the default, a
few hundred in all, well under a minute) or ``HYPOTHESIS_PROFILE=fuzz`` for more;
benchmarks/fuzz.py runs thousands per loader.
"""

import os

import pytest
from hypothesis import HealthCheck, given, settings

from tests.analytics.fuzzing import LOADERS

settings.register_profile("smeaton", max_examples=25, deadline=None, derandomize=True,
                          database=None, suppress_health_check=list(HealthCheck))
settings.register_profile("fuzz", max_examples=1_000, deadline=None, database=None,
                          suppress_health_check=list(HealthCheck))
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "smeaton")


@pytest.mark.parametrize("kind", ["structured", "raw"])
@pytest.mark.parametrize("loader", sorted(LOADERS))
def test_a_loader_stores_rows_and_problems_or_refuses_in_one_line(loader, kind, tmp_path,
                                                                  monkeypatch):
    monkeypatch.setenv("SMEATON_HOME", str(tmp_path / "home"))
    for variable in ("SMEATON_PSEUDONYM_KEY", "SMEATON_REIDENTIFICATION_KEY"):
        monkeypatch.delenv(variable, raising=False)
    harness, structured, raw = LOADERS[loader]
    running = harness(tmp_path)

    @settings(settings.get_profile(PROFILE))
    @given(structured if kind == "structured" else raw)
    def load(files):
        running.load(files)

    load()
