"""A new organisation pilots Seat without a developer: issue 8's "done when", in a browser.

The operator creates the organisation and its first admin with the command. From then on every
step is a click or a keystroke: the admin chooses a password, invites a colleague and brings in a
survivor expert; the expert joins on a phone with JavaScript off and asks to be told by e-mail;
the colleague asks for her input; the expert contributes; the colleague answers and records the
pay; the admin approves and pays it. The expert learns of each step in her Seat inbox and by an
e-mail that says only that a message is waiting.
"""

from __future__ import annotations

import base64
import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django_otp.oath import totp
from playwright.sync_api import Browser, Page, expect

from seat.consultations.models import Contribution
from seat.tests.browser import PHONE, click_and_wait, log_in, log_out, visit
from seat.tests.browser.test_loop import (
    CONSULTATION,
    PROJECT,
    REASON,
    expert_accepts_invitation,
    expert_contributes,
    plan_open_and_invite,
    staff_responds_and_records_payment,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ORGANISATION = "Sylhet Safe Migration Forum"
ADMIN_PASSWORD = "teal kettle orbit 58"
COLLEAGUE_PASSWORD = "amber ferry lantern 17"
EXPERT_PASSWORD = "green mango rain 42"
EXPERT_EMAIL = "tara.notices@example.org"
LINK = re.compile(r"https?://\S+/accounts/invitation/\S+")
JOINING_CODE = re.compile(r"[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}")


def create_organisation_by_command() -> str:
    """What the operator runs; returns the one-time link it prints for the first admin."""
    out = StringIO()
    call_command("create_organisation", ORGANISATION, kind="ngo", admin="farida", stdout=out)
    printed = out.getvalue()
    assert f"Created “{ORGANISATION}”" in printed
    return LINK.search(printed).group(0)  # type: ignore[union-attr]


def admin_sets_up_and_invites(page: Page, setup_link: str) -> tuple[str, str, str]:
    """The admin's first visit. Returns her authenticator key, the colleague's link and the
    expert's joining code."""
    visit(page, setup_link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose your password")
    page.get_by_label("Password", exact=True).fill(ADMIN_PASSWORD)
    page.get_by_label(re.compile("^The same password again")).fill(ADMIN_PASSWORD)
    click_and_wait(page, page.get_by_role("button", name="Save my password"))
    expect(page.get_by_role("button", name="Log out")).to_be_visible()

    # Administrators turn on an authenticator app first; hers is this test.
    click_and_wait(page, page.get_by_role("link", name="Your organisation"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up a second step for logging in")
    secret = page.get_by_role("main").locator("code").inner_text()
    page.get_by_role("textbox", name=re.compile("^Six-digit code")).fill(authenticator_code(secret))
    click_and_wait(page, page.get_by_role("button", name="Turn on"))
    # Running one organisation, she goes straight to its members.
    click_and_wait(page, page.get_by_role("link", name="Your organisation"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Members")
    expect(page.get_by_role("main")).to_contain_text(ORGANISATION)
    click_and_wait(page, page.get_by_role("link", name="Invite someone"))
    page.get_by_role("radio", name=re.compile(r"^Staff\b")).check()
    click_and_wait(page, page.get_by_role("button", name="Make the link"))
    colleague_link = page.get_by_label("Link to copy").input_value()

    visit(page, page.url.split("/organisation/")[0] + "/people/")
    click_and_wait(page, page.get_by_role("button", name="Make a joining code"))
    joining_code = JOINING_CODE.search(page.locator(".slip").inner_text()).group(0)  # type: ignore[union-attr]
    return secret, colleague_link, joining_code


def authenticator_code(secret: str, *, steps_ahead: int = 0) -> str:
    """The six digits an authenticator app shows for this key (base32, as the page shows it).

    A code is accepted once; the next time step's code, which Seat also accepts, lets a second
    log-in within the same 30 seconds go through."""
    letters = secret.replace(" ", "").upper()
    key = base64.b32decode(letters + "=" * (-len(letters) % 8))
    return f"{totp(key, drift=steps_ahead):06d}"


def colleague_joins(page: Page, link: str) -> None:
    visit(page, link)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Join {ORGANISATION}")
    page.get_by_label("Username").fill("joy")
    page.get_by_label("Password", exact=True).fill(COLLEAGUE_PASSWORD)
    page.get_by_label(re.compile("^The same password again")).fill(COLLEAGUE_PASSWORD)
    click_and_wait(page, page.get_by_role("button", name="Make my account and join"))
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def expert_joins_and_asks_for_email(page: Page, base: str, code: str) -> str:
    """Joining with no e-mail or phone, then choosing to be told by e-mail; returns her username."""
    visit(page, f"{base}/join/{code}/")
    expect(page.get_by_role("main")).to_contain_text(f"{ORGANISATION} invited you")
    username = page.get_by_label("Username").input_value()
    page.get_by_label("Your chosen name").fill("Tara")
    page.get_by_label("Password", exact=True).fill(EXPERT_PASSWORD)
    page.get_by_label("The same password again").fill(EXPERT_PASSWORD)
    click_and_wait(page, page.get_by_role("button", name="Make my account"))
    expect(page.get_by_role("main")).to_contain_text("Welcome to Seat")

    click_and_wait(page, page.get_by_role("navigation").get_by_role("link", name="Messages"))
    expect(page.get_by_role("main")).to_contain_text("No messages yet.")
    click_and_wait(page, page.get_by_role("link", name="How Seat tells you about new messages"))
    page.get_by_label("Also tell me by e-mail").check()
    page.get_by_label("E-mail address").fill(EXPERT_EMAIL)
    click_and_wait(page, page.get_by_role("button", name="Save"))
    log_out(page)
    return username


def admin_approves_and_pays(page: Page, base: str, secret: str) -> None:
    log_in(page, base, "farida", ADMIN_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Second step")
    page.get_by_role("textbox", name=re.compile("^Six-digit code")).fill(
        authenticator_code(secret, steps_ahead=1)
    )
    click_and_wait(page, page.get_by_role("main").get_by_role("button", name="Continue"))
    visit(page, f"{base}/payments/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Payments to approve and pay")
    # She is the organisation's only payer, so she may approve and pay the same line.
    click_and_wait(page, page.get_by_role("link", name=re.compile("^Open to approve")))
    click_and_wait(page, page.get_by_role("button", name="Approve payment"))
    page.get_by_label("Paid by").select_option(label="Bank transfer")
    page.get_by_label("Payment reference").fill("SSMF-0001")
    click_and_wait(page, page.get_by_role("button", name="Mark as paid"))
    expect(page.get_by_role("main")).to_contain_text("SSMF-0001")
    visit(page, f"{base}/payments/")
    expect(page.get_by_role("main")).to_contain_text("Nothing waits to be approved.")
    expect(page.get_by_role("main")).to_contain_text("Nothing waits to be paid.")
    log_out(page)


def inbox_headings(page: Page) -> list[str]:
    headings = page.get_by_role("main").locator(".card h2").all_inner_texts()
    return [heading.removeprefix("New").strip() for heading in headings]


def test_a_new_organisation_runs_the_whole_loop_from_the_browser(
    live_server, browser: Browser, settings
) -> None:
    base = live_server.url
    # Links printed and sent by Seat point at this server, as when the operator sets it.
    settings.SEAT_BASE_URL = base
    settings.SEAT_BASE_URL_SET = True
    setup_link = create_organisation_by_command()

    admin = browser.new_context().new_page()
    secret, colleague_link, joining_code = admin_sets_up_and_invites(admin, setup_link)
    log_out(admin)

    phone = browser.new_context(viewport=PHONE, java_script_enabled=False)
    expert = phone.new_page()
    username = expert_joins_and_asks_for_email(expert, base, joining_code)

    colleague = browser.new_context().new_page()
    colleague_joins(colleague, colleague_link)
    visit(colleague, f"{base}/projects/")
    plan_open_and_invite(colleague, base)
    log_out(colleague)

    # Told of the invitation in the inbox, and by an e-mail that says only that much.
    log_in(expert, base, username, EXPERT_PASSWORD)
    visit(expert, f"{base}/me/inbox/")
    assert inbox_headings(expert) == ["New invitation"]
    assert [message.to for message in mail.outbox] == [[EXPERT_EMAIL]]
    visit(expert, f"{base}/")
    expert_accepts_invitation(expert)
    expert_contributes(expert)
    log_out(expert)

    staff_responds_and_records_payment(colleague, base, "joy", COLLEAGUE_PASSWORD)
    admin_approves_and_pays(admin, base, secret)

    log_in(expert, base, username, EXPERT_PASSWORD)
    visit(expert, f"{base}/me/inbox/")
    assert inbox_headings(expert) == [
        "Payment made",
        "Payment approved",
        "What happened to your input",
        "New invitation",
    ]
    main = expert.get_by_role("main")
    expect(main).to_contain_text(CONSULTATION)
    opening = main.get_by_role("button", name=re.compile(r"^Open\W+What happened to your input$"))
    click_and_wait(expert, opening)
    expect(expert.get_by_role("main").get_by_text(REASON, exact=True)).to_be_visible()
    assert Contribution.objects.get().expert.pseudonym == "Tara"

    # One e-mail per message, to her chosen address; none says who it is from or what about.
    assert [message.to for message in mail.outbox] == [[EXPERT_EMAIL]] * 4
    for message in mail.outbox:
        for private in (ORGANISATION, PROJECT, CONSULTATION, "Tara", "euro"):
            assert private not in message.subject and private not in message.body
        assert f"{base}/me/inbox/" in message.body
    phone.close()
