import pytest

from seat.tests.personas import Partners, World, make_partners, make_world


@pytest.fixture
def world(db: None) -> World:
    return make_world()


@pytest.fixture
def partners(world: World) -> Partners:
    return make_partners(world)
