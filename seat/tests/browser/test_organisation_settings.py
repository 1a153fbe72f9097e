"""An admin changes the organisation's settings without JavaScript, and a new consultation's
form starts from them; the settings page is axe-clean and fits a 360 px phone."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from seat.accounts.enums import Role
from seat.accounts.models import Organisation
from seat.tests.browser import PHONE, axe_source, click_and_wait, visit
from seat.tests.browser.test_accessibility import (
    axe_violations,
    describe,
    log_in_with_second_step,
)
from seat.tests.personas import make_member, make_org, make_project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_admin_changes_the_settings_without_javascript_and_new_consultations_follow(
    live_server, browser: Browser
) -> None:
    organisation = make_org("Coastal Shelter Trust")
    admin = make_member("farhana", organisation, Role.ADMIN)
    project = make_project(admin, organisation, "Safer recruitment")
    base = live_server.url

    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    log_in_with_second_step(page, base, "farhana")
    visit(page, f"{base}/organisation/{organisation.pk}/")
    click_and_wait(page, page.get_by_role("link", name="Settings of the organisation"))
    page.get_by_label("Country").select_option("BD")
    page.get_by_label("Currency", exact=True).select_option("BDT")
    page.get_by_role("checkbox", name="বাংলা").check()
    page.get_by_label("Minimum lead time, in days").fill("21")
    page.get_by_label("Response target, in days").fill("20")
    page.get_by_label("Days to pay").fill("14")
    click_and_wait(page, page.get_by_role("button", name="Save the settings"))
    main = page.get_by_role("main")
    expect(main).to_contain_text("The settings are saved.")
    expect(main).to_contain_text("Minimum lead time, in days: 21")

    visit(page, f"{base}/projects/{project.pk}/consultations/new/")
    today = timezone.localdate()
    expect(page.get_by_label("Currency", exact=True)).to_have_value("BDT")
    expect(page.locator("#id_pay_within_days")).to_have_value("14")
    expect(page.locator("#id_opens_on")).to_have_value(today.isoformat())
    expect(page.locator("#id_deadline")).to_have_value(
        (today + datetime.timedelta(days=21)).isoformat()
    )
    expect(page.get_by_role("checkbox", name="বাংলা")).to_be_checked()
    expect(page.get_by_role("checkbox", name="English")).to_be_checked()
    expect(main).to_contain_text(
        "Coastal Shelter Trust gives people at least 21 days between the invitation and the "
        "last day."
    )
    context.close()
    organisation.refresh_from_db()
    assert (organisation.country, organisation.response_days) == ("BD", 20)


def test_the_settings_page_is_axe_clean_on_a_phone(live_server, browser: Browser) -> None:
    organisation = make_org("Coastal Shelter Trust")
    make_member("farhana", organisation, Role.ADMIN)
    Organisation.objects.filter(pk=organisation.pk).update(country="BD")
    base = live_server.url
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    log_in_with_second_step(page, base, "farhana")
    url = f"{base}/organisation/{organisation.pk}/settings/"
    visit(page, url)
    page.get_by_label("Minimum lead time, in days").fill("0")
    page.locator("form").last.evaluate("form => { form.noValidate = true; }")
    click_and_wait(page, page.get_by_role("button", name="Save the settings"))
    expect(page.locator(".field.has-error")).to_have_count(1)
    found = {}
    if violations := axe_violations(page, axe_source()):
        found["settings, with an error"] = violations
    visit(page, url)
    if violations := axe_violations(page, axe_source()):
        found["settings"] = violations
    # Nothing wider than the phone's screen.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    if shots := os.environ.get("SEAT_SCREENSHOTS"):
        page.screenshot(path=str(Path(shots) / "organisation-settings-360.png"), full_page=True)
    context.close()
    assert not found, describe(found)
