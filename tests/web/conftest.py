"""What the web tests share: the published statistics, loaded once."""

import pytest

from smeaton.web.performance import loading
from smeaton.web.performance.models import Observation
from smeaton.web.performance.scorecard import Comparators


@pytest.fixture(scope="session")
def _published_once(django_db_setup, django_db_blocker):
    # Loading every LA's published figures takes seconds: do it once, outside the
    # per-test transactions, so every test reads the same real data.
    with django_db_blocker.unblock():
        if not Observation.objects.exists():
            loading.load_shipped()


@pytest.fixture
def published(_published_once, db):
    """The shipped published statistics, loaded; Plymouth's comparators."""
    if not Observation.objects.exists():  # a transactional test emptied the database
        loading.load_shipped()
    return Comparators.of("879")
