"""API tokens: made and revoked by their owner on /me/tokens/ or by `seat token`, stored as a
digest, sent as a bearer token; a revoked or unknown one is refused at once with a clear 401."""

from __future__ import annotations

import logging
import uuid
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from seat.api.models import ApiToken
from seat.api.services import MAX_LIVE_TOKENS, api_token_create, api_token_revoke
from seat.api.tokens import token_digest
from seat.core.models import AuditEvent

ME = "/api/v1/me"


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def make_token(client, form_key: uuid.UUID | None = None, name: str = "My script") -> str:
    response = client.post("/me/tokens/", {"name": name, "form_key": str(form_key or uuid.uuid4())})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    return response.context["shown"]


@pytest.mark.django_db
def test_a_token_is_shown_once_stored_as_a_digest_and_audited(client, world):
    client.force_login(world.staff_a)
    shown = make_token(client)
    assert shown.startswith("seat_") and len(shown) == 48
    token = ApiToken.objects.get()
    assert (token.user, token.name, token.digest) == (
        world.staff_a,
        "My script",
        token_digest(shown),
    )
    assert shown not in client.get("/me/tokens/").content.decode()
    assert list(
        AuditEvent.objects.filter(object_id=str(token.pk)).values_list("verb", "actor")
    ) == [("api_token.created", world.staff_a.pk)]
    page = client.get("/me/tokens/").content.decode()
    assert "My script" in page and "never used" in page


@pytest.mark.django_db
def test_the_same_form_twice_makes_one_token_and_the_second_secret_is_the_one_that_works(
    client, world
):
    client.force_login(world.staff_a)
    key = uuid.uuid4()
    first = make_token(client, key)
    second = make_token(client, key)
    assert ApiToken.objects.count() == 1
    assert client.get(ME, **bearer(first)).status_code == 401
    assert client.get(ME, **bearer(second)).status_code == 200


@pytest.mark.django_db
def test_a_nameless_token_and_one_too_many_are_refused_with_a_message(client, world):
    client.force_login(world.staff_a)
    response = client.post("/me/tokens/", {"name": "  ", "form_key": str(uuid.uuid4())})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    for n in range(MAX_LIVE_TOKENS):
        api_token_create(actor=world.staff_a, name=f"t{n}")
    response = client.post("/me/tokens/", {"name": "one more", "form_key": str(uuid.uuid4())})
    assert response.status_code == 400
    assert "You have 20 tokens that work, the most one person may have." in (
        response.content.decode()
    )
    assert ApiToken.objects.count() == MAX_LIVE_TOKENS


@pytest.mark.django_db
def test_a_token_revoked_mid_session_is_refused_at_once_with_clear_json(client, world):
    client.force_login(world.expert.user)
    shown = make_token(client)
    program = type(client)()
    assert program.get(ME, **bearer(shown)).json()["username"] == "expert"
    token = ApiToken.objects.get()
    assert client.post(f"/me/tokens/{token.pk}/revoke/").status_code == 302
    response = program.get(ME, **bearer(shown))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer error="invalid_token"'
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {
        "detail": "This token does not work: it was revoked, mistyped, or never existed. Make "
        "a new one on your tokens page (/me/tokens/)."
    }
    # Even the owner's signed-in browser sending it is refused: the token decides.
    assert client.get(ME, **bearer(shown)).status_code == 401
    assert client.get(ME).status_code == 200
    verbs = list(AuditEvent.objects.filter(object_id=str(token.pk)).values_list("verb", flat=True))
    assert sorted(verbs) == ["api_token.created", "api_token.revoked"]
    page = client.get("/me/tokens/").content.decode()
    assert "Revoked" in page and "last used on" in page


@pytest.mark.django_db
def test_nobody_revokes_or_sees_anyone_elses_token(client, world):
    token, shown = api_token_create(actor=world.staff_a, name="Staff A's script")
    client.force_login(world.staff_b)
    assert client.post(f"/me/tokens/{token.pk}/revoke/").status_code == 404
    assert "Staff A&#x27;s script" not in client.get("/me/tokens/").content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None
    assert client.get(ME, **bearer(shown)).json()["username"] == "staff-a"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "header",
    [
        "Bearer seat_" + "x" * 43,
        "Bearer nonsense",
        "Bearer ",
        "Basic c3RhZmYtYTpwYXNzd29yZA==",
        "seat_" + "x" * 43,
    ],
)
def test_unknown_or_malformed_tokens_get_401_json(client, world, header):
    response = client.get(ME, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer error="invalid_token"'
    assert response.json()["detail"].startswith("This token does not work")


@pytest.mark.django_db
def test_without_any_login_the_answer_says_how_to_authenticate(client, world):
    response = client.get(ME)
    assert (response.status_code, response["WWW-Authenticate"]) == (401, "Bearer")
    assert response.json() == {
        "detail": "Log in first, or send a token: Authorization: Bearer seat_…"
    }


@pytest.mark.django_db
def test_a_switched_off_account_s_tokens_stop_working(client, world):
    _token, shown = api_token_create(actor=world.staff_a, name="x")
    world.staff_a.is_active = False
    world.staff_a.save()
    assert client.get(ME, **bearer(shown)).status_code == 401


@pytest.mark.django_db
def test_tokens_are_never_logged(client, world, caplog):
    _token, shown = api_token_create(actor=world.staff_a, name="x")
    caplog.set_level(logging.DEBUG)
    client.get(ME, **bearer(shown))
    api_token_revoke(actor=world.staff_a, token=ApiToken.objects.get())
    client.get(ME, **bearer(shown))
    client.get(ME, HTTP_AUTHORIZATION=f"Token {shown}")
    client.get("/api/v1/me/notifications?page=nope", **bearer(shown))
    assert caplog.records, "the refusals are logged, by URL pattern"
    assert all(shown not in record.getMessage() for record in caplog.records)
    assert all(shown[5:] not in str(record.__dict__) for record in caplog.records)


@pytest.mark.django_db
def test_the_command_prints_a_new_working_token_each_time(client, world):
    out = StringIO()
    call_command("token", "staff-a", stdout=out)
    first = out.getvalue().strip()
    out = StringIO()
    call_command("token", "staff-a", "--name", "nightly export", stdout=out)
    second = out.getvalue().strip()
    assert first != second
    assert [t.name for t in ApiToken.objects.order_by("created_at")] == [
        "command line",
        "nightly export",
    ]
    for shown in (first, second):
        assert client.get(ME, **bearer(shown)).json()["username"] == "staff-a"


@pytest.mark.django_db
def test_the_command_refuses_an_unknown_or_switched_off_account(world):
    with pytest.raises(CommandError, match="There is no account “nobody”."):
        call_command("token", "nobody")
    world.viewer_a.is_active = False
    world.viewer_a.save()
    with pytest.raises(CommandError, match="The account “viewer-a” is switched off."):
        call_command("token", "viewer-a")
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_the_page_is_linked_from_where_she_is_logged_in_and_from_account_security(client, world):
    client.force_login(world.expert.user)  # not from her home: "API" is no word of hers
    assert 'href="/me/tokens/"' in client.get("/accounts/sessions/").content.decode()
    client.force_login(world.staff_a)
    assert 'href="/me/tokens/"' in client.get("/accounts/security/").content.decode()
