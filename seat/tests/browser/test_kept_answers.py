"""Lost words: an answer typed past the idle logout, or sent on a connection that drops, is not
thrown away. Without JavaScript the server keeps it for her; with JavaScript the tab keeps a copy.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from playwright.sync_api import Browser, Error, expect

from seat.accounts.enums import Role
from seat.consultations.models import Contribution
from seat.tests.browser import PHONE, click_and_wait, log_in, visit
from seat.tests.personas import (
    PASSWORD,
    make_consultation,
    make_expert,
    make_invitation,
    make_member,
    make_org,
    make_project,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUESTION = "Which warning signs should recruiters learn first?"
WORDS = "Teach the fees agents may legally charge, and who to call when they ask for more."


def accepted_invitation() -> str:
    organisation = make_org("Dhaka Freedom Network")
    staff = make_member("nadia", organisation, Role.STAFF)
    tara = make_expert("tara", "Tara")
    consultation = make_consultation(
        staff, make_project(staff, organisation), questions=[QUESTION, "Who should teach?"]
    )
    return str(make_invitation(staff, consultation, tara, accept=True).pk)


def test_an_answer_sent_after_the_idle_logout_waits_for_her_without_javascript(
    live_server, browser: Browser
) -> None:
    invitation = accepted_invitation()
    base = live_server.url
    url = f"{base}/me/invitations/{invitation}/contribute/"
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    log_in(page, base, "tara")
    visit(page, url)
    page.get_by_label(QUESTION).fill(WORDS)
    # She stops for longer than the idle logout: the server forgets her session.
    Session.objects.all().delete()
    cache.clear()

    click_and_wait(page, page.get_by_role("button", name="Send my input"))
    expect(page).to_have_url(f"{base}/accounts/login/")
    expect(page.get_by_role("status")).to_contain_text(
        "They are not lost: log in again and you will find them waiting, ready to send."
    )
    page.fill("#id_username", "tara")
    page.fill("#id_password", PASSWORD)
    click_and_wait(page, page.get_by_role("main").get_by_role("button", name="Log in"))
    expect(page).to_have_url(url)
    expect(page.get_by_label(QUESTION)).to_have_value(WORDS)
    expect(page.get_by_role("main")).to_contain_text("we kept them for you")

    click_and_wait(page, page.get_by_role("button", name="Send my input"))
    expect(page).to_have_url(re.compile(r"/me/input/[0-9a-f-]+/$"))
    contribution = Contribution.objects.get()
    assert list(contribution.answers.values_list("text", flat=True)) == [WORDS]
    context.close()


def test_a_send_lost_on_a_dropped_connection_can_be_retried(live_server, browser: Browser) -> None:
    invitation = accepted_invitation()
    base = live_server.url
    url = f"{base}/me/invitations/{invitation}/contribute/"
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    log_in(page, base, "tara")
    visit(page, url)
    page.get_by_label(QUESTION).fill(WORDS)
    page.get_by_role("radio", name="You may quote my words under my chosen name").check()

    context.set_offline(True)
    with pytest.raises(Error), page.expect_navigation(timeout=5000):
        page.get_by_role("button", name="Send my input").click()
    context.set_offline(False)
    assert not Contribution.objects.exists()

    # She opens the form again: what she wrote is back, with a word on what happened.
    visit(page, url)
    expect(page.get_by_label(QUESTION)).to_have_value(WORDS)
    expect(
        page.get_by_role("radio", name="You may quote my words under my chosen name")
    ).to_be_checked()
    expect(page.locator("#restored")).to_be_visible()
    click_and_wait(page, page.get_by_role("button", name="Send my input"))
    expect(page).to_have_url(re.compile(r"/me/input/[0-9a-f-]+/$"))
    assert list(Contribution.objects.get().answers.values_list("text", flat=True)) == [WORDS]

    context.close()


def test_the_quick_exit_wipes_the_tabs_copy(live_server, browser: Browser, settings) -> None:
    settings.SEAT_QUICK_EXIT_URL = "https://www.example.org/"
    invitation = accepted_invitation()
    base = live_server.url
    url = f"{base}/me/invitations/{invitation}/contribute/"
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.route(
        "https://www.example.org/", lambda route: route.fulfill(body="<title>Search</title>")
    )
    log_in(page, base, "tara")
    visit(page, url)
    page.get_by_label(QUESTION).fill(WORDS)
    context.set_offline(True)
    with pytest.raises(Error), page.expect_navigation(timeout=5000):
        page.get_by_role("button", name="Send my input").click()
    context.set_offline(False)
    visit(page, url)
    expect(page.get_by_label(QUESTION)).to_have_value(WORDS)
    assert page.evaluate("Object.keys(sessionStorage)") == [
        f"seat-answers:/me/invitations/{invitation}/contribute/"
    ]

    page.keyboard.press("Escape")
    # Leaving passes through /exit/, which ends the session: a database write that, on a busy CI
    # machine with SQLite, has waited out Playwright's 5-second default behind the page's own
    # last save of the kept answers.
    expect(page).to_have_title("Search", timeout=20_000)
    # Back in this tab on Seat (sessionStorage belongs to the tab and the site): nothing left.
    visit(page, f"{base}/accounts/login/")
    assert page.evaluate("Object.keys(sessionStorage)") == []
    context.close()
