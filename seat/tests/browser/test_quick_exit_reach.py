"""The quick exit stays within reach on a long page (issue 14), and never hides what has focus.

The bar that holds it sticks to the top of the screen (CSS only, so it works with the script
off); html's ``scroll-padding-top`` is at least the bar's height, so a control reached with the
keyboard, forwards or backwards, is scrolled clear of the bar (WCAG 2.4.11, focus not obscured).
Checked on a phone, in English and in Arabic (right to left), and at 320 CSS px with the text at
200 %, where the label may wrap.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

from seat.accounts.models import User
from seat.tests.browser import PHONE, log_in, visit
from seat.tests.browser.test_reflow import NARROW, double_the_text_size
from seat.tests.personas import make_expert

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The private details page: three forms, the longest survivor page with controls near the bottom.
LONG_PAGE = "/me/private-details/"

EXIT_IN_VIEW = """() => {
  const box = document.querySelector("[data-quick-exit]").getBoundingClientRect();
  const root = document.documentElement;
  return box.top >= 0 && box.left >= 0 && box.bottom <= innerHeight && box.right <= root.clientWidth
    && document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2)
       .closest("[data-quick-exit]") !== null;
}"""

BAR = """() => ({
  bar: document.querySelector("header.top").getBoundingClientRect().height,
  padding: parseFloat(getComputedStyle(document.documentElement).scrollPaddingTop),
})"""

# Where the focused control is, against the bar's bottom edge and the screen; null for the bar's own
# links (they are the bar) and for the skip link (it shows over the bar on purpose).
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el.closest("header.top, .skip")) return null;
  const box = el.getBoundingClientRect();
  const bar = document.querySelector("header.top").getBoundingClientRect();
  return {what: `${el.tagName.toLowerCase()}#${el.id} "${(el.textContent || el.name).trim().slice(0, 30)}"`,
          top: box.top, bottom: box.bottom, barBottom: bar.bottom, height: innerHeight};
}"""


def obscured_while_tabbing(page: Page, key: str, presses: int) -> list[str]:
    """Each control the keyboard reaches whose top edge lies under the bar or below the screen
    (a tall text box may show its first lines only: the browser scrolls to the caret)."""
    found = []
    for _ in range(presses):
        page.keyboard.press(key)
        where = page.evaluate(FOCUSED)
        if where and (where["top"] < where["barBottom"] - 0.5 or where["top"] >= where["height"]):
            found.append(
                f"{key} to {where['what']}: top {where['top']:.0f}, bar ends {where['barBottom']:.0f}"
            )
    return found


def focusable_count(page: Page) -> int:
    return page.evaluate(
        """() => [...document.querySelectorAll("a[href], button, input:not([type=hidden]), select, textarea")]
             .filter(el => el.getClientRects().length).length"""
    )


@pytest.mark.parametrize(
    ("language", "javascript", "big_text"),
    [
        ("en", False, False),
        ("en", True, False),
        ("ar", False, False),
        ("ar", True, True),
        ("hi", False, True),
    ],
    ids=["en-js-off", "en-js-on", "ar-js-off", "ar-js-on-200%", "hi-js-off-200%"],
)
def test_quick_exit_stays_in_view_and_never_hides_focus(
    live_server, browser: Browser, language: str, javascript: bool, big_text: bool
) -> None:
    make_expert("tara", "Tara")
    base = live_server.url
    context = browser.new_context(
        viewport=NARROW if big_text else PHONE, java_script_enabled=javascript
    )
    page = context.new_page()
    if big_text:
        double_the_text_size(page)
    log_in(page, base, "tara")
    User.objects.filter(username="tara").update(language=language)
    visit(page, base + LONG_PAGE)
    assert page.evaluate("document.documentElement.lang") == language
    heights = page.evaluate(BAR)
    assert heights["bar"] <= heights["padding"], heights
    assert page.evaluate("document.documentElement.scrollHeight > 2 * innerHeight")

    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    page.wait_for_function(
        "scrollY > 0 && scrollY + innerHeight >= document.documentElement.scrollHeight - 1"
    )
    assert page.evaluate(EXIT_IN_VIEW)

    # From the top of the page to its last control, then back up: nothing the keyboard lands on
    # is hidden under the bar.
    page.evaluate("window.scrollTo(0, 0)")
    presses = focusable_count(page) + 1
    problems = obscured_while_tabbing(page, "Tab", presses)
    assert page.evaluate(EXIT_IN_VIEW)
    problems += obscured_while_tabbing(page, "Shift+Tab", presses)
    assert page.evaluate(EXIT_IN_VIEW)
    context.close()
    assert problems == []
