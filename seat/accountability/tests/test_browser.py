"""Closing the loop in a real browser, through the UI only: she gives her input on a phone with
JavaScript off; staff find it among the input to answer, say it is under consideration, then
decide; they write the report on what came of the consultation and send it; she follows it
from "My input" to the report, in Bengali, her language, with the original's translation."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from seat.accountability.models import OutcomeDelivery
from seat.accounts.enums import Role
from seat.tests.browser import PHONE, click_and_wait, log_in, log_out
from seat.tests.browser.test_loop import (
    ANSWER_1,
    CONSULTATION,
    expert_accepts_invitation,
    expert_contributes,
    staff_creates_and_opens_a_consultation,
)
from seat.tests.personas import PASSWORD, make_expert, make_link, make_member, make_org

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEARD = "Everyone asked us to teach the legal fee limits first."
HEARD_BN = "সবাই আমাদের প্রথমে আইনি ফি-এর সীমা শেখাতে বলেছেন।"


def respond(page: Page, outcome: str, reason: str) -> None:
    page.get_by_role("radio", name=outcome).check()
    page.fill("#id_reason", reason)
    click_and_wait(
        page, page.get_by_role("button", name=re.compile("Send response|Update response"))
    )
    expect(page.get_by_role("status")).to_have_text(
        "Your response is saved and shared with the contributor."
    )


def staff_answer_and_report(page: Page, base: str) -> None:
    log_in(page, base, "nadia")
    click_and_wait(page, page.get_by_role("link", name="Input to answer: what awaits a response"))
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name=CONSULTATION)).to_be_visible()
    expect(main).to_contain_text("1 waiting for a response")
    click_and_wait(page, main.get_by_role("link", name="Tara", exact=True))
    expect(page.get_by_text(ANSWER_1)).to_be_visible()
    respond(page, "Under consideration", "The board decides on the module in March.")
    expect(page.get_by_role("main")).to_contain_text("Not decided yet")
    # Decided: her answer to the first question is answered apart, too.
    page.get_by_role("radio", name="Adopted", exact=True).check()
    page.fill("#id_reason", "Module one now starts with the legal fee limits.")
    page.get_by_label(re.compile("a response of its own")).select_option("adopted")
    page.get_by_label("Why, for this answer").fill("Your words are in the trainer's guide.")
    click_and_wait(page, page.get_by_role("button", name="Update response"))
    click_and_wait(page, page.get_by_role("link", name=CONSULTATION).first)

    click_and_wait(page, page.get_by_role("link", name="Write a report"))
    page.select_option("#id_language", "en")
    page.get_by_label("What we heard").fill(HEARD)
    page.get_by_label("What changed because of it").fill("Module one teaches the fee limits.")
    page.get_by_label("What did not change, and why").fill("The helpline waits for funds.")
    page.get_by_label(re.compile("What happens next")).fill("Training starts in March.")
    click_and_wait(page, page.get_by_role("button", name="Save the report"))
    page.select_option("#id_language", "bn")
    page.get_by_label("What we heard").fill(HEARD_BN)
    page.get_by_label("What changed because of it").fill("প্রথম মডিউলে ফি-এর সীমা শেখানো হয়।")
    page.get_by_label("What did not change, and why").fill("হেল্পলাইন টাকার অপেক্ষায়।")
    page.get_by_label(re.compile("What happens next")).fill("মার্চে প্রশিক্ষণ শুরু।")
    click_and_wait(page, page.get_by_role("button", name="Save the translation"))
    click_and_wait(page, page.get_by_role("button", name="Send", exact=True))
    expect(page.get_by_role("main")).to_contain_text(
        "1 person who took part has it in her own account; 0 opened it."
    )
    log_out(page)


def test_from_her_input_to_reading_what_came_of_it(live_server, page: Page, browser: Browser):
    organisation = make_org("Dhaka Freedom Network")
    nadia = make_member("nadia", organisation, Role.STAFF)
    tara = make_expert("tara", "Tara")
    make_link(nadia, tara, organisation)
    base = live_server.url
    staff_creates_and_opens_a_consultation(page, base)

    phone = browser.new_context(viewport=PHONE, java_script_enabled=False)
    mobile = phone.new_page()
    log_in(mobile, base, "tara")
    expert_accepts_invitation(mobile)
    expert_contributes(mobile)
    log_out(mobile)

    tara.user.language = "bn"
    tara.user.save()
    staff_answer_and_report(page, base)

    # She reads Seat in Bengali (she chose it once; it follows her login).
    mobile.goto(f"{base}/accounts/login/")
    mobile.fill("#id_username", "tara")
    mobile.fill("#id_password", PASSWORD)
    click_and_wait(mobile, mobile.get_by_role("main").locator("button[type=submit]"))
    visit_my_input = mobile.get_by_role("main").locator('a[href="/me/input/"]')
    click_and_wait(mobile, visit_my_input)
    card = mobile.locator(".card", has_text=CONSULTATION)
    expect(card).to_contain_text("Module one now starts with the legal fee limits.")
    click_and_wait(mobile, card.locator('a[href^="/me/reports/"]'))
    expect(mobile.get_by_role("main")).to_contain_text(HEARD_BN)
    expect(mobile.locator('a[href$="report.pdf?lang=bn"]')).to_be_visible()
    delivery = OutcomeDelivery.objects.get()
    assert (delivery.language, delivery.fell_back, delivery.read_at is not None) == (
        "bn",
        False,
        True,
    )
