"""Each synthetic-returns test has its own Smeaton home, as the ingest tests do."""

from tests.analytics.ingest.conftest import home  # noqa: F401  (an autouse fixture)
