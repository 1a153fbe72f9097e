"""Joining Seat in a phone-sized Chromium: a member of staff makes a code, a person joins with
it with JavaScript off, adds a second organisation, and every step passes axe and reflows at
320 px with the text at 200 %."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from seat.accounts.enums import Role
from seat.accounts.models import User
from seat.people.services import expert_link_record, join_code_create
from seat.tests.browser import PHONE, click_and_wait, log_in, visit
from seat.tests.browser.test_accessibility import axe_source, axe_violations, describe
from seat.tests.browser.test_reflow import NARROW, OVERFLOW, double_the_text_size
from seat.tests.personas import make_expert, make_member, make_org

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CODE = re.compile(r"[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}")
PASSWORD = "green mango rain 42"


def test_she_joins_with_a_link_with_javascript_off(live_server, browser: Browser) -> None:
    organisation = make_org("Dhaka Freedom Network")
    make_member("nadia", organisation, Role.STAFF)
    base = live_server.url
    staff = browser.new_page()
    log_in(staff, base, "nadia")
    visit(staff, f"{base}/people/")
    click_and_wait(staff, staff.get_by_role("button", name="Make a joining code"))
    slip = staff.locator(".slip").inner_text()
    code = CODE.search(slip).group(0)  # type: ignore[union-attr]
    assert f"{base}/join/{code}/" in slip and "Dhaka" not in slip
    staff.close()

    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    visit(page, f"{base}/join/{code}/")
    assert page.url == f"{base}/join/"  # the code left the address at once
    expect(page.get_by_role("main")).to_contain_text("Dhaka Freedom Network invited you")
    username = page.get_by_label("Username").input_value()
    page.get_by_label("Your chosen name").fill("Mina")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("The same password again").fill(PASSWORD)
    click_and_wait(page, page.get_by_role("button", name="Make my account"))
    assert page.url == f"{base}/me/"
    main = page.get_by_role("main")
    expect(main).to_contain_text("Welcome to Seat")
    expect(main).to_contain_text(f"Your username is {username}")
    assert User.objects.get(username=username).expert_profile.pseudonym == "Mina"
    context.close()


def _join_steps(page: Page, base: str, code: str, found: dict, check) -> None:  # type: ignore[no-untyped-def]
    """Walk every joining page, running ``check`` on each (axe, or reflow)."""
    visit(page, f"{base}/join/")
    check("join: code", page, found)
    page.locator("#id_code").fill("ABCDE-FGHJK-MNPQR")
    click_and_wait(page, page.get_by_role("main").get_by_role("button").first)
    check("join: code, wrong", page, found)
    page.locator("#id_code").fill(code)
    click_and_wait(page, page.get_by_role("main").get_by_role("button").first)
    check("join: details", page, found)
    page.locator("#id_username").fill("a b")
    page.locator('form[action="/join/"]').evaluate("form => { form.noValidate = true; }")
    click_and_wait(page, page.get_by_role("main").get_by_role("button").first)
    check("join: details, errors", page, found)
    page.locator("#id_pseudonym").fill("Mina")
    page.locator("#id_username").fill("mina-1")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    click_and_wait(page, page.get_by_role("main").get_by_role("button").first)
    assert page.url == f"{base}/me/"
    check("her page, welcome", page, found)
    visit(page, f"{base}/me/organisations/")
    check("organisations", page, found)
    other = make_org("Coastal Shelter Trust")
    make_member(f"omar-{len(found)}-{code[:3]}", other, Role.STAFF)
    _row, second = join_code_create(
        actor=User.objects.get(username__startswith="omar-"), organisation=other
    )
    page.locator("#id_code").fill(second)
    click_and_wait(page, page.get_by_role("main").get_by_role("button").first)
    check("organisations, add one", page, found)
    click_and_wait(page, page.get_by_role("main").get_by_role("button").first)  # "Yes, add …"
    check("organisations, added", page, found)
    click_and_wait(page, page.locator(".nav form button"))  # log out
    visit(page, f"{base}/join/reset/")
    check("reset", page, found)
    page.locator("#id_username").fill("mina-1")
    page.locator("#id_code").fill("ABCDE-FGHJK-MNPQR")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    click_and_wait(page, page.get_by_role("main").get_by_role("button").first)
    check("reset, refused", page, found)


def _axe(name: str, page: Page, found: dict) -> None:
    violations = axe_violations(page, axe_source())
    if violations:
        found[name] = violations


def _reflow(name: str, page: Page, found: dict) -> None:
    measured = page.evaluate(OVERFLOW)
    if measured["scrollWidth"] > measured["clientWidth"] or measured["outside"]:
        found[name] = measured


def _setup() -> tuple[str, object]:
    organisation = make_org("Dhaka Freedom Network for Safe Labour Migration")
    staff = make_member("nadia", organisation, Role.STAFF)
    _row, code = join_code_create(actor=staff, organisation=organisation)
    return code, organisation


def test_joining_pages_have_no_axe_violations(live_server, browser: Browser) -> None:
    code, organisation = _setup()
    base = live_server.url
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    found: dict = {}
    _join_steps(page, base, code, found, _axe)
    context.close()
    # The organisation's side: its people, a joining code and a reset code.
    tara = make_expert("tara", "Tara")
    expert_link_record(actor=None, expert=tara, organisation=organisation)  # type: ignore[arg-type]
    staff = browser.new_page()
    log_in(staff, base, "nadia")
    visit(staff, f"{base}/people/")
    _axe("staff: people", staff, found)
    click_and_wait(staff, staff.get_by_role("button", name="Make a joining code"))
    _axe("staff: joining code", staff, found)
    visit(staff, f"{base}/people/")
    click_and_wait(staff, staff.get_by_role("button", name="Make a reset code for Tara"))
    _axe("staff: reset code", staff, found)
    staff.close()
    assert not found, describe(found)


@pytest.mark.parametrize("language", ["en", "bn"])
def test_joining_pages_reflow_at_320_px(live_server, browser: Browser, language: str) -> None:
    code, _organisation = _setup()
    base = live_server.url
    context = browser.new_context(viewport=NARROW)
    context.add_cookies([{"name": "django_language", "value": language, "url": base}])
    page = context.new_page()
    double_the_text_size(page)
    found: dict = {}
    _join_steps(page, base, code, found, _reflow)
    context.close()
    assert found == {}, "\n".join(
        f"{name}: scrollWidth {m['scrollWidth']} > {m['clientWidth']}\n  "
        + "\n  ".join(m["outside"])
        for name, m in found.items()
    )
