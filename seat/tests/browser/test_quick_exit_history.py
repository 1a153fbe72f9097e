"""After the quick exit or a log out, Back shows no private page's path, and the footer tells each
device what works on it.

Back reloads the private pages behind, each redirects to the login page; its address used to name
the private page (``/accounts/login/?next=/me/input/<id>/``), on a phone someone else may pick up.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from seat.tests.browser import PHONE, log_in, visit
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

NEUTRAL = "https://www.example.org/"


def contribution_of_tara() -> str:
    from seat.accounts.enums import Role

    organisation = make_org("Dhaka Freedom Network")
    staff = make_member("nadia", organisation, Role.STAFF)
    tara = make_expert("tara", "Tara")
    consultation = make_consultation(staff, make_project(staff, organisation))
    return str(make_contribution(make_invitation(staff, consultation, tara, accept=True)).pk)


def addresses_behind(page: Page) -> list[str]:
    """Press Back until there is nothing behind, noting each address shown."""
    seen = []
    for _ in range(8):
        if page.go_back() is None and page.url in seen:
            break
        seen.append(page.url)
    return seen


def private(url: str) -> bool:
    return "/me/" in url or "next=" in url or "/input/" in url


@pytest.mark.parametrize("how", ["button, no JavaScript", "Escape key"])
def test_back_after_the_quick_exit_shows_no_private_path(
    live_server, browser: Browser, settings, how: str
) -> None:
    settings.SEAT_QUICK_EXIT_URL = NEUTRAL
    contribution = contribution_of_tara()
    base = live_server.url
    context = browser.new_context(viewport=PHONE, java_script_enabled=how == "Escape key")
    page = context.new_page()
    page.route(NEUTRAL, lambda route: route.fulfill(body="<title>Search</title>"))
    log_in(page, base, "tara")
    visit(page, f"{base}/me/")
    visit(page, f"{base}/me/input/{contribution}/")
    if how == "Escape key":
        page.keyboard.press("Escape")
    else:
        page.locator("[data-quick-exit]").click()
    # Generous: on a loaded 2-core CI machine the exit has taken longer than the default 5 s.
    expect(page).to_have_title("Search", timeout=20_000)

    behind = addresses_behind(page)
    assert behind, "Back led nowhere"
    assert [url for url in behind if private(url)] == [], behind
    assert f"{base}/accounts/login/" in behind
    context.close()


def test_back_after_log_out_shows_no_private_path_and_logging_in_returns(
    live_server, browser: Browser
) -> None:
    contribution = contribution_of_tara()
    base = live_server.url
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    log_in(page, base, "tara")
    visit(page, f"{base}/me/input/{contribution}/")
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in").first).to_be_visible()
    page.go_back()
    assert page.url == f"{base}/accounts/login/"
    # The page she was on is remembered out of sight: logging in returns there.
    page.fill("#id_username", "tara")
    page.fill("#id_password", "correct-horse-battery-staple")
    page.get_by_role("main").get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{base}/me/input/{contribution}/")
    context.close()


def footer_hints(page: Page) -> tuple[bool, bool]:
    return (page.locator(".esc-hint").is_visible(), page.locator(".tap-hint").is_visible())


def test_only_keyboard_users_are_told_to_press_esc(live_server, browser: Browser) -> None:
    base = live_server.url
    desktop = browser.new_context()
    page = desktop.new_page()
    visit(page, f"{base}/")
    assert footer_hints(page) == (True, False)
    expect(page.locator(".esc-hint")).to_have_text(
        "Press Esc or “Quick exit” to leave this site at once."
    )
    desktop.close()

    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = phone.new_page()
    visit(page, f"{base}/")
    assert page.evaluate("matchMedia('(hover:hover) and (pointer:fine)').matches") is False
    assert footer_hints(page) == (False, True)
    expect(page.locator(".tap-hint")).to_have_text("Press “Quick exit” to leave this site at once.")
    phone.close()

    # Without the script Esc does nothing, so a keyboard is not told to press it either.
    no_script = browser.new_context(java_script_enabled=False)
    page = no_script.new_page()
    visit(page, f"{base}/")
    assert footer_hints(page) == (False, True)
    no_script.close()
