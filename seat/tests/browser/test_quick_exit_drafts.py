"""The quick exit keeps a colleague's half-typed staff form, and nothing of a survivor's page.

The exit itself is not held up: the draft leaves with navigator.sendBeacon as the page goes.
"""

from __future__ import annotations

import time

import pytest
from django.db import OperationalError
from playwright.sync_api import Page, expect

from seat.accounts.enums import Role
from seat.accounts.models import FormDraft
from seat.tests.browser import click_and_wait, log_in, visit
from seat.tests.personas import (
    make_consultation,
    make_expert,
    make_invitation,
    make_member,
    make_org,
    make_project,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TYPED = "Pre-departure training, half planned"


def route_the_exit(page: Page, base: str) -> list[str]:
    """Let /exit/ run for real, then stand in for the neutral site (the network is closed).
    Returns the list the draft beacons are recorded in."""

    def exit_then_stand_in(route):  # type: ignore[no-untyped-def]
        # The test server shares one in-memory SQLite connection between its threads: a beacon
        # still being saved when /exit/ starts a transaction fails both ("cannot start a
        # transaction within a transaction"), which a real server's own connections never do.
        if beacons:
            wait_for_drafts(len(beacons))
        route.fetch(max_redirects=0)
        route.fulfill(body="<!doctype html><title>Search</title>", content_type="text/html")

    beacons: list[str] = []
    page.route(f"{base}/exit/", exit_then_stand_in)
    page.on(
        "request",
        lambda request: beacons.append(request.url) if "/accounts/drafts/" in request.url else None,
    )
    return beacons


def wait_for_drafts(count: int) -> None:
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            if FormDraft.objects.count() == count:
                return
        except OperationalError:
            # "database table is locked": the server thread is saving the beacon in the shared
            # in-memory database this very moment (seen in a full run); ask again.
            pass
        time.sleep(0.05)


def test_escape_on_a_half_filled_staff_form_keeps_the_draft_for_the_next_login(
    live_server, page: Page
) -> None:
    make_member("nadia", make_org("Bridgeway"), Role.STAFF)
    base = live_server.url
    beacons = route_the_exit(page, base)
    log_in(page, base, "nadia")
    visit(page, f"{base}/projects/new/")
    page.fill("#id_title", TYPED)
    page.select_option("#id_stage", "evaluation")

    with page.expect_navigation(url=f"{base}/exit/"):
        page.keyboard.press("Escape")
    expect(page).to_have_title("Search")
    wait_for_drafts(1)
    assert beacons == [f"{base}/accounts/drafts/"]
    draft = FormDraft.objects.get()
    assert draft.path == "/projects/new/"

    # The next login offers it back; nothing is filled in until the person asks.
    log_in(page, base, "nadia")
    notice = page.locator("form.note", has_text="You left a form with the quick exit")
    expect(notice).to_be_visible()
    click_and_wait(page, notice.get_by_role("link", name="Open the form"))
    expect(page.locator("#id_title")).to_have_value("")
    page.get_by_role("button", name="Put back what I typed").click()
    expect(page.locator("#id_title")).to_have_value(TYPED)
    expect(page.locator("#id_stage")).to_have_value("evaluation")
    expect(page.locator("#id_title")).to_be_focused()

    # Sending the form forgets the draft.
    page.fill("#id_summary", "Training for licensed recruitment agents.")
    click_and_wait(page, page.get_by_role("button", name="Create project"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TYPED)
    wait_for_drafts(0)
    assert FormDraft.objects.count() == 0


def test_escape_on_a_survivor_page_keeps_nothing_and_leaves_at_once(
    live_server, page: Page
) -> None:
    organisation = make_org("Bridgeway")
    staff = make_member("nadia", organisation, Role.STAFF)
    expert = make_expert("tara", "Tara")
    invitation = make_invitation(
        staff, make_consultation(staff, make_project(staff, organisation)), expert, accept=True
    )
    base = live_server.url
    beacons = route_the_exit(page, base)
    log_in(page, base, "tara")
    visit(page, f"{base}/me/invitations/{invitation.pk}/contribute/")
    page.locator("textarea").first.fill("Something I would rather nobody saw")

    with page.expect_navigation(url=f"{base}/exit/"):
        page.keyboard.press("Escape")
    expect(page).to_have_title("Search")
    time.sleep(0.5)
    assert beacons == []
    assert FormDraft.objects.count() == 0
