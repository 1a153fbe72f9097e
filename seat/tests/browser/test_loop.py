"""The engagement loop, end to end, in a real browser and through the UI only.

Staff plan, ask and invite; the expert accepts and contributes on a phone; staff respond and record
the pay; the expert sees what became of their input and what they are owed. After the personas
are created, nothing here calls a service: every step is a click or a keystroke.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import Browser, Page, Request, expect

from seat.accounts.enums import Role
from seat.consultations.enums import InvitationStatus
from seat.consultations.models import Answer, Contribution
from seat.tests.browser import (
    PHONE,
    click_and_wait,
    log_in,
    log_out,
    visit,
)
from seat.tests.personas import (
    PASSWORD,
    make_consultation,
    make_expert,
    make_invitation,
    make_link,
    make_member,
    make_org,
    make_project,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PROJECT = "Safer recruitment in Dhaka"
CONSULTATION = "What should the recruiter training cover?"
QUESTION_1 = "Which warning signs should recruiters learn first?"
QUESTION_2 = "Who should run the training sessions?"
ANSWER_1 = "Teach the fees agents may legally charge, and who to call when they ask for more."
REASON = "We added the legal fee limits to module one; the helpline waits for next year's budget."


def staff_creates_and_opens_a_consultation(page: Page, base: str) -> None:
    log_in(page, base, "nadia")
    # Staff land on their organisation's projects.
    expect(page).to_have_url(f"{base}/projects/")
    plan_open_and_invite(page, base)
    log_out(page)


def plan_open_and_invite(page: Page, base: str) -> None:
    """From the projects page: a project, a consultation in it, opened, and Tara invited."""
    click_and_wait(page, page.get_by_role("link", name="New project"))
    expect(page).to_have_url(f"{base}/projects/new/")
    page.fill("#id_title", PROJECT)
    page.fill("#id_summary", "Training for licensed recruitment agents.")
    page.select_option("#id_stage", "design")
    click_and_wait(page, page.get_by_role("button", name="Create project"))
    expect(page.get_by_role("heading", level=1)).to_have_text(PROJECT)

    click_and_wait(page, page.get_by_role("link", name="New consultation"))
    today = timezone.localdate()
    page.fill("#id_title", CONSULTATION)
    page.fill("#id_purpose", "Your advice decides what the first training module covers.")
    page.select_option("#id_stage", "design")
    page.select_option("#id_material_state", "concept")
    page.select_option("#id_influence", "collaborate")
    page.fill("#id_opens_on", today.isoformat())
    page.fill("#id_deadline", (today + datetime.timedelta(days=21)).isoformat())
    page.fill("#id_expected_hours", "2")
    page.fill("#id_pay_rate", "30.00")
    page.select_option("#id_pay_unit", "hour")
    page.select_option("#id_currency", "EUR")
    page.select_option("#id_pay_method", "bank")
    page.check("#id_expenses_covered")
    page.fill("#id_expenses_how", "Keep your receipts; we pay them back with your pay.")
    page.check("input[name=languages][value=en]")
    page.check("input[name=languages][value=bn]")
    page.check("#id_interpretation")
    page.fill("#id_support_name", "Rahima, peer support line")
    page.fill("#id_support_phone", "+880 1711-000000")
    page.fill("#id_support_hours", "Every day 9:00–21:00")
    page.fill("#id_questions", f"{QUESTION_1}\n{QUESTION_2}\n")
    click_and_wait(page, page.get_by_role("button", name="Save as draft"))

    # A draft first; opening it is a separate, deliberate step.
    expect(page.get_by_role("heading", level=1)).to_have_text(CONSULTATION)
    expect(page.locator("main .badge").first).to_have_text("Draft")
    click_and_wait(page, page.get_by_role("button", name="Open for input"))
    expect(page.locator("main .badge").first).to_have_text("Open")

    page.get_by_role("checkbox", name=re.compile(r"^Tara\b")).check()
    click_and_wait(page, page.get_by_role("button", name="Send invitations"))
    expect(page.get_by_role("status")).to_contain_text("Invitations sent: 1.")
    expect(page.get_by_role("cell", name="Tara")).to_be_visible()


def expert_accepts_invitation(page: Page, pay_within_days: int = 14) -> None:
    """She says yes; the page promises pay within the consultation's days (the default is 14)."""
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name="Invitations waiting for you")).to_be_visible()
    click_and_wait(page, main.get_by_role("link", name=CONSULTATION))
    expect(page.get_by_role("heading", level=1)).to_have_text(CONSULTATION)
    # Before saying yes: the whole pay, when and how, and someone to call.
    expect(main).to_contain_text(re.compile(r"You will be paid .+ in all for about 2 hours\."))
    expect(main).to_contain_text(f"Within {pay_within_days} days of sending your input")
    expect(main.locator('a[href^="tel:+880"]')).to_have_text(re.compile(r"^Call \u2066\+880"))
    page.get_by_role("radio", name="Yes, I will take part").check()
    page.get_by_role("checkbox", name=re.compile("^I agree")).check()
    click_and_wait(page, page.get_by_role("button", name="Send my answer"))
    expect(page).to_have_url(re.compile(r"/me/invitations/[0-9a-f-]+/contribute/$"))


def expert_contributes(page: Page) -> Request:
    """Answer the first question, skip the second, allow quoting under the chosen name.

    Returns the form submission as the browser sent it.
    """
    page.get_by_label(QUESTION_1).fill(ANSWER_1)
    expect(page.get_by_label(QUESTION_2)).to_have_value("")
    page.get_by_role("radio", name="You may quote my words under my chosen name").check()

    def is_the_form(request: Request) -> bool:
        return request.method == "POST" and request.url.endswith("/contribute/")

    with page.expect_request(is_the_form) as sent:
        click_and_wait(page, page.get_by_role("button", name="Send my input"))
    expect(page).to_have_url(re.compile(r"/me/input/[0-9a-f-]+/$"))
    expect(page.get_by_role("status")).to_have_text("Thank you. Your input has been sent.")
    return sent.value


def staff_responds_and_records_payment(
    page: Page, base: str, username: str = "nadia", password: str = PASSWORD
) -> None:
    log_in(page, base, username, password)
    click_and_wait(page, page.get_by_role("link", name=PROJECT))
    click_and_wait(page, page.get_by_role("link", name=CONSULTATION))
    expect(page.get_by_text("Needs a response")).to_be_visible()
    # The expert allowed quoting under their chosen name, so staff see it.
    click_and_wait(page, page.get_by_role("main").get_by_role("link", name="Tara", exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text("Tara")
    expect(page.get_by_role("heading", name=QUESTION_1)).to_be_visible()
    expect(page.get_by_text(ANSWER_1)).to_be_visible()
    expect(page.get_by_role("heading", name=QUESTION_2)).to_have_count(0)

    page.get_by_role("radio", name="Partly adopted").check()
    page.fill("#id_reason", REASON)
    click_and_wait(page, page.get_by_role("button", name="Send response"))
    expect(page.get_by_role("status")).to_have_text(
        "Your response is saved and shared with the contributor."
    )

    # Paying happens on the consultation page, by chosen name, away from the words.
    click_and_wait(page, page.get_by_role("link", name=CONSULTATION).first)
    click_and_wait(page, page.get_by_role("link", name="Confirm the amounts · Tara"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Record what is owed to Tara")
    expect(page.get_by_text(ANSWER_1)).to_have_count(0)
    # The payment form starts from the consultation's offer; this person also had costs.
    expect(page.locator("#id_currency")).to_have_value("EUR")
    page.fill("#id_units", "2")
    page.fill("#id_rate", "30.00")
    page.fill("#id_expenses_travel", "5.00")
    click_and_wait(page, page.get_by_role("button", name="Record payment"))
    expect(page.get_by_role("status")).to_have_text(
        "The payment is recorded. The contributor can see it now."
    )
    expect(page.get_by_role("cell", name=re.compile("^65.00 euros"))).to_be_visible()
    log_out(page)


def test_the_whole_loop_through_the_browser(live_server, page: Page, browser: Browser) -> None:
    organisation = make_org("Dhaka Freedom Network")
    nadia = make_member("nadia", organisation, Role.STAFF)
    # Tara joined with the network's code: only experts who work with it can be invited.
    make_link(nadia, make_expert("tara", "Tara"), organisation)
    base = live_server.url

    # Staff, on a desktop browser: plan, ask, open, invite.
    staff_creates_and_opens_a_consultation(page, base)

    # The expert, on a phone.
    phone = browser.new_context(viewport=PHONE)
    mobile = phone.new_page()
    log_in(mobile, base, "tara")
    expect(mobile).to_have_url(f"{base}/")
    expert_accepts_invitation(mobile)
    # A second tab holds another copy of the same form, filled in differently.
    second_tab = phone.new_page()
    visit(second_tab, mobile.url)
    second_tab.get_by_label(QUESTION_2).fill("A copy sent from another tab.")
    sent = expert_contributes(mobile)
    contribution_url = mobile.url

    # Sending the same form again. Back does not show the form: the page is never cached and
    # the form's address now leads to what was sent.
    mobile.go_back()
    expect(mobile).to_have_url(contribution_url)
    expect(mobile.get_by_role("button", name="Send my input")).to_have_count(0)
    # So the browser re-sends the very same form (same key, same token), as "resubmit" does ...
    again = mobile.request.post(
        sent.url,
        data=sent.post_data,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Origin": base},
    )
    assert (again.status, again.url) == (200, contribution_url)
    # ... and the older copy in the second tab is sent as well.
    click_and_wait(second_tab, second_tab.get_by_role("button", name="Send my input"))
    expect(second_tab).to_have_url(contribution_url)
    second_tab.close()

    contribution = Contribution.objects.get()  # exactly one
    assert contribution.attribution == "pseudonym"
    assert list(Answer.objects.values_list("question__text", "text")) == [(QUESTION_1, ANSWER_1)]
    expect(mobile.get_by_role("main")).to_contain_text("No answer yet.")
    # What she was promised is owed from now: her input made its payment line, due in 14 days.
    expect(mobile.get_by_role("main")).to_contain_text("60.00 euros · Owed")
    expect(mobile.get_by_role("main")).to_contain_text("For your time: 2 × 30.00 euros per hour")
    log_out(mobile)

    # Staff answer it and record what is owed.
    staff_responds_and_records_payment(page, base)

    # The expert sees what became of their input, why, and what they are owed.
    log_in(mobile, base, "tara")
    main = mobile.get_by_role("main")
    expect(main.get_by_text("No invitations right now.")).to_be_visible()
    # Her input's card, then the payment's, which says what it is for.
    cards = main.locator(".card", has_text=CONSULTATION)
    expect(cards.first).to_contain_text("Partly adopted")
    expect(main.get_by_text(REASON, exact=True)).to_be_visible()
    expect(main.get_by_text("65.00 euros", exact=True).first).to_be_visible()
    expect(cards.nth(1)).to_contain_text("For your time: 2 × 30.00 euros per hour")
    expect(cards.nth(1)).to_contain_text("Your costs paid back: 5.00 euros")
    click_and_wait(mobile, main.get_by_role("link", name=CONSULTATION).first)
    expect(mobile).to_have_url(contribution_url)
    expect(main.locator(".badge").first).to_have_text("Partly adopted")
    expect(main.get_by_text(REASON, exact=True)).to_be_visible()
    expect(main.get_by_text("65.00 euros", exact=True)).to_be_visible()
    expect(main.get_by_text("Owed", exact=True)).to_be_visible()
    expect(main.get_by_text(ANSWER_1, exact=True)).to_be_visible()
    log_out(mobile)
    phone.close()


def test_the_expert_part_works_without_javascript(live_server, browser: Browser) -> None:
    organisation = make_org("Dhaka Freedom Network")
    staff = make_member("nadia", organisation, Role.STAFF)
    expert = make_expert("tara", "Tara")
    consultation = make_consultation(
        staff,
        make_project(staff, organisation, PROJECT),
        title=CONSULTATION,
        questions=[QUESTION_1, QUESTION_2],
    )
    invitation = make_invitation(staff, consultation, expert)
    base = live_server.url

    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    log_in(page, base, "tara")
    # Without JavaScript the quick exit is still there, as a plain link (Esc needs the script).
    quick_exit = page.locator("[data-quick-exit]")
    expect(quick_exit).to_have_attribute("href", "/exit/")
    expert_accepts_invitation(page, consultation.pay_within_days)
    expert_contributes(page)
    expect(page.get_by_role("main")).to_contain_text(ANSWER_1)
    log_out(page)
    context.close()

    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED
    contribution = Contribution.objects.get()
    assert (contribution.invitation_id, contribution.attribution) == (invitation.pk, "pseudonym")
    assert list(contribution.answers.values_list("text", flat=True)) == [ANSWER_1]


@pytest.mark.parametrize("how", ["Escape key", "button"])
def test_quick_exit_leaves_and_replaces_the_page_in_history(
    live_server, page: Page, how: str
) -> None:
    make_expert("tara", "Tara")
    base = live_server.url
    exit_url = settings.SEAT_QUICK_EXIT_URL
    neutral_url = "https://weather.example/"

    # The network is closed: stand in for the outside sites.
    def stand_in(title: str):  # type: ignore[no-untyped-def]
        body = f"<!doctype html><title>{title}</title><p>{title}</p>"
        return lambda route: route.fulfill(body=body, content_type="text/html")

    redirects = []

    def exit_then_stand_in(route):  # type: ignore[no-untyped-def]
        # Let Seat's /exit/ run for real (it ends the session), then stand in for the
        # neutral site it redirects to: redirect targets off the closed network cannot load.
        response = route.fetch(max_redirects=0)
        redirects.append(response.headers.get("location"))
        stand_in("Search")(route)

    page.route(f"{base}/exit/", exit_then_stand_in)
    page.route(neutral_url, stand_in("Weather"))
    log_in(page, base, "tara")
    page.goto(neutral_url)
    visit(page, f"{base}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Tara")
    length_before = page.evaluate("history.length")

    with page.expect_navigation(url=f"{base}/exit/"):
        if how == "button":
            page.locator("[data-quick-exit]").click()
        else:
            page.keyboard.press("Escape")
    expect(page).to_have_title("Search")
    assert redirects == [exit_url]
    # The Seat page was replaced, not pushed over: no new history entry, and Back skips it.
    assert page.evaluate("history.length") == length_before
    page.go_back()
    assert page.url == neutral_url
    expect(page).to_have_title("Weather")
    # The session ended too: someone picking up the phone finds Seat logged out.
    visit(page, f"{base}/")
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Hello, Tara")
