"""`seat create-organisation` and the Django admin: an organisation and its first admin, who
chooses a password with a one-time link (never on the command line)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from seat.accounts.enums import OrganisationKind, Role
from seat.accounts.models import MemberInvitation, Membership, Organisation, User
from seat.cli import main
from seat.core.models import AuditEvent
from seat.tests.personas import PASSWORD, make_member, make_org, verify_second_factor

NEW_PASSWORD = "a long and unusual passphrase 42"


@pytest.fixture(autouse=True)
def keep_the_tests_database_connection(monkeypatch):
    """A command run from the command line closes every database connection when it ends; in a
    test that is the test's own connection, which PostgreSQL then refuses to use."""
    from django.db import connections

    monkeypatch.setattr(connections, "close_all", lambda: None)


def run(capsys, *args: str) -> tuple[int, str, str]:
    """The command as typed in a shell: exit status, standard output, standard error. (System
    checks are skipped: the tests' in-memory login-throttling cache would warn.)"""
    try:
        main(["create-organisation", *args, "--skip-checks"])
        status = 0
    except SystemExit as exit:
        status = int(exit.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.django_db
def test_without_seat_base_url_it_prints_paths_and_says_where_to_open_them(capsys, settings):
    settings.SEAT_BASE_URL_SET = False
    status, out, _err = run(capsys, "Coastal Shelter Trust", "--kind", "ngo", "--admin", "amina")
    lines = out.splitlines()
    code = link_in(out).split("/")[-2]
    assert status == 0
    # No guessed address: the server may listen on any port (`seat demo --port 8001`).
    assert "8000" not in out and "http" not in out.replace("https://seat.example.org", "")
    assert lines[2:5] == [
        f"  /accounts/invitation/{code}/",
        f"Or the code {code}, typed at /accounts/invitation/.",
        "These are addresses on this Seat server: open them at the address people reach it at, "
        "for example https://seat.example.org/accounts/invitation/. Set SEAT_BASE_URL to have "
        "the whole link printed.",
    ]


@pytest.mark.django_db
def test_with_seat_base_url_it_prints_the_whole_link(capsys, settings):
    settings.SEAT_BASE_URL = "https://seat.example.net:8443/"
    settings.SEAT_BASE_URL_SET = True
    status, out, _err = run(capsys, "Coastal Shelter Trust", "--kind", "ngo", "--admin", "amina")
    lines = out.splitlines()
    code = link_in(out).split("/")[-2]
    assert status == 0
    assert lines[2:4] == [
        f"  https://seat.example.net:8443/accounts/invitation/{code}/",
        f"Or the code {code}, typed at https://seat.example.net:8443/accounts/invitation/.",
    ]
    assert "SEAT_BASE_URL" not in out


def link_in(text: str) -> str:
    return re.search(r"(/accounts/invitation/[A-Z0-9-]+/)", text).group(1)  # type: ignore[union-attr]


@pytest.mark.django_db
def test_creates_the_organisation_and_its_admin_who_chooses_a_password_with_the_link(
    capsys, client
):
    status, out, err = run(capsys, "Coastal Shelter Trust", "--kind", "ngo", "--admin", "amina")
    assert (status, err) == (0, "")
    organisation = Organisation.objects.get()
    assert (organisation.name, organisation.kind) == ("Coastal Shelter Trust", "ngo")
    admin = User.objects.get(username="amina")
    assert not admin.has_usable_password()
    assert list(Membership.objects.values_list("user__username", "organisation__name", "role")) == [
        ("amina", "Coastal Shelter Trust", Role.ADMIN)
    ]
    link = link_in(out)
    code = link.split("/")[-2]
    # Only the digest is kept: the code itself is nowhere in the database.
    invitation = MemberInvitation.objects.get()
    assert code not in str(list(MemberInvitation.objects.values_list()))
    assert (invitation.for_user, invitation.role) == (admin, Role.ADMIN)

    # The link's address holds the code; the page itself is at a bare address.
    response = client.get(link)
    assert response["Location"] == "/accounts/invitation/"
    page = client.get("/accounts/invitation/")
    assert page.status_code == 200
    assert "amina" in page.content.decode() and "Coastal Shelter Trust" in page.content.decode()

    response = client.post(
        "/accounts/invitation/", {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert User.objects.get(username="amina").check_password(NEW_PASSWORD)
    # Logged in, and as an admin sent to set up the second step first.
    assert client.get("/projects/")["Location"] == "/accounts/two-factor/setup/"
    assert list(AuditEvent.objects.order_by("id").values_list("verb", flat=True)) == [
        "organisation.create",
        "user.create",
        "membership.grant",
        "member_invitation.create",
        "user.password_set",
    ]


@pytest.mark.django_db
def test_the_setup_link_works_once(capsys, client):
    _status, out, _err = run(capsys, "Coastal Shelter Trust", "--kind", "ngo", "--admin", "amina")
    link = link_in(out)
    client.get(link)
    client.post("/accounts/invitation/", {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    other = client.__class__()
    other.get(link)
    page = other.get("/accounts/invitation/")
    assert page.status_code == 410
    assert "already been used" in page.content.decode()
    response = other.post(
        "/accounts/invitation/", {"password1": "another password 99x", "password2": "x"}
    )
    assert response.status_code == 200  # the page to type a code; nothing changed
    assert User.objects.get(username="amina").check_password(NEW_PASSWORD)


@pytest.mark.django_db
def test_a_weak_password_is_refused_and_the_link_still_works(capsys, client):
    _status, out, _err = run(capsys, "Coastal Shelter Trust", "--kind", "ngo", "--admin", "amina")
    client.get(link_in(out))
    response = client.post(
        "/accounts/invitation/", {"password1": "password", "password2": "password"}
    )
    assert response.status_code == 200
    assert "This password is too common." in response.content.decode()
    mismatch = client.post(
        "/accounts/invitation/", {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "!"}
    )
    assert "The two passwords are not the same" in mismatch.content.decode()
    assert not User.objects.get(username="amina").has_usable_password()
    assert MemberInvitation.objects.get().used_at is None


@pytest.mark.django_db
def test_expired_and_guessed_codes_say_so(capsys, client):
    _status, out, _err = run(capsys, "Coastal Shelter Trust", "--kind", "ngo", "--admin", "amina")
    MemberInvitation.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    client.get(link_in(out))
    page = client.get("/accounts/invitation/")
    assert page.status_code == 410
    assert "This link has expired: links work for 7 days." in page.content.decode()

    # Typed by hand: a well-formed code that nobody made, and something that is not a code.
    for typed in ("ABCDE-FGHJK-MNPQR", "hello"):
        client.post("/accounts/invitation/", {"code": typed})
        page = client.get("/accounts/invitation/")
        assert page.status_code == 404
        assert "This code does not open anything." in page.content.decode()
    assert not User.objects.get(username="amina").has_usable_password()


@pytest.mark.django_db
def test_a_code_typed_by_hand_forgives_case_spaces_and_dashes(capsys, client):
    _status, out, _err = run(capsys, "Coastal Shelter Trust", "--kind", "ngo", "--admin", "amina")
    code = link_in(out).split("/")[-2]
    client.post("/accounts/invitation/", {"code": " " + code.lower().replace("-", " ")})
    page = client.get("/accounts/invitation/")
    assert page.status_code == 200
    assert "Choose your password" in page.content.decode()


@pytest.mark.django_db
def test_an_existing_account_is_made_admin_and_keeps_its_password(capsys):
    other = make_org("Organisation B")
    make_member("amina", other, Role.STAFF)
    status, out, err = run(
        capsys, "Coastal Shelter Trust", "--kind", "survivor_led", "--admin", "amina"
    )
    assert (status, err) == (0, "")
    assert "/accounts/invitation/" not in out
    assert "logs in with their own password" in out
    assert MemberInvitation.objects.count() == 0
    assert dict(
        User.objects.get(username="amina").memberships.values_list("organisation__name", "role")
    ) == {
        "Organisation B": Role.STAFF,
        "Coastal Shelter Trust": Role.ADMIN,
    }
    assert User.objects.get(username="amina").check_password(PASSWORD)


@pytest.mark.django_db
def test_an_unknown_kind_is_a_usage_error_and_saves_nothing(capsys):
    status, out, err = run(capsys, "Coastal Shelter Trust", "--kind", "charity", "--admin", "amina")
    assert status == 2
    assert "invalid choice: 'charity'" in err and "ngo" in err
    assert (Organisation.objects.count(), User.objects.count()) == (0, 0)


@pytest.mark.django_db
def test_a_name_taken_in_any_case_is_refused_and_saves_nothing(capsys):
    make_org("Coastal Shelter Trust")
    status, out, err = run(capsys, "  coastal  shelter TRUST ", "--kind", "ngo", "--admin", "amina")
    assert status == 1
    assert err == (
        "CommandError: An organisation named “coastal shelter TRUST” already exists. "
        "Choose another name.\n"
    )
    assert (Organisation.objects.count(), User.objects.count(), AuditEvent.objects.count()) == (
        1,
        0,
        0,
    )


@pytest.mark.django_db
def test_a_username_that_cannot_be_leaves_no_organisation_behind(capsys):
    status, out, err = run(
        capsys, "Coastal Shelter Trust", "--kind", "ngo", "--admin", "amina khan"
    )
    assert status == 1
    assert "“amina khan” cannot be a username" in err
    assert (Organisation.objects.count(), User.objects.count(), AuditEvent.objects.count()) == (
        0,
        0,
        0,
    )


@pytest.mark.django_db
def test_the_django_admin_creates_an_organisation_with_its_first_admin(client):
    root = User.objects.create_superuser(username="root", password=None)
    verify_second_factor(client, root)
    response = client.post(
        "/admin/accounts/organisation/add/",
        {"name": "Coastal Shelter Trust", "kind": OrganisationKind.NGO, "admin_username": "amina"},
        follow=True,
    )
    assert response.status_code == 200
    organisation = Organisation.objects.get()
    assert list(organisation.memberships.values_list("user__username", "role")) == [
        ("amina", Role.ADMIN)
    ]
    body = response.content.decode()
    assert "http://testserver/accounts/invitation/" in body
    assert AuditEvent.objects.filter(verb="organisation.create", actor=root).count() == 1

    # A second admin from the change page; a taken name is a form error, nothing saved.
    make_org("Organisation B")
    response = client.post(
        f"/admin/accounts/organisation/{organisation.pk}/change/",
        {
            "name": "organisation b",
            "kind": OrganisationKind.NGO,
            "country": "",
            "default_currency": "USD",
            "admin_username": "omar",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert not User.objects.filter(username="omar").exists()
    response = client.post(
        f"/admin/accounts/organisation/{organisation.pk}/change/",
        {
            "name": "Coastal Shelter Trust",
            "kind": OrganisationKind.NGO,
            "country": "",
            "default_currency": "USD",
            "admin_username": "omar",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    assert sorted(organisation.memberships.values_list("user__username", "role")) == [
        ("amina", Role.ADMIN),
        ("omar", Role.ADMIN),
    ]


@pytest.mark.django_db
def test_a_new_setup_code_replaces_the_old_one(capsys, client):
    from seat.accounts.services import organisation_admin_add

    _status, out, _err = run(capsys, "Coastal Shelter Trust", "--kind", "ngo", "--admin", "amina")
    old = link_in(out)
    again = organisation_admin_add(
        actor=None, organisation=Organisation.objects.get(), username="amina"
    )
    assert (again.setup_code is not None, again.replaced) == (True, 1)
    client.get(old)
    page = client.get("/accounts/invitation/")
    assert page.status_code == 410
    assert "This link was cancelled." in page.content.decode()
