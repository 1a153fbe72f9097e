"""An expert on a phone with JavaScript off finds paid work from her home page, filters, applies
and withdraws; staff move an application. Every page passes axe."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import Browser, expect

from seat.accounts.enums import Role
from seat.opportunities.models import Application
from seat.opportunities.services import OpportunityInput, opportunity_create
from seat.opportunities.tests.helpers import opportunity_input
from seat.tests.browser import PHONE, axe_source, click_and_wait, log_in, log_out, visit
from seat.tests.browser.test_accessibility import axe_violations, describe
from seat.tests.personas import make_expert, make_member, make_org

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def offer(staff, organisation, **overrides):  # type: ignore[no-untyped-def]
    data: OpportunityInput = opportunity_input(**overrides)
    return opportunity_create(actor=staff, organisation=organisation, data=data, publish=True)


def test_an_expert_finds_applies_and_withdraws_without_javascript(
    live_server, browser: Browser
) -> None:
    organisation = make_org("Bridgeway")
    staff = make_member("imran", organisation, Role.STAFF)
    make_expert("tara", "Tara")
    offer(staff, organisation)
    adviser = offer(
        staff,
        organisation,
        kind="consultant",
        title="Remote adviser",
        remote=True,
        place="",
        languages=["en"],
        pay_amount=Decimal("40"),
        pay_currency="USD",
    )
    base = live_server.url
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    main = page.get_by_role("main")
    # The apply form itself, on an opportunity she has not applied for.
    pages: dict[str, tuple[str, str]] = {
        "apply form": ("tara", f"{base}/opportunities/see/{adviser.pk}/")
    }

    log_in(page, base, "tara")
    click_and_wait(page, main.get_by_role("link", name="Find paid work, training and grants"))
    pages["list"] = ("tara", page.url)
    expect(main.get_by_text("Remote adviser")).to_be_visible()
    main.get_by_text("Choose what to show").click()
    main.get_by_label("Language").select_option("bn")
    click_and_wait(page, main.get_by_role("button", name="Show"))
    pages["list, filtered"] = ("tara", page.url)
    expect(main.get_by_text("Remote adviser")).to_have_count(0)
    click_and_wait(page, main.get_by_role("link", name="Trainer for police sensitisation"))
    pages["opportunity"] = ("tara", page.url)
    expect(main.get_by_text("your chosen name")).to_be_visible()
    main.get_by_label("A short note (optional)").fill("I can start next month.")
    click_and_wait(page, main.get_by_role("button", name="Apply"))
    pages["my applications"] = ("tara", page.url)
    expect(main.get_by_text("The organisation has your application.")).to_be_visible()
    log_out(page)

    log_in(page, base, "imran")
    visit(page, f"{base}/opportunities/")
    pages["organisation's list"] = ("imran", page.url)
    click_and_wait(page, main.get_by_role("link", name="Trainer for police sensitisation"))
    pages["organisation's opportunity"] = ("imran", page.url)
    expect(main.get_by_text("I can start next month.")).to_be_visible()
    main.get_by_label("Move to").select_option("shortlisted")
    click_and_wait(page, main.get_by_role("button", name="Save and tell her"))
    log_out(page)

    log_in(page, base, "tara")
    visit(page, f"{base}/opportunities/mine/")
    expect(main.get_by_text("You are on the shortlist.")).to_be_visible()
    click_and_wait(page, main.get_by_role("button", name="Withdraw my application"))
    assert Application.objects.get().status == "withdrawn"
    context.close()

    # axe-core needs JavaScript: the same pages, checked in a context that has it.
    found: dict[str, list[dict]] = {}
    for who in ("tara", "imran"):
        context = browser.new_context(viewport=PHONE)
        page = context.new_page()
        log_in(page, base, who)
        for name, (person, url) in pages.items():
            if person == who:
                visit(page, url)
                found[name] = axe_violations(page, axe_source())
        context.close()
    found = {name: v for name, v in found.items() if v}
    assert not found, describe(found)
