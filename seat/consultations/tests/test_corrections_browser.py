"""Corrections in the browser, on a phone-sized screen: staff move the last day of an open
consultation and the invited expert sees the new day and a message; the edit and cancel pages
pass axe."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import pytest
from django.utils import timezone
from django.utils.translation import override
from playwright.sync_api import Browser, expect

from seat.accounts.enums import Role
from seat.core.formats import format_day
from seat.tests.browser import PHONE, axe_source, click_and_wait, log_in, log_out, visit
from seat.tests.browser.test_accessibility import axe_violations, describe
from seat.tests.personas import (
    make_consultation,
    make_contribution,
    make_expert,
    make_invitation,
    make_member,
    make_org,
    make_project,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Set SEAT_SCREENSHOTS=<folder> to keep a picture of each page at 360 px, to look at.
SHOTS = os.environ.get("SEAT_SCREENSHOTS", "")


def shoot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def test_staff_move_the_last_day_and_the_expert_sees_it(live_server, browser: Browser) -> None:
    organisation = make_org("Dhaka Freedom Network")
    staff = make_member("nadia", organisation, Role.STAFF)
    tara = make_expert("tara", "Tara")
    rosa = make_expert("rosa", "Rosa")
    project = make_project(staff, organisation)
    consultation = make_consultation(staff, project, title="What should the helpline say first?")
    invitation = make_invitation(staff, consultation, tara)
    # Rosa has answered: the questions and a worse offer are locked, the page says so.
    make_contribution(make_invitation(staff, consultation, rosa, accept=True))
    other = make_consultation(staff, project, title="Which words should the campaign avoid?")
    make_invitation(staff, other, tara)
    new_day = timezone.localdate() + datetime.timedelta(days=45)
    base = live_server.url
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    found = {}

    log_in(page, base, "nadia")
    visit(page, f"{base}/projects/consultations/{consultation.pk}/")
    click_and_wait(page, page.get_by_role("link", name="Change the consultation"))
    expect(page.get_by_label("Questions, one per line")).to_be_disabled()
    shoot(page, "edit-open-consultation")
    if violations := axe_violations(page, axe_source()):
        found["edit"] = violations
    page.get_by_label("Last day to take part").fill(new_day.isoformat())
    click_and_wait(page, page.get_by_role("button", name="Save changes"))
    expect(
        page.get_by_text("Everyone invited who has not said no is told what changed.")
    ).to_be_visible()
    expect(page.locator("#history")).to_be_visible()
    expect(page.get_by_text("changed by nadia on")).to_be_visible()

    # A worse offer is refused, with its reason beside the field.
    click_and_wait(page, page.get_by_role("link", name="Change the consultation"))
    page.get_by_label("Pay rate").fill("10.00")
    click_and_wait(page, page.get_by_role("button", name="Save changes"))
    expect(page.get_by_text("The pay can go up, but not down.").first).to_be_visible()
    shoot(page, "edit-refused")
    if violations := axe_violations(page, axe_source()):
        found["edit, refused"] = violations

    # The cancel page, and its error when the message is left empty.
    visit(page, f"{base}/projects/consultations/{other.pk}/cancel/")
    shoot(page, "cancel")
    if violations := axe_violations(page, axe_source()):
        found["cancel"] = violations
    page.get_by_label("Your message to the people invited").fill(" ")
    page.evaluate("() => document.querySelector('textarea').removeAttribute('required')")
    click_and_wait(page, page.get_by_role("button", name="Cancel the consultation"))
    expect(page.get_by_text("Write a message to the people invited.").first).to_be_visible()
    shoot(page, "cancel-error")
    if violations := axe_violations(page, axe_source()):
        found["cancel, with an error"] = violations
    log_out(page)

    log_in(page, base, "tara")
    visit(page, f"{base}/me/invitations/{invitation.pk}/")
    with override("en"):
        shown = format_day(new_day)
    expect(page.locator("dl")).to_contain_text(shown)
    visit(page, f"{base}/me/inbox/")
    expect(page.get_by_text(f"The last day is now {shown}.")).to_be_visible()
    shoot(page, "expert-inbox")
    context.close()
    assert not found, describe(found)
