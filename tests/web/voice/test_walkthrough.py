"""Defects a walkthrough of the voice pages found: each test failed before its fix."""

import pytest


@pytest.mark.parametrize("address", [
    "/voice/you-said-we-did/?priority=²",
    "/voice/you-said-we-did/?priority=99999999999999999999",
    "/voice/feedback/?theme=²",
    "/voice/feedback/?theme=99999999999999999999",
    "/voice/feedback/?priority=99999999999999999999",
])
def test_a_bad_filter_is_ignored(client_as, participation, priority, address):
    assert client_as(participation).get(address).status_code == 200
