import pytest

from seat.tests.personas import Partners, World, make_partners, make_world


@pytest.fixture
def world(db: None) -> World:
    return make_world()


@pytest.fixture
def partners(world: World) -> Partners:
    return make_partners(world)


@pytest.fixture
def more(world: World) -> World:
    """The world, with organisation A's facilitator and survivor advisor and the platform operator
    (the people of seat/tests/test_permissions_more_roles.py's MORE_PEOPLE)."""
    from seat.accounts.enums import Role
    from seat.accounts.services import user_create
    from seat.tests.personas import PASSWORD, make_advisor, make_expert, make_member

    world.facilitator_a = make_member("facilitator-a", world.org_a, Role.FACILITATOR)  # type: ignore[attr-defined]
    world.advisor_a = make_advisor(make_expert("advisor-a", "Sabina").user, world.org_a)  # type: ignore[attr-defined, arg-type]
    operator = user_create(username="operator", password=PASSWORD)
    operator.is_staff = operator.is_superuser = True
    operator.save(update_fields=["is_staff", "is_superuser"])
    world.operator = operator  # type: ignore[attr-defined]
    return world
