"""The survivor's own pages in a phone-sized Chromium, with JavaScript off and on.

Confirmations (issue 7, item 16): on a bad link the answer to "Send my input" can be lost, or a
second tap cancels the first request after the server saved it. She must still be told her input
was sent, and the invitation must stop offering to give it again.
"""

from __future__ import annotations

import contextlib
import re

import pytest
from playwright.sync_api import Browser, Route, expect

from seat.accounts.enums import Role
from seat.consultations.models import Contribution
from seat.tests.browser import PHONE, log_in, visit
from seat.tests.personas import (
    make_consultation,
    make_expert,
    make_invitation,
    make_member,
    make_org,
    make_project,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUESTION = "Which warning signs should recruiters learn first?"
ANSWER = "Teach the fees agents may legally charge."


def an_accepted_invitation():  # type: ignore[no-untyped-def]
    organisation = make_org("Dhaka Freedom Network")
    staff = make_member("nadia", organisation, Role.STAFF)
    expert = make_expert("tara", "Tara")
    consultation = make_consultation(
        staff,
        make_project(staff, organisation),
        title="Recruiter training",
        questions=[QUESTION],
    )
    return make_invitation(staff, consultation, expert, accept=True)


@pytest.mark.parametrize("javascript", [False, True], ids=["js-off", "js-on"])
def test_a_second_tap_after_a_lost_answer_still_confirms(
    live_server, browser: Browser, javascript: bool
) -> None:
    invitation = an_accepted_invitation()
    base = live_server.url
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
    page = context.new_page()
    log_in(page, base, "tara")
    visit(page, f"{base}/me/invitations/{invitation.pk}/contribute/")
    page.get_by_label(QUESTION).fill(ANSWER)

    held: list[Route] = []

    def first_send_is_lost(route: Route) -> None:
        if route.request.method != "POST" or held:
            route.continue_()
            return
        # The server receives and saves the first send; its answer never reaches the phone.
        route.fetch(max_redirects=0)
        # Playwright's fetch shares the page's cookie jar; the phone never got this answer.
        context.clear_cookies(name="messages")
        held.append(route)

    page.route(re.compile(r".*/contribute/$"), first_send_is_lost)
    send = page.get_by_role("button", name="Send my input")
    send.scroll_into_view_if_needed()
    box = send.bounding_box()
    assert box is not None
    # Taps as a thumb makes them: straight on the screen, not waiting for the page.
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.click(x, y)
    page.wait_for_timeout(500)
    assert Contribution.objects.count() == 1
    # She taps again: the browser drops the first request and sends the same form once more.
    page.mouse.click(x, y)
    expect(page).to_have_url(re.compile(r"/me/input/[0-9a-f-]+/$"))
    for route in held:
        # The browser may already have cancelled it.
        with contextlib.suppress(Exception):
            route.abort()
    expect(page.get_by_role("status")).to_have_text("Thank you. Your input has been sent.")
    main = page.get_by_role("main")
    expect(main).to_contain_text("You sent your input on")
    expect(main).to_contain_text(ANSWER)
    assert Contribution.objects.count() == 1

    # Later the invitation says it was sent and links to it, instead of "Give my input".
    visit(page, f"{base}/me/invitations/{invitation.pk}/")
    expect(main.get_by_role("link", name="Give my input")).to_have_count(0)
    expect(main).to_contain_text("You sent your input on")
    main.get_by_role("link", name="See what you sent").click()
    expect(page).to_have_url(re.compile(r"/me/input/[0-9a-f-]+/$"))
    context.close()


@pytest.mark.parametrize("javascript", [False, True], ids=["js-off", "js-on"])
def test_a_long_pasted_answer_is_refused_whole_and_kept(
    live_server, browser: Browser, javascript: bool
) -> None:
    """Item 12: the limit shows before typing; too long is refused, never cut, and kept."""
    invitation = an_accepted_invitation()
    base = live_server.url
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
    page = context.new_page()
    log_in(page, base, "tara")
    visit(page, f"{base}/me/invitations/{invitation.pk}/contribute/")
    field = page.get_by_label(QUESTION)
    expect(field).to_have_accessible_description(re.compile(r"^Up to 5,000 characters"))
    long_answer = " ".join(["recruitment"] * 600)[:6001]
    field.fill(long_answer)  # as a paste: one insertion
    expect(field).to_have_value(long_answer)
    if javascript:
        expect(page.locator(f"#{field.get_attribute('id')}_helptext")).to_contain_text(
            "1,001 characters too many"
        )
    page.get_by_role("button", name="Send my input").click()
    expect(page.get_by_role("main")).to_contain_text(
        "This answer is 6,001 characters long; the most is 5,000."
    )
    expect(page.get_by_label(QUESTION)).to_have_value(long_answer)
    assert Contribution.objects.count() == 0
    context.close()


def test_what_she_sees_of_her_consent_is_what_seat_enforces(live_server, browser: Browser) -> None:
    """Item 9: after withdrawing, her own page and the consent page say what Seat enforces (staff pages
    read the same selector, contribution_use, through StaffView)."""
    from seat.tests.browser import axe_source
    from seat.tests.browser.test_accessibility import axe_violations, describe
    from seat.tests.personas import make_contribution

    invitation = an_accepted_invitation()
    contribution = make_contribution(invitation, text=ANSWER, attribution="pseudonym")
    base = live_server.url
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    log_in(page, base, "tara")
    main = page.get_by_role("main")
    visit(page, f"{base}/me/input/{contribution.pk}/")
    expect(main).to_contain_text("Used, and may be quoted under your chosen name.")

    main.get_by_role("link", name="Change how my words may be used").click()
    expect(main).to_contain_text("Your words are quoted only if both say yes.")
    card = main.locator(".card", has_text="Quote my words under my chosen name")
    card.get_by_role("button", name="Withdraw").click()
    expect(page.get_by_role("status")).to_contain_text("Your choice is saved.")
    expected = "Used, but not quoted: you said No to “Quote my words under my chosen name”."
    expect(main.get_by_role("listitem").filter(has_text="Recruiter training")).to_contain_text(
        expected
    )

    visit(page, f"{base}/me/input/{contribution.pk}/")
    expect(main).to_contain_text(expected)
    expect(main).not_to_contain_text("Used, and may be quoted under your chosen name.")
    context.close()

    # axe-core needs JavaScript: the same two pages, checked in a context that has it.
    checked = browser.new_context(viewport=PHONE)
    axe_page = checked.new_page()
    log_in(axe_page, base, "tara")
    found = {}
    for url in ["/me/consent/", f"/me/input/{contribution.pk}/"]:
        visit(axe_page, base + url)
        found[url] = axe_violations(axe_page, axe_source())
    assert not any(found.values()), describe(found)
    checked.close()
