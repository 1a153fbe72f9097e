"""Reflow (WCAG 1.4.10): at 320 CSS px wide with text at 200 %, nothing runs off the side.

The browser's default text size is doubled (what a person does in the phone's or the browser's
settings), so every size given in rem or em doubles. Each survivor page is then measured: the
document does not scroll sideways, and every visible element lies within the viewport.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page

from seat.accountability.enums import Outcome
from seat.accountability.services import response_record
from seat.accounts.enums import Role
from seat.accounts.models import User
from seat.compensation.services import payment_record
from seat.tests.browser import log_in, visit
from seat.tests.personas import (
    make_advisor,
    make_consultation,
    make_contribution,
    make_expert,
    make_invitation,
    make_member,
    make_org,
    make_project,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROW = {"width": 320, "height": 640}

OVERFLOW = """() => {
  const root = document.documentElement;
  const width = root.clientWidth;
  const out = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    // Not drawn, or hidden on purpose for screen readers (1 px, clipped): nothing to reflow.
    if (box.width <= 1 || box.height <= 1 || style.visibility === "hidden") continue;
    if (el.closest(".skip:not(:focus)")) continue;
    // A data table may scroll inside its own box (WCAG 1.4.10's exception for two-dimensional
    // content); that box itself must fit.
    const scroller = el.closest(".scroll");
    if (scroller && scroller !== el) continue;
    if (box.right > width + 0.5 || box.left < -0.5) {
      out.push(`${el.tagName.toLowerCase()}.${el.className} [${Math.round(box.left)}, ${
        Math.round(box.right)}] "${el.textContent.trim().slice(0, 40)}"`);
    }
  }
  // Text can run out of its own box (a long word in a flex item): measure the words too.
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!node.textContent.trim() || parent.closest(".scroll, .skip, .vh")) continue;
    range.selectNodeContents(node);
    const box = range.getBoundingClientRect();
    if (box.width > 1 && (box.right > width + 0.5 || box.left < -0.5)) {
      out.push(`text in ${parent.tagName.toLowerCase()} [${Math.round(box.left)}, ${
        Math.round(box.right)}] "${node.textContent.trim().slice(0, 40)}"`);
    }
  }
  return {scrollWidth: root.scrollWidth, clientWidth: width, outside: out};
}"""


def double_the_text_size(page: Page) -> None:
    """The browser setting "text size 200 %": the default font becomes 32 px instead of 16."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Page.enable")
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})


def reflow_problems(page: Page, urls: dict[str, str]) -> dict[str, dict]:
    found = {}
    for name, url in urls.items():
        visit(page, url, status=404 if name.startswith("not found") else 200)
        font = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
        assert font >= 33, f"text is not at 200 % on {name}: {font}px"
        measured = page.evaluate(OVERFLOW)
        if measured["scrollWidth"] > measured["clientWidth"] or measured["outside"]:
            found[name] = measured
    return found


def make_pages() -> dict[str, str]:
    organisation = make_org("Dhaka Freedom Network for Safe Labour Migration")
    staff = make_member("nadia", organisation, Role.STAFF)
    tara = make_expert("tara", "Tara")
    project = make_project(staff, organisation)
    long = {
        "title": "Which warning signs should recruitment agencies teach first?",
        "support_name": "Rahima, the peer support worker at the Dhaka Freedom Network",
        "support_phone": "+880 1711 000000",
        "support_hours": "Every day 9:00–21:00 Dhaka time, except public holidays",
        "pay_rate": Decimal("1250.00"),
        "currency": "BDT",
        "expected_hours": Decimal("2.5"),
    }
    pending = make_invitation(staff, make_consultation(staff, project, **long), tara)
    accepted = make_invitation(staff, make_consultation(staff, project, **long), tara, accept=True)
    answered = make_contribution(
        make_invitation(staff, make_consultation(staff, project, **long), tara, accept=True)
    )
    response_record(
        actor=staff,
        contribution=answered,
        outcome=Outcome.PARTLY_ADOPTED,
        reason="The fee limits are now in module one of the recruiter training.",
    )
    payment_record(
        actor=staff,
        contribution=answered,
        units=Decimal("2.5"),
        unit="hour",
        rate=Decimal("1250.00"),
        expenses_travel=Decimal("300.00"),
        currency="BDT",
        due_on=timezone.localdate() + timezone.timedelta(days=30),
    )
    from seat.assessment import services as assessment

    make_advisor(tara.user, organisation)
    from seat.assessment.models import Indicator

    done = assessment.round_open(actor=staff, organisation=organisation, title="Baseline")
    indicators = list(Indicator.objects.filter(domain__framework=done.framework))
    assessment.ratings_save(
        actor=staff, assessment_round=done, answers={i.key: (3, "") for i in indicators}
    )
    assessment.ratings_save(
        actor=tara.user, assessment_round=done, answers={i.key: (1, "") for i in indicators}
    )
    assessment.round_close(actor=staff, assessment_round=done)
    first = assessment.round_open(actor=staff, organisation=organisation, title="Review")
    domain = first.framework.domains.order_by("position").first()
    return {
        "expert home": "/",
        "invitation": f"/me/invitations/{pending.pk}/",
        "invitation, accepted": f"/me/invitations/{accepted.pk}/",
        "contribute": f"/me/invitations/{accepted.pk}/contribute/",
        "my contribution, answered and paid": f"/me/input/{answered.pk}/",
        "consent": "/me/consent/",
        "private details": "/me/private-details/",
        "about you": "/me/about-you/",
        "my earnings": "/me/earnings/",
        "language": "/language/",
        "assessment round": f"/assessment/rounds/{first.pk}/",
        "answer a domain": f"/assessment/rounds/{first.pk}/answer/{domain.key}/",  # type: ignore[union-attr]
        "assessment results": f"/assessment/rounds/{done.pk}/results/",
        "asked to advise": f"/me/advise/{tara.advisor_requests.get().pk}/",
        # Messages from every step above (invitations, response, advisor request).
        "messages": "/me/inbox/",
        "how Seat tells you": "/me/notifications/",
        "not found": f"/me/invitations/{uuid.uuid4()}/",
    }


# Bengali: longer words and figures; Arabic: right to left, so overflow would run off the left.
@pytest.mark.parametrize("language", ["en", "bn", "ar"])
def test_survivor_pages_reflow_at_320_px_with_text_at_200_percent(
    live_server, browser: Browser, language: str
) -> None:
    pages = make_pages()
    base = live_server.url
    context = browser.new_context(viewport=NARROW)
    page = context.new_page()
    double_the_text_size(page)
    visit(page, f"{base}/")
    found = reflow_problems(page, {"welcome": f"{base}/", "login": f"{base}/accounts/login/"})
    log_in(page, base, "tara")
    # Bengali words and figures are longer: the account's language applies from the next page.
    User.objects.filter(username="tara").update(language=language)
    found.update(reflow_problems(page, {name: base + url for name, url in pages.items()}))
    context.close()
    assert found == {}, "\n".join(
        f"{name}: scrollWidth {m['scrollWidth']} > {m['clientWidth']}\n  "
        + "\n  ".join(m["outside"])
        for name, m in found.items()
    )


def test_staff_pages_reflow_too(live_server, browser: Browser) -> None:
    from seat.consultations.models import Consultation, Contribution, Project

    make_pages()
    make_member("shirin", Project.objects.get().organisation, Role.FINANCE)
    project = Project.objects.get()
    consultation = Consultation.objects.first()
    contribution = Contribution.objects.get()
    base = live_server.url
    context = browser.new_context(viewport=NARROW)
    page = context.new_page()
    double_the_text_size(page)
    log_in(page, base, "nadia")
    found = reflow_problems(
        page,
        {
            name: base + url
            for name, url in {
                "projects": "/projects/",
                "project": f"/projects/{project.pk}/",
                "new consultation": f"/projects/{project.pk}/consultations/new/",
                "consultation": f"/projects/consultations/{consultation.pk}/",  # type: ignore[union-attr]
                "contribution": f"/input/{contribution.pk}/",
                "assessment rounds": "/assessment/",
            }.items()
        },
    )
    context.close()
    assert found == {}, "\n".join(
        f"{name}: scrollWidth {m['scrollWidth']} > {m['clientWidth']}\n  "
        + "\n  ".join(m["outside"])
        for name, m in found.items()
    )
