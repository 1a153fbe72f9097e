"""The Content-Security-Policy (default-src 'none', then only what Seat names) blocks nothing
Seat's own pages use: Chromium, with JavaScript on, reports no violation on the public pages, a
survivor's pages (with their scripts) and staff pages with the terminology check, whose script
calls back to Seat."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

from seat.accounts.enums import Role
from seat.tests.browser import PHONE, log_in, visit
from seat.tests.browser.test_survivor_pages import an_accepted_invitation
from seat.tests.personas import make_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def violations_on(page: Page) -> list[str]:
    """Chromium writes each refusal to the console ("... violates the following Content Security
    Policy directive ...")."""
    found: list[str] = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return found


def test_no_page_breaks_the_policy(live_server, browser: Browser) -> None:
    invitation = an_accepted_invitation()
    base = live_server.url
    page = browser.new_context(viewport=PHONE).new_page()
    violations = violations_on(page)
    for path in ["/", "/accounts/login/", "/language/", "/no-such-page/"]:
        visit(page, f"{base}{path}", 404 if "no-such" in path else 200)
    log_in(page, base, "tara")
    for path in [
        "/",
        f"/me/invitations/{invitation.pk}/",
        f"/me/invitations/{invitation.pk}/contribute/",
        "/me/consent/",
    ]:
        visit(page, f"{base}{path}")
        page.wait_for_load_state("networkidle")
    assert violations == []

    organisation = invitation.consultation.organisation
    make_member("omar", organisation, Role.STAFF)
    staff = browser.new_context(viewport=PHONE).new_page()
    violations = violations_on(staff)
    log_in(staff, base, "omar")
    project = invitation.consultation.project
    for path in ["/projects/", f"/projects/{project.pk}/consultations/new/"]:
        visit(staff, f"{base}{path}")
    # The terminology check asks Seat about the words as they are typed.
    with staff.expect_response(lambda response: response.request.method == "POST"):
        staff.get_by_label("Title").fill("A consultation for victims")
        staff.get_by_label("Title").blur()
    staff.wait_for_load_state("networkidle")
    assert violations == []
