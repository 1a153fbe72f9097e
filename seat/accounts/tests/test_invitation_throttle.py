"""Codes typed or opened on /accounts/invitation/ are throttled as the experts' joining codes
are (seat.core.throttle): a code that opens nothing counts against the address and against the
code's first group; past the limit the page answers 429 with how long to wait, never a 500."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from seat.accounts.enums import Role
from seat.accounts.models import MemberInvitation
from seat.accounts.services import member_invitation_accept, member_invitation_create
from seat.core.onetime import code_digest
from seat.core.throttle import PER_ADDRESS, PER_PREFIX, WINDOW_SECONDS
from seat.people.services import join_code_create
from seat.tests.personas import make_member, make_org

pytestmark = pytest.mark.django_db


def guess(n: int) -> str:
    """A well-formed code that opens nothing, each with its own first group."""
    return f"{'ABCDEFGHJKMNPQRSTUVW'[n]}BCDE-FGHJK-MNPQR"


def made(world, role: str = Role.STAFF) -> str:
    _invitation, code = member_invitation_create(
        actor=world.admin_a, organisation=world.org_a, role=role
    )
    return code


def typed(client, code: str, address: str = "127.0.0.1"):
    """Type a code, and follow to the page that says what it opens."""
    response = client.post("/accounts/invitation/", {"code": code}, REMOTE_ADDR=address)
    if response.status_code == 302:
        response = client.get("/accounts/invitation/", REMOTE_ADDR=address)
    return response


def assert_held_up(response) -> None:
    assert response.status_code == 429
    assert response["Retry-After"] == str(WINDOW_SECONDS)
    assert "Too many codes that did not work were entered." in response.content.decode()
    assert "please wait 15 minutes" in response.content.decode()


def test_guessed_codes_are_held_up_per_address(client, world):
    code = made(world)
    for n in range(PER_ADDRESS):
        response = typed(client, guess(n))
        assert response.status_code == 404
        assert "This code does not open anything." in response.content.decode()
    assert_held_up(typed(client, code))
    assert_held_up(client.get("/accounts/invitation/"))
    # The link holds a code: even held up, its answer is a redirect, and the code is not kept.
    link = client.get(f"/accounts/invitation/{code}/")
    assert link.status_code == 302 and link["Location"] == "/accounts/invitation/"
    assert "seat_invitation_code" not in client.session
    assert_held_up(client.get("/accounts/invitation/"))
    # Someone at another address is not held up, and the code still works for them.
    other = typed(client, code, address="10.9.8.7")
    assert other.status_code == 200
    assert "Join Organisation A" in other.content.decode()


def test_guessing_the_rest_of_a_code_is_held_up_per_first_group(client, world):
    code = made(world)
    for n in range(PER_PREFIX):
        guess = f"{code[:5]}-ZZZZZ-ZZZZ{n + 2}"
        assert typed(client, guess, address=f"10.0.0.{n}").status_code == 404
    assert_held_up(typed(client, code, address="10.0.1.1"))
    assert MemberInvitation.objects.get(code_digest=code_digest(code)).used_at is None


def test_used_expired_and_cancelled_codes_count_as_failures(client, world):
    used = made(world)
    member_invitation_accept(code=used, user=make_member("someone", make_org("Other"), "staff"))
    expired = made(world)
    MemberInvitation.objects.filter(code_digest=code_digest(expired)).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    answers = {
        used: "This link has already been used, and works only once.",
        expired: "This link has expired: links work for 7 days.",
    }
    for _n in range(PER_ADDRESS // 2):
        for code, message in answers.items():
            response = typed(client, code)
            assert response.status_code == 410
            assert message in response.content.decode()
    assert_held_up(typed(client, made(world)))


def test_another_kind_of_code_opens_nothing_here_and_counts(client, world):
    """An expert's joining code (for organisation B, too) is not a colleague's invitation."""
    _code, shown = join_code_create(actor=world.staff_b, organisation=world.org_b)
    for n in range(PER_PREFIX):
        response = typed(client, shown, address=f"10.0.0.{n}")
        assert response.status_code == 404
        assert "This code does not open anything." in response.content.decode()
        assert "Organisation B" not in response.content.decode()
    assert_held_up(typed(client, shown, address="10.0.1.1"))


def test_malformed_codes_count_too(client, world):
    for n in range(PER_ADDRESS):
        assert typed(client, guess(n) * 3).status_code == 200  # too long for the form
    assert_held_up(typed(client, made(world)))


def test_a_good_code_after_a_few_mistakes_still_works(client, world):
    for n in range(PER_ADDRESS - 1):
        typed(client, guess(n))
    response = typed(client, made(world, Role.FINANCE))
    assert response.status_code == 200
    assert "Join Organisation A" in response.content.decode()
