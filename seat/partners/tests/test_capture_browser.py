"""A facilitator writes a session down on a connection that drops half-way: what she typed is
kept on the device, encrypted, sent when the connection returns, and stored once."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from seat.consultations.models import Contribution
from seat.partners.models import Capture
from seat.tests.browser import PHONE, click_and_wait, log_in, visit
from seat.tests.personas import make_partners, make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MINA = "Training in our own language, in the village."
NADIA = "Women who came back should lead it."
STORED = """() => Object.keys(localStorage).filter(k => k.startsWith("seat-capture:"))
  .map(k => localStorage.getItem(k))"""
# The saved page's script drops the copy once it loads: wait for it rather than race it.
COPY_DROPPED = """() => !Object.keys(localStorage).some(k => k.startsWith("seat-capture:"))"""


def open_the_form(page: Page, base: str) -> tuple[object, str]:
    world = make_world()
    partners = make_partners(world)
    log_in(page, base, "facilitator-c")
    visit(page, f"{base}/partners/requests/{partners.request.pk}/capture/")
    page.get_by_label("Mina").check()
    page.get_by_label("Nadia").check()
    click_and_wait(page, page.get_by_role("button", name="Continue"))
    page.get_by_label("Place").fill("Jessore")
    return partners, page.url


def fill_for(page: Page, name: str, words: str) -> None:
    person = page.get_by_role("region", name=name)
    person.get_by_label("Take part and have my input used").select_option("yes")
    person.get_by_label("Question 1").fill(words)


def test_a_capture_sent_while_offline_is_stored_once_when_the_connection_returns(
    live_server, browser: Browser
) -> None:
    base = live_server.url
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    open_the_form(page, base)
    fill_for(page, "Mina", MINA)

    # The connection drops half-way through: she keeps writing, and saves.
    context.set_offline(True)
    fill_for(page, "Nadia", NADIA)
    page.get_by_role("button", name="Save the session").click()
    status = page.locator("#capture-status")
    expect(status).to_have_text(
        "No connection. What you wrote is kept on this device, locked, and will be sent by "
        "itself when the connection returns. Keep this page open."
    )
    assert Capture.objects.count() == 0
    # What is kept on the device is sealed: none of her words can be read in it.
    (kept,) = page.evaluate(STORED)
    assert MINA not in kept and NADIA not in kept and "Jessore" not in kept

    # The connection returns: the queued form is sent by itself, once.
    with page.expect_navigation(url=f"{base}/partners/sessions/**"):
        context.set_offline(False)
    expect(page.get_by_role("status").first).to_contain_text(
        "The session is saved: one contribution for each person who took part."
    )
    expect(page.get_by_role("heading", level=2)).to_have_text("2 contributions")
    capture = Capture.objects.get()
    assert sorted(
        Contribution.objects.filter(capture=capture).values_list(
            "expert__pseudonym", "answers__text"
        )
    ) == [("Mina", MINA), ("Nadia", NADIA)]
    page.wait_for_function(COPY_DROPPED, timeout=5000)
    assert page.evaluate(STORED) == []
    context.close()


def test_the_copy_on_the_device_is_sent_again_from_a_reopened_page_and_lands_once(
    live_server, browser: Browser
) -> None:
    base = live_server.url
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    _partners, form_url = open_the_form(page, base)
    fill_for(page, "Mina", MINA)
    fill_for(page, "Nadia", NADIA)
    context.set_offline(True)
    page.get_by_role("button", name="Save the session").click()
    expect(page.locator("#capture-status")).to_contain_text("No connection.")
    (kept,) = page.evaluate(STORED)
    context.set_offline(False)
    page.wait_for_url(f"{base}/partners/sessions/**")
    assert Capture.objects.count() == 1

    # Replay: the queued copy is put back on the device and the form opened again.
    page.goto(form_url)
    slot_name = page.evaluate(
        """() => 'seat-capture:' + location.pathname + '|' + Array.from(
            document.querySelectorAll('[name=participant]'), el => el.value).sort().join()"""
    )
    page.evaluate("([name, value]) => localStorage.setItem(name, value)", [slot_name, kept])
    with page.expect_navigation(url=f"{base}/partners/sessions/**"):
        page.reload()
    expect(page.get_by_role("status").first).to_contain_text(
        "This session was saved already. Nothing was saved twice."
    )
    assert Capture.objects.count() == 1
    assert Contribution.objects.filter(capture__isnull=False).count() == 2
    context.close()


def test_quick_exit_clears_the_copy_on_the_device(live_server, browser: Browser) -> None:
    base = live_server.url
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()

    def exit_then_stand_in(route):  # type: ignore[no-untyped-def]
        route.fetch(max_redirects=0)
        route.fulfill(body="<!doctype html><title>Search</title>", content_type="text/html")

    page.route(f"{base}/exit/", exit_then_stand_in)
    open_the_form(page, base)
    fill_for(page, "Mina", MINA)
    page.wait_for_function("() => Object.keys(localStorage).length > 0")
    with page.expect_navigation(url=f"{base}/exit/"):
        page.keyboard.press("Escape")
    page.wait_for_function(COPY_DROPPED, timeout=5000)
    assert page.evaluate(STORED) == []
    context.close()


def test_without_javascript_the_form_is_a_plain_post(live_server, browser: Browser) -> None:
    base = live_server.url
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    open_the_form(page, base)
    fill_for(page, "Mina", MINA)
    fill_for(page, "Nadia", NADIA)
    click_and_wait(page, page.get_by_role("button", name="Save the session"))
    expect(page.get_by_role("heading", level=2)).to_have_text("2 contributions")
    assert Contribution.objects.filter(capture__isnull=False).count() == 2
    context.close()
