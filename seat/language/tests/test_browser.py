"""The live check in a real browser: findings appear under the field as staff type, the page
stays accessible, saving is never blocked, and without JavaScript the server shows them."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from seat.accounts.enums import Role
from seat.tests.browser import axe_source, click_and_wait, log_in, visit
from seat.tests.browser.test_accessibility import axe_violations, describe
from seat.tests.personas import make_member, make_org, make_project


def _days(n: int) -> str:
    """A date n days from today, as a date input takes it (tests must not age out of bounds)."""
    return (timezone.localdate() + datetime.timedelta(days=n)).isoformat()


pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_the_rest(page: Page) -> None:
    page.fill("#id_purpose", "Your advice decides the shelter rules.")
    page.select_option("#id_stage", "design")
    page.select_option("#id_material_state", "concept")
    page.select_option("#id_influence", "collaborate")
    page.fill("#id_opens_on", _days(30))
    page.fill("#id_deadline", _days(60))
    page.fill("#id_expected_hours", "2")
    page.fill("#id_pay_rate", "30.00")
    page.select_option("#id_pay_unit", "hour")
    page.select_option("#id_pay_method", "cash")
    page.check("input[name=languages][value=en]")
    page.fill("#id_support_name", "Peer line")


def test_findings_follow_the_text_as_staff_type_and_never_block(live_server, page: Page) -> None:
    organisation = make_org("Dhaka Freedom Network")
    make_member("nadia", organisation, Role.STAFF)
    project = make_project(make_member("lead", organisation, Role.ADMIN), organisation)
    refused: list[str] = []
    page.on(
        "console",
        lambda message: refused.append(message.text) if "Refused" in message.text else None,
    )
    base = live_server.url
    log_in(page, base, "nadia")
    visit(page, f"{base}/projects/{project.pk}/consultations/new/")

    title = page.locator("#id_title_terminology")
    page.locator("#id_title").press_sequentially("Rescued girls and the shelter rules")
    expect(title).to_contain_text("“Rescued girls”")
    expect(title).to_contain_text(
        "Try: “women who were supported”, “girls who were identified and assisted”, “survivors”"
    )
    page.fill("#id_title", "Shelter rules")
    page.locator("#id_title").press_sequentially(" for everyone")
    expect(title).to_be_empty()

    questions = page.locator("#id_questions_terminology")
    page.locator("#id_questions").press_sequentially(
        "Which rule would you change first?\nTell us your story."
    )
    expect(questions).to_contain_text("Line 2")
    expect(questions).to_contain_text("“Tell us your story”")
    violations = axe_violations(page, axe_source())
    assert not violations, describe({"consultation form with live findings": violations})

    fill_the_rest(page)
    click_and_wait(page, page.get_by_role("button", name="Save as draft"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Shelter rules for everyone")
    panel = page.locator(".terminology-panel")
    expect(panel).to_contain_text("“Tell us your story”")
    violations = axe_violations(page, axe_source())
    assert not violations, describe({"draft with findings": violations})
    assert refused == []


def test_without_javascript_the_server_shows_findings_next_to_the_field(
    live_server, browser: Browser
) -> None:
    organisation = make_org("Kathmandu Collective")
    make_member("nadia", organisation, Role.STAFF)
    project = make_project(make_member("lead", organisation, Role.ADMIN), organisation)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    base = live_server.url
    log_in(page, base, "nadia")
    visit(page, f"{base}/projects/{project.pk}/consultations/new/")
    page.fill("#id_title", "Voices of former victims")
    fill_the_rest(page)
    page.fill("#id_deadline", _days(10))  # before the opening day: the form comes back
    page.fill("#id_questions", "What should change first?")
    click_and_wait(page, page.get_by_role("button", name="Save as draft"))
    expect(page.locator("#id_title_terminology")).to_contain_text("“former victims”")
    page.fill("#id_deadline", _days(60))
    click_and_wait(page, page.get_by_role("button", name="Save as draft"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Voices of former victims")
    expect(page.locator(".terminology-panel")).to_contain_text("“former victims”")
    context.close()
