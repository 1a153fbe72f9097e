"""End-to-end tests in headless Chromium (Debian's, driven by Playwright), plus shared helpers.

The root ``conftest.py`` points Playwright at ``/usr/bin/chromium`` and skips these tests when it
is absent. Each test uses pytest-django's ``live_server`` with a transactional database, so the
server thread sees the rows the test creates.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from seat.tests.personas import PASSWORD

REPO_ROOT = Path(__file__).resolve().parents[3]
AXE_PATH = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 360, "height": 740}
# The WCAG levels Seat promises: A and AA of 2.0, 2.1 and 2.2.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_source() -> str:
    """axe-core's script, or a skip with the way to get it (it is a test-only npm package)."""
    if not AXE_PATH.exists():
        pytest.skip(f"axe-core is not installed ({AXE_PATH} is missing); run `npm ci` first")
    return AXE_PATH.read_text(encoding="utf-8")


def axe_violations(page: Page) -> list:
    """What axe-core finds on the page as it stands, at Seat's WCAG levels (needs JavaScript)."""
    page.evaluate(axe_source())
    return page.evaluate(
        "async t => (await axe.run(document, {runOnly: {type: 'tag', values: t}, "
        "resultTypes: ['violations']})).violations",
        WCAG_TAGS,
    )


def expect_quick_exit(page: Page) -> None:
    """Every Seat page offers the quick exit control, visibly."""
    expect(page.locator("[data-quick-exit]")).to_be_visible()


def visit(page: Page, url: str, status: int = 200) -> None:
    response = page.goto(url)
    answered = response.status if response else None
    assert answered == status, f"{url} answered {answered}, expected {status}"
    expect_quick_exit(page)


def log_in(page: Page, base_url: str, username: str, password: str = PASSWORD) -> None:
    visit(page, f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.get_by_role("main").get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    expect_quick_exit(page)


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in").first).to_be_visible()
    expect_quick_exit(page)


def click_and_wait(page: Page, locator) -> None:  # type: ignore[no-untyped-def]
    """Click something that submits a form or follows a link, and wait for the next page."""
    with page.expect_navigation():
        locator.click()
    expect_quick_exit(page)
