import pytest

from seat.tests.personas import World, make_world


@pytest.fixture
def world(db: None) -> World:
    return make_world()
