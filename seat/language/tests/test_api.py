"""``POST /api/v1/language/check``: no login, size-limited, rate-limited per client address."""

from __future__ import annotations

import json

import pytest
from django.test import Client

URL = "/api/v1/language/check"


def post(client: Client, body: object, **extra: str):
    return client.post(URL, json.dumps(body), content_type="application/json", **extra)


def test_findings_come_back_with_the_same_fields_as_the_cli(client):
    response = post(
        client, {"text": "Our consultation.\nShare your story, rescued girls!", "lang": "en"}
    )
    assert response.status_code == 200
    assert response.json() == {
        "lang": "en",
        "findings": [
            {
                "line": 2,
                "column": 1,
                "start": 18,
                "end": 34,
                "text": "Share your story",
                "rule": "story-extraction",
                "severity": "warning",
                "suggestions": [
                    "What do you recommend we change?",
                    "What should this programme know to do this well?",
                    "Share your expertise and recommendations",
                ],
                "reason": "Asks people to retell their trauma; ask for their expertise and "
                "recommendations instead, and never make a story the price of a seat.",
            },
            {
                "line": 2,
                "column": 19,
                "start": 36,
                "end": 49,
                "text": "rescued girls",
                "rule": "rescued",
                "severity": "warning",
                "suggestions": [
                    "women who were supported",
                    "girls who were identified and assisted",
                    "survivors",
                ],
                "reason": "Casts people as passive objects of a saviour; they are survivors with "
                "their own agency.",
            },
        ],
    }


def test_clean_text_has_no_findings_and_lang_defaults_to_english(client):
    response = post(client, {"text": "We pay every contributor within 30 days."})
    assert (response.status_code, response.json()) == (200, {"lang": "en", "findings": []})


def test_auto_answers_in_the_language_it_detected(client):
    response = post(client, {"text": "আপনার গল্প বলুন", "lang": "auto"})
    body = response.json()
    assert (body["lang"], [f["rule"] for f in body["findings"]]) == ("bn", ["story-extraction"])


@pytest.mark.django_db
def test_no_login_and_no_csrf_token_are_needed_even_for_a_signed_in_browser(world):
    browser = Client(enforce_csrf_checks=True)
    assert post(browser, {"text": "pimps"}).status_code == 200
    browser.force_login(world.staff_a)
    assert post(browser, {"text": "pimps"}).status_code == 200


@pytest.mark.parametrize(
    ("body", "status", "detail"),
    [
        (
            {"text": "x", "lang": "tlh"},
            422,
            "Unknown language “tlh”. Choose one of: auto, ar, bn, en, es, fr, hi, id, km, ne, tl.",
        ),
        ({"text": "  \n "}, 422, "Nothing to check: the text is empty."),
        (
            {"text": "a" * 100_001},
            413,
            "The text is too long: the most this checks at once is 100,000 characters.",
        ),
    ],
)
def test_bad_requests_get_a_clear_message(client, body, status, detail):
    response = post(client, body)
    assert (response.status_code, response.json()) == (status, {"detail": detail})


def test_the_longest_text_allowed_is_checked(client):
    text = ("Survivors lead. " * 6250)[:99_995] + " pimp"
    assert len(text) == 100_000
    response = post(client, {"text": text})
    assert [f["start"] for f in response.json()["findings"]] == [99_996]


def test_a_body_without_text_is_a_validation_error(client):
    response = post(client, {"lang": "en"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "text"]


def test_each_address_is_limited_per_minute(client, settings):
    settings.SEAT_LANGUAGE_CHECKS_PER_MINUTE = 3
    statuses = [post(client, {"text": "ok"}).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = post(client, {"text": "ok"})
    assert refused.json() == {
        "detail": "Too many checks from this address. Wait a minute and try again."
    }
    assert 1 <= int(refused["Retry-After"]) <= 60
    # Another address has its own allowance.
    assert post(client, {"text": "ok"}, REMOTE_ADDR="10.0.0.9").status_code == 200


def test_behind_trusted_proxies_the_forwarded_address_is_limited(client, settings):
    settings.SEAT_LANGUAGE_CHECKS_PER_MINUTE = 1
    settings.SEAT_TRUSTED_PROXIES = ["127.0.0.1"]  # the test client's address
    first = {"HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    second = {"HTTP_X_FORWARDED_FOR": "203.0.113.1, 198.51.100.8"}
    assert post(client, {"text": "ok"}, **first).status_code == 200
    assert post(client, {"text": "ok"}, **first).status_code == 429
    assert post(client, {"text": "ok"}, **second).status_code == 200
    # A caller that is not a trusted proxy cannot pick a new address for each request.
    spoofed = {"REMOTE_ADDR": "192.0.2.5"}
    assert (
        post(client, {"text": "ok"}, HTTP_X_FORWARDED_FOR="10.1.1.1", **spoofed).status_code == 200
    )
    assert (
        post(client, {"text": "ok"}, HTTP_X_FORWARDED_FOR="10.1.1.2", **spoofed).status_code == 429
    )


def test_the_openapi_document_describes_the_endpoint(client):
    document = client.get("/api/v1/openapi.json").json()
    operation = document["paths"][URL]["post"]
    assert operation["summary"] == "Check text for labelling and stigmatising terms"
    assert set(operation["responses"]) == {"200", "400", "413", "422", "429", "503"}


def test_auto_on_a_short_text_names_every_lexicon_it_used(client):
    body = post(client, {"text": "Niñas rescatadas", "lang": "auto"}).json()
    assert (body["lang"], [f["text"] for f in body["findings"]]) == (
        "en+es+fr+id+tl",
        ["Niñas rescatadas"],
    )
