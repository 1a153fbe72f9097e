"""The interactive API docs at /api/v1/docs come from this site, under the strict CSP."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, expect

from seat.core.middleware import CONTENT_SECURITY_POLICY


@pytest.mark.django_db
def test_the_docs_page_is_served_here_under_the_strict_policy(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    body = response.content.decode()
    assert "/static/apidocs/swagger-ui-bundle.js" in body
    assert "/static/apidocs/seat-docs.js" in body
    # Every script is a file of this site; the settings ride along as inert JSON.
    assert body.count("<script") == 3
    assert '<script id="swagger-settings" type="application/json">' in body
    assert "http://" not in body and "https://" not in body


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_docs_page_works_and_asks_nobody_else(live_server, browser: Browser):
    context = browser.new_context()
    page = context.new_page()
    requested: list[str] = []
    problems: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.on(
        "console",
        lambda message: problems.append(message.text) if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(f"{live_server.url}/api/v1/docs")
    expect(page.get_by_text("/api/v1/me/notifications").first).to_be_visible()
    expect(page.get_by_role("button", name="Authorize")).to_be_visible()
    page.wait_for_load_state("networkidle")
    here = urlsplit(live_server.url).netloc
    assert {urlsplit(url).netloc for url in requested if not url.startswith("data:")} == {here}
    # A script or style the policy refused shows as a console error.
    assert problems == []
    context.close()
